// Rule documentation rendered from the registry's metadata: one Markdown page per rule
// (docs/rules/DExxx.md, and `dockerd-lint explain`), the README's rule table and the index
// docs/rules/README.md. tools/gen_docs.cpp writes and checks the files; nothing here does I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.h"

namespace dl::docs {

// The README's rule table sits between these two lines.
inline constexpr std::string_view kTableBegin = "<!-- rules-table:begin -->";
inline constexpr std::string_view kTableEnd = "<!-- rules-table:end -->";

// The whole page of one rule: title, level, severity, tags, summary, "What it does",
// "Why is this bad?", "Example", "Use instead", "How to fix", "References".
std::string render_rule_page(const rules::RuleDef& rule);

// The Markdown table of every rule for the README: id (linked to docs/rules/DExxx.md), name,
// level, security severity, summary.
std::string render_rules_table();

// docs/rules/README.md: every rule, grouped by family, linked to its page.
std::string render_rule_index();

// The code fence's info string for an example linted as `path` ("json", "ini", "sh",
// "yaml", "dockerfile", "hcl"; "text" when the path says nothing).
std::string_view fence_language(std::string_view path);

// `code` in a Markdown fence longer than any backtick run inside it (so the code cannot close
// it), with `language` as the info string; no newline after the closing fence.
std::string fenced(std::string_view code, std::string_view language);

// "docs/rules/DE101.md": where a rule's page lives, relative to the repository root.
std::string rule_page_path(std::string_view rule_id);

struct GeneratedFile {
  std::string path;     // relative to the repository root, '/'-separated
  std::string content;  // exactly what the file must contain
};

// Every file under docs/rules/ the generator owns: one page per registered rule (with a
// "generated" banner) and the index.
std::vector<GeneratedFile> generated_rule_files();

// `readme` with the text between the table markers replaced by `table`; nullopt when the
// markers are missing or out of order.
std::optional<std::string> splice_rules_table(std::string_view readme, std::string_view table);

}  // namespace dl::docs
