// Registry invariants (style-anchors.md §6.5): adding a rule without its docs, fixtures or
// registry line fails here instead of in review.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "linter/engine/engine.h"
#include "rules/registry.h"
#include "tests/engine/fixture_support.h"

namespace dl::testing {
namespace {

namespace fs = std::filesystem;
using rules::all_rules;
using rules::RuleDef;

bool is_kebab_case(std::string_view name) {
  if (name.empty() || name.front() == '-' || name.back() == '-') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

TEST(Registry, IdsAreUniqueWellFormedAndSorted) {
  std::string previous;
  for (const RuleDef* rule : all_rules()) {
    const std::string id(rule->meta.id);
    ASSERT_EQ(id.size(), 5u) << id;
    EXPECT_TRUE(id.starts_with("DE")) << id;
    EXPECT_TRUE(std::all_of(id.begin() + 2, id.end(), [](char c) { return c >= '0' && c <= '9'; }))
        << id;
    EXPECT_LT(previous, id) << "registry not sorted or duplicate id at " << id;
    previous = id;
  }
}

TEST(Registry, NamesAreUniqueKebabCase) {
  std::set<std::string_view> names;
  for (const RuleDef* rule : all_rules()) {
    EXPECT_TRUE(is_kebab_case(rule->meta.name)) << rule->meta.name;
    EXPECT_TRUE(names.insert(rule->meta.name).second) << "duplicate name " << rule->meta.name;
  }
}

TEST(Registry, EveryRuleIsCompletelyDocumented) {
  for (const RuleDef* rule : all_rules()) {
    const auto& m = rule->meta;
    SCOPED_TRACE(std::string(m.id));
    EXPECT_FALSE(m.summary.empty());
    EXPECT_LE(m.summary.size(), 120u) << "summary must fit a table row";
    EXPECT_FALSE(m.doc.what.empty());
    EXPECT_FALSE(m.doc.why.empty());
    EXPECT_FALSE(m.doc.bad_example.empty());
    EXPECT_FALSE(m.doc.good_example.empty());
    EXPECT_FALSE(m.doc.fix.empty());
    EXPECT_LE(m.doc.what.size(), 1024u) << "SARIF fullDescription limit";
    EXPECT_FALSE(m.tags.empty());
    EXPECT_NE(rule->check, nullptr);
    const bool security = std::find(m.tags.begin(), m.tags.end(), "security") != m.tags.end();
    if (!m.security_severity.empty()) {
      EXPECT_TRUE(security) << "a security-severity needs the security tag";
      const double score = std::stod(std::string(m.security_severity));
      EXPECT_GT(score, 0.0);
      EXPECT_LE(score, 10.0);
    }
  }
}

// Every rule cites its sources (rendered as the "References" of docs/rules/DExxx.md): at
// least one https link, and the CWE page of each CWE tag.
TEST(Registry, EveryRuleHasHttpsReferences) {
  for (const RuleDef* rule : all_rules()) {
    const auto& m = rule->meta;
    SCOPED_TRACE(std::string(m.id));
    bool https = false;
    for (const rules::Reference& reference : m.doc.references) {
      EXPECT_FALSE(reference.title.empty()) << reference.url;
      EXPECT_TRUE(reference.url.starts_with("http://") || reference.url.starts_with("https://"))
          << reference.url;
      https = https || reference.url.starts_with("https://");
    }
    EXPECT_TRUE(https) << "no reference with an https URL";
    for (const std::string_view tag : m.tags) {
      if (!tag.starts_with("external/cwe/cwe-")) continue;
      const std::string page =
          "https://cwe.mitre.org/data/definitions/" + std::string(tag.substr(17)) + ".html";
      EXPECT_TRUE(std::any_of(m.doc.references.begin(), m.doc.references.end(),
                              [&](const rules::Reference& r) { return r.url == page; }))
          << tag << ": no reference to " << page;
    }
  }
}

TEST(Registry, LookupByIdAndName) {
  for (const RuleDef* rule : all_rules()) {
    EXPECT_EQ(rules::find_rule(rule->meta.id), rule);
    EXPECT_EQ(rules::find_rule(rule->meta.name), rule);
    EXPECT_EQ(all_rules()[static_cast<std::size_t>(rules::rule_index(rule->meta.id))], rule);
  }
  EXPECT_EQ(rules::find_rule("de101"), rules::find_rule("DE101"));
  EXPECT_EQ(rules::find_rule("DE999"), nullptr);
  EXPECT_EQ(rules::rule_index("DE999"), -1);
}

// Every rules/deNNN_*.cpp file is registered, and every registered rule has its file.
TEST(Registry, SourceFilesMatchRegistry) {
  std::set<std::string> file_ids;
  for (const auto& entry : fs::directory_iterator(std::string(DL_SOURCE_DIR) + "/rules")) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 6 && name.starts_with("de") && name.ends_with(".cpp")) {
      std::string id = "DE" + name.substr(2, 3);
      EXPECT_TRUE(file_ids.insert(id).second) << "two files for " << id;
      const std::string expected_prefix = "de" + name.substr(2, 3) + "_";
      const RuleDef* rule = rules::find_rule(id);
      ASSERT_NE(rule, nullptr) << name << " is not in rules/registry.cpp";
      std::string snake(rule->meta.name);
      std::replace(snake.begin(), snake.end(), '-', '_');
      EXPECT_EQ(name, expected_prefix + snake + ".cpp") << "file name must follow the rule name";
    }
  }
  for (const RuleDef* rule : all_rules()) {
    EXPECT_TRUE(file_ids.count(std::string(rule->meta.id))) << rule->meta.id << " has no file";
  }
}

// A documented example is one file (linted as `path`), or several, each introduced by a
// `==> path <==` line as `head` prints them.
std::vector<InMemoryFile> example_files(const std::string& path, const std::string& text) {
  if (!text.starts_with("==> ")) return {{path, text, std::nullopt}};
  std::vector<InMemoryFile> files;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t header_end = text.find('\n', at);
    const std::string header = text.substr(at, header_end - at);
    const std::string name = header.substr(4, header.size() - 8);  // "==> " … " <=="
    const std::size_t next = text.find("\n==> ", header_end);
    const std::size_t body_end = next == std::string::npos ? text.size() : next + 1;
    files.push_back({name, text.substr(header_end + 1, body_end - header_end - 1), std::nullopt});
    at = body_end;
  }
  return files;
}

std::vector<std::string> rule_ids_found(const std::string& path, const std::string& text) {
  const ScanResult result = scan_buffers(example_files(path, text), {});
  std::vector<std::string> ids;
  for (const Finding& f : result.findings) {
    if (!f.suppressed()) ids.push_back(f.rule_id);
  }
  return ids;
}

// The documented bad example fires its rule; the good example is entirely clean.
TEST(Registry, DocExamplesBehaveAsDocumented) {
  for (const RuleDef* rule : all_rules()) {
    const auto& m = rule->meta;
    SCOPED_TRACE(std::string(m.id));
    const auto bad = rule_ids_found(std::string(m.example_path), std::string(m.doc.bad_example));
    EXPECT_NE(std::find(bad.begin(), bad.end(), m.id), bad.end()) << "bad example does not fire";
    const auto good = rule_ids_found(std::string(m.example_path), std::string(m.doc.good_example));
    EXPECT_TRUE(good.empty()) << "good example is not clean: " << (good.empty() ? "" : good[0]);
  }
}

// The README's rule table lists every rule exactly as the registry has it.
TEST(Registry, ReadmeTableMatchesRegistry) {
  std::ifstream in(std::string(DL_SOURCE_DIR) + "/README.md");
  std::ostringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  std::size_t rows = 0;
  for (const RuleDef* rule : all_rules()) {
    const auto& m = rule->meta;
    const std::string id(m.id);
    const std::string severity =
        m.security_severity.empty() ? "–" : std::string(m.security_severity);
    const std::string row = "| [" + id + "](docs/rules/" + id + ".md) | " + std::string(m.name) +
                            " | " + std::string(to_string(m.level)) + " | " + severity + " | " +
                            std::string(m.summary) + " |\n";
    EXPECT_NE(readme.find(row), std::string::npos) << "README.md lacks the row:\n" << row;
    ++rows;
  }
  std::size_t listed = 0;
  for (std::size_t at = readme.find("\n| [DE"); at != std::string::npos;
       at = readme.find("\n| [DE", at + 1)) {
    ++listed;
  }
  EXPECT_EQ(listed, rows) << "README.md lists rules that are not in the registry";
}

// Every rule has a fixture that expects it and a clean fixture in fixtures/<ID>/.
TEST(Registry, EveryRuleHasFiringAndCleanFixtures) {
  const auto cases = load_fixture_cases();
  for (const RuleDef* rule : all_rules()) {
    const std::string id(rule->meta.id);
    bool firing = false;
    bool clean = false;
    for (const FixtureCase& fixture : cases) {
      if (fixture.group != id) continue;
      const bool expects_it =
          std::any_of(fixture.expectations.begin(), fixture.expectations.end(),
                      [&](const Expectation& e) { return e.rule_id == id && !e.todo; });
      firing = firing || expects_it;
      clean = clean || fixture.expectations.empty();
    }
    EXPECT_TRUE(firing) << id << ": no fixture in fixtures/" << id << "/ expects it";
    EXPECT_TRUE(clean) << id << ": no clean fixture (without expectations) in fixtures/" << id;
  }
}

}  // namespace
}  // namespace dl::testing
