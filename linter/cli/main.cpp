// dockerd-lint: find insecure Docker daemon API exposure in infrastructure repositories.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

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

std::string explain(const dl::rules::RuleDef& rule) {
  const auto& m = rule.meta;
  std::string out = "# " + std::string(m.id) + " " + std::string(m.name) + "\n\n";
  out += "Level: " + std::string(dl::to_string(m.level));
  if (!m.security_severity.empty())
    out += ", security severity " + std::string(m.security_severity);
  out += "\n\n" + std::string(m.summary) + "\n\n";
  out += "## What it does\n\n" + std::string(m.doc.what) + "\n\n";
  out += "## Why is this bad?\n\n" + std::string(m.doc.why) + "\n\n";
  out += "## Example\n\n```json\n" + std::string(m.doc.bad_example) + "```\n\n";
  out += "## Use instead\n\n```json\n" + std::string(m.doc.good_example) + "```\n\n";
  out += "## How to fix\n\n" + std::string(m.doc.fix) + "\n";
  return out;
}

// Writes `text` to `path` atomically (temp file + rename), or to stdout when empty.
bool emit(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0;
  }
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out || !out.write(text.data(), static_cast<std::streamsize>(text.size()))) {
      std::remove(temporary.c_str());
      return false;
    }
  }
  return std::rename(temporary.c_str(), path.c_str()) == 0;
}

}  // namespace

int main(int argc, char** argv) {
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

  CLI::App* check = app.add_subcommand("check", "lint files and directories (default: .)");
  check->add_option("paths", paths, "files or directories to scan");
  check
      ->add_option("-f,--format,--output-format", format,
                   "text, json, sarif, github, gitlab, junit or checkstyle")
      ->check(CLI::IsMember({"text", "json", "sarif", "github", "gitlab", "junit", "checkstyle"}));
  check->add_option("-o,--output", output, "write the report to FILE instead of stdout");
  // One value per occurrence (repeat the option or use commas), so that a path after the
  // option is not taken as another rule.
  check->add_option("--select", select, "only these rules (ids, names, or a prefix like DE1)")
      ->delimiter(',')
      ->allow_extra_args(false);
  check->add_option("--ignore", ignore, "skip these rules (ids, names or prefixes)")
      ->delimiter(',')
      ->allow_extra_args(false);
  check->add_option("--exclude", excludes, "skip paths matching this glob (repeatable)")
      ->allow_extra_args(false);
  check
      ->add_option("--fail-on", fail_on,
                   "exit 1 when a finding is at or above this level (default: note)")
      ->check(CLI::IsMember({"error", "warning", "note", "never"}));
  check->add_option("--engine-version", engine_version,
                    "dockerd version whose semantics apply (default: " +
                        dl::dockerd::kCurrentEngine.to_string() + "; 20.10 changed --tls)");
  check->add_option("--category", category, "SARIF automationDetails category");
  check->add_option("--max-file-size", max_file_size,
                    "skip (and report) files larger than this many bytes (default: 10 MiB)");
  check->add_flag("--no-source", no_source, "text output without the source line and caret");

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
    std::cout << explain(*rule);
    return kExitClean;
  }

  dl::EngineOptions options;
  const auto version = dl::dockerd::EngineVersion::parse(engine_version);
  if (!version) {
    std::cerr << "dockerd-lint: --engine-version: \"" << engine_version
              << "\" is not a version such as 20.10 or 29.7\n";
    return kExitUsage;
  }
  options.engine = *version;
  options.select = select;
  options.ignore = ignore;
  options.excludes = excludes;
  options.max_file_size = max_file_size;
  if (auto unknown = dl::unknown_rule_selector(options)) {
    std::cerr << "dockerd-lint: unknown rule \"" << *unknown << "\" (see `dockerd-lint rules`)\n";
    return kExitUsage;
  }
  if (paths.empty()) paths.push_back(".");

  dl::ScanResult result;
  try {
    result = dl::scan_paths(paths, options);
  } catch (const std::exception& e) {
    std::cerr << "dockerd-lint: internal error: " << e.what() << "\n";
    return kExitUsage;
  }

  bool io_error = false;
  for (const dl::ScanProblem& problem : result.problems) {
    std::cerr << "dockerd-lint: " << dl::escape_for_terminal(problem.path) << ": "
              << dl::escape_for_terminal(problem.message) << "\n";
    io_error = io_error || problem.is_error;
  }

  std::string report;
  if (format == "json") {
    report = dl::format_json(result, DL_VERSION);
  } else if (format == "sarif") {
    report = dl::sarif::write_sarif(result, {DL_VERSION, category});
  } else if (format == "github") {
    report = dl::format_github(result);
  } else if (format == "gitlab") {
    report = dl::format_gitlab(result);
  } else if (format == "junit") {
    report = dl::format_junit(result);
  } else if (format == "checkstyle") {
    report = dl::format_checkstyle(result);
  } else {
    report = dl::format_text(result, {.show_source = !no_source});
  }
  if (!emit(report, output)) {
    std::cerr << "dockerd-lint: cannot write " << output << "\n";
    return kExitUsage;
  }
  if (io_error) return kExitUsage;
  if (fail_on == "never") return kExitClean;
  const dl::Level threshold = *dl::parse_level(fail_on);
  for (const dl::Finding& finding : result.findings) {
    if (finding.level >= threshold) return kExitFindings;
  }
  return kExitClean;
}
