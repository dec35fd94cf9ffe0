// discover -> read -> parse -> lower -> resolve -> rules -> sorted findings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "linter/core/level.h"
#include "linter/dockerd/engine_version.h"
#include "linter/engine/discovery.h"
#include "linter/engine/scan_result.h"

namespace dl {

struct EngineOptions {
  dockerd::EngineVersion engine = dockerd::kCurrentEngine;
  std::vector<std::string> select;  // rule ids, names or id prefixes ("DE1"); empty: all
  std::vector<std::string> ignore;
  std::vector<std::string> excludes;
  std::uint64_t max_file_size = 10 * 1024 * 1024;  // larger files are skipped, and said so
};

// Validates rule selectors; returns the first one that names no rule.
std::optional<std::string> unknown_rule_selector(const EngineOptions& options);

// Scans files and directories on disk.
ScanResult scan_paths(const std::vector<std::string>& paths, const EngineOptions& options);

// Scans in-memory documents (tests, fixtures): each is classified by its display path,
// unless `forced` says what it is.
struct InMemoryFile {
  std::string display_path;
  std::string bytes;
  std::optional<FileClass> forced;
};
ScanResult scan_buffers(std::vector<InMemoryFile> files, const EngineOptions& options);

}  // namespace dl
