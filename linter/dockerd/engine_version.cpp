#include "linter/dockerd/engine_version.h"

#include <charconv>

namespace dl::dockerd {
namespace {

// Parses a run of decimal digits at the front of `text`, advancing it.
std::optional<int> take_number(std::string_view& text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data()) return std::nullopt;
  text.remove_prefix(static_cast<size_t>(end - text.data()));
  return value;
}

}  // namespace

std::optional<EngineVersion> EngineVersion::parse(std::string_view text) {
  if (!text.empty() && (text.front() == 'v' || text.front() == 'V')) text.remove_prefix(1);
  auto major = take_number(text);
  if (!major || *major < 1 || *major > 999) return std::nullopt;
  EngineVersion version{*major, 0};
  if (text.empty()) return version;
  if (text.front() != '.') return std::nullopt;
  text.remove_prefix(1);
  auto minor = take_number(text);
  if (!minor || *minor > 999) return std::nullopt;
  version.minor = *minor;
  if (text.empty()) return version;
  if (text.front() != '.') return std::nullopt;
  text.remove_prefix(1);
  if (!take_number(text) || !text.empty()) return std::nullopt;  // patch level ignored
  return version;
}

std::string EngineVersion::to_string() const {
  // Releases up to 22.06 were named YY.MM ("19.03", "20.10"); from 23.0 on, major.minor.
  std::string minor_text = std::to_string(minor);
  if (major <= 22 && minor < 10) minor_text = "0" + minor_text;
  return std::to_string(major) + "." + minor_text;
}

}  // namespace dl::dockerd
