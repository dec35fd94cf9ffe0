// DE301: a docker client pointed at a TCP daemon beyond loopback without TLS.
#include "rules/listeners.h"
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"security", "external/cwe/cwe-319"};
constexpr Reference kReferences[] = {
    {"Docker docs: docker CLI environment variables",
     "https://docs.docker.com/reference/cli/docker/#environment-variables"},
    {"Docker docs: Protect the Docker daemon socket",
     "https://docs.docker.com/engine/security/protect-access/"},
    {"CWE-319: Cleartext Transmission of Sensitive Information",
     "https://cwe.mitre.org/data/definitions/319.html"},
};

void check(const ScanModel& model, RuleContext& ctx) {
  for (const ClientEndpoint& client : model.clients) {
    if (client.tls != ClientTls::Off || !client_tcp_beyond_loopback(client)) continue;
    ctx.report(client.span, "the docker client talks to " + describe_client_host(client) + " (" +
                                client.setting +
                                ") without TLS: the daemon it reaches accepts anyone, and "
                                "everyone on the network path can read and change its API calls")
        .related(client.via, "the value comes in through this variable");
  }
}

}  // namespace

extern const RuleDef kDE301{
    .meta =
        {
            .id = "DE301",
            .name = "client-plaintext-tcp",
            .level = Level::Warning,
            .security_severity = "",
            .summary = "docker client pointed at a TCP daemon without TLS",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds a docker client (`DOCKER_HOST=`, `docker -H`/`--host`, "
                            "`docker context create --docker host=`) pointed at `tcp://` on an "
                            "address that is not loopback, with TLS off: no non-empty "
                            "`DOCKER_TLS_VERIFY` or `DOCKER_TLS`, no `--tls`/`--tlsverify`, no "
                            "certificate in the context. A host that is only partly known "
                            "(`tcp://$DIND_HOST:2375`) counts as not loopback. Loopback clients "
                            "are left to the daemon side: the listener they reach is DE104.",
                    .why = "A client that speaks plaintext to a remote daemon can only work if "
                           "that daemon accepts unauthenticated connections, which is root on "
                           "its host for anyone who reaches the port (DE101). The traffic, "
                           "including registry credentials sent with `docker login` and build "
                           "secrets, crosses the network unencrypted. Typical in CI: "
                           "`DOCKER_HOST: tcp://docker:2375` for a dind service.",
                    .bad_example = "#!/bin/sh\nexport DOCKER_HOST=tcp://docker:2375\ndocker info\n",
                    .good_example = "#!/bin/sh\nexport DOCKER_HOST=tcp://docker:2376\nexport "
                                    "DOCKER_TLS_VERIFY=1\nexport "
                                    "DOCKER_CERT_PATH=/certs/client\ndocker info\n",
                    .fix = "Use mutual TLS: port 2376 with `DOCKER_TLS_VERIFY=1` and "
                           "`DOCKER_CERT_PATH` pointing at the client certificate (for dind, "
                           "keep `DOCKER_TLS_CERTDIR=/certs` and share `/certs/client`), or "
                           "reach the daemon over SSH (`DOCKER_HOST=ssh://user@host`).",
                    .references = kReferences,
                },
            .example_path = "setup.sh",
        },
    .check = &check,
};

}  // namespace dl::rules
