#include <array>
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <string>

#include "linter/core/utf8.h"
#include "linter/engine/json_splice.h"
#include "linter/engine/report.h"
#include "rules/registry.h"

namespace dl {
namespace {

using ordered_json = nlohmann::ordered_json;

ordered_json region(const ScanResult& result, Span span) {
  const SourceFile& file = result.file(span.file);
  const Position begin = file.position(span.begin);
  const Position end = file.position(span.end);
  return ordered_json{{"path", utf8::sanitize(file.path)},
                      {"line", begin.line},
                      {"column", begin.column},
                      {"end_line", end.line},
                      {"end_column", end.column},
                      {"byte_offset", span.begin},
                      {"byte_length", span.end - span.begin}};
}

// One finding as its JSON object.
ordered_json finding_entry(const ScanResult& result, const Finding& finding) {
  const rules::RuleDef* rule = rules::find_rule(finding.rule_id);
  ordered_json related = ordered_json::array();
  for (const RelatedLocation& r : finding.related) {
    ordered_json entry = region(result, r.span);
    entry["message"] = utf8::sanitize(r.message);
    related.push_back(std::move(entry));
  }
  ordered_json entry{{"rule_id", utf8::sanitize(finding.rule_id)},
                     {"rule_name", rule ? std::string(rule->meta.name) : std::string()},
                     {"level", std::string(to_string(finding.level))},
                     {"message", utf8::sanitize(finding.message)}};
  entry.update(region(result, finding.span));
  entry["related"] = std::move(related);
  if (finding.suppressed()) {
    const Suppression& s = *finding.suppression;
    entry["suppression"] = {
        {"kind", s.kind == Suppression::Kind::InSource ? "inSource" : "external"},
        {"justification", utf8::sanitize(s.justification)}};
  }
  return entry;
}

}  // namespace

void write_json(std::ostream& out, const ScanResult& result, const std::string& tool_version) {
  std::map<std::string, std::size_t> by_rule;
  std::array<std::size_t, 3> per_level{};
  std::size_t suppressed = 0;
  result.for_each_finding([&](const Finding& finding) {
    if (finding.suppressed()) {
      ++suppressed;
    } else {
      ++by_rule[utf8::sanitize(finding.rule_id)];
      ++per_level[static_cast<std::size_t>(finding.level)];
    }
  });
  ordered_json problems = ordered_json::array();
  for (const ScanProblem& problem : result.problems) {
    problems.push_back({{"path", utf8::sanitize(problem.path)},
                        {"message", utf8::sanitize(problem.message)},
                        {"error", problem.is_error}});
  }
  ordered_json rules_count = ordered_json::object();
  for (const auto& [id, n] : by_rule) rules_count[id] = n;
  ordered_json summary{{"files_scanned", result.files_scanned},
                       {"findings", per_level[0] + per_level[1] + per_level[2]},
                       {"suppressed", suppressed},
                       {"by_level",
                        {{"error", per_level[static_cast<std::size_t>(Level::Error)]},
                         {"warning", per_level[static_cast<std::size_t>(Level::Warning)]},
                         {"note", per_level[static_cast<std::size_t>(Level::Note)]}}},
                       {"by_rule", std::move(rules_count)}};
  // The findings are printed one at a time into their place in the document.
  const ordered_json document{{"schema_version", kJsonSchemaVersion},
                              {"tool", "dockerd-lint"},
                              {"version", utf8::sanitize(tool_version)},
                              {"engine_version", utf8::sanitize(result.engine_version)},
                              {"files_scanned", result.files_scanned},
                              {"summary", std::move(summary)},
                              {"findings", ordered_json::array()},
                              {"problems", std::move(problems)}};
  const std::string printed = document.dump(2);
  SplicedArray findings(out, printed, "\n  \"findings\": []");
  result.for_each_finding(
      [&](const Finding& finding) { findings.add(finding_entry(result, finding).dump(2)); });
  findings.finish();
  out << '\n';
}

std::string format_json(const ScanResult& result, const std::string& tool_version) {
  std::ostringstream out;
  write_json(out, result, tool_version);
  return std::move(out).str();
}

}  // namespace dl
