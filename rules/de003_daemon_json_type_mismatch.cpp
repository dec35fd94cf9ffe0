// DE003: a known daemon.json key with a value of the wrong JSON type.
#include <optional>
#include <string>
#include <vector>

#include "linter/dockerd/daemon_options.h"
#include "rules/rule.h"

namespace dl::rules {
namespace {

using dockerd::JsonShape;
using Kind = JsonValue::Kind;

constexpr std::string_view kTags[] = {"configuration", "reliability"};
constexpr Reference kReferences[] = {
    {"Docker docs: dockerd, daemon configuration file",
     "https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file"},
    {"moby: daemon/config/config.go (daemon.json loading, key validation, conflicts)",
     "https://github.com/moby/moby/blob/master/daemon/config/config.go"},
};

// The name encoding/json gives a JSON value in its UnmarshalTypeError.
std::string go_value_name(const JsonValue& value) {
  switch (value.kind) {
    case Kind::String: return "string";
    case Kind::Number: return "number";
    case Kind::Bool: return "bool";
    case Kind::Array: return "array";
    case Kind::Object: return "object";
    default: return "value";
  }
}

bool is_integer_literal(std::string_view literal) {
  return literal.find_first_of(".eE") == std::string_view::npos;
}

struct Mismatch {
  const JsonValue* value = nullptr;  // the offending value
  std::string go_value;              // "string", "number 1.5"
  std::string go_type;               // the Go type it could not go into
};

// True when a scalar `value` decodes into `shape`.
bool scalar_fits(const JsonValue& value, JsonShape shape) {
  switch (shape) {
    case JsonShape::Bool: return value.kind == Kind::Bool;
    case JsonShape::String: return value.kind == Kind::String;
    case JsonShape::Integer: return value.kind == Kind::Number && is_integer_literal(value.text);
    case JsonShape::Number: return value.kind == Kind::Number;
    default: return true;
  }
}

// Go's decoder names a number it could not fit into an int by its literal.
std::string describe_value(const JsonValue& value, JsonShape target) {
  if (value.kind == Kind::Number && target == JsonShape::Integer) return "number " + value.text;
  return go_value_name(value);
}

std::optional<Mismatch> first_mismatch(const JsonValue& value,
                                       const dockerd::DaemonOption& option) {
  if (!value.is_known()) return std::nullopt;
  const std::string go_type(option.go_type);
  if (value.kind == Kind::Null) {
    if (option.null_ok) return std::nullopt;
    return Mismatch{&value, "null", go_type};
  }
  const auto elements_fit = [&](const std::vector<const JsonValue*>& items, JsonShape shape,
                                std::string element_type) -> std::optional<Mismatch> {
    for (const JsonValue* item : items) {
      if (!item->is_known() || item->kind == Kind::Null) continue;
      const bool fits =
          shape == JsonShape::Object ? item->kind == Kind::Object : scalar_fits(*item, shape);
      if (!fits) return Mismatch{item, describe_value(*item, shape), element_type};
    }
    return std::nullopt;
  };
  std::vector<const JsonValue*> items;
  switch (option.shape) {
    case JsonShape::Any: return std::nullopt;
    case JsonShape::Bool:
    case JsonShape::String:
    case JsonShape::Integer:
    case JsonShape::Number:
      if (scalar_fits(value, option.shape)) return std::nullopt;
      return Mismatch{&value, describe_value(value, option.shape), go_type};
    case JsonShape::StringList:
    case JsonShape::ObjectList:
      if (value.kind != Kind::Array) return Mismatch{&value, go_value_name(value), go_type};
      for (const JsonValue& element : value.elements) items.push_back(&element);
      // The element's Go type is what Go names ("netip.Addr" for "dns").
      return elements_fit(
          items, option.shape == JsonShape::StringList ? JsonShape::String : JsonShape::Object,
          go_type.starts_with("[]") ? go_type.substr(2) : std::string("string"));
    case JsonShape::StringMap:
    case JsonShape::BoolMap:
    case JsonShape::Object:
      if (value.kind != Kind::Object) return Mismatch{&value, go_value_name(value), go_type};
      if (option.shape == JsonShape::Object) return std::nullopt;
      for (const JsonMember& member : value.members) items.push_back(&member.value);
      return option.shape == JsonShape::StringMap ? elements_fit(items, JsonShape::String, "string")
                                                  : elements_fit(items, JsonShape::Bool, "bool");
  }
  return std::nullopt;
}

void report(const JsonMember& member, const dockerd::DaemonOption& option,
            const std::string& go_field, RuleContext& ctx) {
  const std::optional<Mismatch> mismatch = first_mismatch(member.value, option);
  if (!mismatch) return;
  ctx.report(mismatch->value->span, "\"" + member.key + "\" must be " +
                                        std::string(dockerd::json_shape_description(option.shape)) +
                                        ", so dockerd refuses to start: json: cannot unmarshal " +
                                        mismatch->go_value + " into Go struct field " + go_field +
                                        " of type " + mismatch->go_type)
      .related(member.key_span, "the key");
}

void check(const ScanModel& model, RuleContext& ctx) {
  for (const DaemonJsonDocument& document : model.daemon_json) {
    if (!document.has_root) continue;
    for (const JsonMember& member : document.root.members) {
      if (member.key_templated) continue;
      const dockerd::DaemonOption* option = dockerd::find_daemon_option(member.key);
      if (option == nullptr || !option->is_config_field) continue;
      report(member, *option, "Config." + member.key, ctx);
      // "proxies" is a struct of strings; check its members the same way.
      if (member.key == "proxies" && member.value.kind == Kind::Object) {
        for (const JsonMember& inner : member.value.members) {
          const dockerd::DaemonOption* field = dockerd::find_proxies_member(inner.key);
          if (field != nullptr) report(inner, *field, "Config.proxies." + inner.key, ctx);
        }
      }
    }
  }
}

}  // namespace

extern const RuleDef kDE003{
    .meta =
        {
            .id = "DE003",
            .name = "daemon-json-type-mismatch",
            .level = Level::Error,
            .security_severity = "",
            .summary = "daemon.json value of the wrong JSON type; dockerd will not start",
            .tags = kTags,
            .doc =
                {
                    .what = "Finds known daemon.json keys whose value has a JSON type that "
                            "dockerd cannot decode into its configuration: a string where an "
                            "array is expected (`\"hosts\": \"tcp://…\"`), a quoted boolean "
                            "(`\"tlsverify\": \"true\"`), a number in a map of strings "
                            "(`\"log-opts\": {\"max-file\": 3}`). `null` is accepted everywhere, "
                            "as Go accepts it.",
                    .why = "dockerd decodes daemon.json with Go's `encoding/json` and exits with "
                           "`json: cannot unmarshal string into Go struct field Config.hosts of "
                           "type []string`. A quoted `\"true\"` for `tlsverify` does not enable "
                           "anything; it stops the daemon.",
                    .bad_example = "{\n  \"hosts\": \"unix:///var/run/docker.sock\"\n}\n",
                    .good_example = "{\n  \"hosts\": [\"unix:///var/run/docker.sock\"]\n}\n",
                    .fix = "Write the value with the type dockerd documents: arrays for list "
                           "options (`hosts`, `dns`, `labels`), bare `true`/`false` for switches, "
                           "strings inside `log-opts`.",
                    .references = kReferences,
                },
        },
    .check = &check,
};

}  // namespace dl::rules
