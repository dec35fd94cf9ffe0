// Runs every fixture case through the engine; closed world (fixture_support.h).
#include <gtest/gtest.h>

#include "tests/engine/fixture_support.h"

namespace dl::testing {
namespace {

std::string test_name(const FixtureCase& fixture) {
  std::string name;
  for (char c : fixture.name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    name.push_back(keep ? c : '_');
  }
  return name;
}

class FixtureTest : public ::testing::TestWithParam<FixtureCase> {};

TEST_P(FixtureTest, FindingsMatchAnnotations) {
  const FixtureCase& fixture = GetParam();
  EngineOptions options;
  options.engine = fixture.engine;
  const ScanResult result = scan_buffers(fixture.files, options);
  EXPECT_GT(result.files_scanned, 0u) << fixture.name << ": no file of this case is linted";
  const std::string mismatches = compare(fixture, result);
  EXPECT_TRUE(mismatches.empty()) << fixture.name << " (engine " << fixture.engine.to_string()
                                  << "):\n"
                                  << mismatches;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixtureTest, ::testing::ValuesIn(load_fixture_cases()),
                         [](const ::testing::TestParamInfo<FixtureCase>& param_info) {
                           return test_name(param_info.param);
                         });

TEST(FixtureCorpus, IsNotEmpty) {
  EXPECT_GE(load_fixture_cases().size(), 26u);
}

}  // namespace
}  // namespace dl::testing
