// DE302: a docker client uses TLS to a TCP daemon but does not verify its certificate.
#include "rules/listeners.h"
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"security", "external/cwe/cwe-295"};
constexpr Reference kReferences[] = {
    {"docker/cli: cli/flags/options.go (DOCKER_TLS_VERIFY and DOCKER_TLS: any non-empty value)",
     "https://github.com/docker/cli/blob/master/cli/flags/options.go"},
    {"Docker docs: docker context create",
     "https://docs.docker.com/reference/cli/docker/context/create/"},
    {"CWE-295: Improper Certificate Validation", "https://cwe.mitre.org/data/definitions/295.html"},
};

void check(const ScanModel& model, RuleContext& ctx) {
  for (const ClientEndpoint& client : model.clients) {
    if (client.tls != ClientTls::NoVerify || !client_tcp_beyond_loopback(client)) continue;
    ctx.report(client.span, "the docker client talks TLS to " + describe_client_host(client) +
                                " (" + client.setting +
                                ") without verifying the daemon's certificate: a man in the "
                                "middle can pose as the daemon and take the client's commands "
                                "and credentials")
        .related(client.tls_span, "TLS without verification is chosen here")
        .related(client.via, "the value comes in through this variable");
  }
}

}  // namespace

extern const RuleDef kDE302{
    .meta =
        {
            .id = "DE302",
            .name = "client-tls-without-verify",
            .level = Level::Warning,
            .security_severity = "",
            .summary = "docker client uses TLS without verifying the daemon's certificate",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds a docker client pointed at `tcp://` on an address that is not "
                            "loopback whose TLS does not verify the daemon: `DOCKER_TLS=1` "
                            "without `DOCKER_TLS_VERIFY`, `--tls` without `--tlsverify`, a "
                            "context created with `skip-tls-verify=true`. On the client, TLS "
                            "without verify sets `InsecureSkipVerify` (dockerd-semantics.md §7), "
                            "a different meaning from the daemon's `tlsverify`. Loopback clients "
                            "are left to the daemon side (DE104).",
                    .why = "Without verification the client accepts any certificate, so whoever "
                           "can intercept the connection (ARP or DNS spoofing, a hostile "
                           "network) poses as the daemon: they read the client's commands, "
                           "build secrets and registry credentials, and can relay them to the "
                           "real daemon with the client's own certificate.",
                    .bad_example = "#!/bin/sh\nexport DOCKER_HOST=tcp://docker:2376\nexport "
                                   "DOCKER_TLS=1\ndocker info\n",
                    .good_example = "#!/bin/sh\nexport DOCKER_HOST=tcp://docker:2376\nexport "
                                    "DOCKER_TLS_VERIFY=1\nexport "
                                    "DOCKER_CERT_PATH=/certs/client\ndocker info\n",
                    .fix = "Set `DOCKER_TLS_VERIFY=1` (or `--tlsverify`) and give the CA that "
                           "signed the daemon's certificate (`ca.pem` in `DOCKER_CERT_PATH`, or "
                           "`--tlscacert`); for contexts, drop `skip-tls-verify=true` and pass "
                           "`ca=`.",
                    .references = kReferences,
                },
            .example_path = "setup.sh",
        },
    .check = &check,
};

}  // namespace dl::rules
