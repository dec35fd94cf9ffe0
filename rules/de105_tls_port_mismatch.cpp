// DE105: plaintext on 2376 or TLS on 2375: the port says the opposite of what runs there.
#include "rules/listeners.h"
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"security", "maintainability"};
constexpr Reference kReferences[] = {
    {"Docker docs: dockerd, daemon socket option",
     "https://docs.docker.com/reference/cli/dockerd/#daemon-socket-option"},
    {"moby: daemon/pkg/opts/hosts.go (ParseDaemonHost)",
     "https://github.com/moby/moby/blob/master/daemon/pkg/opts/hosts.go"},
    {"Docker docs: Protect the Docker daemon socket",
     "https://docs.docker.com/engine/security/protect-access/"},
};

void check(const ScanModel& model, RuleContext& ctx) {
  for (const DaemonInstance& daemon : model.daemons) {
    if (!daemon.tls.known) continue;
    for (const Listener& listener : daemon.listeners) {
      if (!listener.is_tcp() || !listener.host) continue;
      const std::string& port = listener.host->port;
      const std::string where =
          std::string(listener_noun(listener)) + " on " + listener.host->normalized;
      if (port == "2376" && !daemon.tls.enabled) {
        ctx.report(listener.span, "plaintext " + where +
                                      ": 2376 is the Docker TLS port, so clients and readers "
                                      "assume TLS here");
      } else if (port == "2375" && daemon.tls.enabled) {
        auto report = ctx.report(listener.span, "TLS " + where +
                                                    ": 2375 is the plaintext Docker port, so "
                                                    "clients connect without TLS and fail");
        // A relay's OPENSSL-LISTEN word is both the listener and what turns TLS on.
        if (daemon.tls.enabled_by != listener.span) {
          report.related(daemon.tls.enabled_by, "TLS is turned on here");
        }
      }
    }
  }
}

}  // namespace

extern const RuleDef kDE105{
    .meta =
        {
            .id = "DE105",
            .name = "tls-port-mismatch",
            .level = Level::Note,
            .security_severity = "",
            .summary = "TLS-less TCP on 2376, or TLS on 2375: the port misleads",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds a TCP listener on port 2376 with TLS off, or on 2375 with TLS "
                            "on. Note that a missing port is always 2375, even with TLS "
                            "(`tcp://10.0.0.5` with `tlsverify` listens on 2375).",
                    .why = "The docker CLI and most tools infer the protocol from the port (2375 "
                           "plaintext, 2376 TLS), and so do reviewers: `tcp://0.0.0.0:2376` "
                           "reads as secure when it is not.",
                    .bad_example = "{\n  \"hosts\": [\"tcp://127.0.0.1:2376\"],\n  "
                                   "\"tls\": false\n}\n",
                    .good_example = "{\n  \"hosts\": [\"unix:///var/run/docker.sock\"]\n}\n",
                    .fix = "Use 2376 for TLS listeners and do not run plaintext listeners; if a "
                           "plaintext loopback listener is unavoidable, give it port 2375.",
                    .references = kReferences,
                },
        },
    .check = &check,
};

}  // namespace dl::rules
