// DE303: DOCKER_TLS_VERIFY=0 / DOCKER_TLS=false: the docker CLI reads any non-empty value as on.
#include <algorithm>
#include <cctype>
#include <string>

#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"security", "maintainability"};
constexpr Reference kReferences[] = {
    {"docker/cli: cli/flags/options.go (DOCKER_TLS_VERIFY and DOCKER_TLS: any non-empty value)",
     "https://github.com/docker/cli/blob/master/cli/flags/options.go"},
    {"Docker docs: docker CLI environment variables",
     "https://docs.docker.com/reference/cli/docker/#environment-variables"},
    {"moby issue 22411: DOCKER_TLS_VERIFY=0 still enables TLS verification",
     "https://github.com/moby/moby/issues/22411"},
};

// Values that read as "off" to a human (strconv.ParseBool's false spellings plus no/off/n).
constexpr std::string_view kOffLooking[] = {"0", "false", "no", "off", "n", "f"};

std::string lowercase_trimmed(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  const std::size_t last = text.find_last_not_of(" \t");
  std::string out(text.substr(first, last - first + 1));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

void check(const ScanModel& model, RuleContext& ctx) {
  for (const ClientEnvSetting& setting : model.client_env) {
    if (!setting.known) continue;
    const bool verify = setting.name == "DOCKER_TLS_VERIFY";
    if (!verify && setting.name != "DOCKER_TLS") continue;
    const std::string value = lowercase_trimmed(setting.value);
    if (std::find(std::begin(kOffLooking), std::end(kOffLooking), value) == std::end(kOffLooking)) {
      continue;
    }
    ctx.report(setting.span, setting.name + "=" + setting.value + " turns " +
                                 (verify ? "TLS verification" : "TLS") +
                                 " on, not off: the docker CLI treats any non-empty value as "
                                 "on; unset the variable or set it empty to turn it off");
  }
}

}  // namespace

extern const RuleDef kDE303{
    .meta =
        {
            .id = "DE303",
            .name = "misleading-tls-verify-value",
            .level = Level::Note,
            .security_severity = "",
            .summary = "DOCKER_TLS_VERIFY=0 or =false: any non-empty value turns the setting on",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds `DOCKER_TLS_VERIFY` or `DOCKER_TLS` set to a value that reads "
                            "as off (`0`, `false`, `no`, `off`, `n`, `f`, in any case). The "
                            "docker CLI only checks that the variable is non-empty "
                            "(dockerd-semantics.md §7), so these values turn the setting on.",
                    .why = "The author almost certainly meant the opposite of what happens. "
                           "`DOCKER_TLS_VERIFY=0` makes the client demand TLS with a verified "
                           "daemon certificate, which fails against the plaintext daemon the "
                           "author had in mind; the usual \"fix\" is then to open that daemon "
                           "further. Readers and reviewers are misled the same way (moby issue "
                           "22411).",
                    .bad_example = "#!/bin/sh\nexport DOCKER_HOST=tcp://docker:2376\nexport "
                                   "DOCKER_TLS_VERIFY=0\nexport "
                                   "DOCKER_CERT_PATH=/certs/client\ndocker info\n",
                    .good_example = "#!/bin/sh\nexport DOCKER_HOST=tcp://docker:2376\nexport "
                                    "DOCKER_TLS_VERIFY=1\nexport "
                                    "DOCKER_CERT_PATH=/certs/client\ndocker info\n",
                    .fix = "Write `DOCKER_TLS_VERIFY=1` when verification is wanted, which it "
                           "should be. To turn it off, unset the variable (`unset "
                           "DOCKER_TLS_VERIFY`) or set it to the empty string.",
                    .references = kReferences,
                },
            .example_path = "setup.sh",
        },
    .check = &check,
};

}  // namespace dl::rules
