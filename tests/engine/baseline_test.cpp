// Baselines: location-independent keys, counts, and what is never absorbed (checkov#7647).
#include <gtest/gtest.h>

#include <filesystem>

#include "linter/engine/baseline.h"
#include "linter/engine/engine.h"

namespace dl::baseline {
namespace {

namespace fs = std::filesystem;

constexpr const char* kExposed = "{\n  \"hosts\": [\"tcp://0.0.0.0:2375\"]\n}\n";

ScanResult scan(std::vector<InMemoryFile> files) {
  return scan_buffers(std::move(files), {});
}

std::size_t open_count(const ScanResult& result) {
  std::size_t n = 0;
  for (const Finding& f : result.findings) n += f.suppressed() ? 0 : 1;
  return n;
}

Baseline roundtrip(const ScanResult& result) {
  const LoadOutcome loaded = parse(write(result, fs::current_path()), "b.json");
  EXPECT_TRUE(loaded.baseline) << loaded.error;
  return loaded.baseline ? *loaded.baseline : Baseline{};
}

TEST(Baseline, AbsorbsTodaysFindings) {
  const Baseline baseline = roundtrip(scan({{"etc/docker/daemon.json", kExposed, {}}}));
  ScanResult again = scan({{"etc/docker/daemon.json", kExposed, {}}});
  ASSERT_EQ(again.findings.size(), 2u);  // DE101, DE103
  EXPECT_EQ(apply(again, baseline, fs::current_path(), "in the baseline b.json"), 2u);
  EXPECT_EQ(open_count(again), 0u);
  EXPECT_EQ(again.findings[0].suppression->kind, Suppression::Kind::External);
  EXPECT_EQ(again.findings[0].suppression->justification, "in the baseline b.json");
}

TEST(Baseline, MovingCodeKeepsItAbsorbed) {
  const Baseline baseline = roundtrip(scan({{"etc/docker/daemon.json", kExposed, {}}}));
  ScanResult moved = scan({{"etc/docker/daemon.json",
                            "{\n  \"debug\": true,\n\n  \"log-level\": \"warn\",\n"
                            "      \"hosts\":   [ \"tcp://0.0.0.0:2375\" ]\n}\n",
                            {}}});
  apply(moved, baseline, fs::current_path(), "b");
  EXPECT_EQ(open_count(moved), 0u);
}

TEST(Baseline, NewViolationInAnotherFileIsReported) {  // checkov#7647
  const Baseline baseline = roundtrip(scan({{"a/etc/docker/daemon.json", kExposed, {}}}));
  ScanResult result = scan(
      {{"a/etc/docker/daemon.json", kExposed, {}}, {"b/etc/docker/daemon.json", kExposed, {}}});
  apply(result, baseline, fs::current_path(), "b");
  ASSERT_EQ(open_count(result), 2u);
  for (const Finding& f : result.findings) {
    if (!f.suppressed()) {
      EXPECT_EQ(result.file(f.span.file).path, "b/etc/docker/daemon.json");
    }
  }
}

TEST(Baseline, OneMoreOfTheSameKindIsReported) {
  const char* script = "#!/bin/sh\ndockerd -H tcp://10.0.0.5:2375\n";
  const Baseline baseline = roundtrip(scan({{"start.sh", script, {}}}));
  ScanResult result = scan({{"start.sh",
                             "#!/bin/sh\ndockerd -H tcp://10.0.0.5:2375\n"
                             "dockerd -H tcp://10.0.0.5:2375\n",
                             {}}});
  apply(result, baseline, fs::current_path(), "b");
  ASSERT_EQ(open_count(result), 1u);
  EXPECT_FALSE(result.findings.back().suppressed());  // the later one is the new one
}

TEST(Baseline, ADifferentValueOrKeyIsNew) {
  const Baseline baseline = roundtrip(scan({{"etc/docker/daemon.json", kExposed, {}}}));
  ScanResult changed =
      scan({{"etc/docker/daemon.json", "{\n  \"hosts\": [\"tcp://0.0.0.0:2376\"]\n}\n", {}}});
  apply(changed, baseline, fs::current_path(), "b");
  EXPECT_GT(open_count(changed), 0u);
}

TEST(Baseline, WritesSortedEntriesWithCountsAndValues) {
  const std::string text =
      write(scan({{"etc/docker/daemon.json", kExposed, {}}}), fs::current_path());
  EXPECT_NE(text.find("\"dockerd-lint-baseline\": 1"), std::string::npos) << text;
  EXPECT_NE(text.find("\"rule\": \"DE101\""), std::string::npos);
  EXPECT_NE(text.find("\"path\": \"etc/docker/daemon.json\""), std::string::npos);
  EXPECT_NE(text.find("\"count\": 1"), std::string::npos);
  EXPECT_NE(text.find("\"value\": \"tcp://0.0.0.0:2375\""), std::string::npos);
  EXPECT_EQ(text.find("\"line\""), std::string::npos) << "no line numbers in a baseline";
  // Same input, same bytes.
  EXPECT_EQ(text, write(scan({{"etc/docker/daemon.json", kExposed, {}}}), fs::current_path()));
}

TEST(Baseline, PathsAreRelativeToTheBaselineFile) {
  const fs::path cwd = fs::current_path();
  EXPECT_EQ(path_key("ops/daemon.json", cwd), "ops/daemon.json");
  EXPECT_EQ(path_key("ops/daemon.json", cwd / "ops"), "daemon.json");
  EXPECT_EQ(path_key("ops/daemon.json", cwd / "elsewhere"), "ops/daemon.json");
}

TEST(Baseline, BadFilesAreClearErrors) {
  EXPECT_NE(parse("{", "b.json").error.find("invalid JSON"), std::string::npos);
  EXPECT_NE(parse("[]", "b.json").error.find("not a dockerd-lint baseline"), std::string::npos);
  EXPECT_NE(parse("{\"dockerd-lint-baseline\": 9, \"findings\": []}", "b.json")
                .error.find("format 9 is not supported"),
            std::string::npos);
  EXPECT_NE(parse("{\"dockerd-lint-baseline\": 1, \"findings\": [{\"rule\": 1}]}", "b.json")
                .error.find("findings[0]"),
            std::string::npos);
  EXPECT_NE(load("/nonexistent/b.json").error.find("cannot read"), std::string::npos);
}

}  // namespace
}  // namespace dl::baseline
