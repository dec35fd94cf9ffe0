// The only surface a rule sees: its metadata, the read-only model and a context to
// report findings into. Rules never include parser headers (CMake keeps them out).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "linter/core/finding.h"
#include "linter/core/level.h"
#include "linter/core/model.h"
#include "linter/core/span.h"

namespace dl::rules {

// A source the rule's documentation cites (moby code or docs, systemd, CWE, ...).
struct Reference {
  std::string_view title;
  std::string_view url;
};

// Documentation sections; every one is mandatory (registry_test checks it). Markdown.
struct RuleDoc {
  std::string_view what;          // what the rule finds
  std::string_view why;           // why it matters: the risk, with sources
  std::string_view bad_example;   // a daemon.json (or other input) that fires
  std::string_view good_example;  // the fixed version, which must stay clean
  std::string_view fix;           // how to remediate
  std::span<const Reference> references = {};
};

struct RuleMeta {
  std::string_view id;                     // "DE101": stable forever
  std::string_view name;                   // "tcp-without-tls": kebab-case, names the pattern
  Level level;                             // default level
  std::string_view security_severity;      // "9.8" (a CVSS-like score for GitHub), "" if none
  std::string_view summary;                // one line: `rules` table, SARIF shortDescription
  std::span<const std::string_view> tags;  // "security", "external/cwe/cwe-319", ...
  RuleDoc doc;
  // Path of the example file a doc example is linted as (decides the parser).
  std::string_view example_path = "daemon.json";
};

class RuleContext;
using CheckFn = void (*)(const ScanModel& model, RuleContext& ctx);

struct RuleDef {
  RuleMeta meta;
  CheckFn check;
  // Checked once, after every file, over a model that holds only the whole repository's
  // firewall rules and its daemons' TCP listeners (one daemon holds them all); every other
  // rule is checked on each part of the tree whose files assemble only among themselves.
  bool repository_wide = false;
};

// Collects a rule's findings; level comes from the rule's meta (config may override later).
class RuleContext {
 public:
  explicit RuleContext(const RuleDef& rule) : rule_(rule) {}

  class Report {
   public:
    explicit Report(Finding& finding) : finding_(finding) {}
    Report& related(Span span, std::string message) {
      if (span.valid()) finding_.related.push_back({span, std::move(message)});
      return *this;
    }
    // The firewall rules of the repository that accept `port` go here, once they are known.
    Report& firewall_context(std::uint32_t port) {
      finding_.firewall_context = Finding::PendingFirewallContext{port, finding_.related.size()};
      return *this;
    }

   private:
    Finding& finding_;
  };

  Report report(Span span, std::string message);
  std::vector<Finding> take() { return std::move(findings_); }
  const RuleDef& rule() const { return rule_; }

 private:
  const RuleDef& rule_;
  std::vector<Finding> findings_;
};

}  // namespace dl::rules
