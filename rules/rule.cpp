#include "rules/rule.h"

namespace dl::rules {

RuleContext::Report RuleContext::report(Span span, std::string message) {
  Finding finding;
  finding.rule_id = std::string(rule_.meta.id);
  finding.level = rule_.meta.level;
  finding.message = std::move(message);
  finding.span = span;
  findings_.push_back(std::move(finding));
  return Report(findings_.back());
}

}  // namespace dl::rules
