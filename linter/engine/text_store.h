// The texts of scanned files, kept on disk while the scan works on other parts of the tree
// and read back when a later file includes one or a report shows a finding in it: a large
// repository's Docker-related files are never all in memory at once.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "linter/core/span.h"

namespace dl {

class TextStore {
 public:
  TextStore() = default;
  ~TextStore();
  TextStore(const TextStore&) = delete;
  TextStore& operator=(const TextStore&) = delete;

  // Keeps `id`'s text; once per file. Written to a temporary file (created on first use), or
  // held in memory when no temporary file can be written.
  void keep(FileId id, std::string_view text);
  bool has(FileId id) const;
  // The text kept for `id` (std::runtime_error if it cannot be read back).
  std::string text(FileId id) const;

 private:
  struct Place {
    std::uint64_t offset = 0;
    std::uint32_t size = 0;
    bool kept = false;
  };
  int fd_ = -1;
  bool no_file_ = false;  // creating or writing the temporary file failed: memory only
  std::uint64_t end_ = 0;
  std::vector<Place> places_;  // by file id
  std::map<FileId, std::string> in_memory_;
};

}  // namespace dl
