// discover -> read -> parse -> lower -> resolve -> rules -> sorted findings.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linter/core/level.h"
#include "linter/dockerd/engine_version.h"
#include "linter/engine/baseline.h"
#include "linter/engine/discovery.h"
#include "linter/engine/scan_result.h"

namespace dl {

struct EngineOptions {
  dockerd::EngineVersion engine = dockerd::kCurrentEngine;
  std::vector<std::string> select;  // rule ids, names or id prefixes ("DE1"); empty: all
  std::vector<std::string> ignore;
  std::vector<std::string> excludes;
  std::uint64_t max_file_size = 10 * 1024 * 1024;  // larger files are skipped, and said so

  // `# dockerd-lint: disable-…` comments; off for audits (--no-inline-suppressions), which
  // also turns off the DE9xx hygiene rules.
  bool inline_suppressions = true;
  std::string today;  // "YYYY-MM-DD" for suppression expiry; empty: today in UTC
  std::map<std::string, Level> level_overrides;  // rule id -> level (configuration `override`)

  // Configuration file globs (exclude, per-path-ignores) are relative to its directory: the
  // absolute `config_base`. Empty: they match display paths (tests, in-memory scans).
  std::string config_base;
  std::vector<std::string> config_excludes;
  struct PathIgnore {
    std::string glob;                // "tests/**", "legacy/*.sh"
    std::vector<std::string> rules;  // ids, names or prefixes
    std::string origin;              // "per-path-ignores in .dockerd-lint.yaml"
  };
  std::vector<PathIgnore> per_path_ignores;

  // Parser work allowed per file, as {base, per byte} operations (ts::ParseBudget); a file
  // whose parse passes it is reported as skipped. Unset: the default. Tests lower it.
  std::optional<std::pair<std::uint64_t, std::uint64_t>> parse_budget;

  // Threads that read files and run the prefilter (0: one per CPU). The analysis itself is
  // serial and takes files in discovery order, so the report does not depend on it.
  unsigned jobs = 0;
  // Files whose kind is not settled by their name are parsed only when they hold a token
  // some rule needs (prefilter.h). Off in tests that prove it drops no finding.
  bool prefilter = true;
  // Findings held in memory before they are sorted and written to a temporary file (an
  // external sort keeps a large repository's findings off the heap). Tests lower it.
  std::size_t findings_run_size = 256;

  // --baseline: the findings it covers are suppressed as "external", the first ones in
  // report order; its paths are relative to `baseline_base` (the baseline file's directory),
  // and `baseline_justification` says what suppressed them.
  std::optional<baseline::Baseline> baseline;
  std::filesystem::path baseline_base;
  std::string baseline_justification;
};

// Validates rule selectors (select, ignore, per-path-ignores, level overrides); returns the
// first one that names no rule.
std::optional<std::string> unknown_rule_selector(const EngineOptions& options);

// The ids of the rules a selector (id, name or id prefix) names, in registry order.
std::vector<std::string> rules_matching(std::string_view selector);

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

namespace detail {
// Reads a whole regular file for scan_paths; nullopt with `problem` filled when it is larger
// than `limit`, not a regular file (a FIFO or device: never read), or unreadable. Exposed for
// tests of the race between listing and reading, which a tree cannot reproduce on demand.
// With `matters` (the prefilter), a file larger than kReadChunk is read a chunk at a time
// and is held whole only once `matters` accepts a chunk (with the end of the one before):
// nullopt with an empty `problem.message` when none does. A file whose first chunk looks
// binary comes back as that chunk alone.
std::optional<std::string> read_file(const std::string& path, std::uint64_t limit,
                                     ScanProblem& problem,
                                     const std::function<bool(std::string_view)>& matters = {});
// A file larger than this is read in chunks of this size when `matters` is given.
inline constexpr std::size_t kReadChunk = 64 * 1024;
}  // namespace detail

}  // namespace dl
