// DE108 on hand-built models: firewall rules that open the Docker API port to any source.
#include <gtest/gtest.h>

#include "tests/rules/rule_test_support.h"

namespace dl::testing {
namespace {

using Messages = std::vector<std::string>;

TEST(FirewallRule, De108FiresOnDockerPortsFromAnySource) {
  ScanModel model;
  model.firewall.push_back(make_firewall(2375, 2375, span_at(40, 44), span_at(0, 60)));
  const auto findings = run_rule("DE108", model);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].span, span_at(40, 44));
  EXPECT_EQ(findings[0].message,
            "iptables accepts TCP port 2375 from any source: every network that reaches the host "
            "reaches the Docker API; allow only the hosts that manage Docker");
  EXPECT_EQ(related_messages(findings[0]), Messages{});
}

TEST(FirewallRule, De108IgnoresRestrictedRulesAndOtherPorts) {
  ScanModel model;
  model.firewall.push_back(
      make_firewall(2376, 2376, span_at(40, 44), span_at(0, 60), "10.0.5.0/24"));
  model.firewall.push_back(make_firewall(22, 22, span_at(80, 82), span_at(70, 90)));
  model.firewall.push_back(make_firewall(2377, 2377, span_at(110, 114), span_at(100, 120)));
  EXPECT_TRUE(run_rule("DE108", model).empty());
}

TEST(FirewallRule, De108NamesEveryDockerPortInARange) {
  ScanModel model;
  FirewallRule rule = make_firewall(2000, 3000, span_at(40, 49), span_at(0, 60));
  rule.tool = "ufw";
  model.firewall.push_back(rule);
  const auto findings = run_rule("DE108", model);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "ufw accepts TCP ports 2375 and 2376 (in 2000-3000) from any source: every network "
            "that reaches the host reaches the Docker API; allow only the hosts that manage "
            "Docker");
}

TEST(FirewallRule, De108KnowsTheDaemonsPortAndPointsAtItsListeners) {
  ScanModel model;
  model.daemons.push_back(make_daemon({make_listener("tcp://0.0.0.0:4243", span_at(0, 20))}));
  model.daemons.push_back(make_relay("tcp://10.0.0.5:4243", span_at(200, 220)));
  model.firewall.push_back(make_firewall(4243, 4243, span_at(140, 144), span_at(100, 160)));
  const auto findings = run_rule("DE108", model);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "iptables accepts TCP port 4243 from any source: every network that reaches the host "
            "reaches the Docker API; allow only the hosts that manage Docker");
  EXPECT_EQ(related_messages(findings[0]),
            (Messages{"dockerd listens on tcp://0.0.0.0:4243 (all interfaces, IPv4 and IPv6) here",
                      "socat relays the Docker socket on tcp://10.0.0.5:4243 (a specific "
                      "address) here"}));
  EXPECT_EQ(findings[0].related[0].span, span_at(0, 20));
  EXPECT_EQ(findings[0].related[1].span, span_at(200, 220));
}

TEST(FirewallRule, De108LeavesPortsOfLoopbackListenersAlone) {
  // A firewall cannot expose a loopback listener; the opened port belongs to something else.
  ScanModel model;
  model.daemons.push_back(make_daemon({make_listener("tcp://127.0.0.1:8080", span_at(0, 20))}));
  model.firewall.push_back(make_firewall(8080, 8080, span_at(140, 144), span_at(100, 160)));
  EXPECT_TRUE(run_rule("DE108", model).empty());
}

TEST(FirewallRule, De108ListsTheDefaultPortsAndTheDaemonsPortTogether) {
  ScanModel model;
  model.daemons.push_back(make_daemon({make_listener("tcp://10.0.0.5:2500", span_at(0, 20))}));
  model.firewall.push_back(make_firewall(2375, 2600, span_at(140, 149), span_at(100, 160)));
  const auto findings = run_rule("DE108", model);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "iptables accepts TCP ports 2375, 2376 and 2500 (in 2375-2600) from any source: every "
            "network that reaches the host reaches the Docker API; allow only the hosts that "
            "manage Docker");
  EXPECT_EQ(related_messages(findings[0]),
            (Messages{"dockerd listens on tcp://10.0.0.5:2500 (a specific address) here"}));
}

}  // namespace
}  // namespace dl::testing
