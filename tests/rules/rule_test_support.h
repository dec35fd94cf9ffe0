// Building exposure models by hand and running one rule's check on them.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "linter/core/finding.h"
#include "linter/core/model.h"
#include "linter/dockerd/host.h"
#include "rules/listeners.h"
#include "rules/registry.h"
#include "rules/rule.h"

namespace dl::testing {

inline Span span_at(std::uint32_t begin, std::uint32_t end, FileId file = 0) {
  return Span{file, begin, end};
}

// The findings of rule `id` (an id or name) on `model`.
inline std::vector<Finding> run_rule(std::string_view id, const ScanModel& model) {
  const rules::RuleDef* rule = rules::find_rule(id);
  EXPECT_NE(rule, nullptr) << id;
  if (rule == nullptr) return {};
  rules::RuleContext ctx(*rule);
  rule->check(model, ctx);
  // As the engine does once the whole repository's firewall rules are known.
  std::vector<Finding> findings = ctx.take();
  for (Finding& finding : findings) rules::attach_firewall_context(finding, model.firewall);
  return findings;
}

// A listener as dockerd::resolve would produce it for `written`.
inline Listener make_listener(std::string_view written, Span span,
                              SettingOrigin origin = SettingOrigin::DaemonJson) {
  Listener listener;
  listener.written = std::string(written);
  listener.span = span;
  listener.origin = origin;
  const dockerd::HostParseResult parsed = dockerd::parse_daemon_host(written);
  EXPECT_TRUE(parsed.host) << written << ": " << parsed.error;
  if (parsed.host) {
    listener.host = parsed.host;
    listener.proto = parsed.host->proto;
    listener.scope = dockerd::classify_scope(*parsed.host);
  }
  return listener;
}

// A daemon with the given listeners and TLS state (known).
inline DaemonInstance make_daemon(std::vector<Listener> listeners, bool tls_enabled = false,
                                  bool verify_clients = false) {
  DaemonInstance daemon;
  daemon.label = "daemon.json";
  daemon.file = 0;
  daemon.listeners = std::move(listeners);
  daemon.tls.enabled = tls_enabled;
  daemon.tls.verify_clients = verify_clients;
  return daemon;
}

// A socat relay (`socat TCP-LISTEN:PORT,fork UNIX-CONNECT:/var/run/docker.sock`).
inline DaemonInstance make_relay(std::string_view written, Span span, bool tls = false,
                                 bool verify_clients = false) {
  DaemonInstance daemon =
      make_daemon({make_listener(written, span, SettingOrigin::SocketProxy)}, tls, verify_clients);
  daemon.socket_proxy = true;
  daemon.label = "setup.sh";
  if (tls) {
    daemon.tls.explicit_choice = true;
    daemon.tls.enabled_by = span;
    if (!verify_clients) daemon.tls.verify_off_by = span;
  }
  return daemon;
}

inline FirewallRule make_firewall(std::uint32_t first, std::uint32_t last, Span port_span,
                                  Span span, std::string source = "") {
  FirewallRule rule;
  rule.tool = "iptables";
  rule.ports = {PortRange{first, last}};
  rule.port_span = port_span;
  rule.span = span;
  rule.any_source = source.empty();
  rule.source = std::move(source);
  return rule;
}

// The related messages of a finding, in order.
inline std::vector<std::string> related_messages(const Finding& finding) {
  std::vector<std::string> out;
  for (const RelatedLocation& related : finding.related) out.push_back(related.message);
  return out;
}

}  // namespace dl::testing
