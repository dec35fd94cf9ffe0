#include "linter/engine/file_table.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>

namespace dl {

// Released files: path and text in a temporary file (created on first use), or in memory
// when no temporary file can be written, so that a read-only or full /tmp costs memory,
// never a file.
class FileTable::Store {
 public:
  ~Store() {
    if (fd_ >= 0) ::close(fd_);
  }

  bool has(FileId id) const { return id < places_.size() && places_[id].kept; }

  void keep(const SourceFile& file) {
    if (file.id >= places_.size()) places_.resize(static_cast<std::size_t>(file.id) + 1);
    Place& place = places_[file.id];
    if (place.kept) return;  // read back before: unchanged since
    place.kept = true;
    place.encoding = static_cast<std::uint8_t>(file.encoding);
    place.content_start = file.content_start;
    place.path_size = static_cast<std::uint32_t>(file.path.size());
    place.text_size = static_cast<std::uint32_t>(file.text.size());
    if (fd_ < 0 && !no_file_) {
      // tmpfile() is unlinked already: nothing is left behind, even after a crash.
      if (std::FILE* tmp = std::tmpfile()) {
        fd_ = ::dup(fileno(tmp));
        std::fclose(tmp);
      }
      no_file_ = fd_ < 0;
    }
    if (no_file_) {
      in_memory_.emplace(file.id, file.path + file.text);
      return;
    }
    // Written in batches: one system call per batch, not two per file.
    place.offset = pending_offset_ + pending_.size();
    pending_ += file.path;
    pending_ += file.text;
    pending_ids_.push_back(file.id);
    if (pending_.size() >= kBatch) flush();
  }

  std::string path(FileId id) const { return read(id, 0, places_.at(id).path_size); }

  std::unique_ptr<SourceFile> restore(FileId id) const {
    const Place& place = places_.at(id);
    std::string bytes = read(id, 0, std::size_t{place.path_size} + place.text_size);
    std::string path = bytes.substr(0, place.path_size);
    bytes.erase(0, place.path_size);
    return std::make_unique<SourceFile>(
        SourceFile::decoded(id, std::move(path), std::move(bytes),
                            static_cast<TextEncoding>(place.encoding), place.content_start));
  }

 private:
  static constexpr std::size_t kBatch = 64 * 1024;

  struct Place {
    std::uint64_t offset = 0;
    std::uint32_t path_size = 0;
    std::uint32_t text_size = 0;
    std::uint32_t content_start = 0;
    std::uint8_t encoding = 0;  // a TextEncoding
    bool kept = false;
  };

  // Writes the pending batch; if that fails, its files stay in memory from then on.
  void flush() {
    std::string_view bytes = pending_;
    std::uint64_t offset = pending_offset_;
    bool ok = true;
    while (ok && !bytes.empty()) {
      const ssize_t n = ::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(offset));
      if (n < 0 && errno == EINTR) continue;
      ok = n > 0;
      if (ok) {
        bytes.remove_prefix(static_cast<std::size_t>(n));
        offset += static_cast<std::uint64_t>(n);
      }
    }
    if (!ok) {
      for (const FileId id : pending_ids_) {
        const Place& place = places_[id];
        in_memory_.emplace(id, pending_.substr(place.offset - pending_offset_,
                                               std::size_t{place.path_size} + place.text_size));
      }
      no_file_ = true;
    }
    pending_offset_ += pending_.size();
    pending_.clear();
    pending_ids_.clear();
  }

  // `size` bytes at `skip` into file `id`'s record (path, then text).
  std::string read(FileId id, std::uint64_t skip, std::size_t size) const {
    if (!has(id)) throw std::logic_error("FileTable: file was never released");
    if (const auto it = in_memory_.find(id); it != in_memory_.end()) {
      return it->second.substr(skip, size);
    }
    const std::uint64_t at = places_[id].offset + skip;
    if (at >= pending_offset_) return pending_.substr(at - pending_offset_, size);
    std::string bytes(size, '\0');
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n =
          ::pread(fd_, bytes.data() + done, size - done, static_cast<off_t>(at + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw std::runtime_error("a scanned file could not be read back");
      done += static_cast<std::size_t>(n);
    }
    return bytes;
  }

  int fd_ = -1;
  bool no_file_ = false;
  std::string pending_;               // files kept but not yet written, from pending_offset_
  std::uint64_t pending_offset_ = 0;  // where the next batch goes in the file
  std::vector<FileId> pending_ids_;
  std::deque<Place> places_;  // by file id (a deque: no doubling of a large table)
  std::map<FileId, std::string> in_memory_;
};

FileTable::FileTable() : store_(std::make_shared<Store>()) {}
FileTable::~FileTable() = default;
FileTable::FileTable(FileTable&&) noexcept = default;
FileTable& FileTable::operator=(FileTable&&) noexcept = default;

FileTable::FileTable(const FileTable& other) : resident_(other.resident_), store_(other.store_) {
  for (const std::unique_ptr<SourceFile>& file : other.files_) {
    files_.push_back(file ? std::make_unique<SourceFile>(*file) : nullptr);
  }
}

FileTable& FileTable::operator=(const FileTable& other) {
  if (this != &other) *this = FileTable(other);
  return *this;
}

SourceFile& FileTable::emplace_back(FileId id, std::string display_path, std::string raw_bytes) {
  files_.push_back(std::make_unique<SourceFile>(id, std::move(display_path), std::move(raw_bytes)));
  resident_.push_back(id);
  return *files_.back();
}

SourceFile& FileTable::operator[](FileId id) const {
  std::unique_ptr<SourceFile>& file = files_.at(id);
  if (!file) {
    file = store_->restore(id);
    resident_.push_back(id);
  }
  return *file;
}

const SourceFile& FileTable::at(FileId id) const {
  return (*this)[id];
}

std::string FileTable::path(FileId id) const {
  const std::unique_ptr<SourceFile>& file = files_.at(id);
  return file ? file->path : store_->path(id);
}

void FileTable::release_since(std::size_t count) const {
  release_oldest_since(count, 0);
}

void FileTable::release_oldest_since(std::size_t count, std::size_t keep) const {
  if (resident_.size() <= count + keep) return;
  const std::size_t drop = resident_.size() - count - keep;
  for (std::size_t i = count; i < count + drop; ++i) {
    std::unique_ptr<SourceFile>& file = files_[resident_[i]];
    if (!file) continue;
    store_->keep(*file);
    file.reset();
  }
  resident_.erase(resident_.begin() + static_cast<std::ptrdiff_t>(count),
                  resident_.begin() + static_cast<std::ptrdiff_t>(count + drop));
}

}  // namespace dl
