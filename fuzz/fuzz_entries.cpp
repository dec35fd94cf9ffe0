#include "fuzz/fuzz_entries.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "linter/core/model.h"
#include "linter/core/source_file.h"
#include "linter/engine/discovery.h"
#include "linter/engine/engine.h"
#include "linter/engine/report.h"
#include "parsers/carriers/dockerfile_carrier.h"
#include "parsers/carriers/yaml_carriers.h"
#include "parsers/common/template_text.h"
#include "parsers/common/tree_sitter.h"
#include "parsers/daemon_json/json_reader.h"
#include "parsers/daemon_json/json_syntax.h"
#include "parsers/daemon_json/lower.h"
#include "parsers/dockerfile/dockerfile.h"
#include "parsers/envfile/env_file.h"
#include "parsers/shell/script.h"
#include "parsers/shell/sed.h"
#include "parsers/systemd/unit_parser.h"
#include "parsers/terraform/terraform.h"
#include "parsers/yaml/yaml_document.h"
#include "sarif/sarif_writer.h"

namespace dl::fuzz {
namespace {

constexpr FileId kFile = 0;

// `${` … `}` runs: what a script's heredoc expansion would make opaque.
std::vector<tmpl::Region> dollar_regions(std::string_view data) {
  std::vector<tmpl::Region> regions;
  std::size_t at = 0;
  while ((at = data.find("${", at)) != std::string_view::npos) {
    std::size_t close = data.find('}', at + 2);
    if (close == std::string_view::npos) close = data.size() - 1;
    regions.push_back({static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(close + 1)});
    at = close + 1;
  }
  return regions;
}

}  // namespace

void daemon_json(std::string_view data) {
  // Fresh parsers per input (here and below): one kept across inputs holds on to memory
  // (tree-sitter's subtree pool), and libFuzzer then runs a LeakSanitizer scan after each.
  ts::Parser json_ts(ts::Grammar::Json);
  for (const bool is_template : {false, true}) {
    const SourceFile file(kFile, is_template ? "daemon.json.j2" : "daemon.json", std::string(data));
    const DaemonJsonDocument document = daemon_json::parse(json_ts, file, is_template);
    DaemonInputs inputs;
    daemon_json::lower(document, inputs);
  }
  const auto size = static_cast<std::uint32_t>(data.size());
  if (const auto problem = json::first_syntax_error(data, 0, size)) {
    if (problem->begin < size) (void)json::quote_go_char(data, problem->begin);
  }
  (void)json::mask_go_leniencies(data);
  const SourceFile file(kFile, "daemon.json", std::string(data));
  const DaemonJsonDocument opaque =
      daemon_json::parse_with_opaque(json_ts, file, dollar_regions(file.text));
  DaemonInputs inputs;
  daemon_json::lower(opaque, inputs);
}

void systemd(std::string_view data) {
  const systemd::UnitFile unit = systemd::parse_unit(data, kFile);
  systemd::Environment env;
  for (const systemd::Assignment& a : unit.assignments) {
    if (a.key == "Environment") {
      for (auto& [name, value] : systemd::parse_environment_assignment(a)) {
        env.insert_or_assign(name, std::move(value));
      }
    }
  }
  const std::set<std::string, std::less<>> unknown = {"DOCKER_OPTS", "OPTIONS"};
  for (const systemd::Assignment& a : unit.assignments) {
    (void)systemd::split_exec(a, env, unknown);
    (void)systemd::parse_environment_assignment(a);
    (void)systemd::parse_environment_file_assignment(a);
    (void)systemd::parse_listen_stream(a);
  }
}

void envfile(std::string_view data) {
  ts::Parser bash(ts::Grammar::Bash);
  const envfile::EnvFile env = envfile::parse_env_file(bash, data, kFile);
  for (const envfile::Variable& v : env.variables) {
    (void)envfile::split_words(v.value, v.name_span);
    (void)envfile::find(env, v.name);
  }
}

void shell(std::string_view data) {
  ts::Parser bash(ts::Grammar::Bash);
  const shell::Script script = shell::analyze_script(bash, data, kFile);
  for (const shell::Command& command : script.commands) {
    (void)shell::parse_sed(command.argv, command.argv_text);
  }
  // The same bytes as an embedded script (a CI `run:` block) started with an environment.
  SourcedText text;
  text.file = kFile;
  for (std::size_t i = 0; i < data.size(); ++i) {
    text.append(data[i], static_cast<std::uint32_t>(i));
  }
  SourcedText value;
  value.file = kFile;
  for (const char c : std::string_view("tcp://0.0.0.0:2375")) value.append(c, 0);
  const std::vector<std::pair<std::string, SourcedText>> environment = {{"DOCKER_HOST", value},
                                                                        {"DOCKER_OPTS", value}};
  const shell::Script embedded = shell::analyze_text(bash, text, environment);
  for (const shell::Command& command : embedded.commands) {
    (void)shell::parse_sed(command.argv, command.argv_text);
  }
}

void yaml(std::string_view data) {
  if (data.empty()) return;
  const std::vector<std::string>& paths = yaml_paths();
  const std::string& path = paths[static_cast<unsigned char>(data[0]) % paths.size()];
  const SourceFile file(kFile, path, std::string(data.substr(1)));
  const auto size = static_cast<std::uint32_t>(file.text.size());
  (void)yaml::parse(file.text, kFile, file.content_start, size,
                    tmpl::find_regions(file.text, file.content_start, size));
  (void)carriers::lower_yaml(file, [](std::string_view) -> const SourceFile* { return nullptr; });
}

void dockerfile(std::string_view data) {
  const dockerfile::Dockerfile df = dockerfile::parse(data, kFile);
  for (const dockerfile::Instruction& instruction : df.instructions) {
    (void)dockerfile::parse_key_values(instruction);
    (void)dockerfile::parse_from(instruction);
    (void)dockerfile::parse_expose(instruction);
  }
  (void)carriers::lower_dockerfile(df, "Dockerfile");
}

void terraform(std::string_view data) {
  (void)terraform::find_payloads(data, kFile);
}

void engine(std::string_view data) {
  if (data.size() < 2) return;
  const std::vector<std::string>& paths = engine_paths();
  InMemoryFile file;
  file.display_path = paths[static_cast<unsigned char>(data[0]) % paths.size()];
  const auto selector = static_cast<unsigned char>(data[1]);
  if (selector != 0) {
    constexpr int kKinds = static_cast<int>(FileKind::Terraform) + 1;
    FileClass forced;
    forced.kind = static_cast<FileKind>((selector & 0x0f) % kKinds);
    forced.is_template = (selector & 0x10) != 0;
    file.forced = forced;
  }
  file.bytes = std::string(data.substr(2));
  EngineOptions options;
  options.today = "2026-01-01";
  std::vector<InMemoryFile> files;
  files.push_back(std::move(file));
  const ScanResult result = scan_buffers(std::move(files), options);

  (void)format_text(result, {true, false});
  (void)format_text(result, {true, true});
  (void)format_text(result, {false, false});
  // The JSON reporters serialise with nlohmann::json::dump(), which throws on text that is
  // not valid UTF-8 (an uncaught exception is a crash here).
  (void)format_json(result, "0.0.0-fuzz");
  (void)sarif::write_sarif(result, {"0.0.0-fuzz", "dockerd-lint"});
  (void)format_github(result);
  (void)format_gitlab(result);
  (void)format_junit(result);
  (void)format_checkstyle(result);
}

const std::vector<std::string>& target_names() {
  static const std::vector<std::string> names = {
      "daemon_json", "systemd", "envfile", "shell", "yaml", "dockerfile", "terraform", "engine"};
  return names;
}

bool run(std::string_view target, std::string_view data) {
  if (target == "daemon_json")
    daemon_json(data);
  else if (target == "systemd")
    systemd(data);
  else if (target == "envfile")
    envfile(data);
  else if (target == "shell")
    shell(data);
  else if (target == "yaml")
    yaml(data);
  else if (target == "dockerfile")
    dockerfile(data);
  else if (target == "terraform")
    terraform(data);
  else if (target == "engine")
    engine(data);
  else
    return false;
  return true;
}

const std::vector<std::string>& engine_paths() {
  // Keep in sync with fuzz/seed_corpus.sh (it prefixes each seed with its index).
  static const std::vector<std::string> paths = {
      "daemon.json",                                        // 0
      "etc/docker/daemon.json",                             // 1
      "etc/systemd/system/docker.service",                  // 2
      "etc/systemd/system/docker.service.d/override.conf",  // 3
      "lib/systemd/system/docker.socket",                   // 4
      "etc/default/docker",                                 // 5
      "etc/sysconfig/docker",                               // 6
      "start.sh",                                           // 7
      "docker-compose.yml",                                 // 8
      ".gitlab-ci.yml",                                     // 9
      ".github/workflows/ci.yml",                           // 10
      "k8s.yaml",                                           // 11
      "user-data",                                          // 12
      "playbook.yml",                                       // 13
      "Dockerfile",                                         // 14
      "main.tf",                                            // 15
      "daemon.json.j2",                                     // 16
      "etc/docker/daemon.tpl",                              // 17
      "docker-entrypoint",                                  // 18
      "templates/docker.service.j2",                        // 19
      "cloud-init.yaml.tpl",                                // 20
      "etc/docker/other.json",                              // 21
      "etc/conf.d/docker",                                  // 22
      "build.Dockerfile",                                   // 23
  };
  return paths;
}

const std::vector<std::string>& yaml_paths() {
  // Keep in sync with fuzz/seed_corpus.sh.
  static const std::vector<std::string> paths = {
      "docker-compose.yml",            // 0
      ".gitlab-ci.yml",                // 1
      ".github/workflows/ci.yml",      // 2
      "user-data",                     // 3
      "k8s.yaml",                      // 4
      "playbook.yml",                  // 5
      "templates/deployment.yaml.j2",  // 6
      "cloud-init.yaml.tpl",           // 7
      "main.tf:user_data.yaml",        // 8
      "action.yml",                    // 9
  };
  return paths;
}

}  // namespace dl::fuzz
