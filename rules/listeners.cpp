#include "rules/listeners.h"

#include <algorithm>
#include <charconv>

#include "linter/commands/docker_client.h"

namespace dl::rules {

using dockerd::ListenerScope;

bool dual_stack(const Listener& listener) {
  // Go listens on 0.0.0.0 with a dual-stack socket; systemd binds ListenStream=0.0.0.0:P to
  // IPv4 only, and a bare port or [::] to both (§1.1, §5.1). socat's TCP-LISTEN binds IPv4
  // only, TCP6-LISTEN binds [::] (dual-stack unless ipv6only is set).
  if (listener.origin != SettingOrigin::SocketUnit &&
      listener.origin != SettingOrigin::SocketProxy &&
      listener.origin != SettingOrigin::PublishedPort) {
    return true;
  }
  return listener.host && listener.host->host == "::";
}

std::string describe_listener(const Listener& listener) {
  if (!listener.host) return "\"" + listener.written + "\" (address set by the template)";
  std::string text = listener.host->normalized;
  if (listener.scope) {
    switch (*listener.scope) {
      case ListenerScope::AllInterfaces:
        text += dual_stack(listener) ? " (all interfaces, IPv4 and IPv6)" : " (all interfaces)";
        break;
      case ListenerScope::Loopback: text += " (loopback)"; break;
      case ListenerScope::SpecificAddress: text += " (a specific address)"; break;
      default: break;
    }
  }
  if (listener.origin == SettingOrigin::Default) text += ", dockerd's default when TLS is on";
  if (listener.origin == SettingOrigin::SocketUnit) text += ", a socket unit passed in by -H fd://";
  return text;
}

std::string_view listens_on(const Listener& listener) {
  // A relay is not dockerd: saying "dockerd listens" would send the reader to daemon.json.
  switch (listener.origin) {
    case SettingOrigin::SocketProxy: return "socat relays the Docker socket on";
    case SettingOrigin::PublishedPort: return "a container's Docker API is published on";
    default: return "dockerd listens on";
  }
}

std::string_view listener_noun(const Listener& listener) {
  switch (listener.origin) {
    case SettingOrigin::SocketProxy: return "socat relay of the Docker socket";
    case SettingOrigin::PublishedPort: return "published Docker API port";
    default: return "listener";
  }
}

std::string listener_subject(const Listener& listener) {
  return std::string(listens_on(listener)) + " " + describe_listener(listener);
}

bool exposed_beyond_loopback(const Listener& listener) {
  if (!listener.is_tcp()) return false;
  return !listener.scope || *listener.scope != ListenerScope::Loopback;
}

bool has_tcp_listener(const DaemonInstance& daemon) {
  return std::any_of(daemon.listeners.begin(), daemon.listeners.end(),
                     [](const Listener& l) { return l.is_tcp(); });
}

std::optional<std::uint32_t> listener_port(const Listener& listener) {
  if (!listener.is_tcp() || !listener.host) return std::nullopt;
  const std::string& text = listener.host->port;
  std::uint32_t port = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return port;
}

void relate_listener_source(RuleContext::Report& report, const Listener& listener) {
  if (!listener.via.valid()) return;
  if (listener.origin == SettingOrigin::SocketUnit) {
    report.related(listener.via, "-H fd:// makes dockerd serve the socket unit's listeners");
  } else if (listener.origin == SettingOrigin::PublishedPort) {
    report.related(listener.via, "dockerd listens on this port inside the container");
  } else {
    report.related(listener.via, "the value comes in through this variable");
  }
}

void relate_firewall_context(RuleContext::Report& report, const Listener& listener) {
  if (const std::optional<std::uint32_t> port = listener_port(listener)) {
    report.firewall_context(*port);
  }
}

void attach_firewall_context(Finding& finding, const std::vector<FirewallRule>& firewall) {
  if (!finding.firewall_context) return;
  // Not a structured binding: clang 14 cannot capture one in a lambda.
  const std::uint32_t port = finding.firewall_context->port;
  const std::size_t related_index = finding.firewall_context->related_index;
  finding.firewall_context.reset();
  const auto accepts = [port](const FirewallRule& rule) {
    return std::any_of(rule.ports.begin(), rule.ports.end(),
                       [port](const PortRange& range) { return range.contains(port); });
  };
  // An unrestricted rule for the same port (DE108) makes "reachable only from" untrue.
  if (std::any_of(firewall.begin(), firewall.end(),
                  [&](const FirewallRule& rule) { return rule.any_source && accepts(rule); })) {
    return;
  }
  std::vector<const FirewallRule*> restricting;
  for (const FirewallRule& rule : firewall) {
    if (!rule.any_source && accepts(rule)) restricting.push_back(&rule);
  }
  if (restricting.empty()) return;
  Finding context;
  RuleContext::Report report(context);
  relate_some(report, restricting, [](const FirewallRule* rule) {
    const std::string source = rule->source.empty() ? "a restricted source" : rule->source;
    return std::pair{rule->span, "reachable only from " + source + " by this firewall rule"};
  });
  finding.related.insert(finding.related.begin() + static_cast<std::ptrdiff_t>(related_index),
                         std::make_move_iterator(context.related.begin()),
                         std::make_move_iterator(context.related.end()));
}

bool client_tcp_beyond_loopback(const ClientEndpoint& client) {
  if (!client.host_known) {
    // docker/cli trims the value and compares the scheme case-sensitively (opts.ParseHost).
    const std::size_t start = client.host.find_first_not_of(" \t\r\n");
    return start != std::string::npos && client.host.compare(start, 6, "tcp://") == 0;
  }
  const auto host = commands::parse_client_host(client.host);
  return host && host->tcp && !host->loopback;
}

std::string describe_client_host(const ClientEndpoint& client) {
  if (client.host_known) return client.host;
  return client.host + "… (partly set elsewhere)";
}

std::string origin_name(SettingOrigin origin) {
  switch (origin) {
    case SettingOrigin::CommandLine: return "the command line";
    case SettingOrigin::DaemonJson: return "daemon.json";
    case SettingOrigin::Default: return "dockerd's default";
    case SettingOrigin::SocketUnit: return "the socket unit";
    case SettingOrigin::SocketProxy: return "the socat relay";
    case SettingOrigin::PublishedPort: return "the published port";
  }
  return "the configuration";
}

}  // namespace dl::rules
