// DE107: a docker:*dind* container whose entrypoint ends up listening on plaintext TCP.
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"security", "external/cwe/cwe-306", "external/cwe/cwe-319"};
constexpr Reference kReferences[] = {
    {"docker-library/docker: dockerd-entrypoint.sh (DOCKER_TLS_CERTDIR)",
     "https://github.com/docker-library/docker/blob/master/dockerd-entrypoint.sh"},
    {"Docker Hub: the docker (dind) image, TLS", "https://hub.docker.com/_/docker"},
    {"CWE-306: Missing Authentication for Critical Function",
     "https://cwe.mitre.org/data/definitions/306.html"},
    {"CWE-319: Cleartext Transmission of Sensitive Information",
     "https://cwe.mitre.org/data/definitions/319.html"},
};

void check(const ScanModel& model, RuleContext& ctx) {
  for (const DindContainer& dind : model.dind) {
    if (!dind.tls_disabled) continue;
    const std::string why =
        dind.cause_is_old_image
            ? "image " + dind.image +
                  " predates the TLS default of 19.03 and DOCKER_TLS_CERTDIR is not set"
            : "DOCKER_TLS_CERTDIR is empty";
    auto report =
        ctx.report(dind.cause, dind.description + " runs " + dind.image + " with TLS off (" + why +
                                   "): its entrypoint starts dockerd on plaintext "
                                   "tcp://0.0.0.0:2375, root on the host for anything that "
                                   "reaches the container");
    if (!dind.cause_is_old_image) report.related(dind.image_span, "the dind image");
    for (const Span& port : dind.published) report.related(port, "published on the host here");
    for (const Span& port : dind.exposed) report.related(port, "exposed here");
  }
}

}  // namespace

extern const RuleDef kDE107{
    .meta =
        {
            .id = "DE107",
            .name = "dind-tls-disabled",
            .level = Level::Error,
            .security_severity = "9.8",
            .summary = "docker:dind with DOCKER_TLS_CERTDIR empty: plaintext Docker API on "
                       "tcp://0.0.0.0:2375",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds containers of the official `docker:*dind*` image (compose "
                            "services, Kubernetes containers, GitLab CI and GitHub Actions "
                            "services, Dockerfile stages) whose entrypoint starts dockerd "
                            "without TLS: `DOCKER_TLS_CERTDIR` set to the empty string, or not "
                            "set on an image older than 19.03. The entrypoint then adds "
                            "`--host=tcp://0.0.0.0:2375` with no TLS "
                            "(dockerd-semantics.md §6). Ports that publish the daemon's port on "
                            "the host are related locations, and are also listeners of their "
                            "own for DE101/DE103/DE104.",
                    .why = "Every container on the same network (a CI job, a compromised "
                           "sidecar) can drive that daemon, which runs privileged: that is root "
                           "on the host. With `DOCKER_TLS_CERTDIR` left at its default "
                           "(`/certs`), the entrypoint generates a CA and certificates and "
                           "listens on 2376 with mutual TLS instead.",
                    .bad_example = "services:\n  docker:\n    image: docker:24-dind\n    "
                                   "privileged: true\n    environment:\n      "
                                   "DOCKER_TLS_CERTDIR: \"\"\n",
                    .good_example = "services:\n  docker:\n    image: docker:24-dind\n    "
                                    "privileged: true\n    environment:\n      "
                                    "DOCKER_TLS_CERTDIR: /certs\n    volumes:\n      - "
                                    "certs:/certs/client\nvolumes:\n  certs: {}\n",
                    .fix = "Leave `DOCKER_TLS_CERTDIR` at `/certs` (or any directory), share "
                           "`/certs/client` with the clients, and point them at "
                           "`tcp://docker:2376` with `DOCKER_TLS_VERIFY=1` and "
                           "`DOCKER_CERT_PATH=/certs/client`.",
                    .references = kReferences,
                },
            .example_path = "docker-compose.yml",
        },
    .check = &check,
};

}  // namespace dl::rules
