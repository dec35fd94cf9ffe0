// Findings kept in report order without holding them all in memory: an external merge sort.
// A large repository's findings outnumber everything else the scan keeps, so they are
// buffered, and every `run_size` of them are sorted and written to a temporary file as a
// run; draining merges the runs (and what is still buffered) back into one ordered stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "linter/core/finding.h"

namespace dl {

class FindingStore {
 public:
  // The display path of a file id: the first key of the order, read once per finding.
  using PathOf = std::function<std::string(FileId)>;

  // `run_size`: findings buffered before they are sorted and written out (at least 1).
  FindingStore(PathOf path_of, std::size_t run_size);
  ~FindingStore();
  FindingStore(const FindingStore&) = delete;
  FindingStore& operator=(const FindingStore&) = delete;

  void add(Finding finding);

  // Calls `visit` for every finding added, with its file's path, in the order (path, begin,
  // end, rule id, message, order added), then empties the store. Findings whose span has no
  // file come last (with an empty path).
  void drain(const std::function<void(Finding&&, const std::string& path)>& visit);

  // Runs written to disk so far (tests: proof that the spill path ran).
  std::size_t runs_written() const { return runs_written_; }

 private:
  struct Entry {
    std::uint64_t sequence = 0;
    std::string path;  // of finding.span.file; empty for no file
    Finding finding;
  };
  struct Run;
  class Cursor;

  bool less(const Entry& a, const Entry& b) const;
  void merge(const std::vector<Run*>& runs, const std::function<void(Entry&)>& take) const;
  void spill();
  void merge_runs_into_one();

  PathOf path_of_;
  std::size_t run_size_;
  std::uint64_t next_sequence_ = 0;
  std::vector<Entry> buffer_;
  std::vector<std::unique_ptr<Run>> runs_;
  std::size_t runs_written_ = 0;
};

// Findings written once, in order, to a temporary file (a large scan's final report) and
// read back in that order, as often as a reporter needs. If no temporary file can be
// written they are kept in memory instead.
class FindingLog {
 public:
  FindingLog();
  ~FindingLog();
  FindingLog(const FindingLog&) = delete;
  FindingLog& operator=(const FindingLog&) = delete;

  void append(const Finding& finding);
  std::size_t size() const { return size_; }

  // Reads the log from its start. One reader at a time: a second one while the first is
  // alive is a programming error (std::logic_error).
  class Reader {
   public:
    explicit Reader(const FindingLog& log);
    ~Reader();
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;
    // The next finding, valid until the next call; null after the last.
    const Finding* next();

   private:
    const FindingLog& log_;
    std::size_t read_ = 0;
    Finding current_;
    std::string record_;
  };

 private:
  void flush_pending();

  std::FILE* file_ = nullptr;
  std::string pending_;             // encoded, not yet written
  std::size_t flushed_ = 0;         // bytes written to file_
  std::vector<Finding> in_memory_;  // when no temporary file could be written
  std::size_t size_ = 0;
  mutable bool reading_ = false;
};

}  // namespace dl
