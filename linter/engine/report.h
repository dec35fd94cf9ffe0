// Human-readable and JSON reports of a scan.
#pragma once

#include <string>

#include "linter/engine/scan_result.h"

namespace dl {

struct TextOptions {
  bool show_source = true;  // the offending line with a caret under the span
};

// `path:line:col: level[DE101/tcp-without-tls] message`, a code frame, related
// locations, and a closing summary line.
std::string format_text(const ScanResult& result, const TextOptions& options = {});

// A JSON document with every finding (1-based lines, code-point columns, byte offsets).
std::string format_json(const ScanResult& result, const std::string& tool_version);

// GitHub Actions workflow commands (`::error file=…,line=…::message`), one per finding
// and per skipped file; columns are 1-based code points.
std::string format_github(const ScanResult& result);

// GitLab Code Quality JSON: an array of issues with line-independent fingerprints.
std::string format_gitlab(const ScanResult& result);

// JUnit XML: one <testsuite>, one failing <testcase> per finding.
std::string format_junit(const ScanResult& result);

// Checkstyle 4.3 XML, findings grouped by file.
std::string format_checkstyle(const ScanResult& result);

// Makes untrusted text safe for a terminal: control characters and escape sequences from
// scanned files are shown escaped, never interpreted.
std::string escape_for_terminal(std::string_view text);

}  // namespace dl
