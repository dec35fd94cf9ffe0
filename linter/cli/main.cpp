// dockerd-lint: find insecure Docker daemon API exposure in infrastructure repositories.
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "linter/docs/rule_docs.h"
#include "linter/engine/baseline.h"
#include "linter/engine/config.h"
#include "linter/engine/engine.h"
#include "linter/engine/report.h"
#include "rules/registry.h"
#include "sarif/sarif_writer.h"

namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

std::string rules_table() {
  std::string out = "ID     NAME                        LEVEL    SEVERITY  SUMMARY\n";
  for (const dl::rules::RuleDef* rule : dl::rules::all_rules()) {
    const auto& m = rule->meta;
    std::string line = std::string(m.id) + "  " + std::string(m.name);
    line.resize(std::max<std::size_t>(line.size() + 1, 35), ' ');
    line += std::string(dl::to_string(m.level));
    line.resize(std::max<std::size_t>(line.size() + 1, 44), ' ');
    line += m.security_severity.empty() ? "-" : std::string(m.security_severity);
    line.resize(std::max<std::size_t>(line.size() + 1, 54), ' ');
    out += line + std::string(m.summary) + "\n";
  }
  return out;
}

// Runs `write` into `path` atomically (temp file + rename), or into stdout when empty; a
// report is written as it is printed, never held whole.
bool emit_with(const std::function<void(std::ostream&)>& write, const std::string& path) {
  if (path.empty() || path == "-") {
    write(std::cout);
    std::cout.flush();
    return !std::cout.fail() && std::fflush(stdout) == 0;
  }
  const std::string temporary = path + ".tmp";
  bool written = false;
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (out) {
      try {
        write(out);
      } catch (...) {
        out.close();
        std::remove(temporary.c_str());
        throw;
      }
      out.close();
      written = !out.fail();
    }
  }
  if (!written) {
    std::remove(temporary.c_str());
    return false;
  }
  return std::rename(temporary.c_str(), path.c_str()) == 0;
}

bool emit(const std::string& text, const std::string& path) {
  return emit_with(
      [&](std::ostream& out) { out.write(text.data(), static_cast<std::streamsize>(text.size())); },
      path);
}

std::vector<std::pair<std::string, std::string>> environment_variables() {
  std::vector<std::pair<std::string, std::string>> out;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const std::size_t equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    out.emplace_back(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
  }
  return out;
}

// The value of a setting: the command line's when given, else the environment's, else the
// configuration file's, else the default already in `value`.
template <typename T>
void layer(T& value, const CLI::Option* flag, const std::optional<T>& from_environment,
           const std::optional<T>& from_file) {
  if (flag->count() > 0) return;
  if (from_environment) {
    value = *from_environment;
  } else if (from_file) {
    value = *from_file;
  }
}

int usage_error(const std::string& message) {
  std::cerr << "dockerd-lint: " << dl::escape_for_terminal(message) << "\n";
  return kExitUsage;
}

}  // namespace

namespace {

int run(int argc, char** argv) {
  CLI::App app{"dockerd-lint: finds insecure Docker daemon API exposure before it ships"};
  app.set_version_flag("--version", std::string("dockerd-lint ") + DL_VERSION);
  app.require_subcommand(1);

  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  std::vector<std::string> excludes;
  std::string fail_on = "note";
  std::string engine_version = dl::dockerd::kCurrentEngine.to_string();
  std::string category = "dockerd-lint";
  std::uint64_t max_file_size = 10 * 1024 * 1024;
  bool no_source = false;
  std::string config_path;
  bool no_config = false;
  bool no_inline_suppressions = false;
  std::string baseline_path;
  std::string write_baseline_path;
  std::string color = "auto";
  bool sarif_absolute_uris = false;
  unsigned jobs = 0;

  CLI::App* check = app.add_subcommand("check", "lint files and directories (default: .)");
  check->add_option("paths", paths, "files or directories to scan");
  CLI::Option* format_flag =
      check
          ->add_option("-f,--format,--output-format", format,
                       "text, json, sarif, github, gitlab, junit or checkstyle")
          ->check(CLI::IsMember(dl::config::kFormats));
  check->add_option("-o,--output", output, "write the report to FILE instead of stdout");
  // One value per occurrence (repeat the option or use commas), so that a path after the
  // option is not taken as another rule.
  CLI::Option* select_flag =
      check->add_option("--select", select, "only these rules (ids, names, or a prefix like DE1)")
          ->delimiter(',')
          ->allow_extra_args(false);
  CLI::Option* ignore_flag =
      check->add_option("--ignore", ignore, "skip these rules (ids, names or prefixes)")
          ->delimiter(',')
          ->allow_extra_args(false);
  check->add_option("--exclude", excludes, "skip paths matching this glob (repeatable)")
      ->allow_extra_args(false);
  CLI::Option* fail_on_flag =
      check
          ->add_option("--fail-on", fail_on,
                       "exit 1 when a finding is at or above this level (default: note)")
          ->check(CLI::IsMember(dl::config::kFailOn));
  CLI::Option* engine_flag = check->add_option(
      "--engine-version", engine_version,
      "dockerd version whose semantics apply (default: " + dl::dockerd::kCurrentEngine.to_string() +
          "; 20.10 changed --tls)");
  CLI::Option* category_flag =
      check->add_option("--category", category, "SARIF automationDetails category");
  check->add_flag("--sarif-absolute-uris", sarif_absolute_uris,
                  "SARIF URIs as absolute file:// paths (default: relative to the scan root, so "
                  "no machine path is written)");
  check
      ->add_option("-j,--jobs", jobs,
                   "files read and parsed in parallel (default: 0, one per CPU); the report is "
                   "the same for every value")
      ->check(CLI::Range(0u, 1024u));
  check->add_option("--max-file-size", max_file_size,
                    "skip (and report) files larger than this many bytes (default: 10 MiB)");
  check->add_flag("--no-source", no_source, "text output without the source line and caret");
  check
      ->add_option("--color,--colour", color,
                   "colour text output: auto (on a terminal, unless NO_COLOR is set), always, "
                   "never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  check->add_option("--config", config_path,
                    "read this configuration file instead of searching for .dockerd-lint.yaml");
  check->add_flag("--no-config", no_config,
                  "read no configuration file (DOCKERD_LINT_* variables still apply)");
  check->add_flag("--no-inline-suppressions", no_inline_suppressions,
                  "ignore every `# dockerd-lint: disable-…` comment (for audits)");
  check->add_option("--baseline", baseline_path,
                    "report only findings that are not in this baseline file");
  check->add_option("--write-baseline", write_baseline_path,
                    "write the current findings to this baseline file, and exit 0");

  CLI::App* rules = app.add_subcommand("rules", "list every rule");
  CLI::App* explain_cmd = app.add_subcommand("explain", "show a rule's documentation");
  std::string rule_to_explain;
  explain_cmd->add_option("rule", rule_to_explain, "rule id or name, e.g. DE101")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }

  if (rules->parsed()) {
    std::cout << rules_table();
    return kExitClean;
  }
  if (explain_cmd->parsed()) {
    const dl::rules::RuleDef* rule = dl::rules::find_rule(rule_to_explain);
    if (rule == nullptr) {
      std::cerr << "dockerd-lint: no rule named \"" << rule_to_explain
                << "\" (see `dockerd-lint rules`)\n";
      return kExitUsage;
    }
    std::cout << dl::docs::render_rule_page(*rule);
    return kExitClean;
  }

  if (paths.empty()) paths.push_back(".");

  // Environment, then the configuration file: both lose to the command line.
  const dl::config::EnvironmentOutcome environment =
      dl::config::from_environment(environment_variables());
  if (!environment.error.empty()) return usage_error(environment.error);
  for (const std::string& warning : environment.warnings) {
    std::cerr << "dockerd-lint: warning: " << dl::escape_for_terminal(warning) << "\n";
  }
  if (config_path.empty() && environment.config_path) config_path = *environment.config_path;
  dl::config::Config config;
  if (!config_path.empty()) {
    dl::config::ParseOutcome loaded = dl::config::load(config_path);
    if (!loaded.config) return usage_error(loaded.error);
    config = std::move(*loaded.config);
  } else if (!no_config) {
    if (const auto found = dl::config::find(paths)) {
      dl::config::ParseOutcome loaded = dl::config::load(*found);
      if (!loaded.config) return usage_error(loaded.error);
      config = std::move(*loaded.config);
    }
  }
  const dl::config::Settings& file = config.settings;
  const dl::config::Settings& env = environment.settings;
  layer(format, format_flag, env.format, std::optional<std::string>{});
  layer(select, select_flag, env.select, file.select);
  layer(ignore, ignore_flag, env.ignore, file.ignore);
  layer(fail_on, fail_on_flag, env.fail_on, file.fail_on);
  layer(engine_version, engine_flag, env.engine_version, file.engine_version);
  layer(category, category_flag, env.category, file.category);

  dl::EngineOptions options;
  const auto version = dl::dockerd::EngineVersion::parse(engine_version);
  if (!version) {
    return usage_error("--engine-version: \"" + engine_version +
                       "\" is not a version such as 20.10 or 29.7");
  }
  options.engine = *version;
  options.select = select;
  options.jobs = jobs;
  options.ignore = ignore;
  options.excludes = excludes;  // excludes add up: command line, environment, file
  if (env.exclude)
    options.excludes.insert(options.excludes.end(), env.exclude->begin(), env.exclude->end());
  if (file.exclude) options.config_excludes = *file.exclude;
  options.config_base = config.base.string();
  options.per_path_ignores = file.per_path_ignores;
  options.level_overrides = file.overrides;
  options.inline_suppressions = !no_inline_suppressions;
  options.max_file_size = max_file_size;
  if (auto unknown = dl::unknown_rule_selector(options)) {
    return usage_error("unknown rule \"" + *unknown + "\" (see `dockerd-lint rules`)");
  }

  if (!baseline_path.empty() && write_baseline_path.empty()) {
    dl::baseline::LoadOutcome loaded = dl::baseline::load(baseline_path);
    if (!loaded.baseline) return usage_error(loaded.error);
    options.baseline = std::move(loaded.baseline);
    std::error_code ec;
    options.baseline_base =
        std::filesystem::absolute(baseline_path, ec).lexically_normal().parent_path();
    options.baseline_justification = "in the baseline " + baseline_path;
  }

  dl::ScanResult result;
  try {
    result = dl::scan_paths(paths, options);
  } catch (const std::exception& e) {
    std::cerr << "dockerd-lint: internal error: " << e.what() << "\n";
    return kExitUsage;
  }

  if (!write_baseline_path.empty()) {
    std::error_code ec;
    const auto base =
        std::filesystem::absolute(write_baseline_path, ec).lexically_normal().parent_path();
    if (!emit(dl::baseline::write(result, base), write_baseline_path)) {
      return usage_error("cannot write " + write_baseline_path);
    }
    std::size_t count = 0;
    result.for_each_finding(
        [&](const dl::Finding& finding) { count += finding.suppressed() ? 0 : 1; });
    std::cerr << "dockerd-lint: wrote " << count << (count == 1 ? " finding" : " findings")
              << " to " << dl::escape_for_terminal(write_baseline_path) << "\n";
    for (const dl::ScanProblem& problem : result.problems) {
      if (problem.is_error) return kExitUsage;
    }
    return kExitClean;
  }

  bool io_error = false;
  for (const dl::ScanProblem& problem : result.problems) {
    std::cerr << "dockerd-lint: " << dl::escape_for_terminal(problem.path) << ": "
              << dl::escape_for_terminal(problem.message) << "\n";
    io_error = io_error || problem.is_error;
  }

  std::function<void(std::ostream&)> write;
  if (format == "json") {
    write = [&](std::ostream& out) { dl::write_json(out, result, DL_VERSION); };
  } else if (format == "sarif") {
    dl::sarif::UriOptions uris;
    uris.absolute = sarif_absolute_uris;
    if (sarif_absolute_uris) {
      std::error_code ec;
      uris.working_directory = std::filesystem::current_path(ec).string();
    }
    write = [&result, &category, uris](std::ostream& out) {
      dl::sarif::write_sarif(out, result, {DL_VERSION, category}, uris);
    };
  } else if (format == "github" || format == "gitlab" || format == "junit" ||
             format == "checkstyle") {
    const auto writer = format == "github"   ? dl::write_github
                        : format == "gitlab" ? dl::write_gitlab
                        : format == "junit"  ? dl::write_junit
                                             : dl::write_checkstyle;
    write = [&result, writer](std::ostream& out) { writer(out, result); };
  } else {
    const bool to_terminal = (output.empty() || output == "-") && isatty(fileno(stdout)) == 1;
    const dl::ColorMode mode = color == "always"  ? dl::ColorMode::Always
                               : color == "never" ? dl::ColorMode::Never
                                                  : dl::ColorMode::Auto;
    const dl::TextOptions text_options{
        .show_source = !no_source,
        .color = dl::use_color(mode, to_terminal, std::getenv("NO_COLOR"), std::getenv("TERM"))};
    write = [&result, text_options](std::ostream& out) {
      dl::write_text(out, result, text_options);
    };
  }
  if (!emit_with(write, output)) {
    const bool to_stdout = output.empty() || output == "-";
    std::cerr << "dockerd-lint: cannot write "
              << (to_stdout ? "the report to standard output" : output) << "\n";
    return kExitUsage;
  }
  if (io_error) return kExitUsage;
  if (fail_on == "never") return kExitClean;
  const dl::Level threshold = *dl::parse_level(fail_on);
  bool at_threshold = false;
  result.for_each_finding([&](const dl::Finding& finding) {
    at_threshold = at_threshold || (!finding.suppressed() && finding.level >= threshold);
  });
  return at_threshold ? kExitFindings : kExitClean;
}

}  // namespace

int main(int argc, char** argv) {
  // A large scan reads its findings and files back from temporary files while it reports;
  // should that fail, the user is told, rather than the process ending on an exception.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "dockerd-lint: internal error: " << e.what() << "\n";
    return kExitUsage;
  }
}
