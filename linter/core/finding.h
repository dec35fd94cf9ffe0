// What a rule reports: a rule, a level, a message, the offending span and the spans
// that contributed to it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
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

// Why a finding does not count: an inline comment in the scanned file, or something outside
// it (the configuration's per-path-ignores, a baseline). Suppressed findings are kept so
// SARIF can report them as suppressed rather than drop them.
struct Suppression {
  enum class Kind { InSource, External };
  Kind kind = Kind::InSource;
  std::string justification;  // the reason given, or what suppressed it
};

struct Finding {
  std::string rule_id;  // "DE101"
  Level level = Level::Error;
  std::string message;
  Span span;
  std::vector<RelatedLocation> related;
  std::optional<Suppression> suppression;  // set: reported as suppressed, never counted

  // Related locations that depend on the whole repository: the firewall rules that accept
  // this TCP port. The engine checks the tree a part at a time, so it attaches them, at
  // `related_index`, once every file is read.
  struct PendingFirewallContext {
    std::uint32_t port = 0;
    std::size_t related_index = 0;
  };
  std::optional<PendingFirewallContext> firewall_context;

  bool suppressed() const { return suppression.has_value(); }
};

}  // namespace dl
