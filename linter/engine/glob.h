// --exclude patterns: shell globs (fnmatch) matched against the path relative to the scan
// root and against each of its components, so `vendor`, `*.j2` and `ops/**/old` all work.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dl {

bool matches_any_glob(const std::vector<std::string>& patterns, std::string_view relative_path);

}  // namespace dl
