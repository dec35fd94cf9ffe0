#include "linter/engine/discovery.h"

#include <algorithm>
#include <array>
#include <system_error>

#include "linter/engine/display_path.h"
#include "linter/engine/glob.h"
#include "parsers/common/template_text.h"

namespace fs = std::filesystem;

namespace dl {
namespace {

using paths::base_name;
using paths::parent_name;

constexpr std::array<std::string_view, 8> kSkippedDirectories = {
    ".git", ".hg", ".svn", "node_modules", "vendor", "third_party", ".terraform", "__pycache__"};

std::string display_form(const fs::path& path) {
  std::string text = path.lexically_normal().generic_string();
  while (text.starts_with("./")) text.erase(0, 2);
  if (text.size() > 1 && text.back() == '/') text.pop_back();
  return text.empty() ? "." : text;
}

bool is_within(const fs::path& root, const fs::path& target) {
  auto r = root.begin();
  auto t = target.begin();
  for (; r != root.end(); ++r, ++t) {
    if (t == target.end() || *r != *t) return false;
  }
  return true;
}

class Walker {
 public:
  Walker(const DiscoveryOptions& options, Discovery& out) : options_(options), out_(out) {}

  void add_root(const std::string& argument) {
    std::error_code ec;
    fs::path root(argument);
    // Absolute paths under the working directory are shown relative to it, so reports
    // (and SARIF URIs) do not carry the checkout's location.
    if (root.is_absolute()) {
      const fs::path cwd = fs::current_path(ec);
      if (!ec && is_within(cwd, root.lexically_normal())) {
        root = root.lexically_normal().lexically_relative(cwd);
        if (root.empty()) root = ".";
      }
    }
    const fs::file_status status = fs::symlink_status(root, ec);
    if (ec || !fs::exists(status)) {
      // Shown like every other path (relative to the working directory when under it).
      out_.problems.push_back({display_form(root), "no such file or directory", true});
      return;
    }
    fs::path canonical_root = fs::weakly_canonical(root, ec);
    if (ec) canonical_root = fs::absolute(root, ec);
    const bool is_directory = fs::is_directory(fs::status(root, ec));
    if (root.is_absolute()) {
      const fs::path normal = root.lexically_normal();
      std::string outside = display_form(is_directory ? normal : normal.parent_path());
      while (outside.size() > 1 && outside.back() == '/') outside.pop_back();
      out_.outside_roots.push_back(std::move(outside));
    }
    if (is_directory) {
      walk(root, canonical_root);
    } else {
      // A file named on the command line is checked whatever its location.
      // Excludes apply to it too, so a pre-commit hook (which names files) honours them.
      const std::string display = display_form(root);
      if (!matches_any_glob(options_.excludes, display) && !config_excluded(root)) {
        add_file(root, display);
      }
    }
  }

 private:
  void walk(const fs::path& root, const fs::path& canonical_root) {
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
    if (ec) {
      out_.problems.push_back({display_form(root), "cannot read directory: " + ec.message(), true});
      return;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) {
        out_.problems.push_back({display_form(it->path()), "cannot read: " + ec.message(), true});
        ec.clear();
        continue;
      }
      const fs::directory_entry& entry = *it;
      const std::string display = display_form(entry.path());
      const std::string relative = display_form(entry.path().lexically_relative(root));
      const std::string_view name = base_name(display);
      std::error_code status_ec;
      const bool is_symlink = entry.is_symlink(status_ec);
      if (!is_symlink && entry.is_directory(status_ec)) {
        const bool skipped = std::find(kSkippedDirectories.begin(), kSkippedDirectories.end(),
                                       name) != kSkippedDirectories.end();
        if (skipped || matches_any_glob(options_.excludes, relative) ||
            config_excluded(entry.path())) {
          it.disable_recursion_pending();
        } else if (access_denied(entry.path())) {
          out_.problems.push_back({display, "cannot read directory: permission denied", true});
          it.disable_recursion_pending();
        }
        continue;
      }
      if (matches_any_glob(options_.excludes, relative) || config_excluded(entry.path())) continue;
      if (is_symlink) {
        std::error_code target_ec;
        const bool to_directory = fs::is_directory(entry.path(), target_ec);
        if (!to_directory && classify_path(display).kind == FileKind::Unknown) continue;
        follow_symlink(entry.path(), display, canonical_root, to_directory);
        continue;
      }
      if (!entry.is_regular_file(status_ec)) {
        // FIFOs, devices, sockets: never opened (a FIFO would block the scan), and said so
        // when the name is one that would have been linted.
        if (classify_path(display).kind != FileKind::Unknown) {
          out_.problems.push_back({display, "skipped: " + special_file_kind(entry), false});
        }
        continue;
      }
      add_file(entry.path(), display);
    }
  }

  static std::string special_file_kind(const fs::directory_entry& entry) {
    std::error_code ec;
    switch (entry.symlink_status(ec).type()) {
      case fs::file_type::fifo: return "not a regular file (FIFO)";
      case fs::file_type::character: return "not a regular file (character device)";
      case fs::file_type::block: return "not a regular file (block device)";
      case fs::file_type::socket: return "not a regular file (socket)";
      default: return "not a regular file";
    }
  }

  static bool access_denied(const fs::path& directory) {
    std::error_code ec;
    fs::directory_iterator probe(directory, ec);
    return ec == std::errc::permission_denied;
  }

  // A directory symlink is never followed (what it points to inside the root is walked
  // anyway); one leaving the root is said to be skipped, like a file symlink leaving it.
  void follow_symlink(const fs::path& link, const std::string& display,
                      const fs::path& canonical_root, bool to_directory) {
    std::error_code ec;
    const fs::path target = fs::canonical(link, ec);
    if (ec) {
      out_.problems.push_back(
          {display, "skipped: symlink cannot be resolved (" + ec.message() + ")", false});
      return;
    }
    if (!is_within(canonical_root, target)) {
      out_.problems.push_back({display,
                               to_directory ? "skipped: directory symlink points outside the "
                                              "scanned root (not followed)"
                                            : "skipped: symlink points outside the scanned root",
                               false});
      return;
    }
    if (to_directory) return;
    const fs::file_status status = fs::status(target, ec);
    if (ec || !fs::is_regular_file(status)) {
      out_.problems.push_back(
          {display, "skipped: symlink to something that is not a regular file", false});
      return;
    }
    add_file(link, display);
  }

  bool config_excluded(const fs::path& path) const {
    if (options_.config_excludes.empty() || options_.config_base.empty()) return false;
    std::error_code ec;
    const fs::path absolute = fs::absolute(path, ec).lexically_normal();
    if (ec) return false;
    const fs::path relative = absolute.lexically_relative(options_.config_base);
    if (relative.empty() || *relative.begin() == "..") return false;
    return matches_any_glob(options_.config_excludes, relative.generic_string());
  }

  void add_file(const fs::path& path, const std::string& display) {
    const FileClass file_class = classify_path(display);
    if (file_class.kind != FileKind::Unknown) {
      out_.files.push_back({path.native(), display, file_class});
    }
  }

  const DiscoveryOptions& options_;
  Discovery& out_;
};

}  // namespace

FileClass classify_path(std::string_view relative_path) {
  FileClass result;
  std::string_view name = base_name(relative_path);
  if (tmpl::is_template_name(name)) {
    result.is_template = true;
    name = tmpl::strip_template_suffix(name);
  }
  if (name == "daemon.json" || name.ends_with(".daemon.json") || name.ends_with("-daemon.json") ||
      name.ends_with("_daemon.json")) {
    result.kind = FileKind::DaemonJson;
  } else if (result.is_template && (name == "daemon" || name.ends_with("-daemon") ||
                                    name.ends_with("_daemon") || name.ends_with(".daemon"))) {
    result.kind = FileKind::DaemonJson;
    result.needs_content_check = true;
  } else if (name.ends_with(".json") && parent_name(relative_path) == "docker" &&
             parent_name(relative_path.substr(0, relative_path.rfind('/'))) == "etc") {
    result.kind = FileKind::ConfigFileCandidate;
  } else if (name.ends_with(".service")) {
    result.kind = FileKind::SystemdService;
  } else if (name.ends_with(".socket")) {
    result.kind = FileKind::SystemdSocket;
  } else if (name.ends_with(".conf") && (parent_name(relative_path).ends_with(".service.d") ||
                                         parent_name(relative_path).ends_with(".socket.d"))) {
    result.kind = FileKind::SystemdDropIn;
  } else if (name.ends_with(".yml") || name.ends_with(".yaml")) {
    result.kind = FileKind::Yaml;
  } else if (name.ends_with("Dockerfile") || name.ends_with("dockerfile") ||
             name.ends_with("Containerfile") || name.starts_with("Dockerfile.") ||
             name.starts_with("Containerfile.")) {
    // Dockerfile, app.Dockerfile, app-Dockerfile, Dockerfile.dev, Containerfile (hadolint's
    // patterns).
    result.kind = FileKind::Dockerfile;
  } else if (name.ends_with(".tf")) {
    result.kind = FileKind::Terraform;
  } else if (name.starts_with("user-data") || name.starts_with("cloud-config") ||
             name.starts_with("cloud-init")) {
    // cloud-init user data: YAML after `#cloud-config`, or a script with a shebang.
    result.kind = FileKind::Yaml;
    result.needs_content_check = true;
  } else if (name.ends_with(".sh") || name.ends_with(".bash") || name.ends_with(".ksh")) {
    result.kind = FileKind::ShellScript;
  } else if ((name == "docker" || name == "docker-network" || name == "docker-storage") &&
             (parent_name(relative_path) == "default" ||
              parent_name(relative_path) == "sysconfig" ||
              parent_name(relative_path) == "conf.d")) {
    result.kind = FileKind::EnvFile;
  } else if (name.find('.') == std::string_view::npos && !name.empty()) {
    result.kind = FileKind::ShellScript;  // only if its first line is a shell shebang
    result.needs_content_check = true;
  }
  return result;
}

bool has_shell_shebang(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (!text.starts_with("#!")) return false;
  std::string_view line = text.substr(
      2, text.find('\n') == std::string_view::npos ? std::string_view::npos : text.find('\n') - 2);
  // The interpreter's base name, skipping `env` and its options ("#!/usr/bin/env -S bash -e").
  std::size_t at = 0;
  const auto next_word = [&]() {
    while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
    const std::size_t start = at;
    while (at < line.size() && line[at] != ' ' && line[at] != '\t' && line[at] != '\r') ++at;
    std::string_view word = line.substr(start, at - start);
    const auto slash = word.rfind('/');
    return slash == std::string_view::npos ? word : word.substr(slash + 1);
  };
  std::string_view interpreter = next_word();
  if (interpreter == "env") {
    do {
      interpreter = next_word();
    } while (interpreter.starts_with("-") || interpreter.find('=') != std::string_view::npos);
  }
  return interpreter == "sh" || interpreter == "bash" || interpreter == "dash" ||
         interpreter == "ksh" || interpreter == "zsh";
}

bool looks_like_json_object(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const auto regions = tmpl::find_regions(text, 0, static_cast<std::uint32_t>(text.size()));
  std::size_t next_region = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (next_region < regions.size() && i >= regions[next_region].begin) {
      i = regions[next_region++].end - 1;
      continue;
    }
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '{';
  }
  return false;
}

Discovery discover(const std::vector<std::string>& paths, const DiscoveryOptions& options) {
  Discovery out;
  Walker walker(options, out);
  for (const std::string& path : paths) walker.add_root(path);
  std::sort(out.files.begin(), out.files.end(),
            [](const Candidate& a, const Candidate& b) { return a.display_path < b.display_path; });
  out.files.erase(std::unique(out.files.begin(), out.files.end(),
                              [](const Candidate& a, const Candidate& b) {
                                return a.display_path == b.display_path;
                              }),
                  out.files.end());
  return out;
}

}  // namespace dl
