// DE005: a drop-in adds ExecStart= without resetting it; systemd refuses the unit.
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"configuration", "reliability"};
constexpr Reference kReferences[] = {
    {"systemd.service(5): ExecStart=",
     "https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#ExecStart="},
    {"systemd.unit(5): drop-in directories and precedence",
     "https://www.freedesktop.org/software/systemd/man/latest/systemd.unit.html"},
    {"moby: contrib/init/systemd/docker.service (the packaged unit)",
     "https://github.com/moby/moby/blob/master/contrib/init/systemd/docker.service"},
};

void check(const ScanModel& model, RuleContext& ctx) {
  for (const DaemonInstance& daemon : model.daemons) {
    const auto& starts = daemon.inputs.exec_starts;
    if (daemon.inputs.service_is_oneshot || starts.size() < 2) continue;
    for (std::size_t i = 1; i < starts.size(); ++i) {
      if (!starts[i].in_drop_in || !starts[i].span.valid()) continue;
      auto report = ctx.report(
          starts[i].span,
          "ExecStart= is added without an empty ExecStart= before it: systemd refuses the "
          "service (\"has more than one ExecStart= setting, which is only allowed for "
          "Type=oneshot services\")");
      if (starts[0].span.valid()) {
        report.related(starts[0].span, "the ExecStart= already in effect");
      }
    }
  }
}

}  // namespace

extern const RuleDef kDE005{
    .meta =
        {
            .id = "DE005",
            .name = "execstart-not-reset",
            .level = Level::Error,
            .security_severity = "",
            .summary = "drop-in sets ExecStart= without resetting it; systemd refuses the unit",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds a drop-in (`docker.service.d/*.conf`) that assigns `ExecStart=` "
                            "for a service that is not `Type=oneshot`, while another `ExecStart=` "
                            "is still in effect: no empty `ExecStart=` resets the list first. "
                            "Drop-ins are merged in file-name order, `/etc` over `/run` over "
                            "`/usr/lib`. `ExecStartPre=` and `ExecStartPost=` are other settings "
                            "and do not count. A drop-in for `docker.service` without the unit in "
                            "the tree is checked against the packaged unit, which always has an "
                            "`ExecStart=`.",
                    .why = "systemd refuses to load the unit (`docker.service has more than one "
                           "ExecStart= setting, which is only allowed for Type=oneshot "
                           "services. Refusing.`), so the daemon does not start at all.",
                    .bad_example = "[Service]\nExecStart=/usr/bin/dockerd\n",
                    .good_example = "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd\n",
                    .fix = "Put an empty `ExecStart=` line before the new `ExecStart=` in the "
                           "drop-in.",
                    .references = kReferences,
                },
            .example_path = "etc/systemd/system/docker.service.d/override.conf",
        },
    .check = &check,
};

}  // namespace dl::rules
