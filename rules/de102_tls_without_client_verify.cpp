// DE102: TLS on a TCP listener beyond loopback, but client certificates not verified.
#include "rules/listeners.h"
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"security", "external/cwe/cwe-306", "external/cwe/cwe-295"};
constexpr Reference kReferences[] = {
    {"Docker docs: Protect the Docker daemon socket",
     "https://docs.docker.com/engine/security/protect-access/"},
    {"moby: daemon/command/daemon.go (loadDaemonCliConfig, loadListeners)",
     "https://github.com/moby/moby/blob/master/daemon/command/daemon.go"},
    {"CWE-306: Missing Authentication for Critical Function",
     "https://cwe.mitre.org/data/definitions/306.html"},
    {"CWE-295: Improper Certificate Validation", "https://cwe.mitre.org/data/definitions/295.html"},
};

void check(const ScanModel& model, RuleContext& ctx) {
  for (const DaemonInstance& daemon : model.daemons) {
    const TlsState& tls = daemon.tls;
    if (!tls.known || !tls.enabled || tls.verify_clients) continue;
    // The pre-20.10 meaning of --tls is dockerd's; a socat relay's verify=0 is not.
    const bool old_engine_default = !daemon.socket_proxy && model.engine < dockerd::kTriStateTls &&
                                    tls.verify_off_by == tls.enabled_by;
    for (const Listener& listener : daemon.listeners) {
      if (!exposed_beyond_loopback(listener)) continue;
      std::string message = listener_subject(listener) +
                            " with TLS but does not verify client certificates: anyone who "
                            "can reach it gets root on the host";
      std::string note = "client verification is turned off here";
      if (old_engine_default) {
        message +=
            " (before dockerd 20.10, TLS alone did not verify clients; the scan "
            "assumes engine " +
            model.engine.to_string() + ")";
        note = "TLS is enabled here without tlsverify";
      }
      auto report = ctx.report(listener.span, std::move(message));
      relate_listener_source(report, listener);
      relate_firewall_context(report, listener);
      if (tls.verify_off_by != listener.span) report.related(tls.verify_off_by, note);
    }
  }
}

}  // namespace

extern const RuleDef kDE102{
    .meta =
        {
            .id = "DE102",
            .name = "tls-without-client-verify",
            .level = Level::Error,
            .security_severity = "8.8",
            .summary = "Docker API on TCP with TLS but without client certificate verification",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds a TCP listener, on an address that is not loopback, whose TLS "
                            "does not require client certificates: `--tlsverify=false`, "
                            "`\"tlsverify\": false` (which turns TLS *on* even next to "
                            "`\"tls\": false`, moby issue 27105), or `--tls`/`\"tls\": true` "
                            "alone on engines older than 20.10 (`--engine-version`). Loopback "
                            "listeners are DE104.",
                    .why = "Server-side TLS encrypts the traffic but authenticates nobody: any "
                           "client that completes a TLS handshake can drive the API, which is "
                           "root on the host.",
                    .bad_example = "{\n  \"hosts\": [\"tcp://10.0.0.5:2376\"],\n  \"tls\": true,\n"
                                   "  \"tlsverify\": false,\n  \"tlscert\": "
                                   "\"/etc/docker/server-cert.pem\",\n  \"tlskey\": "
                                   "\"/etc/docker/server-key.pem\"\n}\n",
                    .good_example = "{\n  \"hosts\": [\"tcp://10.0.0.5:2376\"],\n  "
                                    "\"tlsverify\": true,\n  \"tlscacert\": "
                                    "\"/etc/docker/ca.pem\",\n  \"tlscert\": "
                                    "\"/etc/docker/server-cert.pem\",\n  \"tlskey\": "
                                    "\"/etc/docker/server-key.pem\"\n}\n",
                    .fix = "Set `\"tlsverify\": true` (or `--tlsverify`) and `tlscacert` to the "
                           "CA that signs your client certificates.",
                    .references = kReferences,
                },
        },
    .check = &check,
};

}  // namespace dl::rules
