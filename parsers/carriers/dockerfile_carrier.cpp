#include "parsers/carriers/dockerfile_carrier.h"

#include <cctype>
#include <map>
#include <string>

namespace dl::carriers {
namespace {

// The instruction's shell-form text as a script.
carrier::Script script_of(const dockerfile::Instruction& instruction,
                          const std::vector<carrier::EnvVar>& env) {
  carrier::Script script;
  script.text = instruction.arguments;
  script.env = env;
  return script;
}

std::vector<SourcedText> texts_of(const std::vector<Word>& words) {
  std::vector<SourcedText> out;
  for (const Word& w : words) out.push_back(sourced_text(w));
  return out;
}

// A shell-form CMD/ENTRYPOINT runs as `/bin/sh -c "…"`.
std::vector<Word> shell_form_argv(const dockerfile::Instruction& instruction) {
  std::vector<Word> argv(2);
  argv[0].text = "/bin/sh";
  argv[0].span = instruction.keyword_span;
  argv[1].text = "-c";
  argv[1].span = instruction.keyword_span;
  Word script;
  script.text = instruction.arguments.text;
  script.span = instruction.arguments.span_of(0, instruction.arguments.text.size());
  if (!script.span.valid()) script.span = instruction.span;
  argv.push_back(std::move(script));
  return argv;
}

struct Stage {
  Word image;  // the base image, resolved through earlier stages
  std::vector<carrier::EnvVar> env;
  bool has_entrypoint = false;
  std::vector<Word> entrypoint;
  bool entrypoint_shell = false;
  bool has_command = false;
  std::vector<Word> command;
  bool command_shell = false;
  std::vector<std::pair<Word, PortRange>> exposed;
};

}  // namespace

carrier::Document lower_dockerfile(const dockerfile::Dockerfile& dockerfile,
                                   std::string_view display_path) {
  carrier::Document doc;
  std::map<std::string, Stage> stages;  // by lower-case name
  Stage current;
  std::string current_name;
  bool in_stage = false;
  for (const dockerfile::Instruction& in : dockerfile.instructions) {
    if (in.keyword == "FROM") {
      const auto from = dockerfile::parse_from(in);
      if (!from) continue;
      if (in_stage && !current_name.empty()) stages[current_name] = current;
      Stage next;
      std::string base = from->image.text;
      for (char& ch : base) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      const auto it = stages.find(base);
      if (it != stages.end()) {
        next = it->second;  // FROM an earlier stage inherits its image, ENV and CMD
      } else {
        next.image = from->image;
      }
      std::string name = from->stage_name;
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      current = std::move(next);
      current_name = std::move(name);
      in_stage = true;
      continue;
    }
    if (!in_stage) continue;
    if (in.keyword == "ENV") {
      for (const dockerfile::KeyValue& kv : dockerfile::parse_key_values(in)) {
        if (!kv.has_value) continue;
        carrier::EnvVar var;
        var.name = kv.key.text;
        var.name_span = kv.key.span;
        var.value = sourced_text(kv.value);
        var.value_span = kv.value.span;
        current.env.push_back(std::move(var));
      }
    } else if (in.keyword == "RUN") {
      if (in.exec_form) {
        doc.commands.push_back({in.exec_args, texts_of(in.exec_args), current.env});
      } else {
        doc.scripts.push_back(script_of(in, current.env));
      }
    } else if (in.keyword == "CMD") {
      current.has_command = true;
      current.command = in.exec_form ? in.exec_args : shell_form_argv(in);
      if (!in.exec_form) doc.scripts.push_back(script_of(in, current.env));
    } else if (in.keyword == "ENTRYPOINT") {
      current.has_entrypoint = true;
      current.entrypoint = in.exec_form ? in.exec_args : shell_form_argv(in);
      if (!in.exec_form) doc.scripts.push_back(script_of(in, current.env));
      current.has_command = false;  // ENTRYPOINT resets CMD inherited from the base image
      current.command.clear();
    } else if (in.keyword == "EXPOSE") {
      for (auto& port : dockerfile::parse_expose(in)) current.exposed.push_back(port);
    }
  }
  if (!in_stage) return doc;
  carrier::Container container;
  (void)display_path;
  container.description = "the Dockerfile's final stage";
  container.image = current.image;
  container.env = current.env;
  container.has_entrypoint = current.has_entrypoint;
  container.entrypoint = current.entrypoint;
  container.has_command = current.has_command;
  container.command = current.command;
  container.exposed = current.exposed;
  doc.containers.push_back(std::move(container));
  return doc;
}

}  // namespace dl::carriers
