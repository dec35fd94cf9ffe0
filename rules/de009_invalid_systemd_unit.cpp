// DE009: a line of a Docker systemd unit that systemd rejects or ignores.
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"configuration", "reliability"};
constexpr Reference kReferences[] = {
    {"systemd.syntax(7): unit file syntax, quoting and escapes",
     "https://www.freedesktop.org/software/systemd/man/latest/systemd.syntax.html"},
    {"systemd.unit(5): drop-in directories and precedence",
     "https://www.freedesktop.org/software/systemd/man/latest/systemd.unit.html"},
    {"systemd.service(5): ExecStart=",
     "https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#ExecStart="},
};

void check(const ScanModel& model, RuleContext& ctx) {
  for (const SyntaxError& problem : model.unit_problems) {
    ctx.report(problem.span, problem.message);
  }
}

}  // namespace

extern const RuleDef kDE009{
    .meta =
        {
            .id = "DE009",
            .name = "invalid-systemd-unit",
            .level = Level::Warning,
            .security_severity = "",
            .summary = "line of a Docker systemd unit that systemd rejects or ignores",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds lines in the systemd units, drop-ins and socket units that "
                            "start dockerd which systemd does not apply: settings before any "
                            "section header (a drop-in without `[Service]`), lines that are not "
                            "`Key=value`, unbalanced quotes and bad escapes in `ExecStart=`, a "
                            "variable as the program of `ExecStart=`.",
                    .why = "systemd skips such lines with a log message at best: the listener, "
                           "TLS flag or reset the author wrote there never takes effect, and a "
                           "review of the file is misleading.",
                    .bad_example = "ExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n",
                    .good_example = "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n",
                    .fix = "Put every setting under its section header (`[Service]` for "
                           "`ExecStart=`), one `Key=value` per line, with balanced quotes.",
                    .references = kReferences,
                },
            .example_path = "etc/systemd/system/docker.service.d/override.conf",
        },
    .check = &check,
};

}  // namespace dl::rules
