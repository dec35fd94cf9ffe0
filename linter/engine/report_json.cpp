#include <nlohmann/json.hpp>

#include "linter/core/utf8.h"
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

}  // namespace

std::string format_json(const ScanResult& result, const std::string& tool_version) {
  ordered_json findings = ordered_json::array();
  for (const Finding& finding : result.findings) {
    const rules::RuleDef* rule = rules::find_rule(finding.rule_id);
    ordered_json related = ordered_json::array();
    for (const RelatedLocation& r : finding.related) {
      ordered_json entry = region(result, r.span);
      entry["message"] = utf8::sanitize(r.message);
      related.push_back(std::move(entry));
    }
    ordered_json entry{{"rule_id", finding.rule_id},
                       {"rule_name", rule ? std::string(rule->meta.name) : std::string()},
                       {"level", std::string(to_string(finding.level))},
                       {"message", utf8::sanitize(finding.message)}};
    entry.update(region(result, finding.span));
    entry["related"] = std::move(related);
    findings.push_back(std::move(entry));
  }
  ordered_json problems = ordered_json::array();
  for (const ScanProblem& problem : result.problems) {
    problems.push_back({{"path", utf8::sanitize(problem.path)},
                        {"message", utf8::sanitize(problem.message)},
                        {"error", problem.is_error}});
  }
  ordered_json document{{"tool", "dockerd-lint"},
                        {"version", tool_version},
                        {"engine_version", result.engine_version},
                        {"files_scanned", result.files_scanned},
                        {"findings", std::move(findings)},
                        {"problems", std::move(problems)}};
  return document.dump(2) + "\n";
}

}  // namespace dl
