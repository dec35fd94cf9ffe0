// The client rules (DE301-DE303) on hand-built models.
#include <gtest/gtest.h>

#include "tests/rules/rule_test_support.h"

namespace dl::testing {
namespace {

using Messages = std::vector<std::string>;

ClientEndpoint client(std::string host, ClientTls tls, std::string setting = "DOCKER_HOST") {
  ClientEndpoint endpoint;
  endpoint.setting = std::move(setting);
  endpoint.host = std::move(host);
  endpoint.span = span_at(12, 12 + static_cast<std::uint32_t>(endpoint.host.size()));
  endpoint.tls = tls;
  if (tls != ClientTls::Off) endpoint.tls_span = span_at(50, 62);
  return endpoint;
}

ScanModel with_clients(std::vector<ClientEndpoint> clients) {
  ScanModel model;
  model.clients = std::move(clients);
  return model;
}

// These need commands::parse_client_host to classify the host.
TEST(ClientRules, De301FiresOnRemotePlaintextTcp) {
  const auto findings =
      run_rule("DE301", with_clients({client("tcp://docker:2375", ClientTls::Off)}));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].span, span_at(12, 29));
  EXPECT_EQ(findings[0].message,
            "the docker client talks to tcp://docker:2375 (DOCKER_HOST) without TLS: the daemon "
            "it reaches accepts anyone, and everyone on the network path can read and change its "
            "API calls");
  EXPECT_EQ(related_messages(findings[0]), Messages{});
}

TEST(ClientRules, De301LeavesLoopbackSocketsAndSshAlone) {
  const auto model = with_clients({
      client("tcp://127.0.0.1:2375", ClientTls::Off),
      client("tcp://localhost:2375", ClientTls::Off, "-H"),
      client("tcp://:2375", ClientTls::Off),  // the CLI fills in localhost
      client("unix:///var/run/docker.sock", ClientTls::Off),
      client("ssh://deploy@build-host", ClientTls::Off),
  });
  EXPECT_TRUE(run_rule("DE301", model).empty());
}

TEST(ClientRules, De301NeedsTlsOff) {
  const auto model = with_clients({
      client("tcp://docker:2376", ClientTls::Verify),
      client("tcp://docker:2376", ClientTls::Unknown),
      client("tcp://docker:2376", ClientTls::NoVerify),
  });
  EXPECT_TRUE(run_rule("DE301", model).empty());
}

TEST(ClientRules, De301TakesAPartlyKnownTcpHostAsRemote) {
  ClientEndpoint partial = client("tcp://", ClientTls::Off, "-H");
  partial.host_known = false;
  partial.via = span_at(80, 90);
  ClientEndpoint unknown_scheme = client("", ClientTls::Off);
  unknown_scheme.host_known = false;
  const auto findings = run_rule("DE301", with_clients({partial, unknown_scheme}));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "the docker client talks to tcp://… (partly set elsewhere) (-H) without TLS: the "
            "daemon it reaches accepts anyone, and everyone on the network path can read and "
            "change its API calls");
  EXPECT_EQ(related_messages(findings[0]), (Messages{"the value comes in through this variable"}));
  EXPECT_EQ(findings[0].related[0].span, span_at(80, 90));
}

TEST(ClientRules, De302FiresOnTlsWithoutVerify) {
  const auto findings =
      run_rule("DE302", with_clients({client("tcp://docker:2376", ClientTls::NoVerify),
                                      client("tcp://127.0.0.1:2376", ClientTls::NoVerify),
                                      client("tcp://docker:2376", ClientTls::Verify)}));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].span, span_at(12, 29));
  EXPECT_EQ(findings[0].message,
            "the docker client talks TLS to tcp://docker:2376 (DOCKER_HOST) without verifying "
            "the daemon's certificate: a man in the middle can pose as the daemon and take the "
            "client's commands and credentials");
  EXPECT_EQ(related_messages(findings[0]), (Messages{"TLS without verification is chosen here"}));
  EXPECT_EQ(findings[0].related[0].span, span_at(50, 62));
}

TEST(ClientRules, De302TakesAPartlyKnownTcpHostAsRemote) {
  ClientEndpoint partial = client("tcp://", ClientTls::NoVerify);
  partial.host_known = false;
  EXPECT_EQ(run_rule("DE302", with_clients({partial})).size(), 1u);
}

ClientEnvSetting env(std::string name, std::string value, bool known = true) {
  ClientEnvSetting setting;
  setting.name = std::move(name);
  setting.value = std::move(value);
  setting.known = known;
  setting.span = span_at(30, 30 + static_cast<std::uint32_t>(setting.value.size()));
  return setting;
}

TEST(ClientRules, De303FiresOnOffLookingValues) {
  ScanModel model;
  for (const char* value : {"0", "false", "FALSE", "No", "off", "n", "F"}) {
    model.client_env.push_back(env("DOCKER_TLS_VERIFY", value));
  }
  model.client_env.push_back(env("DOCKER_TLS", "false"));
  const auto findings = run_rule("DE303", model);
  ASSERT_EQ(findings.size(), 8u);
  EXPECT_EQ(findings[0].span, span_at(30, 31));
  EXPECT_EQ(findings[0].message,
            "DOCKER_TLS_VERIFY=0 turns TLS verification on, not off: the docker CLI treats any "
            "non-empty value as on; unset the variable or set it empty to turn it off");
  EXPECT_EQ(findings[7].message,
            "DOCKER_TLS=false turns TLS on, not off: the docker CLI treats any non-empty value as "
            "on; unset the variable or set it empty to turn it off");
}

TEST(ClientRules, De303LeavesOtherValuesAndVariablesAlone) {
  ScanModel model;
  model.client_env.push_back(env("DOCKER_TLS_VERIFY", "1"));
  model.client_env.push_back(env("DOCKER_TLS_VERIFY", "true"));
  model.client_env.push_back(env("DOCKER_TLS_VERIFY", ""));
  model.client_env.push_back(env("DOCKER_TLS_VERIFY", "0", /*known=*/false));
  model.client_env.push_back(env("DOCKER_CERT_PATH", "0"));
  model.client_env.push_back(env("DOCKER_TLS", "nope"));
  EXPECT_TRUE(run_rule("DE303", model).empty());
}

}  // namespace
}  // namespace dl::testing
