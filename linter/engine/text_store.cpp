#include "linter/engine/text_store.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>

namespace dl {

TextStore::~TextStore() {
  if (fd_ >= 0) ::close(fd_);
}

namespace {

// Writes all of `bytes` at `offset`; false on an error (EINTR is retried).
bool write_all(int fd, std::string_view bytes, std::uint64_t offset) {
  while (!bytes.empty()) {
    const ssize_t n = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
    offset += static_cast<std::uint64_t>(n);
  }
  return true;
}

}  // namespace

void TextStore::keep(FileId id, std::string_view text) {
  if (id >= places_.size()) places_.resize(static_cast<std::size_t>(id) + 1);
  Place& place = places_[id];
  if (place.kept) return;
  place.kept = true;
  if (fd_ < 0 && !no_file_) {
    // tmpfile() is unlinked already: nothing is left behind, even after a crash.
    if (std::FILE* file = std::tmpfile()) {
      fd_ = ::dup(fileno(file));
      std::fclose(file);
    }
    no_file_ = fd_ < 0;
  }
  if (!no_file_ && write_all(fd_, text, end_)) {
    place.offset = end_;
    place.size = static_cast<std::uint32_t>(text.size());
    end_ += text.size();
    return;
  }
  no_file_ = true;
  in_memory_.emplace(id, text);
}

bool TextStore::has(FileId id) const {
  return id < places_.size() && places_[id].kept;
}

std::string TextStore::text(FileId id) const {
  if (!has(id)) throw std::logic_error("TextStore: no text kept for this file");
  if (const auto it = in_memory_.find(id); it != in_memory_.end()) return it->second;
  const Place& place = places_[id];
  std::string text(place.size, '\0');
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::pread(fd_, text.data() + done, text.size() - done,
                              static_cast<off_t>(place.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("a scanned file's text could not be read back");
    done += static_cast<std::size_t>(n);
  }
  return text;
}

}  // namespace dl

#include "linter/engine/scan_result.h"

namespace dl {

const SourceFile& ScanResult::file(FileId id) const {
  SourceFile& file = files.at(id);
  if (file.released && texts) {
    file.restore_text(texts->text(id));
    restored.push_back(id);
  }
  return file;
}

}  // namespace dl
