// Entry points shared by the libFuzzer targets (fuzz/fuzz_<target>.cpp) and the regression
// test (tests/fuzz/fuzz_regressions_test.cpp): each feeds one input to one parser, or to the
// whole engine and every reporter. No libFuzzer symbols here, so it builds with any compiler.
// An input that makes an entry throw, crash, hang or trip a sanitizer is a bug.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dl::fuzz {

// daemon.json: the tree-sitter reader (plain and as a template), lowering into DaemonInputs,
// Go's syntax check, the leniency mask, and the `parse_with_opaque` path (with `${…}` opaque).
void daemon_json(std::string_view data);
// systemd unit: parse_unit, then every assignment through split_exec, Environment=,
// EnvironmentFile= and ListenStream= parsing.
void systemd(std::string_view data);
// Environment file: parse_env_file and word splitting of every value.
void envfile(std::string_view data);
// Shell script: analyze_script, then parse_sed on every command, and analyze_text of the
// whole input with an initial environment.
void shell(std::string_view data);
// YAML: the first byte picks the file name (which decides the carrier kind), the rest is the
// document: yaml::parse (with template regions) and lower_yaml.
void yaml(std::string_view data);
// Dockerfile: dockerfile::parse, the per-instruction helpers, and lower_dockerfile.
void dockerfile(std::string_view data);
// Terraform: find_payloads.
void terraform(std::string_view data);
// The whole engine: the first byte picks the display path, the second the forced file class
// (0: classified by its path; else bits 0-3 the FileKind modulo its count, bit 4 a template),
// the rest is the file; then every reporter renders the result.
void engine(std::string_view data);

// The names of the targets above, in that order ("daemon_json", …, "engine").
const std::vector<std::string>& target_names();
// Runs the entry named `target`; false when there is no such target.
bool run(std::string_view target, std::string_view data);

// The display paths the engine target picks from (index = first byte modulo the count), and
// the file names the yaml target picks from; seed_corpus.sh prefixes inputs accordingly.
const std::vector<std::string>& engine_paths();
const std::vector<std::string>& yaml_paths();

}  // namespace dl::fuzz
