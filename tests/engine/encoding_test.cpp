// How a daemon.json's encoding is judged per engine version (dockerd 23.0 decodes a byte
// order mark and requires valid UTF-8; older engines do neither). Fixtures cannot carry
// these cases: an annotation line cannot precede a BOM at byte 0.
#include <gtest/gtest.h>

#include <string>

#include "linter/engine/engine.h"

namespace dl {
namespace {

using namespace std::string_literals;

struct Found {
  std::string rule_id;
  Position position;
  std::string message;
};

std::vector<Found> scan(const std::string& bytes, const char* engine) {
  EngineOptions options;
  options.engine = *dockerd::EngineVersion::parse(engine);
  const ScanResult result = scan_buffers({{"daemon.json", bytes, std::nullopt}}, options);
  std::vector<Found> found;
  for (const Finding& f : result.findings) {
    found.push_back({f.rule_id, result.file(f.span.file).position(f.span.begin), f.message});
  }
  return found;
}

const std::string kBody = "{\"hosts\": [\"unix:///var/run/docker.sock\"]}\n";

TEST(Encoding, Utf8BomIsDecodedFrom23) {
  EXPECT_TRUE(scan("\xEF\xBB\xBF" + kBody, "23.0").empty());
  EXPECT_TRUE(scan("\xEF\xBB\xBF" + kBody, "29.7").empty());
}

TEST(Encoding, Utf8BomIsRejectedBefore23) {
  const auto found = scan("\xEF\xBB\xBF" + kBody, "20.10");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule_id, "DE001");
  EXPECT_EQ(found[0].position.line, 1u);
  EXPECT_EQ(found[0].position.column, 1u);
  EXPECT_NE(found[0].message.find("invalid character 'ï' looking for beginning of value"),
            std::string::npos)
      << found[0].message;
}

TEST(Encoding, Utf16LeBomIsDecodedFrom23AndRejectedBefore) {
  std::string utf16 = "\xFF\xFE"s;
  for (char c : kBody) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  EXPECT_TRUE(scan(utf16, "29.7").empty());
  const auto old = scan(utf16, "22.06");
  ASSERT_EQ(old.size(), 1u);
  EXPECT_NE(old[0].message.find("invalid character 'ÿ'"), std::string::npos) << old[0].message;
}

TEST(Encoding, InvalidUtf8IsFatalFrom23Only) {
  const std::string bytes = "{\"labels\": [\"a=\xFF\"]}";
  const auto current = scan(bytes, "29.7");
  ASSERT_EQ(current.size(), 1u);
  EXPECT_EQ(current[0].rule_id, "DE001");
  EXPECT_EQ(current[0].position.column, 16u);
  EXPECT_NE(current[0].message.find("failed to decode configuration JSON at offset 15: "
                                    "encoding: invalid UTF-8"),
            std::string::npos)
      << current[0].message;
  EXPECT_TRUE(scan(bytes, "20.10").empty());  // Go's decoder turns it into U+FFFD
}

TEST(Encoding, EncodingErrorComesBeforeSyntaxErrors) {
  // dockerd validates the bytes before it parses: the JSON error after them is not reached.
  const auto found = scan("{\"labels\": [\"\xFF\"] // comment\n}", "29.7");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("invalid UTF-8"), std::string::npos);
}

}  // namespace
}  // namespace dl
