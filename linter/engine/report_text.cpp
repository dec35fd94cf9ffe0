#include <algorithm>
#include <array>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linter/core/utf8.h"
#include "linter/engine/report.h"
#include "rules/registry.h"

namespace dl {
namespace {

// ANSI SGR styling; with colour off every call returns its text unchanged, so the coloured
// layout minus its escape sequences is the plain layout byte for byte.
class Style {
 public:
  explicit Style(bool on) : on_(on) {}

  std::string operator()(std::string_view sgr, std::string_view text) const {
    if (!on_ || text.empty()) return std::string(text);
    return "\x1b[" + std::string(sgr) + "m" + std::string(text) + "\x1b[0m";
  }

 private:
  bool on_;
};

constexpr std::string_view kBold = "1";
constexpr std::string_view kLocation = "34";  // blue

std::string_view level_color(Level level) {
  switch (level) {
    case Level::Error: return "1;31";    // bold red
    case Level::Warning: return "1;33";  // bold yellow
    case Level::Note: return "1;36";     // bold cyan
  }
  return "1;31";
}

std::string location(const ScanResult& result, Span span, const Style& style) {
  const SourceFile& file = result.file(span.file);
  const Position pos = file.position(span.begin);
  return escape_for_terminal(file.path) + ":" +
         style(kLocation, std::to_string(pos.line) + ":" + std::to_string(pos.column));
}

constexpr std::size_t kMaxFrameBytes = 240;  // of a line shown in a code frame
constexpr std::size_t kFrameLead = 60;       // bytes shown before the span in a long line

// The line of `span`, escaped, and a caret line under the span's first line.
void append_frame(std::string& out, const SourceFile& file, Span span, const Style& style,
                  std::string_view caret_color) {
  const Position begin = file.position(span.begin);
  const std::string_view line = file.lines.line_text(file.text, begin.line);
  const std::uint32_t line_start = file.lines.line_start(begin.line);
  std::string shown;
  std::string marker;
  const std::uint32_t span_end = std::max(span.end, span.begin + 1);
  // A byte order mark takes no column (LineIndex agrees): do not show it.
  std::size_t first = 0;
  if (line_start < file.content_start) first = file.content_start - line_start;
  // A very long line (minified JSON, a 100 MB one-liner) is shown as a window around the
  // span, "..." marking what is cut, so that one finding cannot flood the terminal.
  std::size_t last = line.size();
  if (last - first > kMaxFrameBytes) {
    const std::size_t at = span.begin > line_start ? span.begin - line_start : 0;
    const std::size_t from =
        std::max(first, std::min(at, last) > kFrameLead ? std::min(at, last) - kFrameLead : first);
    std::size_t window_begin = from;
    while (window_begin > first &&
           (static_cast<unsigned char>(line[window_begin]) & 0xC0) == 0x80) {
      --window_begin;
    }
    std::size_t window_end = std::min(last, window_begin + kMaxFrameBytes);
    while (window_end < last && (static_cast<unsigned char>(line[window_end]) & 0xC0) == 0x80) {
      ++window_end;
    }
    if (window_begin > first) {
      shown += "...";
      marker += "   ";
    }
    first = window_begin;
    last = window_end;
  }
  // The line bytes [caret_begin, caret_end) are under the span.
  const auto line_index = [&](std::uint32_t offset) -> std::size_t {
    return offset > line_start ? offset - line_start : 0;
  };
  const std::size_t caret_begin = line_index(span.begin);
  const std::size_t caret_end = std::max(caret_begin, line_index(span_end));
  for (std::size_t i = first; i < last;) {
    const auto byte = static_cast<unsigned char>(line[i]);
    if (byte >= 0x20 && byte < 0x7F) {  // printable ASCII, one column: the common case
      std::size_t run_end = i + 1;
      while (run_end < last && static_cast<unsigned char>(line[run_end]) >= 0x20 &&
             static_cast<unsigned char>(line[run_end]) < 0x7F) {
        ++run_end;
      }
      shown.append(line.substr(i, run_end - i));
      const std::size_t carets_from = std::clamp(caret_begin, i, run_end);
      const std::size_t carets_to = std::clamp(caret_end, i, run_end);
      marker.append(carets_from - i, ' ');
      marker.append(carets_to - carets_from, '^');
      marker.append(run_end - carets_to, ' ');
      i = run_end;
      continue;
    }
    std::size_t length = utf8::sequence_length(line, i);
    std::string piece;
    if (length == 0) {
      piece = "\\x";
      static constexpr char kHex[] = "0123456789abcdef";
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
  if (last < line.size()) {
    shown += "...";
  } else if (span.begin >= line_start + line.size()) {  // a span at the end of the line
    marker.append(1, '^');
  }
  while (!marker.empty() && marker.back() == ' ') marker.pop_back();
  const std::size_t indent = std::min(marker.find('^'), marker.size());
  out += "    " + shown + "\n";
  out += "    " + marker.substr(0, indent) + style(caret_color, marker.substr(indent)) + "\n";
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string rule_name(std::string_view rule_id) {
  const rules::RuleDef* rule = rules::find_rule(rule_id);
  return rule ? std::string(rule->meta.name) : std::string();
}

void append_finding(std::string& out, const ScanResult& result, const Finding& finding,
                    std::string_view name, const TextOptions& options, const Style& style) {
  out += location(result, finding.span, style);
  out += ": ";
  out += style(level_color(finding.level), to_string(finding.level));
  out += "[";
  out += style(kBold, escape_for_terminal(finding.rule_id));
  out += "/";
  out += name;
  out += "] ";
  out += escape_for_terminal(finding.message);
  out += "\n";
  if (options.show_source) {
    append_frame(out, result.file(finding.span.file), finding.span, style,
                 level_color(finding.level));
  }
  for (const RelatedLocation& related : finding.related) {
    out += "  " + style(level_color(Level::Note), "note") + ": " +
           location(result, related.span, style) + ": " + escape_for_terminal(related.message) +
           "\n";
  }
}

// `  DE101  tcp-without-tls      3`, most frequent first, then by id.
void append_rule_summary(std::string& out, const std::map<std::string, std::size_t>& by_rule,
                         const Style& style) {
  std::vector<std::pair<std::string, std::size_t>> rows(by_rule.begin(), by_rule.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::size_t id_width = 0;
  std::size_t name_width = 0;
  std::size_t count_width = 0;
  for (const auto& [id, n] : rows) {
    id_width = std::max(id_width, escape_for_terminal(id).size());
    name_width = std::max(name_width, rule_name(id).size());
    count_width = std::max(count_width, std::to_string(n).size());
  }
  out += "Findings by rule:\n";
  for (const auto& [id, n] : rows) {
    const std::string shown_id = escape_for_terminal(id);
    const std::string name = rule_name(id);
    const std::string count = std::to_string(n);
    out += "  " + style(kBold, shown_id) + std::string(id_width - shown_id.size() + 2, ' ') + name +
           std::string(name_width - name.size() + 2, ' ') +
           std::string(count_width - count.size(), ' ') + count + "\n";
  }
}

}  // namespace

std::string escape_for_terminal(std::string_view text) {
  // Most text (paths, messages, rule ids) is printable ASCII: nothing to escape.
  if (std::all_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte == '\t' || (byte >= 0x20 && byte < 0x7F);
      })) {
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) {
      // Valid UTF-8 is kept (C1 and bidi controls are escaped below); an invalid byte is
      // escaped: a lone 0x9B is CSI to a terminal in 8-bit mode.
      if (const std::size_t length = utf8::sequence_length(text, i); length > 0) {
        out.append(text.substr(i, length));
        i += length - 1;
        continue;
      }
    } else if (byte == '\t' || (byte >= 0x20 && byte != 0x7F)) {
      out.push_back(c);
      continue;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    out += "\\x";
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 15]);
  }
  // C1 controls (U+0080–U+009F, UTF-8 C2 80–C2 9F) can act as escape introducers too, and
  // the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069;
  // UTF-8 E2 80 AA–AE, E2 81 A6–A9) reorder what follows them on the terminal line.
  std::string safe;
  safe.reserve(out.size());
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto byte = static_cast<unsigned char>(out[i]);
    const auto next = i + 1 < out.size() ? static_cast<unsigned char>(out[i + 1]) : 0;
    const auto third = i + 2 < out.size() ? static_cast<unsigned char>(out[i + 2]) : 0;
    if (byte == 0xC2 && next >= 0x80 && next <= 0x9F) {
      safe += "\\u00";
      safe.push_back(kHex[next >> 4]);
      safe.push_back(kHex[next & 15]);
      ++i;
      continue;
    }
    if (byte == 0xE2 && ((next == 0x80 && third >= 0xAA && third <= 0xAE) ||
                         (next == 0x81 && third >= 0xA6 && third <= 0xA9))) {
      // U+2000 + ((next & 0x3F) << 6 | (third & 0x3F)): 202a…202e, 2066…2069.
      const unsigned low = ((next & 0x3Fu) << 6 | (third & 0x3Fu)) & 0xFFu;
      safe += "\\u20";
      safe.push_back(kHex[low >> 4]);
      safe.push_back(kHex[low & 15]);
      i += 2;
      continue;
    }
    safe.push_back(out[i]);
  }
  return safe;
}

void write_text(std::ostream& stream, const ScanResult& result, const TextOptions& options) {
  const Style style(options.color);
  std::map<std::string, std::size_t> by_rule;
  std::array<std::size_t, 3> per_level{};
  std::size_t suppressed = 0;
  result.for_each_finding([&](const Finding& finding) {
    if (finding.suppressed()) {
      ++suppressed;
      return;
    }
    ++by_rule[finding.rule_id];
    ++per_level[static_cast<std::size_t>(finding.level)];
  });

  // Written a file at a time, so the report is never held whole. The engine's order is path
  // order, then offset and rule id, so each file's findings come together.
  std::string out;
  const auto flush = [&] {
    stream.write(out.data(), static_cast<std::streamsize>(out.size()));
    out.clear();
  };
  std::map<std::string, std::string, std::less<>> rule_names;
  bool first = true;
  std::vector<Finding> file_findings;  // the file's findings, for its header's count
  const auto write_file = [&] {
    if (file_findings.empty()) return;
    if (!first) out += "\n";
    first = false;
    const std::string& path = result.file(file_findings.front().span.file).path;
    out += style(kBold, escape_for_terminal(path)) + " (" +
           plural(file_findings.size(), "finding", "findings") + ")\n";
    for (const Finding& finding : file_findings) {
      // Rule names by id, looked up once per rule rather than once per finding.
      auto [name, added] = rule_names.try_emplace(finding.rule_id);
      if (added) name->second = rule_name(finding.rule_id);
      append_finding(out, result, finding, name->second, options, style);
    }
    flush();
    file_findings.clear();
  };
  result.for_each_finding([&](const Finding& finding) {
    if (finding.suppressed()) return;
    if (!file_findings.empty() &&
        result.file(file_findings.front().span.file).path != result.file(finding.span.file).path) {
      write_file();
    }
    file_findings.push_back(finding);
  });
  write_file();
  if (!by_rule.empty()) {
    out += "\n";
    append_rule_summary(out, by_rule, style);
    out += "\n";
  }

  // Nothing is skipped silently: every path that was skipped or could not be read, and why,
  // before the closing line (which stays the last line). Paths are sorted by the engine.
  if (!result.problems.empty()) {
    out += "Skipped (" + std::to_string(result.problems.size()) + "):\n";
    for (const ScanProblem& problem : result.problems) {
      std::string_view reason = problem.message;
      if (reason.starts_with("skipped: ")) reason.remove_prefix(9);
      out += "  " + escape_for_terminal(problem.path) + ": " + escape_for_terminal(reason) + "\n";
    }
    out += "\n";
  }

  const std::size_t count = per_level[0] + per_level[1] + per_level[2];
  std::string summary;
  if (result.files_scanned == 0) {
    summary =
        "0 files scanned: no daemon.json, systemd unit, Docker env file, shell script or carrier "
        "(Compose, Kubernetes, CI, cloud-init, Ansible, Dockerfile, Terraform) among the inputs";
    if (count > 0) summary += ", " + plural(count, "finding", "findings");
  } else {
    summary = plural(result.files_scanned, "file", "files") + " scanned, " +
              plural(count, "finding", "findings");
  }
  if (count > 0) {
    summary += " (" + std::to_string(per_level[2]) + " error, " + std::to_string(per_level[1]) +
               " warning, " + std::to_string(per_level[0]) + " note)";
  }
  if (suppressed > 0) summary += ", " + std::to_string(suppressed) + " suppressed";
  out += summary + " [engine " + escape_for_terminal(result.engine_version) + "]\n";
  flush();
}

std::string format_text(const ScanResult& result, const TextOptions& options) {
  std::ostringstream out;
  write_text(out, result, options);
  return std::move(out).str();
}

bool use_color(ColorMode mode, bool output_is_terminal, const char* no_color_env,
               const char* term_env) {
  switch (mode) {
    case ColorMode::Never: return false;
    case ColorMode::Always: return true;
    case ColorMode::Auto: break;
  }
  if (!output_is_terminal) return false;
  if (no_color_env != nullptr && no_color_env[0] != '\0') return false;
  return term_env == nullptr || std::string_view(term_env) != "dumb";
}

}  // namespace dl
