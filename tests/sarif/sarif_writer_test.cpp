// SARIF writer: columns, URIs, rule table, invocation and a golden file.
// Regenerate the golden: DOCKERD_LINT_UPDATE_GOLDEN=1 <this test binary>, then
// scripts/validate-sarif.sh tests/sarif/golden/basic.sarif.
#include "sarif/sarif_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "linter/core/utf8.h"
#include "rules/registry.h"

#ifndef DL_SOURCE_DIR
#error "DL_SOURCE_DIR must be defined (the repository root)"
#endif

namespace dl::sarif {
namespace {

using nlohmann::json;

// Line 2 holds "é" (1 unit) and "😀" (2 units) before the listener, on the same line.
constexpr std::string_view kDaemonJson =
    "{\n"
    "  \"comment\": \"\xC3\xA9 \xF0\x9F\x98\x80 ok\", \"hosts\": [\"tcp://0.0.0.0:2375\"]\n"
    "}\n";
constexpr std::string_view kUnitCrlf =
    "[Service]\r\n"
    "ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375\r\n";

std::string_view first_rule_id() {
  return rules::all_rules().front()->meta.id;
}
std::string_view last_rule_id() {
  return rules::all_rules().back()->meta.id;
}
// A registry rule by id, or `fallback` while the registry has no such rule.
std::string_view rule_or(std::string_view id, std::string_view fallback) {
  const rules::RuleDef* rule = rules::find_rule(id);
  return rule != nullptr ? rule->meta.id : fallback;
}

std::uint32_t offset_of(std::string_view text, std::string_view needle) {
  const auto at = text.find(needle);
  EXPECT_NE(at, std::string_view::npos) << needle;
  return static_cast<std::uint32_t>(at);
}

class Builder {
 public:
  FileId add_file(std::string path, std::string_view text) {
    const auto id = static_cast<FileId>(result_.files.size());
    result_.files.emplace_back(id, std::move(path), std::string(text));
    return id;
  }
  Span span(FileId file, std::uint32_t begin, std::uint32_t end) const {
    return Span{file, begin, end};
  }
  Span find(FileId file, std::string_view needle) const {
    const std::uint32_t at = offset_of(result_.files[file].text, needle);
    return Span{file, at, at + static_cast<std::uint32_t>(needle.size())};
  }
  Finding& add(std::string_view rule_id, Span where, std::string message,
               Level level = Level::Error) {
    Finding finding;
    finding.rule_id = std::string(rule_id);
    finding.level = level;
    finding.message = std::move(message);
    finding.span = where;
    result_.findings.push_back(std::move(finding));
    return result_.findings.back();
  }
  ScanResult& result() { return result_; }

 private:
  ScanResult result_;
};

json to_json(const ScanResult& result, SarifOptions options = {"0.1.0", "dockerd-lint"}) {
  const std::string text = write_sarif(result, options);
  EXPECT_TRUE(!text.empty() && text.back() == '\n') << "output ends with a newline";
  return json::parse(text);
}

const json& run_of(const json& log) {
  return log.at("runs").at(0);
}
const json& result_at(const json& log, std::size_t i) {
  return run_of(log).at("results").at(i);
}
const json& region_of(const json& result) {
  return result.at("locations").at(0).at("physicalLocation").at("region");
}

// {startLine, startColumn, endLine, endColumn}
std::array<int, 4> region_numbers(const json& region) {
  return {region.at("startLine").get<int>(), region.at("startColumn").get<int>(),
          region.at("endLine").get<int>(), region.at("endColumn").get<int>()};
}

std::array<int, 4> region_for(std::string_view text, Span span) {
  Builder b;
  const FileId file = b.add_file("f.txt", text);
  span.file = file;
  b.add(first_rule_id(), span, "m");
  return region_numbers(region_of(result_at(to_json(b.result()), 0)));
}

std::size_t utf16_units(std::string_view text) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8::sequence_length(text, i);
    units += length == 4 ? 2 : 1;
    i += length == 0 ? 1 : length;
  }
  return units;
}

// Doc strings are often raw literals with surrounding newlines; the writer drops those.
std::string trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == '\n' || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

// The fixed scan behind the golden file: every feature of the writer once. Findings are in
// the engine's order (path, offset, rule id).
ScanResult golden_scan() {
  Builder b;
  const FileId daemon = b.add_file("etc/docker/daemon.json", kDaemonJson);
  const FileId unit = b.add_file("deploy/systemd dir/d\xC3\xA4mon #1.service", kUnitCrlf);
  const std::string_view tcp_rule = rule_or("DE101", first_rule_id());
  b.add(rule_or("DE103", last_rule_id()), b.find(unit, "tcp://0.0.0.0:2375"),
        "dockerd listens on all interfaces (0.0.0.0:2375).", Level::Warning);
  b.add(rule_or("DE001", first_rule_id()), b.span(daemon, 1, 1),
        "An empty span at the end of line 1.", Level::Note);
  Finding& listener = b.add(tcp_rule, b.find(daemon, "tcp://0.0.0.0:2375"),
                            "dockerd listens on tcp://0.0.0.0:2375 without TLS.");
  listener.related.push_back({b.find(daemon, "\"hosts\""), "The listener is set here."});
  listener.related.push_back({b.find(unit, "-H"), "Another listener comes from the unit."});
  b.result().problems.push_back({"secrets/unreadable.json", "permission denied", true});
  b.result().problems.push_back({"/abs/skipped.bin", "binary file skipped", false});
  b.result().files_scanned = 2;
  b.result().engine_version = "29.7";
  return b.result();
}

TEST(SarifWriter, Utf16ColumnsAfterNonAsciiOnTheSameLine) {
  Builder b;
  const FileId file = b.add_file("daemon.json", kDaemonJson);
  b.add(first_rule_id(), b.find(file, "tcp://0.0.0.0:2375"), "m");
  const json log = to_json(b.result());
  // 35 UTF-16 units precede "tcp": a code-point count would give 35, bytes 40.
  EXPECT_EQ(region_numbers(region_of(result_at(log, 0))), (std::array<int, 4>{2, 36, 2, 54}));
}

TEST(SarifWriter, EmptySpanCoversTheCharacterItPointsAt) {
  const auto emoji = offset_of(kDaemonJson, "\xF0\x9F\x98\x80");
  EXPECT_EQ(region_for(kDaemonJson, {0, emoji, emoji}), (std::array<int, 4>{2, 17, 2, 19}));
  const auto e_acute = offset_of(kDaemonJson, "\xC3\xA9");
  EXPECT_EQ(region_for(kDaemonJson, {0, e_acute, e_acute}), (std::array<int, 4>{2, 15, 2, 16}));
  // End of a line: nothing to cover, so an insertion point on that line.
  EXPECT_EQ(region_for(kDaemonJson, {0, 1, 1}), (std::array<int, 4>{1, 2, 1, 2}));
  EXPECT_EQ(region_for("", {0, 0, 0}), (std::array<int, 4>{1, 1, 1, 1}));
  const auto size = static_cast<std::uint32_t>(kDaemonJson.size());
  EXPECT_EQ(region_for(kDaemonJson, {0, size, size}), (std::array<int, 4>{4, 1, 4, 1}));
  EXPECT_EQ(region_for("ab", {0, 2, 2}), (std::array<int, 4>{1, 3, 1, 3}));
  // Past the end clamps to the end.
  EXPECT_EQ(region_for("ab", {0, 9, 12}), (std::array<int, 4>{1, 3, 1, 3}));
}

TEST(SarifWriter, CrlfLinesKeepTerminatorsOutOfRegions) {
  const auto tcp = offset_of(kUnitCrlf, "tcp://");
  const auto cr = offset_of(kUnitCrlf, "\r\nExec");
  const auto line2 = cr + 2;
  const auto cr2 = static_cast<std::uint32_t>(kUnitCrlf.size() - 2);
  EXPECT_EQ(region_for(kUnitCrlf, {0, tcp, cr2}), (std::array<int, 4>{2, 31, 2, 49}));
  // Through "\r" / through "\r\n": still ends on line 2, right after its content.
  EXPECT_EQ(region_for(kUnitCrlf, {0, tcp, cr2 + 1}), (std::array<int, 4>{2, 31, 2, 49}));
  EXPECT_EQ(region_for(kUnitCrlf, {0, line2, cr2 + 2}), (std::array<int, 4>{2, 1, 2, 49}));
  // A span on line 1's terminator only: an insertion point at the end of line 1.
  EXPECT_EQ(region_for(kUnitCrlf, {0, cr, cr + 2}), (std::array<int, 4>{1, 10, 1, 10}));
  EXPECT_EQ(region_for(kUnitCrlf, {0, cr + 1, cr + 1}), (std::array<int, 4>{1, 10, 1, 10}));
  // Multi-line spans keep both ends.
  EXPECT_EQ(region_for(kUnitCrlf, {0, 1, tcp}), (std::array<int, 4>{1, 2, 2, 31}));
}

TEST(SarifWriter, SpanEndingAfterANewlineEndsOnItsLastLine) {
  EXPECT_EQ(region_for("ab\ncd\n", {0, 0, 3}), (std::array<int, 4>{1, 1, 1, 3}));
  EXPECT_EQ(region_for("ab\ncd\n", {0, 0, 6}), (std::array<int, 4>{1, 1, 2, 3}));
  EXPECT_EQ(region_for("ab\ncd\n", {0, 0, 4}), (std::array<int, 4>{1, 1, 2, 2}));
}

TEST(SarifWriter, RelatedLocationsAreNumberedFromOne) {
  const json log = to_json(golden_scan());
  const json& result = result_at(log, 2);
  const json& related = result.at("relatedLocations");
  ASSERT_EQ(related.size(), 2u);
  EXPECT_EQ(related[0].at("id"), 1);
  EXPECT_EQ(related[1].at("id"), 2);
  EXPECT_EQ(related[0].at("message").at("text"), "The listener is set here.");
  EXPECT_EQ(related[1].at("physicalLocation").at("artifactLocation").at("uri"),
            "deploy/systemd%20dir/d%C3%A4mon%20%231.service");
  // "-H" on the CRLF line 2, columns 28-30.
  EXPECT_EQ(region_numbers(related[1].at("physicalLocation").at("region")),
            (std::array<int, 4>{2, 28, 2, 30}));
  EXPECT_FALSE(result_at(log, 0).contains("relatedLocations"));
}

TEST(SarifWriter, UrisArePercentEncodedAndRelativeToSrcRoot) {
  Builder b;
  const FileId spaced = b.add_file("conf dir/d\xC3\xA4mon#1?.json", "{}");
  const FileId odd = b.add_file("100%/a:b[x]~_-.json", "{}");
  const FileId absolute = b.add_file("/etc/docker/daemon.json", "{}");
  for (const FileId file : {spaced, odd, absolute}) b.add(first_rule_id(), {file, 0, 1}, "m");
  const json log = to_json(b.result());
  const auto artifact = [&](std::size_t i) {
    return result_at(log, i).at("locations").at(0).at("physicalLocation").at("artifactLocation");
  };
  EXPECT_EQ(artifact(0).at("uri"), "conf%20dir/d%C3%A4mon%231%3F.json");
  EXPECT_EQ(artifact(0).at("uriBaseId"), "%SRCROOT%");
  EXPECT_EQ(artifact(1).at("uri"), "100%25/a%3Ab%5Bx%5D~_-.json");
  EXPECT_EQ(artifact(2).at("uri"), "file:///etc/docker/daemon.json");
  EXPECT_FALSE(artifact(2).contains("uriBaseId"));
  const json& base = run_of(log).at("originalUriBaseIds").at("%SRCROOT%");
  EXPECT_FALSE(base.contains("uri")) << "no machine path in the file";
}

// Files under a root given outside the working directory keep absolute display paths; their
// URIs are relative to that root (the deepest that holds them), under a base id of its own
// when the working directory has files too.
TEST(SarifWriter, AbsolutePathsUnderAnOutsideRootAreRelativeToIt) {
  Builder b;
  const FileId local = b.add_file("etc/docker/daemon.json", "{}");
  const FileId outside = b.add_file("/srv/repo/etc/docker/daemon.json", "{}");
  const FileId nested = b.add_file("/srv/repo/nested/x.json", "{}");
  const FileId elsewhere = b.add_file("/opt/x.json", "{}");
  for (const FileId file : {local, outside, nested, elsewhere}) {
    b.add(first_rule_id(), {file, 0, 1}, "m");
  }
  b.result().outside_roots = {"/srv/repo", "/srv/repo/nested"};
  const json log = to_json(b.result());
  const auto artifact = [&](std::size_t i) {
    return result_at(log, i).at("locations").at(0).at("physicalLocation").at("artifactLocation");
  };
  EXPECT_EQ(artifact(0).at("uri"), "etc/docker/daemon.json");
  EXPECT_EQ(artifact(0).at("uriBaseId"), "%SRCROOT%");
  EXPECT_EQ(artifact(1).at("uri"), "etc/docker/daemon.json");
  EXPECT_EQ(artifact(1).at("uriBaseId"), "SRCROOT2");
  EXPECT_EQ(artifact(2).at("uri"), "x.json");
  EXPECT_EQ(artifact(2).at("uriBaseId"), "SRCROOT3");
  EXPECT_EQ(artifact(3).at("uri"), "file:///opt/x.json") << "under no root: as given";
  const json& bases = run_of(log).at("originalUriBaseIds");
  EXPECT_EQ(bases.size(), 3u) << bases.dump(2);
  for (const auto& [id, base] : bases.items()) EXPECT_FALSE(base.contains("uri")) << id;

  // Only an outside root: it is %SRCROOT%.
  Builder only;
  const FileId file = only.add_file("/srv/repo/daemon.json", "{}");
  only.add(first_rule_id(), {file, 0, 1}, "m");
  only.result().outside_roots = {"/srv/repo"};
  const json single = to_json(only.result());
  const json location =
      result_at(single, 0).at("locations").at(0).at("physicalLocation").at("artifactLocation");
  EXPECT_EQ(location.at("uri"), "daemon.json");
  EXPECT_EQ(location.at("uriBaseId"), "%SRCROOT%");

  // Asked for: absolute URIs, and %SRCROOT% located at the working directory.
  const json absolute =
      json::parse(write_sarif(b.result(), {"0.1.0", "dockerd-lint"}, {true, "/home/me/checkout"}));
  EXPECT_EQ(result_at(absolute, 0)
                .at("locations")
                .at(0)
                .at("physicalLocation")
                .at("artifactLocation")
                .at("uri"),
            "file:///home/me/checkout/etc/docker/daemon.json");
  EXPECT_EQ(run_of(absolute).at("originalUriBaseIds").at("%SRCROOT%").at("uri"),
            "file:///home/me/checkout/");
}

TEST(SarifWriter, RuleIndexMatchesTheRegistry) {
  Builder b;
  const FileId file = b.add_file("daemon.json", kDaemonJson);
  for (const rules::RuleDef* rule : rules::all_rules()) {
    b.add(rule->meta.id, {file, 0, 1}, "m", rule->meta.level);
  }
  b.add("XX999", {file, 0, 1}, "not a registry rule");
  const json log = to_json(b.result());
  const json& rules_json = run_of(log).at("tool").at("driver").at("rules");
  const auto count = rules::all_rules().size();
  for (std::size_t i = 0; i < count; ++i) {
    const json& result = result_at(log, i);
    const int index = result.at("ruleIndex").get<int>();
    EXPECT_EQ(index, rules::rule_index(result.at("ruleId").get<std::string>()));
    EXPECT_EQ(rules_json.at(static_cast<std::size_t>(index)).at("id"), result.at("ruleId"));
  }
  EXPECT_FALSE(result_at(log, count).contains("ruleIndex")) << "unknown ids get no index";
}

TEST(SarifWriter, EveryRegistryRuleIsDescribedInOrder) {
  const json log = to_json(ScanResult{});
  const json& driver = run_of(log).at("tool").at("driver");
  EXPECT_EQ(driver.at("name"), "dockerd-lint");
  EXPECT_EQ(driver.at("semanticVersion"), "0.1.0");
  EXPECT_EQ(driver.at("informationUri"), "https://github.com/dockerd-lint/dockerd-lint");
  const json& rules_json = driver.at("rules");
  const auto all = rules::all_rules();
  ASSERT_EQ(rules_json.size(), all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    const rules::RuleMeta& meta = all[i]->meta;
    const json& rule = rules_json[i];
    SCOPED_TRACE(std::string(meta.id));
    EXPECT_EQ(rule.at("id"), std::string(meta.id));
    EXPECT_EQ(rule.at("name"), std::string(meta.name));
    EXPECT_EQ(rule.at("shortDescription").at("text"), std::string(meta.summary));
    const auto full = rule.at("fullDescription").at("text").get<std::string>();
    EXPECT_TRUE(utf8::is_valid(full));
    EXPECT_LE(utf16_units(full), 1024u);
    const std::string what = trimmed(meta.doc.what);
    if (utf16_units(what) <= 1024) {
      EXPECT_EQ(full, what);
    } else {
      EXPECT_EQ(full.substr(0, 40), what.substr(0, 40));
      EXPECT_EQ(full.substr(full.size() - 3), "\xE2\x80\xA6") << "cut text ends in an ellipsis";
    }
    const auto markdown = rule.at("help").at("markdown").get<std::string>();
    for (const char* heading : {"## What it does\n", "## Why is this bad?\n", "## Example\n",
                                "## Use instead\n", "## How to fix\n"}) {
      EXPECT_NE(markdown.find(heading), std::string::npos) << heading;
    }
    EXPECT_NE(markdown.find("```"), std::string::npos);
    const auto text = rule.at("help").at("text").get<std::string>();
    EXPECT_EQ(text.find("## What it does"), std::string::npos) << "help.text is plain text";
    EXPECT_NE(text.find("What it does:"), std::string::npos);
    EXPECT_EQ(rule.at("defaultConfiguration").at("level"), std::string(to_string(meta.level)));
    const json& props = rule.at("properties");
    EXPECT_EQ(props.at("precision"), "high");
    const json& tags = props.at("tags");
    EXPECT_LE(tags.size(), 10u);
    EXPECT_EQ(tags.at(0), "security");
    for (const std::string_view tag : meta.tags) {
      if (tag.starts_with("external/cwe/")) {
        EXPECT_NE(std::find(tags.begin(), tags.end(), std::string(tag)), tags.end()) << tag;
      }
    }
    if (meta.security_severity.empty()) {
      EXPECT_FALSE(props.contains("security-severity"));
      EXPECT_TRUE(props.at("problem.severity").is_string());
    } else {
      EXPECT_EQ(props.at("security-severity"), std::string(meta.security_severity));
      EXPECT_FALSE(props.contains("problem.severity"));
    }
  }
}

TEST(SarifWriter, RunShape) {
  const json log = to_json(golden_scan(), {"1.2.3", "iac"});
  EXPECT_EQ(log.at("$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(log.at("version"), "2.1.0");
  ASSERT_EQ(log.at("runs").size(), 1u);
  const json& run = run_of(log);
  EXPECT_EQ(run.at("automationDetails").at("id"), "iac/");
  EXPECT_EQ(run.at("columnKind"), "utf16CodeUnits");
  EXPECT_EQ(run.at("results").size(), 3u);
  EXPECT_EQ(result_at(log, 0).at("level"), "warning");
  EXPECT_EQ(result_at(log, 1).at("message").at("text"), "An empty span at the end of line 1.");
  const std::string text = write_sarif(golden_scan(), {"1.2.3", "iac"});
  EXPECT_EQ(text.find("partialFingerprints"), std::string::npos) << "upload-sarif adds them";
  EXPECT_EQ(text.find("\t"), std::string::npos);
  EXPECT_EQ(text.substr(0, 15), "{\n  \"$schema\": ") << "2-space indent, $schema first";
  EXPECT_FALSE(to_json(ScanResult{}, {"", ""}).at("runs").at(0).contains("automationDetails"));
}

TEST(SarifWriter, NoLineOrColumnIsZero) {
  Builder b;
  const FileId file = b.add_file("a.json", "");
  b.add(first_rule_id(), {file, 0, 0}, "m").related.push_back({{file, 0, 0}, "r"});
  const FileId crlf = b.add_file("b.service", kUnitCrlf);
  for (std::uint32_t i = 0; i <= kUnitCrlf.size(); ++i) {
    b.add(first_rule_id(), {crlf, i, i}, "m");
    b.add(first_rule_id(), {crlf, 0, i}, "m");
  }
  std::size_t checked = 0;
  const std::function<void(const json&)> walk = [&](const json& node) {
    if (node.is_object()) {
      for (const auto& [key, value] : node.items()) {
        if (key == "startLine" || key == "startColumn" || key == "endLine" || key == "endColumn") {
          EXPECT_GE(value.get<int>(), 1) << key;
          ++checked;
        }
        walk(value);
      }
    } else if (node.is_array()) {
      for (const json& child : node) walk(child);
    }
  };
  const json log = to_json(b.result());
  walk(log);
  EXPECT_GT(checked, 4 * kUnitCrlf.size());
  for (const json& result : run_of(log).at("results")) {
    const auto r = region_numbers(region_of(result));
    EXPECT_TRUE(r[2] > r[0] || (r[2] == r[0] && r[3] >= r[1])) << result.dump();
  }
}

TEST(SarifWriter, ExecutionSuccessfulUnlessAProblemIsAnError) {
  ScanResult clean;
  clean.problems.push_back({"/abs/skipped.bin", "binary file skipped", false});
  const json ok = run_of(to_json(clean)).at("invocations").at(0);
  EXPECT_EQ(ok.at("executionSuccessful"), true);
  const json& note = ok.at("toolExecutionNotifications").at(0);
  EXPECT_EQ(note.at("level"), "note");
  EXPECT_EQ(note.at("message").at("text"), "/abs/skipped.bin: binary file skipped");
  EXPECT_FALSE(note.contains("locations")) << "absolute paths are not locations";

  const json failed = run_of(to_json(golden_scan())).at("invocations").at(0);
  EXPECT_EQ(failed.at("executionSuccessful"), false);
  const json& error = failed.at("toolExecutionNotifications").at(0);
  EXPECT_EQ(error.at("level"), "error");
  EXPECT_EQ(error.at("locations").at(0).at("physicalLocation").at("artifactLocation").at("uri"),
            "secrets/unreadable.json");

  const json none = run_of(to_json(ScanResult{})).at("invocations").at(0);
  EXPECT_EQ(none.at("executionSuccessful"), true);
  EXPECT_FALSE(none.contains("toolExecutionNotifications"));
}

TEST(SarifWriter, InvalidUtf8InMessagesIsReplaced) {
  Builder b;
  const FileId file = b.add_file("daemon.json", "{}");
  b.add(first_rule_id(), {file, 0, 1}, "bad \xFF byte");
  const json log = to_json(b.result());
  EXPECT_EQ(result_at(log, 0).at("message").at("text"), "bad \xEF\xBF\xBD byte");
}

TEST(SarifWriter, OutputIsDeterministic) {
  const SarifOptions options{"0.1.0", "dockerd-lint"};
  const std::string first = write_sarif(golden_scan(), options);
  EXPECT_EQ(first, write_sarif(golden_scan(), options));
  const ScanResult scan = golden_scan();
  EXPECT_EQ(write_sarif(scan, options), write_sarif(scan, options));
}

TEST(SarifWriter, MatchesGoldenFile) {
  const std::string path = std::string(DL_SOURCE_DIR) + "/tests/sarif/golden/basic.sarif";
  const std::string actual = write_sarif(golden_scan(), {"0.1.0", "dockerd-lint"});
  const char* update = std::getenv("DOCKERD_LINT_UPDATE_GOLDEN");
  if (update != nullptr && std::string_view(update) == "1") {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    ASSERT_TRUE(out) << "cannot write " << path;
    out << actual;
    std::cout << "rewrote " << path << "\n";
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing " << path << "; create it with DOCKERD_LINT_UPDATE_GOLDEN=1";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str())
      << "SARIF output changed. If intended: DOCKERD_LINT_UPDATE_GOLDEN=1 <test binary>, "
         "then scripts/validate-sarif.sh tests/sarif/golden/basic.sarif";
}

}  // namespace
}  // namespace dl::sarif

namespace dl::sarif {
namespace {

// Every rule's CWE tags appear as relationships whose index points at the matching taxon.
TEST(SarifWriterTaxonomy, CweRelationshipsPointAtTheirTaxa) {
  const json log = to_json(ScanResult{});
  const json& run = run_of(log);
  ASSERT_EQ(run.at("taxonomies").size(), 1u);
  const json& cwe = run.at("taxonomies").at(0);
  EXPECT_EQ(cwe.at("name"), "CWE");
  std::size_t related = 0;
  for (const json& rule : run.at("tool").at("driver").at("rules")) {
    std::vector<std::string> tagged;
    for (const json& tag : rule.at("properties").at("tags")) {
      const std::string text = tag;
      if (text.starts_with("external/cwe/cwe-")) tagged.push_back(text.substr(17));
    }
    std::vector<std::string> targets;
    if (rule.contains("relationships")) {
      for (const json& relationship : rule.at("relationships")) {
        const json& target = relationship.at("target");
        EXPECT_EQ(target.at("toolComponent").at("name"), "CWE");
        const json& taxon = cwe.at("taxa").at(target.at("index").get<std::size_t>());
        EXPECT_EQ(taxon.at("id"), target.at("id"));
        EXPECT_TRUE(taxon.contains("name")) << "CWE-" << taxon.at("id") << " has no name";
        targets.push_back(target.at("id"));
        ++related;
      }
    }
    EXPECT_EQ(targets, tagged) << rule.at("id");
  }
  EXPECT_GE(related, 10u);
}

TEST(SarifWriterSuppressions, SuppressedFindingsCarryKindAndJustification) {
  ScanResult scan;
  scan.files.emplace_back(0, "start.sh", "dockerd -H tcp://0.0.0.0:2375\n");
  for (const auto kind : {Suppression::Kind::InSource, Suppression::Kind::External}) {
    Finding finding;
    finding.rule_id = "DE101";
    finding.message = "m";
    finding.span = {0, 11, 29};
    finding.suppression = Suppression{kind, kind == Suppression::Kind::InSource ? "lab" : ""};
    scan.findings.push_back(finding);
  }
  scan.findings.push_back(scan.findings[0]);
  scan.findings.back().suppression.reset();
  const json log = to_json(scan);
  EXPECT_EQ(result_at(log, 0).at("suppressions"),
            json::parse(R"([{"kind": "inSource", "justification": "lab"}])"));
  EXPECT_EQ(result_at(log, 1).at("suppressions"), json::parse(R"([{"kind": "external"}])"));
  EXPECT_FALSE(result_at(log, 2).contains("suppressions"));
}

}  // namespace
}  // namespace dl::sarif
