// DE103: a TCP listener on every interface, whatever its TLS.
#include "rules/listeners.h"
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"security", "external/cwe/cwe-1327"};
constexpr Reference kReferences[] = {
    {"Docker docs: Configure remote access for Docker daemon",
     "https://docs.docker.com/engine/daemon/remote-access/"},
    {"systemd.socket(5): ListenStream=",
     "https://www.freedesktop.org/software/systemd/man/latest/systemd.socket.html#ListenStream="},
    {"CWE-1327: Binding to an Unrestricted IP Address",
     "https://cwe.mitre.org/data/definitions/1327.html"},
};

void check(const ScanModel& model, RuleContext& ctx) {
  for (const DaemonInstance& daemon : model.daemons) {
    for (const Listener& listener : daemon.listeners) {
      if (!listener.is_tcp() || listener.scope != dockerd::ListenerScope::AllInterfaces) continue;
      auto report = ctx.report(listener.span, std::string(listens_on(listener)) +
                                                  " every interface (" + listener.host->normalized +
                                                  (dual_stack(listener) ? ", IPv4 and IPv6" : "") +
                                                  "): bind the API to a trusted interface");
      relate_listener_source(report, listener);
      relate_firewall_context(report, listener);
    }
  }
}

}  // namespace

extern const RuleDef kDE103{
    .meta =
        {
            .id = "DE103",
            .name = "all-interfaces-bind",
            .level = Level::Warning,
            .security_severity = "5.3",
            .summary = "Docker API bound to all interfaces",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds TCP listeners on `0.0.0.0`, `[::]` or `::` (Go binds `0.0.0.0` "
                            "as a dual-stack socket, so IPv6 is exposed too). Reported even with "
                            "mutual TLS, as defence in depth. An empty host (`tcp://:2375`) is "
                            "loopback, not all interfaces, and is not reported here.",
                    .why = "Every network the host is attached to, including public and "
                           "container networks, can reach the API; one leaked client certificate "
                           "or one TLS misconfiguration later is enough.",
                    .bad_example = "{\n  \"hosts\": [\"tcp://0.0.0.0:2376\"],\n  "
                                   "\"tlsverify\": true,\n  \"tlscacert\": "
                                   "\"/etc/docker/ca.pem\",\n  \"tlscert\": "
                                   "\"/etc/docker/server-cert.pem\",\n  \"tlskey\": "
                                   "\"/etc/docker/server-key.pem\"\n}\n",
                    .good_example = "{\n  \"hosts\": [\"tcp://10.0.0.5:2376\"],\n  "
                                    "\"tlsverify\": true,\n  \"tlscacert\": "
                                    "\"/etc/docker/ca.pem\",\n  \"tlscert\": "
                                    "\"/etc/docker/server-cert.pem\",\n  \"tlskey\": "
                                    "\"/etc/docker/server-key.pem\"\n}\n",
                    .fix = "Listen on the address of the management interface only "
                           "(`tcp://10.0.0.5:2376`), and restrict the port with a firewall.",
                    .references = kReferences,
                },
        },
    .check = &check,
};

}  // namespace dl::rules
