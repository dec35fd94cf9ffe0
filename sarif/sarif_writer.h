// SARIF 2.1.0 output for GitHub code scanning and other consumers.
#pragma once

#include <string>

#include "linter/engine/scan_result.h"

namespace dl::sarif {

struct SarifOptions {
  std::string tool_version;               // semanticVersion, e.g. "0.1.0"
  std::string category = "dockerd-lint";  // runs[0].automationDetails.id is "<category>/"
};

// The whole SARIF log as pretty-printed JSON (2-space indent, trailing newline).
std::string write_sarif(const ScanResult& result, const SarifOptions& options);

}  // namespace dl::sarif
