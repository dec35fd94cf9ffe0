// What a rule reports: a rule, a level, a message, the offending span and the spans
// that contributed to it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "linter/core/level.h"
#include "linter/core/span.h"

namespace dl {

struct RelatedLocation {
  Span span;
  std::string message;
};

struct Finding {
  std::string rule_id;  // "DE101"
  Level level = Level::Error;
  std::string message;
  Span span;
  std::vector<RelatedLocation> related;
};

}  // namespace dl
