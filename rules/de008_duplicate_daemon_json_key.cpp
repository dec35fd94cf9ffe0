// DE008: a key written twice in one daemon.json object; the last one silently wins.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "rules/rule.h"

namespace dl::rules {
namespace {

constexpr std::string_view kTags[] = {"configuration", "maintainability"};
constexpr Reference kReferences[] = {
    {"Docker docs: dockerd, daemon configuration file",
     "https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file"},
    {"moby: daemon/config/config.go (daemon.json loading, key validation, conflicts)",
     "https://github.com/moby/moby/blob/master/daemon/config/config.go"},
};

// In a template, `{% if %}"a": 1{% else %}"a": 2{% endif %}` is not a duplicate: the two
// keys are in alternative branches.
bool separated_by_branch(const DaemonJsonDocument& document, std::uint32_t first,
                         std::uint32_t second) {
  return std::any_of(document.template_conditionals.begin(), document.template_conditionals.end(),
                     [&](const TemplateConditional& block) {
                       return block.begin <= first && second < block.end &&
                              block.branch_of(first) != block.branch_of(second);
                     });
}

void check_object(const DaemonJsonDocument& document, const JsonValue& object, RuleContext& ctx) {
  std::map<std::string, const JsonMember*> first_seen;
  for (const JsonMember& member : object.members) {
    if (member.key_templated) continue;
    auto [it, inserted] = first_seen.emplace(member.key, &member);
    if (inserted) continue;
    const JsonMember& earlier = *it->second;
    if (separated_by_branch(document, earlier.key_span.begin, member.key_span.begin)) continue;
    ctx.report(member.key_span, "duplicate key \"" + member.key +
                                    "\": dockerd silently keeps this value and ignores the "
                                    "earlier one")
        .related(earlier.key_span, "the earlier \"" + member.key + "\", which is ignored");
    it->second = &member;
  }
}

void check(const ScanModel& model, RuleContext& ctx) {
  for (const DaemonJsonDocument& document : model.daemon_json) {
    if (!document.has_root) continue;
    // Iterative walk: nesting depth is bounded by the reader, but no recursion is needed.
    std::vector<const JsonValue*> pending{&document.root};
    while (!pending.empty()) {
      const JsonValue* value = pending.back();
      pending.pop_back();
      if (value->kind == JsonValue::Kind::Object) {
        check_object(document, *value, ctx);
        for (auto m = value->members.rbegin(); m != value->members.rend(); ++m) {
          pending.push_back(&m->value);
        }
      } else if (value->kind == JsonValue::Kind::Array) {
        for (auto e = value->elements.rbegin(); e != value->elements.rend(); ++e) {
          pending.push_back(&*e);
        }
      }
    }
  }
}

}  // namespace

extern const RuleDef kDE008{
    .meta =
        {
            .id = "DE008",
            .name = "duplicate-daemon-json-key",
            .level = Level::Warning,
            .security_severity = "",
            .summary = "key repeated in one daemon.json object; only the last value applies",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds a key that appears twice in the same JSON object of a "
                            "daemon.json, at any depth (for example two `log-opts` objects, or "
                            "`tlsverify` written twice). In templates, keys in alternative "
                            "`{% if %}`/`{% else %}` branches are not duplicates.",
                    .why = "Go's `encoding/json` keeps the last occurrence without a warning, so "
                           "a reviewer who reads the first one (`\"tlsverify\": true`) is misled "
                           "about what the daemon runs with.",
                    .bad_example = "{\n  \"tlsverify\": true,\n  \"tlscacert\": "
                                   "\"/etc/docker/ca.pem\",\n  \"tlscert\": "
                                   "\"/etc/docker/cert.pem\",\n  \"tlskey\": "
                                   "\"/etc/docker/key.pem\",\n  \"tlsverify\": true\n}\n",
                    .good_example = "{\n  \"tlsverify\": true,\n  \"tlscacert\": "
                                    "\"/etc/docker/ca.pem\",\n  \"tlscert\": "
                                    "\"/etc/docker/cert.pem\",\n  \"tlskey\": "
                                    "\"/etc/docker/key.pem\"\n}\n",
                    .fix = "Keep one occurrence of the key, with the value you intend, and merge "
                           "the contents when both were objects.",
                    .references = kReferences,
                },
        },
    .check = &check,
};

}  // namespace dl::rules
