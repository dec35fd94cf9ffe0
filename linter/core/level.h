// Finding levels; they map one to one onto SARIF result levels.
#pragma once

#include <optional>
#include <string_view>

namespace dl {

enum class Level { Note = 0, Warning = 1, Error = 2 };

constexpr std::string_view to_string(Level level) {
  switch (level) {
    case Level::Note: return "note";
    case Level::Warning: return "warning";
    case Level::Error: return "error";
  }
  return "error";
}

constexpr std::optional<Level> parse_level(std::string_view text) {
  if (text == "note") return Level::Note;
  if (text == "warning") return Level::Warning;
  if (text == "error") return Level::Error;
  return std::nullopt;
}

}  // namespace dl
