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
#include <string_view>
#include <vector>

#include "linter/core/finding.h"

namespace dl {

class FindingStore {
 public:
  // The display path of a file id: the first key of the order.
  using PathOf = std::function<std::string_view(FileId)>;

  // `run_size`: findings buffered before they are sorted and written out (at least 1).
  FindingStore(PathOf path_of, std::size_t run_size);
  ~FindingStore();
  FindingStore(const FindingStore&) = delete;
  FindingStore& operator=(const FindingStore&) = delete;

  void add(Finding finding);

  // Calls `visit` for every finding added, in the order (path, begin, end, rule id, message,
  // order added), then empties the store. Findings whose span has no file come last.
  void drain(const std::function<void(Finding&&)>& visit);

  // Runs written to disk so far (tests: proof that the spill path ran).
  std::size_t runs_written() const { return runs_written_; }

 private:
  struct Entry {
    std::uint64_t sequence = 0;
    Finding finding;
  };
  struct Run;
  class Cursor;

  bool less(const Entry& a, const Entry& b) const;
  void spill();
  void merge_runs_into_one();

  PathOf path_of_;
  std::size_t run_size_;
  std::uint64_t next_sequence_ = 0;
  std::vector<Entry> buffer_;
  std::vector<std::unique_ptr<Run>> runs_;
  std::size_t runs_written_ = 0;
};

}  // namespace dl
