// The machine-readable report formats: JSON, GitHub workflow commands, GitLab Code Quality,
// JUnit, Checkstyle.
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

// Two findings on one file, the first suppressed in the file, and one on a second file
// suppressed from outside.
ScanResult with_suppressed() {
  ScanResult result = scan_buffers({{"a/etc/docker/daemon.json", kExposed, std::nullopt},
                                    {"b/etc/docker/daemon.json", kExposed, std::nullopt}},
                                   EngineOptions{});
  for (Finding& finding : result.findings) {
    const std::string& path = result.file(finding.span.file).path;
    if (finding.rule_id == "DE101" && path.starts_with("a/")) {
      finding.suppression = Suppression{Suppression::Kind::InSource, "behind a firewall"};
    }
    if (path.starts_with("b/")) {
      finding.suppression = Suppression{Suppression::Kind::External, "baseline"};
    }
  }
  return result;
}

std::size_t unsuppressed(const ScanResult& result) {
  std::size_t n = 0;
  for (const Finding& finding : result.findings) n += finding.suppressed() ? 0 : 1;
  return n;
}

TEST(ReportFormatsSuppressed, GithubLeavesThemOut) {
  const ScanResult result = with_suppressed();
  ASSERT_GT(unsuppressed(result), 0u);
  ASSERT_LT(unsuppressed(result), result.findings.size());
  const std::string out = format_github(result);
  EXPECT_EQ(lines_of(out).size(), unsuppressed(result)) << out;
  EXPECT_EQ(out.find("b/etc"), std::string::npos) << out;
  EXPECT_EQ(out.find("DE101"), std::string::npos) << out;
}

TEST(ReportFormatsSuppressed, GitlabLeavesThemOut) {
  const ScanResult result = with_suppressed();
  const auto issues = nlohmann::json::parse(format_gitlab(result));
  ASSERT_EQ(issues.size(), unsuppressed(result));
  for (const auto& issue : issues) {
    EXPECT_EQ(issue["location"]["path"], "a/etc/docker/daemon.json");
    EXPECT_NE(issue["check_name"], "DE101");
  }
}

TEST(ReportFormatsSuppressed, JunitLeavesThemOutOfCasesAndCounts) {
  const ScanResult result = with_suppressed();
  const std::string xml = format_junit(result);
  const std::string n = std::to_string(unsuppressed(result));
  EXPECT_NE(xml.find("tests=\"" + n + "\" failures=\"" + n + "\""), std::string::npos) << xml;
  EXPECT_EQ(count(xml, "<testcase "), unsuppressed(result));
  EXPECT_EQ(xml.find("b/etc"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("DE101"), std::string::npos) << xml;
}

TEST(ReportFormatsSuppressed, CheckstyleLeavesThemOut) {
  const ScanResult result = with_suppressed();
  const std::string xml = format_checkstyle(result);
  EXPECT_EQ(count(xml, "<error "), unsuppressed(result));
  EXPECT_EQ(count(xml, "<file "), 1u);  // b/ had only suppressed findings
  EXPECT_EQ(xml.find("dockerd-lint.DE101"), std::string::npos) << xml;
}

TEST(ReportFormatsSuppressed, AllSuppressedIsAnEmptyReport) {
  ScanResult result = scan_exposed();
  for (Finding& finding : result.findings) finding.suppression = Suppression{};
  EXPECT_EQ(format_github(result), "");
  EXPECT_EQ(nlohmann::json::parse(format_gitlab(result)).size(), 0u);
  EXPECT_NE(format_junit(result).find("tests=\"0\" failures=\"0\""), std::string::npos);
  EXPECT_EQ(count(format_checkstyle(result), "<file "), 0u);
}

std::vector<std::string> keys_of(const nlohmann::ordered_json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

using Keys = std::vector<std::string>;

// A hand-built result whose every field is known: a 3-byte character before the span so
// columns (code points) and byte offsets differ, a related location in another file, both
// kinds of suppression, and two skipped paths.
ScanResult json_fixture() {
  ScanResult result;
  result.files.emplace_back(0, "etc/docker/daemon.json",
                            "{\n  \"€\": 1, \"hosts\": [\"tcp://0.0.0.0:2375\"]\n}\n");
  result.files.emplace_back(1, "lib/systemd/system/docker.service",
                            "[Service]\nExecStart=/usr/bin/dockerd\n");
  Finding de101;
  de101.rule_id = "DE101";
  de101.level = Level::Error;
  de101.message = "no TLS \xff";
  de101.span = {0, 25, 43};  // line 2: `  "€": 1, "hosts": ["` is 23 bytes, 21 code points
  de101.related.push_back({{1, 10, 36}, "started here"});
  de101.related.push_back({{0, 0, 1}, "no \"tlsverify\""});
  Finding de103 = de101;
  de103.rule_id = "DE103";
  de103.level = Level::Warning;
  de103.message = "all interfaces";
  de103.related.clear();
  de103.suppression = Suppression{Suppression::Kind::InSource, "firewalled \xfe"};
  Finding de105 = de103;
  de105.rule_id = "DE105";
  de105.level = Level::Note;
  de105.message = "port";
  de105.span = {0, 39, 43};
  de105.suppression = Suppression{Suppression::Kind::External, "baseline"};
  Finding de104 = de105;
  de104.rule_id = "DE104";
  de104.level = Level::Warning;
  de104.suppression.reset();
  result.findings = {de101, de103, de104, de105};
  result.problems.push_back({"big/daemon.json", "too large", false});
  result.problems.push_back({"gone.json", "cannot read \xff", true});
  result.files_scanned = 2;
  result.engine_version = "29.7";
  return result;
}

TEST(ReportFormatsJson, TopLevelFieldsInOrder) {
  const auto doc = nlohmann::ordered_json::parse(format_json(json_fixture(), "1.2.3"));
  EXPECT_EQ(keys_of(doc), (Keys{"schema_version", "tool", "version", "engine_version",
                                "files_scanned", "summary", "findings", "problems"}));
  EXPECT_EQ(doc["schema_version"], 1);
  EXPECT_EQ(doc["schema_version"], kJsonSchemaVersion);
  EXPECT_EQ(doc["tool"], "dockerd-lint");
  EXPECT_EQ(doc["version"], "1.2.3");
  EXPECT_EQ(doc["engine_version"], "29.7");
  EXPECT_EQ(doc["files_scanned"], 2);
  EXPECT_EQ(doc["findings"].size(), 4u);  // suppressed ones included
}

TEST(ReportFormatsJson, SummaryCountsUnsuppressedFindings) {
  const auto doc = nlohmann::ordered_json::parse(format_json(json_fixture(), "1.2.3"));
  const auto& summary = doc["summary"];
  EXPECT_EQ(keys_of(summary),
            (Keys{"files_scanned", "findings", "suppressed", "by_level", "by_rule"}));
  EXPECT_EQ(summary["files_scanned"], 2);
  EXPECT_EQ(summary["findings"], 2);
  EXPECT_EQ(summary["suppressed"], 2);
  EXPECT_EQ(summary["by_level"],
            nlohmann::ordered_json::parse(R"({"error": 1, "warning": 1, "note": 0})"));
  EXPECT_EQ(summary["by_rule"], nlohmann::ordered_json::parse(R"({"DE101": 1, "DE104": 1})"));
}

TEST(ReportFormatsJson, EmptyScanSummary) {
  const auto doc = nlohmann::ordered_json::parse(format_json(ScanResult{}, "1.2.3"));
  EXPECT_EQ(doc["files_scanned"], 0);
  EXPECT_EQ(doc["summary"], nlohmann::ordered_json::parse(
                                R"({"files_scanned": 0, "findings": 0, "suppressed": 0,
                                    "by_level": {"error": 0, "warning": 0, "note": 0},
                                    "by_rule": {}})"));
  EXPECT_TRUE(doc["summary"]["by_rule"].is_object());
  EXPECT_TRUE(doc["findings"].is_array());
  EXPECT_TRUE(doc["problems"].is_array());
  EXPECT_EQ(doc["findings"].size(), 0u);
}

TEST(ReportFormatsJson, FindingFields) {
  const auto doc = nlohmann::ordered_json::parse(format_json(json_fixture(), "1.2.3"));
  const auto& f = doc["findings"][0];
  EXPECT_EQ(keys_of(f), (Keys{"rule_id", "rule_name", "level", "message", "path", "line", "column",
                              "end_line", "end_column", "byte_offset", "byte_length", "related"}));
  EXPECT_EQ(f["rule_id"], "DE101");
  EXPECT_EQ(f["rule_name"], "tcp-without-tls");
  EXPECT_EQ(f["level"], "error");
  EXPECT_EQ(f["message"], "no TLS \xef\xbf\xbd");  // invalid UTF-8 becomes U+FFFD
  EXPECT_EQ(f["path"], "etc/docker/daemon.json");
  EXPECT_EQ(f["line"], 2);
  EXPECT_EQ(f["column"], 22);  // code points: the 3-byte € counts once
  EXPECT_EQ(f["end_line"], 2);
  EXPECT_EQ(f["end_column"], 40);  // exclusive
  EXPECT_EQ(f["byte_offset"], 25);
  EXPECT_EQ(f["byte_length"], 18);
  EXPECT_FALSE(f.contains("suppression"));
  EXPECT_EQ(doc["findings"][1]["level"], "warning");
  EXPECT_EQ(doc["findings"][3]["level"], "note");
  EXPECT_EQ(doc["findings"][3]["rule_name"], "tls-port-mismatch");
}

TEST(ReportFormatsJson, RelatedLocations) {
  const auto doc = nlohmann::ordered_json::parse(format_json(json_fixture(), "1.2.3"));
  const auto& related = doc["findings"][0]["related"];
  ASSERT_EQ(related.size(), 2u);
  EXPECT_EQ(keys_of(related[0]), (Keys{"path", "line", "column", "end_line", "end_column",
                                       "byte_offset", "byte_length", "message"}));
  EXPECT_EQ(related[0], nlohmann::ordered_json::parse(R"({
      "path": "lib/systemd/system/docker.service", "line": 2, "column": 1, "end_line": 2,
      "end_column": 27, "byte_offset": 10, "byte_length": 26, "message": "started here"})"));
  EXPECT_EQ(related[1]["path"], "etc/docker/daemon.json");
  EXPECT_EQ(related[1]["line"], 1);
  EXPECT_EQ(related[1]["column"], 1);
  EXPECT_EQ(related[1]["message"], "no \"tlsverify\"");
  EXPECT_TRUE(doc["findings"][1]["related"].is_array());
  EXPECT_EQ(doc["findings"][1]["related"].size(), 0u);
}

TEST(ReportFormatsJson, SuppressionObjectOnlyOnSuppressedFindings) {
  const auto doc = nlohmann::ordered_json::parse(format_json(json_fixture(), "1.2.3"));
  const auto& findings = doc["findings"];
  EXPECT_EQ(keys_of(findings[1]).back(), "suppression");
  EXPECT_EQ(findings[1]["suppression"],
            nlohmann::ordered_json::parse(
                R"({"kind": "inSource", "justification": "firewalled \ufffd"})"));
  EXPECT_EQ(keys_of(findings[1]["suppression"]), (Keys{"kind", "justification"}));
  EXPECT_EQ(findings[3]["suppression"],
            nlohmann::ordered_json::parse(R"({"kind": "external", "justification": "baseline"})"));
  EXPECT_FALSE(findings[0].contains("suppression"));
  EXPECT_FALSE(findings[2].contains("suppression"));
}

TEST(ReportFormatsJson, Problems) {
  const auto doc = nlohmann::ordered_json::parse(format_json(json_fixture(), "1.2.3"));
  ASSERT_EQ(doc["problems"].size(), 2u);
  EXPECT_EQ(keys_of(doc["problems"][0]), (Keys{"path", "message", "error"}));
  EXPECT_EQ(doc["problems"][0], nlohmann::ordered_json::parse(
                                    R"({"path": "big/daemon.json", "message": "too large",
                                        "error": false})"));
  EXPECT_EQ(doc["problems"][1]["message"], "cannot read \ufffd");
  EXPECT_EQ(doc["problems"][1]["error"], true);
}

TEST(ReportFormatsJson, ScannedSuppressedFindingsStayInTheDocument) {
  const ScanResult result = with_suppressed();
  const auto doc = nlohmann::json::parse(format_json(result, "x"));
  ASSERT_EQ(doc["findings"].size(), result.findings.size());
  std::size_t marked = 0;
  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    EXPECT_EQ(doc["findings"][i].contains("suppression"), result.findings[i].suppressed());
    marked += doc["findings"][i].contains("suppression") ? 1 : 0;
  }
  EXPECT_EQ(doc["summary"]["suppressed"], marked);
  EXPECT_EQ(doc["summary"]["findings"], unsuppressed(result));
  EXPECT_FALSE(doc["summary"]["by_rule"].contains("DE101"));
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
