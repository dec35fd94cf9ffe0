// The CI report formats: GitHub workflow commands, GitLab Code Quality, JUnit, Checkstyle.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "linter/core/utf8.h"
#include "linter/engine/engine.h"
#include "linter/engine/report.h"

namespace dl {
namespace {

namespace fs = std::filesystem;

constexpr const char* kExposed = "{\n  \"hosts\": [\"tcp://0.0.0.0:2375\"]\n}\n";

ScanResult scan_exposed(const std::string& text = kExposed) {
  return scan_buffers({{"etc/docker/daemon.json", text, std::nullopt}}, EngineOptions{});
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// A hand-built result whose message holds every byte value, and whose path needs escaping.
std::string every_byte() {
  std::string bytes;
  for (int b = 0; b < 256; ++b) bytes += static_cast<char>(b);
  return bytes;
}

ScanResult hand_built(const std::string& message, Level level = Level::Error,
                      const std::string& path = "dir,x:y/daemon.json") {
  ScanResult result;
  result.files.emplace_back(0, path, "{\"hosts\": [\"tcp://0.0.0.0:2375\"]}\n");
  Finding finding;
  finding.rule_id = "DE101";
  finding.level = level;
  finding.message = message;
  finding.span = {0, 12, 32};
  result.findings.push_back(finding);
  result.files_scanned = 1;
  return result;
}

// What XML 1.0 forbids: control characters other than tab, LF, CR, and invalid UTF-8.
void expect_xml_safe(const std::string& xml) {
  EXPECT_TRUE(utf8::is_valid(xml));
  for (const char c : xml) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_FALSE(byte < 0x20 && c != '\t' && c != '\n' && c != '\r') << int(byte);
  }
}

// Every `<`, `&` and quote in the text must belong to markup or an entity.
void expect_special_characters_escaped(const std::string& xml) {
  EXPECT_NE(xml.find("&lt;&amp;&gt;&quot;&apos;"), std::string::npos) << xml;
  for (std::size_t at = xml.find('&'); at != std::string::npos; at = xml.find('&', at + 1)) {
    const auto semicolon = xml.find(';', at);
    ASSERT_NE(semicolon, std::string::npos);
    const std::string entity = xml.substr(at, semicolon - at + 1);
    EXPECT_TRUE(entity == "&lt;" || entity == "&gt;" || entity == "&amp;" || entity == "&quot;" ||
                entity == "&apos;" || entity == "&#9;" || entity == "&#10;" || entity == "&#13;")
        << entity;
  }
}

const std::string kNasty = "100% a,b: c\nd\re <&>\"' \x01\x1b[31m";

TEST(ReportFormatsGithub, OneCommandPerFindingWithRuleTitleAndColumns) {
  const ScanResult result = scan_exposed();
  ASSERT_GE(result.findings.size(), 2u);
  const auto lines = lines_of(format_github(result));
  ASSERT_EQ(lines.size(), result.findings.size());
  bool saw101 = false;
  bool saw103 = false;
  for (const std::string& line : lines) {
    EXPECT_EQ(line.rfind("::", 0), 0u) << line;
    EXPECT_NE(line.find(" file=etc/docker/daemon.json,line=2,col="), std::string::npos) << line;
    EXPECT_NE(line.find(",endLine="), std::string::npos) << line;
    EXPECT_NE(line.find(",endColumn="), std::string::npos) << line;
    saw101 = saw101 || line.find(",title=DE101 tcp-without-tls::") != std::string::npos;
    saw103 = saw103 || line.find(",title=DE103 ") != std::string::npos;
  }
  EXPECT_TRUE(saw101);
  EXPECT_TRUE(saw103);
  // `"tcp://0.0.0.0:2375"` starts at column 14 of line 2 (the quote) or 15 (the value).
  const std::string& first = lines.front();
  const auto col = first.find(",col=");
  const int column = std::atoi(first.c_str() + col + 5);
  EXPECT_TRUE(column == 14 || column == 15) << first;
}

TEST(ReportFormatsGithub, LevelsMapToCommands) {
  EXPECT_EQ(format_github(hand_built("m", Level::Error)).rfind("::error ", 0), 0u);
  EXPECT_EQ(format_github(hand_built("m", Level::Warning)).rfind("::warning ", 0), 0u);
  EXPECT_EQ(format_github(hand_built("m", Level::Note)).rfind("::notice ", 0), 0u);
}

TEST(ReportFormatsGithub, EscapesDataAndProperties) {
  const std::string out = format_github(hand_built(kNasty));
  EXPECT_EQ(out,
            "::error file=dir%2Cx%3Ay/daemon.json,line=1,col=13,endLine=1,endColumn=33,"
            "title=DE101 tcp-without-tls::100%25 a,b: c%0Ad%0De <&>\"' \x01\x1b[31m\n");
  EXPECT_EQ(count(out, "\n"), 1u);
}

TEST(ReportFormatsGithub, ColumnsCountCodePoints) {
  ScanResult result;
  result.files.emplace_back(0, "daemon.json", "{\"é€😀\": \"x\"}\n");
  Finding finding;
  finding.rule_id = "DE101";
  finding.message = "m";
  finding.span = {0, 14, 17};  // `"x"`, after 8 code points in 14 bytes
  result.findings.push_back(finding);
  EXPECT_NE(format_github(result).find(",line=1,col=9,endLine=1,endColumn=12,"), std::string::npos)
      << format_github(result);
}

TEST(ReportFormatsGithub, ProblemsBecomeWarningsOrErrors) {
  ScanResult result;
  result.problems.push_back({"big,file.json", "larger than 10 bytes", false});
  result.problems.push_back({"gone.json", "cannot read:\nvanished", true});
  EXPECT_EQ(format_github(result),
            "::warning file=big%2Cfile.json::skipped: larger than 10 bytes\n"
            "::error file=gone.json::skipped: cannot read:%0Avanished\n");
}

TEST(ReportFormatsGitlab, CodeQualityIssues) {
  const ScanResult result = scan_exposed();
  const auto issues = nlohmann::json::parse(format_gitlab(result));
  ASSERT_TRUE(issues.is_array());
  ASSERT_EQ(issues.size(), result.findings.size());
  std::set<std::string> fingerprints;
  for (std::size_t i = 0; i < issues.size(); ++i) {
    const auto& issue = issues[i];
    EXPECT_EQ(issue["description"], result.findings[i].message);
    EXPECT_EQ(issue["check_name"], result.findings[i].rule_id);
    const std::string fingerprint = issue["fingerprint"];
    EXPECT_EQ(fingerprint.size(), 16u);
    EXPECT_EQ(fingerprint.find_first_not_of("0123456789abcdef"), std::string::npos);
    fingerprints.insert(fingerprint);
    EXPECT_EQ(issue["location"]["path"], "etc/docker/daemon.json");
    EXPECT_EQ(issue["location"]["positions"]["begin"]["line"], 2);
    EXPECT_GE(issue["location"]["positions"]["begin"]["column"], 1);
    EXPECT_EQ(issue["location"]["positions"]["end"]["line"], 2);
    const std::string severity = issue["severity"];
    EXPECT_EQ(severity, result.findings[i].level == Level::Error     ? "critical"
                        : result.findings[i].level == Level::Warning ? "major"
                                                                     : "info");
  }
  EXPECT_EQ(fingerprints.size(), issues.size());
}

TEST(ReportFormatsGitlab, FingerprintsIgnoreLineNumbers) {
  const auto before = nlohmann::json::parse(format_gitlab(scan_exposed()));
  const auto after = nlohmann::json::parse(format_gitlab(
      scan_exposed("\n\n{\n  \"debug\": true,\n  \"hosts\": [\"tcp://0.0.0.0:2375\"]\n}\n")));
  ASSERT_EQ(before.size(), after.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    EXPECT_NE(before[i]["location"]["positions"]["begin"]["line"],
              after[i]["location"]["positions"]["begin"]["line"]);
    EXPECT_EQ(before[i]["fingerprint"], after[i]["fingerprint"]);
  }
}

TEST(ReportFormatsGitlab, SeveritiesAndEveryByteInMessages) {
  EXPECT_EQ(nlohmann::json::parse(format_gitlab(hand_built("m", Level::Note)))[0]["severity"],
            "info");
  EXPECT_EQ(nlohmann::json::parse(format_gitlab(hand_built("m", Level::Warning)))[0]["severity"],
            "major");
  const auto issues = nlohmann::json::parse(format_gitlab(hand_built(every_byte())));
  EXPECT_EQ(issues[0]["description"], utf8::sanitize(every_byte()));
  EXPECT_EQ(issues[0]["location"]["path"], "dir,x:y/daemon.json");
}

TEST(ReportFormatsJunit, OneFailingTestcasePerFinding) {
  const ScanResult result = scan_exposed();
  const std::string xml = format_junit(result);
  const std::string n = std::to_string(result.findings.size());
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0), 0u);
  EXPECT_EQ(count(xml, "<testsuite "), 1u);
  EXPECT_NE(xml.find("<testsuite name=\"dockerd-lint\" tests=\"" + n + "\" failures=\"" + n +
                     "\" errors=\"0\""),
            std::string::npos)
      << xml;
  EXPECT_EQ(count(xml, "<testcase "), result.findings.size());
  EXPECT_EQ(count(xml, "</testcase>"), result.findings.size());
  EXPECT_EQ(count(xml, "<failure "), result.findings.size());
  EXPECT_NE(xml.find("<testcase classname=\"etc/docker/daemon.json\" name=\"DE101 "
                     "tcp-without-tls 2:"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("type=\"error\">"), std::string::npos);
  EXPECT_EQ(xml.substr(xml.size() - 13), "</testsuite>\n");
}

TEST(ReportFormatsJunit, EscapesAndDropsForbiddenCharacters) {
  const std::string xml = format_junit(hand_built(kNasty + every_byte()));
  expect_xml_safe(xml);
  expect_special_characters_escaped(xml);
  EXPECT_NE(xml.find("message=\"100% a,b: c&#10;d&#13;e &lt;&amp;&gt;&quot;&apos; [31m"),
            std::string::npos)
      << xml;
  EXPECT_EQ(count(xml, "<failure "), 1u);
}

TEST(ReportFormatsJunit, EmptyResultIsAnEmptySuite) {
  const std::string xml = format_junit(ScanResult{});
  EXPECT_NE(xml.find("tests=\"0\" failures=\"0\""), std::string::npos);
  EXPECT_EQ(count(xml, "<testcase"), 0u);
}

TEST(ReportFormatsCheckstyle, FindingsGroupedByFile) {
  const ScanResult result = scan_buffers({{"a/etc/docker/daemon.json", kExposed, std::nullopt},
                                          {"b/etc/docker/daemon.json", kExposed, std::nullopt}},
                                         EngineOptions{});
  const std::string xml = format_checkstyle(result);
  EXPECT_EQ(
      xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n", 0),
      0u)
      << xml;
  EXPECT_EQ(count(xml, "<file "), 2u);
  EXPECT_EQ(count(xml, "<file name=\"a/etc/docker/daemon.json\">"), 1u);
  EXPECT_EQ(count(xml, "<file name=\"b/etc/docker/daemon.json\">"), 1u);
  EXPECT_EQ(count(xml, "<error "), result.findings.size());
  EXPECT_NE(xml.find("<error line=\"2\" column=\""), std::string::npos);
  EXPECT_NE(xml.find("source=\"dockerd-lint.DE101\"/>"), std::string::npos);
  EXPECT_NE(xml.find("source=\"dockerd-lint.DE103\"/>"), std::string::npos);
  // Every error of a file sits between its <file> and </file>.
  const auto a = xml.find("<file name=\"a/");
  const auto b = xml.find("<file name=\"b/");
  EXPECT_EQ(count(xml.substr(a, b - a), "<error "), result.findings.size() / 2);
  EXPECT_EQ(xml.substr(xml.size() - 14), "</checkstyle>\n");
}

TEST(ReportFormatsCheckstyle, SeveritiesAndEscaping) {
  EXPECT_NE(format_checkstyle(hand_built("m", Level::Note)).find("severity=\"info\""),
            std::string::npos);
  EXPECT_NE(format_checkstyle(hand_built("m", Level::Warning)).find("severity=\"warning\""),
            std::string::npos);
  const std::string xml =
      format_checkstyle(hand_built(kNasty + every_byte(), Level::Error, "a&b<c>.json"));
  expect_xml_safe(xml);
  expect_special_characters_escaped(xml);
  EXPECT_NE(xml.find("<file name=\"a&amp;b&lt;c&gt;.json\">"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<error line=\"1\" column=\"13\" severity=\"error\" message=\"100% a,b: "
                     "c&#10;d&#13;e &lt;&amp;&gt;&quot;&apos; [31m"),
            std::string::npos)
      << xml;
}

// The binary, end to end (DL_BINARY, as in cli_test.cpp).
class ReportFormatsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("dockerd-lint-formats-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "etc/docker");
    std::ofstream(dir_ / "etc/docker/daemon.json", std::ios::binary) << kExposed;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  static std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  // Returns the exit code; stdout lands in `out`.
  int run(const std::string& args, std::string& out) {
    const fs::path stdout_path = dir_ / ".stdout";
    const std::string command = "cd '" + dir_.string() + "' && '" + DL_BINARY + "' " + args +
                                " >'" + stdout_path.string() + "' 2>/dev/null";
    const int status = std::system(command.c_str());
    out = slurp(stdout_path);
    fs::remove(stdout_path);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  fs::path dir_;
};

TEST_F(ReportFormatsCli, GithubFormat) {
  std::string out;
  EXPECT_EQ(run("check -f github etc/docker/daemon.json", out), 1);
  EXPECT_EQ(out.rfind("::error file=etc/docker/daemon.json,line=2,", 0), 0u) << out;
  EXPECT_NE(out.find("title=DE101 tcp-without-tls::"), std::string::npos) << out;
}

TEST_F(ReportFormatsCli, GitlabFormat) {
  std::string out;
  EXPECT_EQ(run("check --format gitlab .", out), 1);
  const auto issues = nlohmann::json::parse(out);
  ASSERT_GE(issues.size(), 2u);
  EXPECT_EQ(issues[0]["location"]["path"], "etc/docker/daemon.json");
}

TEST_F(ReportFormatsCli, JunitFormat) {
  std::string out;
  EXPECT_EQ(run("check -f junit .", out), 1);
  EXPECT_NE(out.find("<testsuite name=\"dockerd-lint\""), std::string::npos) << out;
  EXPECT_NE(out.find("<failure "), std::string::npos) << out;
}

TEST_F(ReportFormatsCli, CheckstyleFormatWrittenWithOutputOption) {
  std::string out;
  EXPECT_EQ(run("check -f checkstyle -o report.xml .", out), 1);
  EXPECT_EQ(out, "");
  const std::string xml = slurp(dir_ / "report.xml");
  EXPECT_NE(xml.find("<checkstyle version=\"4.3\">"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<file name=\"etc/docker/daemon.json\">"), std::string::npos) << xml;
}

TEST_F(ReportFormatsCli, UnknownFormatIsAUsageError) {
  std::string out;
  EXPECT_EQ(run("check -f teamcity .", out), 2);
}

}  // namespace
}  // namespace dl
