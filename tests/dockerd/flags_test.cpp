// dockerd's flag table and pflag-style argument parsing (dockerd-semantics.md §1.3, §2.1, §6),
// and the recognition of argv that start a Docker daemon.
#include "linter/dockerd/flags.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "linter/dockerd/daemon_options.h"

namespace dl::dockerd {
namespace {

constexpr FileId kFile = 3;

// Words as if written literally on one line, separated by single spaces, in file kFile.
std::vector<Word> Words(std::initializer_list<std::string_view> texts) {
  std::vector<Word> words;
  std::uint32_t offset = 0;
  for (std::string_view text : texts) {
    Word w;
    w.text = std::string(text);
    w.span = Span{kFile, offset, static_cast<std::uint32_t>(offset + text.size())};
    words.push_back(w);
    offset += static_cast<std::uint32_t>(text.size()) + 1;
  }
  return words;
}

// The bytes [from, to) of word i (to = end of the word by default).
Span At(const std::vector<Word>& words, std::size_t i, std::size_t from = 0,
        std::size_t to = std::string::npos) {
  const Span& s = words[i].span;
  const std::uint32_t end = to == std::string::npos ? s.end : s.begin + static_cast<uint32_t>(to);
  return Span{s.file, s.begin + static_cast<std::uint32_t>(from), end};
}

Span EndOf(const std::vector<Word>& words, std::size_t i) {
  return Span{kFile, words[i].span.end, words[i].span.end};
}

DaemonArgs Parse(const std::vector<Word>& words) {
  return parse_daemon_args(words);
}

// ---------------------------------------------------------------------------------------
// The table.

struct TableRow {
  std::string_view name;
  char shorthand;
  bool is_bool;
  std::string_view config_key;
};

TEST(DockerdFlagsTable, BriefFlags) {
  const TableRow rows[] = {
      {"host", 'H', false, "hosts"},
      {"tls", 0, true, "tls"},
      {"tlsverify", 0, true, "tlsverify"},
      {"tlscacert", 0, false, "tlscacert"},
      {"tlscert", 0, false, "tlscert"},
      {"tlskey", 0, false, "tlskey"},
      {"config-file", 0, false, "config-file"},
      {"debug", 'D', true, "debug"},
      {"log-level", 'l', false, "log-level"},
      {"group", 'G', false, "group"},
      {"bridge", 'b', false, "bridge"},
      {"pidfile", 'p', false, "pidfile"},
      {"data-root", 0, false, "data-root"},
      {"storage-driver", 's', false, "storage-driver"},
      {"insecure-registry", 0, false, "insecure-registries"},
      {"registry-mirror", 0, false, "registry-mirrors"},
      {"label", 0, false, "labels"},
      {"experimental", 0, true, "experimental"},
      {"containerd", 0, false, "containerd"},
      {"iptables", 0, true, "iptables"},
      {"ip-forward", 0, true, "ip-forward"},
      {"selinux-enabled", 0, true, "selinux-enabled"},
      {"live-restore", 0, true, "live-restore"},
      {"userland-proxy", 0, true, "userland-proxy"},
      {"validate", 0, true, "validate"},
      {"storage-opt", 0, false, "storage-opts"},
      {"exec-opt", 0, false, "exec-opts"},
      {"log-opt", 0, false, "log-opts"},
      {"dns", 0, false, "dns"},
      {"dns-opt", 0, false, "dns-opts"},
      {"dns-search", 0, false, "dns-search"},
      {"default-ulimit", 0, false, "default-ulimits"},
      {"authorization-plugin", 0, false, "authorization-plugins"},
      {"node-generic-resource", 0, false, "node-generic-resources"},
      {"default-address-pool", 0, false, "default-address-pools"},
      {"default-network-opt", 0, false, "default-network-opts"},
      {"feature", 0, false, "features"},
      {"cdi-spec-dir", 0, false, "cdi-spec-dirs"},
      {"host-gateway-ip", 0, false, "host-gateway-ips"},
      {"nri-opts", 0, false, "nri-opts"},
      {"containerd-plugins-namespace", 0, false, "containerd-plugins-namespace"},
      {"add-runtime", 0, false, ""},  // skipDuplicates: never conflicts with "runtimes"
      {"version", 'v', true, "version"},
      {"help", 'h', true, "help"},
      {"restart", 'r', true, "restart"},
  };
  for (const TableRow& row : rows) {
    SCOPED_TRACE(row.name);
    const FlagSpec* spec = find_flag(row.name);
    ASSERT_NE(spec, nullptr);
    EXPECT_EQ(spec->name, row.name);
    EXPECT_EQ(spec->shorthand, row.shorthand);
    EXPECT_EQ(spec->is_bool, row.is_bool);
    EXPECT_EQ(spec->config_key, row.config_key);
    EXPECT_EQ(spec->removed_in, "");
    if (row.shorthand != 0) {
      EXPECT_EQ(find_shorthand(row.shorthand), spec);
    }
  }
}

TEST(DockerdFlagsTable, LegacyFlags) {
  const FlagSpec* graph = find_flag("graph");
  ASSERT_NE(graph, nullptr);
  EXPECT_EQ(graph->shorthand, 'g');
  EXPECT_FALSE(graph->is_bool);
  EXPECT_EQ(graph->removed_in, "23.0");
  EXPECT_EQ(find_shorthand('g'), graph);

  const FlagSpec* daemon = find_flag("daemon");
  ASSERT_NE(daemon, nullptr);
  EXPECT_EQ(daemon->shorthand, 'd');
  EXPECT_TRUE(daemon->is_bool);
  EXPECT_EQ(daemon->config_key, "");
  EXPECT_EQ(daemon->removed_in, "1.10");
}

TEST(DockerdFlagsTable, LookupIsExact) {
  EXPECT_EQ(find_flag("Host"), nullptr);
  EXPECT_EQ(find_flag("tls-verify"), nullptr);
  EXPECT_EQ(find_flag("hosts"), nullptr);  // the daemon.json key, not a flag
  EXPECT_EQ(find_flag(""), nullptr);
  EXPECT_EQ(find_shorthand('t'), nullptr);
  EXPECT_EQ(find_shorthand('d')->name, "daemon");
  EXPECT_EQ(find_shorthand(0), nullptr);
}

// Every current flag name and conflict key passes daemon.json's unknown-key check, and every
// accepted daemon.json key is a flag name or some flag's conflict key: the two tables, written
// from the same moby files by different hands, agree.
TEST(DockerdFlagsTable, AgreesWithDaemonOptions) {
  for (const FlagSpec& flag : all_flags()) {
    SCOPED_TRACE(flag.name);
    const DaemonOption* option = find_daemon_option(flag.name);
    if (flag.name == "daemon") {
      EXPECT_EQ(option, nullptr);
      continue;
    }
    if (!flag.removed_in.empty()) {
      // Removed flags are removed daemon.json keys where the file knew them.
      if (option != nullptr) {
        EXPECT_FALSE(option->accepted_name);
      }
      continue;
    }
    ASSERT_NE(option, nullptr);
    EXPECT_TRUE(option->accepted_name);
    if (!flag.config_key.empty()) {
      const DaemonOption* key = find_daemon_option(flag.config_key);
      ASSERT_NE(key, nullptr) << flag.config_key;
      EXPECT_TRUE(key->accepted_name);
    }
  }
  for (const DaemonOption& option : all_daemon_options()) {
    if (!option.accepted_name || skips_key_validation(option.key)) continue;
    if (option.key == "runtimes") continue;  // --add-runtime's, exempt from conflicts
    bool found = find_flag(option.key) != nullptr;
    for (const FlagSpec& flag : all_flags()) found = found || flag.config_key == option.key;
    EXPECT_TRUE(found) << option.key;
  }
}

// ---------------------------------------------------------------------------------------
// Parsing.

void ExpectFlag(const ParsedFlag& f, std::string_view name, std::string_view value, Span span,
                Span value_span) {
  EXPECT_EQ(f.name, name);
  EXPECT_EQ(f.value, value);
  EXPECT_TRUE(f.known_flag);
  EXPECT_TRUE(f.value_known);
  EXPECT_EQ(f.span, span);
  EXPECT_EQ(f.value_span, value_span);
  EXPECT_FALSE(f.via.valid());
}

TEST(DockerdFlagsParse, HostForms) {
  {
    auto w = Words({"-H", "tcp://0.0.0.0:2375"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 1u);
    ExpectFlag(r.flags[0], "host", "tcp://0.0.0.0:2375", At(w, 0), At(w, 1));
    EXPECT_TRUE(r.problems.empty());
  }
  {
    auto w = Words({"-H=tcp://0.0.0.0:2375"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 1u);
    ExpectFlag(r.flags[0], "host", "tcp://0.0.0.0:2375", At(w, 0), At(w, 0, 3));
    EXPECT_TRUE(r.problems.empty());
  }
  {
    auto w = Words({"-Htcp://0.0.0.0:2375"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 1u);
    ExpectFlag(r.flags[0], "host", "tcp://0.0.0.0:2375", At(w, 0), At(w, 0, 2));
    EXPECT_TRUE(r.problems.empty());
  }
  {
    auto w = Words({"--host", "tcp://0.0.0.0:2375"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 1u);
    ExpectFlag(r.flags[0], "host", "tcp://0.0.0.0:2375", At(w, 0), At(w, 1));
    EXPECT_TRUE(r.problems.empty());
  }
  {
    auto w = Words({"--host=tcp://0.0.0.0:2375"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 1u);
    ExpectFlag(r.flags[0], "host", "tcp://0.0.0.0:2375", At(w, 0), At(w, 0, 7));
    EXPECT_TRUE(r.problems.empty());
  }
}

TEST(DockerdFlagsParse, HostRepeatsInOrder) {
  auto w = Words({"-H", "fd://", "--host=unix:///var/run/docker.sock", "-Htcp://0.0.0.0:2376"});
  auto r = Parse(w);
  ASSERT_EQ(r.flags.size(), 3u);
  EXPECT_EQ(r.flags[0].value, "fd://");
  EXPECT_EQ(r.flags[1].value, "unix:///var/run/docker.sock");
  EXPECT_EQ(r.flags[2].value, "tcp://0.0.0.0:2376");
  EXPECT_EQ(r.flags[2].span, At(w, 3));
  EXPECT_TRUE(r.problems.empty());
}

// "-H" takes the next word whatever it is, as pflag does.
TEST(DockerdFlagsParse, ValueFlagTakesAnyNextWord) {
  auto w = Words({"-H", "--tls", "--host", "--", "-H", "-"});
  auto r = Parse(w);
  ASSERT_EQ(r.flags.size(), 3u);
  ExpectFlag(r.flags[0], "host", "--tls", At(w, 0), At(w, 1));
  ExpectFlag(r.flags[1], "host", "--", At(w, 2), At(w, 3));
  ExpectFlag(r.flags[2], "host", "-", At(w, 4), At(w, 5));
  EXPECT_TRUE(r.problems.empty());
}

TEST(DockerdFlagsParse, HostEmptyAndEqualsValues) {
  // "--host=" is an empty value; "-H=" is pflag's '-farg' form with the value "=".
  auto w = Words({"--host=", "-H="});
  auto r = Parse(w);
  ASSERT_EQ(r.flags.size(), 2u);
  ExpectFlag(r.flags[0], "host", "", At(w, 0), EndOf(w, 0));
  ExpectFlag(r.flags[1], "host", "=", At(w, 1), At(w, 1, 2));
  EXPECT_TRUE(r.problems.empty());
}

TEST(DockerdFlagsParse, BareBoolFlags) {
  auto w = Words({"--tls", "--tlsverify", "-D"});
  auto r = Parse(w);
  ASSERT_EQ(r.flags.size(), 3u);
  ExpectFlag(r.flags[0], "tls", "true", At(w, 0), EndOf(w, 0));
  ExpectFlag(r.flags[1], "tlsverify", "true", At(w, 1), EndOf(w, 1));
  ExpectFlag(r.flags[2], "debug", "true", At(w, 2), EndOf(w, 2));
  EXPECT_TRUE(r.problems.empty());
}

TEST(DockerdFlagsParse, BoolValuesAfterEquals) {
  struct Case {
    std::string_view word;
    std::string_view name;
    std::string_view value;
    std::size_t value_at;
  };
  const Case cases[] = {
      {"--tls=false", "tls", "false", 6},
      {"--tls=0", "tls", "false", 6},
      {"--tlsverify=f", "tlsverify", "false", 12},
      {"--tlsverify=FALSE", "tlsverify", "false", 12},
      {"--tlsverify=False", "tlsverify", "false", 12},
      {"--tls=F", "tls", "false", 6},
      {"--tls=true", "tls", "true", 6},
      {"--tls=1", "tls", "true", 6},
      {"--tls=t", "tls", "true", 6},
      {"--tls=T", "tls", "true", 6},
      {"--tls=TRUE", "tls", "true", 6},
      {"--tlsverify=True", "tlsverify", "true", 12},
      {"-D=false", "debug", "false", 3},
      {"-D=1", "debug", "true", 3},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.word);
    auto w = Words({c.word});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 1u);
    ExpectFlag(r.flags[0], c.name, c.value, At(w, 0), At(w, 0, c.value_at));
    EXPECT_TRUE(r.problems.empty());
  }
}

TEST(DockerdFlagsParse, BoolFlagSeparateValue) {
  auto w = Words({"-H", "tcp://0.0.0.0:2376", "--tls", "false"});
  auto r = Parse(w);
  ASSERT_EQ(r.flags.size(), 2u);
  ExpectFlag(r.flags[1], "tls", "true", At(w, 2), EndOf(w, 2));  // pflag sets tls=true
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ArgProblemKind::BoolFlagSeparateValue);
  EXPECT_EQ(r.problems[0].span, At(w, 3));
  EXPECT_EQ(r.problems[0].related, At(w, 2));
  EXPECT_EQ(r.problems[0].message,
            "--tls is a boolean flag and takes a value only after '=': \"false\" is left over as "
            "an argument, which dockerd rejects (\"dockerd\" accepts no argument(s).); write "
            "--tls=false");
}

TEST(DockerdFlagsParse, BoolFlagSeparateValueOtherSpellings) {
  for (std::string_view value : {"true", "0", "1", "FALSE", "no", "yes", "Off"}) {
    SCOPED_TRACE(value);
    auto w = Words({"--tlsverify", value});
    auto r = Parse(w);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].kind, ArgProblemKind::BoolFlagSeparateValue);
    EXPECT_EQ(r.problems[0].span, At(w, 1));
    EXPECT_EQ(r.problems[0].related, At(w, 0));
  }
  // A shorthand bool at the end of a cluster.
  auto w = Words({"-D", "false"});
  auto r = Parse(w);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ArgProblemKind::BoolFlagSeparateValue);
  EXPECT_EQ(r.problems[0].related, At(w, 0));
  EXPECT_NE(r.problems[0].message.find("-D is a boolean flag"), std::string::npos);
  EXPECT_NE(r.problems[0].message.find("write --debug=false"), std::string::npos);
}

TEST(DockerdFlagsParse, NonBooleanWordAfterBoolFlagIsStray) {
  auto w = Words({"--debug", "foo"});
  auto r = Parse(w);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ArgProblemKind::StrayArgument);
  EXPECT_EQ(r.problems[0].span, At(w, 1));
  EXPECT_FALSE(r.problems[0].related.valid());
  EXPECT_EQ(r.problems[0].message,
            "\"foo\" is neither a flag nor a flag's value; dockerd accepts no arguments and exits "
            "(\"dockerd\" accepts no argument(s).)");
}

TEST(DockerdFlagsParse, InvalidBoolValue) {
  {
    auto w = Words({"--tls=no"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 1u);
    EXPECT_EQ(r.flags[0].value, "false");  // boolValue.Set stores ParseBool's false
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].kind, ArgProblemKind::InvalidBoolValue);
    EXPECT_EQ(r.problems[0].span, At(w, 0, 6));
    EXPECT_EQ(r.problems[0].related, At(w, 0));
    EXPECT_EQ(r.problems[0].message,
              "invalid argument \"no\" for \"--tls\" flag: strconv.ParseBool: parsing \"no\": "
              "invalid syntax");
  }
  {
    auto w = Words({"--tlsverify="});
    auto r = Parse(w);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].kind, ArgProblemKind::InvalidBoolValue);
    EXPECT_EQ(r.problems[0].span, At(w, 0));  // the value is empty: the whole word
    EXPECT_EQ(r.problems[0].message,
              "invalid argument \"\" for \"--tlsverify\" flag: strconv.ParseBool: parsing \"\": "
              "invalid syntax");
  }
  {
    auto w = Words({"-D=yes"});
    auto r = Parse(w);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].span, At(w, 0, 3));
    EXPECT_EQ(r.problems[0].message,
              "invalid argument \"yes\" for \"-D, --debug\" flag: strconv.ParseBool: parsing "
              "\"yes\": invalid syntax");
  }
}

TEST(DockerdFlagsParse, DoubleDashEndsFlags) {
  auto w = Words({"--tls", "--", "-H", "tcp://0.0.0.0:2375"});
  auto r = Parse(w);
  ASSERT_EQ(r.flags.size(), 1u);
  EXPECT_EQ(r.flags[0].name, "tls");
  ASSERT_EQ(r.problems.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(r.problems[i].kind, ArgProblemKind::StrayArgument);
    EXPECT_EQ(r.problems[i].span, At(w, 2 + i));
    EXPECT_EQ(r.problems[i].related, At(w, 1));
  }
  EXPECT_EQ(r.problems[0].message,
            "\"-H\" follows \"--\", which ends dockerd's flags, so it is an argument; dockerd "
            "accepts no arguments and exits (\"dockerd\" accepts no argument(s).)");
}

TEST(DockerdFlagsParse, LoneDashAndEmptyWordArePositional) {
  auto w = Words({"-", "", "-D"});
  auto r = Parse(w);
  ASSERT_EQ(r.flags.size(), 1u);
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0].kind, ArgProblemKind::StrayArgument);
  EXPECT_EQ(r.problems[0].span, At(w, 0));
  EXPECT_EQ(r.problems[1].kind, ArgProblemKind::StrayArgument);
  EXPECT_EQ(r.problems[1].span, At(w, 1));
}

TEST(DockerdFlagsParse, ShorthandClusters) {
  {
    // -D is bool (NoOptDefVal), so H is parsed next and takes the following word.
    auto w = Words({"-DH", "tcp://0.0.0.0:2375"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 2u);
    ExpectFlag(r.flags[0], "debug", "true", At(w, 0), EndOf(w, 0));
    ExpectFlag(r.flags[1], "host", "tcp://0.0.0.0:2375", At(w, 0), At(w, 1));
    EXPECT_TRUE(r.problems.empty());
  }
  {
    auto w = Words({"-DHtcp://x"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 2u);
    ExpectFlag(r.flags[1], "host", "tcp://x", At(w, 0), At(w, 0, 3));
  }
  {
    auto w = Words({"-DH=tcp://x"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 2u);
    ExpectFlag(r.flags[1], "host", "tcp://x", At(w, 0), At(w, 0, 4));
  }
  {
    // A value shorthand takes the rest of the cluster: log-level "D", no debug.
    auto w = Words({"-lD"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 1u);
    ExpectFlag(r.flags[0], "log-level", "D", At(w, 0), At(w, 0, 2));
  }
  {
    // "-rD": two bools.
    auto w = Words({"-rD"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 2u);
    EXPECT_EQ(r.flags[0].name, "restart");
    EXPECT_EQ(r.flags[1].name, "debug");
  }
}

// "-D=": the '=' is not followed by a value, so -D takes NoOptDefVal and '=' is the next
// shorthand, which does not exist (pflag: unknown shorthand flag: '=' in -=).
TEST(DockerdFlagsParse, BoolShorthandWithEmptyEquals) {
  auto w = Words({"-D="});
  auto r = Parse(w);
  ASSERT_EQ(r.flags.size(), 2u);
  EXPECT_EQ(r.flags[0].name, "debug");
  EXPECT_EQ(r.flags[0].value, "true");
  EXPECT_EQ(r.flags[1].name, "-=");
  EXPECT_FALSE(r.flags[1].known_flag);
  EXPECT_TRUE(r.problems.empty());
}

TEST(DockerdFlagsParse, SingleDashLongFlagsAreUnknownShorthands) {
  {
    auto w = Words({"-tlsverify", "-H", "tcp://0.0.0.0:2376"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 2u);
    EXPECT_EQ(r.flags[0].name, "-tlsverify");
    EXPECT_FALSE(r.flags[0].known_flag);
    EXPECT_EQ(r.flags[0].value, "");  // "-H" starts with '-': not taken
    EXPECT_EQ(r.flags[0].span, At(w, 0));
    ExpectFlag(r.flags[1], "host", "tcp://0.0.0.0:2376", At(w, 1), At(w, 2));
    EXPECT_TRUE(r.problems.empty());
  }
  {
    auto w = Words({"-tlscacert=/etc/docker/ca.pem"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 1u);
    EXPECT_EQ(r.flags[0].name, "-tlscacert");
    EXPECT_EQ(r.flags[0].value, "/etc/docker/ca.pem");
    EXPECT_EQ(r.flags[0].value_span, At(w, 0, 11));
  }
  {
    auto w = Words({"-tlscert", "/c.pem"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 1u);
    EXPECT_EQ(r.flags[0].value, "/c.pem");
    EXPECT_EQ(r.flags[0].value_span, At(w, 1));
    EXPECT_TRUE(r.problems.empty());
  }
  {
    // Known shorthands first, then the unknown rest.
    auto w = Words({"-Dtls=x"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 2u);
    EXPECT_EQ(r.flags[0].name, "debug");
    EXPECT_EQ(r.flags[1].name, "-tls");
    EXPECT_EQ(r.flags[1].value, "x");
    EXPECT_EQ(r.flags[1].value_span, At(w, 0, 6));
  }
  {
    // "-label=x": l is --log-level, which takes "abel=x".
    auto w = Words({"-label=x"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 1u);
    ExpectFlag(r.flags[0], "log-level", "abel=x", At(w, 0), At(w, 0, 2));
  }
}

TEST(DockerdFlagsParse, UnknownLongFlags) {
  {
    auto w = Words({"--frobnicate", "x", "-H", "y"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 2u);
    EXPECT_EQ(r.flags[0].name, "--frobnicate");
    EXPECT_FALSE(r.flags[0].known_flag);
    EXPECT_EQ(r.flags[0].value, "x");
    EXPECT_EQ(r.flags[0].span, At(w, 0));
    EXPECT_EQ(r.flags[0].value_span, At(w, 1));
    EXPECT_EQ(r.flags[1].value, "y");
    EXPECT_TRUE(r.problems.empty());
  }
  {
    // "--x=y" consumes nothing else.
    auto w = Words({"--frobnicate=x", "y"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 1u);
    EXPECT_EQ(r.flags[0].name, "--frobnicate");
    EXPECT_EQ(r.flags[0].value, "x");
    EXPECT_EQ(r.flags[0].value_span, At(w, 0, 13));
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].kind, ArgProblemKind::StrayArgument);
    EXPECT_EQ(r.problems[0].span, At(w, 1));
  }
  {
    auto w = Words({"--frobnicate", "--tls"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 2u);
    EXPECT_EQ(r.flags[0].value, "");
    EXPECT_EQ(r.flags[1].name, "tls");
  }
  {
    // Case matters, and "tls-verify" is not "tlsverify".
    auto w = Words({"--TLS", "--tls-verify=true"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 2u);
    EXPECT_FALSE(r.flags[0].known_flag);
    EXPECT_FALSE(r.flags[1].known_flag);
    EXPECT_EQ(r.flags[1].name, "--tls-verify");
  }
  {
    // pflag's "bad flag syntax".
    auto w = Words({"---tls", "--=x"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 2u);
    EXPECT_EQ(r.flags[0].name, "---tls");
    EXPECT_FALSE(r.flags[0].known_flag);
    EXPECT_EQ(r.flags[1].name, "--");
    EXPECT_EQ(r.flags[1].value, "x");
    EXPECT_TRUE(r.problems.empty());
  }
}

TEST(DockerdFlagsParse, MissingValue) {
  {
    auto w = Words({"--tls", "-H"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 1u);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].kind, ArgProblemKind::MissingValue);
    EXPECT_EQ(r.problems[0].span, At(w, 1));
    EXPECT_FALSE(r.problems[0].related.valid());
    EXPECT_EQ(r.problems[0].message, "flag needs an argument: 'H' in -H");
  }
  {
    auto w = Words({"--host"});
    auto r = Parse(w);
    EXPECT_TRUE(r.flags.empty());
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].kind, ArgProblemKind::MissingValue);
    EXPECT_EQ(r.problems[0].message, "flag needs an argument: --host");
  }
  {
    auto w = Words({"-DH"});
    auto r = Parse(w);
    ASSERT_EQ(r.flags.size(), 1u);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].message, "flag needs an argument: 'H' in -H");
    EXPECT_EQ(r.problems[0].span, At(w, 0));
  }
}

TEST(DockerdFlagsParse, ViaIsKept) {
  auto w = Words({"-H", "tcp://0.0.0.0:2375", "--host=fd://", "--tls"});
  const Span ref{7, 10, 22};  // "$DOCKER_OPTS" in another file
  w[1].via = ref;
  w[2].via = ref;
  auto r = Parse(w);
  ASSERT_EQ(r.flags.size(), 3u);
  EXPECT_EQ(r.flags[0].via, ref);  // from the value word
  EXPECT_EQ(r.flags[0].span, At(w, 0));
  EXPECT_EQ(r.flags[0].value_span, At(w, 1));
  EXPECT_EQ(r.flags[1].via, ref);
  EXPECT_EQ(r.flags[1].value_span, At(w, 2, 7));
  EXPECT_FALSE(r.flags[2].via.valid());
}

TEST(DockerdFlagsParse, QuotedWordValueSpanIsTheWord) {
  // `"--host=tcp://x"` in the source: 16 bytes for a 14-byte text.
  Word word;
  word.text = "--host=tcp://x";
  word.span = Span{kFile, 100, 116};
  std::vector<Word> w{word};
  auto r = Parse(w);
  ASSERT_EQ(r.flags.size(), 1u);
  EXPECT_EQ(r.flags[0].value, "tcp://x");
  EXPECT_EQ(r.flags[0].value_span, word.span);
}

TEST(DockerdFlagsParse, UnknownWords) {
  auto w = Words({"-H", "$HOST", "--tls", "$X", "--tlsverify=$Y", "$Z"});
  w[1].known = false;
  w[3].known = false;
  w[4].known = false;
  w[5].known = false;
  auto r = Parse(w);
  ASSERT_EQ(r.flags.size(), 3u);
  EXPECT_EQ(r.flags[0].name, "host");
  EXPECT_FALSE(r.flags[0].value_known);
  EXPECT_TRUE(r.flags[1].value_known);
  EXPECT_EQ(r.flags[2].name, "tlsverify");
  EXPECT_FALSE(r.flags[2].value_known);
  EXPECT_TRUE(r.problems.empty());  // nothing unknowable is reported
}

TEST(DockerdFlagsParse, GoTestFlagsAreIgnored) {
  auto w = Words({"-test.v", "-Dtest.run=x", "-H", "y"});
  auto r = Parse(w);
  ASSERT_EQ(r.flags.size(), 2u);
  EXPECT_EQ(r.flags[0].name, "debug");
  EXPECT_EQ(r.flags[1].name, "host");
  EXPECT_TRUE(r.problems.empty());
}

TEST(DockerdFlagsParse, LegacyDaemonFlag) {
  auto w = Words({"-d", "-H", "tcp://0.0.0.0:2375", "--daemon=true"});
  auto r = Parse(w);
  ASSERT_EQ(r.flags.size(), 3u);
  EXPECT_EQ(r.flags[0].name, "daemon");
  EXPECT_EQ(r.flags[0].value, "true");
  EXPECT_EQ(r.flags[1].name, "host");
  EXPECT_EQ(r.flags[2].name, "daemon");
  EXPECT_TRUE(r.problems.empty());
}

TEST(DockerdFlagsParse, Empty) {
  std::vector<Word> none;
  auto r = parse_daemon_args(none);
  EXPECT_TRUE(r.flags.empty());
  EXPECT_TRUE(r.problems.empty());
}

// ---------------------------------------------------------------------------------------
// Invocations.

struct InvocationCase {
  std::vector<std::string_view> argv;
  std::size_t program;
  std::size_t args_begin;
  bool legacy;
};

void PrintTo(const InvocationCase& c, std::ostream* os) {
  for (std::string_view a : c.argv) *os << a << ' ';
}

std::vector<Word> WordsOf(const std::vector<std::string_view>& texts) {
  std::vector<Word> words;
  for (std::string_view t : texts) words.push_back(Word{std::string(t), Span{}, Span{}, true});
  return words;
}

class DockerdFlagsInvocation : public testing::TestWithParam<InvocationCase> {};

TEST_P(DockerdFlagsInvocation, Recognised) {
  const InvocationCase& c = GetParam();
  auto argv = WordsOf(c.argv);
  auto got = find_daemon_invocation(argv);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->program_index, c.program);
  EXPECT_EQ(got->args_begin, c.args_begin);
  EXPECT_EQ(got->legacy, c.legacy);
}

INSTANTIATE_TEST_SUITE_P(
    DockerdFlagsForms, DockerdFlagsInvocation,
    testing::Values(
        InvocationCase{{"dockerd"}, 0, 1, false},
        InvocationCase{{"dockerd", "-H", "fd://"}, 0, 1, false},
        InvocationCase{{"/usr/bin/dockerd", "-H", "fd://"}, 0, 1, false},
        InvocationCase{{"/usr/bin/dockerd-current", "--add-runtime", "x"}, 0, 1, true},
        InvocationCase{{"/home/u/bin/dockerd-rootless.sh", "--experimental"}, 0, 1, false},
        InvocationCase{{"docker", "daemon", "-H", "x"}, 0, 2, true},
        InvocationCase{{"/usr/bin/docker-current", "daemon", "--selinux-enabled"}, 0, 2, true},
        InvocationCase{{"docker", "-D", "daemon", "-H", "x"}, 0, 3, true},
        InvocationCase{{"docker", "--config", "/x", "daemon"}, 0, 4, true},
        InvocationCase{{"/usr/bin/docker", "-d", "-H", "x"}, 0, 1, true},
        InvocationCase{{"docker", "--daemon", "-H", "x"}, 0, 1, true},
        InvocationCase{{"docker", "-H", "tcp://0.0.0.0:2375", "-d"}, 0, 1, true},
        InvocationCase{{"docker", "--daemon=true"}, 0, 1, true},
        InvocationCase{{"/usr/bin/docker.io", "-d"}, 0, 1, true},
        InvocationCase{{"/usr/local/bin/dind", "dockerd", "--host=x"}, 1, 2, false},
        InvocationCase{{"sudo", "dockerd"}, 1, 2, false},
        InvocationCase{{"sudo", "-u", "root", "-E", "dockerd", "-D"}, 4, 5, false},
        InvocationCase{{"sudo", "-uroot", "--preserve-env", "dockerd"}, 3, 4, false},
        InvocationCase{{"sudo", "--user", "root", "FOO=1", "dockerd"}, 4, 5, false},
        InvocationCase{{"sudo", "--", "dockerd"}, 2, 3, false},
        InvocationCase{{"nohup", "dockerd"}, 1, 2, false},
        InvocationCase{{"nohup", "--", "/usr/bin/dockerd", "-H", "x"}, 2, 3, false},
        InvocationCase{{"exec", "dockerd"}, 1, 2, false},
        InvocationCase{{"exec", "-a", "docker", "/usr/bin/dockerd"}, 3, 4, false},
        InvocationCase{{"env", "dockerd"}, 1, 2, false},
        InvocationCase{{"env", "-i", "-u", "FOO", "PATH=/bin", "A_1=x", "dockerd"}, 6, 7, false},
        InvocationCase{{"/usr/bin/env", "-", "HOME=/root", "dockerd"}, 3, 4, false},
        InvocationCase{{"env", "--chdir", "/", "dockerd"}, 3, 4, false},
        InvocationCase{{"setsid", "-f", "dockerd"}, 2, 3, false},
        InvocationCase{{"nice", "dockerd"}, 1, 2, false},
        InvocationCase{{"nice", "-n", "10", "dockerd"}, 3, 4, false},
        InvocationCase{{"nice", "-10", "dockerd"}, 2, 3, false},
        InvocationCase{{"nice", "--adjustment=5", "dockerd"}, 2, 3, false},
        InvocationCase{{"ionice", "-c", "3", "dockerd"}, 3, 4, false},
        InvocationCase{{"ionice", "-c2", "-n7", "-t", "dockerd"}, 4, 5, false},
        InvocationCase{{"timeout", "30s", "dockerd"}, 2, 3, false},
        InvocationCase{{"timeout", "-s", "KILL", "--kill-after=5", "30", "dockerd"}, 5, 6, false},
        InvocationCase{{"stdbuf", "-oL", "-e", "L", "dockerd"}, 4, 5, false},
        InvocationCase{{"chroot", "/mnt", "dockerd"}, 2, 3, false},
        InvocationCase{{"chroot", "--userspec", "0:0", "/mnt", "/usr/bin/dockerd"}, 4, 5, false},
        InvocationCase{{"sudo", "nohup", "nice", "-n", "5", "dockerd", "-H", "x"}, 5, 6, false},
        // moby contrib/init/sysvinit-debian/docker.
        InvocationCase{{"start-stop-daemon", "--start", "--background", "--no-close", "--exec",
                        "/usr/bin/dockerd", "--pidfile", "/var/run/docker-ssd.pid",
                        "--make-pidfile", "--", "-p", "/var/run/docker.pid", "-H", "fd://"},
                       5,
                       10,
                       false},
        InvocationCase{{"start-stop-daemon", "-S", "-b", "-x", "/usr/bin/docker", "--", "-d", "-p",
                        "/var/run/docker.pid"},
                       4,
                       6,
                       true},
        InvocationCase{{"start-stop-daemon", "--start", "--exec", "/usr/bin/docker", "--", "daemon",
                        "-p", "/var/run/docker.pid"},
                       3,
                       6,
                       true},
        InvocationCase{{"start-stop-daemon", "--start", "--exec=/usr/bin/dockerd"}, 2, 3, false},
        InvocationCase{{"start-stop-daemon", "-Sx", "/usr/bin/dockerd", "--", "-D"}, 2, 4, false},
        InvocationCase{{"start-stop-daemon", "--start", "--exec", "/bin/true", "--startas",
                        "/usr/bin/dockerd", "--", "-D"},
                       5,
                       7,
                       false}));

class DockerdFlagsNotInvocation : public testing::TestWithParam<std::vector<std::string_view>> {};

TEST_P(DockerdFlagsNotInvocation, Rejected) {
  auto argv = WordsOf(GetParam());
  EXPECT_FALSE(find_daemon_invocation(argv).has_value());
}

INSTANTIATE_TEST_SUITE_P(
    DockerdFlagsNegatives, DockerdFlagsNotInvocation,
    testing::Values(
        std::vector<std::string_view>{},
        std::vector<std::string_view>{"docker", "run", "-d", "nginx"},
        std::vector<std::string_view>{"docker", "-H", "tcp://x:2375", "ps"},
        std::vector<std::string_view>{"docker", "-D", "run", "-d", "x"},
        std::vector<std::string_view>{"docker", "--daemon=false", "ps"},
        std::vector<std::string_view>{"docker"},
        std::vector<std::string_view>{"docker", "--", "daemon"},
        std::vector<std::string_view>{"dockerd-lint", "/etc"},
        std::vector<std::string_view>{"/usr/bin/docker-proxy", "-proto", "tcp"},
        std::vector<std::string_view>{"containerd"},
        std::vector<std::string_view>{"dockerd-rootless-setuptool.sh", "install"},
        std::vector<std::string_view>{"/bin/sh", "-c", "dockerd -H tcp://0.0.0.0:2375"},
        std::vector<std::string_view>{"sudo", "-l", "dockerd"},
        std::vector<std::string_view>{"sudo", "-u", "root"},
        std::vector<std::string_view>{"env", "-S", "dockerd -H x"},
        std::vector<std::string_view>{"env", "FOO=1"},
        std::vector<std::string_view>{"ionice", "-c", "3", "-p", "1"},
        std::vector<std::string_view>{"timeout", "5"},
        std::vector<std::string_view>{"chroot", "/mnt"},
        std::vector<std::string_view>{"nohup", "containerd"},
        std::vector<std::string_view>{"dind", "docker", "run", "x"},
        std::vector<std::string_view>{"start-stop-daemon", "--stop", "--exec", "/usr/bin/dockerd"},
        std::vector<std::string_view>{"start-stop-daemon", "-K", "-x", "/usr/bin/dockerd"},
        std::vector<std::string_view>{"start-stop-daemon", "--exec", "/usr/bin/dockerd"},
        std::vector<std::string_view>{"start-stop-daemon", "--start", "--exec", "/bin/sh", "--",
                                      "-c", "dockerd"}));

TEST(DockerdFlagsInvocationUnknown, UnknowableProgramIsNotRecognised) {
  auto argv = WordsOf({"$DOCKERD", "-H", "x"});
  argv[0].known = false;
  EXPECT_FALSE(find_daemon_invocation(argv).has_value());
}

// The invocation feeds the parser: `docker -d` keeps -d, `docker daemon` drops the subcommand.
TEST(DockerdFlagsInvocationUnknown, LegacyDashDFeedsParser) {
  auto argv = Words({"/usr/bin/docker", "-d", "-H", "tcp://0.0.0.0:2375", "--tlsverify"});
  auto inv = find_daemon_invocation(argv);
  ASSERT_TRUE(inv.has_value());
  auto r = parse_daemon_args(std::span<const Word>(argv).subspan(inv->args_begin));
  ASSERT_EQ(r.flags.size(), 3u);
  EXPECT_EQ(r.flags[0].name, "daemon");
  EXPECT_EQ(r.flags[1].name, "host");
  EXPECT_EQ(r.flags[1].value_span, At(argv, 3));
  EXPECT_EQ(r.flags[2].name, "tlsverify");
  EXPECT_TRUE(r.problems.empty());
}

}  // namespace
}  // namespace dl::dockerd
