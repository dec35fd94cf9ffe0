// DE108: a firewall rule accepts the Docker API port from any source.
#include <algorithm>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "rules/listeners.h"
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"security", "external/cwe/cwe-284"};
constexpr Reference kReferences[] = {
    {"Docker docs: Packet filtering and firewalls",
     "https://docs.docker.com/engine/network/packet-filtering-firewalls/"},
    {"Docker docs: Protect the Docker daemon socket",
     "https://docs.docker.com/engine/security/protect-access/"},
    {"CWE-284: Improper Access Control", "https://cwe.mitre.org/data/definitions/284.html"},
};

// Docker's registered API ports: reported even when no daemon of the repository listens there,
// since the daemon may be configured elsewhere (a dind service, a machine image).
constexpr std::uint32_t kDockerPorts[] = {2375, 2376};

// "2375", "2375 and 2376", "2375, 2376 and 4243".
std::string join_ports(const std::set<std::uint32_t>& ports) {
  std::string text;
  std::size_t i = 0;
  for (const std::uint32_t port : ports) {
    if (i > 0) text += i + 1 == ports.size() ? " and " : ", ";
    text += std::to_string(port);
    ++i;
  }
  return text;
}

void check(const ScanModel& model, RuleContext& ctx) {
  // Listener ports count only beyond loopback: a firewall cannot expose a loopback listener,
  // and an opened port that only a loopback dockerd uses most likely belongs to another
  // service.
  std::set<std::uint32_t> watched(std::begin(kDockerPorts), std::end(kDockerPorts));
  // The listeners with their ports, in source order (file, then offset): which ones a finding
  // shows must not depend on how the engine grouped files into daemons, nor in which order.
  std::vector<std::pair<const Listener*, std::uint32_t>> exposed;
  for (const DaemonInstance& daemon : model.daemons) {
    for (const Listener& listener : daemon.listeners) {
      if (!exposed_beyond_loopback(listener)) continue;
      if (const auto port = listener_port(listener)) exposed.emplace_back(&listener, *port);
    }
  }
  std::stable_sort(exposed.begin(), exposed.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first->span.file, a.first->span.begin, a.first->span.end) <
           std::tie(b.first->span.file, b.first->span.begin, b.first->span.end);
  });
  // Listeners by port, gathered once: a repository with many firewall rules and many daemons
  // would otherwise pay rules × listeners. Each list holds indices into `exposed`.
  std::map<std::uint32_t, std::vector<std::size_t>> listeners_on;
  for (std::size_t i = 0; i < exposed.size(); ++i) {
    watched.insert(exposed[i].second);
    listeners_on[exposed[i].second].push_back(i);
  }
  for (const FirewallRule& rule : model.firewall) {
    if (!rule.any_source) continue;
    std::set<std::uint32_t> matched;
    std::vector<const PortRange*> wide;  // ranges that only include a Docker port
    for (const PortRange& range : rule.ports) {
      bool hit = false;
      for (const std::uint32_t port : watched) {
        if (!range.contains(port)) continue;
        matched.insert(port);
        hit = true;
      }
      if (hit && range.first != range.last) wide.push_back(&range);
    }
    if (matched.empty()) continue;
    std::string message =
        rule.tool + " accepts TCP port" + (matched.size() > 1 ? "s " : " ") + join_ports(matched);
    for (const PortRange* range : wide) {
      message += " (in " + std::to_string(range->first) + "-" + std::to_string(range->last) + ")";
    }
    message +=
        " from any source: every network that reaches the host reaches the Docker API; allow "
        "only the hosts that manage Docker";
    auto report = ctx.report(rule.port_span, std::move(message));
    // Only the first listeners in source order are shown, with how many there are: each
    // port's list is in that order already and the lists are disjoint (a listener has one
    // port), so the first ones overall are among the first ones of each list. Sorting every
    // listener for every rule would cost rules × listeners.
    std::vector<std::size_t> first;
    std::size_t total = 0;
    for (const std::uint32_t port : matched) {
      const auto it = listeners_on.find(port);
      if (it == listeners_on.end()) continue;
      const std::vector<std::size_t>& on_port = it->second;
      total += on_port.size();
      if (const auto more = model.more_listeners_on.find(port);
          more != model.more_listeners_on.end()) {
        total += more->second;
      }
      first.insert(first.end(), on_port.begin(),
                   on_port.begin() + static_cast<std::ptrdiff_t>(
                                         std::min(on_port.size(), kMaxRelatedFromElsewhere)));
    }
    std::sort(first.begin(), first.end());
    if (first.size() > kMaxRelatedFromElsewhere) first.resize(kMaxRelatedFromElsewhere);
    std::vector<const Listener*> listeners;
    listeners.reserve(first.size());
    for (const std::size_t i : first) listeners.push_back(exposed[i].first);
    relate_first(report, listeners, total, [](const Listener* listener) {
      return std::pair{listener->span, listener_subject(*listener) + " here"};
    });
  }
}

}  // namespace

extern const RuleDef kDE108{
    .meta =
        {
            .id = "DE108",
            .name = "daemon-port-open-to-any",
            .level = Level::Warning,
            .security_severity = "7.5",
            .summary = "firewall rule opens the Docker API port to any source",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds a firewall command (iptables, ip6tables, ufw, firewall-cmd, "
                            "nft) that accepts TCP port 2375 or 2376, or the port of a dockerd "
                            "or socat relay listener of the repository that is not loopback, "
                            "from any source: no `-s`/`from`/`saddr`, or `0.0.0.0/0`/`::/0`. "
                            "The listeners on that port are attached as related locations. A "
                            "rule that restricts the source is not a finding: it is attached to "
                            "the DE101, DE102 and DE103 findings of the listener as context.",
                    .why = "A firewall rule that opens the Docker API port to everyone removes "
                           "the last barrier in front of a root-equivalent API: exposed 2375 and "
                           "2376 ports are scanned for continuously, and a plaintext daemon "
                           "behind them is taken over within hours. Even with mutual TLS, one "
                           "leaked client certificate is then enough from anywhere.",
                    .bad_example = "#!/bin/sh\niptables -A INPUT -p tcp --dport 2375 -j ACCEPT\n",
                    .good_example = "#!/bin/sh\niptables -A INPUT -p tcp -s 10.0.5.0/24 --dport "
                                    "2376 -j ACCEPT\n",
                    .fix = "Accept the port only from the hosts or the management network that "
                           "drive Docker (`-s 10.0.5.0/24`, `ufw allow from 10.0.5.0/24 to any "
                           "port 2376`), or do not open it at all and reach the daemon over SSH "
                           "(`DOCKER_HOST=ssh://user@host`).",
                    .references = kReferences,
                },
            .example_path = "setup.sh",
        },
    .check = &check,
    .repository_wide = true,
};

}  // namespace dl::rules
