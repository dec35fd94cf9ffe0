// .dockerd-lint.yaml and DOCKERD_LINT_* variables: every key, every error with its position
// and suggestion, and the upward search that stops at the repository root.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "linter/engine/config.h"

namespace dl::config {
namespace {

namespace fs = std::filesystem;

Config parsed(const std::string& text) {
  ParseOutcome outcome = parse(text, ".dockerd-lint.yaml");
  EXPECT_TRUE(outcome.config) << outcome.error;
  return outcome.config ? *outcome.config : Config{};
}

std::string error_of(const std::string& text) {
  ParseOutcome outcome = parse(text, ".dockerd-lint.yaml");
  EXPECT_FALSE(outcome.config) << "accepted: " << text;
  return outcome.error;
}

TEST(Config, EveryKey) {
  const Config config = parsed(
      "select: [DE1, DE001]\n"
      "ignore: DE104\n"
      "override:\n"
      "  error: [loopback-tcp-without-tls]\n"
      "  note: [DE2]\n"
      "fail-on: warning\n"
      "exclude: ['vendor/**', '*.j2']\n"
      "per-path-ignores:\n"
      "  'lab/**': [DE101, DE103]\n"
      "engine-version: '20.10'\n"
      "category: infra\n");
  const Settings& s = config.settings;
  EXPECT_EQ(s.select, (std::vector<std::string>{"DE1", "DE001"}));
  EXPECT_EQ(s.ignore, (std::vector<std::string>{"DE104"}));
  EXPECT_EQ(s.overrides.at("DE104"), Level::Error);
  EXPECT_EQ(s.overrides.at("DE201"), Level::Note);
  EXPECT_EQ(s.overrides.at("DE202"), Level::Note);
  EXPECT_EQ(s.fail_on, "warning");
  EXPECT_EQ(s.exclude, (std::vector<std::string>{"vendor/**", "*.j2"}));
  ASSERT_EQ(s.per_path_ignores.size(), 1u);
  EXPECT_EQ(s.per_path_ignores[0].glob, "lab/**");
  EXPECT_EQ(s.per_path_ignores[0].rules, (std::vector<std::string>{"DE101", "DE103"}));
  EXPECT_EQ(s.per_path_ignores[0].origin, "per-path-ignores in .dockerd-lint.yaml");
  EXPECT_EQ(s.engine_version, "20.10");
  EXPECT_EQ(s.category, "infra");
}

TEST(Config, EmptyFileAndCommentsOnlyMeanDefaults) {
  EXPECT_FALSE(parsed("").settings.select);
  EXPECT_FALSE(parsed("# nothing yet\n").settings.fail_on);
}

TEST(Config, UnknownKeyIsAnErrorWithSuggestionAndPosition) {
  EXPECT_EQ(error_of("select: [DE101]\nignroe: [DE104]\n"),
            ".dockerd-lint.yaml:2:1: unknown key \"ignroe\" (did you mean \"ignore\"?); the keys "
            "are select, ignore, override, fail-on, exclude, per-path-ignores, engine-version, "
            "category");
  EXPECT_NE(error_of("fail_on: error\n").find("did you mean \"fail-on\"?"), std::string::npos);
  // Nothing close: no suggestion, still an error.
  EXPECT_EQ(error_of("colour: always\n").find("did you mean"), std::string::npos);
}

TEST(Config, UnknownRulesAreErrorsWithSuggestions) {
  EXPECT_EQ(error_of("ignore:\n  - DE101\n  - DE1044\n"),
            ".dockerd-lint.yaml:3:5: ignore: unknown rule \"DE1044\" (did you mean \"DE104\"?); "
            "`dockerd-lint rules` lists them");
  EXPECT_NE(error_of("select: [tcp-without-tsl]\n").find("did you mean \"tcp-without-tls\"?"),
            std::string::npos);
  EXPECT_NE(error_of("per-path-ignores: {'a/*': [DE999]}\n").find("per-path-ignores.a/*:"),
            std::string::npos);
  EXPECT_NE(error_of("override: {error: [DE998]}\n").find("override.error:"), std::string::npos);
}

TEST(Config, BadValues) {
  EXPECT_NE(error_of("fail-on: errors\n").find("did you mean \"error\"?"), std::string::npos);
  EXPECT_NE(error_of("override: {info: [DE104]}\n").find("unknown level \"info\""),
            std::string::npos);
  EXPECT_NE(error_of("engine-version: banana\n").find("is not a version"), std::string::npos);
  EXPECT_NE(error_of("select: {DE101: true}\n").find("expected a list"), std::string::npos);
  EXPECT_NE(error_of("exclude: [[a]]\n").find("each item must be a non-empty string"),
            std::string::npos);
  EXPECT_NE(error_of("category: [a, b]\n").find("expected a single value"), std::string::npos);
  EXPECT_NE(error_of("- select\n").find("must be a mapping"), std::string::npos);
  EXPECT_NE(error_of("select: [DE101]\nselect: [DE104]\n").find("given twice"), std::string::npos);
  EXPECT_NE(error_of("select: [DE101\n").find("not valid YAML"), std::string::npos);
  EXPECT_NE(error_of("a: 1\n---\nb: 2\n").find("one YAML document"), std::string::npos);
}

TEST(Config, Suggest) {
  const std::vector<std::string> known = {"select", "ignore", "exclude"};
  EXPECT_EQ(suggest("excluse", known), "exclude");
  EXPECT_EQ(suggest("IGNORE", known), "ignore");
  EXPECT_EQ(suggest("zzzzzz", known), std::nullopt);
}

class ConfigSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("dockerd-lint-config-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "repo/.git");
    fs::create_directories(root_ / "repo/ops/docker");
  }
  void TearDown() override { fs::remove_all(root_); }
  void touch(const fs::path& path) { std::ofstream(path) << "select: [DE1]\n"; }
  fs::path root_;
};

TEST_F(ConfigSearch, FindsTheNearestFileUpToTheRepositoryRoot) {
  const std::string ops = (root_ / "repo/ops/docker").string();
  EXPECT_EQ(find({ops}), std::nullopt);
  touch(root_ / "repo/.dockerd-lint.yaml");
  ASSERT_TRUE(find({ops}));
  EXPECT_EQ(fs::weakly_canonical(*find({ops})),
            fs::weakly_canonical(root_ / "repo/.dockerd-lint.yaml"));
  touch(root_ / "repo/ops/.dockerd-lint.yml");
  EXPECT_EQ(fs::weakly_canonical(*find({ops + "/"})),
            fs::weakly_canonical(root_ / "repo/ops/.dockerd-lint.yml"));
  // Several paths: their deepest common directory.
  touch(root_ / "repo/ops/docker/daemon.json");
  EXPECT_EQ(fs::weakly_canonical(*find({ops + "/daemon.json", (root_ / "repo/.git").string()})),
            fs::weakly_canonical(root_ / "repo/.dockerd-lint.yaml"));
}

TEST_F(ConfigSearch, StopsAtTheRepositoryRoot) {
  touch(root_ / ".dockerd-lint.yaml");  // above the repository: not this repository's
  EXPECT_EQ(find({(root_ / "repo/ops").string()}), std::nullopt);
}

TEST_F(ConfigSearch, LoadSetsTheBaseDirectory) {
  touch(root_ / "repo/.dockerd-lint.yaml");
  const ParseOutcome outcome = load(root_ / "repo/.dockerd-lint.yaml");
  ASSERT_TRUE(outcome.config) << outcome.error;
  EXPECT_EQ(outcome.config->base, (root_ / "repo").lexically_normal());
  EXPECT_NE(load(root_ / "missing.yaml").error.find("cannot read"), std::string::npos);
}

TEST(Environment, Variables) {
  const EnvironmentOutcome env = from_environment({{"PATH", "/bin"},
                                                   {"DOCKERD_LINT_SELECT", "DE1, DE001"},
                                                   {"DOCKERD_LINT_IGNORE", ""},
                                                   {"DOCKERD_LINT_FAIL_ON", "error"},
                                                   {"DOCKERD_LINT_FORMAT", "sarif"},
                                                   {"DOCKERD_LINT_EXCLUDE", "a/**,b"},
                                                   {"DOCKERD_LINT_ENGINE_VERSION", "20.10"},
                                                   {"DOCKERD_LINT_CATEGORY", "x"},
                                                   {"DOCKERD_LINT_CONFIG", "c.yaml"}});
  ASSERT_EQ(env.error, "");
  EXPECT_EQ(env.settings.select, (std::vector<std::string>{"DE1", "DE001"}));
  EXPECT_FALSE(env.settings.ignore);  // empty is unset
  EXPECT_EQ(env.settings.fail_on, "error");
  EXPECT_EQ(env.settings.format, "sarif");
  EXPECT_EQ(env.settings.exclude, (std::vector<std::string>{"a/**", "b"}));
  EXPECT_EQ(env.settings.engine_version, "20.10");
  EXPECT_EQ(env.settings.category, "x");
  EXPECT_EQ(env.config_path, "c.yaml");
}

TEST(Environment, ErrorsSaySo) {
  const EnvironmentOutcome typo = from_environment({{"DOCKERD_LINT_FAILON", "x"}});
  EXPECT_EQ(typo.error, "");
  ASSERT_EQ(typo.warnings.size(), 1u);
  EXPECT_NE(typo.warnings[0].find("did you mean \"DOCKERD_LINT_FAIL_ON\"?"), std::string::npos);
  EXPECT_NE(from_environment({{"DOCKERD_LINT_FAIL_ON", "warn"}}).error.find("did you mean"),
            std::string::npos);
  EXPECT_NE(from_environment({{"DOCKERD_LINT_SELECT", "DE7777"}}).error.find("unknown rule"),
            std::string::npos);
  EXPECT_NE(from_environment({{"DOCKERD_LINT_FORMAT", "xml"}}).error.find("not one of"),
            std::string::npos);
  EXPECT_NE(from_environment({{"DOCKERD_LINT_ENGINE_VERSION", "x"}}).error.find("not a version"),
            std::string::npos);
}

}  // namespace
}  // namespace dl::config
