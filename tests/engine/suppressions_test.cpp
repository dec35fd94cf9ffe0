// Inline suppressions: directive parsing, scope, expiry, hygiene findings (DE901–DE903),
// --no-inline-suppressions, per-path-ignores and level overrides. peers.md §3 complaints
// 5–10 each have a case here or in fixtures/suppressions/.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "linter/engine/engine.h"
#include "linter/engine/suppressions.h"
#include "tests/engine/fixture_support.h"

namespace dl::testing {
namespace {

constexpr const char* kLoopback =
    "dockerd -H unix:///var/run/docker.sock -H tcp://127.0.0.1:2375\n";

ScanResult scan_script(const std::string& body, EngineOptions options = {}) {
  if (options.today.empty()) options.today = "2026-06-15";
  return scan_buffers({{"start.sh", "#!/bin/sh\n" + body, std::nullopt}}, options);
}

struct Seen {
  std::vector<std::string> open;        // unsuppressed rule ids
  std::vector<std::string> suppressed;  // suppressed rule ids
};

Seen seen(const ScanResult& result) {
  Seen out;
  for (const Finding& f : result.findings) {
    (f.suppressed() ? out.suppressed : out.open).push_back(f.rule_id);
  }
  return out;
}

using Ids = std::vector<std::string>;

TEST(Directives, ParsesTargetsExpiryAndReason) {
  const SourceFile file(0, "a.sh",
                        "# dockerd-lint: disable-next-line=DE101, tcp-on-all-interfaces "
                        "exp:2027-01-31 -- lab network\nx\n");
  const suppress::FileDirectives parsed = suppress::parse_directives(file);
  ASSERT_TRUE(parsed.problems.empty()) << parsed.problems[0].message;
  ASSERT_EQ(parsed.directives.size(), 1u);
  const suppress::Directive& d = parsed.directives[0];
  EXPECT_EQ(d.scope, suppress::Directive::Scope::NextLine);
  EXPECT_EQ(d.target_line, 2u);
  ASSERT_EQ(d.targets.size(), 2u);
  EXPECT_EQ(d.targets[0].selector, "DE101");
  EXPECT_EQ(file.slice(d.targets[0].span), "DE101");
  EXPECT_EQ(d.targets[1].selector, "tcp-on-all-interfaces");
  EXPECT_EQ(d.expiry, "2027-01-31");
  EXPECT_EQ(file.slice(d.expiry_span), "exp:2027-01-31");
  EXPECT_EQ(d.reason, "lab network");
}

TEST(Directives, CrlfBomAndIndentation) {
  const SourceFile file(0, "a.yml",
                        "\xEF\xBB\xBF# dockerd-lint: disable-file=DE101\r\n"
                        "    #dockerd-lint:disable-next-line=DE104 -- r\r\nx\r\n");
  const suppress::FileDirectives parsed = suppress::parse_directives(file);
  ASSERT_TRUE(parsed.problems.empty()) << parsed.problems[0].message;
  ASSERT_EQ(parsed.directives.size(), 2u);
  EXPECT_EQ(parsed.directives[0].scope, suppress::Directive::Scope::File);
  EXPECT_EQ(file.slice(parsed.directives[0].targets[0].span), "DE101");
  EXPECT_EQ(parsed.directives[1].reason, "r");
  EXPECT_EQ(parsed.directives[1].target_line, 3u);
}

TEST(Directives, LastLineHasNoTarget) {
  const SourceFile file(0, "a.sh", "x\n# dockerd-lint: disable-next-line=DE104");
  const suppress::FileDirectives parsed = suppress::parse_directives(file);
  ASSERT_EQ(parsed.directives.size(), 1u);
  EXPECT_EQ(parsed.directives[0].target_line, 0u);
}

TEST(Directives, MentionsThatAreNotDirectivesAreLeftAlone) {
  // Prose and strings that mention the tool are not directives.
  const SourceFile file(0, "a.sh", "echo 'run dockerd-lint: it helps'\n# see dockerd-lint: docs\n");
  const suppress::FileDirectives parsed = suppress::parse_directives(file);
  EXPECT_TRUE(parsed.directives.empty());
  EXPECT_TRUE(parsed.problems.empty());
}

TEST(Directives, ValidDates) {
  EXPECT_TRUE(suppress::is_valid_date("2028-02-29"));
  EXPECT_FALSE(suppress::is_valid_date("2027-02-29"));
  EXPECT_FALSE(suppress::is_valid_date("2027-13-01"));
  EXPECT_FALSE(suppress::is_valid_date("2027-1-01"));
  EXPECT_FALSE(suppress::is_valid_date("tomorrow!!"));
  EXPECT_TRUE(suppress::is_valid_date(suppress::today_utc()));
}

TEST(Suppressions, NextLineCoversOnlyTheNextLine) {
  const Seen s = seen(scan_script("# dockerd-lint: disable-next-line=DE104\n" +
                                  std::string(kLoopback) + kLoopback));
  EXPECT_EQ(s.suppressed, Ids{"DE104"});
  EXPECT_EQ(s.open, Ids{"DE104"});
}

TEST(Suppressions, ByNameAndCaseInsensitiveId) {
  const Seen s = seen(scan_script("# dockerd-lint: disable-next-line=loopback-tcp-without-tls\n" +
                                  std::string(kLoopback) +
                                  "# dockerd-lint: disable-next-line=de104\n" + kLoopback));
  EXPECT_EQ(s.suppressed, (Ids{"DE104", "DE104"}));
  EXPECT_TRUE(s.open.empty());
}

TEST(Suppressions, OneIdNeverSuppressesAnother) {  // checkov#3952, #4278
  const Seen s =
      seen(scan_script("# dockerd-lint: disable-next-line=DE103\ndockerd -H tcp://0.0.0.0:2375\n"));
  EXPECT_EQ(s.suppressed, Ids{"DE103"});
  EXPECT_EQ(s.open, Ids{"DE101"});
}

TEST(Suppressions, DisableFileCoversTheWholeFileForItsRulesOnly) {
  const Seen s = seen(scan_script(std::string(kLoopback) + "dockerd -H tcp://0.0.0.0:2375\n" +
                                  "# dockerd-lint: disable-file=DE104\n"));
  EXPECT_EQ(s.suppressed, Ids{"DE104"});
  EXPECT_EQ(s.open, (Ids{"DE101", "DE103"}));
}

TEST(Suppressions, ExpiryIsInclusiveOfItsDate) {
  const std::string body =
      "# dockerd-lint: disable-next-line=DE104 exp:2026-06-15 -- r\n" + std::string(kLoopback);
  EngineOptions on_the_day;
  on_the_day.today = "2026-06-15";
  EXPECT_EQ(seen(scan_script(body, on_the_day)).suppressed, Ids{"DE104"});
  EngineOptions day_after;
  day_after.today = "2026-06-16";
  const Seen after = seen(scan_script(body, day_after));
  EXPECT_TRUE(after.suppressed.empty());
  EXPECT_EQ(after.open, (Ids{"DE903", "DE104"}));
}

TEST(Suppressions, ReasonIsTheJustification) {
  const ScanResult result =
      scan_script("# dockerd-lint: disable-next-line=DE104 -- scraped by node-exporter\n" +
                  std::string(kLoopback));
  ASSERT_EQ(result.findings.size(), 1u);
  ASSERT_TRUE(result.findings[0].suppressed());
  EXPECT_EQ(result.findings[0].suppression->kind, Suppression::Kind::InSource);
  EXPECT_EQ(result.findings[0].suppression->justification, "scraped by node-exporter");
}

TEST(Suppressions, UnusedIsNotReportedForRulesThatDidNotRun) {
  const std::string body = "# dockerd-lint: disable-next-line=DE104\ndockerd -H fd://\n";
  EXPECT_EQ(seen(scan_script(body)).open, Ids{"DE902"});
  EngineOptions ignoring;
  ignoring.ignore = {"DE104"};
  EXPECT_TRUE(seen(scan_script(body, ignoring)).open.empty());
  EngineOptions selecting;
  selecting.select = {"DE101"};
  EXPECT_TRUE(seen(scan_script(body, selecting)).open.empty());
}

TEST(Suppressions, HygieneRulesCanBeIgnored) {
  EngineOptions options;
  options.ignore = {"DE901"};
  const Seen s = seen(
      scan_script("# dockerd-lint: disable-next-line=DE999\n" + std::string(kLoopback), options));
  EXPECT_EQ(s.open, Ids{"DE104"});
}

// checkov#4027: auditors want a switch that ignores every inline suppression.
TEST(Suppressions, NoInlineSuppressionsIgnoresThemAllAndTheirHygiene) {
  EngineOptions audit;
  audit.inline_suppressions = false;
  const Seen s = seen(scan_script("# dockerd-lint: disable-next-line=DE104 -- trust me\n" +
                                      std::string(kLoopback) +
                                      "# dockerd-lint: disable-next-line=DE999\n"
                                      "# dockerd-lint: disable-file=DE101 exp:2001-01-01\n",
                                  audit));
  EXPECT_TRUE(s.suppressed.empty());
  EXPECT_EQ(s.open, Ids{"DE104"});
}

TEST(Suppressions, PerPathIgnoresAreExternalAndMatchTheirGlobOnly) {
  EngineOptions options;
  options.per_path_ignores = {{"lab/*.sh", {"DE1"}, "per-path-ignores in .dockerd-lint.yaml"}};
  const ScanResult result =
      scan_buffers({{"lab/start.sh", std::string("#!/bin/sh\n") + kLoopback, std::nullopt},
                    {"prod/start.sh", std::string("#!/bin/sh\n") + kLoopback, std::nullopt}},
                   options);
  ASSERT_EQ(result.findings.size(), 2u);
  const Finding& lab = result.findings[0];
  ASSERT_TRUE(lab.suppressed());
  EXPECT_EQ(lab.suppression->kind, Suppression::Kind::External);
  EXPECT_EQ(lab.suppression->justification, "per-path-ignores in .dockerd-lint.yaml: lab/*.sh");
  EXPECT_FALSE(result.findings[1].suppressed());
}

TEST(Suppressions, LevelOverridesApplyToEveryFindingOfTheRule) {
  EngineOptions options;
  options.level_overrides = {{"DE104", Level::Error}};
  const ScanResult result = scan_script(kLoopback, options);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].level, Level::Error);
}

TEST(Suppressions, UnknownPerPathIgnoreRuleIsRejected) {
  EngineOptions options;
  options.per_path_ignores = {{"*", {"DE999"}, "x"}};
  EXPECT_EQ(unknown_rule_selector(options), "DE999");
}

// Every `ok` fixture that holds a directive must prove it: without inline suppressions the
// fixture has findings, with them those findings are suppressed, not absent.
TEST(Suppressions, OkFixturesWithDirectivesSuppressRealFindings) {
  std::size_t checked = 0;
  for (const FixtureCase& fixture : load_fixture_cases()) {
    const bool has_directive =
        std::any_of(fixture.files.begin(), fixture.files.end(), [](const InMemoryFile& f) {
          return f.bytes.find("dockerd-lint: disable") != std::string::npos;
        });
    if (!has_directive || !fixture.expectations.empty()) continue;
    SCOPED_TRACE(fixture.name);
    EngineOptions options;
    options.engine = fixture.engine;
    const Seen with = seen(scan_buffers(fixture.files, options));
    EXPECT_TRUE(with.open.empty());
    EXPECT_FALSE(with.suppressed.empty()) << "the directive suppresses nothing";
    options.inline_suppressions = false;
    EXPECT_FALSE(seen(scan_buffers(fixture.files, options)).open.empty());
    ++checked;
  }
  EXPECT_GE(checked, 8u);
}

}  // namespace
}  // namespace dl::testing
