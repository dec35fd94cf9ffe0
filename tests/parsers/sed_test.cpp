// sed invocations: options, script syntax and the texts written, with offsets. Oracle: GNU sed
// 4.9 (`printf 'x\n' | sed SCRIPT | od -c`) for the texts; offsets are positions in the literal
// words, laid out one space apart from offset 100.
#include "parsers/shell/sed.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dl::shell {
namespace {

using namespace std::string_literals;
using Ranges = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
using Kind = SedText::Kind;

constexpr FileId kFile = 4;
constexpr std::uint32_t kBase = 100;

// A command's words after quote removal, as the shell analyzer hands them over: word i starts
// one byte after the end of word i-1, the first at kBase.
struct Cmd {
  std::vector<Word> argv;
  std::vector<SourcedText> texts;

  explicit Cmd(std::initializer_list<std::string> words) {
    std::uint32_t at = kBase;
    for (const std::string& w : words) {
      const auto len = static_cast<std::uint32_t>(w.size());
      argv.push_back(Word{w, Span{kFile, at, at + len}, Span{}, true});
      SourcedText t;
      t.file = kFile;
      for (std::uint32_t j = 0; j < len; ++j) t.append(w[j], at + j);
      texts.push_back(std::move(t));
      at += len + 1;
    }
  }
  // Marks word i as not knowable (a variable defined nowhere).
  Cmd& unknown(std::size_t i) {
    argv[i].known = false;
    texts[i].known = false;
    return *this;
  }
  // File offset of the first occurrence of `needle` in word i.
  std::uint32_t at(std::size_t i, std::string_view needle) const {
    const auto k = argv[i].text.find(needle);
    EXPECT_NE(k, std::string::npos) << needle;
    return argv[i].span.begin + static_cast<std::uint32_t>(k);
  }
  std::optional<SedEdit> parse() const { return parse_sed(argv, texts); }
};

// File span of the first occurrence of `needle` in a written text.
Span span_in(const SedText& t, std::string_view needle) {
  const auto k = t.text.text.find(needle);
  EXPECT_NE(k, std::string::npos) << needle;
  return t.text.span_of(k, k + needle.size());
}

std::vector<std::string> file_names(const SedEdit& e) {
  std::vector<std::string> out;
  for (const Word& w : e.files) out.push_back(w.text);
  return out;
}

std::vector<std::string> written(const SedEdit& e) {
  std::vector<std::string> out;
  for (const SedText& t : e.texts) out.push_back(t.text.text);
  return out;
}

// Every text byte maps into the file, in the script word's bytes.
void expect_consistent(const SedEdit& e) {
  for (const SedText& t : e.texts) {
    EXPECT_EQ(t.text.text.size(), t.text.offsets.size());
    EXPECT_EQ(t.text.file, kFile);
    std::uint32_t prev = 0;
    for (const auto& [b, en] : t.unknown) {
      EXPECT_LE(prev, b);
      EXPECT_LT(b, en);
      EXPECT_LE(en, t.text.text.size());
      prev = en;
    }
  }
}

// ---- the provisioning-script forms ----

TEST(SedParse, SubstituteWithEscapedSlashes) {
  const Cmd c{
      "sudo", "sed", "-i",
      R"(s/^ExecStart=.*/ExecStart=\/usr\/bin\/dockerd -H tcp:\/\/0.0.0.0:2375 -H unix:\/\/\/var\/run\/docker.sock/)",
      "/lib/systemd/system/docker.service"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->in_place);
  EXPECT_TRUE(e->complete);
  EXPECT_EQ(file_names(*e), std::vector<std::string>{"/lib/systemd/system/docker.service"});
  ASSERT_EQ(e->texts.size(), 1u);
  const SedText& t = e->texts[0];
  EXPECT_EQ(t.kind, Kind::Substitute);
  EXPECT_EQ(t.pattern, "^ExecStart=.*");
  EXPECT_EQ(t.text.text,
            "ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375 -H unix:///var/run/docker.sock");
  EXPECT_TRUE(t.unknown.empty());
  // "tcp://0.0.0.0:2375" covers the script bytes `tcp:\/\/0.0.0.0:2375`.
  const std::uint32_t tcp = c.at(3, R"(tcp:\/\/0.0.0.0:2375)");
  EXPECT_EQ(
      span_in(t, "tcp://0.0.0.0:2375"),
      (Span{kFile, tcp, tcp + static_cast<std::uint32_t>(strlen(R"(tcp:\/\/0.0.0.0:2375)"))}));
  // An unescaped '/' maps to the escaped character, not to its backslash.
  const auto k = t.text.text.find("tcp:") + 4;
  EXPECT_EQ(t.text.offsets[k], tcp + 5);
  EXPECT_EQ(t.text.offsets[k + 1], tcp + 7);
  EXPECT_EQ(t.text.offsets[0], c.at(3, "ExecStart=\\/"));
  expect_consistent(*e);
}

TEST(SedParse, HashDelimiterGlobal) {
  const Cmd c{"sed", "-i",
              "s#ExecStart=/usr/bin/dockerd#ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375#g",
              "/lib/systemd/system/docker.service"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  ASSERT_EQ(e->texts.size(), 1u);
  const SedText& t = e->texts[0];
  EXPECT_EQ(t.pattern, "ExecStart=/usr/bin/dockerd");
  EXPECT_EQ(t.text.text, "ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375");
  // No escapes: consecutive offsets from the replacement's first byte.
  const std::uint32_t start = c.at(2, "#ExecStart=/usr/bin/dockerd -H") + 1;
  for (std::size_t i = 0; i < t.text.offsets.size(); ++i) {
    EXPECT_EQ(t.text.offsets[i], start + i);
  }
  EXPECT_TRUE(e->complete);
}

TEST(SedParse, PipeDelimiterDockerOpts) {
  const Cmd c{"sed", "-i", R"(s|^DOCKER_OPTS=.*|DOCKER_OPTS="-H tcp://0.0.0.0:2375"|)",
              "/etc/default/docker"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  ASSERT_EQ(e->texts.size(), 1u);
  EXPECT_EQ(e->texts[0].pattern, "^DOCKER_OPTS=.*");
  EXPECT_EQ(e->texts[0].text.text, R"(DOCKER_OPTS="-H tcp://0.0.0.0:2375")");
  EXPECT_EQ(span_in(e->texts[0], "tcp://0.0.0.0:2375").begin, c.at(2, "tcp://"));
  EXPECT_EQ(file_names(*e), std::vector<std::string>{"/etc/default/docker"});
}

TEST(SedParse, ChangeOneLinerAfterBackslash) {
  const Cmd c{"sed", "-i", "-e",
              R"(/^ExecStart=/c\ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375)",
              "docker.service"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->in_place);
  EXPECT_EQ(file_names(*e), std::vector<std::string>{"docker.service"});
  ASSERT_EQ(e->texts.size(), 1u);
  const SedText& t = e->texts[0];
  EXPECT_EQ(t.kind, Kind::Change);
  EXPECT_EQ(t.pattern, "^ExecStart=");
  EXPECT_EQ(t.text.text, "ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375");
  EXPECT_EQ(t.text.offsets[0], c.at(3, "c\\") + 2);
  EXPECT_EQ(span_in(t, "tcp://0.0.0.0:2375").begin, c.at(3, "tcp://"));
}

TEST(SedParse, AppendOneLinerAfterRegexAddress) {
  const Cmd c{"sed", "-i", R"(/\[Service\]/a   ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375)",
              "f"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  ASSERT_EQ(e->texts.size(), 1u);
  const SedText& t = e->texts[0];
  EXPECT_EQ(t.kind, Kind::Append);
  EXPECT_EQ(t.pattern, R"(\[Service\])");
  // Leading blanks of the one-liner are skipped.
  EXPECT_EQ(t.text.text, "ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375");
  EXPECT_EQ(t.text.offsets[0], c.at(2, "ExecStart"));
}

TEST(SedParse, AppendAtLastLine) {
  const Cmd c{"sed", "-i", R"($a DOCKER_OPTS="-H tcp://0.0.0.0:2375")", "/etc/default/docker"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  ASSERT_EQ(e->texts.size(), 1u);
  EXPECT_EQ(e->texts[0].kind, Kind::Append);
  EXPECT_EQ(e->texts[0].pattern, "");
  EXPECT_EQ(e->texts[0].text.text, R"(DOCKER_OPTS="-H tcp://0.0.0.0:2375")");
  EXPECT_EQ(e->texts[0].text.offsets.back(), c.at(2, "2375\"") + 4);
}

TEST(SedParse, ExtendedRegexBackReference) {
  const Cmd c{"sed", "-i", "-r", R"(s/(ExecStart=.*)/\1 -H tcp:\/\/0.0.0.0:2375/)", "f"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  ASSERT_EQ(e->texts.size(), 1u);
  const SedText& t = e->texts[0];
  EXPECT_EQ(t.pattern, "(ExecStart=.*)");
  EXPECT_EQ(t.text.text, R"(\1 -H tcp://0.0.0.0:2375)");
  EXPECT_EQ(t.unknown, (Ranges{{0, 2}}));
  EXPECT_EQ(t.text.offsets[0], c.at(3, R"(\1)"));
  EXPECT_EQ(t.text.offsets[1], c.at(3, R"(\1)") + 1);
  EXPECT_EQ(span_in(t, "tcp://0.0.0.0:2375").begin, c.at(3, "tcp:"));
}

// ---- a/i/c forms ----

TEST(SedParse, AppendClassicFormWithContinuationLines) {
  const std::string script =
      "/\\[Service\\]/a\\\nExecStart=\\\nExecStart=/usr/bin/dockerd -H fd://\n";
  const Cmd c{"sed", "-i", script, "docker.service"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  ASSERT_EQ(e->texts.size(), 1u);
  const SedText& t = e->texts[0];
  EXPECT_EQ(t.kind, Kind::Append);
  EXPECT_EQ(t.text.text, "ExecStart=\nExecStart=/usr/bin/dockerd -H fd://");
  EXPECT_EQ(t.text.offsets[0], c.at(2, "ExecStart=\\"));
  // The newline after a backslash maps to the newline itself.
  EXPECT_EQ(t.text.offsets[10], c.at(2, "ExecStart=\\") + 11);
  EXPECT_TRUE(e->complete);
}

TEST(SedParse, InsertBackslashKeepsBlanks) {
  // GNU: the byte right after `i\` starts the text, blanks included.
  const Cmd c{"sed", "1i\\  two", "f"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  ASSERT_EQ(e->texts.size(), 1u);
  EXPECT_EQ(e->texts[0].kind, Kind::Insert);
  EXPECT_EQ(e->texts[0].text.text, "  two");
  EXPECT_EQ(e->texts[0].text.offsets[0], c.at(1, " "));
  EXPECT_FALSE(e->in_place);
}

TEST(SedParse, TextBackslashesLoseOneLevel) {
  // `\t` is a tab, `\\` a backslash, `\x` x; `a\\tq` reads as `a\` + `\tq`.
  const Cmd c{"sed", "$a one\\ttwo\\\\three\\zero\n$a\\\\tq", "f"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  EXPECT_EQ(written(*e), (std::vector<std::string>{"one\ttwo\\threezero", "\tq"}));
  const SedText& t = e->texts[0];
  EXPECT_EQ(t.text.offsets[3], c.at(1, "\\ttwo") + 1);
  EXPECT_EQ(t.text.offsets[7], c.at(1, "\\\\three") + 1);
}

TEST(SedParse, TextRunsToEndOfLineThroughSemicolonsAndBraces) {
  const Cmd c{"sed", "$a foo; s/a/b/ }", "f"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  EXPECT_EQ(written(*e), std::vector<std::string>{"foo; s/a/b/ }"});
  EXPECT_TRUE(e->complete);
}

TEST(SedParse, TextContinuesIntoNextExpression) {
  // -e 'a\' -e 'text', and a trailing backslash joining two -e with a newline.
  const Cmd c{"sed", "-e", "$a\\", "-e", "hello", "-e", "1i foo\\", "-e", "bar", "f"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  EXPECT_EQ(written(*e), (std::vector<std::string>{"hello", "foo\nbar"}));
  EXPECT_EQ(e->texts[0].kind, Kind::Append);
  EXPECT_EQ(e->texts[0].text.offsets[0], c.at(4, "hello"));
  EXPECT_EQ(e->texts[1].kind, Kind::Insert);
  EXPECT_EQ(e->texts[1].text.offsets[3], c.at(6, "\\"));  // the joining newline
  EXPECT_EQ(e->texts[1].text.offsets[4], c.at(8, "bar"));
  EXPECT_EQ(file_names(*e), std::vector<std::string>{"f"});
}

TEST(SedParse, TextOpenAtScriptEndIsKeptAsRead) {
  // GNU check_final_program writes such text without escape processing.
  const Cmd c{"sed", "$a foo\\tbar\\", "f"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  EXPECT_EQ(written(*e), std::vector<std::string>{"foo\\tbar"});
}

TEST(SedParse, ChangeWithRangeAndNegation) {
  const Cmd c{"sed", "/^\\[Service\\]/,/^$/!c\\\nX\n\\,^DOCKER,I c  Y\n0,/re/i Z", "f"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->complete);
  ASSERT_EQ(e->texts.size(), 3u);
  EXPECT_EQ(e->texts[0].pattern, "^\\[Service\\]");
  EXPECT_EQ(e->texts[0].text.text, "X");
  EXPECT_EQ(e->texts[1].pattern, "^DOCKER");
  EXPECT_EQ(e->texts[1].text.text, "Y");
  EXPECT_EQ(e->texts[2].pattern, "re");
  EXPECT_EQ(e->texts[2].kind, Kind::Insert);
  EXPECT_EQ(e->texts[2].text.text, "Z");
}

TEST(SedParse, NumericAddressesGiveEmptyPattern) {
  const Cmd c{"sed", "3a x\n1~2i y\n$!c z", "f"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  EXPECT_EQ(written(*e), (std::vector<std::string>{"x", "y", "z"}));
  for (const SedText& t : e->texts) EXPECT_EQ(t.pattern, "");
}

// ---- replacement escapes ----

TEST(SedParse, ReplacementEscapes) {
  // GNU: `a\nb\tc\\d\&e&f\x26g` writes "a", newline, "b", tab, "c\d&e", the match, "f&g".
  const Cmd c{"sed", R"(s/x/a\nb\tc\\d\&e&f\x26g/)", "f"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  ASSERT_EQ(e->texts.size(), 1u);
  const SedText& t = e->texts[0];
  EXPECT_EQ(t.text.text, "a\nb\tc\\d&e&f&g");
  EXPECT_EQ(t.unknown, (Ranges{{9, 10}}));
  const std::uint32_t r = c.at(1, "a\\n");
  EXPECT_EQ(t.text.offsets[1], r + 2);    // newline ← 'n'
  EXPECT_EQ(t.text.offsets[3], r + 5);    // tab ← 't'
  EXPECT_EQ(t.text.offsets[5], r + 8);    // '\' ← second backslash
  EXPECT_EQ(t.text.offsets[7], r + 11);   // '&' ← escaped '&'
  EXPECT_EQ(t.text.offsets[9], r + 13);   // the `&`
  EXPECT_EQ(t.text.offsets[11], r + 16);  // `\x26` ← 'x'
}

TEST(SedParse, CaseConversionMakesTheRestUnknown) {
  const Cmd c{"sed", R"(s/\(x\)/pre&\Upost\1\/x/)", "f"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  ASSERT_EQ(e->texts.size(), 1u);
  EXPECT_EQ(e->texts[0].text.text, R"(pre&\Upost\1/x)");
  EXPECT_EQ(e->texts[0].unknown, (Ranges{{3, 4}, {4, 14}}));
}

TEST(SedParse, EscapedDelimiterAndCharacterClass) {
  // `\,` is the delimiter; a bracket expression may hold the delimiter unescaped.
  const Cmd c{"sed", R"(s,a\,b,c\,d,;s/[/]/x/;s&x&y\&z&)", "f"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  ASSERT_EQ(e->texts.size(), 3u);
  EXPECT_EQ(e->texts[0].pattern, "a,b");
  EXPECT_EQ(e->texts[0].text.text, "c,d");
  EXPECT_EQ(e->texts[0].text.offsets[1], c.at(1, "c\\,") + 2);
  EXPECT_EQ(e->texts[1].pattern, "[/]");
  EXPECT_EQ(e->texts[1].text.text, "x");
  EXPECT_EQ(e->texts[2].text.text, "y&z");  // `\&` with `&` as delimiter: a literal '&'
  EXPECT_TRUE(e->texts[2].unknown.empty());
}

TEST(SedParse, EmptyReplacement) {
  const Cmd c{"sed", "-i", "s/ -H tcp:[^ ]*//", "f"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  ASSERT_EQ(e->texts.size(), 1u);
  EXPECT_EQ(e->texts[0].pattern, " -H tcp:[^ ]*");
  EXPECT_EQ(e->texts[0].text.text, "");
  EXPECT_TRUE(e->texts[0].text.offsets.empty());
  EXPECT_TRUE(e->texts[0].unknown.empty());
}

TEST(SedParse, SubstituteFlags) {
  // The `w` file name runs to the end of the line, `;` included (GNU).
  const Cmd c{"sed", "s/a/b/gI2p;s/c/d/Mw out.txt;s,e,f,\ns/g/date/e", "f"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->complete);
  EXPECT_EQ(written(*e), (std::vector<std::string>{"b", "d", "date"}));
  // `e` runs the result as a command: what is written is its output.
  EXPECT_EQ(e->texts[2].unknown, (Ranges{{0, 4}}));
}

// ---- script structure ----

TEST(SedParse, SemicolonsAndOtherCommands) {
  const Cmd c{"sed",
              "1d;$!N;y/ab/cd/;=;l;l 5;q5;h;G;x;b end;t;T end\n"
              "r /etc/hosts; s/not/parsed/\n# s/comment/x/\n:end\ns/a/b/ ; $a tail",
              "f"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->complete);
  EXPECT_EQ(written(*e), (std::vector<std::string>{"b", "tail"}));
}

TEST(SedParse, Blocks) {
  const Cmd c{"sed", "-i",
              "/^\\[Service\\]/{s/^ExecStart=.*/ExecStart=x/;/y/{p};n}\n/z/ { a\\\nw\n}", "f"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->complete);
  EXPECT_EQ(written(*e), (std::vector<std::string>{"ExecStart=x", "w"}));
  // The enclosing block's address is not inherited.
  EXPECT_EQ(e->texts[1].pattern, "");
}

TEST(SedParse, BlockAcrossExpressions) {
  const Cmd c{"sed", "-e", "/x/{", "-e", "s/x/y/", "-e", "}", "f"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->complete);
  EXPECT_EQ(written(*e), std::vector<std::string>{"y"});
}

TEST(SedParse, UnbalancedBracesAreErrors) {
  const auto open = Cmd{"sed", "/x/{s/a/b/", "f"}.parse();
  ASSERT_TRUE(open);
  EXPECT_FALSE(open->complete);
  const auto close = Cmd{"sed", "s/a/b/;}", "f"}.parse();
  ASSERT_TRUE(close);
  EXPECT_FALSE(close->complete);
  EXPECT_EQ(written(*close), std::vector<std::string>{"b"});
}

TEST(SedParse, EveryExpressionInOrder) {
  const Cmd c{"sed",      "-i",  "-e",   "s/a/b/",       "--expression=s/c/d/",
              "-es/e/f/", "-ne", "$a g", "--expression", "s/h/i/",
              "f1",       "f2"};
  const auto e = c.parse();
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->in_place);
  EXPECT_EQ(written(*e), (std::vector<std::string>{"b", "d", "f", "g", "i"}));
  EXPECT_EQ(file_names(*e), (std::vector<std::string>{"f1", "f2"}));
  EXPECT_EQ(e->texts[1].text.offsets[0], c.at(4, "d/"));
  EXPECT_EQ(e->texts[2].text.offsets[0], c.at(5, "f/"));
}

// ---- options ----

TEST(SedParse, InPlaceForms) {
  for (const std::string opt : {"-i", "-i.bak", "-ri", "-Ei", "-ni", "-si", "--in-place",
                                "--in-place=.orig", "--in-pl", "-ie"}) {
    const auto e = Cmd{"sed", opt, "s/a/b/", "f"}.parse();
    ASSERT_TRUE(e) << opt;
    EXPECT_TRUE(e->in_place) << opt;
    EXPECT_TRUE(e->complete) << opt;
    // `-ie` is in-place with suffix "e": the script is still the first operand.
    EXPECT_EQ(written(*e), std::vector<std::string>{"b"}) << opt;
    EXPECT_EQ(file_names(*e), std::vector<std::string>{"f"}) << opt;
  }
  const auto out = Cmd{"sed", "-n", "-r", "s/a/b/p", "f"}.parse();
  ASSERT_TRUE(out);
  EXPECT_FALSE(out->in_place);
}

TEST(SedParse, OptionsAfterOperandsAndDoubleDash) {
  // GNU getopt permutes: -i after the script and the file still applies.
  const auto e = Cmd{"sed", "s/a/b/", "f", "-i", "--", "-g"}.parse();
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->in_place);
  EXPECT_EQ(written(*e), std::vector<std::string>{"b"});
  EXPECT_EQ(file_names(*e), (std::vector<std::string>{"f", "-g"}));
}

TEST(SedParse, OptionsWithArguments) {
  const auto e =
      Cmd{"sed", "-l", "5",  "-l7", "--line-length=9", "--posix", "--debug", "--follow-symlinks",
          "-s",  "-u", "-z", "-E",  "s/a/b/",          "f"}
          .parse();
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->complete);
  EXPECT_EQ(written(*e), std::vector<std::string>{"b"});
  EXPECT_EQ(file_names(*e), std::vector<std::string>{"f"});
}

TEST(SedParse, WithoutScriptWritesNothing) {
  const auto e = Cmd{"sed", "-i"}.parse();
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->texts.empty());
  EXPECT_TRUE(e->files.empty());
  EXPECT_TRUE(e->complete);
  const auto missing_arg = Cmd{"sed", "-i", "-e"}.parse();
  ASSERT_TRUE(missing_arg);
  EXPECT_TRUE(missing_arg->texts.empty());
  EXPECT_FALSE(missing_arg->complete);
}

TEST(SedParse, HelpAndVersionEditNothing) {
  for (const std::string opt : {"--help", "--version", "--vers"}) {
    const auto e = Cmd{"sed", "-i", opt, "s/a/b/", "f"}.parse();
    ASSERT_TRUE(e) << opt;
    EXPECT_FALSE(e->in_place) << opt;
    EXPECT_TRUE(e->texts.empty()) << opt;
    EXPECT_TRUE(e->files.empty()) << opt;
  }
}

TEST(SedParse, UsageErrorsAreIncomplete) {
  // Unknown option, ambiguous abbreviation (--s: silent/sandbox/separate), value on a flag.
  for (const std::string opt : {"-k", "--frob", "--s", "--quiet=1"}) {
    const auto e = Cmd{"sed", opt, "s/a/b/", "f"}.parse();
    ASSERT_TRUE(e) << opt;
    EXPECT_FALSE(e->complete) << opt;
    EXPECT_EQ(written(*e), std::vector<std::string>{"b"}) << opt;
  }
}

TEST(SedParse, ScriptFileIsUnreadable) {
  const auto e = Cmd{"sed", "-i", "-f", "edit.sed", "-e", "$a x", "--file=more.sed", "f"}.parse();
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->in_place);
  EXPECT_FALSE(e->complete);
  EXPECT_EQ(written(*e), std::vector<std::string>{"x"});
  EXPECT_EQ(file_names(*e), std::vector<std::string>{"f"});
}

TEST(SedParse, PosixAndSandboxModes) {
  const auto one_liner = Cmd{"sed", "--posix", "$a x", "f"}.parse();
  ASSERT_TRUE(one_liner);
  EXPECT_FALSE(one_liner->complete);
  EXPECT_TRUE(one_liner->texts.empty());
  const auto casing = Cmd{"sed", "--posix", R"(s/x/\Ua/)", "f"}.parse();
  ASSERT_TRUE(casing);
  EXPECT_EQ(written(*casing), std::vector<std::string>{"Ua"});
  EXPECT_TRUE(casing->texts[0].unknown.empty());
  const auto sandbox = Cmd{"sed", "--sandbox", "s/a/b/w out", "f"}.parse();
  ASSERT_TRUE(sandbox);
  EXPECT_FALSE(sandbox->complete);
}

// ---- unknowable words ----

TEST(SedParse, UnknownScriptWord) {
  const auto e = Cmd{"sed", "-i", "s/x/$NEW/", "f"}.unknown(2).parse();
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->in_place);
  EXPECT_FALSE(e->complete);
  EXPECT_TRUE(e->texts.empty());
  EXPECT_EQ(file_names(*e), std::vector<std::string>{"f"});
}

TEST(SedParse, UnknownExpressionAmongKnownOnes) {
  const auto e = Cmd{"sed", "-e", "s/a/b/", "-e", "$X", "-e", "s/c/d/", "f"}.unknown(4).parse();
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->complete);
  EXPECT_EQ(written(*e), (std::vector<std::string>{"b", "d"}));
}

TEST(SedParse, UnknownFileAndOptionWords) {
  const auto file = Cmd{"sed", "-i", "s/a/b/", "$UNIT"}.unknown(3).parse();
  ASSERT_TRUE(file);
  EXPECT_TRUE(file->complete);
  ASSERT_EQ(file->files.size(), 1u);
  EXPECT_FALSE(file->files[0].known);
  // An option-like unknown word could be any option.
  const auto opt = Cmd{"sed", "-$OPT", "s/a/b/", "f"}.unknown(1).parse();
  ASSERT_TRUE(opt);
  EXPECT_FALSE(opt->complete);
  EXPECT_EQ(written(*opt), std::vector<std::string>{"b"});
}

TEST(SedParse, UnknownProgramOrNotSed) {
  EXPECT_FALSE(Cmd({"grep", "-r", "s/a/b/", "f"}).parse());
  EXPECT_FALSE(Cmd({"sudo", "tee", "/etc/default/docker"}).parse());
  EXPECT_FALSE(Cmd({"sedx", "s/a/b/"}).parse());
  EXPECT_FALSE(Cmd({"$SED", "-i", "s/a/b/", "f"}).unknown(0).parse());
  EXPECT_FALSE(parse_sed({}, {}));
  for (const auto& c : {Cmd{"/bin/sed", "s/a/b/", "f"}, Cmd{"gsed", "s/a/b/", "f"},
                        Cmd{"sudo", "-E", "env", "LC_ALL=C", "sed", "s/a/b/", "f"}}) {
    const auto e = c.parse();
    ASSERT_TRUE(e) << c.argv[0].text;
    EXPECT_EQ(written(*e), std::vector<std::string>{"b"});
    EXPECT_EQ(file_names(*e), std::vector<std::string>{"f"});
  }
}

// ---- malformed scripts: sed refuses them and edits nothing; texts of the commands before
// the error are kept, the faulty command gives none, complete is false ----

TEST(SedParse, UnterminatedSubstitute) {
  for (const std::string script : {"s/a/b", "s/a", "s", "s/a/b\\", "s/[a/b/"}) {
    const auto e = Cmd{"sed", "-i", "s/x/y/;" + script, "f"}.parse();
    ASSERT_TRUE(e) << script;
    EXPECT_FALSE(e->complete) << script;
    EXPECT_EQ(written(*e), std::vector<std::string>{"y"}) << script;
  }
  // A newline may not end the replacement unescaped; escaped it is a newline.
  const auto nl = Cmd{"sed", "s/a/b\nc/", "f"}.parse();
  ASSERT_TRUE(nl);
  EXPECT_FALSE(nl->complete);
  const auto escaped = Cmd{"sed", "s/a/b\\\nc/", "f"}.parse();
  ASSERT_TRUE(escaped);
  EXPECT_EQ(written(*escaped), std::vector<std::string>{"b\nc"});
}

TEST(SedParse, OtherSyntaxErrors) {
  for (const std::string script :
       {"s/a/b/k", "s/a/b/gg", "s/a/b/0", "k", "1", "/x/!", "/x", "1!!d", "$a", "pq", "+1d", "1,d",
        "0d", ":", "s/x/y/w", "b nowhere", "e"}) {
    const auto e = Cmd{"sed", script, "f"}.parse();
    ASSERT_TRUE(e) << script;
    if (script == "e") {  // `e` alone runs the pattern space: valid, writes no text
      EXPECT_TRUE(e->complete);
      continue;
    }
    EXPECT_FALSE(e->complete) << script;
    EXPECT_TRUE(e->texts.empty()) << script;
  }
}

TEST(SedParse, ExecuteCommandTextIsNotWritten) {
  const auto e = Cmd{"sed", "1e echo hi\n$a x", "f"}.parse();
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->complete);
  EXPECT_EQ(written(*e), std::vector<std::string>{"x"});
}

TEST(SedParse, WordOffsetsFallBackToWordStart) {
  // texts missing: every byte maps to the script word's start.
  Cmd c{"sed", "s/a/tcp:\\/\\/x/", "f"};
  c.texts.clear();
  const auto e = c.parse();
  ASSERT_TRUE(e);
  ASSERT_EQ(e->texts.size(), 1u);
  EXPECT_EQ(e->texts[0].text.text, "tcp://x");
  for (const std::uint32_t o : e->texts[0].text.offsets) EXPECT_EQ(o, c.argv[1].span.begin);
}

// ---- size ----

// Time is measured by bench/, never asserted here; this checks large scripts are handled whole.
TEST(SedParse, HugeScriptsAreHandledWhole) {
  std::string many;
  while (many.size() < 100'000) many += "s/^ExecStart=.*/ExecStart=\\/usr\\/bin\\/dockerd/g;";
  std::string long_text = "$a ";
  long_text.append(100'000, 'x');
  std::string long_repl = "s/a/";
  for (int i = 0; i < 25'000; ++i) long_repl += "\\/&\\1";
  long_repl += "/";
  const auto a = Cmd{"sed", "-i", many, "f"}.parse();
  const auto b = Cmd{"sed", "-i", long_text, "f"}.parse();
  const auto d = Cmd{"sed", "-i", long_repl, "f"}.parse();
  ASSERT_TRUE(a && b && d);
  EXPECT_EQ(
      a->texts.size(),
      many.size() / std::string_view("s/^ExecStart=.*/ExecStart=\\/usr\\/bin\\/dockerd/g;").size());
  EXPECT_EQ(a->texts.back().text.text, "ExecStart=/usr/bin/dockerd");
  ASSERT_EQ(b->texts.size(), 1u);
  EXPECT_EQ(b->texts[0].text.text.size(), 100'000u);
  ASSERT_EQ(d->texts.size(), 1u);
  EXPECT_EQ(d->texts[0].text.text.size(), 25'000u * 4);
  EXPECT_EQ(d->texts[0].unknown.size(), 50'000u);
}

}  // namespace
}  // namespace dl::shell
