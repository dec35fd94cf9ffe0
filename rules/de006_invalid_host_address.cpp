// DE006: a host address dockerd rejects.
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"configuration", "reliability"};
constexpr Reference kReferences[] = {
    {"Docker docs: dockerd, daemon socket option",
     "https://docs.docker.com/reference/cli/dockerd/#daemon-socket-option"},
    {"moby: daemon/pkg/opts/hosts.go (ParseDaemonHost)",
     "https://github.com/moby/moby/blob/master/daemon/pkg/opts/hosts.go"},
    {"moby: daemon/pkg/opts/hosts_test.go (valid and invalid host vectors)",
     "https://github.com/moby/moby/blob/master/daemon/pkg/opts/hosts_test.go"},
};

void check(const ScanModel& model, RuleContext& ctx) {
  for (const DaemonInstance& daemon : model.daemons) {
    for (const InvalidHost& host : daemon.invalid_hosts) {
      ctx.report(host.span, "dockerd rejects the host \"" + host.written +
                                "\" and refuses to start: " + host.error);
    }
  }
}

}  // namespace

extern const RuleDef kDE006{
    .meta =
        {
            .id = "DE006",
            .name = "invalid-host-address",
            .level = Level::Error,
            .security_severity = "",
            .summary = "host address that dockerd rejects; dockerd will not start",
            .tags = kTags,
            .doc =
                {
                    .what = "Checks every `-H`/`--host` value and every `hosts` entry with an "
                            "exact port of dockerd's `ParseDaemonHost`: schemes other than "
                            "`tcp`, `unix`, `fd` and `npipe` (`ssh://`, `http://`, `udp://`, "
                            "upper-case `TCP://`), a path after a TCP address, a port that is not "
                            "a number or is zero, a nested `unix://tcp://`. The message quotes "
                            "dockerd's own error.",
                    .why = "dockerd validates hosts while it parses its flags and configuration "
                           "and exits on the first bad one (`invalid bind address (…)`). Note "
                           "that `ssh://` is a *client* transport: the daemon cannot listen on "
                           "it.",
                    .bad_example = "{\n  \"hosts\": [\"ssh://admin@10.0.0.5\"]\n}\n",
                    .good_example = "{\n  \"hosts\": [\"unix:///var/run/docker.sock\"]\n}\n",
                    .fix = "Use `unix:///path`, `fd://` (systemd socket activation) or "
                           "`tcp://ADDRESS:PORT` with mutual TLS. For remote access over SSH, "
                           "leave the daemon on its unix socket and point clients at "
                           "`ssh://user@host`.",
                    .references = kReferences,
                },
        },
    .check = &check,
};

}  // namespace dl::rules
