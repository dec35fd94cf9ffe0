// Vectors: shared/docs/dockerd-semantics.md §1.2 (moby's hosts_test.go: TestParseDockerDaemonHost,
// TestParseTCP) and §1.3. Where the document elides part of an error ("…") or gives no value
// ("—"), the expected text is derived from moby's and Go's source; such rows say "derived".
#include "linter/dockerd/host.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dl::dockerd {
namespace {

using namespace std::string_literals;
using namespace std::string_view_literals;

constexpr EngineVersion kV20_10{20, 10};

// One expected outcome: a normalized host, or an exact error text.
struct Outcome {
  bool ok = false;
  std::string text;
};

Outcome Ok(std::string normalized) {
  return {true, std::move(normalized)};
}
Outcome Err(std::string error) {
  return {false, std::move(error)};
}

struct Vector {
  std::string input;
  Outcome want;
};

void PrintTo(const Vector& v, std::ostream* os) {
  *os << '"' << v.input << '"';
}

std::string Describe(const HostParseResult& r) {
  if (r.host) return "ok: " + r.host->normalized;
  return "error: " + r.error;
}

void ExpectOutcome(const HostParseResult& got, const Outcome& want) {
  if (want.ok) {
    ASSERT_TRUE(got.host.has_value()) << Describe(got);
    EXPECT_EQ(got.host->normalized, want.text);
    EXPECT_EQ(got.error, "");
  } else {
    EXPECT_FALSE(got.host.has_value()) << Describe(got);
    EXPECT_EQ(got.error, want.text);
  }
}

// ---------------------------------------------------------------------------------------------
// §1.2 TestParseDockerDaemonHost (ParseDaemonHost, current engines)

const std::vector<Vector>& DaemonHostVectors() {
  static const std::vector<Vector> kVectors = {
      // Valid inputs.
      {":", Ok("tcp://localhost:2375")},
      {":5555", Ok("tcp://localhost:5555")},
      {"0.0.0.1:", Ok("tcp://0.0.0.1:2375")},
      {"0.0.0.1:5555", Ok("tcp://0.0.0.1:5555")},
      {"[::1]", Ok("tcp://[::1]:2375")},
      {"[::1]:", Ok("tcp://[::1]:2375")},
      {"[::1]:5555", Ok("tcp://[::1]:5555")},
      {"[0:0:0:0:0:0:0:1]", Ok("tcp://[0:0:0:0:0:0:0:1]:2375")},
      {"[0:0:0:0:0:0:0:1]:", Ok("tcp://[0:0:0:0:0:0:0:1]:2375")},
      {"[0:0:0:0:0:0:0:1]:5555", Ok("tcp://[0:0:0:0:0:0:0:1]:5555")},
      {"localhost", Ok("tcp://localhost:2375")},
      {"localhost:", Ok("tcp://localhost:2375")},
      {"localhost:5555", Ok("tcp://localhost:5555")},
      {"fd://", Ok("fd://")},
      {"fd://something", Ok("fd://something")},
      {"npipe://", Ok("npipe:////./pipe/docker_engine")},
      {"npipe:////./pipe/foo", Ok("npipe:////./pipe/foo")},
      {"tcp://host:", Ok("tcp://host:2375")},
      {"tcp://", Ok("tcp://localhost:2375")},
      {"tcp://:", Ok("tcp://localhost:2375")},
      {"tcp://:5555", Ok("tcp://localhost:5555")},
      {"tcp://[::1]", Ok("tcp://[::1]:2375")},
      {"tcp://[::1]:", Ok("tcp://[::1]:2375")},
      {"tcp://[::1]:5555", Ok("tcp://[::1]:5555")},
      {"tcp://0.0.0.0:5555", Ok("tcp://0.0.0.0:5555")},
      {"tcp://192.168:5555", Ok("tcp://192.168:5555")},
      {"tcp://192.168.0.1:5555", Ok("tcp://192.168.0.1:5555")},
      {"tcp://0.0.0.0:1234567890", Ok("tcp://0.0.0.0:1234567890")},
      {"tcp://docker.com:5555", Ok("tcp://docker.com:5555")},
      {"unix://", Ok("unix:///var/run/docker.sock")},
      {"unix://path/to/socket", Ok("unix://path/to/socket")},
      {"unix:///run/docker.sock", Ok("unix:///run/docker.sock")},

      // Invalid inputs.
      {"something with spaces",
       Err(R"(invalid bind address (something with spaces): parse "tcp://something with spaces": )"
           R"(invalid character " " in host name)")},
      {"://", Err("invalid bind address (://): unsupported proto ''")},
      {"unknown://", Err("invalid bind address (unknown://): unsupported proto 'unknown'")},
      {"tcp://:port", Err(R"(invalid bind address (tcp://:port): parse "tcp://:port": )"
                          R"(invalid port ":port" after host)")},
      // derived: the document shows only the tail.
      {"tcp://invalid:port",
       Err(R"(invalid bind address (tcp://invalid:port): parse "tcp://invalid:port": )"
           R"(invalid port ":port" after host)")},
      {"tcp://:5555/",
       Err("invalid bind address (tcp://:5555/): should not contain a path element")},
      {"tcp://:5555/p",
       Err("invalid bind address (tcp://:5555/p): should not contain a path element")},
      {"tcp://0.0.0.0:5555/",
       Err("invalid bind address (tcp://0.0.0.0:5555/): should not contain a path element")},
      {"tcp://0.0.0.0:5555/p",
       Err("invalid bind address (tcp://0.0.0.0:5555/p): should not contain a path element")},
      {"tcp://[::1]:/",
       Err("invalid bind address (tcp://[::1]:/): should not contain a path element")},
      {"tcp://[::1]:5555/",
       Err("invalid bind address (tcp://[::1]:5555/): should not contain a path element")},
      {"tcp://[::1]:5555/p",
       Err("invalid bind address (tcp://[::1]:5555/p): should not contain a path element")},
      {"tcp://127.0.0.1/",
       Err("invalid bind address (tcp://127.0.0.1/): should not contain a path element")},
      {"tcp://:5555/path",
       Err("invalid bind address (tcp://:5555/path): should not contain a path element")},
      {":5555/path", Err("invalid bind address (:5555/path): should not contain a path element")},
      {"0.0.0.1:5555/path",
       Err("invalid bind address (0.0.0.1:5555/path): should not contain a path element")},
      {"[::1]:5555/path",
       Err("invalid bind address ([::1]:5555/path): should not contain a path element")},
      {"[0:0:0:0:0:0:0:1]:5555/path", Err("invalid bind address ([0:0:0:0:0:0:0:1]:5555/path): "
                                          "should not contain a path element")},
      {"localhost:5555/path",
       Err("invalid bind address (localhost:5555/path): should not contain a path element")},
      {"tcp:a.b.c.d", Err(R"(invalid bind address (tcp:a.b.c.d): parse "tcp://tcp:a.b.c.d": )"
                          R"(invalid port ":a.b.c.d" after host)")},
      // derived ("same pattern").
      {"tcp:a.b.c.d/path",
       Err(R"(invalid bind address (tcp:a.b.c.d/path): parse "tcp://tcp:a.b.c.d/path": )"
           R"(invalid port ":a.b.c.d" after host)")},
      {"udp://127.0.0.1", Err("invalid bind address (udp://127.0.0.1): unsupported proto 'udp'")},
      {"udp://127.0.0.1:5555",
       Err("invalid bind address (udp://127.0.0.1:5555): unsupported proto 'udp'")},
      // derived: the document elides the prefix.
      {"tcp://unix:///run/docker.sock",
       Err("invalid bind address (tcp://unix:///run/docker.sock): should not contain a path "
           "element")},
      {" tcp://:5555/path ",
       Err("invalid bind address ( tcp://:5555/path ): unsupported proto ' tcp'")},
      {"", Err("invalid bind address (): unsupported proto ''")},
      {" ",
       Err(R"(invalid bind address ( ): parse "tcp:// ": invalid character " " in host name)")},
      {"unix://tcp://127.0.0.1",
       Err("invalid bind address (unix://tcp://127.0.0.1): invalid unix address: tcp://127.0.0.1")},
      // derived: the document elides the prefix.
      {"unix://unix://tcp://127.0.0.1",
       Err("invalid bind address (unix://unix://tcp://127.0.0.1): invalid unix address: "
           "unix://tcp://127.0.0.1")},
  };
  return kVectors;
}

class ParseDockerDaemonHostTest : public testing::TestWithParam<Vector> {};

TEST_P(ParseDockerDaemonHostTest, MatchesMoby) {
  ExpectOutcome(parse_daemon_host(GetParam().input), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(Section1_2, ParseDockerDaemonHostTest,
                         testing::ValuesIn(DaemonHostVectors()));

// ---------------------------------------------------------------------------------------------
// §1.2 TestParseTCP (ParseTCPAddr(input, "tcp://127.0.0.1:8888")), plus the rows of moby's test
// the document's table abbreviates.

constexpr std::string_view kTestDefault = "tcp://127.0.0.1:8888";

const std::vector<Vector>& ParseTcpVectors() {
  static const std::vector<Vector> kVectors = {
      {"", Ok("tcp://127.0.0.1:8888")},
      {"0.0.0.1", Ok("tcp://0.0.0.1:8888")},
      {"0.0.0.1:", Ok("tcp://0.0.0.1:8888")},
      {"0.0.0.1:5555", Ok("tcp://0.0.0.1:5555")},
      {":", Ok("tcp://127.0.0.1:8888")},
      {":5555", Ok("tcp://127.0.0.1:5555")},
      {"[::1]", Ok("tcp://[::1]:8888")},
      {"[::1]:", Ok("tcp://[::1]:8888")},
      {"[::1]:5555", Ok("tcp://[::1]:5555")},
      {"[0:0:0:0:0:0:0:1]", Ok("tcp://[0:0:0:0:0:0:0:1]:8888")},
      {"[0:0:0:0:0:0:0:1]:", Ok("tcp://[0:0:0:0:0:0:0:1]:8888")},
      {"[0:0:0:0:0:0:0:1]:5555", Ok("tcp://[0:0:0:0:0:0:0:1]:5555")},
      {"localhost", Ok("tcp://localhost:8888")},
      {"localhost:", Ok("tcp://localhost:8888")},
      {"localhost:5555", Ok("tcp://localhost:5555")},
      {"tcp://", Ok("tcp://127.0.0.1:8888")},
      {"tcp://:", Ok("tcp://127.0.0.1:8888")},
      {"tcp://:5555", Ok("tcp://127.0.0.1:5555")},

      {"tcp:a.b.c.d", Err(R"(invalid bind address (tcp:a.b.c.d): parse "tcp://tcp:a.b.c.d": )"
                          R"(invalid port ":a.b.c.d" after host)")},
      {"tcp:a.b.c.d/path",
       Err(R"(invalid bind address (tcp:a.b.c.d/path): parse "tcp://tcp:a.b.c.d/path": )"
           R"(invalid port ":a.b.c.d" after host)")},
      {"udp://127.0.0.1", Err("invalid bind address (udp://127.0.0.1): unsupported proto 'udp'")},
      {"udp://127.0.0.1:5555",
       Err("invalid bind address (udp://127.0.0.1:5555): unsupported proto 'udp'")},
      {":5555/path", Err("invalid bind address (:5555/path): should not contain a path element")},
      {"0.0.0.1:5555/path",
       Err("invalid bind address (0.0.0.1:5555/path): should not contain a path element")},
      {"[::1]:5555/path",
       Err("invalid bind address ([::1]:5555/path): should not contain a path element")},
      {"[0:0:0:0:0:0:0:1]:5555/path", Err("invalid bind address ([0:0:0:0:0:0:0:1]:5555/path): "
                                          "should not contain a path element")},
      {"tcp://:5555/path",
       Err("invalid bind address (tcp://:5555/path): should not contain a path element")},
      {"localhost:5555/path",
       Err("invalid bind address (localhost:5555/path): should not contain a path element")},
  };
  return kVectors;
}

class ParseTcpTest : public testing::TestWithParam<Vector> {};

TEST_P(ParseTcpTest, MatchesMoby) {
  ExpectOutcome(parse_tcp_addr(GetParam().input, kTestDefault), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(Section1_2, ParseTcpTest, testing::ValuesIn(ParseTcpVectors()));

// Invalid default addresses: ParseTCPAddr("tcp://0.0.0.0:2375", <default>). The document quotes
// the first message; the others are those of moby's test (derived here from the code as well).
const std::vector<Vector>& InvalidDefaultVectors() {
  static const std::vector<Vector> kVectors = {
      {"localhost", Err("invalid default address (localhost): unsupported proto ''")},
      {"udp://localhost",
       Err("invalid default address (udp://localhost): unsupported proto 'udp'")},
      {"tcp://localhost:noport",
       Err(R"(invalid default address (tcp://localhost:noport): parse "tcp://localhost:noport": )"
           R"(invalid port ":noport" after host)")},
      {"tcp://localhost:5555/path",
       Err("invalid default address (tcp://localhost:5555/path): should not contain a path "
           "element")},
      // derived: strict mode also needs a host and a port.
      {"tcp://", Err("invalid default address (tcp://): no host or IP address")},
      {"tcp://localhost", Err("invalid default address (tcp://localhost): invalid port: ")},
      {"tcp://localhost:0", Err("invalid default address (tcp://localhost:0): invalid port: 0")},
  };
  return kVectors;
}

class ParseTcpInvalidDefaultTest : public testing::TestWithParam<Vector> {};

TEST_P(ParseTcpInvalidDefaultTest, MatchesMoby) {
  ExpectOutcome(parse_tcp_addr("tcp://0.0.0.0:2375", GetParam().input), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(Section1_2, ParseTcpInvalidDefaultTest,
                         testing::ValuesIn(InvalidDefaultVectors()));

// ---------------------------------------------------------------------------------------------
// §1.3 extra vectors: current result, ≤ v22 (v20.10 code) result, and the "listens on" column.

struct ExtraVector {
  std::string input;
  Outcome current;
  Outcome legacy;
  // Scope of the accepted host (current engines, else the legacy result). nullopt where the
  // document says "none" for an accepted host because listening then fails (port or path).
  std::optional<ListenerScope> scope;
};

void PrintTo(const ExtraVector& v, std::ostream* os) {
  *os << '"' << v.input << '"';
}

constexpr auto kLoopback = ListenerScope::Loopback;
constexpr auto kAll = ListenerScope::AllInterfaces;
constexpr auto kSpecific = ListenerScope::SpecificAddress;

const std::vector<ExtraVector>& ExtraVectors() {
  static const std::vector<ExtraVector> kVectors = {
      {"tcp://", Ok("tcp://localhost:2375"), Ok("tcp://localhost:2375"), kLoopback},
      {"tcp://:2375", Ok("tcp://localhost:2375"), Ok("tcp://localhost:2375"), kLoopback},
      {":2375", Ok("tcp://localhost:2375"), Ok("tcp://localhost:2375"), kLoopback},
      {"tcp://0.0.0.0", Ok("tcp://0.0.0.0:2375"), Ok("tcp://0.0.0.0:2375"), kAll},
      {"0.0.0.0:2375", Ok("tcp://0.0.0.0:2375"), Ok("tcp://0.0.0.0:2375"), kAll},
      {"0.0.0.0", Ok("tcp://0.0.0.0:2375"), Ok("tcp://0.0.0.0:2375"), kAll},
      {"tcp://[::]:2376", Ok("tcp://[::]:2376"), Ok("tcp://[::]:2376"), kAll},
      {"tcp://[::]", Ok("tcp://[::]:2375"), Err("Invalid bind address format: [::]"), kAll},
      // legacy derived (the document has "—").
      {"[::]:2375", Ok("tcp://[::]:2375"), Ok("tcp://[::]:2375"), kAll},
      {"tcp://localhost", Ok("tcp://localhost:2375"), Ok("tcp://localhost:2375"), kLoopback},
      // legacy derived for the next four (the document has "—").
      {"tcp://127.0.0.1:2375", Ok("tcp://127.0.0.1:2375"), Ok("tcp://127.0.0.1:2375"), kLoopback},
      {"tcp://127.1:2375", Ok("tcp://127.1:2375"), Ok("tcp://127.1:2375"), kLoopback},
      {"tcp://[::1]:2375", Ok("tcp://[::1]:2375"), Ok("tcp://[::1]:2375"), kLoopback},
      {"tcp://[::ffff:127.0.0.1]:2375", Ok("tcp://[::ffff:127.0.0.1]:2375"),
       Ok("tcp://[::ffff:127.0.0.1]:2375"), kLoopback},
      {"tcp://host:2375/path",
       Err("invalid bind address (tcp://host:2375/path): should not contain a path element"),
       Ok("tcp://host:2375/path"), std::nullopt},
      {"tcp://localhost:2375/",
       Err("invalid bind address (tcp://localhost:2375/): should not contain a path element"),
       Ok("tcp://localhost:2375/"), std::nullopt},
      {"fd://", Ok("fd://"), Ok("fd://"), ListenerScope::Fd},
      {"fd://3", Ok("fd://3"), Ok("fd://3"), ListenerScope::Fd},
      {"fd://*", Ok("fd://*"), Ok("fd://*"), ListenerScope::Fd},
      {"fd:///3", Ok("fd:///3"), Ok("fd:///3"), ListenerScope::Fd},
      {"unix://", Ok("unix:///var/run/docker.sock"), Ok("unix:///var/run/docker.sock"),
       ListenerScope::Unix},
      {"unix:///path", Ok("unix:///path"), Ok("unix:///path"), ListenerScope::Unix},
      {"npipe://", Ok("npipe:////./pipe/docker_engine"), Ok("npipe:////./pipe/docker_engine"),
       ListenerScope::Npipe},
      // Error texts derived: the document gives "unsupported proto 'ssh'" and "Invalid bind
      // address format" without the rest.
      {"ssh://", Err("invalid bind address (ssh://): unsupported proto 'ssh'"),
       Err("Invalid bind address format: ssh://"), std::nullopt},
      {"ssh://user@host", Err("invalid bind address (ssh://user@host): unsupported proto 'ssh'"),
       Err("Invalid bind address format: ssh://user@host"), std::nullopt},
      {"http://0.0.0.0:2375",
       Err("invalid bind address (http://0.0.0.0:2375): unsupported proto 'http'"),
       Err("Invalid bind address format: http://0.0.0.0:2375"), std::nullopt},
      {"https://localhost:2376",
       Err("invalid bind address (https://localhost:2376): unsupported proto 'https'"),
       Err("Invalid bind address format: https://localhost:2376"), std::nullopt},
      {"TCP://0.0.0.0:2375",
       Err("invalid bind address (TCP://0.0.0.0:2375): unsupported proto 'TCP'"),
       Err("Invalid bind address format: TCP://0.0.0.0:2375"), std::nullopt},
      // Current: the document gives "invalid port: 0"; the prefix is derived.
      {"tcp://0.0.0.0:0", Err("invalid bind address (tcp://0.0.0.0:0): invalid port: 0"),
       Ok("tcp://0.0.0.0:0"), kAll},
      {"tcp://0.0.0.0:65536", Ok("tcp://0.0.0.0:65536"), Ok("tcp://0.0.0.0:65536"), std::nullopt},
      {"2375", Ok("tcp://2375:2375"), Ok("tcp://2375:2375"), kSpecific},
      // legacy derived for the extras rows (the document has "—").
      {"tcp://user@0.0.0.0:2375", Ok("tcp://0.0.0.0:2375"), Ok("tcp://0.0.0.0:2375"), kAll},
      {"tcp://0.0.0.0:2375?x=1", Ok("tcp://0.0.0.0:2375"), Ok("tcp://0.0.0.0:2375"), kAll},
      {"tcp://0.0.0.0:2375#f", Ok("tcp://0.0.0.0:2375"), Ok("tcp://0.0.0.0:2375"), kAll},
      {"tcp://user@0.0.0.0:2375?x=1#f", Ok("tcp://0.0.0.0:2375"), Ok("tcp://0.0.0.0:2375"), kAll},
      // The document gives `invalid URL escape "%et"`; the rest is derived (legacy: url.Parse's
      // error was returned unwrapped).
      {"tcp://[fe80::1%eth0]:2375",
       Err(R"(invalid bind address (tcp://[fe80::1%eth0]:2375): )"
           R"(parse "tcp://[fe80::1%eth0]:2375": )"
           R"(invalid URL escape "%et")"),
       Err(R"(parse "tcp://[fe80::1%eth0]:2375": invalid URL escape "%et")"), std::nullopt},
      // derived: ParseDaemonHost errors (ValidateHost would trim and accept it).
      {" tcp://0.0.0.0:2375",
       Err("invalid bind address ( tcp://0.0.0.0:2375): unsupported proto ' tcp'"),
       Err("Invalid bind address format:  tcp://0.0.0.0:2375"), std::nullopt},
  };
  return kVectors;
}

class ExtraVectorTest : public testing::TestWithParam<ExtraVector> {};

TEST_P(ExtraVectorTest, CurrentEngine) {
  ExpectOutcome(parse_daemon_host(GetParam().input), GetParam().current);
  ExpectOutcome(parse_daemon_host(GetParam().input, kNormalizeHostsEarly), GetParam().current);
}

TEST_P(ExtraVectorTest, LegacyEngine) {
  ExpectOutcome(parse_daemon_host(GetParam().input, kV20_10), GetParam().legacy);
  ExpectOutcome(parse_daemon_host(GetParam().input, EngineVersion{22, 5}), GetParam().legacy);
}

TEST_P(ExtraVectorTest, ListensOn) {
  const ExtraVector& v = GetParam();
  if (!v.scope) {
    // "none": rejected, or (legacy) accepted with a path element listening cannot use.
    const auto current = parse_daemon_host(v.input);
    const auto legacy = parse_daemon_host(v.input, kV20_10);
    if (current.host && legacy.host) {
      EXPECT_EQ(current.host->port, "65536");  // the only accepted-but-unlistenable row
    } else if (legacy.host) {
      EXPECT_EQ(legacy.host->proto, HostProto::Tcp);
      EXPECT_FALSE(legacy.host->address.empty()) << "path element expected";
    }
    return;
  }
  const auto parsed =
      v.current.ok ? parse_daemon_host(v.input) : parse_daemon_host(v.input, kV20_10);
  ASSERT_TRUE(parsed.host.has_value()) << Describe(parsed);
  EXPECT_EQ(classify_scope(*parsed.host), *v.scope) << to_string(classify_scope(*parsed.host));
}

INSTANTIATE_TEST_SUITE_P(Section1_3, ExtraVectorTest, testing::ValuesIn(ExtraVectors()));

// ---------------------------------------------------------------------------------------------
// v20.10 regime beyond §1.3 (derived from v20.10 opts/hosts.go).

TEST(LegacyEngine, DiffersFromCurrentWhereTheCodeDid) {
  const std::vector<Vector> vectors = {
      {"", Err("Invalid bind address format: ")},
      {"udp://127.0.0.1", Err("Invalid bind address format: udp://127.0.0.1")},
      {"tcp://tcp://", Ok("tcp://localhost:2375")},
      {"tcp://[::1]", Err("Invalid bind address format: [::1]")},
      {"tcp://[::1]:", Ok("tcp://[::1]:2375")},  // the "]:" workaround
      {"[0:0:0:0:0:0:0:1]:5555/path", Ok("tcp://[0:0:0:0:0:0:0:1]:5555/path")},
      {"tcp://:5555/path", Ok("tcp://localhost:5555/path")},
      {"tcp://h:1/a%20b", Ok("tcp://h:1/a b")},  // u.Path is the decoded path
      {"tcp://unix:///run/docker.sock",
       Err("Invalid proto, expected tcp: unix:///run/docker.sock")},
      {"tcp://:port", Err(R"(parse "tcp://:port": invalid port ":port" after host)")},
      {"something with spaces",
       Err(R"(parse "tcp://something with spaces": invalid character " " in host name)")},
      {"unix://tcp://127.0.0.1", Err("Invalid proto, expected unix: tcp://127.0.0.1")},
      {"unix://unix:///run/x.sock", Ok("unix:///run/x.sock")},
      {"unix://unix://tcp://127.0.0.1", Err("Invalid proto, expected unix: tcp://127.0.0.1")},
      {"npipe://", Ok("npipe:////./pipe/docker_engine")},
      {"fd://3", Ok("fd://3")},
  };
  for (const auto& v : vectors) {
    SCOPED_TRACE(v.input);
    ExpectOutcome(parse_daemon_host(v.input, kV20_10), v.want);
  }
  const auto with_path = parse_daemon_host("tcp://host:2375/path", kV20_10);
  ASSERT_TRUE(with_path.host.has_value());
  EXPECT_EQ(with_path.host->host, "host");
  EXPECT_EQ(with_path.host->port, "2375");
  EXPECT_EQ(with_path.host->address, "/path");
}

// ---------------------------------------------------------------------------------------------
// More Go net/url behaviour through ParseDaemonHost (expected texts derived from Go's url.go).

TEST(ParseDaemonHostUrl, ErrorsAndEdgeCases) {
  const std::vector<Vector> vectors = {
      {"tcp://[::1",
       Err(R"(invalid bind address (tcp://[::1): parse "tcp://[::1": missing ']' in host)")},
      {"tcp://[::1]x", Err(R"(invalid bind address (tcp://[::1]x): parse "tcp://[::1]x": )"
                           R"(invalid port "x" after host)")},
      {"tcp://us er@0.0.0.0:2375",
       Err(R"(invalid bind address (tcp://us er@0.0.0.0:2375): parse "tcp://us er@0.0.0.0:2375": )"
           R"(net/url: invalid userinfo)")},
      {"tcp://u%zz@0.0.0.0:2375",
       Err(R"(invalid bind address (tcp://u%zz@0.0.0.0:2375): parse "tcp://u%zz@0.0.0.0:2375": )"
           R"(invalid URL escape "%zz")")},
      {"tcp://%41:2375", Err(R"(invalid bind address (tcp://%41:2375): parse "tcp://%41:2375": )"
                             R"(invalid URL escape "%41")")},
      {"tcp://h%2:1",
       Err(R"(invalid bind address (tcp://h%2:1): parse "tcp://h%2:1": invalid URL escape "%2:")")},
      {"tcp://h%2",
       Err(R"(invalid bind address (tcp://h%2): parse "tcp://h%2": invalid URL escape "%2")")},
      {"tcp://0.0.0.0:2375/%zz",
       Err(R"(invalid bind address (tcp://0.0.0.0:2375/%zz): parse "tcp://0.0.0.0:2375/%zz": )"
           R"(invalid URL escape "%zz")")},
      {"tcp://0.0.0.0:2375#%zz",
       Err(R"(invalid bind address (tcp://0.0.0.0:2375#%zz): parse "tcp://0.0.0.0:2375#%zz": )"
           R"(invalid URL escape "%zz")")},
      {"tcp://a{b}:1", Err(R"(invalid bind address (tcp://a{b}:1): parse "tcp://a{b}:1": )"
                           R"(invalid character "{" in host name)")},
      {"tcp://[fe80::1%25%2F]:1",
       Err(R"(invalid bind address (tcp://[fe80::1%25%2F]:1): parse "tcp://[fe80::1%25%2F]:1": )"
           R"(invalid URL escape "%2F")")},
      {"tcp:///foo", Err("invalid bind address (tcp:///foo): should not contain a path element")},
      {"tcp://0.0.0.0:00", Err("invalid bind address (tcp://0.0.0.0:00): invalid port: 00")},
      {"tcp://0.0.0.0:9223372036854775808",
       Err("invalid bind address (tcp://0.0.0.0:9223372036854775808): invalid port: "
           "9223372036854775808")},
      {"tcp://0.0.0.0:9223372036854775807", Ok("tcp://0.0.0.0:9223372036854775807")},
      {"tcp://0.0.0.0:0000000000000000000000001", Ok("tcp://0.0.0.0:0000000000000000000000001")},
      {"tcp://[fe80::1%25en0]:2375", Ok("tcp://[fe80::1%en0]:2375")},
      {"tcp://%C3%A9:2375", Ok("tcp://\xC3\xA9:2375")},
      {"tcp://h?", Ok("tcp://h:2375")},
      {"tcp://::1", Ok("tcp://[:]:1")},  // url.Port takes ":1"; JoinHostPort brackets ":"
      {"tcp://a:b@h:1", Ok("tcp://h:1")},
      {"tcp://a@b@h:1", Ok("tcp://h:1")},
      {"tcp:// 1", Err(R"(invalid bind address (tcp:// 1): parse "tcp:// 1": )"
                       R"(invalid character " " in host name)")},
      {"fd://anything at all", Ok("fd://anything at all")},
      {"unix://relative", Ok("unix://relative")},
      {"npipe://x://y", Err("invalid bind address (npipe://x://y): invalid npipe address: x://y")},
  };
  for (const auto& v : vectors) {
    SCOPED_TRACE(v.input);
    ExpectOutcome(parse_daemon_host(v.input), v.want);
  }
}

TEST(ParseDaemonHostUrl, QuotesBytesLikeGo) {
  // The parenthesised input is printed raw (%s); the url.Error quotes it (%q).
  const std::string with_nul = "tcp://h\0x"s;
  ExpectOutcome(parse_daemon_host(with_nul),
                Err("invalid bind address (" + with_nul +
                    R"(): parse "tcp://h\x00x": net/url: invalid control character in URL)"));
  const std::string bad_utf8 = "tcp://h:\xFF";
  ExpectOutcome(parse_daemon_host(bad_utf8),
                Err("invalid bind address (" + bad_utf8 +
                    R"(): parse "tcp://h:\xff": invalid port ":\xff" after host)"));
  // EscapeError keeps three bytes, which can cut a UTF-8 sequence ("%" + two bytes of "€").
  const std::string split_escape = "tcp://h%\xE2\x82\xAC";
  ExpectOutcome(parse_daemon_host(split_escape),
                Err("invalid bind address (" + split_escape + "): parse \"" + split_escape +
                    "\": invalid URL escape \"%\\xe2\\x82\""));
  const std::string whole_escape = "tcp://h%\xC3\xA9";
  ExpectOutcome(parse_daemon_host(whole_escape),
                Err("invalid bind address (" + whole_escape + "): parse \"" + whole_escape +
                    "\": invalid URL escape \"%\xC3\xA9\""));
}

TEST(ParseDaemonHostFields, SplitsHostPortAndAddress) {
  auto r = parse_daemon_host("tcp://[::1]:5555");
  ASSERT_TRUE(r.host);
  EXPECT_EQ(r.host->proto, HostProto::Tcp);
  EXPECT_EQ(r.host->host, "::1");
  EXPECT_EQ(r.host->port, "5555");
  EXPECT_EQ(r.host->address, "");

  r = parse_daemon_host(":");
  ASSERT_TRUE(r.host);
  EXPECT_EQ(r.host->host, "localhost");
  EXPECT_EQ(r.host->port, "2375");

  r = parse_daemon_host("unix://");
  ASSERT_TRUE(r.host);
  EXPECT_EQ(r.host->proto, HostProto::Unix);
  EXPECT_EQ(r.host->address, "/var/run/docker.sock");
  EXPECT_EQ(r.host->host, "");
  EXPECT_EQ(r.host->port, "");

  r = parse_daemon_host("npipe:////./pipe/foo");
  ASSERT_TRUE(r.host);
  EXPECT_EQ(r.host->proto, HostProto::Npipe);
  EXPECT_EQ(r.host->address, "//./pipe/foo");

  r = parse_daemon_host("fd://3");
  ASSERT_TRUE(r.host);
  EXPECT_EQ(r.host->proto, HostProto::Fd);
  EXPECT_EQ(r.host->address, "3");

  r = parse_daemon_host("fd://");
  ASSERT_TRUE(r.host);
  EXPECT_EQ(r.host->address, "");
}

// ---------------------------------------------------------------------------------------------
// classify_scope beyond §1.3

ListenerScope ScopeOf(std::string_view input) {
  const auto r = parse_daemon_host(input);
  EXPECT_TRUE(r.host.has_value()) << input << ": " << r.error;
  return r.host ? classify_scope(*r.host) : ListenerScope::Unix;
}

TEST(ClassifyScope, TcpHosts) {
  const std::vector<std::pair<std::string_view, ListenerScope>> cases = {
      {"tcp://localhost:2375", kLoopback},
      {"tcp://LocalHost:2375", kLoopback},
      {"tcp://127.0.0.1", kLoopback},
      {"tcp://127.255.255.254", kLoopback},
      {"tcp://127.1", kLoopback},
      {"tcp://0x7f.1", kLoopback},
      {"tcp://017700000001", kLoopback},  // octal
      {"tcp://2130706433", kLoopback},    // one 32-bit number
      {"tcp://[::1]", kLoopback},
      {"tcp://[0:0:0:0:0:0:0:1]", kLoopback},
      {"tcp://[0000:0000::0001]", kLoopback},
      {"tcp://[::ffff:127.0.0.1]", kLoopback},
      {"tcp://[::ffff:7f00:1]", kLoopback},
      {"tcp://[::1%25lo]:2375", kLoopback},
      {"tcp://0.0.0.0", kAll},
      {"tcp://0", kAll},
      {"tcp://0.0", kAll},
      {"tcp://[::]", kAll},
      {"tcp://[0:0:0:0:0:0:0:0]", kAll},
      {"tcp://[::0]", kAll},
      {"tcp://[::ffff:0.0.0.0]", kAll},
      {"tcp://[::ffff:0:0]", kAll},
      {"tcp://[::%25eth0]", kAll},
      {"tcp://docker.com:5555", kSpecific},
      {"tcp://192.168.0.1", kSpecific},
      {"tcp://192.168:5555", kSpecific},
      {"tcp://0.0.0.1", kSpecific},
      {"tcp://128.0.0.1", kSpecific},
      {"tcp://[::2]", kSpecific},
      {"tcp://[::127.0.0.1]", kSpecific},  // IPv4-compatible, not mapped
      {"tcp://[fe80::1%25en0]", kSpecific},
      {"tcp://127.0.0.1.", kSpecific},  // not an address: a name
      {"tcp://08.0.0.1", kSpecific},    // "08" is not octal: a name
      {"tcp://localhost.localdomain", kSpecific},
      {"tcp://::1", kSpecific},  // host ":"
      {"2375", kSpecific},
  };
  for (const auto& [input, scope] : cases) {
    SCOPED_TRACE(input);
    EXPECT_EQ(to_string(ScopeOf(input)), to_string(scope));
  }
}

TEST(ClassifyScope, NonTcp) {
  EXPECT_EQ(ScopeOf("unix:///run/docker.sock"), ListenerScope::Unix);
  EXPECT_EQ(ScopeOf("fd://"), ListenerScope::Fd);
  EXPECT_EQ(ScopeOf("npipe://"), ListenerScope::Npipe);
  DaemonHost empty_tcp;
  empty_tcp.proto = HostProto::Tcp;
  EXPECT_EQ(classify_scope(empty_tcp), kSpecific);
}

TEST(ClassifyScope, Names) {
  EXPECT_EQ(to_string(ListenerScope::Unix), "unix");
  EXPECT_EQ(to_string(ListenerScope::Fd), "fd");
  EXPECT_EQ(to_string(ListenerScope::Npipe), "npipe");
  EXPECT_EQ(to_string(ListenerScope::Loopback), "loopback");
  EXPECT_EQ(to_string(ListenerScope::SpecificAddress), "specific-address");
  EXPECT_EQ(to_string(ListenerScope::AllInterfaces), "all-interfaces");
}

// ---------------------------------------------------------------------------------------------
// IP helpers

using V4 = std::array<std::uint8_t, 4>;

TEST(ParseInetAton, GlibcForms) {
  EXPECT_EQ(parse_inet_aton("127.0.0.1"), (V4{127, 0, 0, 1}));
  EXPECT_EQ(parse_inet_aton("127.1"), (V4{127, 0, 0, 1}));
  EXPECT_EQ(parse_inet_aton("10.1.2"), (V4{10, 1, 0, 2}));
  EXPECT_EQ(parse_inet_aton("1.16777215"), (V4{1, 255, 255, 255}));
  EXPECT_EQ(parse_inet_aton("0"), (V4{0, 0, 0, 0}));
  EXPECT_EQ(parse_inet_aton("0x7f.0.0.1"), (V4{127, 0, 0, 1}));
  EXPECT_EQ(parse_inet_aton("0X7F000001"), (V4{127, 0, 0, 1}));
  EXPECT_EQ(parse_inet_aton("010.0.0.1"), (V4{8, 0, 0, 1}));
  EXPECT_EQ(parse_inet_aton("4294967295"), (V4{255, 255, 255, 255}));
  EXPECT_EQ(parse_inet_aton("127.000.000.001"), (V4{127, 0, 0, 1}));
  for (std::string_view bad :
       {"", "4294967296", "1.16777216", "256.1", "1.2.3.256", "1.2.3.4.5", "1..2", "1.", ".1", "08",
        "0x", "0xg", "a.b.c.d", "1.2.3.4 ", "99999999999999999999999", "-1", "+1", "1.2.3.0x100"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(parse_inet_aton(bad).has_value());
  }
}

TEST(ParseIpv6, Forms) {
  using V6 = std::array<std::uint8_t, 16>;
  EXPECT_EQ(parse_ipv6("::"), V6{});
  V6 one{};
  one[15] = 1;
  EXPECT_EQ(parse_ipv6("::1"), one);
  EXPECT_EQ(parse_ipv6("0:0:0:0:0:0:0:1"), one);
  EXPECT_EQ(parse_ipv6("0::0:1"), one);
  V6 mapped{};
  mapped[10] = 0xFF;
  mapped[11] = 0xFF;
  mapped[12] = 1;
  mapped[13] = 2;
  mapped[14] = 3;
  mapped[15] = 4;
  EXPECT_EQ(parse_ipv6("::ffff:1.2.3.4"), mapped);
  EXPECT_EQ(parse_ipv6("0:0:0:0:0:ffff:1.2.3.4"), mapped);
  EXPECT_EQ(parse_ipv6("::FFFF:0102:0304"), mapped);
  EXPECT_EQ(parse_ip_literal("1.2.3.4"), mapped);
  EXPECT_EQ(parse_ip_literal("1.2.772"), mapped);
  V6 tail{};
  tail[0] = 0x12;
  tail[1] = 0x34;
  EXPECT_EQ(parse_ipv6("1234::"), tail);
  EXPECT_TRUE(parse_ipv6("1:2:3:4:5:6:7:8").has_value());
  EXPECT_TRUE(parse_ipv6("1:2:3:4:5:6:7::").has_value());
  EXPECT_TRUE(parse_ipv6("::2:3:4:5:6:7:8").has_value());
  EXPECT_TRUE(parse_ipv6("1:2:3:4:5:6:1.2.3.4").has_value());
  for (std::string_view bad : {"",
                               ":",
                               ":::",
                               "1:::2",
                               "::1::",
                               "1::2::3",
                               ":1",
                               "1:",
                               "1:2:3:4:5:6:7:8:9",
                               "1:2:3:4:5:6:7:8::",
                               "::1:2:3:4:5:6:7:8",
                               "12345::",
                               "g::",
                               "::ffff:01.2.3.4",
                               "::ffff:1.2.3",
                               "::ffff:1.2.3.4.5",
                               "::ffff:256.1.1.1",
                               "1:2:3:4:5:6:7:1.2.3.4",
                               "1.2.3.4::",
                               "::1%lo",
                               "[::1]"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(parse_ipv6(bad).has_value());
  }
}

// ---------------------------------------------------------------------------------------------
// go_quote (strconv.Quote)

TEST(GoQuote, MatchesStrconvQuote) {
  EXPECT_EQ(go_quote(""), R"("")");
  EXPECT_EQ(go_quote("abc"), R"("abc")");
  EXPECT_EQ(go_quote(" "), R"(" ")");
  EXPECT_EQ(go_quote("\"\\"), R"("\"\\")");
  EXPECT_EQ(go_quote("\a\b\f\n\r\t\v"), R"("\a\b\f\n\r\t\v")");
  EXPECT_EQ(go_quote("\0\x1f\x7f"s), R"("\x00\x1f\x7f")");
  EXPECT_EQ(go_quote("\xff\xc3"), R"("\xff\xc3")");
  EXPECT_EQ(go_quote("\xC3\xA9"), "\"\xC3\xA9\"");                   // é
  EXPECT_EQ(go_quote("\xF0\x9F\x98\x80"), "\"\xF0\x9F\x98\x80\"");   // U+1F600
  EXPECT_EQ(go_quote("\xEF\xBF\xBD"), "\"\xEF\xBF\xBD\"");           // U+FFFD itself
  EXPECT_EQ(go_quote("\xC2\x80"), R"("\u0080")");                    // C1 control
  EXPECT_EQ(go_quote("\xC2\xA0"), R"("\u00a0")");                    // NBSP
  EXPECT_EQ(go_quote("\xE2\x80\x8B"), R"("\u200b")");                // ZWSP
  EXPECT_EQ(go_quote("\xEE\x80\x80"), R"("\ue000")");                // private use
  EXPECT_EQ(go_quote("\xF3\xB0\x80\x80"), R"("\U000f0000")");        // private use plane
  EXPECT_EQ(go_quote("\xC0\x80"), R"("\xc0\x80")");                  // overlong NUL
  EXPECT_EQ(go_quote("\xED\xA0\x80"), R"("\xed\xa0\x80")");          // surrogate
  EXPECT_EQ(go_quote("\xF4\x90\x80\x80"), R"("\xf4\x90\x80\x80")");  // > U+10FFFF
  EXPECT_EQ(go_quote("\xE2\x82"), R"("\xe2\x82")");                  // truncated
}

// ---------------------------------------------------------------------------------------------
// Robustness: no crash, a consistent result, linear time.

void ExpectWellFormed(std::string_view input, EngineVersion engine) {
  const auto r = parse_daemon_host(input, engine);
  if (r.host) {
    EXPECT_TRUE(r.error.empty());
    EXPECT_FALSE(r.host->normalized.empty());
    (void)to_string(classify_scope(*r.host));
  } else {
    EXPECT_FALSE(r.error.empty());
  }
}

TEST(Robustness, RandomInputs) {
  constexpr std::string_view kAlphabet =
      "tcpunixfd:/[]%25@?#.0123456789abcdefx \t\x00\x7f\xc3\xa9\xff"sv;
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 40);
  const std::vector<std::string> prefixes = {"", "tcp://", "unix://", "fd://", "npipe://", "["};
  for (int n = 0; n < 20000; ++n) {
    std::string input = prefixes[static_cast<std::size_t>(n) % prefixes.size()];
    for (int k = length(rng); k > 0; --k) input += kAlphabet[pick(rng)];
    ExpectWellFormed(input, kCurrentEngine);
    ExpectWellFormed(input, kV20_10);
    (void)parse_tcp_addr(input, kTestDefault);
    (void)parse_tcp_addr("tcp://0.0.0.0:1", input);
    if (HasFailure()) {
      ADD_FAILURE() << "input: " << go_quote(input);
      return;
    }
  }
}

TEST(Robustness, HugeInputsStayFast) {
  const std::size_t kSize = 1 << 17;  // 128 KiB; every path below is a linear scan
  for (const std::string& filler :
       {std::string(kSize, 'a'), std::string(kSize, ':'), std::string(kSize, '%'),
        std::string(kSize, '['), std::string(kSize, ']'), std::string(kSize, '@'),
        std::string(kSize, '/'), std::string(kSize, '\xff'), std::string(kSize, '1')}) {
    for (const std::string& input :
         {filler, "tcp://" + filler, "tcp://[" + filler + "]:1", "tcp://h:1#" + filler,
          "unix://" + filler, "tcp://" + filler + "@h:1", "tcp://" + filler + ":2375"}) {
      ExpectWellFormed(input, kCurrentEngine);
      ExpectWellFormed(input, kV20_10);
    }
  }
}

TEST(Robustness, HugeDigitsAndAddresses) {
  const std::string digits(100000, '9');
  ExpectOutcome(parse_daemon_host("tcp://h:" + digits),
                Err("invalid bind address (tcp://h:" + digits + "): invalid port: " + digits));
  EXPECT_FALSE(parse_inet_aton(digits).has_value());
  EXPECT_FALSE(parse_ipv6(std::string(100000, ':')).has_value());
  EXPECT_FALSE(parse_ip_literal(std::string(100000, '1')).has_value());
}

}  // namespace
}  // namespace dl::dockerd
