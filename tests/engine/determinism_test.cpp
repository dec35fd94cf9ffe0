// Determinism: the same tree gives byte-identical reports, run after run and whatever order
// the file system lists it in; findings are sorted by file, position and rule.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "tests/engine/cli_support.h"

namespace {

namespace fs = std::filesystem;
using dl::testing::Cli;
using dl::testing::CommandResult;
using namespace std::string_literals;

const std::vector<std::pair<std::string, std::string>> kTree = {
    {"etc/docker/daemon.json", "{\n  \"hosts\": [\"tcp://0.0.0.0:2375\"]\n}\n"},
    {"b/daemon.json", "{\"hosts\": [\"tcp://0.0.0.0:2375\", \"tcp://127.0.0.1:2376\"]}\n"},
    {"a/z/daemon.json", "{\"hosts\": [\"tcp://10.0.0.1:2375\"], \"tls\": true}\n"},
    {"a/docker.service", "[Service]\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375 -H fd://\n"},
    {"a/start.sh",
     "#!/bin/sh\ndockerd -H tcp://0.0.0.0:2375 &\ndockerd --host=tcp://0.0.0.0:2376\n"},
    {"compose.yml",
     "services:\n  d:\n    image: docker:dind\n    command: dockerd -H tcp://0.0.0.0:2375\n"},
    {"Dockerfile", "FROM docker:dind\nCMD [\"dockerd\", \"-H\", \"tcp://0.0.0.0:2375\"]\n"},
    {"c/d/e/main.tf",
     "resource \"x\" \"y\" {\n  user_data = \"dockerd -H tcp://0.0.0.0:2375\"\n}\n"},
    {"bin/daemon.json", "{\"hosts\": [\0]}"s},
    {"big/daemon.json", std::string(5000, ' ') + "{}"},
    {"broken/daemon.json", "{\"hosts\": [\"tcp://0.0.0.0:2375\",]\n"},
    {"notes.txt", "nothing\n"},
};

class Determinism : public Cli {
 protected:
  // The tree under `root`, files (and their directories) created in a shuffled order.
  void create(const std::string& root, unsigned seed) {
    std::vector<std::size_t> order(kTree.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), std::mt19937(seed));
    for (const std::size_t i : order) write(root + "/" + kTree[i].first, kTree[i].second);
    fs::create_directories(dir_ / root / "links");
    fs::create_symlink(dir_ / "outside.json", dir_ / root / "links" / "x-daemon.json");
    ::mkfifo((dir_ / root / "fifo.sh").c_str(), 0644);
  }

  std::string scan(const std::string& root, const std::string& format,
                   const std::string& options = "") {
    const CommandResult r =
        run("check --max-file-size 4096 " + options + " -f " + format + " " + root);
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    std::string both = r.out + "\n--- stderr\n" + r.err;
    for (std::size_t at = 0; (at = both.find(root, at)) != std::string::npos;) {
      both.replace(at, root.size(), "ROOT");
    }
    // GitLab fingerprints hash the path, root name included: blank them.
    for (std::size_t at = 0; (at = both.find("\"fingerprint\": \"", at)) != std::string::npos;) {
      at += 16;
      both.erase(at, both.find('"', at) - at);
    }
    return both;
  }
};

TEST_F(Determinism, RepeatedRunsAreByteIdentical) {
  write("outside.json", "{}");
  create("tree", 1);
  for (const char* format : {"text", "json", "sarif", "github", "gitlab", "junit", "checkstyle"}) {
    const std::string first = scan("tree", format);
    EXPECT_EQ(scan("tree", format), first) << format;
    EXPECT_EQ(scan("tree", format), first) << format;
  }
}

TEST_F(Determinism, ListingOrderDoesNotChangeTheOutput) {
  write("outside.json", "{}");
  create("treeAAAA", 7);
  create("treeBBBB", 12345);
  for (const char* format : {"text", "json", "sarif", "github", "gitlab", "junit", "checkstyle"}) {
    EXPECT_EQ(scan("treeAAAA", format), scan("treeBBBB", format)) << format;
  }
}

// Files are read on worker threads and analysed in discovery order: the thread count never
// shows. Enough files that the workers run a whole window (64 per job) ahead of the analysis.
TEST_F(Determinism, JobCountDoesNotChangeTheOutput) {
  write("outside.json", "{}");
  create("tree", 5);
  for (int copy = 0; copy < 60; ++copy) {
    for (const auto& [path, text] : kTree) {
      write("tree/copies/" + std::to_string(copy) + "/" + path, text);
    }
  }
  for (const char* format : {"text", "json", "sarif", "github", "gitlab", "junit", "checkstyle"}) {
    const std::string one = scan("tree", format, "-j 1");
    EXPECT_NE(one.find("copies/59/"), std::string::npos) << format;
    for (const char* jobs : {"-j 2", "-j 3", "-j 16", ""}) {
      EXPECT_EQ(scan("tree", format, jobs), one) << format << " " << jobs;
    }
  }
}

TEST_F(Determinism, FindingsAreSortedByFilePositionAndRule) {
  write("outside.json", "{}");
  create("tree", 3);
  const auto doc = nlohmann::json::parse(run("check --max-file-size 4096 -f json tree").out);
  const auto& findings = doc["findings"];
  ASSERT_GE(findings.size(), 8u) << doc.dump(2);
  using Key = std::tuple<std::string, int, int, std::string>;
  std::vector<Key> keys;
  for (const auto& f : findings) {
    keys.emplace_back(f["path"], f["line"], f["column"], f["rule_id"]);
  }
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end())) << doc.dump(2);
  // The problems (skips) are sorted by path too.
  std::vector<std::string> paths;
  for (const auto& p : doc["problems"]) paths.push_back(p["path"]);
  EXPECT_GE(paths.size(), 4u) << doc.dump(2);
  EXPECT_TRUE(std::is_sorted(paths.begin(), paths.end())) << doc.dump(2);
}

}  // namespace
