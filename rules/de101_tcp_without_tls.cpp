// DE101: a TCP listener beyond loopback with TLS off: unauthenticated root over the network.
#include "rules/listeners.h"
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"security", "external/cwe/cwe-306", "external/cwe/cwe-319"};
constexpr Reference kReferences[] = {
    {"Docker docs: Protect the Docker daemon socket",
     "https://docs.docker.com/engine/security/protect-access/"},
    {"Docker docs: Docker daemon attack surface",
     "https://docs.docker.com/engine/security/#docker-daemon-attack-surface"},
    {"CWE-306: Missing Authentication for Critical Function",
     "https://cwe.mitre.org/data/definitions/306.html"},
    {"CWE-319: Cleartext Transmission of Sensitive Information",
     "https://cwe.mitre.org/data/definitions/319.html"},
};

void check(const ScanModel& model, RuleContext& ctx) {
  for (const DaemonInstance& daemon : model.daemons) {
    if (!daemon.tls.known || daemon.tls.enabled) continue;
    for (const Listener& listener : daemon.listeners) {
      if (!exposed_beyond_loopback(listener)) continue;
      auto report = ctx.report(listener.span,
                               listener_subject(listener) +
                                   " without TLS: anyone who can reach it gets root on the host");
      relate_listener_source(report, listener);
      relate_firewall_context(report, listener);
      // A relay's TLS is its listening address itself: nothing else to point at.
      if (daemon.socket_proxy) continue;
      if (daemon.tls.explicit_choice) {
        report.related(daemon.tls.enabled_by, "TLS is turned off here");
      } else if (daemon.inputs.file_root.valid()) {
        report.related(daemon.inputs.file_root,
                       "no \"tlsverify\": true here (nor --tlsverify on the command line)");
      }
    }
  }
}

}  // namespace

extern const RuleDef kDE101{
    .meta =
        {
            .id = "DE101",
            .name = "tcp-without-tls",
            .level = Level::Error,
            .security_severity = "9.8",
            .summary = "Docker API on TCP without TLS: root on the host for anyone who "
                       "reaches the port",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds a TCP listener of the Docker daemon (`-H tcp://…`, a "
                            "`hosts` entry) on an address that is not loopback, while TLS is "
                            "off. TLS is off unless `--tls`/`--tlsverify` is given or daemon.json "
                            "sets `\"tls\": true` or has a `tlsverify` key. A host whose address "
                            "a template decides (`tcp://{{ ip }}:2375`) counts as not loopback. "
                            "Loopback listeners are DE104.",
                    .why = "The Docker Engine API has no authentication of its own: whoever "
                           "reaches a plaintext TCP listener can start a privileged container "
                           "that mounts the host's root file system. Exposed daemons on 2375 are "
                           "scanned for continuously and used for cryptomining and botnets. "
                           "dockerd itself only logs warnings and delays start-up; it still "
                           "listens (dockerd-semantics.md §3).",
                    .bad_example = "{\n  \"hosts\": [\"unix:///var/run/docker.sock\", "
                                   "\"tcp://10.0.0.5:2375\"]\n}\n",
                    .good_example = "{\n  \"hosts\": [\"unix:///var/run/docker.sock\", "
                                    "\"tcp://10.0.0.5:2376\"],\n  \"tlsverify\": true,\n  "
                                    "\"tlscacert\": \"/etc/docker/ca.pem\",\n  \"tlscert\": "
                                    "\"/etc/docker/server-cert.pem\",\n  \"tlskey\": "
                                    "\"/etc/docker/server-key.pem\"\n}\n",
                    .fix = "Prefer no TCP listener at all: keep the unix socket and reach remote "
                           "daemons with `DOCKER_HOST=ssh://user@host`. If TCP is required, use "
                           "port 2376 with `\"tlsverify\": true` and `tlscacert`, `tlscert`, "
                           "`tlskey` (mutual TLS), and bind to a trusted interface.",
                    .references = kReferences,
                },
        },
    .check = &check,
};

}  // namespace dl::rules
