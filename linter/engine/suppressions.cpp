#include "linter/engine/suppressions.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "rules/registry.h"

namespace dl::suppress {
namespace {

constexpr std::string_view kMarker = "dockerd-lint:";
constexpr std::string_view kNextLine = "disable-next-line";
constexpr std::string_view kFile = "disable-file";
constexpr std::string_view kSyntax =
    "write `# dockerd-lint: disable-next-line=DE101 -- reason` or "
    "`# dockerd-lint: disable-file=DE101 exp:YYYY-MM-DD -- reason`";

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

bool is_selector_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

// Offset just past "#[ \t]*dockerd-lint:" when the line is only that comment (after
// indentation), else npos.
std::size_t own_line_marker(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && is_blank(line[i])) ++i;
  if (i >= line.size() || line[i] != '#') return std::string_view::npos;
  ++i;
  while (i < line.size() && is_blank(line[i])) ++i;
  if (line.substr(i).starts_with(kMarker)) return i + kMarker.size();
  return std::string_view::npos;
}

// A "# dockerd-lint:" after code on the same line: the offset of its '#', else npos.
std::size_t trailing_marker(std::string_view line) {
  for (std::size_t at = line.find(kMarker); at != std::string_view::npos;
       at = line.find(kMarker, at + 1)) {
    std::size_t hash = at;
    while (hash > 0 && is_blank(line[hash - 1])) --hash;
    if (hash > 0 && line[hash - 1] == '#') return hash - 1;
  }
  return std::string_view::npos;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (is_blank(text.front()) || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (is_blank(text.back()) || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

class LineParser {
 public:
  LineParser(const SourceFile& file, std::uint32_t line_start, std::string_view line,
             std::size_t after_marker, FileDirectives& out)
      : file_(file), base_(line_start), line_(line), pos_(after_marker), out_(out) {}

  void parse(std::uint32_t comment_begin) {
    directive_.span = {file_.id, comment_begin, base_ + static_cast<std::uint32_t>(end_of_text())};
    skip_blanks();
    const std::size_t verb_begin = pos_;
    while (pos_ < line_.size() && (is_selector_char(line_[pos_]))) ++pos_;
    const std::string_view verb = line_.substr(verb_begin, pos_ - verb_begin);
    if (verb == kNextLine) {
      directive_.scope = Directive::Scope::NextLine;
    } else if (verb == kFile) {
      directive_.scope = Directive::Scope::File;
    } else {
      const std::string shown =
          verb.empty() ? std::string(trim(line_.substr(verb_begin))) : std::string(verb);
      problem(verb_begin, std::max(pos_, verb_begin + 1),
              "unknown suppression directive \"" + shown + "\": " + std::string(kSyntax));
      return;
    }
    if (pos_ >= line_.size() || line_[pos_] != '=') {
      problem(verb_begin, pos_,
              "this suppression names no rule, and a blanket suppression is not supported: " +
                  std::string(kSyntax));
      return;
    }
    ++pos_;
    if (!parse_targets()) return;
    skip_blanks();
    if (line_.substr(pos_).starts_with("exp:")) {
      const std::size_t date_begin = pos_;
      pos_ += 4;
      while (pos_ < line_.size() && !is_blank(line_[pos_]) && line_[pos_] != '\r') ++pos_;
      const std::string_view date = line_.substr(date_begin + 4, pos_ - date_begin - 4);
      if (!is_valid_date(date)) {
        problem(date_begin, pos_,
                "the expiry \"" + std::string(line_.substr(date_begin, pos_ - date_begin)) +
                    "\" is not a date: write exp:YYYY-MM-DD");
        return;
      }
      directive_.expiry = std::string(date);
      directive_.expiry_span = span(date_begin, pos_);
      skip_blanks();
    }
    if (line_.substr(pos_).starts_with("--")) {
      directive_.reason = std::string(trim(line_.substr(pos_ + 2)));
      pos_ = line_.size();
    }
    const std::string_view rest = trim(line_.substr(pos_));
    if (!rest.empty()) {
      problem(pos_, end_of_text(),
              "unexpected text \"" + std::string(rest) +
                  "\" in a suppression: a reason goes after \" -- \", and the rules are one "
                  "comma-separated list");
      return;
    }
    out_.directives.push_back(std::move(directive_));
  }

 private:
  bool parse_targets() {
    while (true) {
      skip_blanks();
      const std::size_t begin = pos_;
      while (pos_ < line_.size() && is_selector_char(line_[pos_])) ++pos_;
      if (pos_ == begin) {
        problem(begin, std::min(begin + 1, end_of_text()),
                "a rule id is missing in this suppression: " + std::string(kSyntax));
        return false;
      }
      Target target;
      target.selector = std::string(line_.substr(begin, pos_ - begin));
      target.span = span(begin, pos_);
      target.rule = rules::find_rule(target.selector);
      directive_.targets.push_back(std::move(target));
      const std::size_t after = pos_;
      skip_blanks();
      if (pos_ < line_.size() && line_[pos_] == ',') {
        ++pos_;
        continue;
      }
      pos_ = after;
      return true;
    }
  }

  void skip_blanks() {
    while (pos_ < line_.size() && is_blank(line_[pos_])) ++pos_;
  }
  std::size_t end_of_text() const {
    std::size_t end = line_.size();
    while (end > 0 && (is_blank(line_[end - 1]) || line_[end - 1] == '\r')) --end;
    return end;
  }
  Span span(std::size_t begin, std::size_t end) const {
    return {file_.id, base_ + static_cast<std::uint32_t>(begin),
            base_ + static_cast<std::uint32_t>(end)};
  }
  void problem(std::size_t begin, std::size_t end, std::string message) {
    out_.problems.push_back({span(begin, std::max(begin, end)), std::move(message)});
  }

  const SourceFile& file_;
  std::uint32_t base_;
  std::string_view line_;
  std::size_t pos_;
  FileDirectives& out_;
  Directive directive_;
};

Finding hygiene_finding(std::string_view id, Span span, std::string message) {
  const rules::RuleDef* rule = rules::find_rule(id);
  Finding finding;
  finding.rule_id = std::string(id);
  finding.level = rule != nullptr ? rule->meta.level : Level::Warning;
  finding.message = std::move(message);
  finding.span = span;
  return finding;
}

}  // namespace

bool is_valid_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const int year = std::stoi(std::string(text.substr(0, 4)));
  const unsigned month = static_cast<unsigned>(std::stoi(std::string(text.substr(5, 2))));
  const unsigned day = static_cast<unsigned>(std::stoi(std::string(text.substr(8, 2))));
  return std::chrono::year_month_day(std::chrono::year(year), std::chrono::month(month),
                                     std::chrono::day(day))
      .ok();
}

std::string today_utc() {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day date(days);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

FileDirectives parse_directives(const SourceFile& file) {
  FileDirectives out;
  if (file.text.find(kMarker) == std::string::npos) return out;
  const std::uint32_t lines = file.lines.line_count();
  std::vector<std::size_t> directive_lines;  // lines holding an own-line directive
  for (std::uint32_t line = 1; line <= lines; ++line) {
    const std::string_view text = file.lines.line_text(file.text, line);
    std::uint32_t start = file.lines.line_start(line);
    std::string_view content = text;
    if (start < file.content_start) {  // a byte order mark before the first line
      const std::uint32_t skip = std::min<std::uint32_t>(
          file.content_start - start, static_cast<std::uint32_t>(content.size()));
      content.remove_prefix(skip);
      start += skip;
    }
    if (content.find(kMarker) == std::string_view::npos) continue;
    const std::size_t after = own_line_marker(content);
    if (after != std::string_view::npos) {
      const std::size_t hash = content.find('#');
      const std::size_t before = out.directives.size();
      LineParser(file, start, content, after, out).parse(start + static_cast<std::uint32_t>(hash));
      directive_lines.push_back(line);
      if (out.directives.size() > before) out.directives.back().target_line = line;
      continue;
    }
    const std::size_t hash = trailing_marker(content);
    if (hash != std::string_view::npos) {
      const auto begin = start + static_cast<std::uint32_t>(hash);
      std::size_t end = content.size();
      while (end > hash && (is_blank(content[end - 1]) || content[end - 1] == '\r')) --end;
      out.problems.push_back(
          {{file.id, begin, start + static_cast<std::uint32_t>(end)},
           "a suppression must be a comment on its own line, above the line it covers; after "
           "code it is not applied"});
    }
  }
  // The next line that is not itself a directive, so directives stack.
  for (Directive& directive : out.directives) {
    std::uint32_t line = directive.target_line + 1;
    while (std::binary_search(directive_lines.begin(), directive_lines.end(), line)) ++line;
    directive.target_line = line <= lines ? line : 0;
  }
  return out;
}

FileSuppressions::FileSuppressions(FileDirectives directives, const Options& options)
    : directives_(std::move(directives)) {
  uses_.reserve(directives_.directives.size());
  for (const Directive& directive : directives_.directives) {
    Use use;
    use.used.assign(directive.targets.size(), false);
    use.expired = !directive.expiry.empty() && directive.expiry < options.today;
    uses_.push_back(std::move(use));
  }
}

void FileSuppressions::apply(Finding& finding, std::uint32_t line) {
  if (finding.suppressed()) return;
  for (std::size_t d = 0; d < directives_.directives.size(); ++d) {
    const Directive& directive = directives_.directives[d];
    if (directive.scope == Directive::Scope::NextLine && directive.target_line != line) continue;
    Use& use = uses_[d];
    if (use.expired) continue;
    for (std::size_t i = 0; i < directive.targets.size(); ++i) {
      const rules::RuleDef* rule = directive.targets[i].rule;
      if (rule == nullptr || rule->meta.id != finding.rule_id) continue;
      use.used[i] = true;
      if (!finding.suppressed()) {
        finding.suppression = Suppression{Suppression::Kind::InSource, directive.reason};
      }
    }
  }
}

std::vector<Finding> FileSuppressions::hygiene(const Options& options) const {
  std::vector<Finding> hygiene;
  for (const Problem& problem : directives_.problems) {
    hygiene.push_back(hygiene_finding("DE901", problem.span, problem.message));
  }
  for (std::size_t d = 0; d < directives_.directives.size(); ++d) {
    const Directive& directive = directives_.directives[d];
    const Use& use = uses_[d];
    if (use.expired) {
      hygiene.push_back(hygiene_finding(
          "DE903", directive.expiry_span,
          "this suppression expired on " + directive.expiry +
              ": it no longer applies, and the findings it covered are reported again"));
      continue;
    }
    for (std::size_t i = 0; i < directive.targets.size(); ++i) {
      const Target& target = directive.targets[i];
      if (target.rule == nullptr) {
        hygiene.push_back(hygiene_finding(
            "DE901", target.span,
            "\"" + target.selector +
                "\" names no rule (see `dockerd-lint rules`), so this suppression covers "
                "nothing; name rules by id (DE101) or name (tcp-without-tls)"));
        continue;
      }
      if (use.used[i] || !options.rule_enabled(*target.rule)) continue;
      const std::string rule = std::string(target.rule->meta.id);
      std::string where = directive.scope == Directive::Scope::File ? std::string("in this file")
                          : directive.target_line == 0
                              ? std::string("(there is no next line)")
                              : "on line " + std::to_string(directive.target_line);
      hygiene.push_back(hygiene_finding("DE902", target.span,
                                        "this suppression of " + rule + " matched no " + rule +
                                            " finding " + where +
                                            ": remove it, or it will hide a new finding later"));
    }
  }
  return hygiene;
}

std::vector<Finding> apply(std::vector<Finding>& findings, const std::vector<SourceFile>& files,
                           const std::function<bool(const SourceFile&)>& has_comments,
                           const Options& options) {
  std::map<FileId, FileSuppressions> by_file;
  for (const SourceFile& file : files) {
    if (!has_comments(file)) continue;
    FileDirectives directives = parse_directives(file);
    if (directives.directives.empty() && directives.problems.empty()) continue;
    by_file.emplace(file.id, FileSuppressions(std::move(directives), options));
  }
  for (Finding& finding : findings) {
    const auto it = by_file.find(finding.span.file);
    if (it == by_file.end()) continue;
    it->second.apply(finding, files.at(finding.span.file).position(finding.span.begin).line);
  }
  std::vector<Finding> hygiene;
  for (const auto& [id, suppressions] : by_file) {
    for (Finding& finding : suppressions.hygiene(options)) hygiene.push_back(std::move(finding));
  }
  return hygiene;
}

}  // namespace dl::suppress
