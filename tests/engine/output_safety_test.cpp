// Output safety: text output never lets scanned bytes or file names drive the terminal,
// JSON and SARIF stay valid whatever bytes they carry, and SARIF carries no machine path.
#include <gtest/gtest.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "linter/engine/report.h"
#include "sarif/sarif_writer.h"
#include "tests/engine/cli_support.h"

namespace {

namespace fs = std::filesystem;
using dl::testing::Cli;
using dl::testing::CommandResult;
using dl::testing::slurp;
using namespace std::string_literals;

constexpr const char* kExposed = "{\n  \"hosts\": [\"tcp://0.0.0.0:2375\"]\n}\n";

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// UTF-8 of a code point below U+10000.
std::string utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

bool has_bidi_control(const std::string& text) {
  for (char32_t c : {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}) {
    if (contains(text, utf8(c))) return true;
  }
  return false;
}

TEST(OutputSafety, BidiControlsAreEscapedForTheTerminal) {
  const std::vector<std::pair<char32_t, std::string>> controls = {
      {0x202A, "\\u202a"}, {0x202B, "\\u202b"}, {0x202C, "\\u202c"},
      {0x202D, "\\u202d"}, {0x202E, "\\u202e"}, {0x2066, "\\u2066"},
      {0x2067, "\\u2067"}, {0x2068, "\\u2068"}, {0x2069, "\\u2069"}};
  for (const auto& [c, shown] : controls) {
    EXPECT_EQ(dl::escape_for_terminal("a" + utf8(c) + "b"), "a" + shown + "b") << shown;
  }
  // Neighbours that do not reorder text stay as they are.
  for (char32_t c : {0x2029, 0x202F, 0x2065, 0x206A, 0x00E9, 0x2713}) {
    EXPECT_EQ(dl::escape_for_terminal(utf8(c)), utf8(c)) << static_cast<unsigned>(c);
  }
  // A truncated sequence is not mistaken for one (its bytes are invalid UTF-8: escaped).
  EXPECT_EQ(dl::escape_for_terminal("\xE2\x80"), "\\xe2\\x80");
}

TEST(OutputSafety, InvalidUtf8BytesAreEscapedForTheTerminal) {
  // A lone 0x9B is CSI to a terminal in 8-bit mode; invalid UTF-8 is shown as \xNN.
  EXPECT_EQ(dl::escape_for_terminal("a\x9b"
                                    "31mb"),
            "a\\x9b31mb");
  EXPECT_EQ(dl::escape_for_terminal("x\xff\xfe\xc3"), "x\\xff\\xfe\\xc3");
  EXPECT_EQ(dl::escape_for_terminal("\xc3\xa9\xe2\x9c\x93"), "\xc3\xa9\xe2\x9c\x93");  // é✓
  EXPECT_EQ(dl::escape_for_terminal("\xc2\x9b"), "\\u009b");  // C1 CSI, encoded
}

TEST_F(Cli, HostileFileNamesAreEscapedInTextOutput) {
  const std::vector<std::string> names = {"esc\x1b[31mred", "new\nline", "rlo" + utf8(0x202E) + "x",
                                          "fsi" + utf8(0x2068) + "y", "bell\a"};
  for (const std::string& name : names) write(name + "/daemon.json", kExposed);
  write("bin\x1b]0;title\a/daemon.json", "{\"hosts\": [\0]}"s);  // skipped: named on stderr
  const CommandResult r = run("check --color never .");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  for (const std::string* stream : {&r.out, &r.err}) {
    EXPECT_EQ(stream->find('\x1b'), std::string::npos) << *stream;
    EXPECT_EQ(stream->find('\a'), std::string::npos) << *stream;
    EXPECT_FALSE(has_bidi_control(*stream)) << *stream;
  }
  EXPECT_TRUE(contains(r.out, "esc\\x1b[31mred/daemon.json:2:14: error[DE101")) << r.out;
  EXPECT_TRUE(contains(r.out, "\nnew\\x0aline/daemon.json:2:14: error[DE101")) << r.out;
  EXPECT_TRUE(contains(r.out, "\nrlo\\u202ex/daemon.json:2:14: error[DE101")) << r.out;
  EXPECT_TRUE(contains(r.out, "\nfsi\\u2068y/daemon.json:2:14: error[DE101")) << r.out;
  EXPECT_TRUE(contains(r.err, "bin\\x1b]0;title\\x07/daemon.json: skipped: binary file")) << r.err;
  EXPECT_TRUE(contains(r.out, "  bin\\x1b]0;title\\x07/daemon.json: binary file")) << r.out;
  // Every line of the report is a line of the report: no name split one.
  std::size_t findings = 0;
  for (std::size_t at = 0; (at = r.out.find(": error[DE101", at)) != std::string::npos; ++at) {
    ++findings;
  }
  EXPECT_EQ(findings, names.size());
}

TEST_F(Cli, BidiControlsInScannedTextAreEscapedWithTheCaretAligned) {
  write("daemon.json", "{\"x" + utf8(0x202E) + "\": 1, \"hosts\": [\"tcp://0.0.0.0:2375\"]}\n");
  const CommandResult r = run("check .");
  EXPECT_FALSE(has_bidi_control(r.out)) << r.out;
  // The escape is six columns wide, and the carets move with it.
  EXPECT_TRUE(contains(r.out, "    {\"x\\u202e\": 1, \"hosts\": [\"tcp://0.0.0.0:2375\"]}\n    " +
                                  std::string(26, ' ') + std::string(18, '^') + "\n"))
      << r.out;
}

// Every byte value in a path, a message, a related message, a problem and the file's text:
// JSON and SARIF must parse, keep the valid UTF-8 and replace the rest.
TEST(OutputSafety, EveryByteValueKeepsJsonAndSarifValid) {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  const std::string valid = "é✓" + utf8(0x202E) + "end";
  const std::string hostile = all + valid;

  dl::ScanResult result;
  result.engine_version = "29.7";
  result.files_scanned = 1;
  const std::string text = "{\"hosts\": [\"" + hostile + "\"]}\n";
  result.files.emplace_back(0, "dir/" + hostile + "/daemon.json", text);
  dl::Finding finding;
  finding.rule_id = "DE101";
  finding.level = dl::Level::Error;
  finding.message = "message " + hostile;
  finding.span = {0, 12, static_cast<std::uint32_t>(12 + hostile.size())};
  finding.related.push_back({{0, 0, 1}, "related " + hostile});
  result.findings.push_back(finding);
  result.problems.push_back({"p/" + hostile, "skipped: " + hostile, false});

  std::string json_text;
  ASSERT_NO_THROW(json_text = dl::format_json(result, "0.0.0"));
  nlohmann::json json;
  ASSERT_NO_THROW(json = nlohmann::json::parse(json_text)) << json_text;
  std::string sarif_text;
  ASSERT_NO_THROW(sarif_text = dl::sarif::write_sarif(result, {"0.0.0", "dockerd-lint"}));
  nlohmann::json sarif;
  ASSERT_NO_THROW(sarif = nlohmann::json::parse(sarif_text)) << sarif_text;
  for (const auto& [name, format] :
       std::vector<std::pair<std::string, std::string (*)(const dl::ScanResult&)>>{
           {"gitlab", dl::format_gitlab}}) {
    std::string out;
    ASSERT_NO_THROW(out = format(result)) << name;
    EXPECT_TRUE(nlohmann::json::accept(out)) << name << out;
  }

  // The ASCII part (controls included) round-trips, then one U+FFFD per invalid byte, then
  // the valid UTF-8 tail.
  const std::string ascii = all.substr(0, 128);
  const auto round_trips = [&](const std::string& s) {
    return contains(s, ascii) && contains(s, valid) && contains(s, "\xEF\xBF\xBD");
  };
  const auto& f = json["findings"][0];
  EXPECT_TRUE(round_trips(f["message"].get<std::string>())) << f.dump();
  EXPECT_TRUE(round_trips(f["path"].get<std::string>())) << f.dump();
  EXPECT_TRUE(round_trips(json["problems"][0]["message"].get<std::string>())) << json.dump();
  const auto& run = sarif["runs"][0];
  const auto& r = run["results"][0];
  EXPECT_TRUE(round_trips(r["message"]["text"].get<std::string>())) << r.dump();
  const std::string uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
  for (const char c : uri) {  // a URI: percent-encoded, printable ASCII only
    EXPECT_TRUE(c > 0x20 && c < 0x7F) << uri;
  }
  EXPECT_TRUE(round_trips(run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
                              .get<std::string>()));
}

TEST_F(Cli, InvalidUtf8InScannedFilesKeepsEveryFormatValid) {
  write("daemon.json", "{\"hosts\": [\"tcp://0.0.0.0:2375\"], \"x\xff\xfe\": \"\xc3\"}\n");
  write("bad\xff/run.sh", "#!/bin/sh\ndockerd -H tcp://0.0.0.0:2375 --label=\xff\n");
  for (const char* format : {"json", "sarif", "gitlab"}) {
    const CommandResult r = run("check -f "s + format + " --engine-version 20.10 .");
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << format << r.err;
    EXPECT_TRUE(nlohmann::json::accept(r.out)) << format << r.out;
  }
  const CommandResult text = run("check --engine-version 20.10 .");
  EXPECT_TRUE(contains(text.out, "bad\\xff/run.sh:2:")) << text.out;
}

TEST_F(Cli, AbsolutePathUnderTheWorkingDirectoryLeavesNoMachinePathInSarif) {
  write("tree/daemon.json", kExposed);
  write("tree/bin/daemon.json", "{\"hosts\": [\0]}"s);
  const CommandResult r = run("check -f sarif '" + (dir_ / "tree").string() + "' '" +
                              (dir_ / "missing").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out.find(dir_.string()), std::string::npos) << r.out;
  const auto sarif = nlohmann::json::parse(r.out);
  const auto& run0 = sarif["runs"][0];
  EXPECT_EQ(run0["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "tree/daemon.json");
  const auto& notes = run0["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 2u) << notes.dump(2);
  EXPECT_EQ(notes[0]["message"]["text"], "missing: no such file or directory");
  EXPECT_EQ(notes[1]["message"]["text"], "tree/bin/daemon.json: skipped: binary file (NUL bytes)");
}

// A root outside the working directory: text reports keep its absolute paths (what the user
// typed), but SARIF URIs are relative to the root, so no machine path is written, unless
// --sarif-absolute-uris asks for it.
TEST_F(Cli, AbsolutePathOutsideTheWorkingDirectoryIsRelativeToItsRootInSarif) {
  write("tree/sub/daemon.json", kExposed);
  write("tree/bin/daemon.json", "{\"hosts\": [\0]}"s);
  write("other/daemon.json", kExposed);
  fs::create_directories(dir_ / "elsewhere");
  const auto sarif_of = [&](const std::string& arguments) {
    const std::string command = "cd '" + (dir_ / "elsewhere").string() + "' && '" + DL_BINARY +
                                "' check -f sarif " + arguments + " > '" +
                                (dir_ / "out.sarif").string() + "'";
    const int status = std::system(command.c_str());
    EXPECT_EQ(WEXITSTATUS(status), 1);
    return nlohmann::json::parse(slurp(dir_ / "out.sarif"));
  };
  const std::string tree = "'" + (dir_ / "tree").string() + "'";
  const std::string other_file = "'" + (dir_ / "other" / "daemon.json").string() + "'";

  const auto relative = sarif_of(tree + " " + other_file);
  EXPECT_EQ(relative.dump().find(dir_.string()), std::string::npos) << relative.dump(2);
  const auto& run0 = relative["runs"][0];
  const auto location = [&](std::size_t i) {
    return run0["results"][i]["locations"][0]["physicalLocation"]["artifactLocation"];
  };
  ASSERT_EQ(run0["results"].size(), 4u) << run0["results"].dump(2);  // DE101 + DE103 each
  // Sorted by display path: .../other/daemon.json before .../tree/sub/daemon.json.
  EXPECT_EQ(location(0)["uri"], "daemon.json");
  EXPECT_EQ(location(0)["uriBaseId"], "SRCROOT2");
  EXPECT_EQ(location(2)["uri"], "sub/daemon.json");
  EXPECT_EQ(location(2)["uriBaseId"], "%SRCROOT%");
  EXPECT_TRUE(run0["originalUriBaseIds"].contains("%SRCROOT%"));
  EXPECT_TRUE(run0["originalUriBaseIds"].contains("SRCROOT2"));
  const auto& notes = run0["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 1u) << notes.dump(2);
  EXPECT_EQ(notes[0]["message"]["text"], "bin/daemon.json: skipped: binary file (NUL bytes)");
  EXPECT_EQ(notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"],
            "%SRCROOT%");

  const auto absolute = sarif_of("--sarif-absolute-uris " + tree);
  const auto& abs_location =
      absolute["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(abs_location["uri"], "file://" + (dir_ / "tree" / "sub" / "daemon.json").string());
  EXPECT_FALSE(abs_location.contains("uriBaseId")) << abs_location.dump();
}

}  // namespace

namespace {

// The code frame of the first finding: the source line and the caret line.
std::pair<std::string, std::string> first_frame(const std::string& out) {
  const auto line_begin = out.find("\n    ") + 1;
  const auto line_end = out.find('\n', line_begin);
  const auto caret_end = out.find('\n', line_end + 1);
  return {out.substr(line_begin, line_end - line_begin),
          out.substr(line_end + 1, caret_end - line_end - 1)};
}

TEST_F(Cli, LongLinesAreShownAsAWindowAroundTheSpan) {
  const std::string filler(100000, 'a');
  write("late/daemon.json", "{\"labels\": [\"" + filler +
                                "\"], \"hosts\": [\"tcp://0.0.0.0:2375\"], \"x\": \"" + filler +
                                "\"}\n");
  write("early/daemon.json",
        "{\"hosts\": [\"tcp://0.0.0.0:2375\"], \"labels\": [\"" + filler + "\"]}\n");
  for (const char* dir : {"late", "early"}) {
    const CommandResult r = run("check --select DE101 "s + dir);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_LT(r.out.size(), 2000u) << dir;
    const auto [shown, carets] = first_frame(r.out);
    EXPECT_LT(shown.size(), 320u) << shown;
    EXPECT_TRUE(shown.ends_with("...")) << shown;
    EXPECT_EQ(shown.starts_with("    ..."), dir == "late"s) << shown;
    // The carets stay under the span.
    EXPECT_EQ(carets.find('^'), shown.find("tcp://")) << shown << "\n" << carets;
    EXPECT_EQ(carets.size() - carets.find('^'), 18u) << carets;
  }
}

}  // namespace
