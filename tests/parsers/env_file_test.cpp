// Shell-sourced env files (/etc/default/docker, /etc/sysconfig/docker, OpenRC conf.d):
// top-level assignments, values after quote removal and expansion, byte offsets, word
// splitting. Oracle: bash 5.2 (`. file; printf '[%s]' "$NAME"`) for values; offsets were
// counted by hand from the literal inputs.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/common/tree_sitter.h"
#include "parsers/envfile/env_file.h"

namespace dl {
namespace {

using namespace std::string_literals;
using envfile::EnvFile;
using envfile::Variable;

constexpr FileId kFile = 5;

ts::Parser& Bash() {
  static ts::Parser parser(ts::Grammar::Bash);
  return parser;
}

std::string Escaped(std::string_view s) {
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (u < 0x20 || u >= 0x7F) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

std::string R(const Span& s) {
  return "[" + std::to_string(s.begin) + "," + std::to_string(s.end) + ")" +
         (s.file == kFile ? "" : " file " + std::to_string(s.file));
}

// NAME [name span] [assignment span] "value" (unknown)
std::string Render(const Variable& v) {
  return v.name + " " + R(v.name_span) + " " + R(v.assignment_span) + " \"" +
         Escaped(v.value.text) + "\"" + (v.value.known ? "" : " unknown");
}

std::vector<std::string> Render(const EnvFile& env) {
  std::vector<std::string> out;
  for (const Variable& v : env.variables) out.push_back(Render(v));
  return out;
}

std::string Errors(const EnvFile& env) {
  std::string out;
  for (const Span& e : env.syntax_errors) out += (out.empty() ? "" : " ") + R(e);
  return out;
}

// Invariants every result keeps, whatever the input.
void CheckInvariants(const EnvFile& env, std::size_t size) {
  EXPECT_EQ(env.file, kFile);
  for (const Variable& v : env.variables) {
    EXPECT_FALSE(v.name.empty());
    EXPECT_EQ(v.value.file, kFile);
    ASSERT_EQ(v.value.text.size(), v.value.offsets.size()) << v.name;
    for (const std::uint32_t offset : v.value.offsets) ASSERT_LT(offset, size) << v.name;
    EXPECT_LE(v.assignment_span.begin, v.name_span.begin);
    EXPECT_LT(v.name_span.end, v.assignment_span.end);
    EXPECT_LE(v.assignment_span.end, size);
  }
  for (const Span& e : env.syntax_errors) {
    EXPECT_EQ(e.file, kFile);
    EXPECT_LE(e.begin, e.end);
    EXPECT_LE(e.end, size);
  }
}

EnvFile Parse(std::string_view text, std::uint32_t begin = 0, std::uint32_t end = UINT32_MAX) {
  EnvFile env = envfile::parse_env_file(Bash(), text, kFile, begin, end);
  CheckInvariants(env, text.size());
  return env;
}

// text[b,e) of each word of the value split like an unquoted $VAR.
std::string Words(const SourcedText& value) {
  std::string out;
  for (const Word& w : envfile::split_words(value)) {
    if (!out.empty()) out += ' ';
    out += Escaped(w.text) + R(w.span);
  }
  return out;
}

const SourcedText& Value(const EnvFile& env, std::string_view name) {
  static const SourcedText kNone;
  const Variable* v = envfile::find(env, name);
  EXPECT_NE(v, nullptr) << name;
  return v ? v->value : kNone;
}

std::vector<std::uint32_t> Offsets(const EnvFile& env, std::string_view name) {
  return Value(env, name).offsets;
}

// ---------------------------------------------------------------------------------------------
// Real files (/work/shared/corpus/realworld/envfile)

std::string ReadCorpus(const std::string& name) {
  std::ifstream in(std::string(DL_SOURCE_DIR) + "/../shared/corpus/realworld/envfile/" + name,
                   std::ios::binary);
  if (!in) return {};
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

#define READ_CORPUS_OR_SKIP(var, name)      \
  const std::string var = ReadCorpus(name); \
  if (var.empty()) GTEST_SKIP() << "corpus file absent: " << name

// Every word's span holds exactly the word (these files have no escapes in the values).
void ExpectWordsAreVerbatim(const std::string& text, const SourcedText& value) {
  for (const Word& w : envfile::split_words(value)) {
    EXPECT_EQ(text.substr(w.span.begin, w.span.end - w.span.begin), w.text);
  }
}

TEST(EnvFileCorpus, SysconfigSelinuxJournaldWithInsecureRegistry) {
  READ_CORPUS_OR_SKIP(text, "SotolitoLabs-sotolitoOS-setup-sysconfig-docker");
  const EnvFile env = Parse(text);
  EXPECT_TRUE(env.syntax_errors.empty());
  // `# DOCKER_TMPDIR=/var/tmp` and `# LOGROTATE=false` are comments.
  EXPECT_EQ(
      Render(env),
      (std::vector<std::string>{
          "OPTIONS [101,108) [101,156) \"--selinux-enabled=false --log-driver=journald\"",
          "DOCKER_CERT_PATH [157,173) [157,185) \"/etc/docker\"",
          "INSECURE_REGISTRY [320,337) [320,383) \"--insecure-registry=http://10.253.0.1:5000 \"",
      }));
  EXPECT_EQ(Words(Value(env, "OPTIONS")),
            "--selinux-enabled=false[110,133) --log-driver=journald[134,155)");
  EXPECT_EQ(Words(Value(env, "INSECURE_REGISTRY")),
            "--insecure-registry=http://10.253.0.1:5000[339,381)");
  ExpectWordsAreVerbatim(text, Value(env, "OPTIONS"));
  ExpectWordsAreVerbatim(text, Value(env, "INSECURE_REGISTRY"));
  EXPECT_EQ(envfile::find(env, "DOCKER_TMPDIR"), nullptr);
  EXPECT_EQ(envfile::find(env, "LOGROTATE"), nullptr);
}

TEST(EnvFileCorpus, DefaultDockerOptsTcpAndUnixHosts) {
  READ_CORPUS_OR_SKIP(text, "marvell-docker_workshop-default-docker");
  const EnvFile env = Parse(text);
  EXPECT_TRUE(env.syntax_errors.empty());
  EXPECT_EQ(Render(env), (std::vector<std::string>{
                             "DOCKER_OPTS [106,117) [106,210) \"--host=tcp://0.0.0.0:2375 "
                             "--host=unix:///var/run/docker.sock --insecure-registry=0.0.0.0/0\"",
                         }));
  EXPECT_EQ(Words(Value(env, "DOCKER_OPTS")),
            "--host=tcp://0.0.0.0:2375[119,144) --host=unix:///var/run/docker.sock[145,179) "
            "--insecure-registry=0.0.0.0/0[180,209)");
  ExpectWordsAreVerbatim(text, Value(env, "DOCKER_OPTS"));
}

TEST(EnvFileCorpus, SysconfigOptionsAfterCommentedOutOptions) {
  READ_CORPUS_OR_SKIP(text, "pymonger-autoscale-verdi-amazon-ami-sysconfig-docker");
  const EnvFile env = Parse(text);
  EXPECT_TRUE(env.syntax_errors.empty());
  // `# OPTIONS="--ip-forward=true …"` and `#OPTIONS="--default-ulimit …"` are comments.
  EXPECT_EQ(Render(env), (std::vector<std::string>{
                             "DAEMON_MAXFILES [168,183) [168,191) \"1048576\"",
                             "OPTIONS [410,417) [410,481) \"--ip-forward=true --iptables=true "
                             "--selinux-enabled -G docker\"",
                             "DAEMON_PIDFILE_TIMEOUT [582,604) [582,607) \"10\"",
                         }));
  EXPECT_EQ(Words(Value(env, "OPTIONS")),
            "--ip-forward=true[419,436) --iptables=true[437,452) --selinux-enabled[453,470) "
            "-G[471,473) docker[474,480)");
  ExpectWordsAreVerbatim(text, Value(env, "OPTIONS"));
}

TEST(EnvFileCorpus, DefaultDockerOptsDashH) {
  READ_CORPUS_OR_SKIP(text, "virgo-agent-toolkit-virgo-vagrant-default-docker");
  const EnvFile env = Parse(text);
  EXPECT_TRUE(env.syntax_errors.empty());
  EXPECT_EQ(Render(env), (std::vector<std::string>{
                             "DOCKER_OPTS [0,11) [0,66) \"-H tcp://0.0.0.0:4243 -H "
                             "unix:///var/run/docker.sock\"",
                         }));
  EXPECT_EQ(Words(Value(env, "DOCKER_OPTS")),
            "-H[13,15) tcp://0.0.0.0:4243[16,34) -H[35,37) unix:///var/run/docker.sock[38,65)");
  ExpectWordsAreVerbatim(text, Value(env, "DOCKER_OPTS"));
}

// ---------------------------------------------------------------------------------------------
// Quoting

TEST(EnvFileQuoting, SingleQuotesAreLiteral) {
  const EnvFile env = Parse("A='$B \\x \"y\"'\n");
  EXPECT_EQ(Render(env), (std::vector<std::string>{"A [0,1) [0,13) \"$B \\x \"y\"\""}));
  EXPECT_EQ(Offsets(env, "A"), (std::vector<std::uint32_t>{3, 4, 5, 6, 7, 8, 9, 10, 11}));
}

TEST(EnvFileQuoting, DoubleQuoteEscapes) {
  // bash: [a\b"c$d`e\f]: only \" \\ \$ \` are escapes inside double quotes.
  const EnvFile env = Parse("F=\"a\\b\\\"c\\$d\\`e\\\\f\"\n");
  EXPECT_EQ(Render(env), (std::vector<std::string>{"F [0,1) [0,19) \"a\\b\"c$d`e\\f\""}));
  EXPECT_EQ(Offsets(env, "F"), (std::vector<std::uint32_t>{3, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17}));
}

TEST(EnvFileQuoting, UnquotedBackslashEscapes) {
  // bash: [a"b c'd\e]
  const EnvFile env = Parse("G=a\\\"b\\ c\\'d\\\\e\n");
  EXPECT_EQ(Render(env), (std::vector<std::string>{"G [0,1) [0,15) \"a\"b c'd\\e\""}));
  EXPECT_EQ(Offsets(env, "G"), (std::vector<std::uint32_t>{2, 4, 5, 7, 8, 10, 11, 13, 14}));
  // The escaped blank is data in the value; an unquoted $G still splits there.
  EXPECT_EQ(Words(Value(env, "G")), "a\"b[2,6) c'd\\e[8,15)");
}

TEST(EnvFileQuoting, AnsiCQuotingIsDecoded) {
  // bash: A A é TAB | ' " \ ESC | ^A | \q; each decoded byte maps to its backslash.
  const EnvFile env = Parse("B=$'\\x41\\101\\u00e9\\t|\\'\\\"\\\\\\e|\\cA|\\q'\n");
  EXPECT_EQ(Render(env),
            (std::vector<std::string>{"B [0,1) [0,37) \"AA\\xc3\\xa9\\t|'\"\\\\x1b|\\x01|\\q\""}));
  EXPECT_EQ(Offsets(env, "B"),
            (std::vector<std::uint32_t>{4, 8, 12, 12, 18, 20, 21, 23, 25, 27, 29, 30, 33, 34, 35}));
  // A NUL escape ends the string (bash: [a]).
  EXPECT_EQ(Render(Parse("F=$'a\\0b' G=$'\\u0000x'")),
            (std::vector<std::string>{"F [0,1) [0,9) \"a\"", "G [10,11) [10,22) \"\""}));
  // $'…' inside double quotes is not ANSI-C quoting.
  EXPECT_EQ(Render(Parse("H=\"$'x'\"")), (std::vector<std::string>{"H [0,1) [0,8) \"$'x'\""}));
}

TEST(EnvFileQuoting, LocaleStringIsADoubleQuotedString) {
  EXPECT_EQ(Render(Parse("A=$\"-H fd://\"\n")),
            (std::vector<std::string>{"A [0,1) [0,13) \"-H fd://\""}));
}

TEST(EnvFileQuoting, ConcatenatedQuotedAndUnquotedParts) {
  const std::string text = "DOCKER_OPTS=\"-H \"tcp://0.0.0.0:2375' --tls=false'\n";
  const EnvFile env = Parse(text);
  EXPECT_TRUE(env.syntax_errors.empty());
  EXPECT_EQ(Render(env), (std::vector<std::string>{
                             "DOCKER_OPTS [0,11) [0,49) \"-H tcp://0.0.0.0:2375 --tls=false\""}));
  EXPECT_EQ(Words(Value(env, "DOCKER_OPTS")),
            "-H[13,15) tcp://0.0.0.0:2375[17,35) --tls=false[37,48)");
}

TEST(EnvFileQuoting, MultiLineDoubleQuotedValueWithBackslashNewline) {
  const std::string text =
      "OPTS=\"--tlsverify \\\n"
      "  -H tcp://0.0.0.0:2376\"\n"
      "export DOCKER_OPTS=${OPTS}\" --debug \"'-H'\" \"fd://\n";
  const EnvFile env = Parse(text);
  EXPECT_TRUE(env.syntax_errors.empty());
  EXPECT_EQ(Render(env),
            (std::vector<std::string>{
                "OPTS [0,4) [0,44) \"--tlsverify   -H tcp://0.0.0.0:2376\"",
                "DOCKER_OPTS [52,63) [45,94) \"--tlsverify   -H tcp://0.0.0.0:2376 --debug -H "
                "fd://\"",
            }));
  // The continuation is removed; the words of the expansion point into OPTS's value.
  EXPECT_EQ(Words(Value(env, "DOCKER_OPTS")),
            "--tlsverify[6,17) -H[22,24) tcp://0.0.0.0:2376[25,43) --debug[73,80) -H[83,85) "
            "fd://[89,94)");
}

TEST(EnvFileQuoting, QuotedNewlinesAreKeptAndSplit) {
  const EnvFile env = Parse("A=\"-H\nfd://\"\nB='x\ty'\n");
  EXPECT_EQ(Render(env), (std::vector<std::string>{"A [0,1) [0,12) \"-H\\nfd://\"",
                                                   "B [13,14) [13,20) \"x\\ty\""}));
  EXPECT_EQ(Words(Value(env, "A")), "-H[3,5) fd://[6,11)");
  EXPECT_EQ(Words(Value(env, "B")), "x[16,17) y[18,19)");
}

TEST(EnvFileQuoting, UnquotedContinuationJoinsTheWord) {
  // tree-sitter-bash ends the word at the backslash and runs `c` as a command; bash reads
  // I=a\ bc.
  const EnvFile env = Parse("I=a\\ b\\\nc\nJ=1 \\\n  K=2\n");
  EXPECT_EQ(Render(env),
            (std::vector<std::string>{"I [0,1) [0,9) \"a bc\"", "J [10,11) [10,13) \"1\"",
                                      "K [18,19) [18,21) \"2\""}));
}

TEST(EnvFileQuoting, BraceOperandsFollowTheirQuoting) {
  // bash: A=[x y] B=['x y'] C=[in ner] D=[a}b] E=[a}b]
  const EnvFile env = Parse(
      "A=${U:-'x y'}\n"
      "B=\"${U:-'x y'}\"\n"
      "C=\"${U:-\"in ner\"}\"\n"
      "D=${U:-a\\}b}\n"
      "E=\"${U:-a\\}b}\"\n");
  EXPECT_EQ(Render(env), (std::vector<std::string>{
                             "A [0,1) [0,13) \"x y\" unknown",
                             "B [14,15) [14,29) \"'x y'\" unknown",
                             "C [30,31) [30,48) \"in ner\" unknown",
                             "D [49,50) [49,61) \"a}b\" unknown",
                             "E [62,63) [62,76) \"a}b\" unknown",
                         }));
}

TEST(EnvFileQuoting, EscapedSingleQuoteIdiom) {
  EXPECT_EQ(Render(Parse("I='it'\\''s' H=\"$\"x$")),
            (std::vector<std::string>{"I [0,1) [0,11) \"it's\"", "H [12,13) [12,19) \"$x$\""}));
}

// ---------------------------------------------------------------------------------------------
// Expansion

TEST(EnvFileExpansion, AppendToEarlierValuePointsIntoIt) {
  const std::string text =
      "DOCKER_OPTS=\"-H unix:///var/run/docker.sock\"\n"
      "DOCKER_OPTS=\"$DOCKER_OPTS -H tcp://0.0.0.0:2375\"\n";
  const EnvFile env = Parse(text);
  EXPECT_EQ(Render(env), (std::vector<std::string>{
                             "DOCKER_OPTS [0,11) [0,44) \"-H unix:///var/run/docker.sock\"",
                             "DOCKER_OPTS [45,56) [45,93) \"-H unix:///var/run/docker.sock -H "
                             "tcp://0.0.0.0:2375\"",
                         }));
  EXPECT_EQ(Words(Value(env, "DOCKER_OPTS")),
            "-H[13,15) unix:///var/run/docker.sock[16,43) -H[71,73) tcp://0.0.0.0:2375[74,92)");
  EXPECT_EQ(envfile::find(env, "DOCKER_OPTS"), &env.variables[1]);
}

TEST(EnvFileExpansion, BracesConcatenationAndQuotedDollar) {
  // bash: C=[presetpostset.x] D=[set$S$S] E=[xy]
  const EnvFile env = Parse("S=set\nC=pre${S}post$S.x\nD=\"${S}\"'$S'\"\\$S\"\nE=x; E+=y\n");
  EXPECT_EQ(Render(env), (std::vector<std::string>{
                             "S [0,1) [0,5) \"set\"",
                             "C [6,7) [6,23) \"presetpostset.x\"",
                             "D [24,25) [24,41) \"set$S$S\"",
                             "E [42,43) [42,45) \"x\"",
                             "E [47,48) [47,51) \"xy\"",
                         }));
  EXPECT_EQ(Offsets(env, "C"),
            (std::vector<std::uint32_t>{8, 9, 10, 2, 3, 4, 15, 16, 17, 18, 2, 3, 4, 21, 22}));
  EXPECT_EQ(Offsets(env, "E"), (std::vector<std::uint32_t>{44, 50}));
}

TEST(EnvFileExpansion, DefaultAlternativeOperatorsOnFileVariables) {
  // bash: [setdaaset]
  const EnvFile env = Parse("S=set\nZ=\nA=${S:-d}${Z:-d}${Z-d}${S:+a}${Z:+a}${Z+a}${S-x}\n");
  EXPECT_EQ(Render(env), (std::vector<std::string>{
                             "S [0,1) [0,5) \"set\"",
                             "Z [6,7) [6,8) \"\"",
                             "A [9,10) [9,57) \"setdaaset\"",
                         }));
  EXPECT_EQ(Offsets(env, "A"), (std::vector<std::uint32_t>{2, 3, 4, 23, 36, 49, 2, 3, 4}));
}

TEST(EnvFileExpansion, OperatorsOnVariablesNotInTheFileKeepTheOperandButAreUnknown) {
  const EnvFile env = Parse("K=${NOPE:-def} L=${NOPE:+alt} M=${NOPE:?msg}\n");
  EXPECT_EQ(Render(env), (std::vector<std::string>{
                             "K [0,1) [0,14) \"def\" unknown",
                             "L [15,16) [15,29) \"alt\" unknown",
                             "M [30,31) [30,44) \"\" unknown",
                         }));
}

TEST(EnvFileExpansion, SubstitutionsAndUnknownVariablesKeepTheLiteralParts) {
  const std::string text = "DOCKER_OPTS=\"-H tcp://$(hostname -i):2375 --tls=false\"\n";
  const EnvFile env = Parse(text);
  EXPECT_EQ(Render(env), (std::vector<std::string>{
                             "DOCKER_OPTS [0,11) [0,54) \"-H tcp://:2375 --tls=false\" unknown"}));
  const std::vector<Word> words = envfile::split_words(Value(env, "DOCKER_OPTS"));
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(words[1].text, "tcp://:2375");
  EXPECT_EQ(words[1].span, (Span{kFile, 16, 41}));
  for (const Word& w : words) EXPECT_FALSE(w.known);
}

TEST(EnvFileExpansion, EachNonLiteralFormIsUnknown) {
  const EnvFile env = Parse(
      "A=`hostname`\n"
      "B=$((2375+1))\n"
      "C=$HOME/x\n"
      "D=${NOPE}\n"
      "E=${A%x}\n"
      "F=$1\n"
      "G=~/certs\n"
      "H=x:~/y\n"
      "I=$[1+1]\n"
      "J=${#A}\n"
      "K=$$\n"
      "L=a~b\n");
  EXPECT_EQ(Render(env), (std::vector<std::string>{
                             "A [0,1) [0,12) \"\" unknown",
                             "B [13,14) [13,26) \"\" unknown",
                             "C [27,28) [27,36) \"/x\" unknown",
                             "D [37,38) [37,46) \"\" unknown",
                             "E [47,48) [47,55) \"\" unknown",
                             "F [56,57) [56,60) \"\" unknown",
                             "G [61,62) [61,70) \"~/certs\" unknown",
                             "H [71,72) [71,78) \"x:~/y\" unknown",
                             "I [79,80) [79,87) \"\" unknown",
                             "J [88,89) [88,95) \"\" unknown",
                             "K [96,97) [96,100) \"\" unknown",
                             "L [101,102) [101,106) \"a~b\"",
                         }));
}

TEST(EnvFileExpansion, OnlyEarlierAssignmentsAreSeen) {
  const EnvFile env = Parse("A=\"-H $B\"\nB=tcp://0.0.0.0\nC=$(x)\nD=\"$C y\"\n");
  EXPECT_EQ(Render(env), (std::vector<std::string>{
                             "A [0,1) [0,9) \"-H \" unknown",
                             "B [10,11) [10,25) \"tcp://0.0.0.0\"",
                             "C [26,27) [26,32) \"\" unknown",
                             "D [33,34) [33,41) \" y\" unknown",
                         }));
}

TEST(EnvFileExpansion, AppendWithoutEarlierAssignmentIsUnknown) {
  EXPECT_EQ(Render(Parse("A+=x\n")), (std::vector<std::string>{"A [0,1) [0,4) \"x\" unknown"}));
}

TEST(EnvFileExpansion, RepeatedDoublingStopsAtTheCopyBudget) {
  std::string text = "A=" + std::string(1024, 'x') + "\n";
  for (int i = 0; i < 40; ++i) text += "A=\"$A$A\"\n";
  const EnvFile env = Parse(text);
  ASSERT_EQ(env.variables.size(), 41u);
  EXPECT_EQ(env.variables[1].value.text.size(), 2048u);
  EXPECT_TRUE(env.variables[1].value.known);
  EXPECT_FALSE(env.variables.back().value.known);
}

// ---------------------------------------------------------------------------------------------
// Which statements assign

TEST(EnvFileStatements, DeclarationBuiltins) {
  const EnvFile env = Parse(
      "export A=1 B=\"2 3\"\n"
      "declare -x C=4\n"
      "readonly D=5\n"
      "typeset E=6\n"
      "local F=7\n"
      "export G\n"
      "declare -i H=1+2\n"
      "export -n I=8\n");
  // The first assignment of a declaration includes the keyword; `local` outside a function
  // is an error; `declare -i` evaluates arithmetic.
  EXPECT_EQ(Render(env), (std::vector<std::string>{
                             "A [7,8) [0,10) \"1\"",
                             "B [11,12) [11,18) \"2 3\"",
                             "C [30,31) [19,33) \"4\"",
                             "D [43,44) [34,46) \"5\"",
                             "E [55,56) [47,58) \"6\"",
                             "H [89,90) [78,94) \"1+2\" unknown",
                             "I [105,106) [95,108) \"8\"",
                         }));
}

TEST(EnvFileStatements, CommentsAreNotAssignments) {
  const EnvFile env = Parse(
      "# DOCKER_OPTS=\"-H tcp://0.0.0.0:2375\"\n"
      "  #DOCKER_OPTS=x\n"
      "DOCKER_OPTS=-H # unix:///x\n"
      "A=\"x\"#c\n"
      "B=x#y # z\n"
      "\n"
      "   \n");
  EXPECT_EQ(Render(env), (std::vector<std::string>{
                             "DOCKER_OPTS [55,66) [55,69) \"-H\"",
                             "A [82,83) [82,89) \"x#c\"",
                             "B [90,91) [90,95) \"x#y\"",
                         }));
}

TEST(EnvFileStatements, CompoundCommandsAndFunctionsAreSkipped) {
  const std::string text =
      "if [ -f /x ]; then\n"
      "  DOCKER_OPTS=\"-H tcp://0.0.0.0:2375\"\n"
      "fi\n"
      "start() { OPTS=1; }\n"
      "case \"$X\" in a) C=1 ;; esac\n"
      "while false; do W=1; done\n"
      "( S=1 )\n"
      "{ G=1; }\n"
      "for i in 1; do F=1; done\n"
      "function g { H=1; }\n"
      "[ -n \"$X\" ] && T=1\n"
      "KEPT=yes\n";
  const EnvFile env = Parse(text);
  EXPECT_TRUE(env.syntax_errors.empty());
  EXPECT_EQ(Render(env), (std::vector<std::string>{"KEPT [215,219) [215,223) \"yes\""}));
  EXPECT_EQ(text.substr(215, 8), "KEPT=yes");
}

TEST(EnvFileStatements, PrefixAssignmentsPipelinesAndConditionals) {
  const EnvFile env = Parse(
      "A=1 dockerd\n"
      "B=2 | cat\n"
      "C=3 &\n"
      "true && D=4\n"
      "E=5 && F=6\n"
      "G=7 || H=8\n"
      "I=9 |\n"
      "  J=10\n"
      "K=11 >/dev/null\n");
  EXPECT_EQ(Render(env), (std::vector<std::string>{
                             "E [40,41) [40,43) \"5\"",
                             "G [51,52) [51,54) \"7\"",
                             "K [75,76) [75,79) \"11\"",
                         }));
}

TEST(EnvFileStatements, SeveralAssignmentsOnOneLine) {
  const EnvFile env = Parse("A=1 B=$A; C=3;D=4 & E=5\n");
  EXPECT_EQ(Render(env), (std::vector<std::string>{
                             "A [0,1) [0,3) \"1\"",
                             "B [4,5) [4,8) \"1\"",
                             "C [10,11) [10,13) \"3\"",
                             "E [20,21) [20,23) \"5\"",
                         }));
  EXPECT_EQ(Offsets(env, "B"), (std::vector<std::uint32_t>{2}));
}

TEST(EnvFileStatements, HeredocBodiesAreSkipped) {
  const EnvFile env = Parse(
      "cat <<EOF >/etc/default/docker\n"
      "DOCKER_OPTS=\"-H tcp://0.0.0.0:2375\"\n"
      "EOF\n"
      "cat <<-'END' | tee x\n"
      "\tX=1\n"
      "\tEND\n"
      "cat <<< \"Y=1\"\n"
      "Z=1\n");
  EXPECT_EQ(Render(env), (std::vector<std::string>{"Z [116,117) [116,119) \"1\""}));
}

TEST(EnvFileStatements, LinesTheGrammarMergesAreReadOneByOne) {
  // tree-sitter-bash folds these lines into one command (a redirect, a backquote) or an
  // ERROR node; the shell reads one statement per line.
  const EnvFile env = Parse(
      "X=1 >/dev/null\n"
      "A=\"x\"#c\n"
      "A=x # c\n"
      "A=x;B=y\n"
      "E=`x` F=2\n"
      "Q=1\n"
      "local L=1\n"
      "C=1 2>/dev/null\n"
      "D=1\n"
      "cat <<EOF\n"
      "N=1\n"
      "EOF\n"
      "O=1\n");
  EXPECT_EQ(Render(env), (std::vector<std::string>{
                             "X [0,1) [0,3) \"1\"",
                             "A [15,16) [15,22) \"x#c\"",
                             "A [23,24) [23,26) \"x\"",
                             "A [31,32) [31,34) \"x\"",
                             "B [35,36) [35,38) \"y\"",
                             "E [39,40) [39,44) \"\" unknown",
                             "F [45,46) [45,48) \"2\"",
                             "Q [49,50) [49,52) \"1\"",
                             "C [63,64) [63,66) \"1\"",
                             "D [79,80) [79,82) \"1\"",
                             "O [101,102) [101,104) \"1\"",
                         }));
}

TEST(EnvFileStatements, SemicolonCommentLineOfSystemdIsIgnored) {
  EXPECT_EQ(Render(Parse("; A=1\n  ;B=2\nC=3\n")),
            (std::vector<std::string>{"C [13,14) [13,16) \"3\""}));
}

TEST(EnvFileStatements, ArraysAndElements) {
  EXPECT_EQ(Render(Parse("A=(1 2)\nB[0]=x\nC+=(3)\nD=after\n")),
            (std::vector<std::string>{
                "A [0,1) [0,7) \"\" unknown",
                "C [15,16) [15,21) \"\" unknown",
                "D [22,23) [22,29) \"after\"",
            }));
}

TEST(EnvFileStatements, SyntaxErrorsAreRecordedAndLaterLinesRead) {
  // An `if` without `fi`: a MISSING node at the end; B is inside the `if`.
  const EnvFile env = Parse("A=1\nif true; then\nB=2\n");
  EXPECT_EQ(Render(env), (std::vector<std::string>{"A [0,1) [0,3) \"1\""}));
  EXPECT_EQ(Errors(env), "[22,22)");

  // A stray `)`: an ERROR node; the next line still counts.
  const EnvFile stray = Parse("A=1\n)\nB=2\n");
  EXPECT_EQ(Render(stray),
            (std::vector<std::string>{"A [0,1) [0,3) \"1\"", "B [6,7) [6,9) \"2\""}));
  EXPECT_EQ(Errors(stray), "[4,5)");

  // The grammar wants a command after a redirect-only line's assignments.

  const EnvFile missing = Parse("X=1 >/dev/null\nA=x;\n");
  EXPECT_EQ(Render(missing),
            (std::vector<std::string>{"X [0,1) [0,3) \"1\"", "A [15,16) [15,18) \"x\""}));
  EXPECT_EQ(Errors(missing), "[18,18)");
}

// ---------------------------------------------------------------------------------------------
// Encoding and ranges

TEST(EnvFileEncoding, CrlfAndByteOrderMark) {
  const std::string text =
      "\xEF\xBB\xBF"
      "DOCKER_OPTS=\"-H unix:///var/run/docker.sock\"\r\n"
      "DOCKER_OPTS=\"$DOCKER_OPTS -H tcp://0.0.0.0:2375\"\r\n"
      "B=plain\r\n"
      "C=\"multi \\\r\n  line\"\r\n"
      "D='a\r\nb'\r\n"
      "# E=1\r\n";
  const EnvFile env = Parse(text);
  EXPECT_TRUE(env.syntax_errors.empty());
  EXPECT_EQ(Render(env), (std::vector<std::string>{
                             "DOCKER_OPTS [3,14) [3,47) \"-H unix:///var/run/docker.sock\"",
                             "DOCKER_OPTS [49,60) [49,97) \"-H unix:///var/run/docker.sock -H "
                             "tcp://0.0.0.0:2375\"",
                             "B [99,100) [99,106) \"plain\"",
                             "C [108,109) [108,127) \"multi   line\"",
                             "D [129,130) [129,137) \"a\\nb\"",
                         }));
  EXPECT_EQ(Words(Value(env, "DOCKER_OPTS")),
            "-H[16,18) unix:///var/run/docker.sock[19,46) -H[75,77) tcp://0.0.0.0:2375[78,96)");
  EXPECT_EQ(Offsets(env, "D"), (std::vector<std::uint32_t>{132, 134, 135}));
}

TEST(EnvFileEncoding, CarriageReturnAtEndOfFile) {
  EXPECT_EQ(Render(Parse("A=x\r")), (std::vector<std::string>{"A [0,1) [0,3) \"x\""}));
  // A CR elsewhere is data.
  EXPECT_EQ(Render(Parse("A=x\ry\n")), (std::vector<std::string>{"A [0,1) [0,5) \"x\\ry\""}));
}

TEST(EnvFileEncoding, ByteRangeOfALargerText) {
  const std::string text = "#!x\nA=1\nB=\"$A 2\"\nC=3\n";
  const EnvFile env = Parse(text, 4, 17);
  EXPECT_EQ(Render(env),
            (std::vector<std::string>{"A [4,5) [4,7) \"1\"", "B [8,9) [8,16) \"1 2\""}));
  EXPECT_TRUE(env.syntax_errors.empty());
  // The byte order mark is skipped at `begin`, not at 0.
  EXPECT_EQ(Render(Parse("xx\xEF\xBB\xBF"
                         "A=1",
                         2)),
            (std::vector<std::string>{"A [5,6) [5,8) \"1\""}));
  // A range that cuts a quoted value leaves it unterminated.
  EXPECT_TRUE(Parse("A=\"abc\"", 0, 5).variables.empty());
  // Out-of-range bounds are clamped.
  EXPECT_EQ(Render(Parse("A=1", 7, 99)), (std::vector<std::string>{}));
}

// ---------------------------------------------------------------------------------------------
// Lookup and splitting

TEST(EnvFileFind, LastAssignmentWins) {
  const EnvFile env = Parse("A=1\nB=2\nA=3\n");
  ASSERT_NE(envfile::find(env, "A"), nullptr);
  EXPECT_EQ(envfile::find(env, "A")->value.text, "3");
  EXPECT_EQ(envfile::find(env, "A"), &env.variables[2]);
  EXPECT_EQ(envfile::find(env, "C"), nullptr);
  EXPECT_EQ(envfile::find(env, "a"), nullptr);
}

TEST(EnvFileSplitWords, ViaAndKnownAreCarried) {
  const EnvFile env = Parse("A=\" \t-H\t\tfd:// \n\"\nB=\"$X -H\"\nC=\nD=' '\n");
  const Span via{9, 100, 112};
  const std::vector<Word> words = envfile::split_words(Value(env, "A"), via);
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[0].text, "-H");
  EXPECT_EQ(words[0].span, (Span{kFile, 5, 7}));
  EXPECT_EQ(words[0].via, via);
  EXPECT_TRUE(words[0].known);
  EXPECT_EQ(words[1].text, "fd://");
  EXPECT_EQ(words[1].span, (Span{kFile, 9, 14}));

  const std::vector<Word> unknown = envfile::split_words(Value(env, "B"));
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].text, "-H");
  EXPECT_FALSE(unknown[0].known);
  EXPECT_FALSE(unknown[0].via.valid());

  EXPECT_TRUE(envfile::split_words(Value(env, "C")).empty());
  EXPECT_TRUE(envfile::split_words(Value(env, "D")).empty());
}

TEST(EnvFileSplitWords, WordBuiltFromALaterAndAnEarlierPartCoversBoth) {
  // The word "yx" has its `y` at 7 and its `x` at 2.
  const EnvFile env = Parse("A=x\nB=\"y$A\"\n");
  EXPECT_EQ(Offsets(env, "B"), (std::vector<std::uint32_t>{7, 2}));
  EXPECT_EQ(Words(Value(env, "B")), "yx[2,8)");
}

// ---------------------------------------------------------------------------------------------
// Hostile input: never crash, never loop

TEST(EnvFileRobustness, UnterminatedConstructsRecordNothing) {
  for (const std::string& bad : {"A='x"s, "A=\"x"s, "A=$'x"s, "A=$(x"s, "A=${x"s, "A=`x"s,
                                 "A=${X:-x"s, "A=\"$(x\""s, "A=(1 2"s}) {
    const EnvFile env = Parse("OK=1\n" + bad + "\nB=2\n");
    EXPECT_EQ(Render(env), (std::vector<std::string>{"OK [0,2) [0,4) \"1\""})) << bad;
    EXPECT_FALSE(env.syntax_errors.empty()) << bad;
  }
}

TEST(EnvFileRobustness, NulBytesAreData) {
  const EnvFile env = Parse("A=1\0B\nC=\"a\0b\"\n"s);
  EXPECT_EQ(Render(env),
            (std::vector<std::string>{"A [0,1) [0,5) \"1\\x00B\"", "C [6,7) [6,13) \"a\\x00b\""}));
}

TEST(EnvFileRobustness, RandomBytes) {
  std::uint32_t state = 12345;
  auto next = [&] {
    state = state * 1103515245u + 12345u;
    return static_cast<char>(state >> 16);
  };
  static constexpr char kShell[] = "AB=$'\"`\\(){}#;&| \n\r\t-:~+[]x0";
  for (int round = 0; round < 40; ++round) {
    std::string text;
    for (int i = 0; i < 4096; ++i) {
      const char c = next();
      // Half the rounds draw from shell punctuation so that the constructs nest.
      text += round % 2 ? kShell[static_cast<unsigned char>(c) % (sizeof(kShell) - 1)] : c;
    }
    Parse(text);
  }
}

TEST(EnvFileRobustness, MegabyteLines) {
  std::string opts;
  for (int i = 0; i < 50000; ++i) opts += "-H tcp://0.0.0.0:2375 ";
  const std::string text = "DOCKER_OPTS=\"" + opts + "\"\nB=" + std::string(1 << 20, 'x');
  const EnvFile env = Parse(text);
  ASSERT_EQ(env.variables.size(), 2u);
  EXPECT_EQ(env.variables[0].value.text, opts);
  const std::vector<Word> words = envfile::split_words(env.variables[0].value);
  ASSERT_EQ(words.size(), 100000u);
  EXPECT_EQ(words.back().span, (Span{kFile, 13 + 22 * 49999 + 3, 13 + 22 * 50000 - 1}));
  EXPECT_EQ(env.variables[1].value.text.size(), std::size_t{1} << 20);
}

TEST(EnvFileRobustness, DeepNesting) {
  std::string subst = "A=";
  for (int i = 0; i < 20000; ++i) subst += "$(";
  EXPECT_TRUE(Parse(subst + "\n").variables.empty());
  std::string braces = "A=";
  for (int i = 0; i < 20000; ++i) braces += "${X:-\"";
  for (int i = 0; i < 20000; ++i) braces += "\"}";
  Parse(braces + "\nB=1\n");
  std::string ok = "A=";
  for (int i = 0; i < 30; ++i) ok += "${X:-";
  ok += "v";
  for (int i = 0; i < 30; ++i) ok += "}";
  EXPECT_EQ(Value(Parse(ok + "\n"), "A").text, "v");
}

}  // namespace
}  // namespace dl
