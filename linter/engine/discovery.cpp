#include "linter/engine/discovery.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <system_error>
#include <tuple>
#include <utility>

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

// "a/b" + "c" -> "a/b/c", as display_form would write it.
std::string join(const std::string& prefix, std::string_view name) {
  if (prefix == ".") return std::string(name);
  std::string joined;
  joined.reserve(prefix.size() + 1 + name.size());
  joined += prefix;
  if (!prefix.ends_with('/')) joined += '/';
  joined += name;
  return joined;
}

std::string special_file_kind(fs::file_type type) {
  switch (type) {
    case fs::file_type::fifo: return "not a regular file (FIFO)";
    case fs::file_type::character: return "not a regular file (character device)";
    case fs::file_type::block: return "not a regular file (block device)";
    case fs::file_type::socket: return "not a regular file (socket)";
    default: return "not a regular file";
  }
}

// Where the listed files come from: one root, walked lazily in display-path order.
class Source {
 public:
  virtual ~Source() = default;
  virtual std::optional<Candidate> next() = 0;
};

// A file named on the command line.
class SingleFile final : public Source {
 public:
  explicit SingleFile(Candidate candidate) : candidate_(std::move(candidate)) {}
  std::optional<Candidate> next() override {
    std::optional<Candidate> out = std::move(candidate_);
    candidate_.reset();
    return out;
  }

 private:
  std::optional<Candidate> candidate_;
};

// The rules every walked entry goes through, whichever root it is under.
class Filters {
 public:
  explicit Filters(const DiscoveryOptions& options) : options_(options) {}

  bool excluded(const std::string& relative, const std::string& path) const {
    return matches_any_glob(options_.excludes, relative) || config_excluded(path);
  }

 private:
  bool config_excluded(const std::string& path) const {
    if (options_.config_excludes.empty() || options_.config_base.empty()) return false;
    std::error_code ec;
    const fs::path absolute = fs::absolute(path, ec).lexically_normal();
    if (ec) return false;
    const fs::path relative = absolute.lexically_relative(options_.config_base);
    if (relative.empty() || *relative.begin() == "..") return false;
    return matches_any_glob(options_.config_excludes, relative.generic_string());
  }

  const DiscoveryOptions& options_;
};

// A directory root. Each directory is listed whole and sorted when the walk reaches it, by
// name with a '/' after directories' names: "a-b" < "a/x" as display paths, because '-' sorts
// before '/'. So the walk yields exactly the order of sorting every display path, while
// holding only the listings of the directories on the current path.
class DirectoryWalk final : public Source {
 public:
  DirectoryWalk(const std::string& root, std::string root_display, fs::path canonical_root,
                const Filters& filters, std::vector<ScanProblem>& problems)
      : canonical_root_(std::move(canonical_root)), filters_(filters), problems_(problems) {
    Frame frame{root, std::move(root_display), ".", {}, 0};
    std::error_code ec;
    frame.entries = list(root, ec);
    if (ec) {
      problems_.push_back({frame.display, "cannot read directory: " + ec.message(), true});
      return;
    }
    stack_.push_back(std::move(frame));
  }

  std::optional<Candidate> next() override {
    while (!stack_.empty()) {
      Frame& frame = stack_.back();
      if (frame.next == frame.entries.size()) {
        stack_.pop_back();
        continue;
      }
      const Entry& entry = frame.entries[frame.next++];
      std::string path = join(frame.path, entry.name);
      std::string display = join(frame.display, entry.name);
      std::string relative = join(frame.relative, entry.name);
      if (entry.type == fs::file_type::directory) {
        enter(std::move(path), std::move(display), std::move(relative), entry.name);
        continue;  // `frame` may have moved
      }
      if (filters_.excluded(relative, path)) continue;
      if (entry.type == fs::file_type::symlink) {
        std::error_code ec;
        const bool to_directory = fs::is_directory(path, ec);
        if (!to_directory && classify_path(display).kind == FileKind::Unknown) continue;
        if (follow_symlink(path, display, to_directory)) {
          return candidate(std::move(path), std::move(display));
        }
        continue;
      }
      if (entry.type != fs::file_type::regular) {
        // FIFOs, devices, sockets: never opened (a FIFO would block the scan), and said so
        // when the name is one that would have been linted.
        if (classify_path(display).kind != FileKind::Unknown) {
          std::error_code ec;
          problems_.push_back({std::move(display),
                               "skipped: " + special_file_kind(fs::symlink_status(path, ec).type()),
                               false});
        }
        continue;
      }
      if (std::optional<Candidate> found = candidate(std::move(path), std::move(display))) {
        return found;
      }
    }
    return std::nullopt;
  }

 private:
  struct Entry {
    std::string name;
    fs::file_type type;  // of the entry itself: a symlink is a symlink
  };
  struct Frame {
    std::string path;      // to open
    std::string display;   // as reported
    std::string relative;  // to the root, for excludes
    std::vector<Entry> entries;
    std::size_t next;
  };

  static std::optional<Candidate> candidate(std::string path, std::string display) {
    const FileClass file_class = classify_path(display);
    if (file_class.kind == FileKind::Unknown) return std::nullopt;
    return Candidate{std::move(path), std::move(display), file_class};
  }

  // The directory's entries in walk order; the type comes from the listing where the file
  // system gives it, so most entries cost no stat.
  static std::vector<Entry> list(const std::string& directory, std::error_code& ec) {
    std::vector<Entry> entries;
    fs::directory_iterator it(directory, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      // is_symlink() and the others use the type the listing gave; symlink_status() would
      // stat every entry.
      std::error_code type_ec;
      fs::file_type type = fs::file_type::unknown;  // FIFO, device…: looked up if it matters
      if (it->is_symlink(type_ec)) {
        type = fs::file_type::symlink;
      } else if (it->is_directory(type_ec)) {
        type = fs::file_type::directory;
      } else if (it->is_regular_file(type_ec)) {
        type = fs::file_type::regular;
      }
      entries.push_back({it->path().filename().native(), type});
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return sort_key_less(a, b); });
    return entries;
  }

  // Compares name + '/' for directories without building the strings.
  static bool sort_key_less(const Entry& a, const Entry& b) {
    const std::size_t common = std::min(a.name.size(), b.name.size());
    const int c = a.name.compare(0, common, b.name, 0, common);
    if (c != 0) return c < 0;
    const auto key_char = [](const Entry& e, std::size_t at) -> int {
      if (at < e.name.size()) return static_cast<unsigned char>(e.name[at]);
      if (at == e.name.size() && e.type == fs::file_type::directory) return '/';
      return -1;  // the end of the key
    };
    return key_char(a, common) < key_char(b, common);
  }

  void enter(std::string path, std::string display, std::string relative, std::string_view name) {
    const bool skipped = std::find(kSkippedDirectories.begin(), kSkippedDirectories.end(), name) !=
                         kSkippedDirectories.end();
    if (skipped || filters_.excluded(relative, path)) return;
    std::error_code ec;
    std::vector<Entry> entries = list(path, ec);
    if (ec) {
      problems_.push_back({std::move(display),
                           ec == std::errc::permission_denied
                               ? std::string("cannot read directory: permission denied")
                               : "cannot read: " + ec.message(),
                           true});
      return;
    }
    stack_.push_back(
        {std::move(path), std::move(display), std::move(relative), std::move(entries), 0});
  }

  // A directory symlink is never followed (what it points to inside the root is walked
  // anyway); one leaving the root is said to be skipped, like a file symlink leaving it.
  // True when the link is to a regular file inside the root: then it is linted.
  bool follow_symlink(const std::string& link, const std::string& display, bool to_directory) {
    std::error_code ec;
    const fs::path target = fs::canonical(link, ec);
    if (ec) {
      problems_.push_back(
          {display, "skipped: symlink cannot be resolved (" + ec.message() + ")", false});
      return false;
    }
    if (!is_within(canonical_root_, target)) {
      problems_.push_back({display,
                           to_directory ? "skipped: directory symlink points outside the "
                                          "scanned root (not followed)"
                                        : "skipped: symlink points outside the scanned root",
                           false});
      return false;
    }
    if (to_directory) return false;
    const fs::file_status status = fs::status(target, ec);
    if (ec || !fs::is_regular_file(status)) {
      problems_.push_back(
          {display, "skipped: symlink to something that is not a regular file", false});
      return false;
    }
    return true;
  }

  fs::path canonical_root_;
  const Filters& filters_;
  std::vector<ScanProblem>& problems_;
  std::vector<Frame> stack_;
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

struct Discovery::Impl {
  explicit Impl(const DiscoveryOptions& given) : options(given), filters(options) {}

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
      problems.push_back({display_form(root), "no such file or directory", true});
      return;
    }
    fs::path canonical_root = fs::weakly_canonical(root, ec);
    if (ec) canonical_root = fs::absolute(root, ec);
    const bool is_directory = fs::is_directory(fs::status(root, ec));
    if (root.is_absolute()) {
      const fs::path normal = root.lexically_normal();
      std::string outside = display_form(is_directory ? normal : normal.parent_path());
      while (outside.size() > 1 && outside.back() == '/') outside.pop_back();
      outside_roots.push_back(std::move(outside));
    }
    if (is_directory) {
      sources.push_back(std::make_unique<DirectoryWalk>(
          root.native(), display_form(root), std::move(canonical_root), filters, problems));
      return;
    }
    // A file named on the command line is checked whatever its location.
    // Excludes apply to it too, so a pre-commit hook (which names files) honours them.
    std::string display = display_form(root);
    if (filters.excluded(display, root.native())) return;
    const FileClass file_class = classify_path(display);
    if (file_class.kind == FileKind::Unknown) return;
    sources.push_back(
        std::make_unique<SingleFile>(Candidate{root.native(), std::move(display), file_class}));
  }

  // The roots' walks merged by display path: each walk is in order, so the smallest head is
  // the next file overall. A file reached from two roots is given once.
  std::optional<Candidate> next() {
    if (!started) {
      started = true;
      for (std::size_t i = 0; i < sources.size(); ++i) pull(i);
    }
    while (!heads.empty()) {
      std::pop_heap(heads.begin(), heads.end(), later);
      Head head = std::move(heads.back());
      heads.pop_back();
      pull(head.source);
      if (last && *last == head.candidate.display_path) continue;
      last = head.candidate.display_path;
      return std::move(head.candidate);
    }
    return std::nullopt;
  }

  struct Head {
    Candidate candidate;
    std::size_t source;
  };
  static bool later(const Head& a, const Head& b) {
    return std::tie(a.candidate.display_path, a.source) >
           std::tie(b.candidate.display_path, b.source);
  }

  void pull(std::size_t source) {
    if (std::optional<Candidate> candidate = sources[source]->next()) {
      heads.push_back({std::move(*candidate), source});
      std::push_heap(heads.begin(), heads.end(), later);
    }
  }

  DiscoveryOptions options;
  Filters filters;
  std::vector<ScanProblem> problems;
  std::vector<std::string> outside_roots;
  std::vector<std::unique_ptr<Source>> sources;
  std::vector<Head> heads;  // a min-heap by display path
  std::optional<std::string> last;
  bool started = false;
};

Discovery::Discovery(const std::vector<std::string>& paths, const DiscoveryOptions& options)
    : impl_(std::make_unique<Impl>(options)) {
  for (const std::string& path : paths) impl_->add_root(path);
}

Discovery::~Discovery() = default;

std::optional<Candidate> Discovery::next() {
  return impl_->next();
}

std::vector<ScanProblem> Discovery::take_problems() {
  return std::exchange(impl_->problems, {});
}

const std::vector<std::string>& Discovery::outside_roots() const {
  return impl_->outside_roots;
}

}  // namespace dl
