// The docker CLI as a client (dockerd-semantics.md §7): global flags, `docker context
// create|update --docker`, and opts.ParseHost's normalization of a host.
#include "linter/commands/docker_client.h"

#include <gtest/gtest.h>

#include "tests/commands/command_words.h"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace dl::commands {
namespace {

constexpr FileId kFile = 5;

std::vector<Word> Words(const std::vector<std::string_view>& texts) {
  return testing::words_on_one_line(kFile, texts);
}

Span At(const std::vector<Word>& words, std::size_t i, std::size_t from = 0,
        std::size_t to = std::string::npos) {
  return testing::bytes_of(words, i, from, to);
}

// Parses and insists that argv is recognised as a client.
DockerClientCommand Client(const std::vector<Word>& words) {
  const auto parsed = parse_docker_client(words);
  EXPECT_TRUE(parsed.has_value());
  return parsed.value_or(DockerClientCommand{});
}

// ---------------------------------------------------------------------------------------
// Recognition.

TEST(DockerClientRecognition, DockerProgramOnly) {
  EXPECT_TRUE(parse_docker_client(Words({"docker", "ps"})));
  EXPECT_TRUE(parse_docker_client(Words({"/usr/bin/docker", "ps"})));
  EXPECT_TRUE(parse_docker_client(Words({"docker"})));
  EXPECT_FALSE(parse_docker_client(Words({"dockerd", "-H", "tcp://0.0.0.0:2375"})));
  EXPECT_FALSE(parse_docker_client(Words({"docker-compose", "up"})));
  EXPECT_FALSE(parse_docker_client(Words({"podman", "-H", "tcp://x", "ps"})));
  EXPECT_FALSE(parse_docker_client(Words({})));
}

TEST(DockerClientRecognition, DaemonStartsAreNotClients) {
  EXPECT_FALSE(parse_docker_client(Words({"docker", "daemon", "-H", "tcp://0.0.0.0:2375"})));
  EXPECT_FALSE(parse_docker_client(Words({"docker", "-d", "-H", "tcp://0.0.0.0:2375"})));
  EXPECT_FALSE(parse_docker_client(Words({"docker", "--daemon", "-H", "tcp://0.0.0.0:2375"})));
  EXPECT_FALSE(parse_docker_client(Words({"sudo", "docker", "daemon"})));
}

TEST(DockerClientRecognition, BehindWrappers) {
  const auto w = Words({"sudo", "-E", "env", "A=1", "docker", "-H", "tcp://10.0.0.5:2375", "ps"});
  const DockerClientCommand c = Client(w);
  ASSERT_TRUE(c.host);
  EXPECT_EQ(c.host->text, "tcp://10.0.0.5:2375");
  EXPECT_EQ(c.host->span, At(w, 6));
  EXPECT_EQ(c.host_flag, At(w, 5));
}

TEST(DockerClientRecognition, RunWithPublishedPortIsAClientWithoutHost) {
  const DockerClientCommand c =
      Client(Words({"docker", "run", "-d", "-p", "2375:2375", "-H", "x", "image"}));
  EXPECT_FALSE(c.host);  // -H after the subcommand is not the global flag
  EXPECT_FALSE(c.tls.present);
  EXPECT_FALSE(c.tlsverify.present);
  EXPECT_FALSE(c.context_host);
}

// ---------------------------------------------------------------------------------------
// -H / --host.

TEST(DockerClientHostFlag, SeparateValue) {
  const auto w = Words({"docker", "-H", "tcp://10.0.0.5:2375", "ps"});
  const DockerClientCommand c = Client(w);
  ASSERT_TRUE(c.host);
  EXPECT_EQ(c.host->text, "tcp://10.0.0.5:2375");
  EXPECT_TRUE(c.host->known);
  EXPECT_EQ(c.host->span, At(w, 2));
  EXPECT_EQ(c.host_flag, At(w, 1));
}

TEST(DockerClientHostFlag, LongWithEquals) {
  const auto w = Words({"docker", "--host=tcp://docker:2375", "info"});
  const DockerClientCommand c = Client(w);
  ASSERT_TRUE(c.host);
  EXPECT_EQ(c.host->text, "tcp://docker:2375");
  EXPECT_EQ(c.host->span, At(w, 1, 7));
  EXPECT_EQ(c.host_flag, At(w, 1));
}

TEST(DockerClientHostFlag, LongSeparate) {
  const auto w = Words({"docker", "--host", "ssh://me@box", "info"});
  const DockerClientCommand c = Client(w);
  ASSERT_TRUE(c.host);
  EXPECT_EQ(c.host->text, "ssh://me@box");
  EXPECT_EQ(c.host->span, At(w, 2));
}

TEST(DockerClientHostFlag, ShortAttachedAndWithEquals) {
  auto w = Words({"docker", "-Htcp://a:2375", "ps"});
  DockerClientCommand c = Client(w);
  ASSERT_TRUE(c.host);
  EXPECT_EQ(c.host->text, "tcp://a:2375");
  EXPECT_EQ(c.host->span, At(w, 1, 2));

  w = Words({"docker", "-H=tcp://a:2375", "ps"});
  c = Client(w);
  ASSERT_TRUE(c.host);
  EXPECT_EQ(c.host->text, "tcp://a:2375");
  EXPECT_EQ(c.host->span, At(w, 1, 3));
}

TEST(DockerClientHostFlag, ClusterWithBoolShorthand) {
  const auto w = Words({"docker", "-DH", "tcp://a:2375", "ps"});
  const DockerClientCommand c = Client(w);
  ASSERT_TRUE(c.host);
  EXPECT_EQ(c.host->text, "tcp://a:2375");
  EXPECT_EQ(c.host->span, At(w, 2));
  EXPECT_EQ(c.host_flag, At(w, 1));
}

TEST(DockerClientHostFlag, FirstOfSeveral) {
  const auto w = Words({"docker", "-H", "tcp://a:2375", "-H", "tcp://b:2375", "ps"});
  const DockerClientCommand c = Client(w);
  ASSERT_TRUE(c.host);
  EXPECT_EQ(c.host->text, "tcp://a:2375");
  EXPECT_EQ(c.host_flag, At(w, 1));
}

TEST(DockerClientHostFlag, UnknownValueKeepsItsSpanAndVia) {
  auto w = Words({"docker", "-H", "tcp://", "ps"});
  w[2].known = false;
  w[2].via = Span{9, 1, 6};
  const DockerClientCommand c = Client(w);
  ASSERT_TRUE(c.host);
  EXPECT_FALSE(c.host->known);
  EXPECT_EQ(c.host->text, "tcp://");
  EXPECT_EQ(c.host->span, At(w, 2));
  EXPECT_EQ(c.host->via, (Span{9, 1, 6}));
}

TEST(DockerClientHostFlag, AfterOtherGlobalFlags) {
  const auto w = Words({"docker", "--config", "/etc/docker-cli", "-l", "debug", "--context", "prod",
                        "-c", "x", "--log-level=info", "-D", "-H", "tcp://a", "ps"});
  const DockerClientCommand c = Client(w);
  ASSERT_TRUE(c.host);
  EXPECT_EQ(c.host->span, At(w, 12));
}

TEST(DockerClientHostFlag, StopsAtTheSubcommandAndAtDoubleDash) {
  EXPECT_FALSE(Client(Words({"docker", "ps", "-H", "tcp://a"})).host);
  EXPECT_FALSE(Client(Words({"docker", "--", "-H", "tcp://a"})).host);
  // A bool flag's separate "false" is an argument: the subcommand.
  EXPECT_FALSE(Client(Words({"docker", "--tls", "false", "-H", "tcp://a"})).host);
}

TEST(DockerClientHostFlag, UnknownFlagsAreSkipped) {
  const auto w = Words({"docker", "--frobnicate", "x", "--other=y", "-H", "tcp://a", "ps"});
  const DockerClientCommand c = Client(w);
  ASSERT_TRUE(c.host);
  EXPECT_EQ(c.host->span, At(w, 5));
}

TEST(DockerClientHostFlag, UnknownWordBeforeFlagsIsSkipped) {
  auto w = Words({"docker", "", "-H", "tcp://a", "ps"});
  w[1].known = false;  // $DOCKER_OPTS from elsewhere
  const DockerClientCommand c = Client(w);
  ASSERT_TRUE(c.host);
  EXPECT_EQ(c.host->span, At(w, 3));
}

// ---------------------------------------------------------------------------------------
// TLS flags.

TEST(DockerClientTlsFlags, BareBoolsAreTrue) {
  const auto w = Words({"docker", "--tls", "--tlsverify", "-H", "tcp://a:2376", "ps"});
  const DockerClientCommand c = Client(w);
  EXPECT_TRUE(c.tls.present);
  EXPECT_TRUE(c.tls.value);
  EXPECT_TRUE(c.tls.known);
  EXPECT_EQ(c.tls.span, At(w, 1));
  EXPECT_TRUE(c.tlsverify.present);
  EXPECT_TRUE(c.tlsverify.value);
  EXPECT_EQ(c.tlsverify.span, At(w, 2));
  EXPECT_FALSE(c.has_cert_flags);
}

TEST(DockerClientTlsFlags, ValuesAfterEqualsFollowParseBool) {
  const struct {
    std::string_view word;
    bool value;
  } cases[] = {
      {"--tls=true", true}, {"--tls=1", true},  {"--tls=T", true},   {"--tls=false", false},
      {"--tls=0", false},   {"--tls=F", false}, {"--tls=no", false},  // invalid: pflag stores false
                                                                      // and the CLI exits
  };
  for (const auto& tc : cases) {
    const auto w = Words({"docker", tc.word, "ps"});
    const DockerClientCommand c = Client(w);
    EXPECT_TRUE(c.tls.present) << tc.word;
    EXPECT_EQ(c.tls.value, tc.value) << tc.word;
    EXPECT_EQ(c.tls.span, At(w, 1)) << tc.word;
  }
}

TEST(DockerClientTlsFlags, TlsverifyFalseIsPresentAndFalse) {
  const auto w = Words({"docker", "--tlsverify=false", "ps"});
  const DockerClientCommand c = Client(w);
  EXPECT_TRUE(c.tlsverify.present);
  EXPECT_FALSE(c.tlsverify.value);
  EXPECT_FALSE(c.tls.present);
}

TEST(DockerClientTlsFlags, SeparateFalseLeavesTheFlagTrue) {
  const auto w = Words({"docker", "--tls", "false", "ps"});
  const DockerClientCommand c = Client(w);
  EXPECT_TRUE(c.tls.present);
  EXPECT_TRUE(c.tls.value);
}

TEST(DockerClientTlsFlags, LastOneWins) {
  const auto w = Words({"docker", "--tls", "--tls=false", "ps"});
  const DockerClientCommand c = Client(w);
  EXPECT_FALSE(c.tls.value);
  EXPECT_EQ(c.tls.span, At(w, 2));
}

TEST(DockerClientTlsFlags, UnknownWordMakesTheFlagUnknown) {
  auto w = Words({"docker", "--tlsverify=", "ps"});
  w[1].known = false;
  const DockerClientCommand c = Client(w);
  EXPECT_TRUE(c.tlsverify.present);
  EXPECT_FALSE(c.tlsverify.known);
}

TEST(DockerClientTlsFlags, CertFlags) {
  for (std::string_view flag : {"--tlscacert", "--tlscert", "--tlskey"}) {
    const auto w = Words({"docker", "--tlsverify", flag, "/certs/x.pem", "-H", "tcp://a", "ps"});
    const DockerClientCommand c = Client(w);
    EXPECT_TRUE(c.has_cert_flags) << flag;
    ASSERT_TRUE(c.host) << flag;  // the value was consumed, -H still read
    EXPECT_EQ(c.host->span, At(w, 5));
  }
  EXPECT_TRUE(Client(Words({"docker", "--tlscacert=/c/ca.pem", "ps"})).has_cert_flags);
  EXPECT_FALSE(Client(Words({"docker", "ps", "--tlscacert", "/c/ca.pem"})).has_cert_flags);
}

// ---------------------------------------------------------------------------------------
// docker context create|update --docker.

TEST(DockerClientContext, CreateWithSeparateDockerValue) {
  const std::string_view value =
      "host=tcp://10.0.0.5:2376,ca=/c/ca.pem,cert=/c/cert.pem,key=/c/key.pem";
  const auto w = Words({"docker", "context", "create", "remote", "--docker", value});
  const DockerClientCommand c = Client(w);
  EXPECT_FALSE(c.host);
  ASSERT_TRUE(c.context_host);
  EXPECT_EQ(c.context_host->text, "tcp://10.0.0.5:2376");
  EXPECT_TRUE(c.context_host->known);
  EXPECT_EQ(c.context_host->span, At(w, 5, 5, 24));
  EXPECT_TRUE(c.context_has_tls_material);
  EXPECT_FALSE(c.skip_tls_verify.present);
}

TEST(DockerClientContext, CreateWithDockerEquals) {
  const auto w = Words({"docker", "context", "create",
                        "--docker=host=tcp://docker:2375,skip-tls-verify=true", "ci"});
  const DockerClientCommand c = Client(w);
  ASSERT_TRUE(c.context_host);
  EXPECT_EQ(c.context_host->text, "tcp://docker:2375");
  EXPECT_EQ(c.context_host->span, At(w, 3, 14, 31));
  EXPECT_TRUE(c.skip_tls_verify.present);
  EXPECT_TRUE(c.skip_tls_verify.value);
  EXPECT_TRUE(c.skip_tls_verify.known);
  EXPECT_EQ(c.skip_tls_verify.span, At(w, 3, 32));
  EXPECT_FALSE(c.context_has_tls_material);
}

TEST(DockerClientContext, SkipTlsVerifyParseBool) {
  const struct {
    std::string_view text;
    bool value;
  } cases[] = {{"1", true},      {"t", true},      {"T", true},    {"TRUE", true}, {"true", true},
               {"True", true},   {"0", false},     {"f", false},   {"F", false},   {"FALSE", false},
               {"false", false}, {"False", false}, {"yes", false}, {"tRuE", false}};
  for (const auto& tc : cases) {
    const std::string value = "host=tcp://h:2376,skip-tls-verify=" + std::string(tc.text);
    const auto w = Words({"docker", "context", "update", "x", "--docker", value});
    const DockerClientCommand c = Client(w);
    EXPECT_TRUE(c.skip_tls_verify.present) << tc.text;
    EXPECT_EQ(c.skip_tls_verify.value, tc.value) << tc.text;
    EXPECT_EQ(c.skip_tls_verify.span, At(w, 5, 18)) << tc.text;
  }
}

TEST(DockerClientContext, UpdateAndFlagsAroundTheName) {
  const auto w = Words({"docker", "--context", "default", "context", "update", "--description",
                        "the box", "box", "--docker", "host=ssh://me@box"});
  const DockerClientCommand c = Client(w);
  ASSERT_TRUE(c.context_host);
  EXPECT_EQ(c.context_host->text, "ssh://me@box");
  EXPECT_EQ(c.context_host->span, At(w, 9, 5));
}

TEST(DockerClientContext, QuotesInsideTheWordFallBackToTheWholeWord) {
  // `--docker="host=tcp://a:2375"`: the quotes are gone from the text, so the word's bytes no
  // longer line up with it.
  auto w = Words({"docker", "context", "create", "x", "--docker=host=tcp://a:2375"});
  w[4].span.end += 2;
  const DockerClientCommand c = Client(w);
  ASSERT_TRUE(c.context_host);
  EXPECT_EQ(c.context_host->text, "tcp://a:2375");
  EXPECT_EQ(c.context_host->span, w[4].span);
}

TEST(DockerClientContext, UnknownDockerValue) {
  auto w = Words({"docker", "context", "create", "x", "--docker", "host=tcp://,skip-tls-verify=1"});
  w[5].known = false;
  w[5].via = Span{9, 0, 4};
  const DockerClientCommand c = Client(w);
  ASSERT_TRUE(c.context_host);
  EXPECT_FALSE(c.context_host->known);
  EXPECT_EQ(c.context_host->via, (Span{9, 0, 4}));
  EXPECT_FALSE(c.skip_tls_verify.known);
}

TEST(DockerClientContext, RepeatedDockerFlagsMerge) {
  const auto w = Words({"docker", "context", "create", "x", "--docker", "host=tcp://a:2376",
                        "--docker", "ca=/c/ca.pem"});
  const DockerClientCommand c = Client(w);
  ASSERT_TRUE(c.context_host);
  EXPECT_EQ(c.context_host->span, At(w, 5, 5));
  EXPECT_TRUE(c.context_has_tls_material);
}

TEST(DockerClientContext, EmptyTlsPathsAreNoMaterial) {
  const auto w = Words({"docker", "context", "create", "x", "--docker", "host=tcp://a:2376,ca="});
  EXPECT_FALSE(Client(w).context_has_tls_material);
}

TEST(DockerClientContext, OtherContextCommandsStoreNothing) {
  EXPECT_FALSE(Client(Words({"docker", "context", "use", "remote"})).context_host);
  EXPECT_FALSE(Client(Words({"docker", "context", "ls"})).context_host);
  EXPECT_FALSE(Client(Words({"docker", "context", "create", "x", "--from", "y"})).context_host);
  EXPECT_FALSE(Client(Words({"docker", "context", "create", "x", "--description", "--docker"}))
                   .context_host);
  EXPECT_FALSE(
      Client(Words({"docker", "run", "--docker", "host=tcp://a:2375", "image"})).context_host);
}

// ---------------------------------------------------------------------------------------
// parse_client_host (opts.ParseHost).

struct HostCase {
  std::string_view value;
  bool tcp;
  std::string_view address;
  std::string_view port;
  bool loopback;
};

TEST(DockerClientParseHost, Accepted) {
  const HostCase cases[] = {
      {"", false, "", "", false},
      {"   ", false, "", "", false},
      {"unix:///var/run/docker.sock", false, "", "", false},
      {"unix://", false, "", "", false},
      {"/var/run/docker.sock", false, "", "", false},
      {"./docker.sock", false, "", "", false},
      {"npipe:////./pipe/docker_engine", false, "", "", false},
      {"fd://", false, "", "", false},
      {"ssh://me@box:22", false, "", "", false},
      {"tcp://", true, "localhost", "2375", true},
      {"tcp://:2375", true, "localhost", "2375", true},
      {" tcp://:7777/path ", true, "localhost", "7777", true},
      {"tcp://docker", true, "docker", "2375", false},
      {"tcp://docker:2376", true, "docker", "2376", false},
      {"tcp://10.0.0.5:2375/some/path", true, "10.0.0.5", "2375", false},
      {"tcp://0.0.0.0:2375", true, "0.0.0.0", "2375", false},
      {"tcp://127.0.0.1:2375", true, "127.0.0.1", "2375", true},
      {"tcp://127.8.9.10", true, "127.8.9.10", "2375", true},
      {"tcp://localhost:2376", true, "localhost", "2376", true},
      {"tcp://LocalHost", true, "LocalHost", "2375", true},
      {"tcp://[::1]:2375", true, "::1", "2375", true},
      {"tcp://[::1]:", true, "::1", "2375", true},
      {"tcp://[2001:db8::1]:2376", true, "2001:db8::1", "2376", false},
      {"tcp://user@host:2375", true, "host", "2375", false},
      {"tcp://host:", true, "host", "2375", false},
      {"docker:2375", true, "docker", "2375", false},  // no scheme: TCP
      {"10.0.0.5", true, "10.0.0.5", "2375", false},
      // ParseTCPAddr trims "tcp://" once more after the scheme was cut off.
      {"tcp://tcp://a", true, "a", "2375", false},
  };
  for (const HostCase& tc : cases) {
    const auto host = parse_client_host(tc.value);
    ASSERT_TRUE(host.has_value()) << tc.value;
    EXPECT_EQ(host->tcp, tc.tcp) << tc.value;
    if (!tc.tcp) continue;
    EXPECT_EQ(host->address, tc.address) << tc.value;
    EXPECT_EQ(host->port, tc.port) << tc.value;
    EXPECT_EQ(host->loopback, tc.loopback) << tc.value;
  }
}

TEST(DockerClientParseHost, Refused) {
  for (std::string_view value :
       {"http://docker:2375", "tcp://tcp://tcp://a", "unix://tcp://a", "tcp://a:port",
        "tcp://[::1]", "tcp://a b:2375", "tcp://a\x01:2375", "tcp://%41:2375", "udp://a:2375"}) {
    EXPECT_FALSE(parse_client_host(value).has_value()) << value;
  }
}

}  // namespace
}  // namespace dl::commands
