// Shared wording and predicates for the listener rules (DE1xx, DE2xx) and the client rules
// (DE3xx).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linter/core/model.h"
#include "rules/rule.h"

namespace dl::rules {

// "tcp://0.0.0.0:2375 (all interfaces)"; for a templated host, the text as written.
std::string describe_listener(const Listener& listener);
// Who serves the API on the listener, worded to go before an address: "dockerd listens on",
// or "socat relays the Docker socket on" for a relay (SettingOrigin::SocketProxy).
std::string_view listens_on(const Listener& listener);
// The listener as a noun, for "plaintext … on tcp://…": "listener", or "socat relay of the
// Docker socket" for a relay.
std::string_view listener_noun(const Listener& listener);
// listens_on + describe_listener: "dockerd listens on tcp://0.0.0.0:2375 (all interfaces)".
std::string listener_subject(const Listener& listener);
// Whether an all-interfaces listener also takes IPv6 connections.
bool dual_stack(const Listener& listener);
// True when a TCP listener exists whose address is not known to be loopback.
bool exposed_beyond_loopback(const Listener& listener);
bool has_tcp_listener(const DaemonInstance& daemon);
// The listener's TCP port as a number; nullopt when not TCP or the address is unknown.
std::optional<std::uint32_t> listener_port(const Listener& listener);
// Points at what brought a listener in from elsewhere: the `-H fd://` that hands dockerd a
// socket unit's listener, or the variable reference ($DOCKER_OPTS) a -H value came through.
void relate_listener_source(RuleContext::Report& report, const Listener& listener);
// Related locations that come from elsewhere in the repository (firewall rules, listeners on
// a port) are capped, so that a tree with hundreds of them does not attach each to each
// finding: the last one shown says how many more there are.
constexpr std::size_t kMaxRelatedFromElsewhere = 5;

// relate_some() of a list of `total` items given by its first ones (at least
// kMaxRelatedFromElsewhere of them when there are that many).
template <typename Item, typename Describe>
void relate_first(RuleContext::Report& report, const std::vector<Item>& first, std::size_t total,
                  Describe describe) {
  const std::size_t shown = std::min({first.size(), total, kMaxRelatedFromElsewhere});
  for (std::size_t i = 0; i < shown; ++i) {
    auto [span, message] = describe(first[i]);
    if (i + 1 == shown && total > shown) {
      message += " (and " + std::to_string(total - shown) + " more)";
    }
    report.related(span, std::move(message));
  }
}

template <typename Item, typename Describe>
void relate_some(RuleContext::Report& report, const std::vector<Item>& items, Describe describe) {
  relate_first(report, items, items.size(), describe);
}

// Asks for the source-restricted firewall rules that accept the listener's port ("reachable
// only from 10.0.5.0/24 by this firewall rule") at this point of the related locations;
// attach_firewall_context() adds them once the whole repository's firewall rules are known.
void relate_firewall_context(RuleContext::Report& report, const Listener& listener);
// Adds what relate_firewall_context() asked for: the restricting rules of `firewall` (the
// repository's, in file order), unless an unrestricted rule accepts the port too.
void attach_firewall_context(Finding& finding, const std::vector<FirewallRule>& firewall);
// A client pointed at TCP beyond loopback (DE301, DE302). A host that is only partly known
// counts as TCP when its known text starts with tcp://, and is never known to be loopback.
bool client_tcp_beyond_loopback(const ClientEndpoint& client);
// The client's host for messages: "tcp://docker:2375", or "tcp://… (partly set elsewhere)".
std::string describe_client_host(const ClientEndpoint& client);
// "daemon.json" or "the command line", for where a setting was made.
std::string origin_name(SettingOrigin origin);

}  // namespace dl::rules
