// Human-readable and JSON reports of a scan.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "linter/engine/scan_result.h"

namespace dl {

struct TextOptions {
  bool show_source = true;  // the offending line with a caret under the span
  bool color = false;       // ANSI SGR colours; off: not one escape byte is written
};

// `--color auto|always|never`.
enum class ColorMode { Auto, Always, Never };

// Whether text output is coloured. Never: no; Always: yes, even with NO_COLOR set (an
// explicit flag wins); Auto: only on a terminal, with NO_COLOR unset or empty
// (no-color.org) and TERM not "dumb". The environment values may be null (unset).
bool use_color(ColorMode mode, bool output_is_terminal, const char* no_color_env,
               const char* term_env);

// Findings grouped by file in path order: a header line with the path, then per finding
// `path:line:col: level[DE101/tcp-without-tls] message`, a code frame and its related
// locations (`  note: path:line:col: message`). Then the count of findings per rule and a
// closing line: `N files scanned, M findings (…)[, K suppressed] [engine X.Y]`. Suppressed
// findings are not shown, only counted.
std::string format_text(const ScanResult& result, const TextOptions& options = {});
// The same report, written to `out` a file at a time.
void write_text(std::ostream& out, const ScanResult& result, const TextOptions& options = {});

// A JSON document with every finding, suppressed ones included (marked with a
// "suppression" object), and a summary; docs/json-format.md describes it.
std::string format_json(const ScanResult& result, const std::string& tool_version);
// The same document, written to `out` one finding at a time.
void write_json(std::ostream& out, const ScanResult& result, const std::string& tool_version);

// The version of the JSON document's layout ("schema_version"): additive changes keep it,
// removals, renames and changes of meaning bump it.
inline constexpr int kJsonSchemaVersion = 1;

// GitHub Actions workflow commands (`::error file=…,line=…::message`), one per unsuppressed
// finding and per skipped file; columns are 1-based code points.
std::string format_github(const ScanResult& result);
void write_github(std::ostream& out, const ScanResult& result);

// GitLab Code Quality JSON: an array of issues with line-independent fingerprints;
// suppressed findings are left out.
std::string format_gitlab(const ScanResult& result);
void write_gitlab(std::ostream& out, const ScanResult& result);

// JUnit XML: one <testsuite>, one failing <testcase> per unsuppressed finding.
std::string format_junit(const ScanResult& result);
void write_junit(std::ostream& out, const ScanResult& result);

// Checkstyle 4.3 XML, unsuppressed findings grouped by file.
std::string format_checkstyle(const ScanResult& result);
void write_checkstyle(std::ostream& out, const ScanResult& result);

// Makes untrusted text safe for a terminal: control characters and escape sequences from
// scanned files are shown escaped, never interpreted.
std::string escape_for_terminal(std::string_view text);

}  // namespace dl
