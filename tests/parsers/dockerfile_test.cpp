// Dockerfile parsing: instructions, continuations, directives, exec form, flags, heredocs, ENV/
// ARG, FROM and EXPOSE, with exact spans. Oracle: BuildKit's parser (moby/buildkit
// frontend/dockerfile/parser and dockerfile2llb, read for these rules); spans were counted
// from the literal inputs and are checked as the text they cover.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/dockerfile/dockerfile.h"

namespace dl {
namespace {

using namespace std::string_literals;
using dockerfile::Dockerfile;
using dockerfile::Instruction;
using dockerfile::KeyValue;

constexpr FileId kFile = 7;

std::string Sub(std::string_view text, const Span& s) {
  EXPECT_EQ(s.file, kFile);
  EXPECT_LE(s.begin, s.end);
  EXPECT_LE(s.end, text.size());
  if (s.begin > s.end || s.end > text.size()) return "<bad span>";
  return std::string(text.substr(s.begin, s.end - s.begin));
}

void CheckSpan(const Span& s, std::size_t size) {
  EXPECT_EQ(s.file, kFile);
  EXPECT_LE(s.begin, s.end);
  EXPECT_LE(s.end, size);
}

// Invariants every result keeps, whatever the input: arguments only drop bytes (each byte is
// the file byte its offset names, offsets increase), spans lie in the file.
void CheckInvariants(std::string_view text, const Dockerfile& df) {
  for (const Instruction& in : df.instructions) {
    CheckSpan(in.span, text.size());
    CheckSpan(in.keyword_span, text.size());
    EXPECT_FALSE(in.keyword.empty());
    EXPECT_LE(in.span.begin, in.keyword_span.begin);
    EXPECT_LE(in.keyword_span.end, in.span.end);
    const SourcedText& a = in.arguments;
    EXPECT_EQ(a.file, kFile);
    ASSERT_EQ(a.text.size(), a.offsets.size());
    for (std::size_t i = 0; i < a.offsets.size(); ++i) {
      ASSERT_LT(a.offsets[i], text.size());
      ASSERT_EQ(a.text[i], text[a.offsets[i]]) << "byte " << i;
      if (i > 0) {
        ASSERT_LT(a.offsets[i - 1], a.offsets[i]);
      }
    }
    EXPECT_EQ(a.text.find("\r\n"), std::string::npos);  // CRs before a LF are dropped
    for (const Word& w : in.exec_args) CheckSpan(w.span, text.size());
    for (const Word& w : in.flags) CheckSpan(w.span, text.size());
    if (!in.exec_form) {
      EXPECT_TRUE(in.exec_args.empty());
    }
    for (const KeyValue& kv : dockerfile::parse_key_values(in)) {
      CheckSpan(kv.key.span, text.size());
      CheckSpan(kv.value.span, text.size());
    }
    if (const auto from = dockerfile::parse_from(in)) CheckSpan(from->image.span, text.size());
    for (const auto& [word, range] : dockerfile::parse_expose(in)) {
      CheckSpan(word.span, text.size());
      EXPECT_LE(range.first, range.last);
      EXPECT_LE(range.last, 65535u);
    }
  }
  for (const SyntaxError& e : df.problems) {
    CheckSpan(e.span, text.size());
    EXPECT_FALSE(e.message.empty());
  }
}

Dockerfile Parse(std::string_view text) {
  Dockerfile df = dockerfile::parse(text, kFile);
  CheckInvariants(text, df);
  return df;
}

std::vector<std::string> Keywords(const Dockerfile& df) {
  std::vector<std::string> out;
  for (const Instruction& in : df.instructions) out.push_back(in.keyword);
  return out;
}

std::vector<std::string> Problems(const Dockerfile& df) {
  std::vector<std::string> out;
  for (const SyntaxError& e : df.problems) out.push_back(e.message);
  return out;
}

// "text" [written] for each word.
std::vector<std::string> Render(std::string_view text, const std::vector<Word>& words) {
  std::vector<std::string> out;
  for (const Word& w : words) {
    out.push_back(w.text + " [" + Sub(text, w.span) + "]" + (w.known ? "" : " unknown"));
  }
  return out;
}

// key=value [key written] [value written] for each pair.
std::vector<std::string> Render(std::string_view text, const std::vector<KeyValue>& kvs) {
  std::vector<std::string> out;
  for (const KeyValue& kv : kvs) {
    std::string s = kv.key.text + " [" + Sub(text, kv.key.span) + "]";
    if (kv.has_value) s += " = " + kv.value.text + " [" + Sub(text, kv.value.span) + "]";
    if (!kv.key.known || !kv.value.known) s += " unknown";
    out.push_back(s);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lines and keywords

TEST(DockerfileParse, KeywordsAreCaseInsensitiveWithSpans) {
  const std::string text =
      "FROM alpine:3.19\n"
      "run   echo hi  \n"
      "Cmd [\"dockerd\", \"-H\", \"tcp://0.0.0.0:2375\"]\n";
  const Dockerfile df = Parse(text);
  EXPECT_TRUE(df.problems.empty());
  ASSERT_EQ(Keywords(df), (std::vector<std::string>{"FROM", "RUN", "CMD"}));
  const Instruction& run = df.instructions[1];
  EXPECT_EQ(Sub(text, run.keyword_span), "run");
  EXPECT_EQ(Sub(text, run.span), "run   echo hi  ");
  EXPECT_EQ(run.arguments.text, "echo hi");
  EXPECT_EQ(run.arguments.span_of(0, run.arguments.text.size()), (Span{kFile, 23, 30}));
  EXPECT_FALSE(run.exec_form);
  const Instruction& cmd = df.instructions[2];
  EXPECT_EQ(Sub(text, cmd.keyword_span), "Cmd");
  EXPECT_TRUE(cmd.exec_form);
  EXPECT_EQ(Render(text, cmd.exec_args),
            (std::vector<std::string>{"dockerd [dockerd]", "-H [-H]",
                                      "tcp://0.0.0.0:2375 [tcp://0.0.0.0:2375]"}));
  EXPECT_EQ(cmd.exec_args[2].span, (Span{kFile, 56, 74}));
}

TEST(DockerfileParse, UnknownInstructionIsAProblem) {
  const std::string text = "FROM a\nFOO bar\nONBUILD BAR x\nONBUILD RUN ok\nONBUILD FROM b\n";
  const Dockerfile df = Parse(text);
  EXPECT_EQ(Keywords(df),
            (std::vector<std::string>{"FROM", "FOO", "ONBUILD", "ONBUILD", "ONBUILD"}));
  EXPECT_EQ(Problems(df),
            (std::vector<std::string>{"unknown instruction: FOO", "unknown instruction: BAR",
                                      "FROM isn't allowed as an ONBUILD trigger"}));
  EXPECT_EQ(Sub(text, df.problems[0].span), "FOO");
  EXPECT_EQ(Sub(text, df.problems[1].span), "BAR");
  EXPECT_EQ(df.instructions[3].arguments.text, "RUN ok");
}

TEST(DockerfileParse, CommentsAndBlankLinesAreSkipped) {
  const std::string text = "# a comment\n\n   # indented\nFROM a # not a comment\n\t\n";
  const Dockerfile df = Parse(text);
  ASSERT_EQ(Keywords(df), (std::vector<std::string>{"FROM"}));
  EXPECT_EQ(df.instructions[0].arguments.text, "a # not a comment");
  EXPECT_EQ(Sub(text, df.instructions[0].span), "FROM a # not a comment");
}

// ---------------------------------------------------------------------------------------------
// Parser directives

TEST(DockerfileDirectives, BacktickEscapeWindowsStyle) {
  const std::string text =
      "# escape=`\n"
      "\n"
      "FROM mcr.microsoft.com/windows/servercore\n"
      "RUN dir C:\\ `\n"
      "    && echo done\n"
      "WORKDIR C:\\\n"
      "RUN a \\\n"
      "RUN b\n";
  const Dockerfile df = Parse(text);
  EXPECT_TRUE(df.problems.empty());
  EXPECT_EQ(df.escape, '`');
  ASSERT_EQ(Keywords(df), (std::vector<std::string>{"FROM", "RUN", "WORKDIR", "RUN", "RUN"}));
  // The backtick and the newline go; the next line keeps its indentation; `C:\` stays.
  EXPECT_EQ(df.instructions[1].arguments.text, "dir C:\\     && echo done");
  EXPECT_EQ(Sub(text, df.instructions[1].span), "RUN dir C:\\ `\n    && echo done");
  EXPECT_EQ(df.instructions[2].arguments.text, "C:\\");
  EXPECT_EQ(df.instructions[3].arguments.text, "a \\");
}

TEST(DockerfileDirectives, OnlyAtTheTop) {
  {
    const Dockerfile df =
        Parse("# syntax=docker/dockerfile:1\n# check=skip=all\n# escape=`\nFROM a");
    EXPECT_EQ(df.escape, '`');
    EXPECT_TRUE(df.problems.empty());
  }
  {  // Any case, blanks around `=` and after the value.
    const Dockerfile df = Parse("#  EsCaPe =  `  \nRUN a `\n  b\n");
    EXPECT_EQ(df.escape, '`');
    ASSERT_EQ(df.instructions.size(), 1u);
    EXPECT_EQ(df.instructions[0].arguments.text, "a   b");
  }
  // A comment, a blank line or an instruction ends the directives.
  for (const char* text :
       {"# comment\n# escape=`\nRUN a `\nRUN b\n", "\n# escape=`\nRUN a `\nRUN b\n",
        "FROM x\n# escape=`\nRUN a `\nRUN b\n"}) {
    const Dockerfile df = Parse(text);
    EXPECT_EQ(df.escape, '\\') << text;
    EXPECT_TRUE(df.problems.empty()) << text;
    EXPECT_EQ(df.instructions.back().arguments.text, "b") << text;
  }
}

TEST(DockerfileDirectives, InvalidAndRepeated) {
  {
    const std::string text = "# escape=x\nFROM a\n";
    const Dockerfile df = Parse(text);
    EXPECT_EQ(df.escape, '\\');
    ASSERT_EQ(Problems(df),
              (std::vector<std::string>{"invalid escape token \"x\" does not match ` or \\"}));
    EXPECT_EQ(Sub(text, df.problems[0].span), "x");
  }
  {
    const std::string text = "# escape=`\n# escape=\\\nFROM a\n";
    const Dockerfile df = Parse(text);
    EXPECT_EQ(df.escape, '`');
    ASSERT_EQ(Problems(df),
              (std::vector<std::string>{"only one escape parser directive can be used"}));
    EXPECT_EQ(Sub(text, df.problems[0].span), "# escape=\\");
  }
  {  // An empty value is no directive: a comment, which ends the directives.
    const Dockerfile df = Parse("# escape=\n# escape=`\nFROM a\n");
    EXPECT_EQ(df.escape, '\\');
    EXPECT_TRUE(df.problems.empty());
  }
}

// ---------------------------------------------------------------------------------------------
// Line continuations

TEST(DockerfileContinuation, CommentsAndBlankLinesInside) {
  const std::string text =
      "RUN apt-get update && \\  \n"
      "# a comment\n"
      "    # an indented comment\n"
      "\n"
      "    apt-get install -y docker.io \\\n"
      "  && dockerd -H tcp://0.0.0.0:2375\n"
      "CMD x\n";
  const Dockerfile df = Parse(text);
  EXPECT_TRUE(df.problems.empty());
  ASSERT_EQ(Keywords(df), (std::vector<std::string>{"RUN", "CMD"}));
  const Instruction& run = df.instructions[0];
  EXPECT_EQ(
      run.arguments.text,
      "apt-get update &&     apt-get install -y docker.io   && dockerd -H tcp://0.0.0.0:2375");
  EXPECT_EQ(Sub(text, run.span), text.substr(0, text.find("\nCMD")));
  // Offsets jump over the escape, the comments and the blank line.
  const std::size_t at = run.arguments.text.find("    apt-get install");
  EXPECT_EQ(run.arguments.offsets[at - 1], text.find("&& \\") + 2);
  EXPECT_EQ(run.arguments.offsets[at], text.find("    apt-get install"));
  const std::size_t h = run.arguments.text.find("tcp://");
  EXPECT_EQ(run.arguments.span_of(h, h + 18),
            (Span{kFile, static_cast<std::uint32_t>(text.find("tcp://")),
                  static_cast<std::uint32_t>(text.find("tcp://") + 18)}));
}

TEST(DockerfileContinuation, EscapedEscapeEndsTheLine) {
  const std::string text = "RUN echo \\\\\nRUN b\n";
  const Dockerfile df = Parse(text);
  ASSERT_EQ(Keywords(df), (std::vector<std::string>{"RUN", "RUN"}));
  EXPECT_EQ(df.instructions[0].arguments.text, "echo \\\\");
}

TEST(DockerfileContinuation, AtEndOfFileIsFine) {
  for (const std::string& text :
       {"RUN a \\"s, "RUN a \\\n"s, "RUN a \\\n# trailing comment\n"s, "RUN a \\\n\n\n"s}) {
    const Dockerfile df = Parse(text);
    EXPECT_TRUE(df.problems.empty()) << text;
    ASSERT_EQ(df.instructions.size(), 1u) << text;
    EXPECT_EQ(df.instructions[0].arguments.text, "a") << text;
  }
  // An escape alone continues into the next line, which then holds the instruction.
  const Dockerfile df = Parse("\\\nRUN x\n");
  ASSERT_EQ(Keywords(df), (std::vector<std::string>{"RUN"}));
  EXPECT_EQ(df.instructions[0].arguments.text, "x");
}

TEST(DockerfileContinuation, CrLfAndByteOrderMark) {
  const std::string text =
      "\xEF\xBB\xBF# escape=`\r\n"
      "FROM a\r\n"
      "RUN echo `\r\n"
      "  hi\r\n"
      "CMD [\"x\"]\r\n";
  const Dockerfile df = Parse(text);
  EXPECT_EQ(df.escape, '`');
  EXPECT_TRUE(df.problems.empty());
  ASSERT_EQ(Keywords(df), (std::vector<std::string>{"FROM", "RUN", "CMD"}));
  EXPECT_EQ(df.instructions[0].arguments.text, "a");
  EXPECT_EQ(df.instructions[1].arguments.text, "echo   hi");
  EXPECT_EQ(Sub(text, df.instructions[1].span), "RUN echo `\r\n  hi");
  EXPECT_EQ(Sub(text, df.instructions[2].span), "CMD [\"x\"]");
  EXPECT_EQ(Render(text, df.instructions[2].exec_args), (std::vector<std::string>{"x [x]"}));
}

TEST(DockerfileContinuation, SubRangeOfAFile) {
  const std::string text = "xxxRUN a \\\n b\nyyy";
  const Dockerfile df =
      dockerfile::parse(text, kFile, 3, static_cast<std::uint32_t>(text.size() - 3));
  CheckInvariants(text, df);
  ASSERT_EQ(Keywords(df), (std::vector<std::string>{"RUN"}));
  EXPECT_EQ(df.instructions[0].arguments.text, "a  b");
  EXPECT_EQ(Sub(text, df.instructions[0].span), "RUN a \\\n b");
}

// ---------------------------------------------------------------------------------------------
// Exec form

TEST(DockerfileExec, EscapesSpanTheWholeString) {
  const std::string text =
      "ENTRYPOINT [\"a\\\"b\", \"\\u0041\", \"\", \"\\ud83d\\ude00\", \"\\ud800\", \"\xff\"]\n";
  const Dockerfile df = Parse(text);
  ASSERT_EQ(df.instructions.size(), 1u);
  const Instruction& in = df.instructions[0];
  ASSERT_TRUE(in.exec_form);
  EXPECT_EQ(Render(text, in.exec_args),
            (std::vector<std::string>{"a\"b [a\\\"b]", "A [\\u0041]", " []",
                                      "\xF0\x9F\x98\x80 [\\ud83d\\ude00]", "\xEF\xBF\xBD [\\ud800]",
                                      "\xEF\xBF\xBD [\xff]"}));
  // The empty string: an empty span between its quotes.
  EXPECT_EQ(in.exec_args[2].span.begin, text.find("\"\", ") + 1);
  EXPECT_EQ(in.arguments.text, text.substr(11, text.size() - 12));
}

TEST(DockerfileExec, ShellFormFallback) {
  const std::string text =
      "CMD [\"a\", 'b']\n"
      "CMD [\"a\"] trailing\n"
      "RUN [ -f /x ] && echo\n"
      "CMD [\"a\",]\n"
      "CMD []\n"
      "ENTRYPOINT [\"a\", 1]\n";
  const Dockerfile df = Parse(text);
  ASSERT_EQ(df.instructions.size(), 6u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_FALSE(df.instructions[i].exec_form) << i;
  }
  EXPECT_EQ(df.instructions[0].arguments.text, "[\"a\", 'b']");
  EXPECT_TRUE(df.instructions[4].exec_form);
  EXPECT_TRUE(df.instructions[4].exec_args.empty());
  // Valid JSON with a non-string: BuildKit refuses it rather than falling back.
  EXPECT_FALSE(df.instructions[5].exec_form);
  EXPECT_EQ(Problems(df),
            (std::vector<std::string>{"when using JSON array syntax, arrays must be comprised of "
                                      "strings only"}));
}

TEST(DockerfileExec, AcrossContinuationsAndOtherInstructions) {
  const std::string text =
      "CMD [\"dockerd\", \\\n"
      "     \"-H\", \"tcp://0.0.0.0:2375\"]\n"
      "HEALTHCHECK --interval=5s CMD [\"curl\", \"-f\", \"http://localhost:2375/_ping\"]\n"
      "HEALTHCHECK CMD curl -f http://localhost/\n"
      "COPY [\"a b\", \"/c\"]\n"
      "VOLUME [\"/var/run/docker.sock\"]\n"
      "SHELL [\"/bin/bash\", \"-c\"]\n"
      "SHELL /bin/sh -c\n";
  const Dockerfile df = Parse(text);
  ASSERT_EQ(df.instructions.size(), 7u);
  EXPECT_EQ(Render(text, df.instructions[0].exec_args),
            (std::vector<std::string>{"dockerd [dockerd]", "-H [-H]",
                                      "tcp://0.0.0.0:2375 [tcp://0.0.0.0:2375]"}));
  const Instruction& health = df.instructions[1];
  EXPECT_TRUE(health.exec_form);
  EXPECT_EQ(Render(text, health.flags),
            (std::vector<std::string>{"--interval=5s [--interval=5s]"}));
  EXPECT_EQ(health.exec_args.size(), 3u);
  EXPECT_EQ(health.arguments.text.substr(0, 5), "CMD [");
  EXPECT_FALSE(df.instructions[2].exec_form);
  EXPECT_EQ(df.instructions[2].arguments.text, "CMD curl -f http://localhost/");
  EXPECT_EQ(Render(text, df.instructions[3].exec_args),
            (std::vector<std::string>{"a b [a b]", "/c [/c]"}));
  EXPECT_EQ(Render(text, df.instructions[4].exec_args),
            (std::vector<std::string>{"/var/run/docker.sock [/var/run/docker.sock]"}));
  EXPECT_TRUE(df.instructions[5].exec_form);
  EXPECT_FALSE(df.instructions[6].exec_form);
  EXPECT_EQ(Problems(df),
            (std::vector<std::string>{"SHELL requires the arguments to be in JSON form"}));
}

// ---------------------------------------------------------------------------------------------
// Flags

TEST(DockerfileFlags, MountNetworkSecurityBeforeTheCommand) {
  const std::string text =
      "RUN --mount=type=cache,target=/root/.cache --network=host --security=insecure \\\n"
      "    dockerd -H tcp://0.0.0.0:2375\n"
      "RUN --mount=\"type=bind,source=a b\" echo\n"
      "RUN --network host echo hi\n"
      "RUN -x --mount=y\n"
      "RUN --mount=a -- --not-a-flag\n"
      "COPY --from=build --chmod=755 /a /b\n";
  const Dockerfile df = Parse(text);
  ASSERT_EQ(df.instructions.size(), 6u);
  const Instruction& run = df.instructions[0];
  EXPECT_EQ(Render(text, run.flags),
            (std::vector<std::string>{
                "--mount=type=cache,target=/root/.cache [--mount=type=cache,target=/root/.cache]",
                "--network=host [--network=host]", "--security=insecure [--security=insecure]"}));
  EXPECT_EQ(run.arguments.text, "dockerd -H tcp://0.0.0.0:2375");
  EXPECT_EQ(run.arguments.offsets[0], text.find("dockerd"));
  EXPECT_EQ(Render(text, df.instructions[1].flags),
            (std::vector<std::string>{
                "--mount=type=bind,source=a b [--mount=\"type=bind,source=a b\"]"}));
  EXPECT_EQ(df.instructions[1].arguments.text, "echo");
  // A flag without `=` takes the next word as its value.
  EXPECT_EQ(Render(text, df.instructions[2].flags),
            (std::vector<std::string>{"--network=host [--network host]"}));
  EXPECT_EQ(df.instructions[2].arguments.text, "echo hi");
  EXPECT_TRUE(df.instructions[3].flags.empty());
  EXPECT_EQ(df.instructions[3].arguments.text, "-x --mount=y");
  EXPECT_EQ(df.instructions[4].flags.size(), 1u);
  EXPECT_EQ(df.instructions[4].arguments.text, "--not-a-flag");
  EXPECT_EQ(Render(text, df.instructions[5].flags),
            (std::vector<std::string>{"--from=build [--from=build]", "--chmod=755 [--chmod=755]"}));
  EXPECT_EQ(df.instructions[5].arguments.text, "/a /b");
}

// ---------------------------------------------------------------------------------------------
// Heredocs

TEST(DockerfileHeredoc, WholeCommandIsTheScript) {
  const std::string text =
      "RUN <<EOF\n"
      "echo one\n"
      "dockerd -H tcp://0.0.0.0:2375\n"
      "EOF\n"
      "CMD x\n";
  const Dockerfile df = Parse(text);
  EXPECT_TRUE(df.problems.empty());
  ASSERT_EQ(Keywords(df), (std::vector<std::string>{"RUN", "CMD"}));
  const Instruction& run = df.instructions[0];
  EXPECT_EQ(run.arguments.text, "echo one\ndockerd -H tcp://0.0.0.0:2375\n");
  EXPECT_EQ(run.arguments.offsets[0], text.find("echo one"));
  EXPECT_EQ(Sub(text, run.span), "RUN <<EOF\necho one\ndockerd -H tcp://0.0.0.0:2375\nEOF");
  const std::size_t at = run.arguments.text.find("tcp://");
  EXPECT_EQ(Sub(text, run.arguments.span_of(at, at + 18)), "tcp://0.0.0.0:2375");
}

TEST(DockerfileHeredoc, CommandWithHeredocIsReconstituted) {
  const std::string text =
      "RUN mkdir -p /etc/docker && cat <<EOF > /etc/docker/daemon.json\n"
      "{\"hosts\": [\"tcp://0.0.0.0:2375\"]}\n"
      "EOF\n"
      "COPY <<EOF /etc/docker/daemon.json\n"
      "{}\n"
      "EOF\n"
      "RUN <<EOF bash\n"
      "echo hi\n"
      "EOF\n";
  const Dockerfile df = Parse(text);
  EXPECT_TRUE(df.problems.empty());
  ASSERT_EQ(Keywords(df), (std::vector<std::string>{"RUN", "COPY", "RUN"}));
  EXPECT_EQ(df.instructions[0].arguments.text,
            "mkdir -p /etc/docker && cat <<EOF > /etc/docker/daemon.json\n"
            "{\"hosts\": [\"tcp://0.0.0.0:2375\"]}\n"
            "EOF");
  // The newline after the command is the file's own.
  const std::size_t nl = df.instructions[0].arguments.text.find('\n');
  EXPECT_EQ(df.instructions[0].arguments.offsets[nl], text.find('\n'));
  EXPECT_EQ(df.instructions[1].arguments.text, "<<EOF /etc/docker/daemon.json\n{}\nEOF");
  EXPECT_EQ(df.instructions[2].arguments.text, "<<EOF bash\necho hi\nEOF");
}

TEST(DockerfileHeredoc, ChompQuotedAndSeveral) {
  const std::string text =
      "RUN <<-'EOT'\n"
      "\techo $HOME\n"
      "\t\techo b\n"
      "\tEOT\n"
      "RUN cat <<A >a && cat <<\"B\" >b\n"
      "x\n"
      "A\n"
      "y\n"
      "B\n"
      "EXPOSE 1\n";
  const Dockerfile df = Parse(text);
  EXPECT_TRUE(df.problems.empty());
  ASSERT_EQ(Keywords(df), (std::vector<std::string>{"RUN", "RUN", "EXPOSE"}));
  EXPECT_EQ(df.instructions[0].arguments.text, "echo $HOME\necho b\n");
  EXPECT_EQ(Sub(text, df.instructions[0].span), text.substr(0, text.find("\nRUN cat")));
  EXPECT_EQ(df.instructions[1].arguments.text, "cat <<A >a && cat <<\"B\" >b\nx\nA\ny\nB");
}

TEST(DockerfileHeredoc, CrLfShebangAndUnterminated) {
  {
    const Dockerfile df = Parse("RUN <<EOF\r\necho hi\r\nEOF\r\nCMD x\r\n");
    ASSERT_EQ(Keywords(df), (std::vector<std::string>{"RUN", "CMD"}));
    EXPECT_EQ(df.instructions[0].arguments.text, "echo hi\n");
  }
  {
    const Dockerfile df = Parse("RUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n");
    ASSERT_EQ(df.instructions.size(), 1u);
    EXPECT_EQ(df.instructions[0].arguments.text, "#!/usr/bin/env python3\nprint(1)\n");
  }
  {
    const std::string text = "RUN <<EOF\necho hi\nCMD x";
    const Dockerfile df = Parse(text);
    ASSERT_EQ(Keywords(df), (std::vector<std::string>{"RUN"}));
    EXPECT_EQ(df.instructions[0].arguments.text, "echo hi\nCMD x");
    ASSERT_EQ(Problems(df), (std::vector<std::string>{"unterminated heredoc"}));
    EXPECT_EQ(Sub(text, df.problems[0].span), "<<EOF");
    EXPECT_EQ(Sub(text, df.instructions[0].span), text);
  }
}

TEST(DockerfileHeredoc, AfterFlagsAndInOnbuild) {
  const std::string text =
      "RUN --network=host <<EOF\n"
      "dockerd &\n"
      "EOF\n"
      "ONBUILD RUN <<EOF\n"
      "echo later\n"
      "EOF\n"
      "USER x\n";
  const Dockerfile df = Parse(text);
  EXPECT_TRUE(df.problems.empty());
  ASSERT_EQ(Keywords(df), (std::vector<std::string>{"RUN", "ONBUILD", "USER"}));
  EXPECT_EQ(Render(text, df.instructions[0].flags),
            (std::vector<std::string>{"--network=host [--network=host]"}));
  EXPECT_EQ(df.instructions[0].arguments.text, "dockerd &\n");
  // The trigger is not run here: the instruction as written, with its heredoc.
  EXPECT_EQ(df.instructions[1].arguments.text, "RUN <<EOF\necho later\nEOF");
}

TEST(DockerfileHeredoc, NotInExecFormQuotesOrOtherInstructions) {
  const std::string text =
      "RUN [\"cat\", \"<<EOF\"]\n"
      "RUN echo \"<<EOF\" '<<EOF' \\<<EOF\n"
      "CMD cat <<EOF\n"
      "EOF\n";
  const Dockerfile df = Parse(text);
  EXPECT_EQ(Keywords(df), (std::vector<std::string>{"RUN", "RUN", "CMD", "EOF"}));
  EXPECT_EQ(Problems(df), (std::vector<std::string>{"unknown instruction: EOF"}));
}

// ---------------------------------------------------------------------------------------------
// ENV, LABEL, ARG

std::vector<KeyValue> KeyValues(std::string_view text) {
  const Dockerfile df = Parse(text);
  EXPECT_EQ(df.instructions.size(), 1u);
  return df.instructions.empty() ? std::vector<KeyValue>{}
                                 : dockerfile::parse_key_values(df.instructions[0]);
}

TEST(DockerfileKeyValues, EnvKeyValueForm) {
  const std::string text =
      "ENV a=b c=\"d e\" f=g\\ h i=$HOME/x j= k=\"\" \\\n"
      "    l='$y' m=\"a\\\"b\\\\c\\d\" DOCKER_HOST=tcp://0.0.0.0:2375\n";
  EXPECT_EQ(Render(text, KeyValues(text)),
            (std::vector<std::string>{
                "a [a] = b [b]",
                "c [c] = d e [d e]",
                "f [f] = g h [g\\ h]",
                "i [i] = $HOME/x [$HOME/x] unknown",
                "j [j] =  []",
                "k [k] =  []",
                "l [l] = $y [$y]",
                "m [m] = a\"b\\c\\d [a\\\"b\\\\c\\d]",
                "DOCKER_HOST [DOCKER_HOST] = tcp://0.0.0.0:2375 [tcp://0.0.0.0:2375]",
            }));
  const auto kvs = KeyValues(text);
  EXPECT_EQ(kvs[4].value.span.begin, text.find("j=") + 2);    // after the `=`
  EXPECT_EQ(kvs[5].value.span.begin, text.find("k=\"") + 3);  // between the quotes
}

TEST(DockerfileKeyValues, EnvLegacyForm) {
  {
    const std::string text = "ENV DOCKER_OPTS -H tcp://0.0.0.0:2375  --tls=false\n";
    EXPECT_EQ(Render(text, KeyValues(text)),
              (std::vector<std::string>{"DOCKER_OPTS [DOCKER_OPTS] = -H tcp://0.0.0.0:2375  "
                                        "--tls=false [-H tcp://0.0.0.0:2375  --tls=false]"}));
  }
  {
    const std::string text = "ENV DOCKER_TLS_CERTDIR ''\n";
    const auto kvs = KeyValues(text);
    EXPECT_EQ(Render(text, kvs),
              (std::vector<std::string>{"DOCKER_TLS_CERTDIR [DOCKER_TLS_CERTDIR] =  []"}));
    EXPECT_EQ(kvs[0].value.span.begin, text.find("''") + 1);
  }
  {
    const std::string text = "ENV A \"quoted value\" \\\n  continued\n";
    EXPECT_EQ(Render(text, KeyValues(text)),
              (std::vector<std::string>{"A [A] = quoted value   continued [quoted value\" \\\n  "
                                        "continued]"}));
  }
}

TEST(DockerfileKeyValues, ArgAndLabel) {
  const std::string text =
      "ARG VERSION\nARG PORT=2375 HOST=\"0.0.0.0\"\nLABEL \"a.b\"=\"c d\" e=f\n";
  const Dockerfile df = Parse(text);
  EXPECT_TRUE(df.problems.empty());
  ASSERT_EQ(df.instructions.size(), 3u);
  const auto version = dockerfile::parse_key_values(df.instructions[0]);
  ASSERT_EQ(version.size(), 1u);
  EXPECT_FALSE(version[0].has_value);
  EXPECT_EQ(Render(text, version), (std::vector<std::string>{"VERSION [VERSION]"}));
  EXPECT_EQ(
      Render(text, dockerfile::parse_key_values(df.instructions[1])),
      (std::vector<std::string>{"PORT [PORT] = 2375 [2375]", "HOST [HOST] = 0.0.0.0 [0.0.0.0]"}));
  EXPECT_EQ(Render(text, dockerfile::parse_key_values(df.instructions[2])),
            (std::vector<std::string>{"a.b [a.b] = c d [c d]", "e [e] = f [f]"}));
}

TEST(DockerfileKeyValues, WhatBuildKitRefuses) {
  const Dockerfile df = Parse("ENV ONLYKEY\nENV a=b c\nENV\nENV x=\"unterminated\n");
  EXPECT_EQ(Problems(df),
            (std::vector<std::string>{"ENV must have two arguments",
                                      "Syntax error - can't find = in \"c\". Must be of the form: "
                                      "name=value",
                                      "ENV requires at least one argument"}));
  EXPECT_TRUE(dockerfile::parse_key_values(df.instructions[0]).empty());
  EXPECT_EQ(dockerfile::parse_key_values(df.instructions[1]).size(), 1u);
  const auto unterminated = dockerfile::parse_key_values(df.instructions[3]);
  ASSERT_EQ(unterminated.size(), 1u);
  EXPECT_FALSE(unterminated[0].value.known);
  EXPECT_TRUE(dockerfile::parse_key_values(df.instructions[2]).empty());
}

// ---------------------------------------------------------------------------------------------
// FROM

TEST(DockerfileFrom, PlatformAndStageName) {
  const std::string text =
      "FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\n"
      "from docker:24-dind\n"
      "FROM ${BASE}\n"
      "FROM \"quoted\" as x\n"
      "FROM a b\n"
      "FROM a AS 1bad\n";
  const Dockerfile df = Parse(text);
  ASSERT_EQ(df.instructions.size(), 6u);
  const Instruction& first = df.instructions[0];
  EXPECT_EQ(Render(text, first.flags),
            (std::vector<std::string>{"--platform=$BUILDPLATFORM [--platform=$BUILDPLATFORM]"}));
  const auto from = dockerfile::parse_from(first);
  ASSERT_TRUE(from);
  EXPECT_EQ(Render(text, std::vector<Word>{from->image}),
            (std::vector<std::string>{"golang:1.22 [golang:1.22]"}));
  EXPECT_EQ(from->stage_name, "build");
  EXPECT_EQ(Render(text, std::vector<Word>{dockerfile::parse_from(df.instructions[1])->image}),
            (std::vector<std::string>{"docker:24-dind [docker:24-dind]"}));
  EXPECT_EQ(dockerfile::parse_from(df.instructions[1])->stage_name, "");
  EXPECT_EQ(Render(text, std::vector<Word>{dockerfile::parse_from(df.instructions[2])->image}),
            (std::vector<std::string>{"${BASE} [${BASE}] unknown"}));
  EXPECT_EQ(Render(text, std::vector<Word>{dockerfile::parse_from(df.instructions[3])->image}),
            (std::vector<std::string>{"quoted [quoted]"}));
  EXPECT_FALSE(dockerfile::parse_from(df.instructions[4]));
  EXPECT_FALSE(dockerfile::parse_from(Instruction{}));
  EXPECT_EQ(Problems(df),
            (std::vector<std::string>{
                "FROM requires either one or three arguments",
                "invalid name for build stage: \"1bad\", name can't start with a number or "
                "contain symbols"}));
}

// ---------------------------------------------------------------------------------------------
// EXPOSE

TEST(DockerfileExpose, PortsRangesProtocolsAndVariables) {
  const std::string text =
      "EXPOSE 2375 2376/tcp 8000-8010/udp $PORT 0.0.0.0:80:8080 53/UDP 99999 80/xyz 9-1 "
      "\"7000\" ${P:-2375}/tcp 1-2-3 [::1]:1:2 \\\n  4243\n";
  const Dockerfile df = Parse(text);
  ASSERT_EQ(df.instructions.size(), 1u);
  std::vector<std::string> got;
  for (const auto& [word, range] : dockerfile::parse_expose(df.instructions[0])) {
    got.push_back(word.text + " [" + Sub(text, word.span) + "] " + std::to_string(range.first) +
                  "-" + std::to_string(range.last) + (word.known ? "" : " unknown"));
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "2375 [2375] 2375-2375",
                     "2376/tcp [2376/tcp] 2376-2376",
                     "8000-8010/udp [8000-8010/udp] 8000-8010",
                     "$PORT [$PORT] 0-0 unknown",
                     "0.0.0.0:80:8080 [0.0.0.0:80:8080] 8080-8080",
                     "53/UDP [53/UDP] 53-53",
                     "7000 [7000] 7000-7000",
                     "${P:-2375}/tcp [${P:-2375}/tcp] 0-0 unknown",
                     "[::1]:1:2 [[::1]:1:2] 2-2",
                     "4243 [4243] 4243-4243",
                 }));
}

// ---------------------------------------------------------------------------------------------
// Hostile input

TEST(DockerfileGarbage, BinaryNulInvalidUtf8) {
  std::string all;
  for (int round = 0; round < 4; ++round) {
    for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  }
  Parse(all);
  Parse("RUN \xff\xfe\n\xc0\x80 x\n\0\0RUN\0a\n"s);
  Parse("\xEF\xBB\xBF");
  Parse("");
  Parse("\\");
  Parse("RUN <<");
  Parse("RUN <<-\nEOF");
  Parse("RUN <<EOF <<EOF\n\nEOF\n");
  Parse("CMD [\"\\");
  Parse("CMD [\"\\u12\"]");
  Parse("ENV a=\"${\"\nEXPOSE ${\nEXPOSE \"\nFROM '\n");
  Parse("RUN --\nRUN --a\nRUN --a \"\nRUN --a=\"b\\");
  const Dockerfile df = Parse("FOO\xff\xfe bar\n");
  ASSERT_EQ(df.problems.size(), 1u);
  EXPECT_EQ(df.problems[0].message, "unknown instruction: FOO\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(DockerfileGarbage, HugeInput) {
  std::string text = "RUN " + std::string(1 << 20, 'a') + "\n";
  text += "RUN a \\\n";
  for (int i = 0; i < 20000; ++i) text += "  a \\\n";
  text += "  b\n";
  text += "CMD " + std::string(100000, '[') + "\n";
  text += "CMD " + std::string(20000, '[') + std::string(20000, ']') + "\n";
  text += "RUN " + std::string(100000, '"') + "\n";
  text += "FROM " + std::string(70000, 'x') + "\n";
  const Dockerfile df = Parse(text);
  ASSERT_EQ(df.instructions.size(), 6u);
  EXPECT_EQ(df.instructions[0].arguments.text.size(), 1u << 20);
  EXPECT_EQ(df.instructions[1].arguments.text.size(), 2u + 20000 * 4 + 3);  // "a ", "  a "…, "  b"
  EXPECT_FALSE(df.instructions[2].exec_form);  // deeper than Go's 10000 levels: shell form
  EXPECT_FALSE(df.instructions[3].exec_form);
}

// Deterministic random Dockerfiles from interesting tokens: only invariants are checked.
TEST(DockerfileGarbage, RandomTokens) {
  const std::vector<std::string> tokens = {"RUN ",
                                           "CMD ",
                                           "ENV ",
                                           "ARG ",
                                           "FROM ",
                                           "EXPOSE ",
                                           "COPY ",
                                           "ONBUILD ",
                                           "HEALTHCHECK ",
                                           "<<EOF",
                                           "<<-EOF",
                                           "EOF",
                                           "\tEOF",
                                           "\\",
                                           "`",
                                           "\n",
                                           "\r\n",
                                           "\r",
                                           "\"",
                                           "'",
                                           "[",
                                           "]",
                                           ",",
                                           "#",
                                           " ",
                                           "\t",
                                           "--mount=",
                                           "--network",
                                           "\xff",
                                           std::string(1, '\0'),
                                           "=",
                                           "$",
                                           "${",
                                           "}",
                                           "a",
                                           "80",
                                           "-",
                                           "/udp",
                                           ":",
                                           "# escape=`\n",
                                           "\xEF\xBB\xBF",
                                           "\\u",
                                           "\xc2\xa0"};
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  const auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::size_t>(state >> 33);
  };
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const std::size_t n = next() % 60;
    for (std::size_t i = 0; i < n; ++i) text += tokens[next() % tokens.size()];
    Parse(text);
  }
}

// ---------------------------------------------------------------------------------------------
// Real files (/work/shared/corpus/realworld/other)

std::string ReadCorpus(const std::string& name) {
  std::ifstream in(std::string(DL_SOURCE_DIR) + "/../shared/corpus/realworld/other/" + name,
                   std::ios::binary);
  if (!in) return {};
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

#define READ_CORPUS_OR_SKIP(var, name)      \
  const std::string var = ReadCorpus(name); \
  if (var.empty()) GTEST_SKIP() << "corpus file absent: " << name

TEST(DockerfileCorpus, DindOnePortDisablesTlsWithLegacyEnv) {
  READ_CORPUS_OR_SKIP(text, "kieranajp-dind-oneport-Dockerfile");
  const Dockerfile df = Parse(text);
  EXPECT_TRUE(df.problems.empty());
  EXPECT_EQ(Keywords(df), (std::vector<std::string>{"FROM", "FROM", "COPY", "VOLUME", "EXPOSE",
                                                    "ENTRYPOINT", "CMD", "ENV", "ENV", "ENV"}));
  EXPECT_EQ(dockerfile::parse_from(df.instructions[0])->stage_name, "upstream");
  EXPECT_EQ(Render(text, df.instructions[2].flags),
            (std::vector<std::string>{"--from=upstream [--from=upstream]"}));
  const auto exposed = dockerfile::parse_expose(df.instructions[4]);
  ASSERT_EQ(exposed.size(), 1u);
  EXPECT_EQ(Sub(text, exposed[0].first.span), "2375");
  EXPECT_EQ(Render(text, df.instructions[5].exec_args),
            (std::vector<std::string>{"dockerd-entrypoint.sh [dockerd-entrypoint.sh]"}));
  EXPECT_TRUE(df.instructions[6].exec_form);
  EXPECT_TRUE(df.instructions[6].exec_args.empty());
  const auto certdir = dockerfile::parse_key_values(df.instructions[9]);
  ASSERT_EQ(certdir.size(), 1u);
  EXPECT_EQ(certdir[0].key.text, "DOCKER_TLS_CERTDIR");
  EXPECT_EQ(certdir[0].value.text, "");
  EXPECT_TRUE(certdir[0].value.known);
}

TEST(DockerfileCorpus, RunEchoWritesDaemonJson) {
  READ_CORPUS_OR_SKIP(text, "KerberosMorphy-docker-exist-action-Dockerfile");
  const Dockerfile df = Parse(text);
  EXPECT_TRUE(df.problems.empty());
  ASSERT_EQ(Keywords(df), (std::vector<std::string>{"FROM", "RUN", "COPY", "ENTRYPOINT"}));
  EXPECT_EQ(df.instructions[1].arguments.text,
            "mkdir -p /etc/docker && echo '{\"experimental\": true}' > /etc/docker/daemon.json");
  EXPECT_EQ(
      Sub(text, df.instructions[1].arguments.span_of(0, df.instructions[1].arguments.text.size())),
      df.instructions[1].arguments.text);
}

TEST(DockerfileKeyValues, HelpersUseTheFilesEscapeCharacter) {
  // With `# escape=\``, a backslash is an ordinary character (Windows paths).
  const std::string text = "# escape=`\nFROM mcr.microsoft.com/windows\nENV P=C:\\dir Q=a` b\n";
  const Dockerfile df = Parse(text);
  ASSERT_EQ(df.instructions.size(), 2u);
  EXPECT_EQ(df.instructions[1].escape, '`');
  const auto kv = parse_key_values(df.instructions[1]);
  ASSERT_EQ(kv.size(), 2u);
  EXPECT_EQ(kv[0].value.text, "C:\\dir");
  EXPECT_EQ(kv[1].value.text, "a b");
}

}  // namespace
}  // namespace dl
