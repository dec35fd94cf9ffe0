// systemd unit parsing: logical lines (comments, continuations, CRLF, BOM, problems), ExecStart=
// splitting (prefixes, quoting, escapes, $VAR/${VAR} expansion), Environment=,
// EnvironmentFile= and ListenStream=. Oracle: systemd's parser as read in conf-parser.c,
// extract-word.c, escape.c, load-fragment.c and env-util.c. All offsets were counted by hand
// from the literal inputs (a comment above each case gives the landmarks).
#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parsers/systemd/unit_parser.h"

namespace dl::systemd {
namespace {

using namespace std::string_literals;

constexpr FileId kUnit = 5;

// "[b,e)" for a span in the unit, "file N [b,e)" elsewhere, "none" when invalid.
std::string At(Span s) {
  if (!s.valid()) return "none";
  std::string range = "[" + std::to_string(s.begin) + "," + std::to_string(s.end) + ")";
  return s.file == kUnit ? range : "file " + std::to_string(s.file) + " " + range;
}

std::vector<std::string> Texts(const std::vector<Word>& words) {
  std::vector<std::string> out;
  for (const Word& w : words) out.push_back(w.text);
  return out;
}

std::vector<std::uint32_t> Offsets(
    std::initializer_list<std::pair<std::uint32_t, std::uint32_t>> runs) {
  std::vector<std::uint32_t> out;
  for (const auto& [b, e] : runs) {
    for (std::uint32_t o = b; o < e; ++o) out.push_back(o);
  }
  return out;
}

std::vector<std::string> Messages(const std::vector<UnitProblem>& problems) {
  std::vector<std::string> out;
  for (const UnitProblem& p : problems) out.push_back(At(p.span) + " " + p.message);
  return out;
}

UnitFile Parse(std::string_view text) {
  return parse_unit(text, kUnit);
}

// The single assignment of "[Service]\n<key>=<value>\n": the value starts at 10 + key + 1.
Assignment Line(const std::string& key, const std::string& value) {
  const UnitFile u = Parse("[Service]\n" + key + "=" + value + "\n");
  EXPECT_EQ(u.assignments.size(), 1u);
  EXPECT_TRUE(u.problems.empty()) << testing::PrintToString(Messages(u.problems));
  return u.assignments.empty() ? Assignment{} : u.assignments.front();
}

// ExecStart= values start at offset 20.
ExecCommand Exec(const std::string& value, const Environment& env = {},
                 const std::set<std::string, std::less<>>& unknown = {}) {
  return split_exec(Line("ExecStart", value), env, unknown);
}

// ---------------------------------------------------------------------------------------------
// Lines

TEST(SystemdParseUnit, SectionsRepeatedKeysAndEmptyAssignment) {
  // [Unit] 0..5, Description 7..17, '=' 18, Docker 19..24, [Service] 26..34, ExecStart 36..44,
  // '=' 45, ExecStart 47..55, /usr/bin/dockerd 57..72, [Service] 74..82, Type 84..87,
  // notify 89..94.
  const UnitFile u = Parse(
      "[Unit]\nDescription=Docker\n[Service]\nExecStart=\nExecStart=/usr/bin/dockerd\n"
      "[Service]\nType=notify\n");
  EXPECT_EQ(u.file, kUnit);
  EXPECT_EQ(u.sections, (std::vector<std::string>{"Unit", "Service", "Service"}));
  EXPECT_TRUE(u.problems.empty());
  ASSERT_EQ(u.assignments.size(), 4u);

  const Assignment& d = u.assignments[0];
  EXPECT_EQ(d.section, "Unit");
  EXPECT_EQ(d.key, "Description");
  EXPECT_EQ(At(d.key_span), "[7,18)");
  EXPECT_EQ(d.value.text, "Docker");
  EXPECT_EQ(d.value.offsets, Offsets({{19, 25}}));
  EXPECT_EQ(d.value.file, kUnit);
  EXPECT_EQ(At(d.line_span), "[7,25)");

  const Assignment& reset = u.assignments[1];
  EXPECT_EQ(reset.section, "Service");
  EXPECT_EQ(reset.key, "ExecStart");
  EXPECT_EQ(reset.value.text, "");
  EXPECT_TRUE(reset.value.offsets.empty());
  EXPECT_EQ(At(reset.line_span), "[36,46)");

  EXPECT_EQ(u.assignments[2].key, "ExecStart");
  EXPECT_EQ(u.assignments[2].value.text, "/usr/bin/dockerd");
  EXPECT_EQ(At(u.assignments[2].value.span_of(0, 16)), "[57,73)");
  EXPECT_EQ(u.assignments[3].section, "Service");
  EXPECT_EQ(u.assignments[3].key, "Type");
  EXPECT_EQ(At(u.assignments[3].key_span), "[84,88)");
  EXPECT_EQ(u.assignments[3].value.offsets, Offsets({{89, 95}}));
}

TEST(SystemdParseUnit, CommentsAndWhitespaceAroundEquals) {
  // "# comment\n" 0..9, "; other\n" 10..17, "[Service]\n" 18..27, then "  ExecStart =  …  \n"
  // from 28: ExecStart 30..38, '=' 40, value 43..67, newline 70; "  # indented…\n" 71..91;
  // "Type= notify\t\n" from 92: Type 92..95, notify 98..103; then "Description=a # b ;c".
  const UnitFile u = Parse(
      "# comment\n; other\n[Service]\n  ExecStart =  /usr/bin/dockerd -H fd://  \n"
      "  # indented comment\nType= notify\t\nDescription=a # b ;c\n");
  EXPECT_TRUE(u.problems.empty()) << testing::PrintToString(Messages(u.problems));
  EXPECT_EQ(u.sections, (std::vector<std::string>{"Service"}));
  ASSERT_EQ(u.assignments.size(), 3u);
  const Assignment& e = u.assignments[0];
  EXPECT_EQ(e.key, "ExecStart");
  EXPECT_EQ(At(e.key_span), "[30,39)");
  EXPECT_EQ(e.value.text, "/usr/bin/dockerd -H fd://");
  EXPECT_EQ(e.value.offsets, Offsets({{43, 68}}));
  EXPECT_EQ(At(e.line_span), "[30,68)");
  EXPECT_EQ(u.assignments[1].value.text, "notify");
  EXPECT_EQ(u.assignments[1].value.offsets, Offsets({{98, 104}}));
  EXPECT_EQ(At(u.assignments[1].key_span), "[92,96)");
  // There are no trailing comments.
  EXPECT_EQ(u.assignments[2].value.text, "a # b ;c");
}

TEST(SystemdParseUnit, ContinuationSkipsCommentLines) {
  // ExecStart 10..18, '=' 19, /usr/bin/dockerd 20..35, ' ' 36, '\' 37, '\n' 38;
  // "  -H fd:// \\\n" from 39: -H 41..42, fd:// 44..48, ' ' 49, '\' 50; "# a comment\n" 52..63;
  // "; another\n" 64..73; "  --tls\n" from 74: --tls 76..80; Type at 82.
  const UnitFile u = Parse(
      "[Service]\nExecStart=/usr/bin/dockerd \\\n  -H fd:// \\\n# a comment\n; another\n"
      "  --tls\nType=notify\n");
  EXPECT_TRUE(u.problems.empty()) << testing::PrintToString(Messages(u.problems));
  ASSERT_EQ(u.assignments.size(), 2u);
  const Assignment& e = u.assignments[0];
  // Each backslash became a space; the next line's indentation is kept.
  EXPECT_EQ(e.value.text, "/usr/bin/dockerd    -H fd://    --tls");
  EXPECT_EQ(e.value.offsets, Offsets({{20, 38}, {39, 51}, {74, 81}}));
  EXPECT_EQ(At(e.line_span), "[10,81)");
  EXPECT_EQ(u.assignments[1].key, "Type");
  EXPECT_EQ(At(u.assignments[1].key_span), "[82,86)");

  const ExecCommand cmd = split_exec(e, {});
  EXPECT_EQ(Texts(cmd.argv),
            (std::vector<std::string>{"/usr/bin/dockerd", "-H", "fd://", "--tls"}));
  ASSERT_EQ(cmd.argv.size(), 4u);
  EXPECT_EQ(At(cmd.argv[0].span), "[20,36)");
  EXPECT_EQ(At(cmd.argv[1].span), "[41,43)");
  EXPECT_EQ(At(cmd.argv[2].span), "[44,49)");
  EXPECT_EQ(At(cmd.argv[3].span), "[76,81)");
  EXPECT_TRUE(cmd.problems.empty());
}

TEST(SystemdParseUnit, ContinuationAtEndOfFile) {
  // /usr/bin/dockerd 20..35, ' ' 36, '\' 37, no newline.
  const UnitFile u = Parse("[Service]\nExecStart=/usr/bin/dockerd \\");
  ASSERT_EQ(u.assignments.size(), 1u);
  EXPECT_EQ(u.assignments[0].value.text, "/usr/bin/dockerd");
  EXPECT_EQ(Messages(u.problems),
            (std::vector<std::string>{"[37,38) the last line ends with a continuation '\\': "
                                      "systemd uses the line as it is"}));

  // A=b 10..12, ' ' 13, '\' 14; the comment after it is skipped and the file ends.
  const UnitFile v = Parse("[Service]\nA=b \\\n# c\n");
  ASSERT_EQ(v.assignments.size(), 1u);
  EXPECT_EQ(v.assignments[0].value.text, "b");
  ASSERT_EQ(v.problems.size(), 1u);
  EXPECT_EQ(At(v.problems[0].span), "[14,15)");

  // An empty line ends a continuation: "b" and "c" are separate lines.
  const UnitFile w = Parse("[Service]\nA=b\\\n\nC=d\n");
  ASSERT_EQ(w.assignments.size(), 2u);
  EXPECT_EQ(w.assignments[0].value.text, "b");
  EXPECT_EQ(w.assignments[1].key, "C");
  EXPECT_TRUE(w.problems.empty());

  // An escaped backslash does not continue the line.
  const UnitFile x = Parse("[Service]\nA=b\\\\\nC=d\n");
  ASSERT_EQ(x.assignments.size(), 2u);
  EXPECT_EQ(x.assignments[0].value.text, "b\\\\");
}

TEST(SystemdParseUnit, CrlfAndBom) {
  // BOM 0..2, [Service] 3..11, CRLF 12..13, ExecStart 14..22, '=' 23, value 24..39, CRLF
  // 40..41, Type 42..45, notify 47..52.
  const UnitFile u =
      Parse("\xEF\xBB\xBF[Service]\r\nExecStart=/usr/bin/dockerd\r\nType=notify\r\n");
  EXPECT_TRUE(u.problems.empty()) << testing::PrintToString(Messages(u.problems));
  EXPECT_EQ(u.sections, (std::vector<std::string>{"Service"}));
  ASSERT_EQ(u.assignments.size(), 2u);
  EXPECT_EQ(At(u.assignments[0].key_span), "[14,23)");
  EXPECT_EQ(u.assignments[0].value.text, "/usr/bin/dockerd");
  EXPECT_EQ(u.assignments[0].value.offsets, Offsets({{24, 40}}));
  EXPECT_EQ(At(u.assignments[0].line_span), "[14,40)");
  EXPECT_EQ(u.assignments[1].value.text, "notify");
  EXPECT_EQ(u.assignments[1].value.offsets, Offsets({{47, 53}}));

  // "[Service]\r\n" 0..10, A 11, '=' 12, b 13, '\' 14, CRLF 15..16, ' ' 17, c 18.
  const UnitFile c = Parse("[Service]\r\nA=b\\\r\n c\r\n");
  ASSERT_EQ(c.assignments.size(), 1u);
  EXPECT_EQ(c.assignments[0].value.text, "b  c");
  EXPECT_EQ(c.assignments[0].value.offsets, (std::vector<std::uint32_t>{13, 14, 17, 18}));
}

TEST(SystemdParseUnit, RangeInsideALargerText) {
  // "junk" 0..3, [Service] 4..12, '\n' 13, A 14, '=' 15, b 16, '\n' 17, "more" 18..21.
  const UnitFile u = parse_unit("junk[Service]\nA=b\nmore", kUnit, 4, 18);
  EXPECT_TRUE(u.problems.empty());
  ASSERT_EQ(u.assignments.size(), 1u);
  EXPECT_EQ(At(u.assignments[0].key_span), "[14,15)");
  EXPECT_EQ(u.assignments[0].value.offsets, (std::vector<std::uint32_t>{16}));
}

TEST(SystemdParseUnit, ProblemLines) {
  // "A=b\n" 0..3, "[Service]\n" 4..13, "noequals\n" 14..22, "=x\n" 23..25, "[Bad\n" 26..30,
  // "C=d\n" 31..34.
  const UnitFile u = Parse("A=b\n[Service]\nnoequals\n=x\n[Bad\nC=d\n");
  EXPECT_EQ(Messages(u.problems),
            (std::vector<std::string>{
                "[0,3) assignment outside of any section: systemd ignores it",
                "[14,22) missing '=': systemd ignores the line",
                "[23,25) missing key name before '=': systemd ignores the line",
                "[26,30) invalid section header: systemd refuses to load the unit",
            }));
  EXPECT_EQ(u.sections, (std::vector<std::string>{"Service"}));
  ASSERT_EQ(u.assignments.size(), 2u);
  EXPECT_EQ(u.assignments[0].section, "");
  EXPECT_EQ(u.assignments[0].key, "A");
  EXPECT_EQ(u.assignments[1].section, "");
  EXPECT_EQ(u.assignments[1].key, "C");

  const UnitFile h = Parse("[Service] # x\n[\"Q\"]\n[]\n");
  EXPECT_EQ(h.problems.size(), 3u);
  EXPECT_TRUE(h.sections.empty());
}

TEST(SystemdParseUnit, NulBytesAndInvalidUtf8) {
  // [Service] 0..8, A 10, '=' 11, b 12, NUL 13, C 14, '=' 15, d 16.
  const UnitFile u = Parse("[Service]\nA=b\0C=d\n"s);
  EXPECT_EQ(Messages(u.problems),
            (std::vector<std::string>{"[13,14) NUL byte: systemd ends the line here"}));
  ASSERT_EQ(u.assignments.size(), 2u);
  EXPECT_EQ(u.assignments[0].value.text, "b");
  EXPECT_EQ(u.assignments[1].key, "C");

  const UnitFile v = Parse("[Service]\nA=\xff\nB=c\n");
  EXPECT_EQ(Messages(v.problems),
            (std::vector<std::string>{
                "[10,13) line is not valid UTF-8: systemd refuses to load the unit"}));
  ASSERT_EQ(v.assignments.size(), 1u);
  EXPECT_EQ(v.assignments[0].key, "B");
}

// ---------------------------------------------------------------------------------------------
// ExecStart=

TEST(SystemdParseExec, PlainCommandLine) {
  // /usr/bin/dockerd 20..35, -H 37..38, fd:// 40..44, --containerd=… 46..89.
  const ExecCommand cmd =
      Exec("/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock");
  EXPECT_EQ(cmd.prefixes, "");
  EXPECT_FALSE(cmd.argv0_override);
  EXPECT_FALSE(cmd.no_env_expansion);
  EXPECT_TRUE(cmd.problems.empty());
  EXPECT_EQ(Texts(cmd.argv),
            (std::vector<std::string>{"/usr/bin/dockerd", "-H", "fd://",
                                      "--containerd=/run/containerd/containerd.sock"}));
  ASSERT_EQ(cmd.argv.size(), 4u);
  EXPECT_EQ(At(cmd.argv[0].span), "[20,36)");
  EXPECT_EQ(At(cmd.argv[1].span), "[37,39)");
  EXPECT_EQ(At(cmd.argv[2].span), "[40,45)");
  EXPECT_EQ(At(cmd.argv[3].span), "[46,90)");
  for (const Word& w : cmd.argv) {
    EXPECT_EQ(At(w.via), "none");
    EXPECT_TRUE(w.known);
  }
  EXPECT_TRUE(Exec("").argv.empty());  // a reset
}

TEST(SystemdParseExec, Prefixes) {
  const ExecCommand ignore = Exec("-/usr/bin/dockerd -H fd://");
  EXPECT_EQ(ignore.prefixes, "-");
  ASSERT_EQ(ignore.argv.size(), 3u);
  EXPECT_EQ(ignore.argv[0].text, "/usr/bin/dockerd");
  EXPECT_EQ(At(ignore.argv[0].span), "[21,37)");

  // '@' 20, /usr/bin/dockerd 21..36, dockerd 38..44, -H 46..47, fd:// 49..53.
  const ExecCommand at = Exec("@/usr/bin/dockerd dockerd -H fd://");
  EXPECT_EQ(at.prefixes, "@");
  EXPECT_TRUE(at.argv0_override);
  EXPECT_EQ(Texts(at.argv), (std::vector<std::string>{"/usr/bin/dockerd", "-H", "fd://"}));
  ASSERT_EQ(at.argv.size(), 3u);
  EXPECT_EQ(At(at.argv[0].span), "[21,37)");
  EXPECT_EQ(At(at.argv[1].span), "[46,48)");
  EXPECT_EQ(At(at.argv[2].span), "[49,54)");
  EXPECT_TRUE(at.problems.empty());

  const ExecCommand ambient = Exec("!!/usr/bin/dockerd");
  EXPECT_EQ(ambient.prefixes, "!!");
  ASSERT_EQ(ambient.argv.size(), 1u);
  EXPECT_EQ(At(ambient.argv[0].span), "[22,38)");
  EXPECT_TRUE(ambient.problems.empty());

  const ExecCommand shell = Exec("|/usr/bin/dockerd");
  EXPECT_EQ(shell.prefixes, "|");
  EXPECT_EQ(Texts(shell.argv), (std::vector<std::string>{"/usr/bin/dockerd"}));

  const ExecCommand several = Exec("-+@:/usr/bin/dockerd x -H fd://");
  EXPECT_EQ(several.prefixes, "-+@:");
  EXPECT_TRUE(several.no_env_expansion);
  EXPECT_EQ(Texts(several.argv), (std::vector<std::string>{"/usr/bin/dockerd", "-H", "fd://"}));
  EXPECT_TRUE(several.problems.empty());

  // A quoted first word is unquoted before the prefixes are read.
  EXPECT_EQ(Exec("\"-/usr/bin/dockerd\"").prefixes, "-");
}

TEST(SystemdParseExec, PrefixProblems) {
  EXPECT_EQ(Messages(Exec("+!/usr/bin/dockerd").problems),
            (std::vector<std::string>{"[20,22) prefixes \"+!\" repeat a prefix or combine '+' "
                                      "with '!': systemd rejects the command"}));
  EXPECT_EQ(Exec("--/usr/bin/dockerd").problems.size(), 1u);
  EXPECT_EQ(Exec("!!!/usr/bin/dockerd").problems.size(), 1u);

  const ExecCommand empty = Exec("- /usr/bin/dockerd");
  EXPECT_TRUE(empty.argv.empty());
  EXPECT_EQ(Messages(empty.problems),
            (std::vector<std::string>{
                "[20,21) no executable after the prefixes: systemd rejects the command"}));

  const ExecCommand lone_at = Exec("@/usr/bin/dockerd");
  EXPECT_EQ(Texts(lone_at.argv), (std::vector<std::string>{"/usr/bin/dockerd"}));
  EXPECT_EQ(Messages(lone_at.problems),
            (std::vector<std::string>{
                "[20,37) '@' needs argv[0] after the executable: systemd rejects the command"}));

  // $DOCKERD 20..27.
  const ExecCommand variable = Exec("$DOCKERD -H fd://");
  EXPECT_EQ(Texts(variable.argv), (std::vector<std::string>{"$DOCKERD", "-H", "fd://"}));
  EXPECT_EQ(Messages(variable.problems),
            (std::vector<std::string>{"[20,28) the program to execute may not be a variable: "
                                      "systemd runs it as written, without expansion"}));

  EXPECT_EQ(Exec("bin/dockerd").problems.size(), 1u);
  EXPECT_TRUE(Exec("dockerd").problems.empty());  // a bare name is looked up in a fixed path
}

TEST(SystemdParseExec, QuotedWordIsOneArgumentInsideTheQuotes) {
  // '"' 37, content 38..58, '"' 59, '\'' 61, --tls=false 62..72, '\'' 73.
  const ExecCommand cmd = Exec("/usr/bin/dockerd \"-H tcp://0.0.0.0:2375\" '--tls=false'");
  EXPECT_TRUE(cmd.problems.empty());
  EXPECT_EQ(Texts(cmd.argv),
            (std::vector<std::string>{"/usr/bin/dockerd", "-H tcp://0.0.0.0:2375", "--tls=false"}));
  ASSERT_EQ(cmd.argv.size(), 3u);
  EXPECT_EQ(At(cmd.argv[1].span), "[38,59)");
  EXPECT_EQ(At(cmd.argv[2].span), "[62,73)");

  // An empty quoted word is an (empty) argument; its span is the quotes.
  const ExecCommand empty = Exec("/bin/x \"\" y");
  EXPECT_EQ(Texts(empty.argv), (std::vector<std::string>{"/bin/x", "", "y"}));
  ASSERT_EQ(empty.argv.size(), 3u);
  EXPECT_EQ(At(empty.argv[1].span), "[27,29)");
}

TEST(SystemdParseExec, EscapesKeepTheirSourceBytes) {
  // /bin/echo 20..28, a\sb 30..33, \x41 35..38, \u00e9 40..45, \101\t 47..52, \; 54..55.
  const ExecCommand cmd = Exec("/bin/echo a\\sb \\x41 \\u00e9 \\101\\t \\;");
  EXPECT_TRUE(cmd.problems.empty()) << testing::PrintToString(Messages(cmd.problems));
  EXPECT_EQ(Texts(cmd.argv),
            (std::vector<std::string>{"/bin/echo", "a b", "A", "\xC3\xA9", "A\t", ";"}));
  ASSERT_EQ(cmd.argv.size(), 6u);
  EXPECT_EQ(At(cmd.argv[1].span), "[30,34)");
  EXPECT_EQ(At(cmd.argv[2].span), "[35,39)");
  EXPECT_EQ(At(cmd.argv[3].span), "[40,46)");
  EXPECT_EQ(At(cmd.argv[4].span), "[47,53)");
  EXPECT_EQ(At(cmd.argv[5].span), "[54,56)");

  // \" and \' inside quotes, \\ outside.
  EXPECT_EQ(Texts(Exec("/bin/echo \"a\\\"b\" 'c\\'d' e\\\\f").argv),
            (std::vector<std::string>{"/bin/echo", "a\"b", "c'd", "e\\f"}));
  // \x00 and \400 are not accepted: kept verbatim like other unknown escapes.
  EXPECT_EQ(Texts(Exec("/bin/echo \\x00").argv), (std::vector<std::string>{"/bin/echo", "\\x00"}));
}

TEST(SystemdParseExec, QuotingProblems) {
  // \d 30..31.
  const ExecCommand unknown = Exec("/bin/echo \\d");
  EXPECT_EQ(Texts(unknown.argv), (std::vector<std::string>{"/bin/echo", "\\d"}));
  EXPECT_EQ(Messages(unknown.problems),
            (std::vector<std::string>{
                "[30,32) unknown escape sequence: systemd warns and keeps the backslash"}));

  // '"' 37, -H tcp://x 38..47.
  const ExecCommand unbalanced = Exec("/usr/bin/dockerd \"-H tcp://x");
  EXPECT_EQ(Texts(unbalanced.argv), (std::vector<std::string>{"/usr/bin/dockerd", "-H tcp://x"}));
  ASSERT_EQ(unbalanced.argv.size(), 2u);
  EXPECT_EQ(At(unbalanced.argv[1].span), "[38,48)");
  EXPECT_EQ(Messages(unbalanced.problems),
            (std::vector<std::string>{"[37,48) unbalanced quote: systemd refuses the command line "
                                      "and the unit fails to load"}));
  EXPECT_EQ(Messages(Exec("-/usr/bin/dockerd 'x").problems),
            (std::vector<std::string>{"[38,40) unbalanced quote: systemd ignores this command "
                                      "line"}));

  // --host= 37..43, '"' 44, tcp://0.0.0.0:2375 45..62, '"' 63.
  const ExecCommand inside = Exec("/usr/bin/dockerd --host=\"tcp://0.0.0.0:2375\"");
  EXPECT_EQ(Texts(inside.argv),
            (std::vector<std::string>{"/usr/bin/dockerd", "--host=tcp://0.0.0.0:2375"}));
  ASSERT_EQ(inside.argv.size(), 2u);
  EXPECT_EQ(At(inside.argv[1].span), "[37,63)");
  EXPECT_EQ(Messages(inside.problems),
            (std::vector<std::string>{
                "[37,64) quote inside a word: systemd.syntax(7) allows quotes only around a whole "
                "word; systemd joins the parts"}));
  EXPECT_EQ(Texts(Exec("/bin/x \"a\"b").argv), (std::vector<std::string>{"/bin/x", "ab"}));
}

TEST(SystemdParseExec, SemicolonEndsTheCommand) {
  // /bin/a 20..25, x 27, ';' 29.
  const ExecCommand cmd = Exec("/bin/a x ; /bin/b");
  EXPECT_EQ(Texts(cmd.argv), (std::vector<std::string>{"/bin/a", "x"}));
  EXPECT_EQ(Messages(cmd.problems),
            (std::vector<std::string>{
                "[29,30) ';' starts another command: systemd allows several commands only for "
                "Type=oneshot; only the first is checked"}));
  // Quoted or joined to a word, ';' is an ordinary argument.
  EXPECT_EQ(Texts(Exec("/bin/a \";\" x;").argv), (std::vector<std::string>{"/bin/a", ";", "x;"}));
}

TEST(SystemdParseExec, SpecifiersAreKeptAsWritten) {
  EXPECT_EQ(Texts(Exec("/usr/bin/dockerd -H unix:///run/docker-%i.sock %% %n").argv),
            (std::vector<std::string>{"/usr/bin/dockerd", "-H", "unix:///run/docker-%i.sock", "%%",
                                      "%n"}));
}

// "[Service]\n" 0..9; Environment 10..20, '=' 21, '"' 22, DOCKER_OPTS= 23..34, its value 35..74
// (-H 35..36, tcp://0.0.0.0:2375 38..55, two spaces, --tlsverify=false 58..74), '"' 75,
// HOST= 77..81, unix:///run/docker.sock 82..104, '\n' 105;
// ExecStart 106..114, '=' 115, /usr/bin/dockerd 116..131, $DOCKER_OPTS 133..144, '\n' 145;
// ExecStart 146..154, '=' 155, /usr/bin/dockerd 156..171, ${DOCKER_OPTS} 173..186,
// -H${HOST} 188..196 (${HOST} 190..196).
constexpr std::string_view kEnvUnit =
    "[Service]\n"
    "Environment=\"DOCKER_OPTS=-H tcp://0.0.0.0:2375  --tlsverify=false\" "
    "HOST=unix:///run/docker.sock\n"
    "ExecStart=/usr/bin/dockerd $DOCKER_OPTS\n"
    "ExecStart=/usr/bin/dockerd ${DOCKER_OPTS} -H${HOST}\n";

Environment EnvOf(const Assignment& a) {
  Environment env;
  for (auto& [name, value] : parse_environment_assignment(a)) env[name] = value;
  return env;
}

TEST(SystemdParseExec, SplitVariableWordsPointIntoTheValue) {
  const UnitFile u = Parse(kEnvUnit);
  ASSERT_EQ(u.assignments.size(), 3u);
  const Environment env = EnvOf(u.assignments[0]);
  const ExecCommand cmd = split_exec(u.assignments[1], env);
  EXPECT_TRUE(cmd.problems.empty());
  EXPECT_EQ(Texts(cmd.argv), (std::vector<std::string>{"/usr/bin/dockerd", "-H",
                                                       "tcp://0.0.0.0:2375", "--tlsverify=false"}));
  ASSERT_EQ(cmd.argv.size(), 4u);
  EXPECT_EQ(At(cmd.argv[0].span), "[116,132)");
  EXPECT_EQ(At(cmd.argv[0].via), "none");
  EXPECT_EQ(At(cmd.argv[1].span), "[35,37)");
  EXPECT_EQ(At(cmd.argv[2].span), "[38,56)");
  EXPECT_EQ(At(cmd.argv[3].span), "[58,75)");
  for (std::size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(At(cmd.argv[i].via), "[133,145)");
    EXPECT_TRUE(cmd.argv[i].known);
  }
}

TEST(SystemdParseExec, BracedVariableIsOneExactArgument) {
  const UnitFile u = Parse(kEnvUnit);
  ASSERT_EQ(u.assignments.size(), 3u);
  const ExecCommand cmd = split_exec(u.assignments[2], EnvOf(u.assignments[0]));
  EXPECT_TRUE(cmd.problems.empty());
  EXPECT_EQ(Texts(cmd.argv), (std::vector<std::string>{"/usr/bin/dockerd",
                                                       "-H tcp://0.0.0.0:2375  --tlsverify=false",
                                                       "-Hunix:///run/docker.sock"}));
  ASSERT_EQ(cmd.argv.size(), 3u);
  EXPECT_EQ(At(cmd.argv[1].span), "[35,75)");
  EXPECT_EQ(At(cmd.argv[1].via), "[173,187)");
  // Part of a word: the span is the word in the unit, `via` the reference.
  EXPECT_EQ(At(cmd.argv[2].span), "[188,197)");
  EXPECT_EQ(At(cmd.argv[2].via), "[190,197)");
}

TEST(SystemdParseExec, SplitValueRespectsQuotes) {
  // Environment 10..20, '\'' 22, OPTS= 23..27, value 28..41 (-H 28..29, '"' 31,
  // tcp://a b 32..40, '"' 41), '\'' 42; ExecStart 44..52, /bin/x 54..59, $OPTS 61..65.
  const UnitFile u =
      Parse("[Service]\nEnvironment='OPTS=-H \"tcp://a b\"'\nExecStart=/bin/x $OPTS\n");
  ASSERT_EQ(u.assignments.size(), 2u);
  const Environment env = EnvOf(u.assignments[0]);
  ASSERT_EQ(env.count("OPTS"), 1u);
  EXPECT_EQ(env.at("OPTS").value.text, "-H \"tcp://a b\"");
  EXPECT_EQ(At(env.at("OPTS").assignment), "[22,43)");
  const ExecCommand cmd = split_exec(u.assignments[1], env);
  EXPECT_EQ(Texts(cmd.argv), (std::vector<std::string>{"/bin/x", "-H", "tcp://a b"}));
  ASSERT_EQ(cmd.argv.size(), 3u);
  EXPECT_EQ(At(cmd.argv[1].span), "[28,30)");
  EXPECT_EQ(At(cmd.argv[2].span), "[32,41)");
  EXPECT_EQ(At(cmd.argv[2].via), "[61,66)");
}

TEST(SystemdParseExec, VariableFromAnotherFile) {
  // A value read from an environment file (file 9): "-H tcp://x" at 100..109.
  constexpr FileId kEnvFile = 9;
  EnvValue v;
  v.value.file = kEnvFile;
  for (std::uint32_t i = 0; i < 10; ++i) v.value.append("-H tcp://x"[i], 100 + i);
  v.assignment = Span{kEnvFile, 88, 110};
  const Environment env{{"DOCKER_OPTS", v}};
  // $DOCKER_OPTS 37..48, ${DOCKER_OPTS} 50..63.
  const ExecCommand cmd =
      Exec("/usr/bin/dockerd $DOCKER_OPTS ${DOCKER_OPTS}", env, {"DOCKER_OPTS"});
  EXPECT_EQ(Texts(cmd.argv),
            (std::vector<std::string>{"/usr/bin/dockerd", "-H", "tcp://x", "-H tcp://x"}));
  ASSERT_EQ(cmd.argv.size(), 4u);
  EXPECT_EQ(At(cmd.argv[1].span), "file 9 [100,102)");
  EXPECT_EQ(At(cmd.argv[2].span), "file 9 [103,110)");
  EXPECT_EQ(At(cmd.argv[3].span), "file 9 [100,110)");
  EXPECT_EQ(At(cmd.argv[1].via), "[37,49)");
  EXPECT_EQ(At(cmd.argv[3].via), "[50,64)");
  // Named in unknown_vars: the value may be overridden by a file we cannot read.
  EXPECT_FALSE(cmd.argv[1].known);
  EXPECT_FALSE(cmd.argv[3].known);
  EXPECT_TRUE(cmd.argv[0].known);
}

TEST(SystemdParseExec, UnsetAndUnknownVariables) {
  // $DOCKER_OPTS 37..48, ${DOCKER_OPTS} 50..63, $OTHER 65..70, ${OTHER} 72..79,
  // x${DOCKER_OPTS} 81..95 (${DOCKER_OPTS} 82..95).
  const ExecCommand cmd =
      Exec("/usr/bin/dockerd $DOCKER_OPTS ${DOCKER_OPTS} $OTHER ${OTHER} x${DOCKER_OPTS}", {},
           {"DOCKER_OPTS"});
  EXPECT_TRUE(cmd.problems.empty());
  // $OTHER (unset, known to be unset) gives no word; ${OTHER} one empty word.
  EXPECT_EQ(Texts(cmd.argv), (std::vector<std::string>{"/usr/bin/dockerd", "", "", "", "x"}));
  ASSERT_EQ(cmd.argv.size(), 5u);
  EXPECT_FALSE(cmd.argv[1].known);
  EXPECT_EQ(At(cmd.argv[1].span), "[37,49)");
  EXPECT_EQ(At(cmd.argv[1].via), "[37,49)");
  EXPECT_FALSE(cmd.argv[2].known);
  EXPECT_EQ(At(cmd.argv[2].span), "[50,64)");
  EXPECT_TRUE(cmd.argv[3].known);
  EXPECT_EQ(At(cmd.argv[3].span), "[72,80)");
  EXPECT_EQ(At(cmd.argv[3].via), "[72,80)");
  EXPECT_FALSE(cmd.argv[4].known);
  EXPECT_EQ(At(cmd.argv[4].span), "[81,96)");
  EXPECT_EQ(At(cmd.argv[4].via), "[82,96)");
}

TEST(SystemdParseExec, DollarDollarAndUnexpandedForms) {
  // $$ 30..31, a$$b 33..36, $${X} 38..42.
  const ExecCommand cmd = Exec("/bin/echo $$ a$$b $${X} a$X ${X:-d}", {}, {});
  EXPECT_EQ(Texts(cmd.argv),
            (std::vector<std::string>{"/bin/echo", "$", "a$b", "${X}", "a$X", "${X:-d}"}));
  ASSERT_EQ(cmd.argv.size(), 6u);
  EXPECT_EQ(At(cmd.argv[1].span), "[30,32)");
  EXPECT_EQ(At(cmd.argv[2].span), "[33,37)");
  EXPECT_EQ(At(cmd.argv[3].span), "[38,43)");
  EXPECT_EQ(At(cmd.argv[3].via), "none");

  // "$FOO-bar" names no valid variable: systemd drops the word. (x 27, $FOO-bar 29..36)
  const ExecCommand bad = Exec("/bin/x x $FOO-bar");
  EXPECT_EQ(Texts(bad.argv), (std::vector<std::string>{"/bin/x", "x"}));
  EXPECT_EQ(Messages(bad.problems),
            (std::vector<std::string>{
                "[29,37) \"$FOO-bar\" is not a valid variable reference: systemd drops the word"}));

  // ':' turns expansion off.
  EnvValue v;
  v.value.file = kUnit;
  v.value.append('v', 0);
  const ExecCommand raw = Exec(":/bin/x $FOO ${FOO} $$", {{"FOO", v}});
  EXPECT_EQ(Texts(raw.argv), (std::vector<std::string>{"/bin/x", "$FOO", "${FOO}", "$$"}));
}

TEST(SystemdParseExec, QuotedVariableIsStillExpanded) {
  // Quotes are removed before expansion, so "$FOO" is split like $FOO.
  EnvValue v;
  v.value.file = kUnit;
  for (std::uint32_t i = 0; i < 3; ++i) v.value.append("a b"[i], i);
  const Environment env{{"FOO", v}};
  EXPECT_EQ(Texts(Exec("/bin/x \"$FOO\" '${FOO}'", env).argv),
            (std::vector<std::string>{"/bin/x", "a", "b", "a b"}));
  // With '@' the first expanded word is argv[0].
  EXPECT_EQ(Texts(Exec("@/bin/x $FOO c", env).argv),
            (std::vector<std::string>{"/bin/x", "b", "c"}));
}

// ---------------------------------------------------------------------------------------------
// Environment= and EnvironmentFile= (values start at 22 and 26)

TEST(SystemdParseEnvironment, QuotedMultiAssignments) {
  // A 22, b 24, '"' 26, C=d e 27..31, '"' 32, F 34, '\'' 36, g h 37..39, '\'' 40, =bad 42..45,
  // 1X=y 47..50, NOEQ 52..55.
  const auto entries =
      parse_environment_assignment(Line("Environment", "A=b \"C=d e\" F='g h' =bad 1X=y NOEQ"));
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].first, "A");
  EXPECT_EQ(entries[0].second.value.text, "b");
  EXPECT_EQ(entries[0].second.value.offsets, (std::vector<std::uint32_t>{24}));
  EXPECT_EQ(At(entries[0].second.assignment), "[22,25)");
  EXPECT_EQ(entries[1].first, "C");
  EXPECT_EQ(entries[1].second.value.text, "d e");
  EXPECT_EQ(entries[1].second.value.offsets, Offsets({{29, 32}}));
  EXPECT_EQ(At(entries[1].second.assignment), "[26,33)");
  EXPECT_EQ(entries[2].first, "F");
  EXPECT_EQ(entries[2].second.value.text, "g h");
  EXPECT_EQ(entries[2].second.value.offsets, Offsets({{37, 40}}));
  EXPECT_EQ(At(entries[2].second.assignment), "[34,41)");
  EXPECT_EQ(entries[2].second.value.file, kUnit);
}

TEST(SystemdParseEnvironment, EscapesAndSyntaxErrors) {
  // A=\x41 22..27: the decoded byte's offset is its backslash (24).
  const auto escaped = parse_environment_assignment(Line("Environment", "A=\\x41 B=\\s"));
  ASSERT_EQ(escaped.size(), 2u);
  EXPECT_EQ(escaped[0].second.value.text, "A");
  EXPECT_EQ(escaped[0].second.value.offsets, (std::vector<std::uint32_t>{24}));
  EXPECT_EQ(escaped[1].second.value.text, " ");

  // An unknown escape or an unbalanced quote drops the rest of the line.
  const auto broken = parse_environment_assignment(Line("Environment", "A=b C=\\d E=f"));
  ASSERT_EQ(broken.size(), 1u);
  EXPECT_EQ(broken[0].first, "A");
  EXPECT_EQ(parse_environment_assignment(Line("Environment", "A=b \"C=d")).size(), 1u);
  EXPECT_TRUE(parse_environment_assignment(Line("Environment", "")).empty());

  // Empty value, and a later duplicate (the caller keeps the last).
  const auto dup = parse_environment_assignment(Line("Environment", "A= A=x"));
  ASSERT_EQ(dup.size(), 2u);
  EXPECT_EQ(dup[0].second.value.text, "");
  EXPECT_EQ(dup[1].second.value.text, "x");
}

TEST(SystemdParseEnvironment, EnvironmentFile) {
  // -/etc/default/docker 26..45.
  const auto optional =
      parse_environment_file_assignment(Line("EnvironmentFile", "-/etc/default/docker"));
  ASSERT_EQ(optional.size(), 1u);
  EXPECT_EQ(optional[0].path, "/etc/default/docker");
  EXPECT_TRUE(optional[0].optional);
  EXPECT_EQ(At(optional[0].span), "[26,46)");

  const auto plain =
      parse_environment_file_assignment(Line("EnvironmentFile", "/etc//sysconfig/./docker/"));
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0].path, "/etc/sysconfig/docker");
  EXPECT_FALSE(plain[0].optional);

  EXPECT_TRUE(parse_environment_file_assignment(Line("EnvironmentFile", "")).empty());
  EXPECT_TRUE(parse_environment_file_assignment(Line("EnvironmentFile", "etc/docker")).empty());
  EXPECT_TRUE(parse_environment_file_assignment(Line("EnvironmentFile", "-/etc/../x")).empty());
  // Not unquoted: a quoted path is not absolute.
  EXPECT_TRUE(parse_environment_file_assignment(Line("EnvironmentFile", "\"/etc/x\"")).empty());
}

// ---------------------------------------------------------------------------------------------
// ListenStream= (values start at 22)

ListenStream Listen(const std::string& value) {
  const UnitFile u = Parse("[Socket]\nListenStream=" + value + "\n");
  EXPECT_EQ(u.assignments.size(), 1u);
  return u.assignments.empty() ? ListenStream{} : parse_listen_stream(u.assignments.front());
}

TEST(SystemdParseListen, Forms) {
  const ListenStream port = Listen("2375");
  EXPECT_EQ(port.kind, ListenKind::Port);
  EXPECT_EQ(port.port, "2375");
  EXPECT_EQ(port.address, "");
  EXPECT_EQ(At(port.span), "[22,26)");

  const ListenStream v4 = Listen("0.0.0.0:2375");
  EXPECT_EQ(v4.kind, ListenKind::Ipv4Port);
  EXPECT_EQ(v4.address, "0.0.0.0");
  EXPECT_EQ(v4.port, "2375");
  EXPECT_EQ(At(v4.span), "[22,34)");

  const ListenStream v6 = Listen("[::]:2375");
  EXPECT_EQ(v6.kind, ListenKind::Ipv6Port);
  EXPECT_EQ(v6.address, "::");
  EXPECT_EQ(v6.port, "2375");

  const ListenStream unix_path = Listen("/run/docker.sock");
  EXPECT_EQ(unix_path.kind, ListenKind::UnixPath);
  EXPECT_EQ(unix_path.address, "/run/docker.sock");

  const ListenStream abstract = Listen("@docker");
  EXPECT_EQ(abstract.kind, ListenKind::AbstractNamespace);
  EXPECT_EQ(abstract.address, "docker");

  // "[Socket]\n" 0..8, "ListenStream=" 9..21.
  const ListenStream reset = Listen("");
  EXPECT_EQ(reset.kind, ListenKind::Reset);
  EXPECT_EQ(At(reset.span), "[9,22)");

  EXPECT_EQ(Listen("127.0.0.1:2376%lo").port, "2376");
  for (const char* other : {"vsock:2:2375", "docker.sock", "localhost:2375", "99999", "0",
                            "1.2.3:2375", "01.2.3.4:2375", "[::]", "0.0.0.0:"}) {
    SCOPED_TRACE(other);
    EXPECT_EQ(Listen(other).kind, ListenKind::Other);
  }
}

}  // namespace
}  // namespace dl::systemd
