#include "rules/registry.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace dl::rules {

// One line per rule, sorted by id (registry_test checks the order and the file list).
extern const RuleDef kDE001;
extern const RuleDef kDE002;
extern const RuleDef kDE003;
extern const RuleDef kDE004;
extern const RuleDef kDE005;
extern const RuleDef kDE006;
extern const RuleDef kDE007;
extern const RuleDef kDE008;
extern const RuleDef kDE009;
extern const RuleDef kDE101;
extern const RuleDef kDE102;
extern const RuleDef kDE103;
extern const RuleDef kDE104;
extern const RuleDef kDE105;
extern const RuleDef kDE106;
extern const RuleDef kDE107;
extern const RuleDef kDE108;
extern const RuleDef kDE201;
extern const RuleDef kDE202;
extern const RuleDef kDE301;
extern const RuleDef kDE302;
extern const RuleDef kDE303;
extern const RuleDef kDE901;
extern const RuleDef kDE902;
extern const RuleDef kDE903;

namespace {

const std::array<const RuleDef*, 25> kAllRules = {
    &kDE001, &kDE002, &kDE003, &kDE004, &kDE005, &kDE006, &kDE007, &kDE008, &kDE009,
    &kDE101, &kDE102, &kDE103, &kDE104, &kDE105, &kDE106, &kDE107, &kDE108, &kDE201,
    &kDE202, &kDE301, &kDE302, &kDE303, &kDE901, &kDE902, &kDE903,
};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::span<const RuleDef* const> all_rules() {
  return kAllRules;
}

const RuleDef* find_rule(std::string_view id_or_name) {
  for (const RuleDef* rule : kAllRules) {
    if (iequals(rule->meta.id, id_or_name) || rule->meta.name == id_or_name) return rule;
  }
  return nullptr;
}

int rule_index(std::string_view id) {
  for (std::size_t i = 0; i < kAllRules.size(); ++i) {
    if (kAllRules[i]->meta.id == id) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace dl::rules
