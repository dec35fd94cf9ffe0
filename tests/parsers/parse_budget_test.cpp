// Bounded parser work: known worst cases stay linear in their size (counted in tree-sitter
// parser operations, which are the same on every machine, not in seconds), and a parse that
// passes its budget becomes a reported skip instead of a hang.
#include <gtest/gtest.h>

#include <string>

#include "linter/engine/engine.h"
#include "parsers/common/tree_sitter.h"

namespace dl::testing {
namespace {

std::string repeat(const std::string& piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

struct WorstCase {
  const char* name;
  ts::Grammar grammar;
  std::string (*make)(std::size_t n);
};

const WorstCase kWorstCases[] = {
    {"nested command substitutions", ts::Grammar::Bash,
     [](std::size_t n) { return repeat("echo $(", n) + repeat(")", n) + "\n"; }},
    {"heredocs", ts::Grammar::Bash,
     [](std::size_t n) {
       std::string s;
       for (std::size_t i = 0; i < n; ++i) {
         s += "cat <<E" + std::to_string(i) + " >>/etc/default/docker\nDOCKER_OPTS=x\nE" +
              std::to_string(i) + "\n";
       }
       return s;
     }},
    {"long heredoc delimiter", ts::Grammar::Bash,
     [](std::size_t n) {
       const std::string delimiter(n * 100, 'D');  // 1 MB at the large size
       return "cat <<" + delimiter + "\nx\n" + delimiter + "\n";
     }},
    {"unbalanced quotes and expansions", ts::Grammar::Bash,
     [](std::size_t n) { return repeat("\"a' `b ${c $(d ", n) + "\n"; }},
    {"keywords out of place", ts::Grammar::Bash,
     [](std::size_t n) { return repeat("if then fi do done ( ) { } ;; ", n) + "\n"; }},
    {"deep JSON arrays", ts::Grammar::Json,
     [](std::size_t n) { return repeat("[", n) + repeat("]", n); }},
    {"deep JSON objects", ts::Grammar::Json,
     [](std::size_t n) { return repeat("{\"a\":", n) + "1" + repeat("}", n); }},
    {"JSON with stray commas", ts::Grammar::Json,
     [](std::size_t n) { return "{\"hosts\": [" + repeat("\"a\",,,", n) + "]}"; }},
};

TEST(ParseBudget, WorstCasesStayLinear) {
  for (const WorstCase& worst : kWorstCases) {
    SCOPED_TRACE(worst.name);
    ts::Parser parser(worst.grammar);
    const std::string small = worst.make(2'500);
    const std::string large = worst.make(10'000);  // 10,000 heredocs, a 1 MB delimiter, …
    ASSERT_TRUE(parser.parse(small)) << "the default budget cancelled a worst case";
    const std::uint64_t small_ops = parser.last_operations();
    ASSERT_TRUE(parser.parse(large));
    const std::uint64_t large_ops = parser.last_operations();
    // Far below the budget (400 per byte), and 4x the input is at most ~4x the work.
    EXPECT_LE(large_ops, 8 * large.size() + 100'000) << large.size() << " bytes";
    EXPECT_LE(large_ops, 5 * small_ops + 1'000) << small_ops << " -> " << large_ops;
    EXPECT_EQ(parser.cancelled_parses(), 0u);
  }
}

TEST(ParseBudget, APathologicalParseIsCancelledAndCounted) {
  ts::Parser parser(ts::Grammar::Bash);
  parser.set_budget_for_testing(1'000, 0);
  EXPECT_FALSE(parser.parse(repeat("echo a; ", 5'000)));
  EXPECT_EQ(parser.cancelled_parses(), 1u);
  EXPECT_TRUE(parser.parse("echo a\n")) << "a small parse fits in the same budget";
  parser.set_budget_for_testing(0, 0);  // the default again
  EXPECT_TRUE(parser.parse(repeat("echo a; ", 5'000)));
  EXPECT_EQ(parser.cancelled_parses(), 1u);
}

TEST(ParseBudget, AnOverBudgetFileIsAReportedSkip) {
  EngineOptions options;
  options.parse_budget = {{1'000, 0}};
  const std::string script =
      "#!/bin/sh\n" + repeat("echo filler\n", 2'000) + "dockerd -H tcp://0.0.0.0:2375\n";
  const ScanResult result = scan_buffers(
      {{"start.sh", script, std::nullopt}, {"ok.sh", "#!/bin/sh\nexit 0\n", {}}}, options);
  EXPECT_TRUE(result.findings.empty());
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].path, "start.sh");
  EXPECT_NE(result.problems[0].message.find("skipped: parsing gave up"), std::string::npos)
      << result.problems[0].message;
  EXPECT_FALSE(result.problems[0].is_error) << "a skip, like a file above --max-file-size";
  // With the default budget the same file is linted.
  const ScanResult normal = scan_buffers({{"start.sh", script, std::nullopt}}, {});
  EXPECT_TRUE(normal.problems.empty());
  EXPECT_FALSE(normal.findings.empty());
}

// The shell walk stops 200 levels down; what lies deeper is reported, never passed over.
TEST(ParseBudget, ShellNestingBeyondTheWalkIsReported) {
  const std::string script = "#!/bin/sh\n" + repeat("( ", 250) + "dockerd -H tcp://0.0.0.0:2375" +
                             repeat(" )", 250) + "\ndockerd -H tcp://0.0.0.0:2377\n";
  const ScanResult result = scan_buffers({{"deep.sh", script, std::nullopt}}, {});
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].message,
            "partly skipped: commands nested more than 200 levels deep (from line 2) were not "
            "analysed");
  EXPECT_FALSE(result.findings.empty()) << "the rest of the file is still linted";
  const ScanResult shallow = scan_buffers(
      {{"ok.sh", "#!/bin/sh\n" + repeat("( ", 50) + "true" + repeat(" )", 50) + "\n", {}}}, {});
  EXPECT_TRUE(shallow.problems.empty());
}

// YAML block collections deeper than the reader keeps are reported, like flow ones.
TEST(ParseBudget, YamlBlockNestingBeyondTheLimitIsReported) {
  std::string compose = "services:\n  docker:\n    image: docker:27-dind\n    labels:\n";
  for (int level = 0; level < 1100; ++level) {
    compose += std::string(6 + 2 * static_cast<std::size_t>(level), ' ') + "k:\n";
  }
  compose += std::string(6 + 2 * 1100, ' ') + "v\n";
  const ScanResult result = scan_buffers({{"docker-compose.yml", compose, std::nullopt}}, {});
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_NE(result.problems[0].message.find(
                "skipped: collections nested deeper than 1000 levels were not read (line "),
            std::string::npos)
      << result.problems[0].message;
  EXPECT_FALSE(result.problems[0].is_error);
}

// Terraform's scanner stops at 200 levels of nested strings and interpolations; the file is
// reported as partly skipped, not passed over.
TEST(ParseBudget, TerraformNestingBeyondTheScannerIsReported) {
  const std::string tf =
      "resource \"docker_container\" \"y\" {\n  user_data = " + repeat("\"${", 300) + "1" +
      repeat("}\"", 300) + "\n}\n";
  const ScanResult result = scan_buffers({{"main.tf", tf, std::nullopt}}, {});
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_NE(result.problems[0].message.find("partly skipped: expressions nested more than 200"),
            std::string::npos)
      << result.problems[0].message;
  const ScanResult shallow =
      scan_buffers({{"main.tf",
                     "resource \"x\" \"y\" {\n  user_data = " + repeat("\"${", 20) + "1" +
                         repeat("}\"", 20) + "\n}\n",
                     std::nullopt}},
                   {});
  EXPECT_TRUE(shallow.problems.empty());
}

}  // namespace
}  // namespace dl::testing
