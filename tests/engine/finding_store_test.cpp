// The external sort of findings: what comes out of the store is what went in, in report
// order, however many runs were written to disk; and a scan that spills after every finding
// reports exactly what a scan holding them all in memory reports.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "linter/engine/baseline.h"
#include "linter/engine/engine.h"
#include "linter/engine/finding_store.h"
#include "linter/engine/report.h"
#include "tests/engine/fixture_support.h"

namespace {

using dl::Finding;
using dl::FindingStore;

const std::vector<std::string> kPaths = {"b/x.sh", "a/daemon.json", "c", "a/b/z.service"};

FindingStore::PathOf path_of() {
  return [](dl::FileId id) { return kPaths.at(id); };
}

Finding finding(dl::FileId file, std::uint32_t begin, std::uint32_t end, std::string rule,
                std::string message) {
  Finding f;
  f.rule_id = std::move(rule);
  f.message = std::move(message);
  f.span = {file, begin, end};
  return f;
}

std::vector<Finding> drain(FindingStore& store) {
  std::vector<Finding> out;
  store.drain([&](Finding&& f, const std::string& path) {
    EXPECT_EQ(path, f.span.valid() ? kPaths.at(f.span.file) : "");
    out.push_back(std::move(f));
  });
  return out;
}

auto key(const Finding& f) {
  return std::tuple(std::string(f.span.valid() ? kPaths.at(f.span.file) : "~"), f.span.begin,
                    f.span.end, f.rule_id, f.message);
}

TEST(FindingStore, EveryFieldSurvivesTheRoundTripThroughDisk) {
  FindingStore store(path_of(), 1);
  Finding f = finding(2, 7, 9, "DE101", std::string("tcp \0 with a NUL byte", 21));
  f.level = dl::Level::Note;
  f.related.push_back({{1, 3, 4}, "here"});
  f.related.push_back({{3, 0, 0}, ""});
  f.suppression = dl::Suppression{dl::Suppression::Kind::External, "per-path-ignores: x/**"};
  f.firewall_context = Finding::PendingFirewallContext{2375, 1};
  store.add(f);
  EXPECT_EQ(store.runs_written(), 1U);
  const std::vector<Finding> out = drain(store);
  ASSERT_EQ(out.size(), 1U);
  const Finding& g = out[0];
  EXPECT_EQ(g.rule_id, f.rule_id);
  EXPECT_EQ(g.level, f.level);
  EXPECT_EQ(g.message, f.message);
  EXPECT_EQ(g.span, f.span);
  ASSERT_EQ(g.related.size(), 2U);
  EXPECT_EQ(g.related[0].span, f.related[0].span);
  EXPECT_EQ(g.related[0].message, "here");
  EXPECT_EQ(g.related[1].span, f.related[1].span);
  EXPECT_EQ(g.related[1].message, "");
  ASSERT_TRUE(g.suppression.has_value());
  EXPECT_EQ(g.suppression->kind, dl::Suppression::Kind::External);
  EXPECT_EQ(g.suppression->justification, "per-path-ignores: x/**");
  ASSERT_TRUE(g.firewall_context.has_value());
  EXPECT_EQ(g.firewall_context->port, 2375U);
  EXPECT_EQ(g.firewall_context->related_index, 1U);
}

// Many runs, more than are ever kept open (so they are merged on the way), in random order:
// out comes the order of (path, begin, end, rule, message), and among equal keys the order
// they were added in, which is what deduplication keeps the first of.
class FindingStoreOrder : public ::testing::TestWithParam<std::size_t> {};

TEST_P(FindingStoreOrder, DrainsInReportOrderWithEqualKeysInTheOrderAdded) {
  std::mt19937 random(7);
  std::vector<Finding> added;
  for (int i = 0; i < 500; ++i) {
    Finding f = finding(random() % 4, random() % 5, random() % 5,
                        "DE10" + std::to_string(random() % 3), "m" + std::to_string(random() % 2));
    if (random() % 50 == 0) f.span.file = dl::kNoFile;
    f.related.push_back({{0, 0, 0}, std::to_string(i)});  // the order added
    added.push_back(f);
  }
  FindingStore store(path_of(), GetParam());
  for (const Finding& f : added) store.add(f);
  if (GetParam() < added.size()) {
    EXPECT_GT(store.runs_written(), 0U);
  } else {
    EXPECT_EQ(store.runs_written(), 0U);
  }
  const std::vector<Finding> out = drain(store);
  ASSERT_EQ(out.size(), added.size());
  std::stable_sort(added.begin(), added.end(),
                   [](const Finding& a, const Finding& b) { return key(a) < key(b); });
  for (std::size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(key(out[i]), key(added[i])) << i;
    EXPECT_EQ(out[i].related.at(0).message, added[i].related.at(0).message) << i;
  }
  EXPECT_TRUE(drain(store).empty()) << "drained once";
}

// 1: a run per finding, merged into one every 32 runs; 7: runs of several; 1000: no run.
INSTANTIATE_TEST_SUITE_P(RunSizes, FindingStoreOrder, ::testing::Values(1, 7, 1000));

// Every fixture case, scanned with a run written after each finding (so its report is read
// back from disk too), gives the report a scan that keeps them in memory gives:
// deduplication, inline suppressions (DE901–DE903), firewall context, payload findings and
// a baseline do not depend on where findings were kept.
TEST(FindingStore, SpillingDoesNotChangeAnyFixtureReport) {
  std::size_t cases = 0;
  std::size_t logged = 0;
  for (const dl::testing::FixtureCase& fixture : dl::testing::load_fixture_cases()) {
    dl::EngineOptions options;
    options.engine = fixture.engine;
    options.today = "2026-06-01";
    const auto reports = [&](const dl::ScanResult& result) {
      return dl::format_json(result, "test") + dl::format_text(result) +
             dl::format_checkstyle(result);
    };
    const dl::ScanResult in_memory = dl::scan_buffers(fixture.files, options);
    EXPECT_FALSE(in_memory.logged) << fixture.name;
    const dl::baseline::LoadOutcome baseline =
        dl::baseline::parse(dl::baseline::write(in_memory, ""), "baseline.json");
    ASSERT_TRUE(baseline.baseline) << baseline.error;

    options.findings_run_size = 1;
    const dl::ScanResult spilled = dl::scan_buffers(fixture.files, options);
    EXPECT_EQ(reports(spilled), reports(in_memory)) << fixture.name;
    EXPECT_EQ(spilled.finding_count(), in_memory.finding_count()) << fixture.name;
    logged += spilled.logged ? 1 : 0;
    ++cases;

    // The baseline of the in-memory scan, applied as the spilled scan's findings come out.
    options.baseline = baseline.baseline;
    options.baseline_justification = "in the baseline";
    const dl::ScanResult with_baseline = dl::scan_buffers(fixture.files, options);
    std::size_t unsuppressed = 0;
    with_baseline.for_each_finding(
        [&](const Finding& f) { unsuppressed += f.suppressed() ? 0 : 1; });
    EXPECT_EQ(unsuppressed, 0U) << fixture.name;
    options.findings_run_size = 2048;
    EXPECT_EQ(reports(dl::scan_buffers(fixture.files, options)), reports(with_baseline))
        << fixture.name;
  }
  EXPECT_GT(cases, 100U);
  EXPECT_GT(logged, 100U) << "cases whose report was read back from disk";
}

}  // namespace
