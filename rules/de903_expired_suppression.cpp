// DE903: a suppression's expiry date has passed (the suppression no longer applies).
//
// Suppression hygiene is checked by the engine's suppression pass
// (linter/engine/suppressions.cpp), which needs every other rule's findings first; the rule
// is here for its id, metadata and documentation, and so that select/ignore apply to it.
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"maintainability", "suppression"};
constexpr Reference kReferences[] = {
    {"tfsec: ignoring checks, with expiry dates",
     "https://aquasecurity.github.io/tfsec/v1.28.5/guides/configuration/ignores/"},
    {"ESLint: disabling rules with inline comments",
     "https://eslint.org/docs/latest/use/configure/rules#disabling-rules"},
};

void check(const ScanModel&, RuleContext&) {}

}  // namespace

extern const RuleDef kDE903{
    .meta =
        {
            .id = "DE903",
            .name = "expired-suppression",
            .level = Level::Warning,
            .security_severity = "",
            .summary = "a suppression's expiry date has passed (the suppression no longer applies)",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds `# dockerd-lint:` suppressions whose `exp:YYYY-MM-DD` date has "
                            "passed "
                            "(the suppression covers its date, and ends after it). An expired "
                            "suppression no longer applies: the findings it covered are reported "
                            "again next to this one.",
                    .why =
                        "Temporary exceptions become permanent when nobody is reminded of them. An "
                        "expiry date (tfsec's `exp:`) turns an accepted risk into a dated "
                        "one, and this rule is the reminder.",
                    .bad_example = "#!/bin/sh\n# dockerd-lint: disable-next-line=DE104 "
                                   "exp:2020-01-31 -- migration\n"
                                   "dockerd -H unix:///var/run/docker.sock -H "
                                   "tcp://127.0.0.1:2375\n",
                    .good_example = "#!/bin/sh\n# dockerd-lint: disable-next-line=DE104 "
                                    "exp:2999-12-31 -- migration\n"
                                    "dockerd -H unix:///var/run/docker.sock -H "
                                    "tcp://127.0.0.1:2375\n",
                    .fix = "Fix what the suppression covered, or, if the risk is still accepted, "
                           "set a new "
                           "date with a reason that says why.",
                    .references = kReferences,
                },
            .example_path = "start.sh",
        },
    .check = &check,
};

}  // namespace dl::rules
