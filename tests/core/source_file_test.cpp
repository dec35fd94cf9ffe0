// SourceFile (BOMs, UTF-16 decoding), LineIndex (1-based lines, code-point and UTF-16 columns)
// and the UTF-8 helpers. Expected values are worked out by hand from the bytes in each test.
#include "linter/core/source_file.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "linter/core/utf8.h"

namespace dl {
namespace {

using namespace std::string_literals;

// Compares a Position with (line, code-point column, UTF-16 column).
void ExpectPos(const Position& got, std::uint32_t line, std::uint32_t column,
               std::uint32_t utf16_column) {
  EXPECT_EQ(got.line, line);
  EXPECT_EQ(got.column, column);
  EXPECT_EQ(got.utf16_column, utf16_column);
}

Position At(std::string_view text, std::uint32_t offset) {
  return LineIndex(text).position(text, offset);
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// ---------------------------------------------------------------------------------------------
// LineIndex

TEST(LineIndex, LinesAndColumnsAreOneBased) {
  const std::string_view text = "ab\ncd";
  const LineIndex index(text);
  EXPECT_EQ(index.line_count(), 2u);
  EXPECT_EQ(index.line_start(1), 0u);
  EXPECT_EQ(index.line_start(2), 3u);
  ExpectPos(index.position(text, 0), 1, 1, 1);
  ExpectPos(index.position(text, 1), 1, 2, 2);
  ExpectPos(index.position(text, 2), 1, 3, 3);  // the '\n' belongs to line 1
  ExpectPos(index.position(text, 3), 2, 1, 1);
  ExpectPos(index.position(text, 5), 2, 3, 3);  // one past the last byte
}

TEST(LineIndex, OffsetsPastTheEndClamp) {
  const std::string_view text = "ab\ncd";
  const LineIndex index(text);
  ExpectPos(index.position(text, 6), 2, 3, 3);
  ExpectPos(index.position(text, 0xFFFFFFFFu), 2, 3, 3);
  const std::string_view empty;
  const LineIndex none(empty);
  EXPECT_EQ(none.line_count(), 1u);
  ExpectPos(none.position(empty, 0), 1, 1, 1);
  ExpectPos(none.position(empty, 7), 1, 1, 1);
  EXPECT_EQ(none.line_text(empty, 1), "");
}

TEST(LineIndex, TrailingNewlineStartsAnEmptyLine) {
  const std::string_view text = "a\n";
  const LineIndex index(text);
  EXPECT_EQ(index.line_count(), 2u);
  ExpectPos(index.position(text, 2), 2, 1, 1);
  EXPECT_EQ(index.line_text(text, 1), "a");
  EXPECT_EQ(index.line_text(text, 2), "");
}

TEST(LineIndex, ColumnsCountCodePointsAndUtf16Units) {
  // a (1 byte) é (2) € (3) 😀 (4, a surrogate pair in UTF-16) b (1)
  const std::string text =
      "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"
      "b";
  ASSERT_EQ(text.size(), 11u);
  ExpectPos(At(text, 0), 1, 1, 1);
  ExpectPos(At(text, 1), 1, 2, 2);   // é
  ExpectPos(At(text, 3), 1, 3, 3);   // €
  ExpectPos(At(text, 6), 1, 4, 4);   // 😀
  ExpectPos(At(text, 10), 1, 5, 6);  // b: 😀 took two UTF-16 units
  ExpectPos(At(text, 11), 1, 6, 7);  // end
}

TEST(LineIndex, ColumnsRestartOnEachLine) {
  const std::string text = "\xF0\x9F\x98\x80\n\xC3\xA9x";
  ExpectPos(At(text, 4), 1, 2, 3);
  ExpectPos(At(text, 5), 2, 1, 1);
  ExpectPos(At(text, 7), 2, 2, 2);
}

TEST(LineIndex, InvalidBytesCountOneColumnEach) {
  // 0xFF never starts a sequence; 0xC3 followed by 'b' is a truncated sequence.
  const std::string text =
      "\xFF"
      "a\xC3"
      "b";
  ExpectPos(At(text, 1), 1, 2, 2);
  ExpectPos(At(text, 3), 1, 4, 4);
  ExpectPos(At(text, 4), 1, 5, 5);
  // A 4-byte sequence cut short at the end of the text: three invalid bytes.
  const std::string cut = "x\xF0\x9F\x98";
  ExpectPos(At(cut, 4), 1, 5, 5);
  // An encoded surrogate (CESU-8) and an overlong '/' are invalid byte by byte.
  const std::string surrogate =
      "\xED\xA0\x80"
      "z";
  ExpectPos(At(surrogate, 3), 1, 4, 4);
  const std::string overlong =
      "\xC0\xAF"
      "z";
  ExpectPos(At(overlong, 2), 1, 3, 3);
}

TEST(LineIndex, CrLfLinesHaveNoCarriageReturn) {
  const std::string_view text = "ab\r\ncd\r\n";
  const LineIndex index(text);
  EXPECT_EQ(index.line_count(), 3u);
  EXPECT_EQ(index.line_text(text, 1), "ab");
  EXPECT_EQ(index.line_text(text, 2), "cd");
  EXPECT_EQ(index.line_text(text, 3), "");
  EXPECT_EQ(index.line_text(text, 0), "");
  EXPECT_EQ(index.line_text(text, 4), "");
  EXPECT_EQ(index.line_start(2), 4u);
  EXPECT_EQ(index.line_start(3), 8u);
  ExpectPos(index.position(text, 2), 1, 3, 3);  // the '\r'
  ExpectPos(index.position(text, 4), 2, 1, 1);
  ExpectPos(index.position(text, 8), 3, 1, 1);
}

TEST(LineIndex, LoneCarriageReturnIsNotALineBreak) {
  const std::string_view text = "a\rb\nc";
  const LineIndex index(text);
  EXPECT_EQ(index.line_count(), 2u);
  EXPECT_EQ(index.line_text(text, 1), "a\rb");
  ExpectPos(index.position(text, 2), 1, 3, 3);
}

// ---------------------------------------------------------------------------------------------
// SourceFile

TEST(SourceFile, PlainUtf8IsKeptAsIs) {
  const SourceFile file(4, "etc/docker/daemon.json", "{\"tls\": true}\n");
  EXPECT_EQ(file.id, 4u);
  EXPECT_EQ(file.path, "etc/docker/daemon.json");
  EXPECT_EQ(file.encoding, TextEncoding::Utf8);
  EXPECT_EQ(file.content_start, 0u);
  EXPECT_EQ(file.text, "{\"tls\": true}\n");
  EXPECT_EQ(file.slice(Span{4, 2, 5}), "tls");
  ExpectPos(file.position(2), 1, 3, 3);
  ExpectPos(file.position(14), 2, 1, 1);
}

TEST(SourceFile, SliceClamps) {
  const SourceFile file(0, "f", "abcdef");
  EXPECT_EQ(file.slice(Span{0, 4, 100}), "ef");
  EXPECT_EQ(file.slice(Span{0, 100, 200}), "");
  EXPECT_EQ(file.slice(Span{0, 5, 2}), "");  // reversed: empty, not a wrap-around
}

TEST(SourceFile, Utf8BomIsKeptButSkippedByParsersAndColumns) {
  const SourceFile file(0, "daemon.json", "\xEF\xBB\xBF{\"a\":1}\n{");
  EXPECT_EQ(file.encoding, TextEncoding::Utf8Bom);
  EXPECT_EQ(file.content_start, 3u);
  EXPECT_EQ(file.text.size(), 12u);  // offsets stay offsets in the file
  EXPECT_EQ(file.slice(Span{0, 3, 4}), "{");
  // The BOM is invisible in editors and in SARIF viewers: '{' is column 1, not 2.
  ExpectPos(file.position(3), 1, 1, 1);
  ExpectPos(file.position(5), 1, 3, 3);
  ExpectPos(file.position(0), 1, 1, 1);
  ExpectPos(file.position(11), 2, 1, 1);
}

TEST(SourceFile, Utf16LittleEndianWithBomIsDecoded) {
  // {"é":1}\n{ with a BOM; é is U+00E9.
  const std::string raw = "\xFF\xFE{\0\"\0\xE9\0\"\0:\0001\0}\0\n\0{\0"s;
  const SourceFile file(0, "daemon.json", raw);
  EXPECT_EQ(file.encoding, TextEncoding::Utf16LeBom);
  EXPECT_EQ(file.content_start, 0u);
  EXPECT_EQ(file.text, "{\"\xC3\xA9\":1}\n{");
  ExpectPos(file.position(4), 1, 4, 4);  // the closing quote after é
  ExpectPos(file.position(9), 2, 1, 1);
}

TEST(SourceFile, Utf16BigEndianWithBomIsDecoded) {
  const std::string raw = "\xFE\xFF\0{\0\"\0\xE9\0\"\0}"s;
  const SourceFile file(0, "daemon.json", raw);
  EXPECT_EQ(file.encoding, TextEncoding::Utf16BeBom);
  EXPECT_EQ(file.text, "{\"\xC3\xA9\"}");
}

TEST(SourceFile, Utf16SurrogatePairsAndUnpairedSurrogates) {
  // U+1F600 = D83D DE00.
  EXPECT_EQ(SourceFile(0, "f", "\xFF\xFE\x3D\xD8\x00\xDE"s).text, "\xF0\x9F\x98\x80");
  EXPECT_EQ(SourceFile(0, "f", "\xFE\xFF\xD8\x3D\xDE\x00"s).text, "\xF0\x9F\x98\x80");
  // A lead surrogate followed by 'A', a lone trail surrogate, a lead at the very end.
  EXPECT_EQ(SourceFile(0, "f", "\xFF\xFE\x00\xD8\x41\x00"s).text, std::string(kReplacement) + "A");
  EXPECT_EQ(SourceFile(0, "f", "\xFF\xFE\x00\xDC\x42\x00"s).text, std::string(kReplacement) + "B");
  EXPECT_EQ(SourceFile(0, "f", "\xFF\xFE\x43\x00\x3D\xD8"s).text, "C" + std::string(kReplacement));
  // Two leads in a row: each is unpaired.
  EXPECT_EQ(SourceFile(0, "f", "\xFF\xFE\x00\xD8\x00\xD8"s).text,
            std::string(kReplacement) + std::string(kReplacement));
}

TEST(SourceFile, Utf16OddTrailingByteBecomesAReplacementCharacter) {
  // golang.org/x/text's UTF-16 decoder (dockerd's BOMOverride) turns a single trailing byte
  // into U+FFFD, which dockerd then rejects after the top-level value.
  EXPECT_EQ(SourceFile(0, "f", "\xFF\xFE{\0}\0\n"s).text, "{}" + std::string(kReplacement));
  EXPECT_EQ(SourceFile(0, "f", "\xFE\xFF\0{\0}\0"s).text, "{}" + std::string(kReplacement));
  // Only a BOM: empty text.
  EXPECT_EQ(SourceFile(0, "f", "\xFF\xFE").text, "");
}

TEST(SourceFile, Utf16NulIsKept) {
  EXPECT_EQ(SourceFile(0, "f", "\xFF\xFE\0\0a\0"s).text, "\0a"s);
}

TEST(SourceFile, LooksBinary) {
  EXPECT_FALSE(looks_binary(""));
  EXPECT_FALSE(looks_binary("{\"hosts\": []}"));
  EXPECT_TRUE(looks_binary("ELF\0\x01"s));
  EXPECT_TRUE(looks_binary("\0"s));
  EXPECT_FALSE(looks_binary("\xFF\xFE{\0}\0"s));  // UTF-16LE with BOM
  EXPECT_FALSE(looks_binary("\xFE\xFF\0{\0}"s));  // UTF-16BE with BOM
  EXPECT_TRUE(looks_binary("{\0}\0"s));           // UTF-16 without a BOM: not text to us
  EXPECT_TRUE(
      looks_binary("\xFF"
                   "a\0"s));  // half a BOM does not count
}

// ---------------------------------------------------------------------------------------------
// utf8

TEST(Utf8, SequenceLength) {
  EXPECT_EQ(utf8::sequence_length("a", 0), 1u);
  EXPECT_EQ(utf8::sequence_length("\xC3\xA9", 0), 2u);
  EXPECT_EQ(utf8::sequence_length("\xE2\x82\xAC", 0), 3u);
  EXPECT_EQ(utf8::sequence_length("\xF0\x9F\x98\x80", 0), 4u);
  EXPECT_EQ(utf8::sequence_length("\xF4\x8F\xBF\xBF", 0), 4u);  // U+10FFFF
  EXPECT_EQ(utf8::sequence_length("\xF4\x90\x80\x80", 0), 0u);  // above U+10FFFF
  EXPECT_EQ(utf8::sequence_length("\xC0\xAF", 0), 0u);          // overlong
  EXPECT_EQ(utf8::sequence_length("\xE0\x80\xAF", 0), 0u);      // overlong
  EXPECT_EQ(utf8::sequence_length("\xED\xA0\x80", 0), 0u);      // surrogate
  EXPECT_EQ(utf8::sequence_length("\xED\x9F\xBF", 0), 3u);      // U+D7FF
  EXPECT_EQ(utf8::sequence_length("\x80", 0), 0u);              // lone continuation
  EXPECT_EQ(utf8::sequence_length("\xF8\x88\x80\x80\x80", 0), 0u);
  EXPECT_EQ(utf8::sequence_length("\xE2\x82", 0), 0u);  // truncated
  EXPECT_EQ(utf8::sequence_length("x\xC3\xA9", 1), 2u);
}

TEST(Utf8, Append) {
  std::string out;
  utf8::append(out, 0x41);
  utf8::append(out, 0xE9);
  utf8::append(out, 0x20AC);
  utf8::append(out, 0x1F600);
  utf8::append(out, 0x7F);
  utf8::append(out, 0x80);
  utf8::append(out, 0x7FF);
  utf8::append(out, 0x800);
  utf8::append(out, 0xFFFF);
  utf8::append(out, 0x10000);
  EXPECT_EQ(out,
            "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF"
            "\xF0\x90\x80\x80");
}

TEST(Utf8, SanitizeReplacesEachInvalidByte) {
  const std::string r(kReplacement);
  EXPECT_EQ(utf8::sanitize(""), "");
  EXPECT_EQ(utf8::sanitize("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(utf8::sanitize("a\xFF"
                           "b"),
            "a" + r + "b");
  EXPECT_EQ(utf8::sanitize("\xC0\xAF"), r + r);
  EXPECT_EQ(utf8::sanitize("\xED\xA0\x80"), r + r + r);
  EXPECT_EQ(utf8::sanitize("\xF4\x90\x80\x80"), r + r + r + r);
  EXPECT_EQ(utf8::sanitize("\xE2\x82"), r + r);
  EXPECT_EQ(utf8::sanitize("\xE2\x82"
                           "x\xF0\x9F\x98\x80"),
            r + r + "x\xF0\x9F\x98\x80");
  EXPECT_EQ(utf8::sanitize("a\0b"s), "a\0b"s);  // NUL is valid UTF-8
}

TEST(Utf8, IsValid) {
  EXPECT_TRUE(utf8::is_valid(""));
  EXPECT_TRUE(utf8::is_valid("plain ascii"));
  EXPECT_TRUE(utf8::is_valid("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));
  EXPECT_TRUE(utf8::is_valid("\0"s));
  EXPECT_FALSE(utf8::is_valid("\xFF"));
  EXPECT_FALSE(utf8::is_valid("ok\xE2\x82"));
  EXPECT_FALSE(utf8::is_valid("\xED\xB0\x80"));
  EXPECT_FALSE(utf8::is_valid("\xC1\xBF"));
}

}  // namespace
}  // namespace dl
