// The listener rules (DE101-DE105) on hand-built models: socat relays are worded as relays,
// and source-restricted firewall rules are attached as context.
#include <gtest/gtest.h>

#include "rules/listeners.h"
#include "tests/rules/rule_test_support.h"

namespace dl::testing {
namespace {

using Messages = std::vector<std::string>;

TEST(ListenerRules, De101WordsARelayAsARelay) {
  ScanModel model;
  model.daemons.push_back(make_relay("tcp://0.0.0.0:2375", span_at(10, 30)));
  const auto findings = run_rule("DE101", model);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].span, span_at(10, 30));
  EXPECT_EQ(findings[0].message,
            "socat relays the Docker socket on tcp://0.0.0.0:2375 (all interfaces) without TLS: "
            "anyone who can reach it gets root on the host");
  EXPECT_EQ(related_messages(findings[0]), Messages{});
}

TEST(ListenerRules, De101KeepsDockerdWording) {
  ScanModel model;
  model.daemons.push_back(make_daemon({make_listener("tcp://0.0.0.0:2375", span_at(5, 23))}));
  const auto findings = run_rule("DE101", model);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "dockerd listens on tcp://0.0.0.0:2375 (all interfaces, IPv4 and IPv6) without TLS: "
            "anyone who can reach it gets root on the host");
}

TEST(ListenerRules, De102WordsARelayAndSkipsDockerdHistory) {
  ScanModel model;
  model.engine = dockerd::EngineVersion{19, 3};  // the pre-20.10 note is about dockerd only
  model.daemons.push_back(make_relay("tcp://10.0.0.5:2376", span_at(0, 20), /*tls=*/true));
  const auto findings = run_rule("DE102", model);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "socat relays the Docker socket on tcp://10.0.0.5:2376 (a specific address) with TLS "
            "but does not verify client certificates: anyone who can reach it gets root on the "
            "host");
  // verify=0 sits in the listening word itself: no related location repeating it.
  EXPECT_EQ(related_messages(findings[0]), Messages{});
}

TEST(ListenerRules, De103WordsARelayAsARelay) {
  ScanModel model;
  model.daemons.push_back(make_relay("tcp://0.0.0.0:2375", span_at(0, 20)));
  model.daemons.push_back(make_relay("tcp://[::]:2375", span_at(40, 60)));
  const auto findings = run_rule("DE103", model);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].message,
            "socat relays the Docker socket on every interface (tcp://0.0.0.0:2375): bind the "
            "API to a trusted interface");
  EXPECT_EQ(findings[1].message,
            "socat relays the Docker socket on every interface (tcp://[::]:2375, IPv4 and "
            "IPv6): bind the API to a trusted interface");
}

TEST(ListenerRules, De104WordsARelayAsARelay) {
  ScanModel model;
  model.daemons.push_back(make_relay("tcp://127.0.0.1:2375", span_at(0, 20)));
  const auto findings = run_rule("DE104", model);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "socat relays the Docker socket on tcp://127.0.0.1:2375 (loopback) without TLS: every "
            "local user, process and browser page gets root access that the unix socket's "
            "permissions would deny");
}

TEST(ListenerRules, De105WordsARelayAsARelay) {
  ScanModel model;
  model.daemons.push_back(make_relay("tcp://0.0.0.0:2376", span_at(0, 20)));
  model.daemons.push_back(make_relay("tcp://0.0.0.0:2375", span_at(30, 50), /*tls=*/true,
                                     /*verify_clients=*/true));
  const auto findings = run_rule("DE105", model);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].message,
            "plaintext socat relay of the Docker socket on tcp://0.0.0.0:2376: 2376 is the Docker "
            "TLS port, so clients and readers assume TLS here");
  EXPECT_EQ(findings[1].message,
            "TLS socat relay of the Docker socket on tcp://0.0.0.0:2375: 2375 is the plaintext "
            "Docker port, so clients connect without TLS and fail");
  EXPECT_EQ(related_messages(findings[1]), Messages{});  // OPENSSL-LISTEN is the listener
}

TEST(ListenerRules, De105KeepsDockerdWording) {
  ScanModel model;
  model.daemons.push_back(make_daemon({make_listener("tcp://127.0.0.1:2376", span_at(0, 20))}));
  const auto findings = run_rule("DE105", model);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "plaintext listener on tcp://127.0.0.1:2376: 2376 is the Docker TLS port, so clients "
            "and readers assume TLS here");
}

TEST(ListenerRules, OriginNameCoversEveryOrigin) {
  EXPECT_EQ(rules::origin_name(SettingOrigin::SocketProxy), "the socat relay");
  EXPECT_EQ(rules::origin_name(SettingOrigin::SocketUnit), "the socket unit");
}

// A model with one exposed listener on `host` and the given firewall rules.
ScanModel with_firewall(std::string_view host, bool tls, bool verify,
                        std::vector<FirewallRule> firewall) {
  ScanModel model;
  model.daemons.push_back(make_daemon({make_listener(host, span_at(0, 20))}, tls, verify));
  model.firewall = std::move(firewall);
  return model;
}

TEST(ListenerRules, RestrictedFirewallRuleIsContextForDe101To103) {
  const FirewallRule restricted =
      make_firewall(2375, 2375, span_at(150, 154), span_at(100, 160), "10.0.5.0/24");
  const FirewallRule other_port =
      make_firewall(22, 22, span_at(200, 202), span_at(170, 210), "10.0.5.0/24");
  const auto plain = with_firewall("tcp://0.0.0.0:2375", false, false, {restricted, other_port});
  for (const char* id : {"DE101", "DE103"}) {
    SCOPED_TRACE(id);
    const auto findings = run_rule(id, plain);
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(related_messages(findings[0]),
              (Messages{"reachable only from 10.0.5.0/24 by this firewall rule"}));
    EXPECT_EQ(findings[0].related[0].span, span_at(100, 160));
  }
  ScanModel unverified = with_firewall("tcp://0.0.0.0:2375", true, false, {restricted, other_port});
  unverified.daemons[0].tls.verify_off_by = span_at(60, 70);
  const auto findings = run_rule("DE102", unverified);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(related_messages(findings[0]),
            (Messages{"reachable only from 10.0.5.0/24 by this firewall rule",
                      "client verification is turned off here"}));
}

TEST(ListenerRules, FirewallContextNeedsTheListenersPortAndNoOpenRule) {
  const FirewallRule restricted =
      make_firewall(2000, 3000, span_at(150, 159), span_at(100, 160), "eth1");
  const FirewallRule open = make_firewall(2375, 2375, span_at(250, 254), span_at(200, 260));
  {
    const auto findings =
        run_rule("DE101", with_firewall("tcp://10.0.0.5:4243", false, false, {restricted}));
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(related_messages(findings[0]), Messages{});  // 4243 is not in 2000-3000
  }
  {
    // An unrestricted rule on the same port makes "reachable only from" untrue (DE108).
    const auto findings =
        run_rule("DE101", with_firewall("tcp://10.0.0.5:2375", false, false, {restricted, open}));
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(related_messages(findings[0]), Messages{});
  }
  {
    const auto findings =
        run_rule("DE101", with_firewall("tcp://10.0.0.5:2375", false, false, {restricted}));
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(related_messages(findings[0]),
              (Messages{"reachable only from eth1 by this firewall rule"}));
  }
}

TEST(ListenerRules, LoopbackFindingsGetNoFirewallContext) {
  const auto findings =
      run_rule("DE104", with_firewall("tcp://127.0.0.1:2375", false, false,
                                      {make_firewall(2375, 2375, span_at(150, 154),
                                                     span_at(100, 160), "10.0.5.0/24")}));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(related_messages(findings[0]), Messages{});
}

}  // namespace
}  // namespace dl::testing
