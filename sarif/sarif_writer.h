// SARIF 2.1.0 output for GitHub code scanning and other consumers.
#pragma once

#include <ostream>
#include <string>

#include "linter/engine/scan_result.h"

namespace dl::sarif {

struct SarifOptions {
  std::string tool_version;               // semanticVersion, e.g. "0.1.0"
  std::string category = "dockerd-lint";  // runs[0].automationDetails.id is "<category>/"
};

// Artifact URIs are relative to the scan root (%SRCROOT%: the working directory, or a root
// given outside it) unless `absolute`: then they are absolute file:// URIs and the working
// directory is %SRCROOT%'s location, the machine's paths in the file
// (--sarif-absolute-uris).
struct UriOptions {
  bool absolute = false;
  std::string working_directory;  // absolute; used when `absolute`
};

// The whole SARIF log as pretty-printed JSON (2-space indent, trailing newline), written
// to `out` one result at a time.
void write_sarif(std::ostream& out, const ScanResult& result, const SarifOptions& options,
                 const UriOptions& uris = {});
// The same log as a string.
std::string write_sarif(const ScanResult& result, const SarifOptions& options,
                        const UriOptions& uris = {});

}  // namespace dl::sarif
