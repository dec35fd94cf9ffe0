// Groups the sources one dockerd would see (unit, drop-ins, socket unit, env files,
// daemon.json) into daemon instances. The grouping rules are in README.md ("Which files
// make one daemon").
#pragma once

#include <string>
#include <vector>

#include "linter/core/model.h"
#include "parsers/envfile/env_file.h"
#include "parsers/systemd/unit_parser.h"

namespace dl {

struct UnitDocument {
  FileId file = kNoFile;
  std::string path;  // display path
  systemd::UnitFile unit;
  enum class Kind { Service, DropIn, Socket } kind = Kind::Service;
};

struct EnvDocument {
  FileId file = kNoFile;
  std::string path;
  envfile::EnvFile env;
};

struct JsonDocumentRef {
  FileId file = kNoFile;
  std::string path;
  std::size_t index = 0;  // into ScanModel::daemon_json
};

struct AssemblyInput {
  std::vector<UnitDocument> units;
  std::vector<EnvDocument> env_files;
  std::vector<JsonDocumentRef> daemon_json;
  // etc/docker/*.json files of other names; `index` points into `candidate_documents`.
  std::vector<JsonDocumentRef> config_candidates;
  std::vector<DaemonJsonDocument> candidate_documents;
};

struct AssemblyOutput {
  std::vector<DaemonInstance> daemons;  // one per dockerd, not yet resolved
  // daemons[first] reads config_candidates[second] through --config-file: the engine adds
  // that document to the model and lowers it into the daemon.
  std::vector<std::pair<std::size_t, std::size_t>> candidate_links;
  std::vector<FileId> used;                // sorted ids of the files that contributed
  std::vector<SyntaxError> unit_problems;  // of the units that start a dockerd
};
AssemblyOutput assemble_daemons(const AssemblyInput& input, const ScanModel& model);

// Whether assembly reads this unit setting (ExecStart=, Environment=, ListenStream=, …): the
// engine keeps only those of each unit until the end of the scan.
bool assembly_reads(const systemd::Assignment& assignment);

// Where a file sits: the root directory that mirrors "/" and its path below it, e.g.
// "roles/docker/files" + "etc/systemd/system/docker.service". Files that sit in no such
// tree are "loose": root is "" and `system_path` is empty.
struct Placement {
  std::string root;
  std::string system_path;
  // The root as the display path spells it ("./roles/x/files", "/srv/repo"): the directory
  // every file of this tree is listed under.
  std::string root_directory;
};
Placement place(std::string_view display_path);

}  // namespace dl
