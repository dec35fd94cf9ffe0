// DE106: TLS without an explicit tlsverify: verified only on engines 20.10 and later.
#include "rules/listeners.h"
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"security", "maintainability"};
constexpr Reference kReferences[] = {
    {"moby PR 41285: Sterner warnings for unauthenticated tcp (v20.10: --tls implies --tlsverify)",
     "https://github.com/moby/moby/pull/41285"},
    {"moby: daemon/command/daemon.go (loadDaemonCliConfig, loadListeners)",
     "https://github.com/moby/moby/blob/master/daemon/command/daemon.go"},
    {"Docker docs: Protect the Docker daemon socket",
     "https://docs.docker.com/engine/security/protect-access/"},
};

void check(const ScanModel& model, RuleContext& ctx) {
  if (model.engine < dockerd::kTriStateTls) return;  // there it is DE102
  for (const DaemonInstance& daemon : model.daemons) {
    const TlsState& tls = daemon.tls;
    if (!tls.known || !tls.enabled || !tls.verify_clients || !tls.verify_implicit) continue;
    if (!has_tcp_listener(daemon)) continue;
    ctx.report(tls.enabled_by,
               "TLS is enabled without an explicit tlsverify: dockerd verifies client "
               "certificates only since 20.10 (before, this listener accepted any client); "
               "say \"tlsverify\": true");
  }
}

}  // namespace

extern const RuleDef kDE106{
    .meta =
        {
            .id = "DE106",
            .name = "implicit-tls-verify",
            .level = Level::Note,
            .security_severity = "",
            .summary = "TLS enabled without an explicit tlsverify",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds `--tls` or `\"tls\": true` with a TCP listener and no "
                            "`tlsverify` setting. Since dockerd 20.10 this means mutual TLS; on "
                            "older engines it meant TLS without client verification (with "
                            "`--engine-version` below 20.10 this is reported as DE102 instead).",
                    .why = "The meaning of the configuration depends on the engine version, and "
                           "readers (and older hosts) take `tls` alone to mean unauthenticated "
                           "TLS. Saying `tlsverify` makes the intent explicit everywhere.",
                    .bad_example = "{\n  \"hosts\": [\"tcp://10.0.0.5:2376\"],\n  \"tls\": true,\n"
                                   "  \"tlscacert\": \"/etc/docker/ca.pem\",\n  \"tlscert\": "
                                   "\"/etc/docker/server-cert.pem\",\n  \"tlskey\": "
                                   "\"/etc/docker/server-key.pem\"\n}\n",
                    .good_example = "{\n  \"hosts\": [\"tcp://10.0.0.5:2376\"],\n  "
                                    "\"tlsverify\": true,\n  \"tlscacert\": "
                                    "\"/etc/docker/ca.pem\",\n  \"tlscert\": "
                                    "\"/etc/docker/server-cert.pem\",\n  \"tlskey\": "
                                    "\"/etc/docker/server-key.pem\"\n}\n",
                    .fix = "Replace `\"tls\": true` with `\"tlsverify\": true` (or add it), "
                           "and `--tls` with `--tlsverify`.",
                    .references = kReferences,
                },
        },
    .check = &check,
};

}  // namespace dl::rules
