// A scanned file: its bytes (decoded to UTF-8 when it was UTF-16) and a line index.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "linter/core/span.h"

namespace dl {

// 1-based position. `column` counts Unicode code points, `utf16_column` UTF-16 code
// units (what SARIF's "utf16CodeUnits" columnKind asks for). An invalid UTF-8 byte counts
// as one code point and one unit, like the U+FFFD it would be shown as.
struct Position {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  std::uint32_t utf16_column = 1;
};

class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  // Offsets past the end clamp to the end of the text.
  Position position(std::string_view text, std::uint32_t offset) const;
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(starts_.size()); }
  // The line (1-based) without its terminator ("\n" or "\r\n").
  std::string_view line_text(std::string_view text, std::uint32_t line) const;
  std::uint32_t line_start(std::uint32_t line) const { return starts_.at(line - 1); }

 private:
  std::vector<std::uint32_t> starts_;
};

enum class TextEncoding { Utf8, Utf8Bom, Utf16LeBom, Utf16BeBom };

struct SourceFile {
  FileId id = kNoFile;
  std::string path;  // as shown in reports: relative to the scan root, '/' separators
  std::string text;  // UTF-8 (transcoded when the file was UTF-16 with a BOM)
  TextEncoding encoding = TextEncoding::Utf8;
  // Bytes of `text` that precede the content (a UTF-8 BOM): parsers start after them.
  std::uint32_t content_start = 0;
  LineIndex lines{std::string_view{}};

  SourceFile() = default;
  SourceFile(FileId file_id, std::string display_path, std::string raw_bytes);

  Position position(std::uint32_t offset) const { return lines.position(text, offset); }
  std::string_view slice(Span span) const;

  // A file as it was decoded before (read back from FileTable's temporary file).
  static SourceFile decoded(FileId file_id, std::string display_path, std::string text,
                            TextEncoding encoding, std::uint32_t content_start);
};

// True when the bytes look like a binary file (NUL bytes in the first block), unless they
// are UTF-16 text with a BOM.
bool looks_binary(std::string_view head);

}  // namespace dl
