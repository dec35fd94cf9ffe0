// CI-oriented reports: GitHub Actions workflow commands, GitLab Code Quality, JUnit XML and
// Checkstyle XML. None of them has a notion of a suppressed finding: those are left out.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "linter/core/utf8.h"
#include "linter/engine/fingerprint.h"
#include "linter/engine/json_splice.h"
#include "linter/engine/report.h"
#include "rules/registry.h"

namespace dl {
namespace {

using ordered_json = nlohmann::ordered_json;

struct Region {
  Position begin;
  Position end;
};

// 1-based code-point columns, end exclusive. A non-empty span that ends right after a
// newline ends on the previous line, so CI annotations do not cover an untouched line.
Region region_of(const SourceFile& file, Span span) {
  const auto size = static_cast<std::uint32_t>(file.text.size());
  const std::uint32_t begin = std::min(span.begin, size);
  const std::uint32_t end = std::min(std::max(span.begin, span.end), size);
  Region region{file.position(begin), file.position(end)};
  if (end > begin && region.end.line > region.begin.line &&
      end == file.lines.line_start(region.end.line)) {
    const std::uint32_t line = region.end.line - 1;
    const auto length = file.lines.line_text(file.text, line).size();
    region.end = file.position(file.lines.line_start(line) + static_cast<std::uint32_t>(length));
  }
  return region;
}

std::string rule_title(const Finding& finding) {
  const rules::RuleDef* rule = rules::find_rule(finding.rule_id);
  if (rule == nullptr) return finding.rule_id;
  return finding.rule_id + " " + std::string(rule->meta.name);
}

// GitHub's workflow-command escaping (actions/toolkit command.ts escapeData/escapeProperty).
std::string github_escape_data(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string github_escape_property(std::string_view text) {
  std::string out;
  for (const char c : github_escape_data(text)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += c;
    }
  }
  return out;
}

std::string_view github_command(Level level) {
  switch (level) {
    case Level::Error: return "error";
    case Level::Warning: return "warning";
    case Level::Note: return "notice";
  }
  return "error";
}

// XML 1.0 allows only tab, LF and CR below 0x20 (and nothing escapes the others), so those
// are dropped; the text is made valid UTF-8 first since XML parsers reject invalid bytes.
std::string xml_escape(std::string_view raw) {
  const std::string text = utf8::sanitize(raw);
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      // Attribute-value normalisation would turn raw whitespace into spaces.
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (byte < 0x20 || byte == 0x7f) break;  // 0x7f is allowed but useless in a report
        out += c;
    }
  }
  return out;
}

std::string_view gitlab_severity(Level level) {
  switch (level) {
    case Level::Error: return "critical";
    case Level::Warning: return "major";
    case Level::Note: return "info";
  }
  return "critical";
}

std::string_view checkstyle_severity(Level level) {
  switch (level) {
    case Level::Error: return "error";
    case Level::Warning: return "warning";
    case Level::Note: return "info";
  }
  return "error";
}

}  // namespace

void write_github(std::ostream& out, const ScanResult& result) {
  for (const ScanProblem& problem : result.problems) {
    out << (problem.is_error ? "::error" : "::warning")
        << " file=" << github_escape_property(utf8::sanitize(problem.path))
        << "::" << github_escape_data(utf8::sanitize("skipped: " + problem.message)) << "\n";
  }
  result.for_each_finding([&](const Finding& finding) {
    if (finding.suppressed()) return;
    const SourceFile& file = result.file(finding.span.file);
    const Region region = region_of(file, finding.span);
    out << "::" << github_command(finding.level)
        << " file=" << github_escape_property(utf8::sanitize(file.path))
        << ",line=" << region.begin.line << ",col=" << region.begin.column
        << ",endLine=" << region.end.line << ",endColumn=" << region.end.column
        << ",title=" << github_escape_property(rule_title(finding))
        << "::" << github_escape_data(utf8::sanitize(finding.message)) << "\n";
  });
}

void write_gitlab(std::ostream& out, const ScanResult& result) {
  SplicedArray issues(out, "[]", "[]");
  result.for_each_finding([&](const Finding& finding) {
    if (finding.suppressed()) return;
    const SourceFile& file = result.file(finding.span.file);
    const Region region = region_of(file, finding.span);
    // The offending text instead of its position: fingerprints survive edits elsewhere.
    const std::string fingerprint =
        hex64(fnv1a({finding.rule_id, file.path, file.slice(finding.span), finding.message}));
    const ordered_json issue = {
        {"description", utf8::sanitize(finding.message)},
        {"check_name", finding.rule_id},
        {"fingerprint", fingerprint},
        {"severity", std::string(gitlab_severity(finding.level))},
        {"location",
         {{"path", utf8::sanitize(file.path)},
          {"positions",
           {{"begin", {{"line", region.begin.line}, {"column", region.begin.column}}},
            {"end", {{"line", region.end.line}, {"column", region.end.column}}}}}}}};
    issues.add(issue.dump(2));
  });
  issues.finish();
  out << "\n";
}

void write_junit(std::ostream& out, const ScanResult& result) {
  std::size_t unsuppressed = 0;
  result.for_each_finding([&](const Finding& f) { unsuppressed += f.suppressed() ? 0 : 1; });
  const std::string count = std::to_string(unsuppressed);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuite name=\"dockerd-lint\" tests=\"" << count << "\" failures=\"" << count
      << "\" errors=\"0\" skipped=\"0\">\n";
  result.for_each_finding([&](const Finding& finding) {
    if (finding.suppressed()) return;
    const SourceFile& file = result.file(finding.span.file);
    const Region region = region_of(file, finding.span);
    const std::string where =
        std::to_string(region.begin.line) + ":" + std::to_string(region.begin.column);
    out << "  <testcase classname=\"" << xml_escape(file.path) << "\" name=\""
        << xml_escape(rule_title(finding) + " " + where) << "\">\n";
    out << "    <failure message=\"" << xml_escape(finding.message) << "\" type=\""
        << to_string(finding.level) << "\">";
    out << xml_escape(file.path + ":" + where + ": " + std::string(to_string(finding.level)) + " " +
                      rule_title(finding) + ": " + finding.message);
    out << "</failure>\n  </testcase>\n";
  });
  out << "</testsuite>\n";
}

void write_checkstyle(std::ostream& out, const ScanResult& result) {
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";
  // The engine sorts findings by path, so each file's findings come together.
  // A copy: the file is released once its finding is written.
  std::optional<std::string> open_path;
  result.for_each_finding([&](const Finding& finding) {
    if (finding.suppressed()) return;
    const SourceFile& file = result.file(finding.span.file);
    if (!open_path || *open_path != file.path) {
      if (open_path) out << "  </file>\n";
      out << "  <file name=\"" << xml_escape(file.path) << "\">\n";
      open_path = file.path;
    }
    const Region region = region_of(file, finding.span);
    out << "    <error line=\"" << region.begin.line << "\" column=\"" << region.begin.column
        << "\" severity=\"" << checkstyle_severity(finding.level) << "\" message=\""
        << xml_escape(finding.message) << "\" source=\"dockerd-lint." << xml_escape(finding.rule_id)
        << "\"/>\n";
  });
  if (open_path) out << "  </file>\n";
  out << "</checkstyle>\n";
}

namespace {

std::string to_text(void (*write)(std::ostream&, const ScanResult&), const ScanResult& result) {
  std::ostringstream out;
  write(out, result);
  return out.str();
}

}  // namespace

std::string format_github(const ScanResult& result) {
  return to_text(write_github, result);
}
std::string format_gitlab(const ScanResult& result) {
  return to_text(write_gitlab, result);
}
std::string format_junit(const ScanResult& result) {
  return to_text(write_junit, result);
}
std::string format_checkstyle(const ScanResult& result) {
  return to_text(write_checkstyle, result);
}

}  // namespace dl
