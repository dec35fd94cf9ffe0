// daemon.json parsing: spans, decoded values, the first syntax error dockerd would hit (worded
// like Go's encoding/json, at the offending byte), templates, and the lowering into DaemonInputs.
// Oracle for syntax: Go's encoding/json scanner (scanner.go states and their error contexts) on
// the bytes dockerd hands it after bytes.TrimSpace; for decoding: Go's unquote. All offsets were
// counted by hand from the literal inputs.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "linter/core/model.h"
#include "linter/core/source_file.h"
#include "parsers/common/template_text.h"
#include "parsers/common/tree_sitter.h"
#include "parsers/daemon_json/json_reader.h"
#include "parsers/daemon_json/lower.h"

namespace dl {
namespace {

using namespace std::string_literals;
using Kind = JsonValue::Kind;

constexpr FileId kFile = 3;

ts::Parser& JsonParser() {
  static ts::Parser parser(ts::Grammar::Json);
  return parser;
}

DaemonJsonDocument Parse(std::string bytes, bool is_template = false) {
  const SourceFile file(kFile, is_template ? "daemon.json.j2" : "daemon.json", std::move(bytes));
  return daemon_json::parse(JsonParser(), file, is_template);
}

Span S(std::uint32_t begin, std::uint32_t end) {
  return Span{kFile, begin, end};
}

std::string Describe(const DaemonJsonDocument& doc) {
  if (doc.syntax_errors.empty()) return "no syntax error";
  const SyntaxError& e = doc.syntax_errors.front();
  return "[" + std::to_string(e.span.begin) + "," + std::to_string(e.span.end) + ") " + e.message;
}

// The first syntax error is at [begin, end) and says what Go says (the linter may add a hint
// after ": ").
// The input for a failure message, cut short when it is long.
std::string Shown(const std::string& bytes) {
  if (bytes.size() <= 80) return testing::PrintToString(bytes);
  return testing::PrintToString(bytes.substr(0, 80)) + "... (" + std::to_string(bytes.size()) +
         " bytes)";
}

void ExpectError(const std::string& bytes, std::uint32_t begin, std::uint32_t end,
                 const std::string& go_message) {
  SCOPED_TRACE(testing::Message() << "input: " << Shown(bytes));
  const DaemonJsonDocument doc = Parse(bytes);
  ASSERT_EQ(doc.syntax_errors.size(), 1u) << Describe(doc);
  const SyntaxError& error = doc.syntax_errors.front();
  EXPECT_EQ(error.span, S(begin, end)) << Describe(doc);
  EXPECT_TRUE(error.message == go_message || error.message.starts_with(go_message + ": "))
      << "got: " << error.message << "\nwant: " << go_message;
}

void ExpectNoError(const std::string& bytes) {
  SCOPED_TRACE(testing::Message() << "input: " << Shown(bytes));
  const DaemonJsonDocument doc = Parse(bytes);
  EXPECT_TRUE(doc.syntax_errors.empty()) << Describe(doc);
}

void ExpectPosIs(const SourceFile& file, std::uint32_t offset, std::uint32_t line,
                 std::uint32_t column, std::uint32_t utf16_column) {
  const Position pos = file.position(offset);
  EXPECT_EQ(pos.line, line);
  EXPECT_EQ(pos.column, column);
  EXPECT_EQ(pos.utf16_column, utf16_column);
}

const JsonMember* Member(const JsonValue& object, std::string_view key) {
  for (const JsonMember& m : object.members) {
    if (m.key == key) return &m;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// Structure, spans and values

TEST(DaemonJsonParse, SpansOfKeysAndValues) {
  const DaemonJsonDocument doc = Parse(R"({"hosts": ["tcp://0.0.0.0:2375"], "tls": true})");
  EXPECT_TRUE(doc.syntax_errors.empty()) << Describe(doc);
  EXPECT_EQ(doc.file, kFile);
  EXPECT_FALSE(doc.is_template);
  ASSERT_TRUE(doc.has_root);
  EXPECT_EQ(doc.root.kind, Kind::Object);
  EXPECT_EQ(doc.root.span, S(0, 46));
  ASSERT_EQ(doc.root.members.size(), 2u);
  const JsonMember& hosts = doc.root.members[0];
  EXPECT_EQ(hosts.key, "hosts");
  EXPECT_EQ(hosts.key_span, S(2, 7));  // between the quotes
  EXPECT_EQ(hosts.value.kind, Kind::Array);
  EXPECT_EQ(hosts.value.span, S(10, 32));
  ASSERT_EQ(hosts.value.elements.size(), 1u);
  EXPECT_EQ(hosts.value.elements[0].kind, Kind::String);
  EXPECT_EQ(hosts.value.elements[0].text, "tcp://0.0.0.0:2375");
  EXPECT_EQ(hosts.value.elements[0].span, S(12, 30));
  const JsonMember& tls = doc.root.members[1];
  EXPECT_EQ(tls.key, "tls");
  EXPECT_EQ(tls.key_span, S(35, 38));
  EXPECT_EQ(tls.value.kind, Kind::Bool);
  EXPECT_EQ(tls.value.text, "true");
  EXPECT_EQ(tls.value.span, S(41, 45));
  EXPECT_TRUE(tls.value.is_true());
  EXPECT_TRUE(tls.value.is_known());
}

TEST(DaemonJsonParse, ScalarKinds) {
  const DaemonJsonDocument doc = Parse(R"({"n":-1.5e3,"z":0,"f":false,"u":null,"o":{},"s":""})");
  ASSERT_TRUE(doc.has_root);
  EXPECT_TRUE(doc.syntax_errors.empty()) << Describe(doc);
  ASSERT_EQ(doc.root.members.size(), 6u);
  EXPECT_EQ(doc.root.members[0].value.kind, Kind::Number);
  EXPECT_EQ(doc.root.members[0].value.text, "-1.5e3");
  EXPECT_EQ(doc.root.members[0].value.span, S(5, 11));
  EXPECT_EQ(doc.root.members[1].value.text, "0");
  EXPECT_EQ(doc.root.members[2].value.kind, Kind::Bool);
  EXPECT_EQ(doc.root.members[2].value.text, "false");
  EXPECT_FALSE(doc.root.members[2].value.is_true());
  EXPECT_EQ(doc.root.members[3].value.kind, Kind::Null);
  EXPECT_EQ(doc.root.members[4].value.kind, Kind::Object);
  EXPECT_TRUE(doc.root.members[4].value.members.empty());
  EXPECT_EQ(doc.root.members[5].value.kind, Kind::String);
  EXPECT_EQ(doc.root.members[5].value.text, "");
  EXPECT_EQ(doc.root.members[5].value.span, S(49, 49));  // empty between the quotes
}

TEST(DaemonJsonParse, EscapesAreDecoded) {
  // {"k\/":"\u00e9\n\/"}
  const DaemonJsonDocument doc = Parse(R"({"k\/":"\u00e9\n\/"})");
  EXPECT_TRUE(doc.syntax_errors.empty()) << Describe(doc);
  ASSERT_TRUE(doc.has_root);
  ASSERT_EQ(doc.root.members.size(), 1u);
  EXPECT_EQ(doc.root.members[0].key, "k/");
  EXPECT_EQ(doc.root.members[0].key_span, S(2, 5));
  EXPECT_EQ(doc.root.members[0].value.text, "\xC3\xA9\n/");
  EXPECT_EQ(doc.root.members[0].value.span, S(8, 18));
}

TEST(DaemonJsonParse, UnicodeEscapesAsGoDecodesThem) {
  const DaemonJsonDocument doc =
      Parse(R"({"pair":"\ud83d\ude00","lone":"\ud800","trail":"x\udc00y","nul":"\u0000",)"
            R"("quote":"\"\\\b\f\r\t"})");
  EXPECT_TRUE(doc.syntax_errors.empty()) << Describe(doc);
  ASSERT_TRUE(doc.has_root);
  EXPECT_EQ(Member(doc.root, "pair")->value.text, "\xF0\x9F\x98\x80");
  // Go's unquote turns an unpaired surrogate escape into U+FFFD; it is not an error.
  EXPECT_EQ(Member(doc.root, "lone")->value.text, "\xEF\xBF\xBD");
  EXPECT_EQ(Member(doc.root, "trail")->value.text, "x\xEF\xBF\xBDy");
  EXPECT_EQ(Member(doc.root, "nul")->value.text, "\0"s);
  EXPECT_EQ(Member(doc.root, "quote")->value.text, "\"\\\b\f\r\t");
}

TEST(DaemonJsonParse, DuplicateKeysAreKeptInOrder) {
  const DaemonJsonDocument doc = Parse(R"({"tls":true,"tls":false})");
  EXPECT_TRUE(doc.syntax_errors.empty()) << Describe(doc);
  ASSERT_EQ(doc.root.members.size(), 2u);
  EXPECT_EQ(doc.root.members[0].key, "tls");
  EXPECT_EQ(doc.root.members[0].key_span, S(2, 5));
  EXPECT_EQ(doc.root.members[0].value.text, "true");
  EXPECT_EQ(doc.root.members[1].key, "tls");
  EXPECT_EQ(doc.root.members[1].key_span, S(13, 16));
  EXPECT_EQ(doc.root.members[1].value.text, "false");
}

TEST(DaemonJsonParse, NestedSpans) {
  // {"log-opts":{"max-size":"10m"},"a":[[1],{"b":null}]}
  const DaemonJsonDocument doc = Parse(R"({"log-opts":{"max-size":"10m"},"a":[[1],{"b":null}]})");
  ASSERT_TRUE(doc.has_root);
  const JsonValue& opts = doc.root.members.at(0).value;
  EXPECT_EQ(opts.span, S(12, 30));
  EXPECT_EQ(opts.members.at(0).key_span, S(14, 22));
  EXPECT_EQ(opts.members.at(0).value.span, S(25, 28));
  const JsonValue& a = doc.root.members.at(1).value;
  EXPECT_EQ(a.span, S(35, 51));
  ASSERT_EQ(a.elements.size(), 2u);
  EXPECT_EQ(a.elements[0].span, S(36, 39));
  EXPECT_EQ(a.elements[0].elements.at(0).span, S(37, 38));
  EXPECT_EQ(a.elements[1].members.at(0).key_span, S(42, 43));
  EXPECT_EQ(a.elements[1].members.at(0).value.span, S(45, 49));
}

// ---------------------------------------------------------------------------------------------
// The first syntax error, as Go's scanner reports it

TEST(DaemonJsonSyntax, Comments) {
  ExpectError("{// c\n\"a\":1}", 1, 3,
              "invalid character '/' looking for beginning of object key string");
  ExpectError(R"({"a":1 /* x */})", 7, 9, "invalid character '/' after object key:value pair");
  ExpectError("// c\n{}", 0, 2, "invalid character '/' looking for beginning of value");
}

TEST(DaemonJsonSyntax, TrailingCommas) {
  ExpectError(R"({"a":1,})", 7, 8,
              "invalid character '}' looking for beginning of object key string");
  ExpectError(R"({"a":[1,]})", 8, 9, "invalid character ']' looking for beginning of value");
  ExpectError("{\"a\":1,\n}", 8, 9,
              "invalid character '}' looking for beginning of object key string");
}

TEST(DaemonJsonSyntax, GarbageBeforeAndAfter) {
  ExpectError("x{}", 0, 1, "invalid character 'x' looking for beginning of value");
  ExpectError("{}x", 2, 3, "invalid character 'x' after top-level value");
  ExpectError("{} x", 3, 4, "invalid character 'x' after top-level value");
  // A pasted shell prompt: the stray word is the span; the object is still read.
  const std::string pasted = "$ cat daemon.json\n{\"tls\": true}";
  ExpectError(pasted, 0, 1, "invalid character '$' looking for beginning of value");
  const DaemonJsonDocument doc = Parse(pasted);
  ASSERT_TRUE(doc.has_root);
  ASSERT_NE(Member(doc.root, "tls"), nullptr);
  EXPECT_EQ(Member(doc.root, "tls")->key_span, S(20, 23));
  EXPECT_TRUE(Member(doc.root, "tls")->value.is_true());
}

TEST(DaemonJsonSyntax, TwoTopLevelValues) {
  ExpectError("{} {}", 3, 4, "invalid character '{' after top-level value");
  ExpectError(R"({"a":1}{"b":2})", 7, 8, "invalid character '{' after top-level value");
  ExpectError("{}\n[]", 3, 4, "invalid character '[' after top-level value");
  const DaemonJsonDocument doc = Parse(R"({"a":1}{"b":2})");
  ASSERT_TRUE(doc.has_root);
  ASSERT_EQ(doc.root.members.size(), 1u);
  EXPECT_EQ(doc.root.members[0].key, "a");
}

TEST(DaemonJsonSyntax, TopLevelMustBeAnObjectOrNull) {
  ExpectError("[1]", 0, 3,
              "json: cannot unmarshal array into Go value of type map[string]interface {}");
  ExpectError(R"("tcp://0.0.0.0:2375")", 0, 20,
              "json: cannot unmarshal string into Go value of type map[string]interface {}");
  ExpectError("  5 ", 2, 3,
              "json: cannot unmarshal number into Go value of type map[string]interface {}");
  ExpectError("true", 0, 4,
              "json: cannot unmarshal bool into Go value of type map[string]interface {}");
  EXPECT_FALSE(Parse("[1]").has_root);
  // null decodes into the map as nil: accepted, no settings.
  ExpectNoError("null");
  ExpectNoError(" null\n");
  EXPECT_FALSE(Parse("null").has_root);
  // Syntax errors come first (Go's checkValid runs before decoding).
  ExpectError("[1] x", 4, 5, "invalid character 'x' after top-level value");
}

TEST(DaemonJsonSyntax, EmptyAndWhitespaceOnlyAreAccepted) {
  for (const std::string& text :
       {""s, " "s, "\n\n"s, " \t\r\n"s, "\f\v"s, "\xC2\xA0"s, "\xC2\x85\n"s}) {
    SCOPED_TRACE(testing::PrintToString(text));
    const DaemonJsonDocument doc = Parse(text);
    EXPECT_TRUE(doc.syntax_errors.empty()) << Describe(doc);
    EXPECT_FALSE(doc.has_root);
  }
  // dockerd trims Unicode white space (bytes.TrimSpace) around the document only.
  ExpectNoError("\f{}\v");
  ExpectNoError("\xC2\xA0{\"tls\":true}\xC2\xA0\n");
}

TEST(DaemonJsonSyntax, Strings) {
  ExpectError(R"({"a":"b)", 6, 7, "unexpected end of JSON input");
  ExpectError("{\"a\":\"x\ty\"}", 7, 8, "invalid character '\\t' in string literal");
  ExpectError("{\"a\":\"x\ny\"}", 7, 8, "invalid character '\\n' in string literal");
  ExpectError("{\"a\":\"\x01\"}", 6, 7, "invalid character '\\x01' in string literal");
  ExpectError("{\"a\":\"\0\"}"s, 6, 7, "invalid character '\\x00' in string literal");
  ExpectError(R"({"a":"\x"})", 7, 8, "invalid character 'x' in string escape code");
  ExpectError(R"({"a":"\u12G4"})", 10, 11,
              "invalid character 'G' in \\u hexadecimal character escape");
  ExpectError("{\"a\x1f\":1}", 3, 4, "invalid character '\\x1f' in string literal");
  // DEL and non-ASCII are fine inside strings.
  ExpectNoError("{\"a\":\"\x7f\xC3\xA9\"}");
}

TEST(DaemonJsonSyntax, Numbers) {
  ExpectError(R"({"a":01})", 6, 7, "invalid character '1' after object key:value pair");
  ExpectError(R"({"a":-})", 6, 7, "invalid character '}' in numeric literal");
  ExpectError(R"({"a":1.})", 7, 8, "invalid character '}' after decimal point in numeric literal");
  ExpectError(R"({"a":1e})", 7, 8, "invalid character '}' in exponent of numeric literal");
  // A stray word is shown whole ("+1", ".5"); Go's offset is its first byte.
  ExpectError(R"({"a":+1})", 5, 7, "invalid character '+' looking for beginning of value");
  ExpectError(R"({"a":.5})", 5, 7, "invalid character '.' looking for beginning of value");
  ExpectError(R"({"a":[-01]})", 8, 9, "invalid character '1' after array element");
  ExpectNoError(R"({"a":[0,-0,1.5,2e10,3E-2,4e+1]})");
}

TEST(DaemonJsonSyntax, Literals) {
  ExpectError(R"({"a":tru})", 8, 9, "invalid character '}' in literal true (expecting 'e')");
  ExpectError(R"({"a":nul})", 8, 9, "invalid character '}' in literal null (expecting 'l')");
  ExpectError(R"({"a":fals})", 9, 10, "invalid character '}' in literal false (expecting 'e')");
}

TEST(DaemonJsonSyntax, MissingCommaOrColon) {
  // The unexpected token is shown whole: the string "b".
  ExpectError(R"({"a":1 "b":2})", 7, 10, "invalid character '\"' after object key:value pair");
  ExpectError(R"({"a" 1})", 5, 6, "invalid character '1' after object key");
  ExpectError(R"({"a":[1 2]})", 8, 9, "invalid character '2' after array element");
  ExpectError(R"({"a":1,,"b":2})", 7, 8,
              "invalid character ',' looking for beginning of object key string");
  ExpectError(R"({"a"})", 4, 5, "invalid character '}' after object key");
  ExpectError(R"({"a":})", 5, 6, "invalid character '}' looking for beginning of value");
  ExpectError(R"({1:2})", 1, 2, "invalid character '1' looking for beginning of object key string");
  ExpectError(R"({'a':1})", 1, 2,
              "invalid character '\\'' looking for beginning of object key string");
}

TEST(DaemonJsonSyntax, EveryTruncationIsAnErrorAtTheEnd) {
  const std::string full = R"({"hosts":["tcp://0.0.0.0:2375"],"tls":true,"n":-1.5e3})";
  ExpectNoError(full);
  for (std::size_t length = 1; length < full.size(); ++length) {
    const std::string prefix = full.substr(0, length);
    SCOPED_TRACE(prefix);
    const DaemonJsonDocument doc = Parse(prefix);
    // Every prefix of a valid document just ends too early.
    ASSERT_EQ(doc.syntax_errors.size(), 1u);
    EXPECT_EQ(doc.syntax_errors[0].message, "unexpected end of JSON input");
    EXPECT_EQ(doc.syntax_errors[0].span.end, length);
    EXPECT_EQ(doc.syntax_errors[0].span.begin + 1, length);
  }
  // Trailing white space after the cut: the span stays on the last written byte.
  ExpectError("{\"a\":  \n ", 4, 5, "unexpected end of JSON input");
}

TEST(DaemonJsonSyntax, OnlySpaceTabCrLfBetweenTokens) {
  // The stray word runs to the next JSON white space or structural character.
  ExpectError("{\"a\":\f1}", 5, 7, "invalid character '\\f' looking for beginning of value");
  ExpectError("{\v}", 1, 2, "invalid character '\\v' looking for beginning of object key string");
  // Go's scanner sees the NBSP's first byte 0xC2 and shows it as the rune U+00C2 ('Â').
  ExpectError(
      "{\"a\":\xC2\xA0"
      "1}",
      5, 8, "invalid character '\xC3\x82' looking for beginning of value");
  ExpectError("{\"a\":1\xC2\xA0}", 6, 7,
              "invalid character '\xC3\x82' after object key:value pair");
  ExpectNoError("{\r\n\t\"a\" :\r\n 1 }");
}

TEST(DaemonJsonSyntax, NulBytes) {
  ExpectError("{\"a\":1}\0"s, 7, 8, "invalid character '\\x00' after top-level value");
  ExpectError("\0{}"s, 0, 1, "invalid character '\\x00' looking for beginning of value");
  ExpectError("{\0}"s, 1, 2,
              "invalid character '\\x00' looking for beginning of object key string");
}

TEST(DaemonJsonSyntax, Utf8Bom) {
  const DaemonJsonDocument doc = Parse("\xEF\xBB\xBF{\"tls\":true}");
  EXPECT_TRUE(doc.syntax_errors.empty()) << Describe(doc);
  ASSERT_TRUE(doc.has_root);
  EXPECT_EQ(doc.root.span, S(3, 15));
  EXPECT_EQ(doc.root.members.at(0).key_span, S(5, 8));  // offsets in the file, BOM included
  ExpectError("\xEF\xBB\xBF{,}", 4, 5,
              "invalid character ',' looking for beginning of object key string");
  ExpectNoError("\xEF\xBB\xBF");
  ExpectNoError("\xEF\xBB\xBF  \n");
}

TEST(DaemonJsonSyntax, Utf16WithBom) {
  // {\n"é":true} in UTF-16LE and UTF-16BE.
  const std::string le = "\xFF\xFE{\0\n\0\"\0\xE9\0\"\0:\0t\0r\0u\0e\0}\0"s;
  const std::string be = "\xFE\xFF\0{\0\n\0\"\0\xE9\0\"\0:\0t\0r\0u\0e\0}"s;
  for (const std::string& bytes : {le, be}) {
    const SourceFile file(kFile, "daemon.json", bytes);
    ASSERT_EQ(file.text, "{\n\"\xC3\xA9\":true}");
    const DaemonJsonDocument doc = daemon_json::parse(JsonParser(), file, false);
    EXPECT_TRUE(doc.syntax_errors.empty()) << Describe(doc);
    ASSERT_TRUE(doc.has_root);
    const JsonMember& m = doc.root.members.at(0);
    EXPECT_EQ(m.key, "\xC3\xA9");
    EXPECT_EQ(m.key_span, S(3, 5));  // offsets in the decoded text
    EXPECT_EQ(m.value.span, S(7, 11));
    ExpectPosIs(file, m.value.span.begin, 2, 5, 5);
  }
}

TEST(DaemonJsonSyntax, CrLf) {
  const std::string text = "{\r\n  \"tls\": true\r\n}";
  const SourceFile file(kFile, "daemon.json", text);
  const DaemonJsonDocument doc = daemon_json::parse(JsonParser(), file, false);
  EXPECT_TRUE(doc.syntax_errors.empty()) << Describe(doc);
  const JsonMember& m = doc.root.members.at(0);
  EXPECT_EQ(m.key_span, S(6, 9));
  EXPECT_EQ(m.value.span, S(12, 16));
  ExpectPosIs(file, m.key_span.begin, 2, 4, 4);
  EXPECT_EQ(file.lines.line_text(file.text, 2), "  \"tls\": true");
}

TEST(DaemonJsonSyntax, InvalidUtf8InsideStringsDecodesToReplacement) {
  // Go's encoding/json replaces each invalid byte with U+FFFD. (dockerd itself validates the
  // whole file as UTF-8 first since 23.0: see RecordsFirstInvalidUtf8AndBom.)
  const DaemonJsonDocument doc = Parse("{\"a\":\"x\xFF\xC3y\"}");
  ASSERT_TRUE(doc.has_root);
  EXPECT_EQ(doc.root.members.at(0).value.kind, Kind::String);
  EXPECT_EQ(doc.root.members.at(0).value.text, "x\xEF\xBF\xBD\xEF\xBF\xBDy");
  EXPECT_EQ(doc.root.members.at(0).value.span, S(6, 10));
  // Outside strings an invalid byte is a syntax error like any other.
  ExpectError("{\xFF}", 1, 2,
              "invalid character '\xC3\xBF' looking for beginning of object key string");
}

// moby PR #44790 (in 23.0 via #44832; master daemon/config/config.go getConflictFreeConfiguration)
// runs the file through transform.Chain(unicode.BOMOverride(transform.Nop),
// encoding.UTF8Validator) before decoding. The parser records the first invalid byte and the
// byte order mark; DE001 decides per engine (tests/engine/encoding_test.cpp).
TEST(DaemonJsonSyntax, RecordsFirstInvalidUtf8AndBom) {
  EXPECT_EQ(Parse("{\"a\":\"x\xFFy\xFE\"}").first_invalid_utf8, std::optional<std::uint32_t>(7));
  EXPECT_EQ(Parse("{\"a\":\"x\"}").first_invalid_utf8, std::nullopt);
  const DaemonJsonDocument bom = Parse("\xEF\xBB\xBF{\"a\":\"\xC3\"}");
  EXPECT_EQ(bom.bom, ByteOrderMark::Utf8);
  EXPECT_EQ(bom.first_invalid_utf8, std::optional<std::uint32_t>(9));
  EXPECT_EQ(Parse("{}").bom, ByteOrderMark::None);
}

TEST(DaemonJsonSyntax, DeepNestingIsBoundedAndLimitedLikeGo) {
  // 100,000 unclosed '[': Go stops at the 10,001st with "exceeded max depth".
  ExpectError(std::string(100000, '['), 10000, 10001, "invalid character '[' exceeded max depth");
  // 100,000 × {"a": : the 10,001st '{' is at 10,000 × 5.
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  ExpectError(objects, 50000, 50001, "invalid character '{' exceeded max depth");
  // Exactly 10,000 levels is accepted; the values nested past the reader's depth are Unknown.
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "{\"a\":";
  deep += "1" + std::string(10000, '}');
  const DaemonJsonDocument doc = Parse(deep);
  EXPECT_TRUE(doc.syntax_errors.empty()) << Describe(doc);
  ASSERT_TRUE(doc.has_root);
  const JsonValue* v = &doc.root;
  int levels = 0;
  while (v->kind == Kind::Object && !v->members.empty()) {
    v = &v->members[0].value;
    ++levels;
  }
  EXPECT_EQ(levels, json::kMaxDepth + 1);  // the value at depth kMaxDepth + 1 is not analysed
  EXPECT_EQ(v->kind, Kind::Unknown);
  // 10,001 balanced levels: rejected by Go.
  ExpectError(std::string(10001, '[') + std::string(10001, ']'), 10000, 10001,
              "invalid character '[' exceeded max depth");
}

TEST(DaemonJsonSyntax, TenMegabyteSingleLineDocument) {
  const std::string element = "\"tcp://127.0.0.1:2375\",";
  std::string text = "{\"hosts\":[";
  std::size_t count = 0;
  while (text.size() < 10'000'000) {
    text += element;
    ++count;
  }
  text += "\"unix://\"]}";
  ++count;
  const DaemonJsonDocument doc = Parse(text);
  DaemonInputs inputs;
  daemon_json::lower(doc, inputs);
  EXPECT_TRUE(doc.syntax_errors.empty()) << Describe(doc);
  ASSERT_EQ(inputs.file_hosts.size(), count);
  EXPECT_EQ(inputs.file_hosts.back().value, "unix://");
  EXPECT_EQ(inputs.file_hosts.back().span.begin, text.size() - 10);

  // One 10 MB string value.
  const std::string big = "{\"data-root\":\"" + std::string(10'000'000, 'x') + "\",\"tls\":true}";
  const DaemonJsonDocument one = Parse(big);
  EXPECT_TRUE(one.syntax_errors.empty()) << Describe(one);
  ASSERT_EQ(one.root.members.size(), 2u);
  EXPECT_EQ(one.root.members[0].value.text.size(), 10'000'000u);
  EXPECT_EQ(one.root.members[1].key_span.begin, 10'000'000u + 17);
}

// ---------------------------------------------------------------------------------------------
// Templates

TEST(DaemonJsonTemplate, TemplatedValuesAreMarkedAndKeepTheirText) {
  // Offsets: {{ ip }} is [17,25), {{ tls }} is [39,48).
  const std::string text = R"({"hosts":["tcp://{{ ip }}:2376"],"tls":{{ tls }}})";
  const DaemonJsonDocument doc = Parse(text, true);
  EXPECT_TRUE(doc.is_template);
  EXPECT_TRUE(doc.syntax_errors.empty()) << Describe(doc);
  ASSERT_TRUE(doc.has_root);
  const JsonValue& host = doc.root.members.at(0).value.elements.at(0);
  EXPECT_TRUE(host.templated);
  EXPECT_FALSE(host.is_known());
  EXPECT_EQ(host.span, S(11, 30));
  EXPECT_EQ(host.text, "tcp://{{ ip }}:2376");  // as written, not the blanked copy
  const JsonMember& tls = doc.root.members.at(1);
  EXPECT_EQ(tls.key, "tls");
  EXPECT_FALSE(tls.value.is_known());

  DaemonInputs inputs;
  daemon_json::lower(doc, inputs);
  ASSERT_EQ(inputs.file_hosts.size(), 1u);
  EXPECT_FALSE(inputs.file_hosts[0].known);
  EXPECT_EQ(inputs.file_hosts[0].value, "tcp://{{ ip }}:2376");
  EXPECT_TRUE(inputs.file.tls.present);
  EXPECT_FALSE(inputs.file.tls.known);
}

TEST(DaemonJsonTemplate, TemplatedKeysAreSkippedByLowering) {
  const DaemonJsonDocument doc = Parse(R"({"{{ key }}": true, "tls": false})", true);
  ASSERT_TRUE(doc.has_root);
  ASSERT_EQ(doc.root.members.size(), 2u);
  EXPECT_TRUE(doc.root.members[0].key_templated);
  EXPECT_FALSE(doc.root.members[1].key_templated);
  DaemonInputs inputs;
  daemon_json::lower(doc, inputs);
  EXPECT_TRUE(inputs.file.tls.present);
  EXPECT_EQ(inputs.file.tls.value, false);
}

TEST(DaemonJsonTemplate, ConditionalBlocksAreBlankedAndFound) {
  const std::string text =
      "{\n"
      "{% if docker_tls %}\n"
      "  \"tls\": true,\n"
      "{% elif docker_plain %}\n"
      "  \"tls\": false,\n"
      "{% else %}\n"
      "{% endif %}\n"
      "  \"hosts\": [\"tcp://0.0.0.0:2376\"]\n"
      "}\n";
  const DaemonJsonDocument doc = Parse(text, true);
  EXPECT_TRUE(doc.syntax_errors.empty()) << Describe(doc);
  ASSERT_TRUE(doc.has_root);
  ASSERT_EQ(doc.root.members.size(), 3u);
  EXPECT_EQ(doc.root.members[0].key_span.begin, text.find("tls\": true"));
  EXPECT_EQ(doc.root.members[1].value.text, "false");
  EXPECT_EQ(doc.root.members[2].key, "hosts");
  ASSERT_EQ(doc.template_conditionals.size(), 1u);
  const TemplateConditional& block = doc.template_conditionals[0];
  EXPECT_EQ(block.begin, text.find("{% if"));
  EXPECT_EQ(block.end, text.find("{% endif %}") + 11);
  ASSERT_EQ(block.branch_starts.size(), 2u);
  EXPECT_EQ(block.branch_starts[0], text.find("{% elif"));
  EXPECT_EQ(block.branch_starts[1], text.find("{% else"));
  EXPECT_EQ(block.branch_of(static_cast<std::uint32_t>(text.find("\"tls\": true"))), 0u);
  EXPECT_EQ(block.branch_of(static_cast<std::uint32_t>(text.find("\"tls\": false"))), 1u);
}

TEST(DaemonJsonTemplate, NestedAndUnrelatedBlocks) {
  // Jinja: a for loop and a block-set inside the if must not close it.
  const std::string jinja =
      "{% if a %}{% for h in hosts %}x{% endfor %}{% set v %}1{% endset %}"
      "{% if b %}y{% else %}z{% endif %}w{% endif %}";
  const std::vector<tmpl::Region> regions =
      tmpl::find_regions(jinja, 0, static_cast<std::uint32_t>(jinja.size()));
  const std::vector<tmpl::Conditional> blocks = tmpl::find_conditionals(jinja, regions);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].begin, 0u);
  EXPECT_EQ(blocks[0].end, jinja.size());
  EXPECT_TRUE(blocks[0].branch_starts.empty());
  EXPECT_EQ(blocks[1].begin, jinja.find("{% if b"));
  EXPECT_EQ(blocks[1].end, jinja.find("w{% endif"));
  ASSERT_EQ(blocks[1].branch_starts.size(), 1u);
  EXPECT_EQ(blocks[1].branch_starts[0], jinja.find("{% else"));

  // Go templates: {{ define }} … {{ end }} inside an if.
  const std::string go = "{{ if .A }}{{ define \"x\" }}y{{ end }}z{{ else }}q{{ end }}";
  const std::vector<tmpl::Conditional> go_blocks =
      tmpl::find_conditionals(go, tmpl::find_regions(go, 0, static_cast<std::uint32_t>(go.size())));
  ASSERT_EQ(go_blocks.size(), 1u);
  EXPECT_EQ(go_blocks[0].end, go.size());
  ASSERT_EQ(go_blocks[0].branch_starts.size(), 1u);
  EXPECT_EQ(go_blocks[0].branch_starts[0], go.find("{{ else"));
}

TEST(DaemonJsonTemplate, QuotedClosersInsideATag) {
  const std::string text = R"({"log-opts": {"tag": "{{ '}}' }}"}, "tls": true})";
  const std::vector<tmpl::Region> regions =
      tmpl::find_regions(text, 0, static_cast<std::uint32_t>(text.size()));
  ASSERT_EQ(regions.size(), 1u);
  EXPECT_EQ(regions[0].begin, text.find("{{"));
  EXPECT_EQ(regions[0].end, text.find("}}\"") + 2);
  EXPECT_FALSE(regions[0].is_statement);
  const DaemonJsonDocument doc = Parse(text, true);
  ASSERT_TRUE(doc.has_root);
  ASSERT_EQ(doc.root.members.size(), 2u);
  EXPECT_TRUE(doc.root.members[0].value.members.at(0).value.templated);
  EXPECT_TRUE(doc.root.members[1].value.is_true());
}

TEST(DaemonJsonTemplate, TemplateSyntaxSilencesSyntaxErrors) {
  // Rendering decides the commas: not judged.
  const DaemonJsonDocument doc =
      Parse("{\n{% for h in hosts %}\"{{ h }}\": 1,{% endfor %}\n\"tls\": true,\n}", true);
  EXPECT_TRUE(doc.syntax_errors.empty()) << Describe(doc);
  ASSERT_TRUE(doc.has_root);
  EXPECT_NE(Member(doc.root, "tls"), nullptr);
}

TEST(DaemonJsonTemplate, TemplateWithoutTemplateSyntaxIsStillJudged) {
  const DaemonJsonDocument doc = Parse(R"({"tls":true,})", true);
  ASSERT_EQ(doc.syntax_errors.size(), 1u);
  EXPECT_EQ(doc.syntax_errors[0].span, S(12, 13));
  EXPECT_TRUE(doc.syntax_errors[0].message.starts_with(
      "invalid character '}' looking for beginning of object key string"));
  EXPECT_TRUE(doc.template_conditionals.empty());
}

// ---------------------------------------------------------------------------------------------
// Lowering into DaemonInputs

TEST(DaemonJsonLower, HostsLastDuplicateWinsAndNullsAreDropped) {
  // {"hosts":["a"],"hosts":["tcp://0.0.0.0:2375",null,1,"unix://"]}
  const DaemonJsonDocument doc =
      Parse(R"({"hosts":["a"],"hosts":["tcp://0.0.0.0:2375",null,1,"unix://"]})");
  DaemonInputs inputs;
  daemon_json::lower(doc, inputs);
  EXPECT_TRUE(inputs.file_hosts_present);
  EXPECT_EQ(inputs.file_hosts_key, S(16, 21));
  ASSERT_EQ(inputs.file_hosts.size(), 2u);
  EXPECT_EQ(inputs.file_hosts[0].value, "tcp://0.0.0.0:2375");
  EXPECT_TRUE(inputs.file_hosts[0].known);
  EXPECT_EQ(inputs.file_hosts[0].span, S(25, 43));
  EXPECT_EQ(inputs.file_hosts[1].value, "unix://");
  EXPECT_EQ(inputs.file_hosts[1].span, S(53, 60));
  EXPECT_EQ(inputs.file_root, S(0, 1));
  EXPECT_TRUE(inputs.flag_hosts.empty());
}

TEST(DaemonJsonLower, TlsSettings) {
  // {"tls":true,"tls":null,"tlsverify":"false","TLSVerify":false,"tlscacert":null,
  //  "tlscert":5,"tlskey":"/k"}
  const DaemonJsonDocument doc =
      Parse(R"({"tls":true,"tls":null,"tlsverify":"false","TLSVerify":false,"tlscacert":null,)"
            R"("tlscert":5,"tlskey":"/k"})");
  EXPECT_TRUE(doc.syntax_errors.empty()) << Describe(doc);
  DaemonInputs inputs;
  daemon_json::lower(doc, inputs);
  const TlsSettings& f = inputs.file;
  // The last "tls" is null: present, no value.
  EXPECT_TRUE(f.tls.present);
  EXPECT_TRUE(f.tls.known);
  EXPECT_FALSE(f.tls.value.has_value());
  EXPECT_EQ(f.tls.span, S(13, 16));
  // "TLSVerify" matches the tlsverify field (encoding/json folds case) and comes last.
  EXPECT_TRUE(f.tlsverify.present);
  EXPECT_TRUE(f.tlsverify.known);
  EXPECT_EQ(f.tlsverify.value, false);
  EXPECT_EQ(f.tlsverify.span, S(44, 53));
  EXPECT_TRUE(f.tlscacert.present);
  EXPECT_TRUE(f.tlscacert.known);
  EXPECT_EQ(f.tlscacert.value, "");
  EXPECT_FALSE(f.tlscacert.non_empty());
  EXPECT_EQ(f.tlscacert.span, S(62, 71));
  EXPECT_TRUE(f.tlscert.present);
  EXPECT_FALSE(f.tlscert.known);  // a number: dockerd refuses the type
  EXPECT_EQ(f.tlscert.span, S(79, 86));
  EXPECT_TRUE(f.tlskey.present);
  EXPECT_EQ(f.tlskey.value, "/k");
  EXPECT_EQ(f.tlskey.span, S(91, 97));
  EXPECT_FALSE(inputs.file_hosts_present);
  // Command-line settings are untouched.
  EXPECT_FALSE(inputs.flags.tls.present);
  EXPECT_FALSE(inputs.flags.tlsverify.present);
}

TEST(DaemonJsonLower, WrongTypesAreUnknown) {
  {
    DaemonInputs inputs;
    daemon_json::lower(Parse(R"({"tls":"true","tlsverify":1})"), inputs);
    EXPECT_TRUE(inputs.file.tls.present);
    EXPECT_FALSE(inputs.file.tls.known);
    EXPECT_TRUE(inputs.file.tlsverify.present);
    EXPECT_FALSE(inputs.file.tlsverify.known);
  }
  {
    DaemonInputs inputs;
    daemon_json::lower(Parse(R"({"hosts":"tcp://0.0.0.0:2375","tlskey":["k"]})"), inputs);
    EXPECT_TRUE(inputs.file_hosts_present);
    EXPECT_TRUE(inputs.file_hosts.empty());
    EXPECT_TRUE(inputs.file.tlskey.present);
    EXPECT_FALSE(inputs.file.tlskey.known);
  }
  {
    DaemonInputs inputs;  // "hosts": null → present, no hosts
    daemon_json::lower(Parse(R"({"Hosts":null})"), inputs);
    EXPECT_TRUE(inputs.file_hosts_present);
    EXPECT_EQ(inputs.file_hosts_key, S(2, 7));
    EXPECT_TRUE(inputs.file_hosts.empty());
  }
}

TEST(DaemonJsonLower, CaseInsensitiveKeysAndUnrelatedKeys) {
  DaemonInputs inputs;
  daemon_json::lower(
      Parse(
          R"({"HOSTS":["fd://"],"Tls":true,"TLSCACERT":"/ca","tls-verify":false,"x":{"tls":false}})"),
      inputs);
  ASSERT_EQ(inputs.file_hosts.size(), 1u);
  EXPECT_EQ(inputs.file_hosts[0].value, "fd://");
  EXPECT_EQ(inputs.file.tls.value, true);
  EXPECT_EQ(inputs.file.tlscacert.value, "/ca");
  // "tls-verify" is not tlsverify, and a nested "tls" is not the top-level one.
  EXPECT_FALSE(inputs.file.tlsverify.present);
  EXPECT_EQ(inputs.file.tls.span, S(20, 23));
}

TEST(DaemonJsonLower, NoRootLowersNothing) {
  DaemonInputs inputs;
  daemon_json::lower(Parse("[1]"), inputs);
  daemon_json::lower(Parse(""), inputs);
  EXPECT_FALSE(inputs.file_hosts_present);
  EXPECT_FALSE(inputs.file.tls.present);
  EXPECT_FALSE(inputs.file_root.valid());
}

}  // namespace
}  // namespace dl
