// The one explicit list of rules, sorted by id. Adding a rule = its file, its fixtures
// and one line in registry.cpp; registry_test enforces the rest.
#pragma once

#include <span>
#include <string_view>

#include "rules/rule.h"

namespace dl::rules {

std::span<const RuleDef* const> all_rules();
// Accepts an id ("DE101", case-insensitive) or a name ("tcp-without-tls").
const RuleDef* find_rule(std::string_view id_or_name);
// Index of a rule in all_rules() (its SARIF ruleIndex), or -1.
int rule_index(std::string_view id);

}  // namespace dl::rules
