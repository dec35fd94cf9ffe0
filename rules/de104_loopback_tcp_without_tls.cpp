// DE104: a loopback TCP listener without TLS client verification.
#include "rules/listeners.h"
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"security", "external/cwe/cwe-306"};
constexpr Reference kReferences[] = {
    {"moby: daemon/command/daemon.go (loadDaemonCliConfig, loadListeners)",
     "https://github.com/moby/moby/blob/master/daemon/command/daemon.go"},
    {"Docker docs: Configure remote access for Docker daemon",
     "https://docs.docker.com/engine/daemon/remote-access/"},
    {"CWE-306: Missing Authentication for Critical Function",
     "https://cwe.mitre.org/data/definitions/306.html"},
};

void check(const ScanModel& model, RuleContext& ctx) {
  for (const DaemonInstance& daemon : model.daemons) {
    const TlsState& tls = daemon.tls;
    if (!tls.known || (tls.enabled && tls.verify_clients)) continue;
    for (const Listener& listener : daemon.listeners) {
      if (!listener.is_tcp() || listener.scope != dockerd::ListenerScope::Loopback) continue;
      const std::string what =
          tls.enabled ? "with TLS but without client verification" : "without TLS";
      auto report =
          ctx.report(listener.span, listener_subject(listener) + " " + what +
                                        ": every local user, process and browser page gets root "
                                        "access that the unix socket's permissions would deny");
      relate_listener_source(report, listener);
      if (tls.enabled && tls.verify_off_by != listener.span) {
        report.related(tls.verify_off_by, "client verification is turned off here");
      }
    }
  }
}

}  // namespace

extern const RuleDef kDE104{
    .meta =
        {
            .id = "DE104",
            .name = "loopback-tcp-without-tls",
            .level = Level::Warning,
            .security_severity = "6.5",
            .summary = "Docker API on loopback TCP without TLS client verification",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds TCP listeners on loopback (`127.0.0.0/8`, `::1`, `localhost`, "
                            "and the empty host: `tcp://:2375` is `tcp://localhost:2375`) without "
                            "mutual TLS: plaintext, or TLS that does not verify clients. Non-"
                            "loopback listeners are DE101 and DE102.",
                    .why = "The unix socket is protected by file permissions (root and the "
                           "`docker` group). A loopback TCP port is not: every local user and "
                           "process, every container with host networking, and scripts in a "
                           "local browser (DNS rebinding) reach a root-equivalent API. dockerd "
                           "warns about this for loopback too.",
                    .bad_example = "{\n  \"hosts\": [\"unix:///var/run/docker.sock\", "
                                   "\"tcp://127.0.0.1:2375\"]\n}\n",
                    .good_example = "{\n  \"hosts\": [\"unix:///var/run/docker.sock\"]\n}\n",
                    .fix = "Use the unix socket (`unix:///var/run/docker.sock`) for local "
                           "clients. If a tool needs TCP, give it mutual TLS.",
                    .references = kReferences,
                },
        },
    .check = &check,
};

}  // namespace dl::rules
