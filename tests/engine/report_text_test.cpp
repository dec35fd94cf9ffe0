// The text report: grouping by file, the summary by rule, the closing line, colour.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "linter/engine/engine.h"
#include "linter/engine/report.h"

namespace dl {
namespace {

constexpr const char* kExposed = "{\n  \"hosts\": [\"tcp://0.0.0.0:2375\"]\n}\n";
constexpr Span kValue{0, 15, 33};  // tcp://0.0.0.0:2375 on line 2, column 14

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

Finding make_finding(std::string rule_id, Level level, std::string message, FileId file,
                     Span span = kValue) {
  Finding finding;
  finding.rule_id = std::move(rule_id);
  finding.level = level;
  finding.message = std::move(message);
  finding.span = {file, span.begin, span.end};
  return finding;
}

// Two files, listed out of path order on purpose (file ids do not decide the order); their
// findings in report order, path first, as the engine gives them.
ScanResult two_files() {
  ScanResult result;
  result.files.emplace_back(0, "b/daemon.json", kExposed);
  result.files.emplace_back(1, "a/etc/docker/daemon.json", kExposed);
  result.findings.push_back(make_finding("DE101", Level::Error, "a: no TLS", 1));
  result.findings.push_back(make_finding("DE105", Level::Note, "a: port 2375", 1, {1, 29, 33}));
  Finding b101 = make_finding("DE101", Level::Error, "b: no TLS", 0);
  b101.related.push_back({{0, 0, 1}, "no \"tlsverify\": true here"});
  result.findings.push_back(b101);
  result.findings.push_back(make_finding("DE103", Level::Warning, "b: all interfaces", 0));
  result.files_scanned = 2;
  result.engine_version = "29.7";
  return result;
}

// Removes the SGR sequences the reporter writes (and only those), so that any ESC left over
// came from elsewhere.
std::string strip_own_sgr(std::string text) {
  for (const char* sgr :
       {"\x1b[0m", "\x1b[1m", "\x1b[34m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[1;36m"}) {
    const std::string needle = sgr;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at)) {
      text.erase(at, needle.size());
    }
  }
  return text;
}

TEST(ReportText, TwoFilesGroupedInPathOrderWithSummaryByRule) {
  EXPECT_EQ(format_text(two_files()),
            "a/etc/docker/daemon.json (2 findings)\n"
            "a/etc/docker/daemon.json:2:14: error[DE101/tcp-without-tls] a: no TLS\n"
            "      \"hosts\": [\"tcp://0.0.0.0:2375\"]\n"
            "                 ^^^^^^^^^^^^^^^^^^\n"
            "a/etc/docker/daemon.json:2:28: note[DE105/tls-port-mismatch] a: port 2375\n"
            "      \"hosts\": [\"tcp://0.0.0.0:2375\"]\n"
            "                               ^^^^\n"
            "\n"
            "b/daemon.json (2 findings)\n"
            "b/daemon.json:2:14: error[DE101/tcp-without-tls] b: no TLS\n"
            "      \"hosts\": [\"tcp://0.0.0.0:2375\"]\n"
            "                 ^^^^^^^^^^^^^^^^^^\n"
            "  note: b/daemon.json:1:1: no \"tlsverify\": true here\n"
            "b/daemon.json:2:14: warning[DE103/all-interfaces-bind] b: all interfaces\n"
            "      \"hosts\": [\"tcp://0.0.0.0:2375\"]\n"
            "                 ^^^^^^^^^^^^^^^^^^\n"
            "\n"
            "Findings by rule:\n"
            "  DE101  tcp-without-tls      2\n"
            "  DE103  all-interfaces-bind  1\n"
            "  DE105  tls-port-mismatch    1\n"
            "\n"
            "2 files scanned, 4 findings (2 error, 1 warning, 1 note) [engine 29.7]\n");
}

TEST(ReportText, WithoutSourceTheFramesGoButNotTheRelatedLocations) {
  EXPECT_EQ(format_text(two_files(), {.show_source = false}),
            "a/etc/docker/daemon.json (2 findings)\n"
            "a/etc/docker/daemon.json:2:14: error[DE101/tcp-without-tls] a: no TLS\n"
            "a/etc/docker/daemon.json:2:28: note[DE105/tls-port-mismatch] a: port 2375\n"
            "\n"
            "b/daemon.json (2 findings)\n"
            "b/daemon.json:2:14: error[DE101/tcp-without-tls] b: no TLS\n"
            "  note: b/daemon.json:1:1: no \"tlsverify\": true here\n"
            "b/daemon.json:2:14: warning[DE103/all-interfaces-bind] b: all interfaces\n"
            "\n"
            "Findings by rule:\n"
            "  DE101  tcp-without-tls      2\n"
            "  DE103  all-interfaces-bind  1\n"
            "  DE105  tls-port-mismatch    1\n"
            "\n"
            "2 files scanned, 4 findings (2 error, 1 warning, 1 note) [engine 29.7]\n");
}

TEST(ReportText, ScannedFilesAreGroupedUnderTheirHeaders) {
  const ScanResult result = scan_buffers({{"z/etc/docker/daemon.json", kExposed, std::nullopt},
                                          {"m/etc/docker/daemon.json", kExposed, std::nullopt}},
                                         EngineOptions{});
  ASSERT_GE(result.findings.size(), 4u);
  const std::string out = format_text(result, {.show_source = false});
  const auto m = out.find("m/etc/docker/daemon.json (");
  const auto z = out.find("z/etc/docker/daemon.json (");
  ASSERT_NE(m, std::string::npos) << out;
  ASSERT_NE(z, std::string::npos) << out;
  EXPECT_EQ(m, 0u) << out;
  EXPECT_LT(m, z);
  const std::string m_group = out.substr(m, z - m);
  const std::string z_group = out.substr(z, out.find("\nFindings by rule:") - z);
  EXPECT_EQ(count(m_group, "\nm/etc/docker/daemon.json:2:"), result.findings.size() / 2) << out;
  EXPECT_EQ(count(m_group, "z/"), 0u) << out;
  EXPECT_EQ(count(z_group, "\nz/etc/docker/daemon.json:2:"), result.findings.size() / 2) << out;
  EXPECT_EQ(count(z_group, "m/"), 0u) << out;
  EXPECT_EQ(count(out, " files scanned"), 1u);
}

TEST(ReportText, HeaderCountIsSingularForOneFinding) {
  ScanResult result = two_files();
  result.findings.erase(result.findings.begin() + 1);  // a's DE105
  EXPECT_NE(format_text(result).find("a/etc/docker/daemon.json (1 finding)\n"), std::string::npos);
}

TEST(ReportText, RuleSummaryMostFrequentFirstThenById) {
  ScanResult result;
  result.files.emplace_back(0, "daemon.json", kExposed);
  for (const char* id : {"DE105", "DE103", "DE102", "DE103", "DE101", "DE102", "DE103", "DE101"}) {
    result.findings.push_back(make_finding(id, Level::Warning, "m", 0));
  }
  result.files_scanned = 1;
  result.engine_version = "29.7";
  const std::string out = format_text(result, {.show_source = false});
  EXPECT_NE(out.find("\n\nFindings by rule:\n"
                     "  DE103  all-interfaces-bind        3\n"
                     "  DE101  tcp-without-tls            2\n"
                     "  DE102  tls-without-client-verify  2\n"
                     "  DE105  tls-port-mismatch          1\n"
                     "\n"
                     "1 file scanned, 8 findings (0 error, 8 warning, 0 note) [engine 29.7]\n"),
            std::string::npos)
      << out;
}

TEST(ReportText, RuleSummaryRightAlignsCounts) {
  ScanResult result;
  result.files.emplace_back(0, "daemon.json", kExposed);
  for (int i = 0; i < 10; ++i)
    result.findings.push_back(make_finding("DE101", Level::Error, "m", 0));
  result.findings.push_back(make_finding("DE103", Level::Warning, "m", 0));
  result.files_scanned = 1;
  const std::string out = format_text(result, {.show_source = false});
  EXPECT_NE(out.find("  DE101  tcp-without-tls      10\n"
                     "  DE103  all-interfaces-bind   1\n"),
            std::string::npos)
      << out;
}

TEST(ReportText, CleanScanHasNoRuleSummary) {
  ScanResult result;
  result.files.emplace_back(0, "daemon.json", "{}\n");
  result.files_scanned = 1;
  result.engine_version = "29.7";
  EXPECT_EQ(format_text(result), "1 file scanned, 0 findings [engine 29.7]\n");
}

TEST(ReportText, ZeroFilesScannedIsSaidExplicitly) {
  ScanResult result;
  result.engine_version = "29.7";
  EXPECT_EQ(format_text(result),
            "0 files scanned: no daemon.json, systemd unit, Docker env file, shell script or "
            "carrier (Compose, Kubernetes, CI, cloud-init, Ansible, Dockerfile, Terraform) among "
            "the inputs [engine 29.7]\n");
}

TEST(ReportText, SuppressedFindingsAreCountedNotShown) {
  ScanResult result = two_files();
  result.findings[3].suppression = Suppression{Suppression::Kind::InSource, "load balancer"};
  result.findings[0].suppression = Suppression{Suppression::Kind::External, "baseline"};
  result.findings[1].suppression = Suppression{Suppression::Kind::External, "per-path-ignores"};
  const std::string out = format_text(result);
  // a/ has nothing left to show: no header.
  EXPECT_EQ(out.find("a/etc/docker/daemon.json"), std::string::npos) << out;
  EXPECT_EQ(out.find("DE103"), std::string::npos) << out;
  EXPECT_EQ(out.find("DE105"), std::string::npos) << out;
  EXPECT_EQ(out.rfind("b/daemon.json (1 finding)\n", 0), 0u) << out;
  EXPECT_NE(out.find("\nFindings by rule:\n  DE101  tcp-without-tls  1\n\n"), std::string::npos)
      << out;
  EXPECT_NE(out.find("\n2 files scanned, 1 finding (1 error, 0 warning, 0 note), 3 suppressed "
                     "[engine 29.7]\n"),
            std::string::npos)
      << out;
}

TEST(ReportText, OnlySuppressedFindings) {
  ScanResult result = two_files();
  for (Finding& finding : result.findings) finding.suppression = Suppression{};
  EXPECT_EQ(format_text(result), "2 files scanned, 0 findings, 4 suppressed [engine 29.7]\n");
}

TEST(ReportText, NoEscapeByteWithoutColour) {
  const std::string out = format_text(two_files());
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
}

TEST(ReportText, ColourUsesSgrAndOtherwiseKeepsTheLayout) {
  const ScanResult result = two_files();
  const std::string plain = format_text(result);
  const std::string colored = format_text(result, {.color = true});
  EXPECT_NE(colored, plain);
  // Bold headers and rule ids, levels in their colours, blue line:col, caret in the level colour.
  EXPECT_EQ(colored.rfind("\x1b[1ma/etc/docker/daemon.json\x1b[0m (2 findings)\n", 0), 0u)
      << colored;
  EXPECT_NE(colored.find("a/etc/docker/daemon.json:\x1b[34m2:14\x1b[0m: \x1b[1;31merror\x1b[0m["
                         "\x1b[1mDE101\x1b[0m/tcp-without-tls] a: no TLS\n"),
            std::string::npos)
      << colored;
  EXPECT_NE(colored.find("\x1b[1;33mwarning\x1b[0m["), std::string::npos);
  EXPECT_NE(colored.find("\x1b[1;36mnote\x1b[0m["), std::string::npos);
  EXPECT_NE(colored.find("  \x1b[1;36mnote\x1b[0m: b/daemon.json:\x1b[34m1:1\x1b[0m: "),
            std::string::npos)
      << colored;
  EXPECT_NE(colored.find("\n                 \x1b[1;31m^^^^^^^^^^^^^^^^^^\x1b[0m\n"),
            std::string::npos)
      << colored;
  EXPECT_NE(colored.find("\n                               \x1b[1;36m^^^^\x1b[0m\n"),
            std::string::npos)
      << colored;
  EXPECT_NE(colored.find("  \x1b[1mDE103\x1b[0m  all-interfaces-bind  1\n"), std::string::npos)
      << colored;
  // The same bytes once the styling is gone.
  EXPECT_EQ(strip_own_sgr(colored), plain);
  EXPECT_EQ(strip_own_sgr(format_text(result, {.show_source = false, .color = true})),
            format_text(result, {.show_source = false}));
}

TEST(ReportText, EscapesFromScannedFilesNeverReachTheTerminal) {
  const std::string hostile =
      "{\"hosts\": [\"tcp://0.0.0.0:2375\"], \"x\x1b[31m\xc2\x9b"
      "2J\x07\": 1}\n";
  for (const bool color : {false, true}) {
    ScanResult result = scan_buffers({{"daemon.json", hostile, std::nullopt}}, EngineOptions{});
    ASSERT_FALSE(result.findings.empty());
    // Also in a message, a related message, a path and a frame line of its own.
    result.files.emplace_back(static_cast<FileId>(result.files.size()), "evil\x1b]0;title\x07.json",
                              "{\"\x1b[31m\": \"tcp://0.0.0.0:2375\"}\n");
    Finding finding = make_finding("DE101", Level::Error, "msg \x1b[2J",
                                   static_cast<FileId>(result.files.size() - 1), {0, 0, 5});
    finding.related.push_back({finding.span, "related \x1b[5m"});
    result.findings.push_back(finding);
    const std::string out = format_text(result, {.color = color});
    EXPECT_EQ(out.find("\x1b[31m"), std::string::npos);
    EXPECT_EQ(out.find("\xc2\x9b"), std::string::npos);
    EXPECT_EQ(strip_own_sgr(out).find('\x1b'), std::string::npos) << out;
    EXPECT_EQ(out.find('\x07'), std::string::npos);
    EXPECT_NE(out.find("\\x1b[31m"), std::string::npos) << out;
    EXPECT_NE(out.find("\\u009b2J"), std::string::npos) << out;
    EXPECT_NE(out.find("evil\\x1b]0;title\\x07.json"), std::string::npos) << out;
    EXPECT_NE(out.find("msg \\x1b[2J"), std::string::npos) << out;
    EXPECT_NE(out.find("related \\x1b[5m"), std::string::npos) << out;
  }
}

TEST(UseColor, NeverAndAlwaysIgnoreTheEnvironment) {
  for (const bool tty : {false, true}) {
    for (const char* no_color : {static_cast<const char*>(nullptr), "", "1"}) {
      for (const char* term : {static_cast<const char*>(nullptr), "dumb", "xterm-256color"}) {
        EXPECT_FALSE(use_color(ColorMode::Never, tty, no_color, term));
        EXPECT_TRUE(use_color(ColorMode::Always, tty, no_color, term));
      }
    }
  }
}

TEST(UseColor, AutoNeedsATerminal) {
  EXPECT_TRUE(use_color(ColorMode::Auto, true, nullptr, "xterm-256color"));
  EXPECT_FALSE(use_color(ColorMode::Auto, false, nullptr, "xterm-256color"));
  EXPECT_TRUE(use_color(ColorMode::Auto, true, nullptr, nullptr));  // TERM unset: not dumb
}

TEST(UseColor, AutoHonoursNoColorOnlyWhenNotEmpty) {
  EXPECT_TRUE(use_color(ColorMode::Auto, true, "", "xterm"));
  EXPECT_FALSE(use_color(ColorMode::Auto, true, "1", "xterm"));
  EXPECT_FALSE(use_color(ColorMode::Auto, true, "0", "xterm"));  // any non-empty value
  EXPECT_TRUE(use_color(ColorMode::Always, true, "1", "xterm"));
  EXPECT_TRUE(use_color(ColorMode::Always, false, "1", "dumb"));
}

TEST(UseColor, AutoIsOffOnADumbTerminal) {
  EXPECT_FALSE(use_color(ColorMode::Auto, true, nullptr, "dumb"));
  EXPECT_FALSE(use_color(ColorMode::Auto, true, "", "dumb"));
  EXPECT_TRUE(use_color(ColorMode::Auto, true, nullptr, "dumb-ish"));
  EXPECT_TRUE(use_color(ColorMode::Auto, true, nullptr, ""));
}

}  // namespace
}  // namespace dl
