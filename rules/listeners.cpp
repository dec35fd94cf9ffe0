#include "rules/listeners.h"

#include <algorithm>

namespace dl::rules {

using dockerd::ListenerScope;

bool dual_stack(const Listener& listener) {
  // Go listens on 0.0.0.0 with a dual-stack socket; systemd binds ListenStream=0.0.0.0:P to
  // IPv4 only, and a bare port or [::] to both (§1.1, §5.1).
  if (listener.origin != SettingOrigin::SocketUnit) return true;
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

bool exposed_beyond_loopback(const Listener& listener) {
  if (!listener.is_tcp()) return false;
  return !listener.scope || *listener.scope != ListenerScope::Loopback;
}

bool has_tcp_listener(const DaemonInstance& daemon) {
  return std::any_of(daemon.listeners.begin(), daemon.listeners.end(),
                     [](const Listener& l) { return l.is_tcp(); });
}

void relate_listener_source(RuleContext::Report& report, const Listener& listener) {
  if (!listener.via.valid()) return;
  if (listener.origin == SettingOrigin::SocketUnit) {
    report.related(listener.via, "-H fd:// makes dockerd serve the socket unit's listeners");
  } else {
    report.related(listener.via, "the value comes in through this variable");
  }
}

std::string origin_name(SettingOrigin origin) {
  switch (origin) {
    case SettingOrigin::CommandLine: return "the command line";
    case SettingOrigin::DaemonJson: return "daemon.json";
    case SettingOrigin::Default: return "dockerd's default";
    case SettingOrigin::SocketUnit: return "the socket unit";
  }
  return "the configuration";
}

}  // namespace dl::rules
