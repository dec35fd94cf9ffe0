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

// Makes untrusted text safe for a terminal: control characters and escape sequences from
// scanned files are shown escaped, never interpreted.
std::string escape_for_terminal(std::string_view text);

}  // namespace dl
