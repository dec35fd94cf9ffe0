// End-to-end tests of the dockerd-lint binary: exit codes, formats, discovery.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/engine/cli_support.h"

namespace {

namespace fs = std::filesystem;
using dl::testing::Cli;
using dl::testing::CommandResult;
using dl::testing::slurp;

constexpr const char* kExposed = "{\n  \"hosts\": [\"tcp://0.0.0.0:2375\"]\n}\n";
constexpr const char* kSafe = "{\n  \"hosts\": [\"unix:///var/run/docker.sock\"]\n}\n";

TEST_F(Cli, CleanTreeExitsZeroAndCountsFiles) {
  write("etc/docker/daemon.json", kSafe);
  const CommandResult r = run("check .");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("1 file scanned, 0 findings"), std::string::npos) << r.out;
}

TEST_F(Cli, FindingsExitOneWithLocationRuleAndCaret) {
  write("etc/docker/daemon.json", kExposed);
  const CommandResult r = run("check");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("etc/docker/daemon.json:2:14: error[DE101/tcp-without-tls] dockerd "
                       "listens on tcp://0.0.0.0:2375"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("      \"hosts\": [\"tcp://0.0.0.0:2375\"]\n"
                       "                 ^^^^^^^^^^^^^^^^^^\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("1 file scanned, 2 findings (1 error, 1 warning, 0 note)"),
            std::string::npos)
      << r.out;
}

TEST_F(Cli, ZeroRelevantFilesIsSaid) {
  write("README.md", "# nothing here\n");
  const CommandResult r = run("check .");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("0 files scanned: no daemon.json, systemd unit"), std::string::npos)
      << r.out;
}

TEST_F(Cli, FailOnThreshold) {
  write("daemon.json", kExposed);
  EXPECT_EQ(run("check --fail-on never .").exit_code, 0);
  EXPECT_EQ(run("check --fail-on error .").exit_code, 1);
  write("daemon.json", "{\"hosts\": [\"tcp://127.0.0.1:2375\"]}");  // DE104 warning only
  EXPECT_EQ(run("check --fail-on error .").exit_code, 0);
  EXPECT_EQ(run("check --fail-on warning .").exit_code, 1);
}

TEST_F(Cli, SelectAndIgnoreByIdNameOrPrefix) {
  write("daemon.json", kExposed);
  CommandResult r = run("check --select DE103 .");
  EXPECT_EQ(r.out.find("DE101"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("DE103"), std::string::npos) << r.out;
  r = run("check --ignore tcp-without-tls,all-interfaces-bind .");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  r = run("check --ignore DE1 .");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  r = run("check --select DE999 .");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown rule \"DE999\""), std::string::npos) << r.err;
}

TEST_F(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run("check --format xml .").exit_code, 2);
  EXPECT_EQ(run("check --engine-version banana .").exit_code, 2);
  EXPECT_EQ(run("frobnicate").exit_code, 2);
  EXPECT_EQ(run("").exit_code, 2);
  EXPECT_EQ(run("explain DE999").exit_code, 2);
}

TEST_F(Cli, MissingPathIsAnErrorButTheRestIsScanned) {
  write("a/daemon.json", kExposed);
  const CommandResult r = run("check does-not-exist a");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("does-not-exist: no such file or directory"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("a/daemon.json:2:14"), std::string::npos) << r.out;
}

TEST_F(Cli, UnreadableFileIsReportedAndTheRestScanned) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
  write("locked/daemon.json", kSafe);
  write("open/daemon.json", kExposed);
  fs::permissions(dir_ / "locked", fs::perms::none);
  const CommandResult r = run("check .");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("locked"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("open/daemon.json:2:14"), std::string::npos) << r.out;
}

TEST_F(Cli, SkipsVcsVendoredAndExcludedTrees) {
  write(".git/daemon.json", kExposed);
  write("node_modules/x/daemon.json", kExposed);
  write("vendor/daemon.json", kExposed);
  write("old/daemon.json", kExposed);
  write("live/daemon.json", kSafe);
  const CommandResult r = run("check --exclude old .");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("1 file scanned"), std::string::npos) << r.out;
  EXPECT_NE(run("check --exclude 'live/*' --exclude old .").out.find("0 files scanned"),
            std::string::npos);
}

TEST_F(Cli, SymlinkOutOfRootIsNotFollowed) {
  write("outside/daemon.json", kExposed);
  write("root/safe/daemon.json", kSafe);
  fs::create_symlink(dir_ / "outside" / "daemon.json", dir_ / "root" / "daemon.json");
  fs::create_directory_symlink(dir_ / "outside", dir_ / "root" / "linkdir");
  fs::create_directory_symlink(dir_ / "root", dir_ / "root" / "loop");
  const CommandResult r = run("check root");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("root/daemon.json: skipped: symlink points outside the scanned root"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("1 file scanned"), std::string::npos) << r.out;
}

TEST_F(Cli, SymlinkInsideRootIsFollowed) {
  write("real/daemon.json", kExposed);
  fs::create_directories(dir_ / "etc");
  fs::create_symlink(dir_ / "real" / "daemon.json", dir_ / "etc" / "daemon.json");
  const CommandResult r = run("check .");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("etc/daemon.json:2:14"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("real/daemon.json:2:14"), std::string::npos) << r.out;
}

TEST_F(Cli, BinaryAndOversizedFilesAreSkippedAndSaid) {
  write("bin/daemon.json", std::string("{\"hosts\": [\0]}", 15));
  write("big/daemon.json", std::string(2048, ' ') + kExposed);
  const CommandResult r = run("check --max-file-size 1024 .");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("bin/daemon.json: skipped: binary file"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("big/daemon.json: skipped:"), std::string::npos) << r.err;
}

TEST_F(Cli, HundredMegabyteFileIsSkippedByDefaultWithoutReadingIt) {
  write("daemon.json", kSafe);
  fs::create_directories(dir_ / "huge");
  { std::ofstream(dir_ / "huge" / "daemon.json", std::ios::binary) << "{"; }
  fs::resize_file(dir_ / "huge" / "daemon.json", 100u * 1024 * 1024);  // sparse
  const CommandResult r = run("check .");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("huge/daemon.json: skipped: 104857600 bytes is above --max-file-size "
                       "(10485760)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("1 file scanned, 0 findings"), std::string::npos) << r.out;
}

TEST_F(Cli, JsonTemplatesNamedDaemonAreRecognisedByContent) {
  write("conf/daemon.tpl", "{\"hosts\": [\"tcp://0.0.0.0:2375\"]}\n");
  write("conf/docker-daemon.j2",
        "{% if x %}\n{\"hosts\": [\"tcp://0.0.0.0:2375\"]}\n{% endif %}\n");
  write("conf/other/daemon.tpl", "[Service]\nExecStart=/usr/bin/dockerd\n");  // not JSON
  const CommandResult r = run("check --no-source .");
  EXPECT_NE(r.out.find("conf/daemon.tpl:1:13: error[DE101"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("conf/docker-daemon.j2:2:13: error[DE101"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 files scanned"), std::string::npos) << r.out;
}

TEST_F(Cli, JsonFormatIsParseable) {
  write("daemon.json", kExposed);
  const CommandResult r = run("check -f json .");
  EXPECT_EQ(r.exit_code, 1);
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["findings"].size(), 2u);
  EXPECT_EQ(doc["findings"][0]["rule_id"], "DE101");
  EXPECT_EQ(doc["findings"][0]["line"], 2);
  EXPECT_EQ(doc["findings"][0]["column"], 14);
  EXPECT_EQ(doc["findings"][0]["end_column"], 32);
  EXPECT_EQ(doc["files_scanned"], 1);
}

TEST_F(Cli, SarifToFileWithRelativeUris) {
  write("etc/docker/daemon.json", kExposed);
  const CommandResult r = run("check -f sarif -o out.sarif .");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty());
  const auto doc = nlohmann::json::parse(slurp(dir_ / "out.sarif"));
  EXPECT_EQ(doc["version"], "2.1.0");
  const auto& location = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(location["artifactLocation"]["uri"], "etc/docker/daemon.json");
  EXPECT_EQ(location["region"]["startColumn"], 14);
  EXPECT_EQ(slurp(dir_ / "out.sarif").find(dir_.string()), std::string::npos)
      << "absolute path leaked into SARIF";
}

// A report that cannot be written is an I/O error (exit 2), said, with no file left half
// written. The report is larger than stdio's buffer: a failed write is then seen by the
// write itself, not by the final flush.
TEST_F(Cli, ReportThatCannotBeWrittenExitsTwo) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  for (int n = 0; n < 200; ++n)
    write("host" + std::to_string(n) + "/etc/docker/daemon.json", kExposed);
  for (const std::string format : {"text", "json", "sarif"}) {
    const std::string command = "cd '" + dir_.string() + "' && '" + DL_BINARY + "' check -f " +
                                format + " . >/dev/full 2>'" + (dir_ / ".stderr").string() + "'";
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 2) << format;
    EXPECT_NE(slurp(dir_ / ".stderr").find("cannot write the report to standard output"),
              std::string::npos)
        << format;
  }
  const CommandResult r = run("check -f sarif -o missing/out.sarif .");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot write missing/out.sarif"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "missing"));
}

TEST_F(Cli, AbsolutePathUnderWorkingDirectoryIsShownRelative) {
  write("daemon.json", kExposed);
  const CommandResult r = run("check '" + dir_.string() + "'");
  EXPECT_TRUE(r.out.starts_with("daemon.json (2 findings)\ndaemon.json:2:14: error[DE101"))
      << r.out;
  EXPECT_EQ(r.out.find(dir_.string()), std::string::npos) << r.out;
}

TEST_F(Cli, EngineVersionChangesTlsSemantics) {
  write("daemon.json",
        "{\"hosts\": [\"tcp://10.0.0.5:2376\"], \"tls\": true, \"tlscacert\": \"/c\", "
        "\"tlscert\": \"/a\", \"tlskey\": \"/b\"}");
  const CommandResult current = run("check .");
  EXPECT_NE(current.out.find("DE106"), std::string::npos) << current.out;
  EXPECT_EQ(current.out.find("DE102"), std::string::npos) << current.out;
  const CommandResult old = run("check --engine-version 19.03 .");
  EXPECT_NE(old.out.find("DE102"), std::string::npos) << old.out;
  EXPECT_NE(old.out.find("[engine 19.03]"), std::string::npos) << old.out;
}

TEST_F(Cli, RulesAndExplainAndVersion) {
  CommandResult r = run("rules");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("DE101  tcp-without-tls"), std::string::npos) << r.out;
  r = run("explain DE101");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("## Why is this bad?"), std::string::npos) << r.out;
  r = run("explain tls-without-client-verify");
  EXPECT_NE(r.out.find("# DE102"), std::string::npos) << r.out;
  r = run("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("dockerd-lint "), std::string::npos) << r.out;
}

TEST_F(Cli, TerminalEscapesFromFilesAreNeutralised) {
  write("daemon.json", "{\"hosts\": [\"tcp://0.0.0.0:2375\"], \"x\x1b[31m\": 1}");
  const CommandResult r = run("check .");
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_NE(r.out.find("\\x1b[31m"), std::string::npos) << r.out;
}

}  // namespace
