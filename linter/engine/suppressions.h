// Inline suppressions: own-line comments that silence named rules on the next line or in the
// whole file, with an optional expiry date and reason.
//
//   # dockerd-lint: disable-next-line=DE101,tcp-on-all-interfaces -- lab VM, no network
//   # dockerd-lint: disable-file=DE103 exp:2027-01-31 -- until the proxy lands
//
// Scope is explicit, never guessed (ShellCheck's per-statement scope and Checkov's
// anywhere-in-file skips surprised their users): `disable-next-line` covers findings that
// start on the next line that is not itself a directive; `disable-file` covers the file.
// A directive that cannot be read is a DE901 finding, never silently ignored.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/core/finding.h"
#include "linter/core/source_file.h"
#include "rules/rule.h"

namespace dl::suppress {

struct Target {
  std::string selector;                  // as written: "DE101" or "tcp-without-tls"
  Span span;                             // the selector's bytes
  const rules::RuleDef* rule = nullptr;  // null: names no rule (DE901)
};

struct Directive {
  enum class Scope { NextLine, File };
  Scope scope = Scope::NextLine;
  Span span;                      // the comment, from '#' to the end of the line
  std::uint32_t target_line = 0;  // NextLine: the 1-based line it covers; 0: none (end of file)
  std::vector<Target> targets;
  std::string expiry;  // "YYYY-MM-DD", empty when none
  Span expiry_span;
  std::string reason;  // text after " -- ", trimmed
};

// A directive-looking comment that cannot be applied: reported as DE901.
struct Problem {
  Span span;
  std::string message;
};

struct FileDirectives {
  std::vector<Directive> directives;
  std::vector<Problem> problems;
};

// Reads every `# dockerd-lint:` comment of a file (formats with '#' comments: shell, YAML,
// systemd units, env files, Dockerfiles, Terraform).
FileDirectives parse_directives(const SourceFile& file);

// "YYYY-MM-DD" for a real calendar date.
bool is_valid_date(std::string_view text);
// Today's date in UTC as "YYYY-MM-DD".
std::string today_utc();

struct Options {
  std::string today;  // "YYYY-MM-DD"
  // Whether a rule ran: a suppression of a rule that did not run is not "unused".
  std::function<bool(const rules::RuleDef&)> rule_enabled;
};

// One file's directives and which of them were used, for a scan that meets the file's
// findings one at a time (in any order) and asks for its hygiene findings after the last.
class FileSuppressions {
 public:
  FileSuppressions(FileDirectives directives, const Options& options);

  bool empty() const { return directives_.directives.empty() && directives_.problems.empty(); }
  // Marks `finding` (of this file, starting on 1-based `line`) suppressed when a directive
  // covers it.
  void apply(Finding& finding, std::uint32_t line);
  // DE901–DE903 for this file's directives, as apply() below describes.
  std::vector<Finding> hygiene(const Options& options) const;

 private:
  struct Use {
    std::vector<bool> used;  // per target
    bool expired = false;
  };
  FileDirectives directives_;
  std::vector<Use> uses_;  // per directive
};

// Marks the findings the directives of `files` cover as suppressed (kind InSource, the
// reason as justification) and returns the hygiene findings: DE901 for directives that name
// no rule or cannot be read, DE902 for rule names that matched nothing, DE903 for expired
// directives (which then suppress nothing). `files` are indexed by FileId; files for which
// `has_comments` is false (JSON) are not read.
std::vector<Finding> apply(std::vector<Finding>& findings, const std::vector<SourceFile>& files,
                           const std::function<bool(const SourceFile&)>& has_comments,
                           const Options& options);

}  // namespace dl::suppress
