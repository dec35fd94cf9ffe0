// socat relays that put the Docker socket on TCP: address keywords (case-insensitive, with
// their aliases), options, socat's own options and the OpenSSL listener's verify default.
#include "linter/commands/socat.h"

#include <gtest/gtest.h>

#include "tests/commands/command_words.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dl::commands {
namespace {

constexpr FileId kFile = 4;

std::vector<Word> Words(const std::vector<std::string_view>& texts) {
  return testing::words_on_one_line(kFile, texts);
}

SocketRelay Relay(const std::vector<Word>& words) {
  const auto relay = parse_socat(words);
  EXPECT_TRUE(relay.has_value());
  return relay.value_or(SocketRelay{});
}

TEST(SocatRelay, ClassicForm) {
  const auto w =
      Words({"socat", "TCP-LISTEN:2375,fork,reuseaddr", "UNIX-CONNECT:/var/run/docker.sock"});
  const SocketRelay r = Relay(w);
  EXPECT_EQ(r.address, "");
  EXPECT_TRUE(r.address_known);
  EXPECT_EQ(r.port, "2375");
  EXPECT_FALSE(r.ipv6);
  EXPECT_FALSE(r.tls);
  EXPECT_FALSE(r.verify_clients);
  EXPECT_EQ(r.span, w[1].span);
  EXPECT_EQ(r.target_span, w[2].span);
}

TEST(SocatRelay, EitherOrder) {
  const auto w = Words({"socat", "UNIX-CONNECT:/var/run/docker.sock", "TCP-LISTEN:2375,fork"});
  const SocketRelay r = Relay(w);
  EXPECT_EQ(r.port, "2375");
  EXPECT_EQ(r.span, w[2].span);
  EXPECT_EQ(r.target_span, w[1].span);
}

TEST(SocatRelay, KeywordsAreCaseInsensitiveWithAliases) {
  for (std::string_view listen : {"tcp-listen:2375", "TCP-L:2375", "tcp4-l:2375",
                                  "TCP4-LISTEN:2375", "INET-LISTEN:2375", "inet4-l:2375"}) {
    for (std::string_view target :
         {"unix-connect:/var/run/docker.sock", "UNIX-CLIENT:/run/docker.sock",
          "UNIX:/var/run/docker.sock", "LOCAL:/var/run/docker.sock", "GOPEN:/var/run/docker.sock",
          "/var/run/docker.sock"}) {
      const auto relay = parse_socat(Words({"socat", listen, target}));
      ASSERT_TRUE(relay.has_value()) << listen << " " << target;
      EXPECT_EQ(relay->port, "2375");
      EXPECT_FALSE(relay->ipv6) << listen;
    }
  }
}

TEST(SocatRelay, BindAddress) {
  const struct {
    std::string_view listen;
    std::string_view address;
  } cases[] = {
      {"TCP-LISTEN:2375,bind=127.0.0.1,fork", "127.0.0.1"},
      {"TCP-LISTEN:2375,fork,BIND=10.0.0.5", "10.0.0.5"},
      {"TCP-LISTEN:2375,bind=0.0.0.0", "0.0.0.0"},
      {"TCP6-LISTEN:2375,bind=[::1]", "::1"},
      {"TCP6-LISTEN:2375,bind=[::1]:0,fork", "::1"},
      {"TCP-LISTEN:2375,bind=10.0.0.5:0", "10.0.0.5"},
  };
  for (const auto& tc : cases) {
    const SocketRelay r = Relay(Words({"socat", tc.listen, "UNIX-CONNECT:/var/run/docker.sock"}));
    EXPECT_EQ(r.address, tc.address) << tc.listen;
  }
}

TEST(SocatRelay, Ipv6) {
  const struct {
    std::vector<std::string_view> options;
    std::string_view listen;
    bool ipv6;
  } cases[] = {
      {{}, "TCP6-LISTEN:2375,fork", true},   {{}, "TCP6-L:2375", true},
      {{}, "INET6-LISTEN:2375", true},       {{}, "TCP-LISTEN:2375,pf=ip6", true},
      {{}, "TCP-LISTEN:2375,pf=IPv6", true}, {{}, "TCP-LISTEN:2375,protocol-family=inet6", true},
      {{"-6"}, "TCP-LISTEN:2375", true},     {{"-6"}, "TCP-LISTEN:2375,pf=ip4", false},
      {{"-6"}, "TCP4-LISTEN:2375", false},   {{"-6", "-4"}, "TCP-LISTEN:2375", false},
      {{}, "TCP-LISTEN:2375,pf=ip4", false},
  };
  for (const auto& tc : cases) {
    std::vector<std::string_view> texts{"socat"};
    texts.insert(texts.end(), tc.options.begin(), tc.options.end());
    texts.push_back(tc.listen);
    texts.push_back("UNIX-CONNECT:/var/run/docker.sock");
    const auto relay = parse_socat(Words(texts));
    ASSERT_TRUE(relay.has_value()) << tc.listen;
    EXPECT_EQ(relay->ipv6, tc.ipv6) << tc.listen;
  }
}

TEST(SocatRelay, OpensslListenVerifiesByDefault) {
  const auto w = Words({"socat", "OPENSSL-LISTEN:2376,cert=/s/cert.pem,cafile=/s/ca.pem,fork",
                        "UNIX-CONNECT:/var/run/docker.sock"});
  const SocketRelay r = Relay(w);
  EXPECT_TRUE(r.tls);
  EXPECT_TRUE(r.verify_clients);
  EXPECT_EQ(r.port, "2376");
  EXPECT_EQ(r.span, w[1].span);
}

TEST(SocatRelay, OpensslVerifyOption) {
  const struct {
    std::string_view listen;
    bool verify;
  } cases[] = {
      {"OPENSSL-LISTEN:2376,cert=/s/c.pem,verify=0", false},
      {"ssl-l:2376,cert=/s/c.pem,verify=0,fork", false},
      {"OPENSSL-LISTEN:2376,verify=false", false},  // strtoul reads 0 (and socat complains)
      {"OPENSSL-LISTEN:2376,verify=0x0", false},
      {"OPENSSL-LISTEN:2376,verify=1", true},
      {"OPENSSL-LISTEN:2376,VERIFY=1", true},
      {"OPENSSL-LISTEN:2376,verify", true},
      {"OPENSSL-LISTEN:2376,verify=0,verify=1", true},  // the last one counts
  };
  for (const auto& tc : cases) {
    const SocketRelay r = Relay(Words({"socat", tc.listen, "UNIX-CONNECT:/var/run/docker.sock"}));
    EXPECT_TRUE(r.tls) << tc.listen;
    EXPECT_EQ(r.verify_clients, tc.verify) << tc.listen;
  }
}

TEST(SocatRelay, PlainTcpIgnoresVerify) {
  const SocketRelay r =
      Relay(Words({"socat", "TCP-LISTEN:2375,verify=1", "UNIX-CONNECT:/var/run/docker.sock"}));
  EXPECT_FALSE(r.tls);
  EXPECT_FALSE(r.verify_clients);
}

TEST(SocatRelay, SocatOptionsAndWrappers) {
  const auto w =
      Words({"sudo", "nohup", "socat", "-d", "-d", "-v", "-T", "10", "-lf", "/var/log/socat.log",
             "-b8192", "TCP-LISTEN:2375,reuseaddr,fork", "UNIX-CLIENT:/var/run/docker.sock"});
  const SocketRelay r = Relay(w);
  EXPECT_EQ(r.port, "2375");
  EXPECT_EQ(r.span, w[11].span);
  EXPECT_EQ(r.target_span, w[12].span);
}

TEST(SocatRelay, UnknownListenWord) {
  auto w = Words({"socat", "TCP-LISTEN:2375,bind=", "UNIX-CONNECT:/var/run/docker.sock"});
  w[1].known = false;  // bind=$BIND_ADDR
  const SocketRelay r = Relay(w);
  EXPECT_FALSE(r.address_known);
  EXPECT_EQ(r.port, "2375");
}

TEST(SocatRelay, NotARelayOfTheDockerSocket) {
  const std::vector<std::vector<std::string_view>> cases = {
      {"socat", "TCP-LISTEN:8080", "TCP:backend:80"},
      {"socat", "TCP-LISTEN:2375,fork", "UNIX-CONNECT:/tmp/other.sock"},
      {"socat", "UNIX-LISTEN:/tmp/d.sock,fork", "UNIX-CONNECT:/var/run/docker.sock"},
      {"socat", "TCP:host:2375", "UNIX-CONNECT:/var/run/docker.sock"},
      {"socat", "UDP-LISTEN:2375", "UNIX-CONNECT:/var/run/docker.sock"},
      {"socat", "TCP-LISTEN:2375"},
      {"socat", "-h", "TCP-LISTEN:2375", "UNIX-CONNECT:/var/run/docker.sock"},
      {"socat", "-V"},
      {"socat", "TCP-LISTEN:2375", "UNIX-CONNECT:/var/run/docker.sock", "extra"},
      {"socat", "TCP-LISTEN", "UNIX-CONNECT:/var/run/docker.sock"},  // no port
      {"socat", "-", "UNIX-CONNECT:/var/run/docker.sock"},
      {"nc", "-l", "2375"},
      {"socat"},
  };
  for (const auto& texts : cases) {
    std::string joined;
    for (std::string_view text : texts) joined += std::string(text) + " ";
    EXPECT_FALSE(parse_socat(Words(texts)).has_value()) << joined;
  }
}

}  // namespace
}  // namespace dl::commands
