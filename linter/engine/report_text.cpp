#include <algorithm>
#include <array>

#include "linter/core/utf8.h"
#include "linter/engine/report.h"
#include "rules/registry.h"

namespace dl {
namespace {

std::string location(const ScanResult& result, Span span) {
  const SourceFile& file = result.file(span.file);
  const Position pos = file.position(span.begin);
  return escape_for_terminal(file.path) + ":" + std::to_string(pos.line) + ":" +
         std::to_string(pos.column);
}

// The line of `span`, escaped, and a caret line under the span's first line.
void append_frame(std::string& out, const SourceFile& file, Span span) {
  const Position begin = file.position(span.begin);
  const std::string_view line = file.lines.line_text(file.text, begin.line);
  const std::uint32_t line_start = file.lines.line_start(begin.line);
  std::string shown;
  std::string marker;
  const std::uint32_t span_end = std::max(span.end, span.begin + 1);
  // A byte order mark takes no column (LineIndex agrees): do not show it.
  std::size_t first = 0;
  if (line_start < file.content_start) first = file.content_start - line_start;
  for (std::size_t i = first; i < line.size();) {
    std::size_t length = utf8::sequence_length(line, i);
    std::string piece;
    if (length == 0) {
      piece = "\\x";
      static constexpr char kHex[] = "0123456789abcdef";
      const auto byte = static_cast<unsigned char>(line[i]);
      piece += kHex[byte >> 4];
      piece += kHex[byte & 15];
      length = 1;
    } else {
      piece = escape_for_terminal(line.substr(i, length));
      if (piece == "\t") piece = " ";  // keep the caret aligned under tabs
    }
    const auto offset = static_cast<std::uint32_t>(line_start + i);
    // A multi-byte character is one column wide; escapes are as wide as their text.
    const std::size_t width = length > 1 && piece.size() == length ? 1 : piece.size();
    const char mark = offset >= span.begin && offset < span_end ? '^' : ' ';
    shown += piece;
    marker.append(width, mark);
    i += length;
  }
  if (span.begin >= line_start + line.size()) {  // a span at the end of the line
    marker.append(1, '^');
  }
  while (!marker.empty() && marker.back() == ' ') marker.pop_back();
  out += "    " + shown + "\n";
  out += "    " + marker + "\n";
}

}  // namespace

std::string escape_for_terminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == '\t' || (byte >= 0x20 && byte != 0x7F)) {
      out.push_back(c);
      continue;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    out += "\\x";
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 15]);
  }
  // C1 controls (U+0080–U+009F, UTF-8 C2 80–C2 9F) can act as escape introducers too.
  std::string safe;
  safe.reserve(out.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto byte = static_cast<unsigned char>(out[i]);
    const auto next = i + 1 < out.size() ? static_cast<unsigned char>(out[i + 1]) : 0;
    if (byte == 0xC2 && next >= 0x80 && next <= 0x9F) {
      static constexpr char kHex[] = "0123456789abcdef";
      safe += "\\u00";
      safe.push_back(kHex[next >> 4]);
      safe.push_back(kHex[next & 15]);
      ++i;
      continue;
    }
    safe.push_back(out[i]);
  }
  return safe;
}

std::string format_text(const ScanResult& result, const TextOptions& options) {
  std::string out;
  std::array<std::size_t, 3> per_level{};
  for (const Finding& finding : result.findings) {
    ++per_level[static_cast<std::size_t>(finding.level)];
    const rules::RuleDef* rule = rules::find_rule(finding.rule_id);
    out += location(result, finding.span) + ": " + std::string(to_string(finding.level)) + "[" +
           finding.rule_id + "/" + std::string(rule ? rule->meta.name : "") + "] " +
           escape_for_terminal(finding.message) + "\n";
    if (options.show_source) append_frame(out, result.file(finding.span.file), finding.span);
    for (const RelatedLocation& related : finding.related) {
      out += "  note: " + location(result, related.span) + ": " +
             escape_for_terminal(related.message) + "\n";
    }
  }
  const std::size_t count = result.findings.size();
  std::string summary;
  if (result.files_scanned == 0) {
    summary = "no Docker daemon configuration found: 0 files scanned";
  } else {
    summary = std::to_string(result.files_scanned) +
              (result.files_scanned == 1 ? " file scanned, " : " files scanned, ") +
              std::to_string(count) + (count == 1 ? " finding" : " findings");
    if (count > 0) {
      summary += " (" + std::to_string(per_level[2]) + " error, " + std::to_string(per_level[1]) +
                 " warning, " + std::to_string(per_level[0]) + " note)";
    }
  }
  out += summary + " [engine " + result.engine_version + "]\n";
  return out;
}

}  // namespace dl
