// Replays every input under fuzz/regressions/<target>/ through the same entry function the
// libFuzzer target fuzz_<target> calls (fuzz/fuzz_entries.h): each one once crashed, hung or
// failed an oracle. Also runs the fixtures through every per-format entry, so the entries
// stay working in normal builds.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/fuzz_entries.h"

namespace dl::fuzz {
namespace {

namespace fs = std::filesystem;

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<fs::path> files_under(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename() != "README.md") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

const fs::path kRegressions = fs::path(DL_SOURCE_DIR) / "fuzz" / "regressions";

TEST(FuzzRegressions, EveryDirectoryNamesATarget) {
  if (!fs::is_directory(kRegressions)) return;
  const std::vector<std::string>& names = target_names();
  for (const auto& entry : fs::directory_iterator(kRegressions)) {
    if (!entry.is_directory()) continue;
    const std::string name = entry.path().filename().string();
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end())
        << "fuzz/regressions/" << name << " is not a fuzz target";
  }
}

TEST(FuzzRegressions, ReplayEveryInput) {
  for (const std::string& target : target_names()) {
    for (const fs::path& input : files_under(kRegressions / target)) {
      SCOPED_TRACE(input.string());
      const std::string bytes = read_bytes(input);
      EXPECT_NO_THROW(run(target, bytes));
    }
  }
}

TEST(FuzzEntries, FixturesRunThroughEveryFormat) {
  const std::vector<fs::path> fixtures = files_under(fs::path(DL_SOURCE_DIR) / "fixtures");
  ASSERT_FALSE(fixtures.empty());
  for (const fs::path& fixture : fixtures) {
    SCOPED_TRACE(fixture.string());
    const std::string bytes = read_bytes(fixture);
    for (const std::string& target : target_names()) {
      if (target == "engine") continue;  // the fixture test scans them through the engine
      EXPECT_NO_THROW(run(target, bytes)) << target;
    }
  }
}

TEST(FuzzEntries, EngineTakesPathAndClassFromTheFirstBytes) {
  // Every display path, classified by path and forced to every kind, template or not.
  const std::string body = "{\"hosts\": [\"tcp://0.0.0.0:2375\"]}\n";
  for (std::size_t path = 0; path < engine_paths().size(); ++path) {
    for (int selector : {0x00, 0x01, 0x03, 0x07, 0x08, 0x09, 0x0a, 0x11, 0x1f}) {
      std::string input;
      input.push_back(static_cast<char>(path));
      input.push_back(static_cast<char>(selector));
      EXPECT_NO_THROW(engine(input + body)) << engine_paths()[path] << " " << selector;
    }
  }
  EXPECT_NO_THROW(engine(""));
  EXPECT_NO_THROW(engine("\x07"));
  EXPECT_TRUE(run("engine", std::string("\x00\x00{}", 4)));
  EXPECT_FALSE(run("no_such_target", ""));
}

}  // namespace
}  // namespace dl::fuzz
