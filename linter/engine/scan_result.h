// Everything a reporter needs from one scan.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "linter/core/finding.h"
#include "linter/core/source_file.h"
#include "linter/engine/file_table.h"

namespace dl {

class FindingLog;

// A path that could not be scanned (unreadable, vanished, too large…). Exit code 2 when
// `is_error`; skips that are policy (binary files, symlinks leaving the root) are not.
struct ScanProblem {
  std::string path;
  std::string message;
  bool is_error = true;
};

struct ScanResult {
  // Index = FileId; only files that were analysed. A large scan's files are released (kept on
  // disk) and read back when asked for: read them through file() or `files[id]`.
  FileTable files;
  // Sorted by file path, offset, rule id. A scan with more findings than it keeps in memory
  // leaves this empty and has them in `logged`, on disk: read them with for_each_finding().
  std::vector<Finding> findings;
  std::shared_ptr<const FindingLog> logged;
  std::vector<ScanProblem> problems;
  std::size_t files_scanned = 0;  // relevant files analysed
  std::string engine_version;     // the --engine-version in force, e.g. "29.7"
  // Scan roots given as absolute paths outside the working directory (a directory, or a
  // file argument's directory), whose files keep absolute display paths; SARIF makes their
  // URIs relative to them so the checkout's location does not leak.
  std::vector<std::string> outside_roots;

  const SourceFile& file(FileId id) const;

  std::size_t finding_count() const;
  // Each finding in report order, wherever they are kept; the reference is valid during the
  // call only. Not reentrant: one pass at a time.
  void for_each_finding(const std::function<void(const Finding&)>& visit) const;
};

}  // namespace dl
