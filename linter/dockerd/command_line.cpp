#include "linter/dockerd/command_line.h"

#include <algorithm>

namespace dl::dockerd {
namespace {

void set_bool(const ParsedFlag& flag, BoolSetting& setting) {
  setting.present = true;
  setting.known = flag.value_known;
  setting.value = flag.value == "true";
  setting.span = flag.span;
}

void set_string(const ParsedFlag& flag, StringSetting& setting) {
  setting.present = true;
  setting.known = flag.value_known;
  setting.value = flag.value;
  setting.span = flag.span;
}

ArgumentProblemKind kind_of(ArgProblemKind kind) {
  switch (kind) {
    case ArgProblemKind::BoolFlagSeparateValue: return ArgumentProblemKind::BoolFlagSeparateValue;
    case ArgProblemKind::InvalidBoolValue: return ArgumentProblemKind::InvalidBoolValue;
    case ArgProblemKind::StrayArgument: return ArgumentProblemKind::StrayArgument;
    case ArgProblemKind::MissingValue: return ArgumentProblemKind::MissingValue;
  }
  return ArgumentProblemKind::StrayArgument;
}

}  // namespace

void apply_daemon_args(std::span<const Word> words, DaemonInputs& inputs) {
  const DaemonArgs args = parse_daemon_args(words);
  inputs.has_command_line = true;
  // An unknowable word may be any flag, unless it is the value of a known flag ("-H $X").
  for (const Word& word : words) {
    if (word.known) continue;
    const bool is_value =
        std::any_of(args.flags.begin(), args.flags.end(), [&](const ParsedFlag& f) {
          return f.known_flag && f.value_span.valid() && f.value_span == word.span &&
                 f.span != word.span;
        });
    if (!is_value) inputs.command_line_has_unknown_words = true;
  }
  // "--tls false" sets TLS to true (pflag), which is surely not what the author meant:
  // such a flag's value is unknown, and DE007 reports the mistake.
  std::vector<Span> misused_bools;
  for (const ArgProblem& problem : args.problems) {
    if (problem.kind == ArgProblemKind::BoolFlagSeparateValue)
      misused_bools.push_back(problem.related);
  }
  for (const ParsedFlag& original : args.flags) {
    ParsedFlag flag = original;
    for (const Span& misused : misused_bools) {
      if (misused == flag.span) flag.value_known = false;
    }
    if (!flag.known_flag) continue;
    const FlagSpec* spec = find_flag(flag.name);
    inputs.flag_settings.push_back(
        {flag.name, spec ? std::string(spec->config_key) : std::string(), flag.span, flag.via});
    if (flag.name == "host") {
      inputs.flag_hosts.push_back({flag.value, flag.value_known, flag.value_span, flag.via});
    } else if (flag.name == "tls") {
      set_bool(flag, inputs.flags.tls);
    } else if (flag.name == "tlsverify") {
      set_bool(flag, inputs.flags.tlsverify);
    } else if (flag.name == "tlscacert") {
      set_string(flag, inputs.flags.tlscacert);
    } else if (flag.name == "tlscert") {
      set_string(flag, inputs.flags.tlscert);
    } else if (flag.name == "tlskey") {
      set_string(flag, inputs.flags.tlskey);
    } else if (flag.name == "config-file") {
      set_string(flag, inputs.config_file);
    }
  }
  for (const ArgProblem& problem : args.problems) {
    if (!problem.span.valid()) continue;
    inputs.argument_problems.push_back(
        {kind_of(problem.kind), problem.span, problem.related, problem.message});
  }
}

}  // namespace dl::dockerd
