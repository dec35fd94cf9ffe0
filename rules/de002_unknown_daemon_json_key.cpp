// DE002: a daemon.json key that matches no dockerd option; dockerd refuses to start.
#include <algorithm>
#include <string>
#include <vector>

#include "linter/dockerd/daemon_options.h"
#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"configuration", "reliability"};
constexpr Reference kReferences[] = {
    {"Docker docs: dockerd, daemon configuration file",
     "https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file"},
    {"moby: daemon/config/config.go (daemon.json loading, key validation, conflicts)",
     "https://github.com/moby/moby/blob/master/daemon/config/config.go"},
};

// Lowercase with separators removed: "tls-verify", "tlsVerify" and "TLS_VERIFY" all
// become "tlsverify".
std::string fold(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '-' || c == '_' || c == '.' || c == ' ') continue;
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  return out;
}

// Optimal string alignment distance (adjacent transpositions count as one edit).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// The closest key dockerd decodes (a Config field with an accepted name), or "".
std::string closest_key(std::string_view key) {
  if (key.size() > 64) return {};
  const std::string folded = fold(key);
  std::string_view best;
  // Allow more edits for longer keys: "insecure-registry" -> "insecure-registries" is 3.
  std::size_t best_distance = std::max<std::size_t>(2, folded.size() / 5) + 1;
  for (const dockerd::DaemonOption& option : dockerd::all_daemon_options()) {
    if (!option.accepted_name || !option.is_config_field || option.key == key) continue;
    const std::string candidate = fold(option.key);
    if (candidate == folded) return std::string(option.key);
    const std::size_t distance = edit_distance(folded, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = option.key;
    }
  }
  return std::string(best);
}

std::string suggestion_for(std::string_view key) {
  if (dockerd::find_proxies_member(key) != nullptr) {
    return "; put it inside \"proxies\": {\"" + std::string(key) + "\": …}";
  }
  const std::string closest = closest_key(key);
  return closest.empty() ? std::string() : "; did you mean \"" + closest + "\"?";
}

void check_key(const JsonMember& member, std::string_view lifted_from, const ScanModel& model,
               RuleContext& ctx) {
  if (member.key_templated) return;
  const std::string& key = member.key;
  if (dockerd::skips_key_validation(key)) return;
  const dockerd::DaemonOption* option = dockerd::find_daemon_option(key);
  std::string where;
  if (!lifted_from.empty()) {
    where = " (dockerd lifts the members of \"" + std::string(lifted_from) +
            "\" to the top level before it checks them)";
  }
  if (option != nullptr && !option->removed_in.empty()) {
    const auto removed = dockerd::EngineVersion::parse(option->removed_in);
    if (removed && model.engine < *removed) return;  // still accepted by that engine
    ctx.report(member.key_span, "daemon.json key \"" + key + "\" was removed in dockerd " +
                                    std::string(option->removed_in) +
                                    ", which refuses to start when it is present" + where +
                                    suggestion_for(key));
    return;
  }
  if (option == nullptr || !option->accepted_name) {
    ctx.report(member.key_span, "unknown daemon.json key \"" + key +
                                    "\": dockerd refuses to start (\"the following directives "
                                    "don't match any configuration option\")" +
                                    where + suggestion_for(key));
    return;
  }
  // A flag's own name (\"host\" for -H) passes dockerd's check, but only the option's
  // configuration name (\"hosts\") is decoded: the value is dropped without a word.
  if (!option->is_config_field && lifted_from.empty()) {
    ctx.report(member.key_span, "daemon.json key \"" + key +
                                    "\" is accepted but ignored: it is a command-line flag "
                                    "name, not a configuration key" +
                                    suggestion_for(key));
  }
}

void check(const ScanModel& model, RuleContext& ctx) {
  for (const DaemonJsonDocument& document : model.daemon_json) {
    if (!document.has_root) continue;
    for (const dockerd::ConfiguredKey& key : dockerd::configured_keys(document.root)) {
      check_key(*key.member, key.lifted_from, model, ctx);
    }
  }
}

}  // namespace

extern const RuleDef kDE002{
    .meta =
        {
            .id = "DE002",
            .name = "unknown-daemon-json-key",
            .level = Level::Error,
            .security_severity = "",
            .summary = "daemon.json key that matches no dockerd option; dockerd will not start",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds daemon.json keys that dockerd does not apply: keys that are "
                            "neither a dockerd flag name nor one of its named options (such as "
                            "`hosts` for `-H`) after dockerd's own flattening of object values "
                            "(`tls-verify`, `tlsVerify`), keys removed from dockerd (`graph`, "
                            "`cluster-store`, per `--engine-version`), and flag names that pass "
                            "dockerd's check but are never decoded (`host`, `label`, a top-level "
                            "`http-proxy`). The message suggests the key dockerd reads.",
                    .why = "dockerd validates every key at start-up and exits with `the following "
                           "directives don't match any configuration option`: a misspelt "
                           "security setting stops the daemon, and the next person to \"fix\" "
                           "it may delete the line instead of correcting it. Worse, a flag name "
                           "such as `\"host\"` passes that check and is then ignored, so the "
                           "daemon starts without the setting the file appears to make.",
                    .bad_example = "{\n  \"hosts\": [\"tcp://10.0.0.5:2376\"],\n  "
                                   "\"tls-verify\": true\n}\n",
                    .good_example = "{\n  \"hosts\": [\"tcp://10.0.0.5:2376\"],\n  "
                                    "\"tlsverify\": true,\n  \"tlscacert\": "
                                    "\"/etc/docker/ca.pem\",\n  \"tlscert\": "
                                    "\"/etc/docker/cert.pem\",\n  \"tlskey\": "
                                    "\"/etc/docker/key.pem\"\n}\n",
                    .fix = "Use the key dockerd documents (`dockerd --help` lists the flag names, "
                           "which are the daemon.json keys; `-H` is `hosts`). Check with "
                           "`dockerd --validate --config-file FILE`.",
                    .references = kReferences,
                },
        },
    .check = &check,
};

}  // namespace dl::rules
