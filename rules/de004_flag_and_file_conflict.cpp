// DE004: the same option as a dockerd flag and in daemon.json; dockerd refuses to start.
#include <set>
#include <string>

#include "linter/dockerd/daemon_options.h"
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"configuration", "reliability"};
constexpr Reference kReferences[] = {
    {"Docker docs: Troubleshooting the Docker daemon (conflicts between daemon.json and start-up "
     "scripts)",
     "https://docs.docker.com/engine/daemon/troubleshoot/"},
    {"Docker docs: Configure remote access for Docker daemon",
     "https://docs.docker.com/engine/daemon/remote-access/"},
    {"Docker docs: dockerd, daemon configuration file",
     "https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file"},
    {"moby: daemon/config/config.go (daemon.json loading, key validation, conflicts)",
     "https://github.com/moby/moby/blob/master/daemon/config/config.go"},
};

void check(const ScanModel& model, RuleContext& ctx) {
  for (const DaemonInstance& daemon : model.daemons) {
    if (!daemon.daemon_json || !daemon.inputs.has_command_line) continue;
    const DaemonJsonDocument& document = model.daemon_json.at(*daemon.daemon_json);
    if (!document.has_root) continue;
    const auto keys = dockerd::configured_keys(document.root);
    std::set<std::string> reported;  // pflag visits each flag once, however often repeated
    for (const FlagSetting& flag : daemon.inputs.flag_settings) {
      if (flag.config_key.empty() || reported.count(flag.name)) continue;
      for (const dockerd::ConfiguredKey& configured : keys) {
        const JsonMember* key = configured.member;
        if (key->key != flag.config_key) continue;
        reported.insert(flag.name);
        if (!flag.span.valid()) {  // the packaged unit's flag: only the file has a place
          ctx.report(key->key_span,
                     "\"" + key->key + "\" conflicts with --" + flag.name +
                         " of the packaged docker.service (ExecStart=/usr/bin/dockerd -H fd:// "
                         "…), which no drop-in here replaces: dockerd refuses to start");
          break;
        }
        ctx.report(flag.span, "--" + flag.name + " is given on the command line and \"" + key->key +
                                  "\" in daemon.json: dockerd refuses to start (\"the following "
                                  "directives are specified both as a flag and in the "
                                  "configuration file: " +
                                  key->key + "\")")
            .related(key->key_span, "\"" + key->key + "\" in daemon.json")
            .related(flag.via, "the flag comes from this variable");
        break;
      }
    }
  }
}

}  // namespace

extern const RuleDef kDE004{
    .meta =
        {
            .id = "DE004",
            .name = "flag-and-file-conflict",
            .level = Level::Error,
            .security_severity = "",
            .summary = "option given both as a dockerd flag and in daemon.json; dockerd will not "
                       "start",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds a dockerd flag and a daemon.json key for the same option in one "
                            "daemon: `-H`/`--host` with `\"hosts\"` (the classic systemd case: the "
                            "packaged unit passes `-H fd://`), `--tlsverify` with `\"tlsverify\"`, "
                            "and every other flag whose daemon.json key is also set. Values do "
                            "not matter: `\"hosts\": []` conflicts too. Both places are reported.",
                    .why = "dockerd compares the flags given on its command line with the keys of "
                           "daemon.json and exits with `the following directives are specified "
                           "both as a flag and in the configuration file`. The listener the "
                           "author added to daemon.json never comes up, and neither does the "
                           "daemon.",
                    .bad_example = "==> etc/systemd/system/docker.service.d/override.conf <==\n"
                                   "[Service]\nExecStart=\n"
                                   "ExecStart=/usr/bin/dockerd -H fd://\n"
                                   "==> etc/docker/daemon.json <==\n"
                                   "{\"hosts\": [\"unix:///var/run/docker.sock\"]}\n",
                    .good_example = "==> etc/systemd/system/docker.service.d/override.conf <==\n"
                                    "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd\n"
                                    "==> etc/docker/daemon.json <==\n"
                                    "{\"hosts\": [\"unix:///var/run/docker.sock\"]}\n",
                    .fix = "Set each option in one place. To configure listeners in daemon.json "
                           "under systemd, override the unit with an empty `ExecStart=` followed "
                           "by `ExecStart=/usr/bin/dockerd` (no `-H`).",
                    .references = kReferences,
                },
            .example_path = "",
        },
    .check = &check,
};

}  // namespace dl::rules
