// Location-independent fingerprints of findings: the same problem keeps its fingerprint when
// lines are added above it or the file is reformatted around it (baselines, GitLab).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "linter/core/finding.h"
#include "linter/core/source_file.h"

namespace dl {

// FNV-1a over 0xff-separated parts, so ("ab","c") and ("a","bc") differ.
std::uint64_t fnv1a(std::initializer_list<std::string_view> parts);
std::string hex64(std::uint64_t value);

// What locates a finding without line numbers: the offending text, and its line with that
// text cut out and all blanks removed (the key it is the value of: `"hosts":[,""]`,
// `ExecStart=/usr/bin/dockerd-H`). Stable under moves; changes when the value or its key does.
struct FindingKey {
  std::string value;
  std::string context;
};
FindingKey finding_key(const SourceFile& file, const Finding& finding);

// hex64(fnv1a({rule id, path, value, context})).
std::string stable_fingerprint(const SourceFile& file, std::string_view path,
                               const Finding& finding);

}  // namespace dl
