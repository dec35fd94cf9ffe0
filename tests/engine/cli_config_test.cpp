// End to end: configuration file discovery and precedence, inline suppressions, baselines,
// SARIF suppressions and colour, through the real binary.
#include <nlohmann/json.hpp>

#include <map>

#include "tests/engine/cli_support.h"

namespace dl::testing {
namespace {

constexpr const char* kExposed = "{\n  \"hosts\": [\"tcp://0.0.0.0:2375\"]\n}\n";
constexpr const char* kLoopbackScript =
    "#!/bin/sh\ndockerd -H unix:///var/run/docker.sock -H tcp://127.0.0.1:2375\n";

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(Cli, ConfigIsFoundUpwardToTheRepositoryRoot) {
  fs::create_directories(dir_ / ".git");
  write(".dockerd-lint.yaml", "ignore: [DE103]\n");
  write("ops/etc/docker/daemon.json", kExposed);
  const CommandResult r = run("check ops");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(has(r.out, "DE101")) << r.out;
  EXPECT_FALSE(has(r.out, "DE103")) << r.out;
  // From inside the subdirectory too.
  const CommandResult inside = run("check --no-source etc", "cd ops &&");
  EXPECT_FALSE(has(inside.out, "DE103")) << inside.out << inside.err;
}

TEST_F(Cli, ConfigErrorsExitTwoWithPositionAndSuggestion) {
  fs::create_directories(dir_ / ".git");
  write(".dockerd-lint.yaml", "selct: [DE101]\n");
  write("daemon.json", kExposed);
  const CommandResult r = run("check .");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(has(r.err,
                  ".dockerd-lint.yaml:1:1: unknown key \"selct\" (did you mean "
                  "\"select\"?)"))
      << r.err;
  EXPECT_EQ(r.out, "") << "no report when the configuration is wrong";
}

TEST_F(Cli, PrecedenceCommandLineThenEnvironmentThenFile) {
  fs::create_directories(dir_ / ".git");
  write(".dockerd-lint.yaml", "fail-on: error\n");
  write("start.sh", kLoopbackScript);                                      // one DE104 warning
  EXPECT_EQ(run("check .").exit_code, 0);                                  // file: error
  EXPECT_EQ(run("check .", "DOCKERD_LINT_FAIL_ON=warning").exit_code, 1);  // env wins
  EXPECT_EQ(run("check --fail-on error .", "DOCKERD_LINT_FAIL_ON=warning").exit_code, 0);
  EXPECT_EQ(run("check --no-config .").exit_code, 1);  // default: note
  write("other.yaml", "fail-on: never\n");
  EXPECT_EQ(run("check --config other.yaml .", "DOCKERD_LINT_FAIL_ON=").exit_code, 0);
  EXPECT_EQ(run("check .", "DOCKERD_LINT_CONFIG=other.yaml").exit_code, 0);
  EXPECT_EQ(run("check --config missing.yaml .").exit_code, 2);
  const CommandResult typo = run("check .", "DOCKERD_LINT_FAIL_ONN=never");
  EXPECT_EQ(typo.exit_code, 0) << "a warning, and the file's fail-on: error applies";
  EXPECT_TRUE(has(typo.err,
                  "warning: ignoring unknown environment variable "
                  "DOCKERD_LINT_FAIL_ONN (did you mean \"DOCKERD_LINT_FAIL_ON\"?)"))
      << typo.err;
  EXPECT_EQ(run("check .", "DOCKERD_LINT_FAIL_ON=sometimes").exit_code, 2);
}

TEST_F(Cli, ConfigExcludeAppliesToNamedFilesAsPreCommitPassesThem) {
  fs::create_directories(dir_ / ".git");
  write(".dockerd-lint.yaml", "exclude: ['vendor/**']\n");
  write("vendor/x/daemon.json", kExposed);
  write("daemon.json", "{}\n");
  const CommandResult r = run("check vendor/x/daemon.json daemon.json");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(has(r.out, "1 file scanned")) << r.out;
}

TEST_F(Cli, OverrideChangesTheLevelEverywhere) {
  fs::create_directories(dir_ / ".git");
  write(".dockerd-lint.yaml", "override:\n  error: [DE104]\n");
  write("start.sh", kLoopbackScript);
  const CommandResult r = run("check --fail-on error -f json .");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(has(r.out, "\"level\": \"error\"")) << r.out;
}

TEST_F(Cli, SuppressedFindingsDoNotFailButStayInSarif) {
  fs::create_directories(dir_ / ".git");
  write(".dockerd-lint.yaml", "per-path-ignores:\n  'lab/**': [DE101, DE103]\n");
  write("lab/etc/docker/daemon.json", kExposed);
  write("start.sh",
        "#!/bin/sh\n# dockerd-lint: disable-next-line=DE104 -- monitoring agent\n"
        "dockerd -H unix:///var/run/docker.sock -H tcp://127.0.0.1:2375\n");
  const CommandResult text = run("check .");
  EXPECT_EQ(text.exit_code, 0) << text.out;
  EXPECT_TRUE(has(text.out, "3 suppressed")) << text.out;
  const CommandResult sarif = run("check -f sarif .");
  EXPECT_EQ(sarif.exit_code, 0);
  const auto log = nlohmann::json::parse(sarif.out);
  const auto& results = log["runs"][0]["results"];
  ASSERT_EQ(results.size(), 3u);
  std::map<std::string, std::string> kinds;
  for (const auto& result : results) {
    ASSERT_EQ(result["suppressions"].size(), 1u) << result.dump();
    kinds[result["ruleId"]] = result["suppressions"][0]["kind"];
  }
  EXPECT_EQ(kinds["DE101"], "external");
  EXPECT_EQ(kinds["DE104"], "inSource");
  EXPECT_EQ(results[2]["suppressions"][0]["justification"], "monitoring agent");
  // The audit switch brings the inline one back, not the configuration's.
  const CommandResult audit = run("check --no-inline-suppressions .");
  EXPECT_EQ(audit.exit_code, 1);
  EXPECT_TRUE(has(audit.out, "DE104")) << audit.out;
  EXPECT_FALSE(has(audit.out, "DE101/")) << audit.out;
}

TEST_F(Cli, BaselineRoundTrip) {
  write("a/etc/docker/daemon.json", kExposed);
  const CommandResult written = run("check --write-baseline baseline.json .");
  EXPECT_EQ(written.exit_code, 0) << written.err;
  EXPECT_TRUE(has(written.err, "wrote 2 findings to baseline.json")) << written.err;
  EXPECT_EQ(run("check --baseline baseline.json .").exit_code, 0);
  // The same exposure in another file is new.
  write("b/etc/docker/daemon.json", kExposed);
  const CommandResult r = run("check --no-source --baseline baseline.json .");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(has(r.out, "b/etc/docker/daemon.json:2:14")) << r.out;
  EXPECT_FALSE(has(r.out, "a/etc/docker/daemon.json:2:14")) << r.out;
  EXPECT_TRUE(has(r.out, "2 suppressed")) << r.out;
  write("broken.json", "{");
  EXPECT_EQ(run("check --baseline broken.json .").exit_code, 2);
}

TEST_F(Cli, ColourOnlyWhenAskedOrOnATerminal) {
  write("daemon.json", kExposed);
  EXPECT_FALSE(has(run("check .").out, "\x1b[")) << "stdout is a file here: no colour";
  EXPECT_TRUE(has(run("check --color always .").out, "\x1b["));
  EXPECT_TRUE(has(run("check --color always .", "NO_COLOR=1").out, "\x1b["));
  EXPECT_FALSE(has(run("check --color never .").out, "\x1b["));
  EXPECT_EQ(run("check --color sometimes .").exit_code, 2);
}

}  // namespace
}  // namespace dl::testing

namespace dl::testing {
namespace {

// `explain` prints the same page as docs/rules/<ID>.md (one renderer for both).
TEST_F(Cli, ExplainPrintsTheRulePage) {
  for (const std::string id : {"DE101", "DE902"}) {
    const CommandResult r = run("explain " + id);
    EXPECT_EQ(r.exit_code, 0);
    const std::string page = slurp(fs::path(DL_SOURCE_DIR) / "docs/rules" / (id + ".md"));
    ASSERT_FALSE(r.out.empty());
    EXPECT_NE(page.find(r.out), std::string::npos) << id << ":\n" << r.out;
    EXPECT_NE(r.out.find("## References"), std::string::npos) << r.out;
  }
}

}  // namespace
}  // namespace dl::testing
