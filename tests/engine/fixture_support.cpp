#include "tests/engine/fixture_support.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;

namespace dl::testing {
namespace {

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

// "DE101@17 \"text\"" -> expectation fields; false when malformed.
bool parse_expectation(std::string_view spec, Expectation& out) {
  spec = trim(spec);
  std::size_t i = 0;
  while (i < spec.size() && spec[i] != '@' && spec[i] != ' ') ++i;
  out.rule_id = std::string(spec.substr(0, i));
  if (out.rule_id.size() != 5 || !out.rule_id.starts_with("DE")) return false;
  spec.remove_prefix(i);
  if (!spec.empty() && spec.front() == '@') {
    spec.remove_prefix(1);
    std::uint32_t column = 0;
    std::size_t digits = 0;
    while (digits < spec.size() && spec[digits] >= '0' && spec[digits] <= '9') {
      column = column * 10 + static_cast<std::uint32_t>(spec[digits] - '0');
      ++digits;
    }
    if (digits == 0) return false;
    out.column = column;
    spec.remove_prefix(digits);
  }
  spec = trim(spec);
  if (!spec.empty()) {
    if (spec.size() < 2 || spec.front() != '"' || spec.back() != '"') return false;
    out.message_part = std::string(spec.substr(1, spec.size() - 2));
  }
  return true;
}

void add_case_file(const fs::path& file, const fs::path& case_root, FixtureCase& out) {
  std::string text = read_all(file);
  std::string display = file.lexically_relative(case_root).generic_string();
  parse_annotations(display, text, out);
  out.files.push_back({display, std::move(text), std::nullopt});
}

}  // namespace

std::string fixtures_root() {
  return std::string(DL_SOURCE_DIR) + "/fixtures";
}

void parse_annotations(const std::string& path, std::string& text, FixtureCase& out) {
  std::vector<Expectation> pending;
  std::vector<Expectation> deferred;  // "# expect(+N):", counting down
  std::uint32_t line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line_number;
    const std::string_view line = trim(std::string_view(text).substr(start, end - start));
    bool annotation = false;
    const auto directive = [&](std::string_view prefix) -> std::optional<std::string_view> {
      if (!line.starts_with(prefix)) return std::nullopt;
      annotation = true;
      return line.substr(prefix.size());
    };
    if (auto spec = directive("# expect:")) {
      Expectation e;
      if (parse_expectation(*spec, e)) {
        pending.push_back(std::move(e));
      } else {
        out.annotation_errors.push_back(path + ":" + std::to_string(line_number) +
                                        ": malformed annotation");
      }
    } else if (auto ahead = directive("# expect(+")) {
      // "# expect(+3): DE101": the third line below that is not an annotation, for lines
      // that cannot hold a comment before them (inside a heredoc's JSON).
      Expectation e;
      const std::size_t close = ahead->find("):");
      int skip = 0;
      if (close != std::string_view::npos) {
        for (const char c : ahead->substr(0, close)) {
          skip = std::isdigit(static_cast<unsigned char>(c)) ? skip * 10 + (c - '0') : -1000;
        }
      }
      if (close != std::string_view::npos && skip >= 1 &&
          parse_expectation(ahead->substr(close + 2), e)) {
        e.line = static_cast<std::uint32_t>(skip - 1);  // non-annotation lines still to pass
        deferred.push_back(std::move(e));
      } else {
        out.annotation_errors.push_back(path + ":" + std::to_string(line_number) +
                                        ": malformed annotation");
      }
    } else if (auto todo = directive("# todo-expect:")) {
      Expectation e;
      e.todo = true;
      if (parse_expectation(*todo, e)) pending.push_back(std::move(e));
    } else if (auto version = directive("# engine-version:")) {
      auto parsed = dockerd::EngineVersion::parse(trim(*version));
      if (parsed) {
        out.engine = *parsed;
      } else {
        out.annotation_errors.push_back(path + ": bad engine-version");
      }
    }
    if (annotation) {
      // In JSON the whole line becomes white space. Elsewhere its '#' stays: a comment line
      // inside a systemd continuation is skipped, where a blank line would end it.
      const bool keep_hash = path.find(".json") == std::string::npos;
      for (std::size_t k = start; k < end; ++k) {
        if (text[k] == '\r' || (keep_hash && text[k] == '#')) continue;
        text[k] = ' ';
      }
    } else {
      for (Expectation& e : pending) {
        e.path = path;
        e.line = line_number;
        out.expectations.push_back(std::move(e));
      }
      pending.clear();
      for (auto it = deferred.begin(); it != deferred.end();) {
        if (it->line > 0) {
          --it->line;
          ++it;
          continue;
        }
        it->path = path;
        it->line = line_number;
        out.expectations.push_back(std::move(*it));
        it = deferred.erase(it);
      }
    }
    start = end + 1;
  }
  if (!pending.empty() || !deferred.empty()) {
    out.annotation_errors.push_back(path +
                                    ": annotation at the end of the file applies to "
                                    "no line");
  }
}

std::vector<FixtureCase> load_fixture_cases() {
  std::vector<FixtureCase> cases;
  const fs::path root = fixtures_root();
  if (!fs::is_directory(root)) return cases;
  std::vector<fs::path> groups;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory()) groups.push_back(entry.path());
  }
  std::sort(groups.begin(), groups.end());
  for (const fs::path& group : groups) {
    std::vector<fs::path> members;
    for (const auto& entry : fs::directory_iterator(group)) members.push_back(entry.path());
    std::sort(members.begin(), members.end());
    for (const fs::path& member : members) {
      FixtureCase fixture;
      fixture.group = group.filename().string();
      fixture.name = fixture.group + "/" + member.filename().string();
      if (fs::is_directory(member)) {
        if (member.extension() != ".case") continue;
        std::vector<fs::path> files;
        for (const auto& entry : fs::recursive_directory_iterator(member)) {
          if (entry.is_regular_file()) files.push_back(entry.path());
        }
        std::sort(files.begin(), files.end());
        for (const fs::path& file : files) add_case_file(file, member, fixture);
      } else if (fs::is_regular_file(member)) {
        if (member.filename() == "README.md") continue;
        add_case_file(member, group, fixture);
      } else {
        continue;
      }
      cases.push_back(std::move(fixture));
    }
  }
  return cases;
}

std::string compare(const FixtureCase& fixture, const ScanResult& result) {
  struct Actual {
    std::string path;
    std::uint32_t line;
    std::uint32_t column;
    std::string rule_id;
    std::string message;
    bool matched = false;
  };
  std::vector<Actual> actual;
  for (const Finding& finding : result.findings) {
    if (finding.suppressed()) continue;  // a suppression is tested by what it leaves
    const SourceFile& file = result.file(finding.span.file);
    const Position pos = file.position(finding.span.begin);
    actual.push_back({file.path, pos.line, pos.column, finding.rule_id, finding.message});
  }
  std::ostringstream report;
  for (const std::string& error : fixture.annotation_errors) report << "  " << error << "\n";
  for (const Expectation& e : fixture.expectations) {
    auto it = std::find_if(actual.begin(), actual.end(), [&](const Actual& a) {
      return !a.matched && a.path == e.path && a.line == e.line && a.rule_id == e.rule_id &&
             (!e.column || *e.column == a.column) &&
             (e.message_part.empty() || a.message.find(e.message_part) != std::string::npos);
    });
    if (it != actual.end()) {
      it->matched = true;
      if (e.todo)
        report << "  todo-expect now passes, make it an expect: ";
      else
        continue;
    } else if (e.todo) {
      continue;  // known false negative
    } else {
      report << "  missing:    ";
    }
    report << e.path << ":" << e.line << (e.column ? ":" + std::to_string(*e.column) : "") << " "
           << e.rule_id << (e.message_part.empty() ? "" : " \"" + e.message_part + "\"") << "\n";
  }
  for (const Actual& a : actual) {
    if (a.matched) continue;
    report << "  unexpected: " << a.path << ":" << a.line << ":" << a.column << " " << a.rule_id
           << " " << a.message << "\n";
  }
  return report.str();
}

}  // namespace dl::testing
