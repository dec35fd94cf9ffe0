// Hostile carrier inputs through the whole engine: they end in findings or a reported skip,
// never in a crash or an unbounded tree.
#include <gtest/gtest.h>

#include <string>

#include "linter/engine/engine.h"

namespace dl {
namespace {

ScanResult scan(const std::string& path, const std::string& text) {
  return scan_buffers({{path, text, std::nullopt}}, EngineOptions{});
}

TEST(CarrierEngine, AliasBombInComposeStaysBounded) {
  std::string text = "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n";
  for (int i = 1; i < 12; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 9; ++k) text += (k ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  text +=
      "services:\n  d:\n    image: docker:dind\n    environment:\n      DOCKER_TLS_CERTDIR: \"\"\n"
      "    command: *a11\n";
  const ScanResult r = scan("docker-compose.yml", text);
  ASSERT_EQ(r.findings.size(), 0u);  // the command is an alias past the budget: unknown
}

TEST(CarrierEngine, DeepNestingAndBinaryYaml) {
  std::string deep = "services:\n  x:\n    image: docker:dind\n    labels: ";
  deep += std::string(100000, '[') + std::string(100000, ']') + "\n";
  EXPECT_NO_FATAL_FAILURE(scan("docker-compose.yml", deep));
  std::string block = "services:\n";
  for (int i = 0; i < 5000; ++i) block += std::string(static_cast<std::size_t>(i), ' ') + "- a:\n";
  EXPECT_NO_FATAL_FAILURE(scan("compose.yaml", block));
  std::string binary;
  for (int i = 0; i < 70000; ++i) binary += static_cast<char>((i * 131 + 7) % 255 + 1);
  const ScanResult r = scan(".gitlab-ci.yml", binary);
  EXPECT_TRUE(r.findings.empty());
}

TEST(CarrierEngine, BrokenYamlIsReportedNotFatal) {
  const ScanResult r =
      scan("docker-compose.yml", "services:\n  d:\n    image: docker:dind\n   bad: [\n");
  EXPECT_TRUE(r.findings.empty());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].message.find("did not find expected key"), std::string::npos);
  EXPECT_NE(r.problems[0].message.find("line 4"), std::string::npos);
}

TEST(CarrierEngine, IncludeOutsideTheTreeIsNotRead) {
  const ScanResult r = scan_buffers(
      {{".gitlab-ci.yml", "include:\n  - local: ../../etc/passwd\nbuild:\n  script: [ls]\n",
        std::nullopt}},
      EngineOptions{});
  for (const SourceFile& file : r.files) EXPECT_EQ(file.path.find("passwd"), std::string::npos);
}

}  // namespace
}  // namespace dl
