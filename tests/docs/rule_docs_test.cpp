// The rule documentation renderer (linter/docs): every page has every section with balanced
// code fences, the tables list every rule once, and their links resolve to files in
// docs/rules/. The committed files themselves are compared by the ctest docs_up_to_date.
#include "linter/docs/rule_docs.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "rules/registry.h"

namespace dl::testing {
namespace {

namespace fs = std::filesystem;
using rules::all_rules;
using rules::RuleDef;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

struct Fence {
  std::string language;
  std::size_t open_line;
};

// The fenced code blocks of a Markdown text; fails the test on an unclosed fence.
std::vector<Fence> fences_of(const std::string& text) {
  std::vector<Fence> fences;
  std::size_t open_width = 0;
  std::size_t line_number = 0;
  for (const std::string& line : lines_of(text)) {
    ++line_number;
    const std::size_t ticks = line.find_first_not_of('`');
    const std::size_t width = ticks == std::string::npos ? line.size() : ticks;
    if (width < 3) continue;
    if (open_width == 0) {
      open_width = width;
      fences.push_back({line.substr(width), line_number});
    } else if (width >= open_width && line.find_first_not_of('`') == std::string::npos) {
      open_width = 0;
    }
  }
  EXPECT_EQ(open_width, 0u) << "unclosed code fence opened on line "
                            << (fences.empty() ? 0 : fences.back().open_line);
  return fences;
}

// The text between "## heading" and the next "## " heading (or the end).
std::string section(const std::string& page, const std::string& heading) {
  const std::string marker = "\n## " + heading + "\n";
  const std::size_t at = page.find(marker);
  if (at == std::string::npos) return {};
  const std::size_t body = at + marker.size();
  const std::size_t next = page.find("\n## ", body);
  return page.substr(body, next == std::string::npos ? std::string::npos : next - body);
}

std::string read_source_file(const std::string& relative) {
  std::ifstream in(std::string(DL_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The targets of Markdown links "](target)" in `text`.
std::vector<std::string> link_targets(const std::string& text) {
  std::vector<std::string> targets;
  for (std::size_t at = text.find("]("); at != std::string::npos; at = text.find("](", at + 2)) {
    const std::size_t close = text.find(')', at + 2);
    if (close == std::string::npos) break;
    targets.push_back(text.substr(at + 2, close - at - 2));
  }
  return targets;
}

std::size_t count_rows(const std::string& table) {
  std::size_t rows = 0;
  for (const std::string& line : lines_of(table)) rows += line.starts_with("| [DE") ? 1 : 0;
  return rows;
}

const std::vector<std::string> kSections = {"What it does", "Why is this bad?", "Example",
                                            "Use instead",  "How to fix",       "References"};

TEST(RuleDocs, EveryPageHasEverySectionInOrder) {
  for (const RuleDef* rule : all_rules()) {
    const auto& m = rule->meta;
    SCOPED_TRACE(std::string(m.id));
    const std::string page = docs::render_rule_page(*rule);
    EXPECT_TRUE(page.starts_with("# " + std::string(m.id) + ": " + std::string(m.name) + "\n"));
    EXPECT_NE(page.find("- **Level:** " + std::string(to_string(m.level)) + "\n"),
              std::string::npos);
    EXPECT_NE(page.find("- **Security severity:** "), std::string::npos);
    EXPECT_NE(page.find("- **Tags:** "), std::string::npos);
    EXPECT_NE(page.find("\n" + std::string(m.summary) + "\n"), std::string::npos);
    std::size_t previous = 0;
    for (const std::string& heading : kSections) {
      const std::size_t at = page.find("\n## " + heading + "\n");
      ASSERT_NE(at, std::string::npos) << "no section " << heading;
      EXPECT_EQ(page.find("\n## " + heading + "\n", at + 1), std::string::npos)
          << "section " << heading << " twice";
      EXPECT_GT(at, previous) << "section " << heading << " out of order";
      previous = at;
      EXPECT_FALSE(section(page, heading).find_first_not_of(" \n") == std::string::npos)
          << "section " << heading << " is empty";
    }
    for (const std::string_view tag : m.tags) {
      EXPECT_NE(page.find("`" + std::string(tag) + "`"), std::string::npos) << tag;
    }
  }
}

TEST(RuleDocs, ExamplesAreBalancedFencesInTheExampleLanguage) {
  for (const RuleDef* rule : all_rules()) {
    const auto& m = rule->meta;
    SCOPED_TRACE(std::string(m.id));
    const std::string page = docs::render_rule_page(*rule);
    const auto all = fences_of(page);
    EXPECT_GE(all.size(), 2u);
    for (const std::string& heading : {std::string("Example"), std::string("Use instead")}) {
      const std::string body = section(page, heading);
      const auto fences = fences_of(body);
      ASSERT_FALSE(fences.empty()) << heading << " has no code block";
      for (const Fence& fence : fences) {
        EXPECT_FALSE(fence.language.empty()) << heading << ": fence without a language";
        EXPECT_NE(fence.language, "text") << heading << ": no language for " << m.example_path;
      }
      // A single-file example is fenced in the language of the path it is linted as.
      if (!m.doc.bad_example.starts_with("==> ") && m.example_path != "") {
        EXPECT_EQ(fences.front().language, docs::fence_language(m.example_path));
      }
    }
    // The example's code (below a `==> path <==` header, if any) is in the section.
    std::string bad(m.doc.bad_example);
    if (bad.starts_with("==> ")) bad = bad.substr(bad.find('\n') + 1);
    const std::string first_line = bad.substr(0, bad.find('\n'));
    EXPECT_NE(section(page, "Example").find(first_line + "\n"), std::string::npos)
        << "the bad example's text is not in the Example section";
  }
}

TEST(RuleDocs, ReferencesAreListedAsLinks) {
  for (const RuleDef* rule : all_rules()) {
    const auto& m = rule->meta;
    SCOPED_TRACE(std::string(m.id));
    const std::string references = section(docs::render_rule_page(*rule), "References");
    for (const rules::Reference& reference : m.doc.references) {
      const std::string item =
          "- [" + std::string(reference.title) + "](" + std::string(reference.url) + ")\n";
      EXPECT_NE(references.find(item), std::string::npos) << item;
    }
  }
}

TEST(RuleDocs, FenceLanguageFollowsTheExamplePath) {
  EXPECT_EQ(docs::fence_language("daemon.json"), "json");
  EXPECT_EQ(docs::fence_language("etc/docker/daemon.json"), "json");
  EXPECT_EQ(docs::fence_language("roles/x/templates/daemon.json.j2"), "json");
  EXPECT_EQ(docs::fence_language("docker.service"), "ini");
  EXPECT_EQ(docs::fence_language("etc/systemd/system/docker.service.d/override.conf"), "ini");
  EXPECT_EQ(docs::fence_language("docker.socket"), "ini");
  EXPECT_EQ(docs::fence_language("setup.sh"), "sh");
  EXPECT_EQ(docs::fence_language("install.bash"), "sh");
  EXPECT_EQ(docs::fence_language("etc/default/docker"), "sh");
  EXPECT_EQ(docs::fence_language("etc/sysconfig/docker"), "sh");
  EXPECT_EQ(docs::fence_language("docker-compose.yml"), "yaml");
  EXPECT_EQ(docs::fence_language(".gitlab-ci.yaml"), "yaml");
  EXPECT_EQ(docs::fence_language("Dockerfile"), "dockerfile");
  EXPECT_EQ(docs::fence_language("build/ci.Dockerfile"), "dockerfile");
  EXPECT_EQ(docs::fence_language("main.tf"), "hcl");
  EXPECT_EQ(docs::fence_language("notes"), "text");
}

TEST(RuleDocs, TableHasOneRowPerRuleLinkedToExistingPages) {
  const std::string table = docs::render_rules_table();
  EXPECT_TRUE(table.starts_with("| id | name | level | security severity | summary |\n"));
  EXPECT_EQ(count_rows(table), all_rules().size());
  std::set<std::string> linked;
  for (const std::string& target : link_targets(table)) {
    EXPECT_TRUE(target.starts_with("docs/rules/")) << target;
    EXPECT_TRUE(fs::is_regular_file(fs::path(DL_SOURCE_DIR) / target))
        << target << " does not exist: run dockerd-lint-gen-docs --write .";
    linked.insert(target);
  }
  for (const RuleDef* rule : all_rules()) {
    const auto& m = rule->meta;
    EXPECT_TRUE(linked.count(docs::rule_page_path(m.id))) << m.id;
    const std::string severity =
        m.security_severity.empty() ? "–" : std::string(m.security_severity);
    EXPECT_NE(table.find(" | " + std::string(m.name) + " | " + std::string(to_string(m.level)) +
                         " | " + severity + " | "),
              std::string::npos)
        << m.id;
  }
}

TEST(RuleDocs, IndexLinksEveryRulePageInDocsRules) {
  const std::string index = docs::render_rule_index();
  EXPECT_EQ(count_rows(index), all_rules().size());
  std::set<std::string> linked;
  for (const std::string& target : link_targets(index)) {
    EXPECT_TRUE(fs::is_regular_file(fs::path(DL_SOURCE_DIR) / "docs/rules" / target))
        << "docs/rules/" << target << " does not exist";
    linked.insert(target);
  }
  for (const RuleDef* rule : all_rules()) {
    EXPECT_TRUE(linked.count(std::string(rule->meta.id) + ".md")) << rule->meta.id;
  }
  EXPECT_NE(index.find("\n## DE1xx: "), std::string::npos);
}

TEST(RuleDocs, GeneratedFilesArePagesAndIndex) {
  const auto files = docs::generated_rule_files();
  ASSERT_EQ(files.size(), all_rules().size() + 1);
  std::set<std::string> paths;
  for (const auto& file : files) {
    EXPECT_TRUE(file.path.starts_with("docs/rules/")) << file.path;
    EXPECT_TRUE(file.content.ends_with("\n")) << file.path;
    EXPECT_TRUE(paths.insert(file.path).second) << "twice: " << file.path;
  }
  EXPECT_TRUE(paths.count("docs/rules/README.md"));
  for (const RuleDef* rule : all_rules()) {
    EXPECT_TRUE(paths.count(docs::rule_page_path(rule->meta.id))) << rule->meta.id;
  }
}

TEST(RuleDocs, SpliceReplacesOnlyTheTableBetweenTheMarkers) {
  const std::string readme =
      "intro\n<!-- rules-table:begin -->\nold\n<!-- rules-table:end -->\nend\n";
  const auto spliced = docs::splice_rules_table(readme, "| new |\n");
  ASSERT_TRUE(spliced.has_value());
  EXPECT_EQ(*spliced,
            "intro\n<!-- rules-table:begin -->\n| new |\n<!-- rules-table:end -->\nend\n");
  EXPECT_EQ(docs::splice_rules_table(*spliced, "| new |\n"), spliced);
  EXPECT_FALSE(docs::splice_rules_table("no markers\n", "x").has_value());
  EXPECT_FALSE(
      docs::splice_rules_table("<!-- rules-table:end -->\n<!-- rules-table:begin -->\n", "x")
          .has_value());
}

// The committed README's table is the rendered one (docs_up_to_date checks all files).
TEST(RuleDocs, ReadmeTableIsTheRenderedTable) {
  const std::string readme = read_source_file("README.md");
  const auto spliced = docs::splice_rules_table(readme, docs::render_rules_table());
  ASSERT_TRUE(spliced.has_value()) << "README.md lacks the rules-table markers";
  EXPECT_EQ(*spliced, readme)
      << "README.md's rule table is stale: run dockerd-lint-gen-docs --write .";
}

}  // namespace
}  // namespace dl::testing
