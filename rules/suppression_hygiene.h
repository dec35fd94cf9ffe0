// What DE901–DE903 share. Suppression hygiene is checked by the engine's suppression pass
// (linter/engine/suppressions.cpp), which needs every other rule's findings first; the rules
// exist for their ids, metadata and documentation, and so that select/ignore apply to them.
#pragma once

#include "rules/rule.h"

namespace dl::rules::hygiene {

inline constexpr std::string_view kTags[] = {"maintainability", "suppression"};
inline constexpr Reference kReferences[] = {
    {"tfsec: ignoring checks, with expiry dates",
     "https://aquasecurity.github.io/tfsec/v1.28.5/guides/configuration/ignores/"},
    {"ESLint: disabling rules with inline comments",
     "https://eslint.org/docs/latest/use/configure/rules#disabling-rules"},
};

// The model holds nothing for these rules to read: the engine reports their findings.
inline void check_in_engine(const ScanModel&, RuleContext&) {}

}  // namespace dl::rules::hygiene
