// Finds the files to lint under the given paths and decides what each one is.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/engine/scan_result.h"

namespace dl {

enum class FileKind {
  Unknown,
  DaemonJson,
  // Another *.json in an etc/docker/ directory: linted only when a dockerd's --config-file
  // names it (etc/docker also holds key.json and other files that are not configuration).
  ConfigFileCandidate,
  SystemdService,
  SystemdDropIn,
  SystemdSocket,
  EnvFile,
  ShellScript,  // *.sh, *.bash, *.ksh, or (needs_content_check) a file with a shell shebang
  Yaml,         // *.yml, *.yaml, user-data*: compose, Kubernetes, CI, cloud-init, Ansible when
                // the content says so
  Dockerfile,   // Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile
  Terraform     // *.tf
};

struct FileClass {
  FileKind kind = FileKind::Unknown;
  bool is_template = false;  // .j2/.tpl/…: lint what is literal
  // The name alone is not conclusive ("daemon.tpl"): the content must look like JSON.
  bool needs_content_check = false;
};

// By name: daemon.json, *.daemon.json, *-daemon.json, and their templates (.j2, .tpl, …);
// *.service, *.service.d/*.conf, *.socket (the engine keeps those that concern dockerd);
// env files named docker, docker-network or docker-storage in a default/, sysconfig/ or
// conf.d/ directory;
// a template whose stem is "daemon" (daemon.tpl, docker-daemon.j2) when its content is a
// JSON object.
FileClass classify_path(std::string_view relative_path);

// The content check for `needs_content_check`: the first byte that is not whitespace or
// template syntax opens a JSON object.
bool looks_like_json_object(std::string_view text);

// The content check for extension-less scripts: a `#!` line naming sh, bash, dash, ksh or
// zsh (directly, or through `env`, with or without a path and options).
bool has_shell_shebang(std::string_view text);

struct Candidate {
  // To open. A string, not a std::filesystem::path, which keeps a copy of every component:
  // at 300,000 files that was half the scan's memory.
  std::string path;
  std::string display_path;  // relative to the scan root, '/' separators
  FileClass file_class;
};

struct DiscoveryOptions {
  std::vector<std::string> excludes;  // relative to each scan root
  // The configuration file's excludes, relative to its directory (absolute `config_base`).
  std::string config_base;
  std::vector<std::string> config_excludes;
};

// Walks each path (a file or a directory) and hands out the files to lint one at a time, in
// display-path order with no duplicates: directories are read sorted, one at a time, so
// memory grows with the depth and width of the tree, not with its number of files.
// Skips .git, node_modules and vendored trees, never follows a directory symlink, and
// follows a file symlink only when its target stays inside the root it was found under.
class Discovery {
 public:
  Discovery(const std::vector<std::string>& paths, const DiscoveryOptions& options);
  ~Discovery();
  Discovery(const Discovery&) = delete;
  Discovery& operator=(const Discovery&) = delete;

  // The next file, or nullopt once every root is done.
  std::optional<Candidate> next();

  // What could not be listed or will not be read, found so far (all of it once next() has
  // returned nullopt); in listing order.
  std::vector<ScanProblem> take_problems();

  // Scan roots outside the working directory, as absolute display paths: a directory
  // argument, or a file argument's directory (ScanResult::outside_roots).
  const std::vector<std::string>& outside_roots() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dl
