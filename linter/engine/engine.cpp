#include "linter/engine/engine.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <system_error>
#include <tuple>
#include <unordered_map>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "linter/commands/docker_client.h"
#include "linter/commands/firewall.h"
#include "linter/commands/socat.h"
#include "linter/dockerd/command_line.h"
#include "linter/dockerd/flags.h"
#include "linter/dockerd/resolve.h"
#include "linter/engine/assembly.h"
#include "linter/engine/display_path.h"
#include "linter/engine/finding_store.h"
#include "linter/engine/glob.h"
#include "linter/engine/prefilter.h"
#include "linter/engine/suppressions.h"
#include "parsers/carriers/carrier.h"
#include "parsers/carriers/dockerfile_carrier.h"
#include "parsers/carriers/yaml_carriers.h"
#include "parsers/common/template_text.h"
#include "parsers/common/tree_sitter.h"
#include "parsers/daemon_json/lower.h"
#include "parsers/dockerfile/dockerfile.h"
#include "parsers/shell/script.h"
#include "parsers/shell/sed.h"
#include "parsers/terraform/terraform.h"
#include "rules/listeners.h"
#include "rules/registry.h"

namespace dl {
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// A selector is a rule id, a rule name, or an id prefix such as "DE1" (a family).
bool selector_matches(std::string_view selector, const rules::RuleDef& rule) {
  if (selector == rule.meta.name) return true;
  const std::string id = upper(selector);
  if (id == rule.meta.id) return true;
  return id.size() >= 2 && id.size() < rule.meta.id.size() && rule.meta.id.starts_with(id) &&
         id.starts_with("DE");
}

bool any_matches(const std::vector<std::string>& selectors, const rules::RuleDef& rule) {
  return std::any_of(selectors.begin(), selectors.end(),
                     [&](const std::string& s) { return selector_matches(s, rule); });
}

bool rule_enabled(const EngineOptions& options, const rules::RuleDef& rule) {
  if (!options.select.empty() && !any_matches(options.select, rule)) return false;
  return !any_matches(options.ignore, rule);
}

// Documents a script writes (daemon.json by heredoc, a drop-in by tee, …) are parsed as
// files of their own with ids from here on; every span in them maps back into the script.
constexpr FileId kVirtualBase = 0x40000000;
// A script that writes a script that writes… is followed this deep.
constexpr int kMaxWriteDepth = 2;
// Stands for an expansion the linter cannot know in a written unit or env file: both formats
// expand it as an undefined variable, which makes the words it touches unknown.
constexpr std::string_view kUnknownPlaceholder = "${__DOCKERD_LINT_UNKNOWN__}";

bool is_virtual(FileId id) {
  return id != kNoFile && id >= kVirtualBase;
}

// The ExecStart= of the packaged docker.service, for `sed -i 's/-H fd:\/\//…/'` edits that
// change part of it.
constexpr std::string_view kPackagedExecStartLine =
    "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock";

// The text a document's parser reads, with the script offset of each byte.
struct Materialized {
  std::string text;
  std::vector<std::uint32_t> offsets;
  std::vector<tmpl::Region> opaque;  // unknown bytes, for formats that take regions
};

Materialized materialize(const shell::WrittenText& written, bool placeholders) {
  Materialized out;
  const std::string& t = written.text.text;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> unknown = written.unknown;
  std::sort(unknown.begin(), unknown.end());
  std::size_t next = 0;
  std::size_t k = 0;
  while (k < t.size()) {
    while (next < unknown.size() && unknown[next].second <= k) ++next;
    if (next < unknown.size() && unknown[next].first <= k) {
      const std::size_t end = std::min<std::size_t>(unknown[next].second, t.size());
      const auto begin = static_cast<std::uint32_t>(out.text.size());
      if (placeholders) {
        for (std::size_t p = 0; p < kUnknownPlaceholder.size(); ++p) {
          out.text.push_back(kUnknownPlaceholder[p]);
          out.offsets.push_back(
              written.text.offsets[p + 1 == kUnknownPlaceholder.size() ? end - 1 : k]);
        }
      } else {
        for (std::size_t p = k; p < end; ++p) {
          out.text.push_back(t[p]);
          out.offsets.push_back(written.text.offsets[p]);
        }
      }
      out.opaque.push_back({begin, static_cast<std::uint32_t>(out.text.size()), false});
      k = end;
      continue;
    }
    out.text.push_back(t[k]);
    out.offsets.push_back(written.text.offsets[k]);
    ++k;
  }
  return out;
}

// Bytes of a template script that are template syntax are unknown in what the script writes;
// they were blanked for the shell parser and get their text back for messages.
void mark_template_bytes(shell::WrittenText& written, const std::vector<tmpl::Region>& regions,
                         std::string_view original) {
  if (regions.empty()) return;
  const auto& offsets = written.text.offsets;
  for (std::size_t k = 0; k < offsets.size(); ++k) {
    if (!tmpl::overlaps(regions, offsets[k], offsets[k] + 1)) continue;
    std::size_t e = k;
    while (e < offsets.size() && tmpl::overlaps(regions, offsets[e], offsets[e] + 1)) {
      if (offsets[e] < original.size()) written.text.text[e] = original[offsets[e]];
      ++e;
    }
    written.unknown.emplace_back(static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(e));
    k = e;
  }
}

shell::WrittenText synthetic(std::string_view text, std::uint32_t offset, FileId file) {
  shell::WrittenText out;
  out.text.file = file;
  for (const char c : text) out.text.append(c, offset);
  return out;
}

void append_written(shell::WrittenText& out, const shell::WrittenText& part) {
  const auto base = static_cast<std::uint32_t>(out.text.text.size());
  out.text.text += part.text.text;
  out.text.offsets.insert(out.text.offsets.end(), part.text.offsets.begin(),
                          part.text.offsets.end());
  for (const auto& [b, e] : part.unknown) out.unknown.emplace_back(base + b, base + e);
}

bool is_docker_option_variable_line(std::string_view text) {
  for (std::string_view name :
       {"DOCKER_OPTS=", "OPTIONS=", "other_args=", "DOCKER_NETWORK_OPTIONS=",
        "DOCKER_STORAGE_OPTIONS=", "INSECURE_REGISTRY="}) {
    if (text.find(name) != std::string_view::npos) return true;
  }
  return false;
}

// A set of (real, dense) file ids: a bit per file read, where a tree of nodes would cost
// dozens of bytes per file of a large scan.
class FileIdSet {
 public:
  // True when `id` was not in the set.
  bool insert(FileId id) {
    if (id >= bits_.size()) bits_.resize(static_cast<std::size_t>(id) + 1);
    if (bits_[id]) return false;
    bits_[id] = true;
    return true;
  }
  bool contains(FileId id) const { return id < bits_.size() && bits_[id]; }
  void clear() { std::vector<bool>().swap(bits_); }

 private:
  std::vector<bool> bits_;
};

class Scan {
 public:
  explicit Scan(const EngineOptions& options)
      : options_(options),
        json_(ts::Grammar::Json),
        bash_(ts::Grammar::Bash),
        store_([this](FileId id) { return files_.path(id); }, options.findings_run_size) {
    model_.engine = options.engine;
    suppress_options_.today = options_.today.empty() ? suppress::today_utc() : options_.today;
    suppress_options_.rule_enabled = [this](const rules::RuleDef& rule) {
      return rule_enabled(options_, rule);
    };
    if (options_.baseline) {
      baseline_.emplace(*options_.baseline, options_.baseline_base,
                        options_.baseline_justification);
    }
    result_.engine_version = options.engine.to_string();
    if (options.parse_budget) {
      for (ts::Parser* parser : {&json_, &bash_}) {
        parser->set_budget_for_testing(options.parse_budget->first, options.parse_budget->second);
      }
    }
  }

  void add(std::string display_path, std::string bytes, FileClass file_class) {
    if (file_class.needs_content_check) {
      if (file_class.kind == FileKind::DaemonJson && !looks_like_json_object(bytes)) return;
      if (file_class.kind == FileKind::ShellScript && !has_shell_shebang(bytes)) return;
    }
    if (file_class.kind == FileKind::Yaml && file_class.needs_content_check) {
      // user-data: a script or `#cloud-config` YAML.
      if (has_shell_shebang(bytes)) {
        file_class = {FileKind::ShellScript, file_class.is_template, false};
      } else if (!std::string_view(bytes).starts_with("#cloud-config")) {
        return;
      }
    }
    const SourceFile& file = register_file(std::move(display_path), std::move(bytes));
    if (!by_discovery_.insert(file.id)) return;  // listed twice
    if (file_class.kind == FileKind::DaemonJson ||
        file_class.kind == FileKind::ConfigFileCandidate) {
      json_files_.insert(file.id);  // no comments, so no inline suppressions
    }
    if (file_class.kind == FileKind::ShellScript && linted_payloads_.contains(file.id)) return;
    const std::uint64_t cancelled_before = cancelled_parses();
    lint_by_kind(file, file_class);
    if (cancelled_parses() > cancelled_before) {
      problem({file.path,
               "skipped: parsing gave up after its budget of parser operations (" +
                   std::to_string(ts::ParseBudget::kOperationsPerByte) +
                   " per byte): a pathological input; nothing in it was linted",
               false});
    }
  }

  std::uint64_t cancelled_parses() const {
    return json_.cancelled_parses() + bash_.cancelled_parses();
  }

  void lint_by_kind(const SourceFile& file, const FileClass& file_class) {
    switch (file_class.kind) {
      case FileKind::DaemonJson: add_daemon_json(file, file_class.is_template); break;
      case FileKind::SystemdService: add_unit(file, UnitDocument::Kind::Service); break;
      case FileKind::SystemdDropIn: add_unit(file, UnitDocument::Kind::DropIn); break;
      case FileKind::SystemdSocket: add_unit(file, UnitDocument::Kind::Socket); break;
      case FileKind::EnvFile: add_env_file(file); break;
      case FileKind::ShellScript: add_script(file, file_class.is_template, 0); break;
      case FileKind::ConfigFileCandidate:
        sources_.candidate_documents.push_back(daemon_json::parse(json_, file, false));
        sources_.config_candidates.push_back(
            {file.id, file.path, sources_.candidate_documents.size() - 1});
        open_group(file.path, false, false);
        break;
      case FileKind::Yaml: {
        carriers::Lowered lowered = carriers::lower_yaml(file, lookup_for(file));
        if (lowered.kind != carriers::YamlKind::None) add_carrier(file, lowered.document);
        break;
      }
      case FileKind::Dockerfile:
        add_carrier(file,
                    carriers::lower_dockerfile(
                        dockerfile::parse(file.text, file.id, file.content_start), file.path));
        break;
      case FileKind::Terraform: add_terraform(file); break;
      case FileKind::Unknown: break;
    }
  }

  // Reads other files of the tree by display path (for includes and templates); nullopt when
  // there is no such file or it is not readable.
  using Reader = std::function<std::optional<std::string>(const std::string& display_path)>;
  void set_reader(Reader reader) { reader_ = std::move(reader); }

  void problem(ScanProblem p) { result_.problems.push_back(std::move(p)); }

  // Before the walk adds `path`: checks the part of the tree read so far when none of its
  // files can assemble into one daemon with a file still to come. The walk lists paths in
  // sorted order, so a directory's files come together: once `path` is outside the directory
  // of every group read so far (a root that mirrors "/", a loose unit's directory), no later
  // file is inside one either. What is checked is then dropped but the findings, the file
  // texts (for includes and positions) and the repository-wide facts.
  void before(std::string_view path) {
    if (!in_order_) return;
    if (!last_path_.empty() && path < last_path_) {
      in_order_ = false;  // not a sorted walk after all: the rest is checked at the end
      return;
    }
    last_path_.assign(path);
    std::erase_if(open_groups_, [&](const std::string& dir) {
      return !dir.empty() &&
             !(path.starts_with(dir) && path.size() > dir.size() && path[dir.size()] == '/');
    });
    if (open_groups_.empty()) check_part();
  }

  // Only callers that add files in sorted path order may have parts checked early.
  void set_sorted_walk(bool sorted) { in_order_ = sorted; }

  ScanResult finish() {
    // Freed once their last user is done, as the model and findings grow: what only reading
    // used (the path index for includes), then what only assembly used (units, env files).
    by_path_.clear();
    linted_payloads_.clear();
    by_discovery_.clear();
    reader_ = nullptr;
    check_part();
    // The rules that read the whole repository's firewall rules and listeners, then what the
    // others asked of them.
    ScanModel whole;
    whole.engine = options_.engine;
    whole.firewall = std::move(firewall_);
    std::vector<std::pair<std::uint64_t, Listener>> kept;
    for (auto& [port, on_port] : exposed_listeners_) {
      std::move(on_port.first.begin(), on_port.first.end(), std::back_inserter(kept));
      if (on_port.more > 0) whole.more_listeners_on[port] = on_port.more;
    }
    exposed_listeners_.clear();
    std::sort(kept.begin(), kept.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Listener>& listeners = whole.daemons.emplace_back().listeners;
    for (auto& entry : kept) listeners.push_back(std::move(entry.second));
    check_rules(whole, true);
    // A file first read as another's include and listed as JSON later has no comments.
    std::erase_if(suppressions_,
                  [this](const auto& entry) { return json_files_.contains(entry.first); });
    // Files with directives, in path order: a file with no finding still has its hygiene
    // findings (DE901–DE903), in its place in the report.
    std::vector<std::pair<std::string, FileId>> directive_files;
    for (const auto& entry : suppressions_) {
      directive_files.emplace_back(files_.path(entry.first), entry.first);
    }
    std::sort(directive_files.begin(), directive_files.end());
    auto next_directive_file = directive_files.begin();
    // The findings of one file: the store gives them in path order, so they come together.
    std::vector<Finding> group;
    FileId group_file = kNoFile;
    std::string group_path;
    // A scan whose findings overflowed memory keeps its report on disk too.
    std::shared_ptr<FindingLog> log;
    if (store_.runs_written() > 0) log = std::make_shared<FindingLog>();
    const auto emit = [&](Finding&& finding) {
      if (log) {
        log->append(finding);
      } else {
        result_.findings.push_back(std::move(finding));
      }
    };
    // Files with directives that sort before `path` (all of them when null) and have not
    // been finished with their findings.
    const auto finish_directive_files_before = [&](const std::string* path) {
      for (; next_directive_file != directive_files.end() &&
             (path == nullptr || next_directive_file->first < *path);
           ++next_directive_file) {
        if (suppressions_.contains(next_directive_file->second)) {
          finish_file(group, next_directive_file->second, next_directive_file->first, emit);
        }
      }
    };
    // One fact reached twice (a variable inherited by many CI jobs, a file linted as itself
    // and as a template another file installs) is one finding: the first one reported.
    store_.drain([&](Finding&& finding, const std::string& path) {
      if (!group.empty()) {
        const Finding& last = group.back();
        if (last.span == finding.span && last.rule_id == finding.rule_id &&
            last.message == finding.message) {
          return;
        }
      }
      if (group.empty() || finding.span.file != group_file) {
        finish_file(group, group_file, group_path, emit);
        group_file = finding.span.file;
        group_path = path;
        finish_directive_files_before(group_file == kNoFile ? nullptr : &group_path);
      }
      rules::attach_firewall_context(finding, whole.firewall);
      for (RelatedLocation& r : finding.related) r.span = to_script(r.span);
      if (const auto it = suppressions_.find(finding.span.file); it != suppressions_.end()) {
        it->second.apply(finding, files_[finding.span.file].position(finding.span.begin).line);
      }
      group.push_back(std::move(finding));
    });
    finish_file(group, group_file, group_path, emit);
    finish_directive_files_before(nullptr);
    result_.logged = std::move(log);
    result_.files = std::move(files_);
    std::sort(result_.problems.begin(), result_.problems.end(),
              [](const ScanProblem& a, const ScanProblem& b) { return a.path < b.path; });
    return std::move(result_);
  }

 private:
  // The part of the tree read since the last check: its daemons are assembled and every rule
  // but the repository-wide ones is checked; its listeners and firewall rules are kept.
  void check_part() {
    open_groups_.clear();
    read_directives();
    if (part_is_empty()) {
      release_part_files();
      return;
    }
    assemble();
    sources_ = AssemblyInput();
    check_rules(model_, false);
    for (DaemonInstance& daemon : model_.daemons) {
      for (Listener& listener : daemon.listeners) {
        keep_exposed_listener(std::move(listener));
      }
    }
    for (const FirewallRule& rule : model_.firewall) {
      for (const Span span : {rule.port_span, rule.span, rule.source_span}) keep_placement(span);
    }
    std::move(model_.firewall.begin(), model_.firewall.end(), std::back_inserter(firewall_));
    model_ = ScanModel();
    model_.engine = options_.engine;
    release_part_files();
  }

  // A span of something kept for the end (a firewall rule, an exposed listener) in a
  // document a script wrote: the byte map that places it in the script is kept too.
  void keep_placement(Span span) {
    for (FileId file = span.file; is_virtual(file);) {
      VirtualOrigin& origin = virtual_origins_[file - kVirtualBase];
      if (origin.kept_for_end) break;
      origin.kept_for_end = true;
      file = origin.script;
    }
  }

  // Once a part is checked its files go to disk and the documents its scripts wrote are
  // dropped (findings, listeners and firewall rules keep their ids, never their text).
  void release_part_files() {
    files_.release();
    for (; virtual_released_ < virtual_files_.size(); ++virtual_released_) {
      virtual_files_[virtual_released_].reset();
      VirtualOrigin& origin = virtual_origins_[virtual_released_];
      if (!origin.kept_for_end) std::vector<std::uint32_t>().swap(origin.offsets);
    }
  }

  // What DE108 reads of a listener: a port reachable beyond loopback. It names the first
  // listeners on each port in source order, and how many more there are, so only those
  // first ones are kept (in the order they came, which breaks ties) and the rest counted.
  void keep_exposed_listener(Listener listener) {
    const std::optional<std::uint32_t> port = rules::listener_port(listener);
    if (!rules::exposed_beyond_loopback(listener) || !port) return;
    keep_placement(listener.span);
    keep_placement(listener.via);
    ExposedListeners& on_port = exposed_listeners_[*port];
    const auto source_order = [](const Listener& l) {
      return std::tuple(l.span.file, l.span.begin, l.span.end);
    };
    const auto at = std::upper_bound(
        on_port.first.begin(), on_port.first.end(), source_order(listener),
        [&](const auto& key, const auto& entry) { return key < source_order(entry.second); });
    on_port.first.insert(at, {next_listener_++, std::move(listener)});
    if (on_port.first.size() > rules::kMaxRelatedFromElsewhere) {
      on_port.first.pop_back();
      ++on_port.more;
    }
  }

  bool part_is_empty() const {
    return sources_.units.empty() && sources_.env_files.empty() && sources_.daemon_json.empty() &&
           sources_.config_candidates.empty() && script_daemons_.empty() && relays_.empty() &&
           model_.daemon_json.empty() && model_.clients.empty() && model_.client_env.empty() &&
           model_.firewall.empty() && model_.dind.empty();
  }

  void check_rules(const ScanModel& model, bool repository_wide) {
    for (const rules::RuleDef* rule : rules::all_rules()) {
      if (rule->repository_wide != repository_wide || !rule_enabled(options_, *rule)) continue;
      rules::RuleContext ctx(*rule);
      rule->check(model, ctx);
      for (Finding& finding : ctx.take()) {
        map_to_script(finding);
        store_.add(std::move(finding));
      }
    }
  }

  // The `# dockerd-lint:` comments of the files read since the last part, read while their
  // text is at hand; their findings meet them at the end.
  void read_directives() {
    const std::size_t first = directives_read_;
    directives_read_ = files_.size();
    if (!options_.inline_suppressions) return;
    for (std::size_t id = first; id < files_.size(); ++id) {
      if (json_files_.contains(static_cast<FileId>(id))) continue;
      suppress::FileSuppressions suppressions(suppress::parse_directives(files_[id]),
                                              suppress_options_);
      if (!suppressions.empty()) suppressions_.emplace(id, std::move(suppressions));
    }
  }

  // A file of a group that assembles into daemons: the group's directory stays open while
  // the walk is inside it. Each directory is listed once, so a directory of thousands of
  // units costs one entry, not one per unit checked against every later file.
  void open_group(const std::string& display_path, bool loose_unit, bool drop_in) {
    const Placement placement = place(display_path);
    std::string_view dir;
    if (!placement.system_path.empty()) {
      dir = placement.root_directory;
    } else if (loose_unit) {
      dir = paths::directory(display_path);
      if (drop_in) dir = paths::directory(dir);
    } else {
      return;
    }
    if (std::find(open_groups_.begin(), open_groups_.end(), dir) == open_groups_.end()) {
      open_groups_.emplace_back(dir);
    }
  }

  // Files live in a deque while the scan runs, so references stay valid when an include
  // brings another file in; ids are indices, as in ScanResult::files.
  const SourceFile& register_file(std::string display_path, std::string bytes) {
    // Already read as another file's include or template: the same file, the same id.
    if (const auto id = find_file(display_path)) return files_[*id];
    const auto id = static_cast<FileId>(files_.size());
    SourceFile& file = files_.emplace_back(id, std::move(display_path), std::move(bytes));
    by_path_.emplace(std::hash<std::string_view>{}(file.path), id);
    return file;
  }

  // The file read with this display path, if any.
  std::optional<FileId> find_file(std::string_view path) const {
    const auto [first, last] = by_path_.equal_range(std::hash<std::string_view>{}(path));
    for (auto it = first; it != last; ++it) {
      if (files_.path(it->second) == path) return it->second;
    }
    return std::nullopt;
  }

  // `relative` from `from`'s directory ("../templates/daemon.json.j2", "ci/jobs.yml"); a
  // leading '/' means the root of the scan. Never leaves the tree: a path that climbs above
  // the scanned root is refused.
  carriers::FileLookup lookup_for(const SourceFile& from) {
    return [this, dir = std::string(paths::directory(from.path))](
               std::string_view relative) -> const SourceFile* {
      std::vector<std::string> parts;
      const auto push_parts = [&](std::string_view path) {
        std::size_t start = 0;
        while (start <= path.size()) {
          std::size_t slash = path.find('/', start);
          if (slash == std::string_view::npos) slash = path.size();
          const std::string_view part = path.substr(start, slash - start);
          if (part == "..") {
            if (parts.empty() || parts.back() == "..") {
              parts.emplace_back("..");
            } else {
              parts.pop_back();
            }
          } else if (!part.empty() && part != ".") {
            parts.emplace_back(part);
          }
          start = slash + 1;
        }
      };
      if (!relative.starts_with("/")) push_parts(dir);
      push_parts(relative);
      if (parts.empty()) return nullptr;
      std::string path;
      for (const std::string& part : parts) path += (path.empty() ? "" : "/") + part;
      if (const auto id = find_file(path)) return &files_[*id];
      if (!reader_) return nullptr;
      std::optional<std::string> bytes = reader_(path);
      if (!bytes || looks_binary(std::string_view(*bytes).substr(0, 8192))) return nullptr;
      return &register_file(path, std::move(*bytes));
    };
  }

  void add_daemon_json(const SourceFile& file, bool is_template) {
    ++result_.files_scanned;
    model_.daemon_json.push_back(daemon_json::parse(json_, file, is_template));
    sources_.daemon_json.push_back({file.id, file.path, model_.daemon_json.size() - 1});
    open_group(file.path, false, false);
  }

  void add_unit(const SourceFile& file, UnitDocument::Kind kind) {
    UnitDocument doc;
    doc.file = file.id;
    doc.path = file.path;
    doc.kind = kind;
    doc.unit = systemd::parse_unit(file.text, file.id, file.content_start);
    // Kept until assembly at the end of the scan: only the settings it reads.
    std::vector<systemd::Assignment>& assignments = doc.unit.assignments;
    std::erase_if(assignments, [](const systemd::Assignment& a) { return !assembly_reads(a); });
    assignments.shrink_to_fit();
    sources_.units.push_back(std::move(doc));
    open_group(file.path, true, kind == UnitDocument::Kind::DropIn);
  }

  void add_env_file(const SourceFile& file) {
    ++result_.files_scanned;
    sources_.env_files.push_back(
        {file.id, file.path,
         envfile::parse_env_file(bash_, file.text, file.id, file.content_start)});
    open_group(file.path, false, false);
  }

  // A script: every reachable command that starts dockerd is a daemon of its own; the files it
  // writes are parsed as documents of their own kinds; docker clients, firewall rules and
  // socat relays go into the model.
  void add_script(const SourceFile& file, bool is_template, int write_depth) {
    if (!is_virtual(file.id)) ++result_.files_scanned;
    const auto end = static_cast<std::uint32_t>(file.text.size());
    std::vector<tmpl::Region> regions;
    std::string blanked;
    std::string_view text = file.text;
    if (is_template) {
      regions = tmpl::find_regions(file.text, file.content_start, end);
      blanked = tmpl::blank(file.text, regions);
      text = blanked;
    }
    const shell::Script script =
        shell::analyze_script(bash_, text, file.id, file.content_start, end);
    lint_script(file, script, regions, write_depth);
  }

  // What a script does (from a script file, or embedded in a carrier): the dockerd it starts,
  // its client settings, firewall rules and relays, and the files it writes.
  void lint_script(const SourceFile& file, const shell::Script& script,
                   const std::vector<tmpl::Region>& regions, int write_depth) {
    if (!script.too_deep.empty()) {
      // The reported file is the one the bytes are in (a script a script wrote: its writer).
      const Span where = to_script(script.too_deep.front());
      const SourceFile* shown = where.file < files_.size() ? &files_[where.file] : &file;
      problem({shown->path,
               "partly skipped: commands nested more than 200 levels deep (from line " +
                   std::to_string(shown->position(where.begin).line) + ") were not analysed",
               false});
    }
    for (const shell::Command& command : script.commands) {
      if (!command.reachable) continue;
      std::vector<Word> argv = command.argv;
      for (Word& word : argv) {  // template syntax makes a word unknowable
        // `--tlscacert={{ ca }}`: blanked, the word ends where the template begins.
        if (!regions.empty() && tmpl::overlaps(regions, word.span.begin, word.span.end + 1)) {
          word.known = false;
        }
      }
      const auto invocation = dockerd::find_daemon_invocation(argv);
      if (!invocation) continue;
      DaemonInstance daemon;
      daemon.label = file.path;
      daemon.file = file.id;
      const std::span<const Word> args(argv.data() + invocation->args_begin,
                                       argv.size() - invocation->args_begin);
      dockerd::apply_daemon_args(args, daemon.inputs);
      script_daemons_.push_back(std::move(daemon));
    }
    add_client_settings(script);
    add_script_commands(file, script);
    add_written_documents(file, script, regions, write_depth);
  }

  // Firewall rules, socat relays and docker client commands of the reachable commands.
  void add_script_commands(const SourceFile& file, const shell::Script& script) {
    for (const shell::Command& command : script.commands) {
      if (!command.reachable) continue;
      for (FirewallRule& rule : commands::parse_firewall_command(command.argv)) {
        model_.firewall.push_back(std::move(rule));
      }
      if (auto relay = commands::parse_socat(command.argv)) add_relay(file, *relay);
      if (auto client = commands::parse_docker_client(command.argv)) {
        add_client_command(*client, client_tls(script, command.span));
      }
    }
  }

  // A TCP listener that something other than dockerd's own flags sets up (a socat relay, a
  // published container port), normalized as dockerd would normalize the same address.
  Listener tcp_listener(const std::string& address, const std::string& port, bool known,
                        SettingOrigin origin, Span span) const {
    Listener listener;
    listener.origin = origin;
    listener.span = span;
    listener.proto = dockerd::HostProto::Tcp;
    const bool v6 = address.find(':') != std::string::npos;
    listener.written = "tcp://" + (v6 ? "[" + address + "]" : address) + ":" + port;
    if (!known) return listener;
    const auto parsed = dockerd::parse_daemon_host(listener.written, options_.engine);
    if (parsed.host) {
      listener.host = parsed.host;
      listener.scope = dockerd::classify_scope(*parsed.host);
    }
    return listener;
  }

  void add_relay(const SourceFile& file, const commands::SocketRelay& relay) {
    DaemonInstance daemon;
    daemon.label = file.path;
    daemon.file = file.id;
    daemon.socket_proxy = true;
    std::string address = relay.address;
    if (address.empty() && relay.address_known) address = relay.ipv6 ? "::" : "0.0.0.0";
    daemon.listeners.push_back(tcp_listener(address, relay.port, relay.address_known,
                                            SettingOrigin::SocketProxy, relay.span));
    daemon.tls.known = true;
    daemon.tls.enabled = relay.tls;
    daemon.tls.verify_clients = relay.tls && relay.verify_clients;
    daemon.tls.explicit_choice = true;
    daemon.tls.enabled_by = relay.span;
    if (relay.tls && !relay.verify_clients) daemon.tls.verify_off_by = relay.span;
    relays_.push_back(std::move(daemon));
  }

  // ---- carriers: compose, Kubernetes, CI pipelines, cloud-init, Ansible, Terraform,
  // Dockerfiles ----

  static std::vector<shell::VariableAssignment> assignments_of(
      const std::vector<carrier::EnvVar>& env) {
    std::vector<shell::VariableAssignment> out;
    for (const carrier::EnvVar& var : env) {
      shell::VariableAssignment a;
      a.name = var.name;
      a.value.text = var.value.text;
      a.value.known = var.value.known;
      a.value.span = var.value.offsets.empty()
                         ? Span{var.name_span.file, var.name_span.end, var.name_span.end}
                         : var.value.span_of(0, var.value.text.size());
      a.span = var.name_span;
      a.exported = true;
      out.push_back(std::move(a));
    }
    return out;
  }

  static std::vector<std::pair<std::string, SourcedText>> environment_of(
      const std::vector<carrier::EnvVar>& env) {
    std::vector<std::pair<std::string, SourcedText>> out;
    for (const carrier::EnvVar& var : env) out.emplace_back(var.name, var.value);
    return out;
  }

  static Span span_of_words(const std::vector<Word>& words) {
    Span span;
    for (const Word& w : words) {
      if (!w.span.valid()) continue;
      if (!span.valid()) {
        span = w.span;
      } else if (w.span.file == span.file) {
        span.begin = std::min(span.begin, w.span.begin);
        span.end = std::max(span.end, w.span.end);
      }
    }
    return span;
  }

  // A command line run with an environment: a one-command script.
  shell::Script command_script(const std::vector<Word>& argv,
                               const std::vector<SourcedText>& argv_text,
                               const std::vector<carrier::EnvVar>& env) {
    shell::Script script;
    shell::Command command;
    command.argv = argv;
    command.argv_text = argv_text;
    if (command.argv_text.size() != argv.size()) {
      command.argv_text.clear();
      for (const Word& w : argv) command.argv_text.push_back(sourced_text(w));
    }
    command.span = span_of_words(argv);
    script.commands.push_back(std::move(command));
    script.assignments = assignments_of(env);
    return script;
  }

  void add_carrier(const SourceFile& file, const carrier::Document& doc) {
    if (!is_virtual(file.id)) ++result_.files_scanned;
    for (const carrier::Script& chunk : doc.scripts) {
      shell::Script script = shell::analyze_text(bash_, chunk.text, environment_of(chunk.env));
      std::vector<shell::VariableAssignment> env = assignments_of(chunk.env);
      script.assignments.insert(script.assignments.begin(), env.begin(), env.end());
      lint_script(file, script, {}, 0);
    }
    for (const carrier::Command& command : doc.commands) {
      if (const auto script = shell_c_script(command.argv, command.argv_text)) {
        shell::Script analysed = shell::analyze_text(bash_, *script, environment_of(command.env));
        std::vector<shell::VariableAssignment> env = assignments_of(command.env);
        analysed.assignments.insert(analysed.assignments.begin(), env.begin(), env.end());
        lint_script(file, analysed, {}, 0);
        continue;
      }
      lint_script(file, command_script(command.argv, command.argv_text, command.env), {}, 0);
    }
    if (!doc.files.empty()) {
      shell::Script writes;
      for (const carrier::WrittenFile& f : doc.files) {
        shell::FileWrite w;
        w.target = f.path;
        w.content.text = f.content;
        w.content.unknown = f.unknown;
        // `lineinfile: dest: "{{ docker_service_path }}" line: "ExecStart=/usr/bin/dockerd …"`:
        // only a systemd service has ExecStart= lines; the unit is dockerd's.
        if (f.line_edit &&
            (!f.path.known || classify_path(f.path.text).kind == FileKind::Unknown) &&
            std::string_view(f.content.text).starts_with("ExecStart=")) {
          w.target.text = "/etc/systemd/system/docker.service";
        }
        if (f.line_edit) w.content = line_edit_document(w.target, w.content);
        w.span = f.by;
        if (!w.content.text.text.empty()) writes.writes.push_back(std::move(w));
      }
      add_written_documents(file, writes, {}, 0);
    }
    for (const carrier::Container& container : doc.containers) add_container(file, container);
    for (const std::vector<carrier::EnvVar>& env : doc.environments) {
      shell::Script script;
      script.assignments = assignments_of(env);
      add_client_settings(script);
    }
    for (const SyntaxError& problem : doc.problems) {
      result_.problems.push_back({file.path,
                                  "skipped: " + problem.message + " (line " +
                                      std::to_string(file.position(problem.span.begin).line) + ")",
                                  false});
    }
  }

  // A line put into an existing file (Ansible lineinfile): the document around it, as for
  // `sed -i` edits.
  static shell::WrittenText line_edit_document(const Word& target, const shell::WrittenText& line) {
    const FileClass kind = classify_path(target.text);
    const std::uint32_t at = line.text.offsets.empty() ? target.span.begin : line.text.offsets[0];
    const FileId file = line.text.file;
    shell::WrittenText doc;
    doc.text.file = file;
    if (kind.kind == FileKind::SystemdService) doc = synthetic("[Service]\n", at, file);
    if (kind.kind == FileKind::SystemdDropIn) doc = synthetic("[Service]\nExecStart=\n", at, file);
    append_written(doc, line);
    append_written(doc, synthetic("\n", at, file));
    return doc;
  }

  // docker:*dind* per docker-library's dockerd-entrypoint.sh (dockerd-semantics.md §6).
  struct DindImage {
    bool dind = false;
    bool old = false;  // before 19.03: no TLS unless DOCKER_TLS_CERTDIR is set
  };
  static DindImage dind_image(std::string_view image) {
    DindImage out;
    std::string_view name = image;
    std::string_view tag;
    const auto at = name.find('@');
    if (at != std::string_view::npos) name = name.substr(0, at);
    const auto colon = name.rfind(':');
    if (colon != std::string_view::npos && name.find('/', colon) == std::string_view::npos) {
      tag = name.substr(colon + 1);
      name = name.substr(0, colon);
    }
    for (std::string_view prefix : {"docker.io/", "index.docker.io/", "registry-1.docker.io/"}) {
      if (name.starts_with(prefix)) name.remove_prefix(prefix.size());
    }
    if (name.starts_with("library/")) name.remove_prefix(8);
    if (name != "docker" || tag.find("dind") == std::string_view::npos) return out;
    out.dind = true;
    // "18.09-dind", "17.06.0-ce-dind": the major.minor before the first '-'.
    int major = 0;
    int minor = 0;
    const auto parsed = std::sscanf(std::string(tag).c_str(), "%d.%d", &major, &minor);
    if (parsed == 2) out.old = major < 19 || (major == 19 && minor < 3);
    return out;
  }

  // The script of `sh -c "script"` with its offsets, when argv is that.
  static std::optional<SourcedText> shell_c_script(const std::vector<Word>& argv,
                                                   const std::vector<SourcedText>& texts) {
    if (!runs_shell_c(argv) || texts.size() != argv.size()) return std::nullopt;
    const auto program = dockerd::find_program(argv);
    for (std::size_t k = *program + 1; k + 1 < argv.size(); ++k) {
      const std::string& a = argv[k].text;
      if (a.size() >= 2 && a[0] == '-' && a[1] != '-' && a.find('c') != std::string::npos) {
        if (!texts[k + 1].known) return std::nullopt;
        return texts[k + 1];
      }
    }
    return std::nullopt;
  }

  static bool runs_shell_c(const std::vector<Word>& argv) {
    const auto program = dockerd::find_program(argv);
    if (!program) return false;
    const std::string_view name = paths::base_name(argv[*program].text);
    if (name != "sh" && name != "bash" && name != "dash" && name != "ash" && name != "zsh") {
      return false;
    }
    for (std::size_t k = *program + 1; k < argv.size(); ++k) {
      const std::string& a = argv[k].text;
      if (a.size() < 2 || a[0] != '-') return false;
      if (a[1] != '-' && a.find('c') != std::string::npos) return true;
    }
    return false;
  }

  static bool image_is_dind(const carrier::Container& c) {
    return c.image.known && dind_image(c.image.text).dind;
  }

  void add_container(const SourceFile& file, const carrier::Container& c) {
    const carrier::EnvVar* certdir = nullptr;
    for (const carrier::EnvVar& var : c.env) {
      if (var.name == "DOCKER_TLS_CERTDIR") certdir = &var;
    }
    DindImage image = c.image.known ? dind_image(c.image.text) : DindImage{};
    const bool dind_entrypoint = c.has_entrypoint && !c.entrypoint.empty() &&
                                 paths::base_name(c.entrypoint[0].text) == "dockerd-entrypoint.sh";
    // An image built from the dind image's files runs its entrypoint explicitly.
    if (dind_entrypoint) image.dind = true;
    const bool custom_entrypoint = c.has_entrypoint && !c.entrypoint.empty() && !dind_entrypoint;
    std::vector<Word> process;  // what runs, when it is not the dind entrypoint's defaults
    if (custom_entrypoint) {
      process = c.entrypoint;
      if (c.has_command) process.insert(process.end(), c.command.begin(), c.command.end());
    }
    const bool defaults = image.dind && !custom_entrypoint &&
                          (c.command.empty() || c.command[0].text.starts_with("-"));
    if (!defaults && !image.dind && process.empty() && c.has_command) process = c.command;
    if (!defaults && image.dind && process.empty() && !c.command.empty()) process = c.command;
    if (!process.empty() && !runs_shell_c(process)) {
      // An explicit command line, linted as written (a `sh -c` string is one of the
      // carrier's scripts already).
      lint_script(file, command_script(process, {}, c.env), {}, 0);
    }
    // The daemon whose ports the container publishes.
    DaemonInstance daemon;
    daemon.label = file.path;
    daemon.file = file.id;
    Span synthesized;
    if (defaults) {
      bool tls = true;
      Span cause = c.image.span;
      if (certdir) {
        // The empty value as written (`""`, `''`), else the name (`DOCKER_TLS_CERTDIR=`).
        cause = !certdir->value.offsets.empty()
                    ? certdir->value.span_of(0, certdir->value.text.size())
                    : (certdir->value_span.valid() && !certdir->value_span.empty()
                           ? certdir->value_span
                           : certdir->name_span);
        if (!certdir->value.known) {
          daemon.inputs.command_line_has_unknown_words = true;
        } else {
          tls = !certdir->value.text.empty();
        }
      } else if (image.old) {
        tls = false;
      }
      synthesized = cause;
      DindContainer dind;
      dind.description = c.description;
      dind.image = image_is_dind(c) ? c.image.text : "dockerd-entrypoint.sh";
      dind.image_span = c.image.span;
      dind.tls_disabled = !tls && (!certdir || certdir->value.known);
      dind.cause = cause;
      dind.cause_is_old_image = !certdir && image.old;
      std::vector<Word> args;
      const auto word = [&](std::string text) {
        Word w;
        w.text = std::move(text);
        w.span = synthesized;
        args.push_back(std::move(w));
      };
      word("--host=unix:///var/run/docker.sock");
      if (tls) {
        word("--host=tcp://0.0.0.0:2376");
        word("--tlsverify");
        for (const char* flag :
             {"--tlscacert=/certs/server/ca.pem", "--tlscert=/certs/server/cert.pem",
              "--tlskey=/certs/server/key.pem"}) {
          word(flag);
        }
      } else {
        word("--host=tcp://0.0.0.0:2375");
      }
      args.insert(args.end(), c.command.begin(), c.command.end());
      if (!certdir || certdir->value.known) daemon.inputs.has_command_line = true;
      dockerd::apply_daemon_args(args, daemon.inputs);
      dockerd::resolve(daemon, options_.engine);
      const std::uint32_t daemon_port = tls ? 2376 : 2375;
      for (const carrier::PublishedPort& port : c.ports) {
        if (port.tcp && port.container_port == daemon_port) dind.published.push_back(port.span);
      }
      for (const auto& [word_text, range] : c.exposed) {
        if (range.contains(daemon_port)) dind.exposed.push_back(word_text.span);
      }
      model_.dind.push_back(std::move(dind));
    } else if (!process.empty()) {
      const auto invocation = dockerd::find_daemon_invocation(process);
      if (!invocation) return;
      const std::span<const Word> args(process.data() + invocation->args_begin,
                                       process.size() - invocation->args_begin);
      dockerd::apply_daemon_args(args, daemon.inputs);
      dockerd::resolve(daemon, options_.engine);
    } else {
      return;
    }
    // Host listeners for published ports; the container's own listeners were linted with the
    // command line above (a synthesized default is DE107's).
    std::vector<Listener> published;
    for (const Listener& inside : daemon.listeners) {
      if (!inside.is_tcp() || !inside.host) continue;
      const auto port = std::strtoul(inside.host->port.c_str(), nullptr, 10);
      for (const carrier::PublishedPort& p : c.ports) {
        if (!p.tcp || p.container_port != port) continue;
        Listener host =
            tcp_listener(p.host_ip.empty() ? "0.0.0.0" : p.host_ip, std::to_string(p.host_port),
                         true, SettingOrigin::PublishedPort, p.span);
        host.via = inside.span == synthesized ? Span{} : inside.span;
        published.push_back(std::move(host));
      }
    }
    if (published.empty()) return;
    daemon.listeners = std::move(published);
    daemon.socket_proxy = true;  // listeners are set, not resolved again
    relays_.push_back(std::move(daemon));
  }

  static bool is_client_tls_variable(std::string_view name) {
    return name == "DOCKER_TLS_VERIFY" || name == "DOCKER_TLS" || name == "DOCKER_CERT_PATH";
  }

  // The client TLS a script's environment gives (DOCKER_TLS_VERIFY, DOCKER_TLS,
  // DOCKER_CERT_PATH, §7): the script's own assignments, plus the prefix assignments of the
  // command at `command` (`DOCKER_TLS_VERIFY=1 docker …`) when given.
  static std::pair<ClientTls, Span> client_tls(const shell::Script& script, Span command = {}) {
    ClientTls tls = ClientTls::Off;
    Span tls_span;
    bool verify = false;
    bool unknown = false;
    for (const shell::VariableAssignment& a : script.assignments) {
      if (!a.reachable || !is_client_tls_variable(a.name)) continue;
      if (a.prefix && !(command.valid() && a.command == command)) continue;
      const Span setting_span = a.value.span.empty() ? a.span : a.value.span;
      if (!a.value.known) {
        unknown = true;
      } else if (!a.value.text.empty()) {
        if (a.name == "DOCKER_TLS_VERIFY") {
          verify = true;
          tls_span = setting_span;
        } else if (a.name == "DOCKER_CERT_PATH") {
          unknown = true;  // the Go SDK turns TLS on from it; the CLI does not
        } else if (!verify) {
          tls = ClientTls::NoVerify;
          tls_span = setting_span;
        }
      }
    }
    if (verify) tls = ClientTls::Verify;
    if (unknown && tls != ClientTls::Verify) tls = ClientTls::Unknown;
    return {tls, tls_span};
  }

  // Every client TLS variable (for DE303), then every DOCKER_HOST the script sets, with the
  // TLS the same environment gives.
  void add_client_settings(const shell::Script& script) {
    for (const shell::VariableAssignment& a : script.assignments) {
      if (!a.reachable || !is_client_tls_variable(a.name)) continue;
      ClientEnvSetting setting;
      setting.name = a.name;
      setting.value = a.value.text;
      setting.known = a.value.known;
      setting.span = a.value.span.empty() ? a.span : a.value.span;
      model_.client_env.push_back(std::move(setting));
    }
    const auto [script_tls, script_tls_span] = client_tls(script);
    for (const shell::VariableAssignment& a : script.assignments) {
      if (!a.reachable || a.name != "DOCKER_HOST" || a.value.text.empty()) continue;
      ClientEndpoint endpoint;
      endpoint.setting = "DOCKER_HOST";
      endpoint.host = a.value.text;
      endpoint.host_known = a.value.known;
      endpoint.span = a.value.span;
      endpoint.via = a.value.via;
      if (a.prefix) {
        const auto [tls, tls_span] = client_tls(script, a.command);
        endpoint.tls = tls;
        endpoint.tls_span = tls_span;
      } else {
        endpoint.tls = script_tls;
        endpoint.tls_span = script_tls_span;
      }
      add_client(std::move(endpoint));
    }
  }

  // A client of the TLS port (2376) with no TLS setting in the file is taken to get its TLS
  // settings from an environment the linter cannot see (a CI runner, a login profile):
  // talking plain HTTP to a TLS listener fails rather than leaks, so it is not DE301.
  void add_client(ClientEndpoint endpoint) {
    if (endpoint.tls == ClientTls::Off && endpoint.setting != "docker context --docker host=") {
      const auto host = commands::parse_client_host(endpoint.host);
      if (host && host->port == "2376") endpoint.tls = ClientTls::Unknown;
    }
    model_.clients.push_back(std::move(endpoint));
  }

  void add_client_command(const commands::DockerClientCommand& client,
                          const std::pair<ClientTls, Span>& environment) {
    if (client.host) {
      ClientEndpoint endpoint;
      endpoint.setting = "-H";
      endpoint.host = client.host->text;
      endpoint.host_known = client.host->known;
      endpoint.span = client.host->span;
      endpoint.via = client.host->via;
      if (!client.tls.known || !client.tlsverify.known) {
        endpoint.tls = ClientTls::Unknown;
      } else if (client.tlsverify.present) {
        // docker/cli SetDefaultOptions: any --tlsverify, even =false, turns TLS on.
        endpoint.tls = client.tlsverify.value ? ClientTls::Verify : ClientTls::NoVerify;
        endpoint.tls_span = client.tlsverify.span;
      } else if (client.tls.present && client.tls.value) {
        endpoint.tls = ClientTls::NoVerify;
        endpoint.tls_span = client.tls.span;
      } else if (client.has_cert_flags) {
        endpoint.tls = ClientTls::Unknown;
      } else {
        endpoint.tls = environment.first;
        endpoint.tls_span = environment.second;
      }
      add_client(std::move(endpoint));
    }
    if (client.context_host) {
      ClientEndpoint endpoint;
      endpoint.setting = "docker context --docker host=";
      endpoint.host = client.context_host->text;
      endpoint.host_known = client.context_host->known;
      endpoint.span = client.context_host->span;
      endpoint.via = client.context_host->via;
      if (!client.skip_tls_verify.known) {
        endpoint.tls = ClientTls::Unknown;
      } else if (client.skip_tls_verify.present && client.skip_tls_verify.value) {
        endpoint.tls = ClientTls::NoVerify;
        endpoint.tls_span = client.skip_tls_verify.span;
      } else if (client.context_has_tls_material) {
        endpoint.tls = ClientTls::Verify;
      } else {
        endpoint.tls = ClientTls::Off;
      }
      add_client(std::move(endpoint));
    }
  }

  // Files the script writes (redirections, tee, sed -i), one document per write; appends join
  // the previous write of the same path, a second full write starts a new group.
  void add_written_documents(const SourceFile& file, const shell::Script& script,
                             const std::vector<tmpl::Region>& regions, int write_depth) {
    if (write_depth >= kMaxWriteDepth) return;
    struct Pending {
      Word target;
      shell::WrittenText content;
      Span by;
      int generation;
    };
    std::map<std::string, Pending> pending;
    std::map<std::string, int> generations;
    std::vector<Pending> done;
    const auto write = [&](const Word& target, shell::WrittenText content, bool append, Span by) {
      mark_template_bytes(content, regions, file.text);
      auto it = pending.find(target.text);
      if (append && it != pending.end()) {
        append_written(it->second.content, content);
        return;
      }
      if (it != pending.end()) {
        done.push_back(std::move(it->second));
        pending.erase(it);
      }
      const int generation = generations[target.text]++;
      pending.emplace(target.text, Pending{target, std::move(content), by, generation});
    };
    std::size_t next_write = 0;
    for (const shell::Command& command : script.commands) {
      while (next_write < script.writes.size() &&
             script.writes[next_write].span.begin <= command.span.begin) {
        const shell::FileWrite& w = script.writes[next_write++];
        if (w.reachable) write(w.target, w.content, w.append, w.span);
      }
      if (!command.reachable) continue;
      move_written(command.argv, pending);
      const auto sed = shell::parse_sed(command.argv, command.argv_text);
      if (!sed || !sed->in_place) continue;
      for (const Word& target : sed->files) {
        if (auto content = sed_document(*sed, target, file.id)) {
          write(target, std::move(*content), false, command.span);
        }
      }
    }
    for (; next_write < script.writes.size(); ++next_write) {
      const shell::FileWrite& w = script.writes[next_write];
      if (w.reachable) write(w.target, w.content, w.append, w.span);
    }
    for (auto& [path, p] : pending) done.push_back(std::move(p));
    for (Pending& p : done) add_written(file, p.target, p.content, p.generation, write_depth);
  }

  // `mv /tmp/docker.conf /etc/systemd/system/docker.service.d/` (or cp, install): a file the
  // script wrote earlier now also (cp) or only (mv) lives at the destination.
  template <typename PendingMap>
  static void move_written(const std::vector<Word>& argv, PendingMap& pending) {
    const auto program = dockerd::find_program(argv);
    if (!program || pending.empty()) return;
    const std::string_view name = paths::base_name(argv[*program].text);
    if (name != "mv" && name != "cp" && name != "install") return;
    std::vector<const Word*> operands;
    bool options = true;
    for (std::size_t k = *program + 1; k < argv.size(); ++k) {
      const std::string& a = argv[k].text;
      if (options && a == "--") {
        options = false;
      } else if (options && a.size() > 1 && a[0] == '-') {
        // install -m 0644 / -o root / -g root take a value
        if (name == "install" && (a == "-m" || a == "-o" || a == "-g")) ++k;
      } else {
        operands.push_back(&argv[k]);
      }
    }
    if (operands.size() < 2 || !operands.back()->known) return;
    const Word& destination = *operands.back();
    const bool into_directory = operands.size() > 2 || destination.text.ends_with("/");
    for (std::size_t k = 0; k + 1 < operands.size(); ++k) {
      const auto it = pending.find(operands[k]->text);
      if (it == pending.end()) continue;
      Word target = destination;
      if (into_directory) {
        if (!target.text.ends_with("/")) target.text += '/';
        target.text += paths::base_name(operands[k]->text);
      }
      auto moved = it->second;
      moved.target = target;
      if (name == "mv") pending.erase(it);
      pending.insert_or_assign(target.text, std::move(moved));
    }
  }

  // What a sed -i edit of `target` amounts to: a unit whose ExecStart= is the written line, or
  // an env file with the written DOCKER_OPTS= line. nullopt when it writes neither.
  static std::optional<shell::WrittenText> sed_document(const shell::SedEdit& sed,
                                                        const Word& target, FileId file) {
    const FileClass kind = classify_path(target.text);
    const bool unit = kind.kind == FileKind::SystemdService || kind.kind == FileKind::SystemdDropIn;
    const std::uint32_t at = target.span.begin;
    shell::WrittenText doc;
    doc.text.file = file;
    bool any = false;
    for (const shell::SedText& t : sed.texts) {
      const std::string& text = t.text.text;
      shell::WrittenText line;
      line.text = t.text;
      line.unknown = t.unknown;
      if (unit && text.find("ExecStart=") != std::string::npos) {
        // Only the written line; the rest of the edited unit is not known.
      } else if (unit && t.kind == shell::SedText::Kind::Substitute &&
                 paths::base_name(target.text) == "docker.service" && !t.pattern.empty() &&
                 kPackagedExecStartLine.find(t.pattern) != std::string_view::npos &&
                 t.pattern.find_first_of("^$.*[]\\") == std::string::npos) {
        // A literal part of the packaged ExecStart= replaced: apply it to that line.
        const std::size_t found = kPackagedExecStartLine.find(t.pattern);
        line = synthetic("ExecStart=", at, file);
        append_written(line, synthetic(kPackagedExecStartLine.substr(0, found), at, file));
        shell::WrittenText replacement;
        replacement.text = t.text;
        replacement.unknown = t.unknown;
        append_written(line, replacement);
        append_written(
            line, synthetic(kPackagedExecStartLine.substr(found + t.pattern.size()), at, file));
      } else if (kind.kind == FileKind::EnvFile && is_docker_option_variable_line(text)) {
      } else {
        continue;
      }
      if (!any) {
        if (unit) {
          const bool drop_in = kind.kind == FileKind::SystemdDropIn;
          // An edited drop-in already resets ExecStart= (or systemd would refuse it).
          doc = synthetic(drop_in ? "[Service]\nExecStart=\n" : "[Service]\n", at, file);
        }
        any = true;
      }
      append_written(doc, line);
      append_written(doc, synthetic("\n", at, file));
    }
    if (!any) return std::nullopt;
    return doc;
  }

  // One written document, parsed as the kind its path names.
  void add_written(const SourceFile& script, const Word& target, const shell::WrittenText& content,
                   int generation, int write_depth) {
    if (content.text.text.empty() && content.unknown.empty()) return;
    std::string path = target.text;
    if (!path.starts_with("/")) path.insert(path.begin(), '/');
    const std::string display =
        script.path + (generation > 0 ? ":" + std::to_string(generation + 1) : "") + ":" + path;
    FileClass kind = classify_path(display);
    if (kind.is_template) return;  // written as a template: rendered elsewhere
    if (kind.kind == FileKind::Unknown) return;
    if (kind.needs_content_check && kind.kind != FileKind::ShellScript) return;
    const bool placeholders =
        kind.kind != FileKind::DaemonJson && kind.kind != FileKind::ConfigFileCandidate;
    Materialized doc = materialize(content, placeholders);
    if (kind.kind == FileKind::ShellScript && kind.needs_content_check &&
        !has_shell_shebang(doc.text)) {
      return;
    }
    const FileId origin = content.text.file != kNoFile ? content.text.file : script.id;
    const SourceFile& file =
        make_virtual(origin, display, std::move(doc.text), std::move(doc.offsets), target.span,
                     "written to " + path + " here");
    switch (kind.kind) {
      case FileKind::DaemonJson:
        model_.daemon_json.push_back(daemon_json::parse_with_opaque(json_, file, doc.opaque));
        sources_.daemon_json.push_back({file.id, file.path, model_.daemon_json.size() - 1});
        open_group(file.path, false, false);
        break;
      case FileKind::ConfigFileCandidate:
        sources_.candidate_documents.push_back(
            daemon_json::parse_with_opaque(json_, file, doc.opaque));
        sources_.config_candidates.push_back(
            {file.id, file.path, sources_.candidate_documents.size() - 1});
        open_group(file.path, false, false);
        break;
      case FileKind::SystemdService: add_unit(file, UnitDocument::Kind::Service); break;
      case FileKind::SystemdDropIn: add_unit(file, UnitDocument::Kind::DropIn); break;
      case FileKind::SystemdSocket: add_unit(file, UnitDocument::Kind::Socket); break;
      case FileKind::EnvFile:
        sources_.env_files.push_back(
            {file.id, file.path,
             envfile::parse_env_file(bash_, file.text, file.id, file.content_start)});
        open_group(file.path, false, false);
        break;
      case FileKind::ShellScript: add_script(file, false, write_depth + 1); break;
      case FileKind::Yaml: {
        carriers::Lowered lowered = carriers::lower_yaml(file, lookup_for(script));
        if (lowered.kind != carriers::YamlKind::None) add_carrier(file, lowered.document);
        break;
      }
      case FileKind::Dockerfile:
        add_carrier(file,
                    carriers::lower_dockerfile(dockerfile::parse(file.text, file.id), file.path));
        break;
      case FileKind::Terraform:
      case FileKind::Unknown: break;
    }
  }

  // A document that exists only inside another file; `offsets` maps each byte back to
  // `origin`, `note` is the related location a finding in it gets at `target`.
  const SourceFile& make_virtual(FileId origin, std::string display, std::string text,
                                 std::vector<std::uint32_t> offsets, Span target,
                                 std::string note) {
    const auto id = static_cast<FileId>(kVirtualBase + virtual_files_.size());
    virtual_files_.push_back(std::make_unique<SourceFile>(id, std::move(display), std::move(text)));
    virtual_origins_.push_back({origin, std::move(offsets), target, std::move(note)});
    return *virtual_files_.back();
  }

  // Terraform: boot payloads (user_data, custom_data, metadata_startup_script…) are cloud-init
  // YAML or shell scripts; inline ones are linted in place, file()/templatefile() targets in
  // the tree are linted as those files.
  void add_terraform(const SourceFile& file) {
    bool too_deep = false;
    const std::vector<terraform::Payload> payloads =
        terraform::find_payloads(file.text, file.id, &too_deep);
    if (too_deep) {
      problem({file.path,
               "partly skipped: expressions nested more than 200 levels deep stopped the reading "
               "of this file there",
               false});
    }
    if (payloads.empty()) return;
    ++result_.files_scanned;
    for (const terraform::Payload& payload : payloads) {
      if (payload.inline_content) {
        shell::WrittenText written;
        written.text = payload.content;
        written.unknown = payload.unknown;
        lint_payload(file, written, payload.attribute_span, payload.attribute);
        continue;
      }
      if (payload.referenced_path.empty()) continue;
      const SourceFile* target = lookup_for(file)(payload.referenced_path);
      if (target == nullptr || !linted_payloads_.insert(target->id)) continue;
      const std::string_view text = std::string_view(target->text).substr(target->content_start);
      if (text.starts_with("#cloud-config")) {
        carriers::Lowered lowered = carriers::lower_yaml(*target, lookup_for(*target));
        if (lowered.kind != carriers::YamlKind::None) add_carrier(*target, lowered.document);
      } else if (!by_discovery_.contains(target->id)) {
        add_script(*target, payload.referenced_is_template, 0);
      }
    }
  }

  void lint_payload(const SourceFile& file, const shell::WrittenText& content, Span attribute,
                    const std::string& name) {
    std::string_view text = content.text.text;
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    text.remove_prefix(first == std::string_view::npos ? text.size() : first);
    const bool cloud_config = text.starts_with("#cloud-config");
    Materialized doc = materialize(content, !cloud_config);
    const std::string note = "the " + name + " payload";
    if (cloud_config) {
      const SourceFile& yaml =
          make_virtual(file.id, file.path + ":" + name + ".yaml", std::move(doc.text),
                       std::move(doc.offsets), attribute, note);
      carriers::Lowered lowered = carriers::lower_yaml(yaml, lookup_for(file));
      if (lowered.kind != carriers::YamlKind::None) add_carrier(yaml, lowered.document);
      return;
    }
    SourcedText script;
    script.file = file.id;
    script.text = std::move(doc.text);
    script.offsets = std::move(doc.offsets);
    lint_script(file, shell::analyze_text(bash_, script), {}, 0);
  }

  // Maps a span in a written document back to the script bytes it came from.
  Span to_script(Span span) const {
    for (int hops = 0; is_virtual(span.file) && hops <= kMaxWriteDepth; ++hops) {
      const VirtualOrigin& origin = virtual_origins_[span.file - kVirtualBase];
      const auto& offsets = origin.offsets;
      if (offsets.empty()) return origin.target;
      const std::size_t b = std::min<std::size_t>(span.begin, offsets.size() - 1);
      const std::size_t e = std::clamp<std::size_t>(span.end, b + 1, offsets.size());
      // From where the first byte was written to the furthest byte after it: a value that
      // ends in an expanded variable ("tcp://0.0.0.0:$PORT") stays where it is written.
      const std::uint32_t low = offsets[b];
      std::uint32_t high = low;
      for (std::size_t k = b; k < e; ++k) {
        if (offsets[k] >= low) high = std::max(high, offsets[k]);
      }
      span = Span{origin.script, low, span.empty() ? low : high + 1};
    }
    return span;
  }

  void map_to_script(Finding& finding) {
    if (!is_virtual(finding.span.file)) {
      for (RelatedLocation& r : finding.related) r.span = to_script(r.span);
      return;
    }
    const VirtualOrigin& origin = virtual_origins_[finding.span.file - kVirtualBase];
    const Span target = origin.target;
    const std::string note = origin.note;
    finding.span = to_script(finding.span);
    for (RelatedLocation& r : finding.related) r.span = to_script(r.span);
    finding.related.push_back({to_script(target), note});
  }

  // The last findings of `file` have come (`group`): adds its hygiene findings, applies the
  // configuration's per-path-ignores (suppressed as "external"), level overrides and the
  // baseline, and emits them in report order (offset, rule id, message).
  void finish_file(std::vector<Finding>& group, FileId file, const std::string& path,
                   const std::function<void(Finding&&)>& emit) {
    if (const auto it = suppressions_.find(file); it != suppressions_.end()) {
      for (Finding& finding : it->second.hygiene(suppress_options_)) {
        const rules::RuleDef* rule = rules::find_rule(finding.rule_id);
        if (rule != nullptr && rule_enabled(options_, *rule)) group.push_back(std::move(finding));
      }
      suppressions_.erase(it);
    }
    if (group.empty()) return;
    if (!options_.per_path_ignores.empty() && file != kNoFile) {
      const std::string relative = config_relative(path);
      for (Finding& finding : group) {
        if (finding.suppressed()) continue;
        const rules::RuleDef* rule = rules::find_rule(finding.rule_id);
        if (rule == nullptr) continue;
        for (const EngineOptions::PathIgnore& ignore : options_.per_path_ignores) {
          if (!any_matches(ignore.rules, *rule) || !matches_any_glob({ignore.glob}, relative)) {
            continue;
          }
          finding.suppression =
              Suppression{Suppression::Kind::External, ignore.origin + ": " + ignore.glob};
          break;
        }
      }
    }
    for (Finding& finding : group) {
      const auto it = options_.level_overrides.find(finding.rule_id);
      if (it != options_.level_overrides.end()) finding.level = it->second;
    }
    std::stable_sort(group.begin(), group.end(), [](const Finding& a, const Finding& b) {
      return std::tie(a.span.begin, a.rule_id, a.message) <
             std::tie(b.span.begin, b.rule_id, b.message);
    });
    for (Finding& finding : group) {
      if (baseline_ && file != kNoFile) baseline_->apply(finding, files_[file]);
      emit(std::move(finding));
    }
    group.clear();
    files_.release();
  }

  // A display path relative to the configuration file's directory, as its globs are written.
  std::string config_relative(const std::string& display_path) const {
    if (options_.config_base.empty()) return display_path;
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(display_path, ec);
    if (ec) return display_path;
    const std::filesystem::path rel =
        absolute.lexically_normal().lexically_relative(options_.config_base);
    if (rel.empty() || *rel.begin() == "..") return display_path;
    return rel.generic_string();
  }

  // Groups the sources into daemons; a daemon.json no unit reads is a daemon of its own,
  // started without flags.
  void assemble() {
    AssemblyOutput assembled = assemble_daemons(sources_, model_);
    const std::vector<FileId>& used = assembled.used;
    std::vector<DaemonInstance>& daemons = assembled.daemons;
    // A --config-file that names another etc/docker/*.json: now it is a daemon.json.
    std::map<std::size_t, std::size_t> linked;  // candidate -> index in the model
    for (const auto& [daemon_index, candidate] : assembled.candidate_links) {
      auto [it, added] = linked.try_emplace(candidate, model_.daemon_json.size());
      if (added) {
        model_.daemon_json.push_back(std::move(sources_.candidate_documents[candidate]));
        if (!is_virtual(sources_.config_candidates[candidate].file)) ++result_.files_scanned;
      }
      DaemonInstance& daemon = daemons[daemon_index];
      daemon.daemon_json = it->second;
      daemon_json::lower(model_.daemon_json[it->second], daemon.inputs);
    }
    model_.unit_problems = std::move(assembled.unit_problems);
    for (const UnitDocument& unit : sources_.units) {
      if (!is_virtual(unit.file) && std::binary_search(used.begin(), used.end(), unit.file)) {
        ++result_.files_scanned;
      }
    }
    // Reserved once, and the vector then becomes the model's: a DaemonInstance is large, and
    // growing by doubling (or moving into a second vector) held two or three copies of them
    // at the peak of a scan with thousands of daemons.
    daemons.reserve(daemons.size() + sources_.daemon_json.size() + script_daemons_.size() +
                    relays_.size());
    for (const JsonDocumentRef& ref : sources_.daemon_json) {
      if (std::binary_search(used.begin(), used.end(), ref.file)) continue;
      DaemonInstance daemon;
      daemon.label = ref.path;
      daemon.file = ref.file;
      daemon.daemon_json = ref.index;
      daemon_json::lower(model_.daemon_json[ref.index], daemon.inputs);
      daemons.push_back(std::move(daemon));
    }
    for (DaemonInstance& daemon : script_daemons_) daemons.push_back(std::move(daemon));
    std::vector<DaemonInstance>().swap(script_daemons_);
    for (DaemonInstance& daemon : daemons) dockerd::resolve(daemon, options_.engine);
    for (DaemonInstance& relay : relays_) daemons.push_back(std::move(relay));
    std::vector<DaemonInstance>().swap(relays_);
    model_.daemons = std::move(daemons);
  }

  const EngineOptions& options_;
  ts::Parser json_;
  ts::Parser bash_;
  AssemblyInput sources_;
  std::vector<DaemonInstance> script_daemons_;
  std::vector<DaemonInstance> relays_;
  FileTable files_;
  // Files by the hash of their display path: a large scan's paths are on disk, not in keys.
  std::unordered_multimap<std::size_t, FileId> by_path_;
  Reader reader_;
  struct VirtualOrigin {
    FileId script;                       // the file (maybe itself virtual) the bytes are in
    std::vector<std::uint32_t> offsets;  // per byte of the document: its offset there
    Span target;                         // the path word, the payload attribute
    std::string note;                    // "written to /etc/docker/daemon.json here"
    bool kept_for_end = false;           // offsets still needed when the part is done
  };
  FileIdSet linted_payloads_;
  FileIdSet by_discovery_;
  FileIdSet json_files_;
  std::vector<std::unique_ptr<SourceFile>> virtual_files_;
  std::size_t virtual_released_ = 0;  // virtual_files_ before this one are released
  std::vector<VirtualOrigin> virtual_origins_;
  ScanModel model_;
  ScanResult result_;
  // Part by part: the directories of the groups read in this part, whether files come in
  // sorted order, and what the repository-wide rules read.
  std::vector<std::string> open_groups_;
  bool in_order_ = false;
  std::string last_path_;
  std::vector<FirewallRule> firewall_;
  struct ExposedListeners {
    std::vector<std::pair<std::uint64_t, Listener>> first;  // (order added, listener)
    std::size_t more = 0;
  };
  std::map<std::uint32_t, ExposedListeners> exposed_listeners_;  // by port
  std::uint64_t next_listener_ = 0;
  // Every finding, in report order, on disk past a few hundred; the inline suppressions of
  // the files read so far (by file), and how many files' comments have been read.
  FindingStore store_;
  suppress::Options suppress_options_;
  std::map<FileId, suppress::FileSuppressions> suppressions_;
  std::size_t directives_read_ = 0;
  std::optional<baseline::Applier> baseline_;
};

}  // namespace

namespace detail {

// Reads a whole regular file, refusing anything larger than `limit` without reading it.
// The file is opened without blocking and checked after opening (fstat on the descriptor),
// so a FIFO or device that replaced a listed file is refused, never read (a FIFO would
// block for ever), and a file that vanished since it was listed is reported.
std::optional<std::string> read_file(const std::string& path, std::uint64_t limit,
                                     ScanProblem& problem,
                                     const std::function<bool(std::string_view)>& matters) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    problem.message = "cannot read: " + std::generic_category().message(errno);
    return std::nullopt;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    problem.message = "cannot read: " + std::generic_category().message(errno);
    return std::nullopt;
  }
  if (!S_ISREG(info.st_mode)) {
    problem.message = S_ISFIFO(info.st_mode)   ? "skipped: not a regular file (FIFO)"
                      : S_ISCHR(info.st_mode)  ? "skipped: not a regular file (character device)"
                      : S_ISBLK(info.st_mode)  ? "skipped: not a regular file (block device)"
                      : S_ISSOCK(info.st_mode) ? "skipped: not a regular file (socket)"
                      : S_ISDIR(info.st_mode)  ? "skipped: a directory"
                                               : "skipped: not a regular file";
    problem.is_error = false;
    return std::nullopt;
  }
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size > limit) {
    problem.message = "skipped: " + std::to_string(size) + " bytes is above --max-file-size (" +
                      std::to_string(limit) + ")";
    problem.is_error = false;
    return std::nullopt;
  }
  if (matters && size > kReadChunk) {
    // Most large YAML and JSON files of a monorepo never mention Docker: they are scanned a
    // chunk at a time and never held whole. Each chunk is scanned with the end of the one
    // before, so a token across the boundary is found.
    constexpr std::size_t kOverlap = 32;  // longer than any prefilter token
    std::string window;
    std::string chunk(kReadChunk, '\0');
    bool found = false;
    for (bool first = true;; first = false) {
      const ssize_t n = ::read(fd, chunk.data(), chunk.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        problem.message = "cannot read: " + std::generic_category().message(errno);
        return std::nullopt;
      }
      if (n == 0) break;
      const std::string_view got(chunk.data(), static_cast<std::size_t>(n));
      if (first && looks_binary(got.substr(0, 8192))) return std::string(got);
      window.append(got);
      if (matters(window)) {
        found = true;
        break;
      }
      window.erase(0, window.size() > kOverlap ? window.size() - kOverlap : 0);
    }
    if (!found) {
      problem.message.clear();
      return std::nullopt;
    }
    // It matters: read whole, from the start.
    if (::lseek(fd, 0, SEEK_SET) != 0) {
      problem.message = "cannot read: " + std::generic_category().message(errno);
      return std::nullopt;
    }
  }
  std::string bytes;
  bytes.resize(static_cast<std::size_t>(size));
  std::size_t have = 0;
  while (have < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + have, bytes.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      problem.message = "cannot read: " + std::generic_category().message(errno);
      return std::nullopt;
    }
    if (n == 0) break;  // shrunk since it was measured
    have += static_cast<std::size_t>(n);
  }
  // The file may have grown since it was measured; what was read is what is linted.
  bytes.resize(have);
  return bytes;
}

}  // namespace detail

namespace {
using detail::read_file;

// A listed file after reading: what the serial analysis does with it.
struct Prepared {
  enum class Outcome { Lint, Problem, Irrelevant };
  Outcome outcome = Outcome::Irrelevant;
  std::string bytes;
  ScanProblem problem;
};

// The first bytes of a file, for the shebang test of extension-less files: most are not
// scripts (LICENSE, Makefile, binaries), and need not be read further. nullopt when it is
// not a regular file or cannot be read.
std::optional<std::string> read_head(const std::string& path, std::size_t limit) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return std::nullopt;
  struct stat info {};
  std::optional<std::string> head;
  // Anything but a regular file goes on to read_file, which says what it is.
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
    head.emplace(limit, '\0');
    ssize_t n = 0;
    do {
      n = ::read(fd, head->data(), head->size());
    } while (n < 0 && errno == EINTR);
    if (n < 0)
      head.reset();
    else
      head->resize(static_cast<std::size_t>(n));
  }
  ::close(fd);
  return head;
}

Prepared prepare(const Candidate& candidate, const EngineOptions& options) {
  Prepared prepared;
  const FileClass& file_class = candidate.file_class;
  if (file_class.kind == FileKind::ShellScript && file_class.needs_content_check) {
    // Not a script unless its first line says so; an unreadable one is reported below.
    const std::optional<std::string> head = read_head(candidate.path, 512);
    if (head && !has_shell_shebang(*head)) return prepared;
  }
  prepared.problem = {candidate.display_path, {}, true};
  const auto matters = [&](std::string_view bytes) {
    return prefilter::may_matter(file_class.kind, bytes);
  };
  // Only kinds the prefilter reads the bytes of (a daemon.json or unit always matters).
  const bool filtered = options.prefilter && !prefilter::may_matter(file_class.kind, {});
  std::optional<std::string> bytes =
      read_file(candidate.path, options.max_file_size, prepared.problem,
                filtered ? std::function<bool(std::string_view)>(matters) : nullptr);
  if (!bytes) {
    // An empty message: the prefilter dropped a large file read in chunks.
    if (!prepared.problem.message.empty()) prepared.outcome = Prepared::Outcome::Problem;
    return prepared;
  }
  if (looks_binary(std::string_view(*bytes).substr(0, 8192))) {
    prepared.outcome = Prepared::Outcome::Problem;
    prepared.problem = {candidate.display_path, "skipped: binary file (NUL bytes)", false};
    return prepared;
  }
  if (options.prefilter && !prefilter::may_matter(file_class.kind, *bytes)) return prepared;
  prepared.outcome = Prepared::Outcome::Lint;
  prepared.bytes = std::move(*bytes);
  return prepared;
}

unsigned worker_count(const EngineOptions& options) {
  if (options.jobs != 0) return options.jobs;
  return std::max(1u, std::thread::hardware_concurrency());
}

// Calls `consume` for each file discovery lists, in its order, with its Prepared. With more
// than one job, workers take files from discovery and prepare up to a window of them ahead
// of the consumer, so memory stays bounded by the window, not by the tree.
void for_each_prepared(Discovery& discovery, const EngineOptions& options,
                       const std::function<void(Candidate&, Prepared&)>& consume) {
  const unsigned jobs = worker_count(options);
  if (jobs <= 1) {
    while (std::optional<Candidate> candidate = discovery.next()) {
      Prepared prepared = prepare(*candidate, options);
      consume(*candidate, prepared);
    }
    return;
  }
  struct Slot {
    Candidate candidate;
    Prepared prepared;
  };
  const std::size_t window = 64 * static_cast<std::size_t>(jobs);
  std::vector<std::optional<Slot>> slots(window);  // file i lives in slot i % window
  std::mutex mutex;
  std::condition_variable slot_filled;
  std::condition_variable slot_freed;
  std::size_t next = 0;      // the index the next file from discovery gets
  std::size_t consumed = 0;  // files the consumer is done with
  bool listed_all = false;   // discovery is done: there are `next` files
  bool stop = false;
  const auto work = [&]() {
    std::unique_lock lock(mutex);
    for (;;) {
      slot_freed.wait(lock, [&] { return stop || listed_all || next < consumed + window; });
      if (stop || listed_all) return;
      // Discovery is not thread-safe and is in order: it runs under the lock.
      std::optional<Candidate> candidate = discovery.next();
      if (!candidate) {
        listed_all = true;
        slot_filled.notify_all();
        slot_freed.notify_all();
        return;
      }
      const std::size_t index = next++;
      lock.unlock();
      Prepared prepared = prepare(*candidate, options);
      lock.lock();
      slots[index % window] = Slot{std::move(*candidate), std::move(prepared)};
      slot_filled.notify_all();
    }
  };
  std::vector<std::thread> workers;
  workers.reserve(jobs);
  for (unsigned i = 0; i < jobs; ++i) workers.emplace_back(work);
  struct Joiner {
    std::vector<std::thread>& workers;
    std::mutex& mutex;
    bool& stop;
    std::condition_variable& freed;
    ~Joiner() {
      {
        std::lock_guard guard(mutex);
        stop = true;
      }
      freed.notify_all();
      for (std::thread& worker : workers) worker.join();
    }
  } joiner{workers, mutex, stop, slot_freed};
  for (std::size_t index = 0;; ++index) {
    Slot slot;
    {
      std::unique_lock lock(mutex);
      slot_filled.wait(
          lock, [&] { return slots[index % window].has_value() || (listed_all && index >= next); });
      if (!slots[index % window]) return;  // every file is done
      slot = std::move(*slots[index % window]);
      slots[index % window].reset();
    }
    consume(slot.candidate, slot.prepared);
    {
      std::lock_guard guard(mutex);
      consumed = index + 1;
    }
    slot_freed.notify_all();
  }
}
}  // namespace

std::optional<std::string> unknown_rule_selector(const EngineOptions& options) {
  std::vector<std::string> path_ignore_rules;
  for (const EngineOptions::PathIgnore& ignore : options.per_path_ignores) {
    path_ignore_rules.insert(path_ignore_rules.end(), ignore.rules.begin(), ignore.rules.end());
  }
  const std::vector<std::string>* lists[] = {&options.select, &options.ignore, &path_ignore_rules};
  for (const std::vector<std::string>* list : lists) {
    for (const std::string& selector : *list) {
      const auto rules = rules::all_rules();
      if (std::none_of(rules.begin(), rules.end(), [&](const rules::RuleDef* rule) {
            return selector_matches(selector, *rule);
          })) {
        return selector;
      }
    }
  }
  return std::nullopt;
}

std::vector<std::string> rules_matching(std::string_view selector) {
  std::vector<std::string> ids;
  for (const rules::RuleDef* rule : rules::all_rules()) {
    if (selector_matches(selector, *rule)) ids.emplace_back(rule->meta.id);
  }
  return ids;
}

ScanResult scan_paths(const std::vector<std::string>& paths, const EngineOptions& options) {
  Discovery discovery(paths, {options.excludes, options.config_base, options.config_excludes});
  Scan scan(options);
  // One argument is walked in sorted path order; several are listed in the order given.
  scan.set_sorted_walk(paths.size() == 1);
  // Includes and templates are read only inside what was given: a directory argument, or the
  // directory of a file argument.
  std::vector<std::filesystem::path> roots;
  for (const std::string& path : paths) {
    std::error_code ec;
    std::filesystem::path root = std::filesystem::weakly_canonical(path, ec);
    if (ec) continue;
    if (!std::filesystem::is_directory(root, ec)) root = root.parent_path();
    roots.push_back(std::move(root));
  }
  scan.set_reader([roots, &options](const std::string& display_path) -> std::optional<std::string> {
    std::error_code ec;
    const std::filesystem::path target = std::filesystem::weakly_canonical(display_path, ec);
    if (ec || !std::filesystem::is_regular_file(target, ec)) return std::nullopt;
    const bool inside = std::any_of(roots.begin(), roots.end(), [&](const auto& root) {
      const auto rel = target.lexically_relative(root);
      return !rel.empty() && *rel.begin() != "..";
    });
    if (!inside) return std::nullopt;
    ScanProblem ignored;
    return read_file(target, options.max_file_size, ignored);
  });
  // Reading and the prefilter run on worker threads; the analysis takes the files in
  // discovery order whatever finished first, so every -j gives the same report.
  for_each_prepared(discovery, options, [&](Candidate& candidate, Prepared& prepared) {
    switch (prepared.outcome) {
      case Prepared::Outcome::Problem: scan.problem(std::move(prepared.problem)); break;
      case Prepared::Outcome::Irrelevant: break;
      case Prepared::Outcome::Lint:
        scan.before(candidate.display_path);
        scan.add(std::move(candidate.display_path), std::move(prepared.bytes),
                 candidate.file_class);
        break;
    }
  });
  for (ScanProblem& problem : discovery.take_problems()) scan.problem(std::move(problem));
  ScanResult result = scan.finish();
  result.outside_roots = discovery.outside_roots();
  // Discovery reports in directory listing order, which differs between file systems and
  // between copies of one tree: sort, so that every report is byte-identical.
  std::stable_sort(result.problems.begin(), result.problems.end(),
                   [](const ScanProblem& a, const ScanProblem& b) { return a.path < b.path; });
  return result;
}

ScanResult scan_buffers(std::vector<InMemoryFile> files, const EngineOptions& options) {
  Scan scan(options);
  scan.set_sorted_walk(true);
  std::sort(files.begin(), files.end(), [](const InMemoryFile& a, const InMemoryFile& b) {
    return a.display_path < b.display_path;
  });
  auto contents = std::make_shared<std::map<std::string, std::string>>();
  for (const InMemoryFile& file : files) contents->emplace(file.display_path, file.bytes);
  scan.set_reader([contents](const std::string& path) -> std::optional<std::string> {
    const auto it = contents->find(path);
    if (it == contents->end()) return std::nullopt;
    return it->second;
  });
  for (InMemoryFile& file : files) {
    const FileClass file_class = file.forced ? *file.forced : classify_path(file.display_path);
    if (file_class.kind == FileKind::Unknown) continue;
    if (options.prefilter && !prefilter::may_matter(file_class.kind, file.bytes)) continue;
    scan.before(file.display_path);
    scan.add(std::move(file.display_path), std::move(file.bytes), file_class);
  }
  return scan.finish();
}

}  // namespace dl
