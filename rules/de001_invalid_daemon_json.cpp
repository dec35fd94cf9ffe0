// DE001: daemon.json that is not valid JSON; dockerd refuses to start.
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"configuration", "reliability"};

void check(const ScanModel& model, RuleContext& ctx) {
  for (const DaemonJsonDocument& document : model.daemon_json) {
    for (const SyntaxError& error : document.syntax_errors) {
      ctx.report(error.span, "daemon.json is not valid JSON, so dockerd refuses to start: " +
                                 error.message);
    }
  }
}

}  // namespace

extern const RuleDef kDE001{
    .meta =
        {
            .id = "DE001",
            .name = "invalid-daemon-json",
            .level = Level::Error,
            .security_severity = "",
            .summary = "daemon.json is not valid JSON; dockerd will not start",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds daemon.json files that Go's `encoding/json` rejects: syntax "
                            "errors, comments, trailing commas, text around the object (such as "
                            "a pasted shell transcript), or a top-level value that is not an "
                            "object. The finding points at the first bad token, the one dockerd's "
                            "own error names. An empty or whitespace-only file is valid.",
                    .why = "dockerd reads `/etc/docker/daemon.json` at start-up and exits with "
                           "`unable to configure the Docker daemon with file …` when it cannot "
                           "decode it. A host that was meant to be reconfigured is left without "
                           "a daemon, and whatever the file was meant to secure never applies.",
                    .bad_example = "{\n  // listen locally only\n  \"hosts\": "
                                   "[\"unix:///var/run/docker.sock\"],\n}\n",
                    .good_example = "{\n  \"hosts\": [\"unix:///var/run/docker.sock\"]\n}\n",
                    .fix = "Remove comments, trailing commas and anything outside the single "
                           "top-level object; check the file with `dockerd --validate "
                           "--config-file FILE` (dockerd 23.0 and later).",
                },
        },
    .check = &check,
};

}  // namespace dl::rules
