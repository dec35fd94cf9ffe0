#include "parsers/shell/script.h"

#include <gtest/gtest.h>

#include <string>

namespace dl::shell {
namespace {

Script run(std::string_view text) {
  static ts::Parser parser(ts::Grammar::Bash);
  return analyze_script(parser, text, 7);
}

std::vector<std::string> texts(const Command& c) {
  std::vector<std::string> out;
  for (const Word& w : c.argv) out.push_back(w.text);
  return out;
}

std::string at(std::string_view text, Span s) {
  return std::string(text.substr(s.begin, s.end - s.begin));
}

const Command* find(const Script& s, std::string_view name) {
  for (const Command& c : s.commands) {
    if (!c.argv.empty() && c.argv[0].text == name) return &c;
  }
  return nullptr;
}

using V = std::vector<std::string>;

TEST(ShellScript, BackgroundDockerd) {
  const std::string t = "dockerd -H tcp://0.0.0.0:2375 &\n";
  const Script s = run(t);
  ASSERT_EQ(s.commands.size(), 1u);
  const Command& c = s.commands[0];
  EXPECT_EQ(texts(c), (V{"dockerd", "-H", "tcp://0.0.0.0:2375"}));
  EXPECT_TRUE(c.background);
  EXPECT_TRUE(c.reachable);
  EXPECT_EQ(c.span.begin, 0u);
  EXPECT_EQ(c.span.end, 29u);
  EXPECT_EQ(c.argv[2].span.begin, 11u);
  EXPECT_EQ(c.argv[2].span.end, 29u);
  EXPECT_EQ(c.argv[2].span.file, 7u);
  EXPECT_FALSE(c.argv[2].via.valid());
  EXPECT_TRUE(s.syntax_errors.empty());
}

TEST(ShellScript, Wrappers) {
  const Script s = run("sudo nohup /usr/bin/dockerd --tls=false\n");
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_EQ(texts(s.commands[0]), (V{"sudo", "nohup", "/usr/bin/dockerd", "--tls=false"}));
  EXPECT_FALSE(s.commands[0].background);
}

TEST(ShellScript, UnquotedVariableSplits) {
  const std::string t = "OPTS=\"-H tcp://0.0.0.0:2375\"; dockerd $OPTS\n";
  const Script s = run(t);
  const Command* c = find(s, "dockerd");
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(texts(*c), (V{"dockerd", "-H", "tcp://0.0.0.0:2375"}));
  EXPECT_EQ(c->argv[1].span.begin, 6u);
  EXPECT_EQ(c->argv[1].span.end, 8u);
  EXPECT_EQ(at(t, c->argv[2].span), "tcp://0.0.0.0:2375");
  EXPECT_EQ(c->argv[2].span.begin, 9u);
  EXPECT_EQ(at(t, c->argv[1].via), "$OPTS");
  EXPECT_EQ(c->argv[2].via.begin, 38u);
  EXPECT_TRUE(c->argv[2].known);
  EXPECT_FALSE(c->argv[0].via.valid());
}

TEST(ShellScript, QuotedVariableOneWord) {
  const std::string t = "OPTS=\"-H tcp://0.0.0.0:2375\"\ndockerd \"$OPTS\"\n";
  const Script s = run(t);
  const Command* c = find(s, "dockerd");
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(texts(*c), (V{"dockerd", "-H tcp://0.0.0.0:2375"}));
  EXPECT_EQ(c->argv[1].span.begin, 6u);
  EXPECT_EQ(c->argv[1].span.end, 27u);
  EXPECT_EQ(at(t, c->argv[1].via), "$OPTS");
}

TEST(ShellScript, Arrays) {
  const std::string t = "A=(-H \"tcp://0.0.0.0:2375 x\")\ndockerd \"${A[@]}\"\ndockerd ${A[@]}\n";
  const Script s = run(t);
  ASSERT_EQ(s.commands.size(), 2u);
  EXPECT_EQ(texts(s.commands[0]), (V{"dockerd", "-H", "tcp://0.0.0.0:2375 x"}));
  EXPECT_EQ(at(t, s.commands[0].argv[2].span), "tcp://0.0.0.0:2375 x");
  EXPECT_EQ(at(t, s.commands[0].argv[2].via), "${A[@]}");
  EXPECT_EQ(texts(s.commands[1]), (V{"dockerd", "-H", "tcp://0.0.0.0:2375", "x"}));
}

TEST(ShellScript, DefaultValue) {
  const std::string t = "dockerd -H ${H:-tcp://0.0.0.0:2375}\nH=unix:///s\ndockerd -H ${H:-x}\n";
  const Script s = run(t);
  ASSERT_EQ(s.commands.size(), 2u);
  // H unassigned at that point: the default, but the environment may set H.
  EXPECT_EQ(s.commands[0].argv[2].text, "tcp://0.0.0.0:2375");
  EXPECT_EQ(at(t, s.commands[0].argv[2].span), "tcp://0.0.0.0:2375");
  EXPECT_FALSE(s.commands[0].argv[2].known);
  EXPECT_EQ(s.commands[1].argv[2].text, "unix:///s");
  EXPECT_TRUE(s.commands[1].argv[2].known);
  const Script e = run("H=\nd ${H:-tcp://0.0.0.0:2375}\n");
  ASSERT_EQ(e.commands.size(), 1u);
  EXPECT_EQ(e.commands[0].argv[1].text, "tcp://0.0.0.0:2375");
  EXPECT_TRUE(e.commands[0].argv[1].known);
}

TEST(ShellScript, DeclarationForms) {
  const std::string t =
      "export A=\"-H tcp://0.0.0.0:2375\"\nreadonly B=-D\nf() {\n  local C=--tls=false\n"
      "  dockerd $A $B $C\n}\nf\n";
  const Script s = run(t);
  const Command* c = find(s, "dockerd");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(texts(*c), (V{"dockerd", "-H", "tcp://0.0.0.0:2375", "-D", "--tls=false"}));
  for (const Word& w : c->argv) EXPECT_TRUE(w.known) << w.text;
  EXPECT_TRUE(c->reachable);
}

TEST(ShellScript, NestedCommands) {
  const std::string t =
      "if true; then dockerd -a; fi\ncase $x in a) dockerd -b ;; esac\n"
      "X=$(dockerd -c)\necho hi | dockerd -d\ntrue && dockerd -e\n"
      "while false; do dockerd -f; done\n( dockerd -g )\n{ dockerd -h; }\necho `dockerd -i`\n";
  const Script s = run(t);
  std::string flags;
  for (const Command& c : s.commands) {
    if (c.argv.size() == 2 && c.argv[0].text == "dockerd") flags += c.argv[1].text.substr(1);
  }
  EXPECT_EQ(flags, "abcdefghi");
  EXPECT_TRUE(s.syntax_errors.empty());
}

TEST(ShellScript, ShellDashC) {
  const std::string t = "bash -c 'dockerd -H tcp://0.0.0.0:2375'\nsudo sh -c \"dockerd -D\"\n";
  const Script s = run(t);
  ASSERT_EQ(s.commands.size(), 4u);
  const Command& c = s.commands[1];
  EXPECT_EQ(texts(c), (V{"dockerd", "-H", "tcp://0.0.0.0:2375"}));
  EXPECT_EQ(c.span.begin, 9u);
  EXPECT_EQ(c.span.end, 38u);
  EXPECT_EQ(at(t, c.argv[2].span), "tcp://0.0.0.0:2375");
  EXPECT_EQ(c.argv[2].span.begin, 20u);
  EXPECT_EQ(texts(s.commands[3]), (V{"dockerd", "-D"}));
  EXPECT_EQ(at(t, s.commands[3].span), "dockerd -D");
}

TEST(ShellScript, UnknownParts) {
  const Script s = run("dockerd -H tcp://$(hostname):2375 $1 $NOPE \"$@\"\n");
  const Command* c = find(s, "dockerd");
  ASSERT_NE(c, nullptr);
  ASSERT_GE(c->argv.size(), 4u);
  EXPECT_TRUE(c->argv[1].known);
  EXPECT_FALSE(c->argv[2].known);
  EXPECT_EQ(c->argv[2].text, "tcp://:2375");
  EXPECT_FALSE(c->argv[3].known);
  EXPECT_FALSE(c->argv[4].known);
  ASSERT_NE(find(s, "hostname"), nullptr);
}

TEST(ShellScript, ConditionalAssignmentIsUnknownAfter) {
  const Script s =
      run("O=-D\nif x; then O=\"-H tcp://0.0.0.0:2375\"; dockerd $O; fi\ndockerd $O\n");
  ASSERT_EQ(s.commands.size(), 3u);
  EXPECT_TRUE(s.commands[1].argv[2].known);
  EXPECT_EQ(s.commands[1].argv[2].text, "tcp://0.0.0.0:2375");
  EXPECT_FALSE(s.commands[2].argv[1].known);
}

TEST(ShellScript, ExitMakesLaterUnreachable) {
  const Script s = run("dockerd -a\nif x; then exit 1; fi\ndockerd -b\nexit 0\ndockerd -c\n");
  std::vector<bool> r;
  for (const Command& c : s.commands) {
    if (c.argv[0].text == "dockerd") r.push_back(c.reachable);
  }
  EXPECT_EQ(r, (std::vector<bool>{true, true, false}));
}

TEST(ShellScript, FunctionReachability) {
  const Script s =
      run("unused() { dockerd -a; }\nstart() { helper; }\nhelper() { dockerd -b; }\n"
          "# dockerd -c\nstart\n");
  ASSERT_EQ(s.commands.size(), 4u);
  EXPECT_EQ(s.commands[0].argv[1].text, "-a");
  EXPECT_FALSE(s.commands[0].reachable);
  EXPECT_TRUE(s.commands[1].reachable);  // helper
  EXPECT_EQ(s.commands[2].argv[1].text, "-b");
  EXPECT_TRUE(s.commands[2].reachable);
  EXPECT_TRUE(s.commands[3].reachable);
}

TEST(ShellScript, SyntaxErrorElsewhere) {
  const Script s = run("echo a )\ndockerd -H tcp://0.0.0.0:2375\n");
  EXPECT_FALSE(s.syntax_errors.empty());
  EXPECT_NE(find(s, "dockerd"), nullptr);
}

TEST(ShellScript, CrlfAndBom) {
  const std::string t = "\xEF\xBB\xBFO='-H x'\r\ndockerd $O \\\r\n  -D\r\n";
  const Script s = run(t);
  ASSERT_EQ(s.commands.size(), 1u);
  EXPECT_EQ(texts(s.commands[0]), (V{"dockerd", "-H", "x", "-D"}));
  EXPECT_EQ(s.commands[0].span.begin, 13u);
  EXPECT_EQ(at(t, s.commands[0].argv[2].span), "x");
  EXPECT_TRUE(s.syntax_errors.empty());
}

TEST(ShellScript, HostileInput) {
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "$(";
  run(deep);
  std::string nul("dockerd \0 -H\0x $(\0", 19);
  run(nul);
  run("\"'`${(((}}))\\");
  std::string garbage;
  for (int i = 0; i < 5000; ++i) garbage += static_cast<char>((i * 7919) % 256);
  run(garbage);
  std::string grow = "A=x\n";
  for (int i = 0; i < 40; ++i) grow += "A=\"$A$A\"\n";
  grow += "d $A\n";
  run(grow);
  SUCCEED();
}

// ---- files written by the script ----

// The text of a write with its unknown ranges shown as [..].
std::string shown(const WrittenText& w) {
  std::string out;
  for (std::size_t k = 0; k < w.text.text.size(); ++k) {
    for (const auto& [b, e] : w.unknown) {
      if (b == k) out += '[';
    }
    out += w.text.text[k];
    for (const auto& [b, e] : w.unknown) {
      if (e == k + 1) out += ']';
    }
  }
  return out;
}

// The file bytes the write's text[b, e) came from.
std::string source_of(std::string_view script, const WrittenText& w, std::size_t b, std::size_t e) {
  return at(script, w.text.span_of(b, e));
}

TEST(ShellWrites, HeredocToFileWithKnownAndUnknownExpansions) {
  const std::string t =
      "PORT=2375\ncat <<EOF > /etc/docker/daemon.json\n{\"hosts\": [\"tcp://$IP:$PORT\"]}\nEOF\n";
  const Script s = run(t);
  ASSERT_EQ(s.writes.size(), 1u);
  const FileWrite& w = s.writes[0];
  EXPECT_EQ(w.target.text, "/etc/docker/daemon.json");
  EXPECT_EQ(at(t, w.target.span), "/etc/docker/daemon.json");
  EXPECT_FALSE(w.append);
  EXPECT_EQ(shown(w.content), "{\"hosts\": [\"tcp://[$IP]:2375\"]}\n");
  // The port's bytes come from the assignment.
  const auto port = w.content.text.text.find("2375");
  EXPECT_EQ(w.content.text.offsets[port], t.find("2375"));
  EXPECT_EQ(source_of(t, w.content, 0, 9), "{\"hosts\":");
}

TEST(ShellWrites, QuotedDelimiterKeepsDollarsAndDashStripsTabs) {
  const std::string t = "cat > /etc/default/docker <<-'EOF'\n\tDOCKER_OPTS=\"-H $X\"\n\tEOF\n";
  const Script s = run(t);
  ASSERT_EQ(s.writes.size(), 1u);
  EXPECT_EQ(shown(s.writes[0].content), "DOCKER_OPTS=\"-H $X\"\n");
  EXPECT_EQ(s.writes[0].content.text.offsets[0], t.find("DOCKER_OPTS"));
}

TEST(ShellWrites, UnquotedHeredocEscapes) {
  const std::string t = "cat >f <<EOF\na \\$b \\\\ c\\\nd\nEOF\n";
  const Script s = run(t);
  ASSERT_EQ(s.writes.size(), 1u);
  EXPECT_EQ(shown(s.writes[0].content), "a $b \\ cd\n");
}

TEST(ShellWrites, HeredocPipedIntoSudoTeeAppend) {
  const std::string t =
      "cat <<'X' | sudo tee -a /etc/default/docker >/dev/null\nDOCKER_OPTS=\"-H "
      "tcp://0.0.0.0:2375\"\nX\n";
  const Script s = run(t);
  ASSERT_EQ(s.writes.size(), 1u);
  EXPECT_EQ(s.writes[0].target.text, "/etc/default/docker");
  EXPECT_TRUE(s.writes[0].append);
  EXPECT_EQ(shown(s.writes[0].content), "DOCKER_OPTS=\"-H tcp://0.0.0.0:2375\"\n");
}

TEST(ShellWrites, EchoToFileAndPipeToTee) {
  const std::string t =
      "echo '{\"tls\": true}' > /etc/docker/daemon.json\n"
      "echo -n \"{\\\"hosts\\\": [\\\"tcp://$ADDR\\\"]}\" | tee /etc/docker/daemon.json\n";
  const Script s = run(t);
  ASSERT_EQ(s.writes.size(), 2u);
  EXPECT_EQ(shown(s.writes[0].content), "{\"tls\": true}\n");
  EXPECT_EQ(s.writes[0].content.text.offsets[0], t.find("{"));
  EXPECT_EQ(shown(s.writes[1].content), "{\"hosts\": [\"tcp://[$ADDR]\"]}");
  EXPECT_FALSE(s.writes[1].append);
}

TEST(ShellWrites, EchoEscapesAndPrintf) {
  const std::string t =
      "echo -e '[Service]\\nExecStart=' > a.conf\n"
      "printf '%s\\n' '[Service]' 'ExecStart=' > b.conf\n"
      "printf '[Socket]\\nListenStream=%d\\n' 2375 > c.socket\n";
  const Script s = run(t);
  ASSERT_EQ(s.writes.size(), 3u);
  EXPECT_EQ(shown(s.writes[0].content), "[Service]\nExecStart=\n");
  EXPECT_EQ(shown(s.writes[1].content), "[Service]\nExecStart=\n");
  EXPECT_EQ(shown(s.writes[2].content), "[Socket]\nListenStream=2375\n");
  EXPECT_EQ(source_of(t, s.writes[2].content, 22, 26), "2375");
}

TEST(ShellWrites, SubstitutionAndDevNullAreNotWrites) {
  const Script s = run("echo hi >/dev/null\necho hi 2> err.log\nx=$(cat <<EOF\na\nEOF\n)\n");
  EXPECT_TRUE(s.writes.empty());
}

TEST(ShellWrites, ShellCStringWrites) {
  const std::string t = "sudo sh -c 'echo \"{}\" > /etc/docker/daemon.json'\n";
  const Script s = run(t);
  ASSERT_EQ(s.writes.size(), 1u);
  EXPECT_EQ(s.writes[0].target.text, "/etc/docker/daemon.json");
  EXPECT_EQ(source_of(t, s.writes[0].content, 0, 2), "{}");
}

TEST(ShellWrites, UnreachableWritesAreMarked) {
  const Script s = run("exit 0\necho x > /etc/default/docker\n");
  ASSERT_EQ(s.writes.size(), 1u);
  EXPECT_FALSE(s.writes[0].reachable);
}

TEST(ShellWrites, HerestringIntoTee) {
  const Script s = run("tee /etc/docker/daemon.json <<< '{}'\n");
  ASSERT_EQ(s.writes.size(), 1u);
  EXPECT_EQ(shown(s.writes[0].content), "{}\n");
}

TEST(ShellAssignments, ExportPrefixAndPlain) {
  const std::string t =
      "export DOCKER_HOST=tcp://docker:2375\nDOCKER_TLS_VERIFY=0 docker ps\nA=$(x)\n"
      "declare -x B=1\n";
  const Script s = run(t);
  ASSERT_EQ(s.assignments.size(), 4u);
  EXPECT_EQ(s.assignments[0].name, "DOCKER_HOST");
  EXPECT_TRUE(s.assignments[0].exported);
  EXPECT_FALSE(s.assignments[0].prefix);
  EXPECT_EQ(at(t, s.assignments[0].value.span), "tcp://docker:2375");
  EXPECT_EQ(s.assignments[1].name, "DOCKER_TLS_VERIFY");
  EXPECT_TRUE(s.assignments[1].prefix);
  EXPECT_EQ(s.assignments[1].value.text, "0");
  EXPECT_FALSE(s.assignments[2].exported);
  EXPECT_FALSE(s.assignments[2].value.known);
  EXPECT_TRUE(s.assignments[3].exported);
}

TEST(ShellScript, ExecEndsTheScript) {
  const Script s = run("exec >log 2>&1\necho a\nexec dockerd\necho b\n");
  ASSERT_EQ(s.commands.size(), 4u);
  EXPECT_TRUE(s.commands[1].reachable);
  EXPECT_TRUE(s.commands[2].reachable);
  EXPECT_FALSE(s.commands[3].reachable);
}

}  // namespace
}  // namespace dl::shell
