#include "linter/engine/engine.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <system_error>

#include "linter/dockerd/command_line.h"
#include "linter/dockerd/flags.h"
#include "linter/dockerd/resolve.h"
#include "linter/engine/assembly.h"
#include "parsers/common/template_text.h"
#include "parsers/common/tree_sitter.h"
#include "parsers/daemon_json/lower.h"
#include "parsers/shell/script.h"
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

struct Document {
  FileClass file_class;
};

class Scan {
 public:
  explicit Scan(const EngineOptions& options)
      : options_(options), json_(ts::Grammar::Json), bash_(ts::Grammar::Bash) {
    model_.engine = options.engine;
    result_.engine_version = options.engine.to_string();
  }

  void add(std::string display_path, std::string bytes, FileClass file_class) {
    if (file_class.needs_content_check) {
      if (file_class.kind == FileKind::DaemonJson && !looks_like_json_object(bytes)) return;
      if (file_class.kind == FileKind::ShellScript && !has_shell_shebang(bytes)) return;
    }
    const auto id = static_cast<FileId>(result_.files.size());
    result_.files.emplace_back(id, std::move(display_path), std::move(bytes));
    const SourceFile& file = result_.files.back();
    switch (file_class.kind) {
      case FileKind::DaemonJson: add_daemon_json(file, file_class.is_template); break;
      case FileKind::SystemdService: add_unit(file, UnitDocument::Kind::Service); break;
      case FileKind::SystemdDropIn: add_unit(file, UnitDocument::Kind::DropIn); break;
      case FileKind::SystemdSocket: add_unit(file, UnitDocument::Kind::Socket); break;
      case FileKind::EnvFile: add_env_file(file); break;
      case FileKind::ShellScript: add_script(file, file_class.is_template); break;
      case FileKind::ConfigFileCandidate:
        sources_.candidate_documents.push_back(daemon_json::parse(json_, file, false));
        sources_.config_candidates.push_back(
            {file.id, file.path, sources_.candidate_documents.size() - 1});
        break;
      case FileKind::Unknown: break;
    }
  }

  void problem(ScanProblem p) { result_.problems.push_back(std::move(p)); }

  ScanResult finish() {
    assemble();
    for (const rules::RuleDef* rule : rules::all_rules()) {
      if (!rule_enabled(options_, *rule)) continue;
      rules::RuleContext ctx(*rule);
      rule->check(model_, ctx);
      for (Finding& finding : ctx.take()) result_.findings.push_back(std::move(finding));
    }
    auto& files = result_.files;
    std::sort(result_.findings.begin(), result_.findings.end(),
              [&](const Finding& a, const Finding& b) {
                const std::string& pa = files[a.span.file].path;
                const std::string& pb = files[b.span.file].path;
                if (pa != pb) return pa < pb;
                if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
                if (a.rule_id != b.rule_id) return a.rule_id < b.rule_id;
                return a.message < b.message;
              });
    std::sort(result_.problems.begin(), result_.problems.end(),
              [](const ScanProblem& a, const ScanProblem& b) { return a.path < b.path; });
    return std::move(result_);
  }

 private:
  void add_daemon_json(const SourceFile& file, bool is_template) {
    ++result_.files_scanned;
    model_.daemon_json.push_back(daemon_json::parse(json_, file, is_template));
    sources_.daemon_json.push_back({file.id, file.path, model_.daemon_json.size() - 1});
  }

  void add_unit(const SourceFile& file, UnitDocument::Kind kind) {
    UnitDocument doc;
    doc.file = file.id;
    doc.path = file.path;
    doc.kind = kind;
    doc.unit = systemd::parse_unit(file.text, file.id, file.content_start);
    sources_.units.push_back(std::move(doc));
  }

  void add_env_file(const SourceFile& file) {
    ++result_.files_scanned;
    sources_.env_files.push_back(
        {file.id, file.path,
         envfile::parse_env_file(bash_, file.text, file.id, file.content_start)});
  }

  // Every reachable command of a script that starts dockerd is a daemon of its own, with the
  // flags written there (issue 4 adds what scripts write to files and client settings).
  void add_script(const SourceFile& file, bool is_template) {
    ++result_.files_scanned;
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
        ++result_.files_scanned;
      }
      DaemonInstance& daemon = daemons[daemon_index];
      daemon.daemon_json = it->second;
      daemon_json::lower(model_.daemon_json[it->second], daemon.inputs);
    }
    model_.unit_problems = std::move(assembled.unit_problems);
    for (const UnitDocument& unit : sources_.units) {
      if (std::binary_search(used.begin(), used.end(), unit.file)) ++result_.files_scanned;
    }
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
    for (DaemonInstance& daemon : daemons) {
      dockerd::resolve(daemon, options_.engine);
      model_.daemons.push_back(std::move(daemon));
    }
  }

  const EngineOptions& options_;
  ts::Parser json_;
  ts::Parser bash_;
  AssemblyInput sources_;
  std::vector<DaemonInstance> script_daemons_;
  ScanModel model_;
  ScanResult result_;
};

// Reads a whole file, refusing anything larger than `limit` without reading it.
std::optional<std::string> read_file(const std::filesystem::path& path, std::uint64_t limit,
                                     ScanProblem& problem) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    problem.message = "cannot read: " + ec.message();
    return std::nullopt;
  }
  if (size > limit) {
    problem.message = "skipped: " + std::to_string(size) + " bytes is above --max-file-size (" +
                      std::to_string(limit) + ")";
    problem.is_error = false;
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problem.message = "cannot read: permission denied or file vanished";
    return std::nullopt;
  }
  std::string bytes;
  bytes.resize(static_cast<std::size_t>(size));
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) {
    problem.message = "cannot read: I/O error";
    return std::nullopt;
  }
  // The file may have grown since it was measured; what was read is what is linted.
  return bytes;
}

}  // namespace

std::optional<std::string> unknown_rule_selector(const EngineOptions& options) {
  for (const auto* list : {&options.select, &options.ignore}) {
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

ScanResult scan_paths(const std::vector<std::string>& paths, const EngineOptions& options) {
  Discovery discovery = discover(paths, {options.excludes});
  Scan scan(options);
  for (ScanProblem& problem : discovery.problems) scan.problem(std::move(problem));
  for (Candidate& candidate : discovery.files) {
    ScanProblem problem{candidate.display_path, {}, true};
    std::optional<std::string> bytes = read_file(candidate.path, options.max_file_size, problem);
    if (!bytes) {
      scan.problem(std::move(problem));
      continue;
    }
    if (looks_binary(std::string_view(*bytes).substr(0, 8192))) {
      scan.problem({candidate.display_path, "skipped: binary file (NUL bytes)", false});
      continue;
    }
    scan.add(std::move(candidate.display_path), std::move(*bytes), candidate.file_class);
  }
  return scan.finish();
}

ScanResult scan_buffers(std::vector<InMemoryFile> files, const EngineOptions& options) {
  Scan scan(options);
  std::sort(files.begin(), files.end(), [](const InMemoryFile& a, const InMemoryFile& b) {
    return a.display_path < b.display_path;
  });
  for (InMemoryFile& file : files) {
    const FileClass file_class = file.forced ? *file.forced : classify_path(file.display_path);
    if (file_class.kind == FileKind::Unknown) continue;
    scan.add(std::move(file.display_path), std::move(file.bytes), file_class);
  }
  return scan.finish();
}

}  // namespace dl
