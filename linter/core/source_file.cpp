#include "linter/core/source_file.h"

#include <algorithm>
#include <cstring>

#include "linter/core/utf8.h"

namespace dl {
namespace {

// dockerd decodes UTF-16 daemon.json files that carry a BOM; so do we. Unpaired
// surrogates become U+FFFD, and so does an odd trailing byte (golang.org/x/text's decoder
// does that; dropping the byte would hide the character dockerd then rejects).
std::string utf16_to_utf8(std::string_view bytes, bool little_endian) {
  std::string out;
  out.reserve(bytes.size());
  const auto unit_at = [&](std::size_t i) -> std::uint32_t {
    const auto lo = static_cast<unsigned char>(bytes[little_endian ? i : i + 1]);
    const auto hi = static_cast<unsigned char>(bytes[little_endian ? i + 1 : i]);
    return static_cast<std::uint32_t>(lo | (hi << 8));
  };
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    std::uint32_t unit = unit_at(i);
    if (unit >= 0xD800 && unit <= 0xDBFF && i + 3 < bytes.size()) {
      const std::uint32_t next = unit_at(i + 2);
      if (next >= 0xDC00 && next <= 0xDFFF) {
        utf8::append(out, 0x10000 + ((unit - 0xD800) << 10) + (next - 0xDC00));
        i += 2;
        continue;
      }
    }
    if (unit >= 0xD800 && unit <= 0xDFFF) unit = 0xFFFD;
    utf8::append(out, unit);
  }
  if (bytes.size() % 2 != 0) utf8::append(out, 0xFFFD);
  return out;
}

}  // namespace

LineIndex::LineIndex(std::string_view text) {
  starts_.push_back(0);
  // find() is memchr: it skips a line's bytes many at a time.
  for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) {
    starts_.push_back(static_cast<std::uint32_t>(i + 1));
  }
}

Position LineIndex::position(std::string_view text, std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
  const auto after = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const auto line_index = static_cast<std::size_t>(after - starts_.begin()) - 1;
  Position pos;
  pos.line = static_cast<std::uint32_t>(line_index + 1);
  std::size_t i = starts_[line_index];
  // A UTF-8 BOM is invisible in editors and SARIF viewers: it takes no column.
  if (i == 0 && text.starts_with("\xEF\xBB\xBF")) i = std::min<std::size_t>(3, offset);
  while (i < offset) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {  // ASCII, the common case: one column
      ++i;
      ++pos.column;
      ++pos.utf16_column;
      continue;
    }
    const std::size_t length = utf8::sequence_length(text, i);
    if (length == 0) {
      ++i;
      ++pos.column;
      ++pos.utf16_column;
      continue;
    }
    ++pos.column;
    pos.utf16_column += length == 4 ? 2 : 1;
    i += length;
  }
  return pos;
}

std::string_view LineIndex::line_text(std::string_view text, std::uint32_t line) const {
  if (line == 0 || line > starts_.size()) return {};
  const std::size_t begin = starts_[line - 1];
  std::size_t end = line < starts_.size() ? starts_[line] - 1 : text.size();
  if (end > begin && text[end - 1] == '\r') --end;
  return text.substr(begin, end - begin);
}

SourceFile::SourceFile(FileId file_id, std::string display_path, std::string raw_bytes)
    : id(file_id), path(std::move(display_path)) {
  const auto starts_with = [&](std::string_view prefix) {
    return raw_bytes.size() >= prefix.size() &&
           std::memcmp(raw_bytes.data(), prefix.data(), prefix.size()) == 0;
  };
  if (starts_with("\xFF\xFE")) {
    encoding = TextEncoding::Utf16LeBom;
    text = utf16_to_utf8(std::string_view(raw_bytes).substr(2), true);
  } else if (starts_with("\xFE\xFF")) {
    encoding = TextEncoding::Utf16BeBom;
    text = utf16_to_utf8(std::string_view(raw_bytes).substr(2), false);
  } else {
    if (starts_with("\xEF\xBB\xBF")) {
      encoding = TextEncoding::Utf8Bom;
      content_start = 3;
    }
    text = std::move(raw_bytes);
  }
  lines = LineIndex(text);
}

SourceFile SourceFile::decoded(FileId file_id, std::string display_path, std::string text,
                               TextEncoding encoding, std::uint32_t content_start) {
  SourceFile file;
  file.id = file_id;
  file.path = std::move(display_path);
  file.text = std::move(text);
  file.encoding = encoding;
  file.content_start = content_start;
  file.lines = LineIndex(file.text);
  return file;
}

std::string_view SourceFile::slice(Span span) const {
  const std::size_t begin = std::min<std::size_t>(span.begin, text.size());
  const std::size_t end = std::min<std::size_t>(std::max(span.begin, span.end), text.size());
  return std::string_view(text).substr(begin, end - begin);
}

bool looks_binary(std::string_view head) {
  if (head.size() >= 2 &&
      ((head[0] == '\xFF' && head[1] == '\xFE') || (head[0] == '\xFE' && head[1] == '\xFF'))) {
    return false;
  }
  return head.find('\0') != std::string_view::npos;
}

}  // namespace dl
