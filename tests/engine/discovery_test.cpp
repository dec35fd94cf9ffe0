// Discovery walks directories one at a time, sorted per directory, and must still hand out
// files in the order of sorting every display path, since reports follow that order.
#include "linter/engine/discovery.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

class DiscoveryWalk : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("dl-discovery-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& relative) {
    const fs::path path = dir_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << "#!/bin/sh\ndocker info\n";
  }

  std::string root(const std::string& relative = "") const {
    return relative.empty() ? dir_.string() : (dir_ / relative).string();
  }

  // Every display path, relative to the temporary directory.
  std::vector<std::string> walk(const std::vector<std::string>& paths,
                                const dl::DiscoveryOptions& options = {}) const {
    dl::Discovery discovery(paths, options);
    std::vector<std::string> listed;
    while (std::optional<dl::Candidate> candidate = discovery.next()) {
      std::string display = candidate->display_path;
      const std::string prefix = dir_.string() + "/";
      if (display.starts_with(prefix)) display.erase(0, prefix.size());
      listed.push_back(display);
    }
    return listed;
  }

  fs::path dir_;
};

TEST_F(DiscoveryWalk, GivesFilesInTheOrderOfTheirSortedDisplayPaths) {
  // Names that sort differently as bare names and as paths: '-', '.', ' ' and '0' sit around
  // '/', and bytes above 0x7F sort after ASCII.
  const std::vector<std::string> files = {
      "a/x.sh",     "a-b.sh",       "a.sh",      "a b/x.sh",   "a0/x.sh",      "A/x.sh",
      "a/b/c.sh",   "a/b-c.sh",     "a/b.sh",    "a/b0.sh",    "a/.hidden.sh", "\xC3\xA9/x.sh",
      "a.d/x.sh",   "a-/y.sh",      "a-/y/z.sh", "z/z/z/z.sh", "ab/x.sh",      "a/b/c/d/e.sh",
      "a/b c/d.sh", "a/b.c/d.sh",   "a/bc.sh",   "~/x.sh",     "_/x.sh",       "a/b/c-d.sh",
      "a/b/c/d.sh", "a/b/c.d/e.sh", "a/b/cd.sh", "b/a.sh",     "b-a.sh",       "b.sh"};
  for (const std::string& file : files) write(file);
  std::vector<std::string> expected = files;
  std::sort(expected.begin(), expected.end());

  EXPECT_EQ(walk({root()}), expected);
}

TEST_F(DiscoveryWalk, MergesRootsInOrderAndListsAFileReachedTwiceOnce) {
  for (const char* file : {"r/a/x.sh", "r/a-b.sh", "r/b.sh", "s/a.sh", "s/t/u.sh"}) {
    write(file);
  }
  const std::vector<std::string> listed =
      walk({root("s"), root("r/a"), root("r"), root("r/b.sh"), root("s/t/u.sh"), root("r")});
  EXPECT_EQ(listed,
            (std::vector<std::string>{"r/a-b.sh", "r/a/x.sh", "r/b.sh", "s/a.sh", "s/t/u.sh"}));
}

TEST_F(DiscoveryWalk, PrunesSkippedAndExcludedDirectoriesAndKeepsOnlyLintableNames) {
  for (const char* file : {"keep/run.sh", "keep/notes.txt", "keep/Makefile.am",
                           "node_modules/x/run.sh", ".git/hooks/pre-commit.sh", "gen/run.sh",
                           "keep/gen/run.sh", "keep/etc/docker/daemon.json"}) {
    write(file);
  }
  dl::DiscoveryOptions options;
  options.excludes = {"gen"};  // a bare name: that directory at any depth
  EXPECT_EQ(walk({root()}, options),
            (std::vector<std::string>{"keep/etc/docker/daemon.json", "keep/run.sh"}));
}

TEST_F(DiscoveryWalk, ReportsAMissingRootAndGoesOnWithTheOthers) {
  write("r/a.sh");
  dl::Discovery discovery({root("missing"), root("r")}, {});
  std::vector<std::string> listed;
  while (std::optional<dl::Candidate> candidate = discovery.next()) {
    listed.push_back(candidate->display_path);
  }
  EXPECT_EQ(listed, std::vector<std::string>{root("r/a.sh")});
  const std::vector<dl::ScanProblem> problems = discovery.take_problems();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, root("missing"));
  EXPECT_EQ(problems[0].message, "no such file or directory");
  EXPECT_TRUE(problems[0].is_error);
}

}  // namespace
