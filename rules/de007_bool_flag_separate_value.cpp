// DE007: `--tls false`: a boolean flag given its value as a separate word.
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"configuration", "reliability"};
constexpr Reference kReferences[] = {
    {"moby: daemon/command/options.go (dockerd's TLS and host flags)",
     "https://github.com/moby/moby/blob/master/daemon/command/options.go"},
    {"Docker docs: docker CLI option types, Boolean (`-d=false`)",
     "https://docs.docker.com/reference/cli/docker/#boolean"},
};

void check(const ScanModel& model, RuleContext& ctx) {
  for (const DaemonInstance& daemon : model.daemons) {
    for (const ArgumentProblem& problem : daemon.inputs.argument_problems) {
      if (problem.kind != ArgumentProblemKind::BoolFlagSeparateValue &&
          problem.kind != ArgumentProblemKind::InvalidBoolValue) {
        continue;
      }
      ctx.report(problem.span, problem.message).related(problem.related, "the boolean flag");
    }
  }
}

}  // namespace

extern const RuleDef kDE007{
    .meta =
        {
            .id = "DE007",
            .name = "bool-flag-separate-value",
            .level = Level::Error,
            .security_severity = "",
            .summary = "`--tls false`: a boolean flag's value as a separate word; dockerd will "
                       "not start",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds boolean dockerd flags followed by a separate value word "
                            "(`--tls false`, `--tlsverify true`), and boolean values dockerd "
                            "cannot parse (`--tls=no`, `--tlsverify=`).",
                    .why = "dockerd's flag parser (pflag) takes a value for a boolean flag only "
                           "after `=`: `--tls false` sets TLS to *true* and leaves `false` as a "
                           "positional argument, and dockerd accepts no arguments (`\"dockerd\" "
                           "accepts no argument(s)`), so it does not start. `--tls=no` fails the "
                           "same way.",
                    .bad_example = "[Service]\nExecStart=/usr/bin/dockerd -H "
                                   "unix:///var/run/docker.sock --tls false\n",
                    .good_example = "[Service]\nExecStart=/usr/bin/dockerd -H "
                                    "unix:///var/run/docker.sock --tls=false\n",
                    .fix = "Write boolean flags as `--flag` or `--flag=false`.",
                    .references = kReferences,
                },
            .example_path = "docker.service",
        },
    .check = &check,
};

}  // namespace dl::rules
