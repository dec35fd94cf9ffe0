// Hostile trees: symlink loops and escapes, FIFOs and devices, unreadable paths, huge and
// sparse files, pathological nesting, odd encodings. The real binary runs under `timeout`,
// so a scan that would hang fails the test instead of hanging it, and a crash (stack
// overflow) shows as an exit status other than 0, 1 or 2.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "linter/engine/engine.h"
#include "tests/engine/cli_support.h"

namespace {

namespace fs = std::filesystem;
using dl::testing::Cli;
using dl::testing::CommandResult;
using dl::testing::slurp;
using namespace std::string_literals;

constexpr const char* kExposed = "{\n  \"hosts\": [\"tcp://0.0.0.0:2375\"]\n}\n";
constexpr const char* kSafe = "{\n  \"hosts\": [\"unix:///var/run/docker.sock\"]\n}\n";
constexpr const char* kTimeout = "timeout 60";

bool exited_normally(const CommandResult& r) {
  return r.exit_code == 0 || r.exit_code == 1 || r.exit_code == 2;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The text report's "Skipped (N):" section.
std::string skipped_section(const std::string& out) {
  const auto at = out.find("Skipped (");
  if (at == std::string::npos) return {};
  const auto end = out.find("\n\n", at);
  return out.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

class HostileTree : public Cli {
 protected:
  void TearDown() override {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(
             dir_, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_symlink(ec)) fs::permissions(it->path(), fs::perms::owner_all, ec);
    }
    for (const char* name : {"locked", "secret"}) {
      fs::permissions(dir_ / name, fs::perms::owner_all, ec);
    }
    Cli::TearDown();
  }

  // A prefix that runs the binary as an unprivileged user, so permission bits bite even
  // when the tests run as root; empty when already unprivileged; nullopt when impossible.
  std::optional<std::string> unprivileged() {
    if (::geteuid() != 0) return std::string();
    if (std::system("command -v setpriv >/dev/null 2>&1") != 0) return std::nullopt;
    // nobody must reach the binary and the tree.
    const std::string probe = "setpriv --reuid=65534 --regid=65534 --clear-groups test -x '"s +
                              DL_BINARY + "' -a -r '" + dir_.string() + "'";
    if (std::system(probe.c_str()) != 0) return std::nullopt;
    return "setpriv --reuid=65534 --regid=65534 --clear-groups"s;
  }
};

TEST_F(HostileTree, SymlinkLoopsTerminateAndAreSaid) {
  write("ok/daemon.json", kExposed);
  fs::create_directories(dir_ / "a" / "b");
  fs::create_directory_symlink("../..", dir_ / "a" / "b" / "up");  // directory loop
  fs::create_directories(dir_ / "self");
  fs::create_symlink("daemon.json", dir_ / "self" / "daemon.json");  // file loops on itself
  fs::create_directories(dir_ / "x");
  fs::create_directories(dir_ / "y");
  fs::create_symlink("../y/daemon.json", dir_ / "x" / "daemon.json");
  fs::create_symlink("../x/daemon.json", dir_ / "y" / "daemon.json");
  const CommandResult r = run("check .", kTimeout);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "self/daemon.json: skipped: symlink cannot be resolved")) << r.err;
  EXPECT_TRUE(contains(r.err, "x/daemon.json: skipped: symlink cannot be resolved")) << r.err;
  EXPECT_TRUE(contains(r.err, "y/daemon.json: skipped: symlink cannot be resolved")) << r.err;
  EXPECT_TRUE(contains(r.out, "ok/daemon.json:2:14: error[DE101")) << r.out;
  EXPECT_TRUE(contains(r.out, "\n1 file scanned, 2 findings")) << r.out;
  const std::string skipped = skipped_section(r.out);
  EXPECT_TRUE(contains(skipped, "Skipped (3):\n  self/daemon.json: symlink cannot be resolved"))
      << r.out;
}

TEST_F(HostileTree, SymlinksLeavingTheRootAreNotFollowedAndSaid) {
  write("outside/daemon.json", kExposed);
  write("root/live/daemon.json", kSafe);
  fs::create_directory_symlink(dir_ / "outside", dir_ / "root" / "conf.d");  // a directory
  fs::create_directories(dir_ / "root" / "etc" / "docker");
  fs::create_symlink("/etc/passwd", dir_ / "root" / "etc" / "docker" / "daemon.json");
  fs::create_symlink("../../outside/daemon.json", dir_ / "root" / "live" / "docker-daemon.json");
  const CommandResult r = run("check -f sarif -o out.sarif root", kTimeout);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.err,
                       "root/conf.d: skipped: directory symlink points outside the scanned "
                       "root (not followed)"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "root/etc/docker/daemon.json: skipped: symlink points outside"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "root/live/docker-daemon.json: skipped: symlink points outside"))
      << r.err;
  const auto sarif = nlohmann::json::parse(slurp(dir_ / "out.sarif"));
  const auto& notifications = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notifications.size(), 3u) << notifications.dump(2);
  EXPECT_EQ(sarif["runs"][0]["invocations"][0]["executionSuccessful"], true);
  for (const auto& n : notifications) {
    EXPECT_EQ(n["level"], "note");
    EXPECT_TRUE(contains(n["message"]["text"].get<std::string>(), "outside the scanned root"));
  }
  EXPECT_EQ(sarif["runs"][0]["results"].size(), 0u);
}

TEST_F(HostileTree, SymlinkToDevZeroIsNeverRead) {
  write("daemon.json", kSafe);
  fs::create_directories(dir_ / "z");
  fs::create_symlink("/dev/zero", dir_ / "z" / "daemon.json");
  CommandResult r = run("check .", kTimeout);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "z/daemon.json: skipped: symlink points outside")) << r.err;
  // Named on the command line, a file is checked wherever it is: it must still not be read.
  r = run("check z/daemon.json /dev/zero daemon.json", kTimeout);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "z/daemon.json: skipped: not a regular file (character device)"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "/dev/zero: skipped: not a regular file (character device)"))
      << r.err;
  EXPECT_TRUE(contains(r.out, "1 file scanned, 0 findings")) << r.out;
}

TEST_F(HostileTree, FifosAndDevicesAreSkippedWithoutBeingOpened) {
  write("daemon.json", kExposed);
  fs::create_directories(dir_ / "p");
  ASSERT_EQ(::mkfifo((dir_ / "p" / "daemon.json").c_str(), 0644), 0);
  ASSERT_EQ(::mkfifo((dir_ / "p" / "start.sh").c_str(), 0644), 0);
  ASSERT_EQ(::mkfifo((dir_ / "p" / "notes.txt").c_str(), 0644), 0);  // not a lintable name
  const bool device = ::mknod((dir_ / "p" / "docker-compose.yml").c_str(), S_IFCHR | 0644,
                              makedev(1, 5)) == 0;  // /dev/zero's numbers
  CommandResult r = run("check .", kTimeout);
  ASSERT_NE(r.exit_code, 124) << "the scan blocked on a FIFO or device";
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "p/daemon.json: skipped: not a regular file (FIFO)")) << r.err;
  EXPECT_TRUE(contains(r.err, "p/start.sh: skipped: not a regular file (FIFO)")) << r.err;
  EXPECT_FALSE(contains(r.err, "notes.txt")) << r.err;
  if (device) {
    EXPECT_TRUE(contains(r.err,
                         "p/docker-compose.yml: skipped: not a regular file (character "
                         "device)"))
        << r.err;
  }
  EXPECT_TRUE(contains(r.out, "1 file scanned, 2 findings")) << r.out;
  // A FIFO named on the command line is not opened for a blocking read either.
  r = run("check p/daemon.json daemon.json", kTimeout);
  ASSERT_NE(r.exit_code, 124) << "the scan blocked on a FIFO";
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "p/daemon.json: skipped: not a regular file (FIFO)")) << r.err;
}

TEST_F(HostileTree, UnreadableFilesAndDirectoriesAreReportedAndTheRestScanned) {
  const std::optional<std::string> as_user = unprivileged();
  if (!as_user) GTEST_SKIP() << "running as root and cannot drop privileges with setpriv";
  write("locked/daemon.json", kExposed);
  write("secret/daemon.json", kExposed);
  write("open/daemon.json", kExposed);
  fs::permissions(dir_ / "locked", fs::perms::none);
  fs::permissions(dir_ / "secret" / "daemon.json", fs::perms::none);
  const CommandResult r = run("check .", std::string(kTimeout) + " " + *as_user);
  fs::permissions(dir_ / "locked", fs::perms::owner_all);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "locked: cannot read directory: permission denied")) << r.err;
  EXPECT_TRUE(contains(r.err, "secret/daemon.json: cannot read: Permission denied")) << r.err;
  EXPECT_TRUE(contains(r.out, "open/daemon.json:2:14: error[DE101")) << r.out;
  EXPECT_TRUE(contains(r.out, "\n1 file scanned, 2 findings")) << r.out;
  EXPECT_TRUE(contains(skipped_section(r.out), "Skipped (2):\n  locked: cannot read directory"))
      << r.out;
}

TEST_F(HostileTree, MissingPathsAreErrorsShownRelativeAndTheRestScanned) {
  write("a/daemon.json", kExposed);
  // Absolute, under the working directory: shown relative, like every other path.
  const CommandResult r = run("check '" + (dir_ / "gone.json").string() + "' a/missing.sh a");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "dockerd-lint: gone.json: no such file or directory")) << r.err;
  EXPECT_TRUE(contains(r.err, "dockerd-lint: a/missing.sh: no such file or directory")) << r.err;
  EXPECT_FALSE(contains(r.err, dir_.string())) << r.err;
  EXPECT_TRUE(contains(r.out, "a/daemon.json:2:14")) << r.out;
  EXPECT_TRUE(contains(skipped_section(r.out),
                       "Skipped (2):\n  a/missing.sh: no such file or "
                       "directory\n  gone.json: no such file"))
      << r.out;
}

TEST(HostileReader, FileVanishedBetweenListingAndReadingIsAnError) {
  const fs::path path = fs::temp_directory_path() / ("dl-vanish-" + std::to_string(::getpid()));
  { std::ofstream(path) << kExposed; }
  fs::remove(path);  // listed, then gone
  dl::ScanProblem problem{"daemon.json", {}, true};
  EXPECT_FALSE(dl::detail::read_file(path, 1024, problem));
  EXPECT_EQ(problem.message, "cannot read: No such file or directory");
  EXPECT_TRUE(problem.is_error);
}

TEST(HostileReader, FifoThatReplacedAListedFileIsNotRead) {
  const fs::path path = fs::temp_directory_path() / ("dl-fifo-" + std::to_string(::getpid()));
  fs::remove(path);
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  dl::ScanProblem problem{"daemon.json", {}, true};
  EXPECT_FALSE(dl::detail::read_file(path, 1024, problem));  // returns: no writer awaited
  EXPECT_EQ(problem.message, "skipped: not a regular file (FIFO)");
  EXPECT_FALSE(problem.is_error);
  fs::remove(path);
}

TEST_F(HostileTree, HugeSparseAndSingleLineFilesAreSkippedAndListed) {
  write("daemon.json", kSafe);
  fs::create_directories(dir_ / "sparse");
  { std::ofstream(dir_ / "sparse" / "daemon.json", std::ios::binary) << "{"; }
  fs::resize_file(dir_ / "sparse" / "daemon.json", 2ull << 30);  // 2 GiB, no disk
  {
    std::ofstream big(dir_ / "big.sh", std::ios::binary);
    big << "#!/bin/sh\ndockerd -H tcp://0.0.0.0:2375 --label=";
    const std::string chunk(1 << 20, 'a');
    for (int i = 0; i < 100; ++i) big << chunk;  // one 100 MiB line
  }
  const CommandResult r = run("check .", kTimeout);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string big_size = std::to_string(fs::file_size(dir_ / "big.sh"));
  EXPECT_TRUE(contains(r.err,
                       "sparse/daemon.json: skipped: 2147483648 bytes is above "
                       "--max-file-size (10485760)"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "big.sh: skipped: " + big_size + " bytes is above")) << r.err;
  EXPECT_EQ(skipped_section(r.out),
            "Skipped (2):\n  big.sh: " + big_size +
                " bytes is above --max-file-size (10485760)\n  sparse/daemon.json: 2147483648 "
                "bytes is above --max-file-size (10485760)")
      << r.out;
  EXPECT_TRUE(r.out.ends_with("\n1 file scanned, 0 findings [engine 29.7]\n")) << r.out;
  fs::remove(dir_ / "big.sh");
}

// Each deep document in its own run, so a crash names its parser.
TEST_F(HostileTree, DeepNestingDoesNotOverflowTheStack) {
  const std::size_t deep = 100000;
  const auto repeat = [](const std::string& s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"json-arrays/daemon.json", "{\"hosts\": " + repeat("[", deep) + repeat("]", deep) + "}"},
      {"json-unclosed/daemon.json", repeat("[", deep)},
      {"json-objects/daemon.json", "{\"hosts\": [\"tcp://0.0.0.0:2375\"], \"x\": " +
                                       repeat("{\"a\": ", deep) + "1" + repeat("}", deep) + "}"},
      {"yaml-flow/compose.yml", "services:\n  x: " + repeat("[", deep) + repeat("]", deep) + "\n"},
      {"yaml-maps/compose.yml",
       "services:\n  x: " + repeat("{a: ", deep) + "1" + repeat("}", deep) + "\n"},
      {"yaml-block/compose.yml", "services:\n  x:\n    " + repeat("- ", deep) + "x\n"},
      {"yaml-unclosed/compose.yml", "services: " + repeat("[", deep) + "\n"},
      {"shell/run.sh",
       "dockerd " + repeat("$(", 10000) + "true" + repeat(")", 10000) + " -H tcp://0.0.0.0:2375\n"},
      {"shell-backticks/run.sh", "x=" + repeat("\"$(", 10000) + "y" + repeat(")\"", 10000) + "\n"},
      {"shell-subshells/run.sh", repeat("(", 10000) + "dockerd" + repeat(")", 10000) + "\n"},
      {"shell-unclosed/run.sh", "dockerd " + repeat("$(", 10000) + "\n"},
      {"dockerfile/Dockerfile", "FROM alpine\nRUN dockerd " + repeat("$(", 10000) + "true" +
                                    repeat(")", 10000) + " -H tcp://0.0.0.0:2375\n"},
      {"hcl/main.tf", "locals {\n  x = " + repeat("[", deep) + repeat("]", deep) + "\n}\n"},
      {"hcl-objects/main.tf",
       "locals {\n  x = " + repeat("{a = ", 10000) + "1" + repeat("}", 10000) + "\n}\n"},
  };
  for (const auto& [path, text] : cases) {
    write(path, text);
    const std::string root = path.substr(0, path.find('/'));
    const CommandResult r = run("check -f json " + root, kTimeout);
    EXPECT_TRUE(exited_normally(r)) << path << ": exit " << r.exit_code << "\n" << r.err;
    if (exited_normally(r)) {
      EXPECT_TRUE(nlohmann::json::accept(r.out)) << path;
    }
  }
}

TEST_F(HostileTree, NulBytesPastTheFirstBlockDoNotCrash) {
  write("late/daemon.json",
        "{\"hosts\": [\"tcp://0.0.0.0:2375\"], \"x\": \"" + std::string(9000, 'a') + "\0\"}"s);
  write("late/run.sh",
        "#!/bin/sh\n" + std::string(9000, '#') + "\ndockerd -H tcp://0.0.0.0:2375 \0x\n"s);
  write("late/compose.yml", "services:\n  d:\n    command: dockerd -H tcp://0.0.0.0:2375\n#" +
                                std::string(9000, 'a') + "\0\n"s);
  const CommandResult r = run("check --no-source .", kTimeout);
  EXPECT_TRUE(exited_normally(r)) << r.exit_code << r.err;
  EXPECT_EQ(r.out.find('\0'), std::string::npos);
  const CommandResult j = run("check -f json .", kTimeout);
  EXPECT_TRUE(nlohmann::json::accept(j.out)) << j.out;
}

TEST_F(HostileTree, Utf16LeDaemonJsonIsDecodedAndFindingsPointAtTheRightPlace) {
  std::string utf16 = "\xFF\xFE"s;
  for (const char c : std::string(kExposed)) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  write("etc/docker/daemon.json", utf16);
  CommandResult r = run("check .", kTimeout);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "etc/docker/daemon.json:2:14: error[DE101")) << r.out;
  EXPECT_TRUE(contains(r.out,
                       "      \"hosts\": [\"tcp://0.0.0.0:2375\"]\n"
                       "                 ^^^^^^^^^^^^^^^^^^\n"))
      << r.out;
  EXPECT_FALSE(contains(r.err, "binary")) << r.err;
  r = run("check -f sarif .", kTimeout);
  const auto sarif = nlohmann::json::parse(r.out);
  const auto& region = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
  EXPECT_EQ(region["startLine"], 2);
  EXPECT_EQ(region["startColumn"], 14);
  EXPECT_EQ(region["endColumn"], 32);
}

TEST(HostileEncoding, Utf16LeFindingPositionsMatchUtf8) {
  dl::EngineOptions options;
  const std::string text = "{\n  \"debug\": true,\n  \"hosts\": [\"tcp://0.0.0.0:2375\"]\n}\n";
  std::string utf16 = "\xFF\xFE"s;
  for (const char c : text) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  const dl::ScanResult plain = dl::scan_buffers({{"daemon.json", text, std::nullopt}}, options);
  const dl::ScanResult wide = dl::scan_buffers({{"daemon.json", utf16, std::nullopt}}, options);
  ASSERT_FALSE(plain.findings.empty());
  ASSERT_EQ(plain.findings.size(), wide.findings.size());
  for (std::size_t i = 0; i < plain.findings.size(); ++i) {
    const dl::Position a = plain.file(0).position(plain.findings[i].span.begin);
    const dl::Position b = wide.file(0).position(wide.findings[i].span.begin);
    EXPECT_EQ(plain.findings[i].rule_id, wide.findings[i].rule_id);
    EXPECT_EQ(a.line, b.line) << plain.findings[i].rule_id;
    EXPECT_EQ(a.column, b.column) << plain.findings[i].rule_id;
    EXPECT_EQ(a.utf16_column, b.utf16_column) << plain.findings[i].rule_id;
  }
}

TEST_F(HostileTree, CrlfEverywhereGivesTheSameColumnsAsLf) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"daemon.json", kExposed},
      {"docker.service",
       "[Unit]\nDescription=d\n\n[Service]\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375\n"},
      {"run.sh", "#!/bin/sh\nset -e\n  dockerd -H tcp://0.0.0.0:2375 &\n"},
      {"compose.yml",
       "services:\n  d:\n    image: docker:dind\n    command: dockerd -H tcp://0.0.0.0:2375\n"},
      {"Dockerfile", "FROM docker:dind\nRUN echo\nCMD dockerd -H tcp://0.0.0.0:2375\n"},
  };
  for (const auto& [name, text] : files) {
    write("lf/" + name, text);
    std::string crlf;
    for (const char c : text) crlf += c == '\n' ? "\r\n" : std::string(1, c);
    write("crlf/" + name, crlf);
  }
  const CommandResult lf = run("check -f json lf", kTimeout);
  const CommandResult crlf = run("check -f json crlf", kTimeout);
  EXPECT_EQ(lf.exit_code, 1) << lf.out;
  EXPECT_EQ(crlf.exit_code, 1) << crlf.out;
  const auto a = nlohmann::json::parse(lf.out)["findings"];
  const auto b = nlohmann::json::parse(crlf.out)["findings"];
  ASSERT_EQ(a.size(), b.size()) << lf.out << "\n" << crlf.out;
  EXPECT_GE(a.size(), 5u) << lf.out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (const char* key : {"rule_id", "line", "column", "end_line", "end_column"}) {
      EXPECT_EQ(a[i][key], b[i][key]) << key << " of " << a[i].dump() << " vs " << b[i].dump();
    }
  }
  const CommandResult text = run("check crlf", kTimeout);
  EXPECT_EQ(text.out.find('\r'), std::string::npos) << text.out;
  EXPECT_TRUE(contains(text.out, "crlf/daemon.json:2:14: error[DE101")) << text.out;
  EXPECT_TRUE(contains(text.out,
                       "      \"hosts\": [\"tcp://0.0.0.0:2375\"]\n"
                       "                 ^^^^^^^^^^^^^^^^^^\n"))
      << text.out;
}

// Item 7: whatever is skipped is in the text summary, the JSON problems and SARIF's
// toolExecutionNotifications, with its reason.
TEST_F(HostileTree, EverySkipIsListedInEveryReport) {
  write("live/daemon.json", kExposed);
  write("bin/daemon.json", "{\"hosts\": [\0]}"s);
  write("big/daemon.json", std::string(5000, ' ') + kSafe);
  write("outside/daemon.json", kSafe);
  fs::create_directories(dir_ / "root");
  write("root/daemon.json", kSafe);
  fs::create_symlink(dir_ / "outside" / "daemon.json", dir_ / "root" / "link-daemon.json");
  ASSERT_EQ(::mkfifo((dir_ / "root" / "fifo.sh").c_str(), 0644), 0);
  const std::string args = "--max-file-size 4096 live bin big root";
  const CommandResult text = run("check " + args, kTimeout);
  EXPECT_EQ(text.exit_code, 1) << text.out << text.err;
  EXPECT_EQ(skipped_section(text.out),
            "Skipped (4):\n"
            "  big/daemon.json: " +
                std::to_string(fs::file_size(dir_ / "big" / "daemon.json")) +
                " bytes is above --max-file-size (4096)\n"
                "  bin/daemon.json: binary file (NUL bytes)\n"
                "  root/fifo.sh: not a regular file (FIFO)\n"
                "  root/link-daemon.json: symlink points outside the scanned root")
      << text.out;
  EXPECT_TRUE(contains(text.out, "\n2 files scanned, 2 findings")) << text.out;

  const auto json = nlohmann::json::parse(run("check -f json " + args, kTimeout).out);
  ASSERT_EQ(json["problems"].size(), 4u) << json.dump(2);
  EXPECT_EQ(json["problems"][1]["path"], "bin/daemon.json");
  EXPECT_EQ(json["problems"][1]["message"], "skipped: binary file (NUL bytes)");
  EXPECT_EQ(json["problems"][1]["error"], false);

  const auto sarif = nlohmann::json::parse(run("check -f sarif " + args, kTimeout).out);
  const auto& invocation = sarif["runs"][0]["invocations"][0];
  EXPECT_EQ(invocation["executionSuccessful"], true);
  const auto& notes = invocation["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 4u) << invocation.dump(2);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"big/daemon.json", "above --max-file-size"},
      {"bin/daemon.json", "binary file"},
      {"root/fifo.sh", "not a regular file (FIFO)"},
      {"root/link-daemon.json", "outside the scanned root"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(notes[i]["level"], "note");
    EXPECT_TRUE(
        contains(notes[i]["message"]["text"].get<std::string>(), expected[i].first + ": skipped: "))
        << notes[i].dump();
    EXPECT_TRUE(contains(notes[i]["message"]["text"].get<std::string>(), expected[i].second))
        << notes[i].dump();
    EXPECT_EQ(notes[i]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              expected[i].first);
  }
}

}  // namespace
