// DE202: TLS on from daemon.json alone, without tlscert/tlskey: dockerd will not start.
#include <string>

#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"configuration", "reliability"};
constexpr Reference kReferences[] = {
    {"moby issue 27105: tlsverify option in daemon.json works incorrectly when set to false",
     "https://github.com/moby/moby/issues/27105"},
    {"Docker docs: dockerd, daemon configuration file",
     "https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file"},
    {"Docker docs: Protect the Docker daemon socket",
     "https://docs.docker.com/engine/security/protect-access/"},
};

void check(const ScanModel& model, RuleContext& ctx) {
  for (const DaemonInstance& daemon : model.daemons) {
    const TlsState& tls = daemon.tls;
    if (!tls.known || !tls.enabled || !tls.from_file_only) continue;
    const TlsSettings& file = daemon.inputs.file;
    const bool no_cert = !file.tlscert.non_empty();
    const bool no_key = !file.tlskey.non_empty();
    if (!no_cert && !no_key) continue;
    const std::string missing = no_cert && no_key ? "\"tlscert\" and \"tlskey\" are"
                                : no_cert         ? "\"tlscert\" is"
                                                  : "\"tlskey\" is";
    ctx.report(tls.enabled_by,
               "TLS is turned on by daemon.json alone but " + missing +
                   " not set there: dockerd drops the command line's certificate paths in "
                   "this case and refuses to start (could not load X509 key pair)");
  }
}

}  // namespace

extern const RuleDef kDE202{
    .meta =
        {
            .id = "DE202",
            .name = "tls-material-missing",
            .level = Level::Warning,
            .security_severity = "",
            .summary = "TLS on, but the server certificate or key is not configured",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds TLS turned on by daemon.json (`\"tls\": true`, or any "
                            "`tlsverify` key, `false` and `null` included) while the command line "
                            "has no `--tls`/`--tlsverify`, and daemon.json lacks `tlscert` or "
                            "`tlskey`.",
                    .why = "When TLS comes from daemon.json alone, dockerd discards the default "
                           "certificate paths of its flags (dockerd-semantics.md §2.3 row J) and "
                           "exits with `could not load X509 key pair (cert: \"\", key: \"\")`. "
                           "A `\"tlsverify\": false` meant to switch TLS off has the same effect "
                           "(moby issue 27105).",
                    .bad_example = "{\n  \"hosts\": [\"tcp://10.0.0.5:2376\"],\n  "
                                   "\"tlsverify\": true,\n  \"tlscacert\": "
                                   "\"/etc/docker/ca.pem\"\n}\n",
                    .good_example = "{\n  \"hosts\": [\"tcp://10.0.0.5:2376\"],\n  "
                                    "\"tlsverify\": true,\n  \"tlscacert\": "
                                    "\"/etc/docker/ca.pem\",\n  \"tlscert\": "
                                    "\"/etc/docker/server-cert.pem\",\n  \"tlskey\": "
                                    "\"/etc/docker/server-key.pem\"\n}\n",
                    .fix = "Add `tlscert` and `tlskey` (the server's certificate and key) to "
                           "daemon.json, next to `tlscacert`.",
                    .references = kReferences,
                },
        },
    .check = &check,
};

}  // namespace dl::rules
