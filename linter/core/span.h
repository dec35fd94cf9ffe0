// Byte ranges into a scanned file. Positions stay bytes until output.
#pragma once

#include <cstdint>
#include <limits>

namespace dl {

using FileId = std::uint32_t;
inline constexpr FileId kNoFile = std::numeric_limits<FileId>::max();

// Half-open byte range [begin, end) in one file.
struct Span {
  FileId file = kNoFile;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;

  bool valid() const { return file != kNoFile; }
  bool empty() const { return begin == end; }
  bool contains(std::uint32_t offset) const { return begin <= offset && offset < end; }
  bool overlaps(std::uint32_t b, std::uint32_t e) const { return begin < e && b < end; }
  friend bool operator==(const Span&, const Span&) = default;
};

}  // namespace dl
