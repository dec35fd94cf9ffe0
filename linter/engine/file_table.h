// The files of a scan, by id. A large repository's Docker-related files are never all in
// memory at once: once the engine is done with a part of the tree it releases its files,
// whose path, text and encoding go to a temporary file, and a file is read back when it is
// asked for again (a later file includes it, a report shows a finding in it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linter/core/source_file.h"

namespace dl {

class FileTable {
 public:
  FileTable();
  ~FileTable();
  FileTable(FileTable&&) noexcept;
  FileTable& operator=(FileTable&&) noexcept;
  // A copy shares the released files (they are the same files) and copies the others.
  FileTable(const FileTable& other);
  FileTable& operator=(const FileTable& other);

  // Adds file `id` (the next one: ids are indices), as SourceFile's constructor reads it.
  SourceFile& emplace_back(FileId id, std::string display_path, std::string raw_bytes);
  std::size_t size() const { return files_.size(); }
  bool empty() const { return files_.empty(); }

  // The file, read back first if it was released (std::runtime_error if that fails). The
  // reference is valid until the file is released again.
  SourceFile& operator[](FileId id) const;
  const SourceFile& at(FileId id) const;
  // Its display path, without reading the file back.
  std::string path(FileId id) const;

  // Files added or read back since the last release(), counted; release_since(n) releases
  // the ones after the first n of them, release() all of them.
  std::size_t resident_count() const { return resident_.size(); }
  void release_since(std::size_t count) const;
  void release() const { release_since(0); }
  // Releases the oldest of those after the first `count`, keeping the last `keep` of them.
  void release_oldest_since(std::size_t count, std::size_t keep) const;

  // Every file, in id order, each read back as it is reached (tests; small scans).
  class Iterator {
   public:
    Iterator(const FileTable& table, FileId id) : table_(&table), id_(id) {}
    const SourceFile& operator*() const { return (*table_)[id_]; }
    Iterator& operator++() {
      ++id_;
      return *this;
    }
    bool operator!=(const Iterator& other) const { return id_ != other.id_; }

   private:
    const FileTable* table_;
    FileId id_;
  };
  Iterator begin() const { return {*this, 0}; }
  Iterator end() const { return {*this, static_cast<FileId>(files_.size())}; }

 private:
  class Store;  // the temporary file

  mutable std::deque<std::unique_ptr<SourceFile>> files_;  // null: released
  mutable std::vector<FileId> resident_;
  std::shared_ptr<Store> store_;
};

}  // namespace dl
