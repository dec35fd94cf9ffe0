#include "parsers/dockerfile/dockerfile.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>

#include "linter/core/utf8.h"
#include "linter/dockerd/host.h"

// Behaviour follows moby/buildkit frontend/dockerfile/parser (parser.go, line_parsers.go,
// split_command.go, directives.go), shell/lex.go for word processing, and
// dockerfile2llb (dispatchRun for heredocs, convert_expose.go for EXPOSE).

namespace dl::dockerfile {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
// Messages quote at most this much of an offending token (binary input can make one huge).
constexpr std::size_t kQuoteLimit = 64;
// JSON nesting Go's encoding/json accepts before "exceeded max depth".
constexpr std::size_t kMaxJsonDepth = 10000;

bool is_ascii_space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}
// tokenWhitespace / reWhitespace: [\t\v\f\r ].
bool is_token_space(char c) {
  return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}
// RE2's \s in the directive regexp.
bool is_re_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
// unicode.IsSpace(rune(byte)): extractBuilderFlags and parseHealthConfig read bytes as runes.
bool is_byte_rune_space(unsigned char c) {
  return is_ascii_space(c) || c == 0x85 || c == 0xA0;
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char to_upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}
char to_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower(c);
  return out;
}

// Width of the white space (Go's unicode.IsSpace) encoded at s[i], or 0.
std::size_t space_at(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  const auto u = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = u(i);
  if (c < 0x80) return is_ascii_space(c) ? 1 : 0;
  if (c == 0xC2) return i + 1 < s.size() && (u(i + 1) == 0x85 || u(i + 1) == 0xA0) ? 2 : 0;
  if (i + 2 >= s.size()) return 0;
  const unsigned char c1 = u(i + 1);
  const unsigned char c2 = u(i + 2);
  if (c == 0xE1) return c1 == 0x9A && c2 == 0x80 ? 3 : 0;  // U+1680
  if (c == 0xE2 && c1 == 0x80) {                           // U+2000..200A, 2028, 2029, 202F
    return (c2 >= 0x80 && c2 <= 0x8A) || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF ? 3 : 0;
  }
  if (c == 0xE2 && c1 == 0x81) return c2 == 0x9F ? 3 : 0;  // U+205F
  if (c == 0xE3) return c1 == 0x80 && c2 == 0x80 ? 3 : 0;  // U+3000
  return 0;
}
// Width of the white space that ends just before s[i], not reaching before `begin`.
std::size_t space_before(std::string_view s, std::size_t begin, std::size_t i) {
  for (std::size_t w = 1; w <= 3 && w <= i - begin; ++w) {
    if (space_at(s, i - w) == w) return w;
  }
  return 0;
}
// strings.TrimSpace on s[b, e).
void trim(std::string_view s, std::size_t& b, std::size_t& e) {
  while (b < e) {
    const std::size_t w = space_at(s, b);
    if (w == 0 || b + w > e) break;
    b += w;
  }
  while (e > b) {
    const std::size_t w = space_before(s, b, e);
    if (w == 0) break;
    e -= w;
  }
}

std::string shown(std::string_view s) {
  return utf8::sanitize(s.substr(0, kQuoteLimit)) + (s.size() > kQuoteLimit ? "…" : "");
}
std::string quoted(std::string_view s) {
  return "\"" + shown(s) + "\"";
}

SourcedText slice(const SourcedText& src, std::size_t b, std::size_t e) {
  SourcedText out;
  out.file = src.file;
  out.known = src.known;
  out.text = src.text.substr(b, e - b);
  out.offsets.assign(src.offsets.begin() + static_cast<std::ptrdiff_t>(b),
                     src.offsets.begin() + static_cast<std::ptrdiff_t>(e));
  return out;
}

// The file offset where text[i] is, or just past the text's last byte when i is its end.
std::uint32_t offset_at(const SourcedText& src, std::size_t i) {
  if (i < src.offsets.size()) return src.offsets[i];
  return src.offsets.empty() ? 0 : src.offsets.back() + 1;
}

// ---------------------------------------------------------------------------------------------
// Words as BuildKit's shell lexer (shell/lex.go) processes them. Variables are not expanded:
// a reference stays as written and makes the word unknown.

struct Lexed {
  std::string text;
  std::vector<std::size_t> from;  // index into the lexed string of each byte
  bool known = true;
};

class WordLexer {
 public:
  // raw: quotes and escapes are kept (RawQuotes + RawEscapes), as for finding heredoc words.
  WordLexer(std::string_view s, char escape, bool raw) : s_(s), escape_(escape), raw_(raw) {}

  // ProcessWords: the words of s[b, e), split at unquoted white space, empty ones dropped.
  // Empty on a lexing error (unterminated quote or `${`), which BuildKit refuses.
  std::optional<std::vector<Lexed>> words(std::size_t b, std::size_t e) {
    std::vector<Lexed> out;
    if (!lex(b, e, true, out)) return std::nullopt;
    return out;
  }
  // ProcessWord: s[b, e) as one word, white space kept.
  std::optional<Lexed> word(std::size_t b, std::size_t e) {
    std::vector<Lexed> out;
    if (!lex(b, e, false, out)) return std::nullopt;
    return std::move(out.front());
  }

 private:
  void put(std::size_t i) {
    current_.text.push_back(s_[i]);
    current_.from.push_back(i);
  }
  void finish(std::vector<Lexed>& out) {
    if (!current_.text.empty()) out.push_back(std::move(current_));
    current_ = Lexed{};
  }

  bool lex(std::size_t b, std::size_t e, bool split, std::vector<Lexed>& out) {
    current_ = Lexed{};
    error_ = false;
    std::size_t i = b;
    while (i < e && !error_) {
      const char c = s_[i];
      if (split) {
        if (const std::size_t w = space_at(s_, i); w != 0 && i + w <= e) {
          finish(out);
          i += w;
          continue;
        }
      }
      if (c == escape_) {
        // The escaped byte is taken literally; an escape at the very end is dropped.
        if (raw_) put(i);
        if (i + 1 < e) put(i + 1);
        i += 2;
      } else if (c == '\'') {
        i = single_quote(i, e);
      } else if (c == '"') {
        i = double_quote(i, e);
      } else if (c == '$') {
        i = dollar(i, e);
      } else {
        put(i);
        ++i;
      }
    }
    if (error_) return false;
    if (split) {
      finish(out);
    } else {
      out.push_back(std::move(current_));
    }
    return true;
  }

  std::size_t single_quote(std::size_t i, std::size_t e) {
    std::size_t j = i + 1;
    while (j < e && s_[j] != '\'') ++j;
    if (j >= e) {
      error_ = true;
      return e;
    }
    // Only the content counts: `''` alone makes no word, as ProcessWords drops empty ones.
    if (raw_) put(i);
    for (std::size_t k = i + 1; k < j; ++k) put(k);
    if (raw_) put(j);
    return j + 1;
  }

  std::size_t double_quote(std::size_t i, std::size_t e) {
    if (raw_) put(i);
    std::size_t j = i + 1;
    while (j < e && s_[j] != '"') {
      if (s_[j] == escape_) {
        if (j + 1 >= e) {
          ++j;
          continue;
        }
        const char next = s_[j + 1];
        if (next == '"' || next == '$' || next == escape_) {
          // Only these can be escaped inside double quotes.
          if (raw_) put(j);
          put(j + 1);
          j += 2;
        } else {
          put(j);
          ++j;
        }
      } else if (s_[j] == '$') {
        j = dollar(j, e);
        if (error_) return e;
      } else {
        put(j);
        ++j;
      }
    }
    if (j >= e) {
      error_ = true;
      return e;
    }
    if (raw_) put(j);
    return j + 1;
  }

  // `$name`, `${…}`, `$1`, `$@`…: kept as written and unknown; a lone `$` is literal.
  std::size_t dollar(std::size_t i, std::size_t e) {
    std::size_t j = i + 1;
    if (j < e && s_[j] == '{') {
      int depth = 1;
      ++j;
      while (j < e && depth > 0) {
        if (s_[j] == escape_ && j + 1 < e) {
          j += 2;
          continue;
        }
        if (s_[j] == '{') ++depth;
        if (s_[j] == '}') --depth;
        ++j;
      }
      if (depth > 0) {
        error_ = true;
        return e;
      }
    } else if (j < e && (is_alpha(s_[j]) || s_[j] == '_')) {
      while (j < e && (is_alpha(s_[j]) || is_digit(s_[j]) || s_[j] == '_')) ++j;
    } else if (j < e && is_digit(s_[j])) {
      while (j < e && is_digit(s_[j])) ++j;
    } else if (j < e && std::string_view("@*#?-$!").find(s_[j]) != std::string_view::npos) {
      ++j;
    } else {
      put(i);
      return i + 1;
    }
    for (std::size_t k = i; k < j; ++k) put(k);
    current_.known = false;
    return j;
  }

  std::string_view s_;
  char escape_;
  bool raw_;
  Lexed current_;
  bool error_ = false;
};

// A Word for lexed text of `src`: the span runs over the bytes it came from; an empty word
// gets an empty span at `empty_at`.
Word make_word(const SourcedText& src, const Lexed& lexed, std::uint32_t empty_at) {
  Word w;
  w.text = lexed.text;
  w.known = lexed.known && src.known;
  if (lexed.from.empty()) {
    w.span = Span{src.file, empty_at, empty_at};
    return w;
  }
  std::uint32_t low = UINT32_MAX;
  std::uint32_t high = 0;
  for (const std::size_t k : lexed.from) {
    low = std::min(low, src.offsets[k]);
    high = std::max(high, src.offsets[k]);
  }
  w.span = Span{src.file, low, high + 1};
  return w;
}

// ---------------------------------------------------------------------------------------------
// Heredoc words (parser.go heredocFromMatch): `^(\d*)<<(-?)([^<]*)$` with a rest that lexes
// to exactly one word, which is the delimiter.

struct HeredocWord {
  std::string name;
  bool chomp = false;  // `<<-`: leading tabs are stripped
};

std::optional<HeredocWord> heredoc_word(std::string_view s, std::size_t b, std::size_t e) {
  std::size_t i = b;
  while (i < e && is_digit(s[i])) ++i;
  if (e - i < 2 || s[i] != '<' || s[i + 1] != '<') return std::nullopt;
  i += 2;
  HeredocWord out;
  if (i < e && s[i] == '-') {
    out.chomp = true;
    ++i;
  }
  if (i == e) return std::nullopt;
  for (std::size_t k = i; k < e; ++k) {
    if (s[k] == '<') return std::nullopt;
  }
  // BuildKit lexes the delimiter with `\` whatever the escape directive says.
  auto words = WordLexer(s, '\\', false).words(i, e);
  if (!words || words->size() != 1) return std::nullopt;
  out.name = std::move(words->front().text);
  return out;
}

// ---------------------------------------------------------------------------------------------
// JSON arrays of strings, as Go's encoding/json reads them (parseJSON in line_parsers.go).

void skip_json_space(std::string_view s, std::size_t& i, std::size_t e) {
  while (i < e && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
}
int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
std::optional<std::uint32_t> hex4(std::string_view s, std::size_t i, std::size_t e) {
  if (i > e || e - i < 4) return std::nullopt;
  std::uint32_t v = 0;
  for (std::size_t k = i; k < i + 4; ++k) {
    const int d = hex_digit(s[k]);
    if (d < 0) return std::nullopt;
    v = v * 16 + static_cast<std::uint32_t>(d);
  }
  return v;
}

// Scans the string starting at s[i] == '"'; i ends past the closing quote.
bool scan_json_string(std::string_view s, std::size_t& i, std::size_t e) {
  ++i;
  while (i < e) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"') {
      ++i;
      return true;
    }
    if (c < 0x20) return false;
    if (c == '\\') {
      if (i + 1 >= e) return false;
      const char n = s[i + 1];
      if (n == 'u') {
        if (!hex4(s, i + 2, e)) return false;
        i += 6;
      } else if (std::string_view("\"\\/bfnrt").find(n) != std::string_view::npos) {
        i += 2;
      } else {
        return false;
      }
    } else {
      ++i;
    }
  }
  return false;
}

bool scan_json_literal(std::string_view s, std::size_t& i, std::size_t e, std::string_view word) {
  if (e - i < word.size() || s.substr(i, word.size()) != word) return false;
  i += word.size();
  return true;
}

bool scan_json_number(std::string_view s, std::size_t& i, std::size_t e) {
  if (i < e && s[i] == '-') ++i;
  if (i >= e || !is_digit(s[i])) return false;
  if (s[i] == '0') {
    ++i;
  } else {
    while (i < e && is_digit(s[i])) ++i;
  }
  if (i < e && s[i] == '.') {
    ++i;
    if (i >= e || !is_digit(s[i])) return false;
    while (i < e && is_digit(s[i])) ++i;
  }
  if (i < e && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < e && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= e || !is_digit(s[i])) return false;
    while (i < e && is_digit(s[i])) ++i;
  }
  return true;
}

// Whether s[b, e) is exactly one JSON value (surrounded by JSON white space only). Iterative,
// so hostile nesting cannot exhaust the stack.
bool json_valid(std::string_view s, std::size_t b, std::size_t e) {
  std::vector<char> stack;
  std::size_t i = b;
  while (true) {
    // A value.
    skip_json_space(s, i, e);
    if (i >= e) return false;
    bool scalar = true;
    switch (s[i]) {
      case '"':
        if (!scan_json_string(s, i, e)) return false;
        break;
      case 't':
        if (!scan_json_literal(s, i, e, "true")) return false;
        break;
      case 'f':
        if (!scan_json_literal(s, i, e, "false")) return false;
        break;
      case 'n':
        if (!scan_json_literal(s, i, e, "null")) return false;
        break;
      case '[':
      case '{': {
        if (stack.size() >= kMaxJsonDepth) return false;
        const char open = s[i];
        stack.push_back(open);
        ++i;
        skip_json_space(s, i, e);
        if (i < e && s[i] == (open == '[' ? ']' : '}')) {
          ++i;
          stack.pop_back();
          break;  // an empty container is a complete value
        }
        if (open == '{') {
          if (i >= e || s[i] != '"' || !scan_json_string(s, i, e)) return false;
          skip_json_space(s, i, e);
          if (i >= e || s[i] != ':') return false;
          ++i;
        }
        scalar = false;
        break;
      }
      default:
        if (!scan_json_number(s, i, e)) return false;
        break;
    }
    if (!scalar) continue;  // read the container's first element
    // After a complete value: close containers or move to the next element.
    while (true) {
      skip_json_space(s, i, e);
      if (stack.empty()) return i == e;
      if (i >= e) return false;
      const char top = stack.back();
      if (s[i] == (top == '[' ? ']' : '}')) {
        ++i;
        stack.pop_back();
        continue;
      }
      if (s[i] != ',') return false;
      ++i;
      if (top == '{') {
        skip_json_space(s, i, e);
        if (i >= e || s[i] != '"' || !scan_json_string(s, i, e)) return false;
        skip_json_space(s, i, e);
        if (i >= e || s[i] != ':') return false;
        ++i;
      }
      break;
    }
  }
}

// Decodes a scanned JSON string s[b, e) (quotes excluded) as Go does: invalid UTF-8 bytes and
// unpaired surrogates become U+FFFD.
std::string decode_json_string(std::string_view s, std::size_t b, std::size_t e) {
  std::string out;
  std::size_t i = b;
  while (i < e) {
    const char c = s[i];
    if (c == '\\') {
      const char n = s[i + 1];
      if (n == 'u') {
        std::uint32_t r = *hex4(s, i + 2, e);
        i += 6;
        if (r >= 0xD800 && r <= 0xDFFF) {
          std::optional<std::uint32_t> low;
          if (r <= 0xDBFF && e - i >= 6 && s[i] == '\\' && s[i + 1] == 'u') low = hex4(s, i + 2, e);
          if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
            r = 0x10000 + ((r - 0xD800) << 10) + (*low - 0xDC00);
            i += 6;
          } else {
            r = 0xFFFD;
          }
        }
        utf8::append(out, r);
        continue;
      }
      switch (n) {
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        default: out.push_back(n); break;
      }
      i += 2;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x80) {
      out.push_back(c);
      ++i;
      continue;
    }
    const std::size_t length = utf8::sequence_length(s.substr(0, e), i);
    if (length == 0) {
      utf8::append(out, 0xFFFD);
      ++i;
    } else {
      out.append(s.substr(i, length));
      i += length;
    }
  }
  return out;
}

enum class JsonForm { NotJson, Strings, NotStrings };

// parseJSON on args.text[b, end): a JSON array of strings gives exec-form words whose spans
// run between the quotes.
JsonForm parse_exec(const SourcedText& args, std::size_t b, std::vector<Word>& words) {
  const std::string_view s = args.text;
  std::size_t e = s.size();
  trim(s, b, e);
  if (b >= e || s[b] != '[' || !json_valid(s, b, e)) return JsonForm::NotJson;
  std::vector<Word> out;
  std::size_t i = b + 1;
  skip_json_space(s, i, e);
  if (s[i] == ']') {
    words = std::move(out);
    return JsonForm::Strings;
  }
  while (true) {
    skip_json_space(s, i, e);
    if (s[i] != '"') return JsonForm::NotStrings;
    const std::size_t open = i;
    scan_json_string(s, i, e);
    const std::size_t close = i - 1;
    Word w;
    w.text = decode_json_string(s, open + 1, close);
    w.known = args.known;
    w.span = close > open + 1 ? args.span_of(open + 1, close)
                              : Span{args.file, args.offsets[close], args.offsets[close]};
    out.push_back(std::move(w));
    skip_json_space(s, i, e);
    if (s[i] == ']') break;
    ++i;  // ','
  }
  words = std::move(out);
  return JsonForm::Strings;
}

// ---------------------------------------------------------------------------------------------
// parseWords (line_parsers.go): ENV/LABEL/ARG words split at white space outside quotes,
// quotes and escapes kept. Each word is a contiguous range; an escape ending the text is not
// part of it.

struct Range {
  std::size_t begin = 0;
  std::size_t end = 0;
};

std::vector<Range> parse_words(std::string_view s, char escape) {
  enum class Phase { Spaces, Word, Quote };
  std::vector<Range> out;
  Phase phase = Phase::Spaces;
  char quote = 0;
  bool blank_ok = false;
  bool any = false;
  Range word;
  std::size_t pos = 0;
  const std::size_t n = s.size();
  const auto write = [&](std::size_t at) {
    any = true;
    word.end = at + 1;
  };
  while (true) {
    if (phase == Phase::Spaces) {
      if (pos >= n) break;
      if (const std::size_t w = space_at(s, pos)) {
        pos += w;
        continue;
      }
      phase = Phase::Word;
      word = Range{pos, pos};
      any = false;
      blank_ok = false;
    }
    if (pos >= n) {
      if (blank_ok || any) out.push_back(word);
      break;
    }
    const char c = s[pos];
    if (phase == Phase::Word) {
      if (const std::size_t w = space_at(s, pos)) {
        phase = Phase::Spaces;
        if (blank_ok || any) out.push_back(word);
        pos += w;
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
        blank_ok = true;
        phase = Phase::Quote;
      }
      if (c == escape) {
        if (pos + 1 == n) {
          ++pos;  // an escape at the end is skipped
          continue;
        }
        write(pos);
        ++pos;
      }
      write(pos);
      ++pos;
      continue;
    }
    // Phase::Quote
    if (c == quote) phase = Phase::Word;
    if (c == escape && quote != '\'') {
      if (pos + 1 == n) {
        phase = Phase::Word;
        ++pos;
        continue;
      }
      write(pos);
      ++pos;
    }
    write(pos);
    ++pos;
  }
  return out;
}

// reWhitespace.Split(rest, -1) for FROM and EXPOSE.
std::vector<Range> split_token_space(std::string_view s) {
  std::vector<Range> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && !is_token_space(s[j])) ++j;
    if (j > i) out.push_back(Range{i, j});
    while (j < s.size() && is_token_space(s[j])) ++j;
    i = j;
  }
  return out;
}

struct KeyValueRanges {
  Range key;
  Range value;
  bool has_value = true;
};

// ENV/LABEL (parseNameVal) and ARG (parseNameOrNameVal + parseArg) on the arguments. `error`
// gets what BuildKit refuses; the well-formed pairs are still returned.
std::vector<KeyValueRanges> key_value_ranges(const Instruction& inst, char escape,
                                             std::string* error) {
  std::vector<KeyValueRanges> out;
  const std::string_view s = inst.arguments.text;
  const std::vector<Range> words = parse_words(s, escape);
  const auto has_equals = [&](Range r) { return s.substr(r.begin, r.end - r.begin).find('='); };
  if (words.empty()) {
    if (error) *error = inst.keyword + " requires at least one argument";
    return out;
  }
  if (inst.keyword == "ARG") {
    for (const Range& w : words) {
      const std::size_t eq = has_equals(w);
      if (eq == std::string_view::npos) {
        out.push_back(KeyValueRanges{w, Range{w.end, w.end}, false});
      } else {
        out.push_back(
            KeyValueRanges{Range{w.begin, w.begin + eq}, Range{w.begin + eq + 1, w.end}, true});
      }
    }
    return out;
  }
  if (has_equals(words.front()) == std::string_view::npos) {
    // Legacy `ENV name value with spaces`: split once at [\t\v\f\r ]+, quotes not considered.
    std::size_t k = 0;
    while (k < s.size() && !is_token_space(s[k])) ++k;
    if (k == s.size()) {
      if (error) *error = inst.keyword + " must have two arguments";
      return out;
    }
    std::size_t v = k;
    while (v < s.size() && is_token_space(s[v])) ++v;
    out.push_back(KeyValueRanges{Range{0, k}, Range{v, s.size()}, true});
    return out;
  }
  for (const Range& w : words) {
    const std::size_t eq = has_equals(w);
    if (eq == std::string_view::npos) {
      if (error && error->empty()) {
        *error = "Syntax error - can't find = in " + quoted(s.substr(w.begin, w.end - w.begin)) +
                 ". Must be of the form: name=value";
      }
      continue;
    }
    out.push_back(
        KeyValueRanges{Range{w.begin, w.begin + eq}, Range{w.begin + eq + 1, w.end}, true});
  }
  return out;
}

std::vector<KeyValue> key_values(const Instruction& inst, char escape) {
  std::vector<KeyValue> out;
  if (inst.keyword != "ENV" && inst.keyword != "LABEL" && inst.keyword != "ARG") return out;
  const SourcedText& args = inst.arguments;
  WordLexer lexer(args.text, escape, false);
  for (const KeyValueRanges& r : key_value_ranges(inst, escape, nullptr)) {
    KeyValue kv;
    kv.has_value = r.has_value;
    const auto key = lexer.word(r.key.begin, r.key.end);
    Lexed key_lexed = key ? *key : Lexed{};
    if (!key) key_lexed.known = false;
    kv.key = make_word(args, key_lexed, offset_at(args, r.key.begin));
    if (r.has_value) {
      const auto value = lexer.word(r.value.begin, r.value.end);
      Lexed value_lexed;
      if (value) {
        value_lexed = *value;
      } else {
        // An unterminated quote: BuildKit fails, so what the value would be is unknowable.
        value_lexed.known = false;
      }
      std::uint32_t empty_at = offset_at(args, r.value.begin);
      if (r.value.end > r.value.begin &&
          (args.text[r.value.begin] == '"' || args.text[r.value.begin] == '\'')) {
        ++empty_at;  // `a=""`: between the quotes
      }
      kv.value = make_word(args, value_lexed, empty_at);
    } else {
      kv.value.span = Span{args.file, kv.key.span.end, kv.key.span.end};
    }
    out.push_back(std::move(kv));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// FROM

struct FromParts {
  std::optional<From> from;
  std::string error;
};

FromParts from_parts(const Instruction& inst, char escape) {
  FromParts out;
  const SourcedText& args = inst.arguments;
  const std::vector<Range> words = split_token_space(args.text);
  const auto text_of = [&](Range r) {
    return std::string_view(args.text).substr(r.begin, r.end - r.begin);
  };
  if (words.size() != 1 && words.size() != 3) {
    out.error = "FROM requires either one or three arguments";
    return out;
  }
  if (words.size() == 3 && lower(text_of(words[1])) != "as") {
    out.error = "FROM requires either one or three arguments";  // BuildKit's text here too
    return out;
  }
  From from;
  const auto image = WordLexer(args.text, escape, false).word(words[0].begin, words[0].end);
  Lexed image_lexed = image ? *image : Lexed{};
  if (!image) image_lexed.known = false;
  from.image = make_word(args, image_lexed, offset_at(args, words[0].begin));
  if (words.size() == 3) {
    from.stage_name = lower(text_of(words[2]));
    const std::string& name = from.stage_name;
    bool valid = !name.empty() && name[0] >= 'a' && name[0] <= 'z';
    for (const char c : name) {
      valid = valid && ((c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '_' || c == '.');
    }
    if (!valid) {
      out.error = "invalid name for build stage: " + quoted(text_of(words[2])) +
                  ", name can't start with a number or contain symbols";
    }
  }
  out.from = std::move(from);
  return out;
}

// ---------------------------------------------------------------------------------------------
// EXPOSE port specs (convert_expose.go): [ip:][hostPort:]containerPort[/proto].

// strconv.ParseUint(s, 10, 16).
std::optional<std::uint32_t> parse_port(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::uint32_t v = 0;
  for (const char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + static_cast<std::uint32_t>(c - '0');
    if (v > 65535) return std::nullopt;
  }
  return v;
}

std::optional<PortRange> parse_port_range(std::string_view s) {
  if (s.empty()) return std::nullopt;
  const std::size_t dash = s.find('-');
  if (dash == std::string_view::npos) {
    const auto port = parse_port(s);
    if (!port) return std::nullopt;
    return PortRange{*port, *port};
  }
  if (s.find('-', dash + 1) != std::string_view::npos) return std::nullopt;
  const auto first = parse_port(s.substr(0, dash));
  const auto last = parse_port(s.substr(dash + 1));
  if (!first || !last || *last < *first) return std::nullopt;
  return PortRange{*first, *last};
}

// Go's net.ParseIP for the IPv4 form: four decimal parts without leading zeros.
bool is_ipv4(std::string_view s) {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    std::size_t j = i;
    while (j < s.size() && is_digit(s[j])) ++j;
    if (j == i || j - i > 3 || (j - i > 1 && s[i] == '0')) return false;
    if (std::stoi(std::string(s.substr(i, j - i))) > 255) return false;
    ++parts;
    if (j == s.size()) return parts == 4;
    if (s[j] != '.' || parts == 4) return false;
    i = j + 1;
  }
}

std::optional<PortRange> parse_port_spec(std::string_view raw) {
  std::vector<std::string_view> parts;
  for (std::size_t i = 0;;) {
    const std::size_t colon = raw.find(':', i);
    parts.push_back(raw.substr(i, colon == std::string_view::npos ? raw.size() - i : colon - i));
    if (colon == std::string_view::npos) break;
    i = colon + 1;
  }
  const std::size_t n = parts.size();
  std::string_view container = parts[n - 1];
  const std::string_view host = n >= 2 ? parts[n - 2] : std::string_view();
  std::string_view ip;
  if (n >= 3) ip = raw.substr(0, static_cast<std::size_t>(parts[n - 2].data() - raw.data()) - 1);

  const std::size_t slash = container.find('/');
  if (slash != std::string_view::npos) {
    const std::string proto = lower(container.substr(slash + 1));
    if (!proto.empty() && proto != "tcp" && proto != "udp" && proto != "sctp") return std::nullopt;
    container = container.substr(0, slash);
  }
  if (container.empty()) return std::nullopt;

  if (!ip.empty() && ip.front() == '[') {
    // net.SplitHostPort(ip + ":"): the brackets must close right before the added colon.
    if (ip.size() < 2 || ip.back() != ']') return std::nullopt;
    ip = ip.substr(1, ip.size() - 2);
    if (ip.find_first_of("[]") != std::string_view::npos) return std::nullopt;
  }
  if (!ip.empty()) {
    const bool valid =
        ip.find(':') != std::string_view::npos ? dockerd::parse_ipv6(ip).has_value() : is_ipv4(ip);
    if (!valid) return std::nullopt;
  }
  const auto range = parse_port_range(container);
  if (!range) return std::nullopt;
  if (!host.empty()) {
    const auto host_range = parse_port_range(host);
    if (!host_range) return std::nullopt;
    if (range->last - range->first != host_range->last - host_range->first &&
        range->last != range->first) {
      return std::nullopt;
    }
  }
  return range;
}

// ---------------------------------------------------------------------------------------------
// The file, line by line (parser.go Parse).

bool is_known_instruction(std::string_view k) {
  static constexpr std::array<std::string_view, 18> kInstructions = {
      "ADD",    "ARG",   "CMD",         "COPY",  "ENTRYPOINT", "ENV",
      "EXPOSE", "FROM",  "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD",
      "RUN",    "SHELL", "STOPSIGNAL",  "USER",  "VOLUME",     "WORKDIR"};
  return std::find(kInstructions.begin(), kInstructions.end(), k) != kInstructions.end();
}
bool is_json_capable(std::string_view k) {
  return k == "RUN" || k == "CMD" || k == "ENTRYPOINT" || k == "SHELL" || k == "ADD" ||
         k == "COPY" || k == "VOLUME";
}
bool is_heredoc_capable(std::string_view k) {
  return k == "RUN" || k == "COPY" || k == "ADD";
}

struct Line {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;   // before the trailing CRs and LF
  std::uint32_t next = 0;  // where the following line starts
  bool lf = false;         // ends with '\n', at next - 1
};

// splitCommand on line.text[b, e): keyword, builder flags, arguments.
struct Command {
  Range keyword;
  std::vector<Word> flags;
  Range args;
};

// extractBuilderFlags (split_command.go): leading `--name=value` / `--name value` words, with
// quotes and `\` removed from their text. Returns where the arguments start.
std::size_t extract_flags(const SourcedText& line, std::size_t b, std::size_t e,
                          std::vector<Word>& flags) {
  enum class Phase { Spaces, Word, Quote };
  const std::string_view s = line.text;
  Phase phase = Phase::Spaces;
  std::string word;
  std::size_t word_begin = b;  // the word being read
  std::size_t flag_begin = b;  // the last flag pushed, for joining its separate value
  char quote = 0;
  bool blank_ok = false;
  bool parsing_arg = false;  // the previous flag had no '=': this word is its value
  bool need_arg = true;      // BuildKit's quirk kept: reset only after a value was joined
  const auto push = [&](std::size_t end) {
    Word w;
    w.text = word;
    w.span = line.span_of(word_begin, end);
    w.known = line.known;
    flags.push_back(std::move(w));
    flag_begin = word_begin;
  };
  for (std::size_t pos = b; pos <= e; ++pos) {
    const bool at_end = pos == e;
    const char c = at_end ? '\0' : s[pos];
    if (phase == Phase::Spaces) {
      if (at_end) break;
      if (is_byte_rune_space(static_cast<unsigned char>(c))) continue;
      if (!parsing_arg && (c != '-' || pos + 1 == e || s[pos + 1] != '-')) return pos;
      phase = Phase::Word;
      word_begin = pos;
    }
    if (at_end) {
      // A value at the very end is not joined to its flag, as in BuildKit.
      if (word != "--" && (blank_ok || !word.empty())) push(pos);
      break;
    }
    if (phase == Phase::Word) {
      if (is_byte_rune_space(static_cast<unsigned char>(c))) {
        phase = Phase::Spaces;
        if (parsing_arg) {
          flags.back().text += "=" + word;
          flags.back().span = line.span_of(flag_begin, pos);
          parsing_arg = false;
          need_arg = true;
        } else {
          if (word == "--") return pos;
          if (blank_ok || !word.empty()) {
            if (need_arg) parsing_arg = true;
            push(pos);
          }
        }
        word.clear();
        blank_ok = false;
        continue;
      }
      if (c == '=' && need_arg) need_arg = false;
      if (c == '\'' || c == '"') {
        quote = c;
        blank_ok = true;
        phase = Phase::Quote;
        continue;
      }
      if (c == '\\') {
        if (pos + 1 == e) continue;
        ++pos;
      }
      word.push_back(s[pos]);
      continue;
    }
    // Phase::Quote
    if (c == quote) {
      phase = Phase::Word;
      continue;
    }
    if (c == '\\') {
      if (pos + 1 == e) {
        phase = Phase::Word;
        continue;
      }
      ++pos;
    }
    word.push_back(s[pos]);
  }
  return e;
}

Command split_command(const SourcedText& line, std::size_t b, std::size_t e) {
  Command out;
  const std::string_view s = line.text;
  trim(s, b, e);
  std::size_t k = b;
  while (k < e && !is_token_space(s[k])) ++k;
  out.keyword = Range{b, k};
  while (k < e && is_token_space(s[k])) ++k;
  std::size_t args_begin = extract_flags(line, k, e, out.flags);
  std::size_t args_end = e;
  trim(s, args_begin, args_end);
  out.args = Range{args_begin, std::max(args_begin, args_end)};
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_upper(c);
  return out;
}

class Parser {
 public:
  Parser(std::string_view text, FileId file, std::uint32_t begin, std::uint32_t end)
      : text_(text), file_(file) {
    const std::size_t limit = std::min<std::size_t>({end, text.size(), UINT32_MAX});
    limit_ = static_cast<std::uint32_t>(limit);
    pos_ = std::min(begin, limit_);
    if (text.substr(pos_, limit_ - pos_).starts_with(kBom)) pos_ += 3;
  }

  Dockerfile run() {
    Line line;
    while (next_line(line)) {
      const std::uint32_t b = skip_spaces(line.begin, line.end);
      directive(b, line.end);
      // trimComments: a line starting with '#' (after the leading white space) is empty.
      const std::uint32_t content_end = (b < line.end && text_[b] == '#') ? b : line.end;
      std::uint32_t kept_end = content_end;
      bool more = continued(b, content_end, kept_end);
      if (!more && b == content_end) continue;

      SourcedText joined;
      joined.file = file_;
      append(joined, b, kept_end);
      Line last = line;
      while (more && next_line(line)) {
        // Comment and blank lines inside a continuation are dropped; the continuation goes on.
        const std::uint32_t lb = skip_spaces(line.begin, line.end);
        if (lb == line.end || text_[lb] == '#') continue;
        more = continued(line.begin, line.end, kept_end);
        append(joined, line.begin, kept_end);
        last = line;
      }
      instruction(joined, last);
    }
    return std::move(out_);
  }

 private:
  bool next_line(Line& line) {
    if (pos_ >= limit_) return false;
    line.begin = pos_;
    const std::size_t nl = text_.substr(0, limit_).find('\n', pos_);
    std::uint32_t end = limit_;
    line.lf = nl != std::string_view::npos;
    if (line.lf) end = static_cast<std::uint32_t>(nl);
    line.next = line.lf ? end + 1 : limit_;
    while (end > line.begin && text_[end - 1] == '\r') --end;  // trimNewline
    line.end = end;
    pos_ = line.next;
    return true;
  }

  std::uint32_t skip_spaces(std::uint32_t b, std::uint32_t e) const {
    const std::string_view s = text_.substr(0, e);
    while (b < e) {
      const std::size_t w = space_at(s, b);
      if (w == 0) break;
      b += static_cast<std::uint32_t>(w);
    }
    return b;
  }

  void append(SourcedText& out, std::uint32_t b, std::uint32_t e) const {
    out.text.append(text_.substr(b, e - b));
    for (std::uint32_t i = b; i < e; ++i) out.offsets.push_back(i);
  }

  void problem(Span span, std::string message) {
    out_.problems.push_back(SyntaxError{span, std::move(message)});
  }

  // The line continuation regexp `([^E])E[ \t]*$|^E[ \t]*$` on text[b, e): the escape char
  // last before trailing blanks, not itself escaped. kept_end gets the end of what remains.
  bool continued(std::uint32_t b, std::uint32_t e, std::uint32_t& kept_end) const {
    std::uint32_t t = e;
    while (t > b && (text_[t - 1] == ' ' || text_[t - 1] == '\t')) --t;
    kept_end = e;
    if (t == b || text_[t - 1] != out_.escape) return false;
    if (t - 1 > b && text_[t - 2] == out_.escape) return false;
    kept_end = t - 1;
    return true;
  }

  // Parser directives (directives.go): `#` key `=` value lines before anything else.
  void directive(std::uint32_t b, std::uint32_t e) {
    if (directives_done_) return;
    directives_done_ = true;
    if (b >= e || text_[b] != '#') return;
    std::uint32_t i = skip_spaces(b + 1, e);
    if (i >= e || !is_alpha(text_[i])) return;
    const std::uint32_t key_begin = i;
    while (i < e && (is_alpha(text_[i]) || is_digit(text_[i]))) ++i;
    const std::string key = lower(text_.substr(key_begin, i - key_begin));
    while (i < e && is_re_space(text_[i])) ++i;
    if (i >= e || text_[i] != '=') return;
    const std::uint32_t after_equals = ++i;
    while (i < e && is_re_space(text_[i])) ++i;
    std::uint32_t value_begin = i;
    std::uint32_t value_end = e;
    if (i == e) {
      // `(.+?)` needs a byte: the regexp backtracks to take the last blank as the value.
      if (after_equals == e) return;
      value_begin = e - 1;
    } else {
      while (value_end > value_begin && is_re_space(text_[value_end - 1])) --value_end;
    }
    if (key != "escape" && key != "syntax" && key != "check") return;
    directives_done_ = false;
    const Span value_span{file_, value_begin, value_end};
    bool& seen = key == "escape" ? seen_escape_ : key == "syntax" ? seen_syntax_ : seen_check_;
    if (seen) {
      problem(Span{file_, b, e}, "only one " + key + " parser directive can be used");
      return;
    }
    seen = true;
    if (key != "escape") return;
    const std::string_view value = text_.substr(value_begin, value_end - value_begin);
    if (value != "`" && value != "\\") {
      problem(value_span, "invalid escape token " + quoted(value) + " does not match ` or \\");
      return;
    }
    out_.escape = value.front();
  }

  // One logical line, continuations joined: the instruction, its flags, exec form, heredocs.
  void instruction(const SourcedText& line, Line last) {
    const std::string_view s = line.text;
    std::size_t b = 0;
    std::size_t e = s.size();
    trim(s, b, e);
    if (b == e) return;  // only escapes and blanks
    Command command = split_command(line, b, e);
    Instruction inst;
    inst.escape = out_.escape;
    const std::string_view raw_keyword =
        s.substr(command.keyword.begin, command.keyword.end - command.keyword.begin);
    inst.keyword = upper(raw_keyword);
    inst.keyword_span = line.span_of(command.keyword.begin, command.keyword.end);
    inst.flags = std::move(command.flags);
    inst.arguments = slice(line, command.args.begin, command.args.end);
    std::uint32_t span_end = last.end;

    if (!is_known_instruction(inst.keyword)) {
      problem(inst.keyword_span, "unknown instruction: " + shown(raw_keyword));
    }
    bool json = false;
    std::string heredoc_keyword = inst.keyword;  // ONBUILD: the triggered instruction
    if (is_json_capable(inst.keyword)) {
      json = exec_form(inst, 0);
    } else if (inst.keyword == "HEALTHCHECK") {
      // parseHealthConfig: a type word (CMD/NONE), then maybe JSON.
      const std::string_view a = inst.arguments.text;
      std::size_t k = 0;
      while (k < a.size() && !is_byte_rune_space(static_cast<unsigned char>(a[k]))) ++k;
      while (k < a.size() && is_byte_rune_space(static_cast<unsigned char>(a[k]))) ++k;
      if (k > 0) json = exec_form(inst, k);
    } else if (inst.keyword == "ONBUILD" && !inst.arguments.text.empty()) {
      const Command sub = split_command(inst.arguments, 0, inst.arguments.text.size());
      const std::string_view sub_raw =
          std::string_view(inst.arguments.text)
              .substr(sub.keyword.begin, sub.keyword.end - sub.keyword.begin);
      heredoc_keyword = upper(sub_raw);
      const Span sub_span = inst.arguments.span_of(sub.keyword.begin, sub.keyword.end);
      if (heredoc_keyword == "ONBUILD") {
        problem(sub_span, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      } else if (heredoc_keyword == "FROM" || heredoc_keyword == "MAINTAINER") {
        problem(sub_span, heredoc_keyword + " isn't allowed as an ONBUILD trigger");
      } else if (!is_known_instruction(heredoc_keyword)) {
        problem(sub_span, "unknown instruction: " + shown(sub_raw));
      }
      if (is_json_capable(heredoc_keyword)) {
        std::vector<Word> ignored;
        json = parse_exec(inst.arguments, sub.args.begin, ignored) == JsonForm::Strings;
      }
    }
    if (inst.keyword == "SHELL" && !json && !inst.arguments.text.empty()) {
      problem(inst.keyword_span, "SHELL requires the arguments to be in JSON form");
    }

    if (is_heredoc_capable(heredoc_keyword) && !json) {
      span_end = std::max(span_end, heredocs(inst, line, b, e, last));
    }
    checks(inst);
    inst.span = Span{file_, line.offsets[b], std::max(span_end, line.offsets[e - 1] + 1)};
    out_.instructions.push_back(std::move(inst));
  }

  // parseMaybeJSON on arguments[from…]: true when it is exec form.
  bool exec_form(Instruction& inst, std::size_t from) {
    std::vector<Word> words;
    switch (parse_exec(inst.arguments, from, words)) {
      case JsonForm::Strings:
        inst.exec_form = true;
        inst.exec_args = std::move(words);
        return true;
      case JsonForm::NotStrings:
        problem(inst.keyword_span,
                "when using JSON array syntax, arrays must be comprised of strings only");
        return false;
      case JsonForm::NotJson: break;
    }
    return false;
  }

  // Reads the bodies of the line's heredocs from the following lines and puts them into the
  // arguments (see the header). Returns where the last body line read ends.
  std::uint32_t heredocs(Instruction& inst, const SourcedText& line, std::size_t b, std::size_t e,
                         Line last) {
    struct Body {
      HeredocWord word;
      Span word_span;
      std::vector<Line> lines;
      bool terminated = false;
      Line terminator;  // begin after the tabs `<<-` strips
    };
    // heredocsFromLine: the whole line lexed with raw quotes and escapes, `\` as escape.
    const auto words = WordLexer(line.text, '\\', true).words(b, e);
    if (!words) return last.end;
    std::vector<Body> bodies;
    for (const Lexed& w : *words) {
      // Raw words are contiguous, so their first and last bytes delimit them.
      auto heredoc = heredoc_word(line.text, w.from.front(), w.from.back() + 1);
      if (!heredoc) continue;
      Body body;
      body.word = std::move(*heredoc);
      body.word_span = line.span_of(w.from.front(), w.from.back() + 1);
      bodies.push_back(std::move(body));
    }
    if (bodies.empty()) return last.end;

    std::uint32_t end = last.end;
    for (Body& body : bodies) {
      Line l;
      while (next_line(l)) {
        end = l.end;
        std::uint32_t t = l.begin;
        if (body.word.chomp) {
          while (t < l.end && text_[t] == '\t') ++t;
        }
        if (text_.substr(t, l.end - t) == body.word.name) {
          body.terminated = true;
          body.terminator = l;
          body.terminator.begin = t;
          break;
        }
        body.lines.push_back(l);
      }
      if (!body.terminated) problem(body.word_span, "unterminated heredoc");
    }

    const auto append_line = [&](SourcedText& out, const Line& l, bool chomp) {
      std::uint32_t t = l.begin;
      if (chomp) {
        while (t < l.end && text_[t] == '\t') ++t;
      }
      append(out, t, l.end);
      if (l.lf) out.append('\n', l.next - 1);
    };
    const std::string_view args = inst.arguments.text;
    if (inst.keyword == "RUN" && heredoc_word(args, 0, args.size())) {
      // `RUN <<EOF`: BuildKit runs the body itself as the script (chomped for `<<-`); a body
      // starting with `#!` is run as an executable file instead, still given here.
      SourcedText script;
      script.file = file_;
      for (const Line& l : bodies.front().lines) append_line(script, l, bodies.front().word.chomp);
      inst.arguments = std::move(script);
      return end;
    }
    // Anything else is handed to the shell as written: the command, then for each heredoc a
    // newline, its body and its delimiter.
    SourcedText full = inst.arguments;
    Line previous = last;
    for (const Body& body : bodies) {
      if (!previous.lf) break;
      full.append('\n', previous.next - 1);
      for (const Line& l : body.lines) append_line(full, l, false);
      if (!body.terminated) break;
      append(full, body.terminator.begin, body.terminator.end);
      previous = body.terminator;
    }
    inst.arguments = std::move(full);
    return end;
  }

  // What BuildKit refuses in ENV/LABEL/ARG and FROM.
  void checks(const Instruction& inst) {
    if (inst.keyword == "ENV" || inst.keyword == "LABEL" || inst.keyword == "ARG") {
      std::string error;
      key_value_ranges(inst, out_.escape, &error);
      if (!error.empty()) problem(inst.keyword_span, error);
    } else if (inst.keyword == "FROM") {
      const FromParts parts = from_parts(inst, out_.escape);
      if (!parts.error.empty()) problem(inst.keyword_span, parts.error);
    }
  }

  std::string_view text_;
  FileId file_;
  std::uint32_t pos_ = 0;
  std::uint32_t limit_ = 0;
  Dockerfile out_;
  bool directives_done_ = false;
  bool seen_escape_ = false;
  bool seen_syntax_ = false;
  bool seen_check_ = false;
};

}  // namespace

Dockerfile parse(std::string_view text, FileId file, std::uint32_t begin, std::uint32_t end) {
  return Parser(text, file, begin, end).run();
}

std::vector<KeyValue> parse_key_values(const Instruction& instruction) {
  return key_values(instruction, instruction.escape);
}

std::optional<From> parse_from(const Instruction& instruction) {
  if (instruction.keyword != "FROM") return std::nullopt;
  return from_parts(instruction, instruction.escape).from;
}

std::vector<std::pair<Word, PortRange>> parse_expose(const Instruction& instruction) {
  std::vector<std::pair<Word, PortRange>> out;
  if (instruction.keyword != "EXPOSE") return out;
  const SourcedText& args = instruction.arguments;
  WordLexer lexer(args.text, instruction.escape, false);
  for (const Range& raw : split_token_space(args.text)) {
    const auto words = lexer.words(raw.begin, raw.end);
    if (!words) continue;  // an unterminated quote: BuildKit fails
    for (const Lexed& lexed : *words) {
      Word w = make_word(args, lexed, offset_at(args, raw.begin));
      if (!w.known) {
        out.emplace_back(std::move(w), PortRange{0, 0});
        continue;
      }
      if (const auto range = parse_port_spec(w.text)) out.emplace_back(std::move(w), *range);
    }
  }
  return out;
}

}  // namespace dl::dockerfile
