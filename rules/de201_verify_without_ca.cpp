// DE201: client verification on, but no CA named in the configuration.
#include "rules/listeners.h"
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"security", "external/cwe/cwe-295"};
constexpr Reference kReferences[] = {
    {"Docker docs: Protect the Docker daemon socket",
     "https://docs.docker.com/engine/security/protect-access/"},
    {"moby: daemon/command/daemon.go (loadDaemonCliConfig, loadListeners)",
     "https://github.com/moby/moby/blob/master/daemon/command/daemon.go"},
    {"CWE-295: Improper Certificate Validation", "https://cwe.mitre.org/data/definitions/295.html"},
};

void check(const ScanModel& model, RuleContext& ctx) {
  for (const DaemonInstance& daemon : model.daemons) {
    const TlsState& tls = daemon.tls;
    if (!tls.known || !tls.enabled || !tls.verify_clients || !has_tcp_listener(daemon)) continue;
    const TlsSettings& file = daemon.inputs.file;
    const TlsSettings& flags = daemon.inputs.flags;
    const Span at = file.tlsverify.present    ? file.tlsverify.span
                    : flags.tlsverify.present ? flags.tlsverify.span
                                              : tls.enabled_by;
    if (tls.from_file_only) {
      if (file.tlscacert.non_empty()) continue;
      // [inf] dockerd-semantics.md §2.3: with no CA, Go verifies client certificates
      // against the system roots.
      ctx.report(at,
                 "client certificates are verified but daemon.json names no \"tlscacert\": "
                 "dockerd then trusts the system CA store (inferred from Go's crypto/tls), "
                 "so a client certificate from any public CA would be accepted");
    } else {
      if (file.tlscacert.non_empty() || flags.tlscacert.non_empty()) continue;
      ctx.report(at,
                 "client certificates are verified but no --tlscacert/\"tlscacert\" is "
                 "set: dockerd falls back to ~/.docker/ca.pem of the user it runs as");
    }
  }
}

}  // namespace

extern const RuleDef kDE201{
    .meta =
        {
            .id = "DE201",
            .name = "verify-without-ca",
            .level = Level::Warning,
            .security_severity = "",
            .summary = "client verification on, but no CA configured",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds mutual TLS with a TCP listener but no `tlscacert` in the "
                            "configuration that turns TLS on. With flags, dockerd falls back to "
                            "`~/.docker/ca.pem` of its user (root's home for a system daemon). "
                            "With daemon.json alone, the CA is empty, and Go's `crypto/tls` then "
                            "verifies client certificates against the system trust store (an "
                            "inference from Go's documented behaviour, marked as such in "
                            "dockerd-semantics.md §2.3).",
                    .why = "Client verification is only as strong as the CA it trusts. The "
                           "system store trusts every public CA, so anyone who can get a "
                           "client-auth certificate from one of them could connect; a hidden "
                           "default path makes the trust anchor invisible to reviewers.",
                    .bad_example = "{\n  \"hosts\": [\"tcp://10.0.0.5:2376\"],\n  "
                                   "\"tlsverify\": true,\n  \"tlscert\": "
                                   "\"/etc/docker/server-cert.pem\",\n  \"tlskey\": "
                                   "\"/etc/docker/server-key.pem\"\n}\n",
                    .good_example = "{\n  \"hosts\": [\"tcp://10.0.0.5:2376\"],\n  "
                                    "\"tlsverify\": true,\n  \"tlscacert\": "
                                    "\"/etc/docker/ca.pem\",\n  \"tlscert\": "
                                    "\"/etc/docker/server-cert.pem\",\n  \"tlskey\": "
                                    "\"/etc/docker/server-key.pem\"\n}\n",
                    .fix = "Set `tlscacert` (or `--tlscacert`) to your own CA, the one that "
                           "signs the client certificates.",
                    .references = kReferences,
                },
        },
    .check = &check,
};

}  // namespace dl::rules
