#include "parsers/daemon_json/json_syntax.h"

#include <nlohmann/json.hpp>

#include "linter/core/utf8.h"

namespace dl::json {
namespace {

using nlohmann::json;

// Stops the parse past Go's nesting limit, and records nlohmann's syntax error.
class Locator : public nlohmann::json_sax<json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool key(string_t&) override { return true; }
  bool start_object(std::size_t) override { return ++depth_ <= kGoMaxNestingDepth; }
  bool start_array(std::size_t) override { return ++depth_ <= kGoMaxNestingDepth; }
  bool end_object() override { return --depth_, true; }
  bool end_array() override { return --depth_, true; }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& error) override {
    failed = true;
    bytes_read = position;
    what = error.what();
    return false;
  }

  bool failed = false;
  std::size_t bytes_read = 0;
  std::string what;

 private:
  int depth_ = 0;
};

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Length of the Go white space (unicode.IsSpace) at text[i], or 0.
std::size_t go_space_at(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c < 0x80) return 0;
  const std::size_t length = utf8::sequence_length(text, i);
  if (length < 2) return 0;
  std::uint32_t cp = 0;
  for (std::size_t k = 0; k < length; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    cp = k == 0 ? (b & (0x7F >> length)) : ((cp << 6) | (b & 0x3F));
  }
  const bool space = cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
                     cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
  return space ? length : 0;
}

// dockerd decodes bytes.TrimSpace(file): narrow [begin, end) the same way.
void trim_go_space(std::string_view text, std::uint32_t& begin, std::uint32_t& end) {
  while (begin < end) {
    const std::size_t length = go_space_at(text.substr(0, end), begin);
    if (length == 0) break;
    begin += static_cast<std::uint32_t>(length);
  }
  while (begin < end) {
    // Step back over one UTF-8 sequence and test it.
    std::uint32_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    const std::size_t length = go_space_at(text.substr(0, end), start);
    if (length == 0 || start + length != end) break;
    end = start;
  }
}

// Calls fn(offset, c) for each bracket of text[begin, end) outside strings, until fn
// returns false.
template <typename Fn>
void for_each_bracket(std::string_view text, std::uint32_t begin, std::uint32_t end, Fn fn) {
  bool in_string = false;
  for (std::uint32_t i = begin; i < end; ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if ((c == '{' || c == '[' || c == '}' || c == ']') && !fn(i, c)) {
      return;
    }
  }
}

// The offset of the opener that takes nesting past Go's limit, if any.
std::optional<std::uint32_t> depth_overflow(std::string_view text, std::uint32_t begin,
                                            std::uint32_t end) {
  int depth = 0;
  std::optional<std::uint32_t> overflow;
  for_each_bracket(text, begin, end, [&](std::uint32_t i, char c) {
    depth += (c == '{' || c == '[') ? 1 : -1;
    if (depth > kGoMaxNestingDepth) overflow = i;
    return !overflow;
  });
  return overflow;
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The code unit of a `\uXXXX` escape starting at text[i] (the backslash), or -1.
long escape_unit(std::string_view text, std::size_t i) {
  if (i + 6 > text.size() || text[i] != '\\' || text[i + 1] != 'u') return -1;
  for (std::size_t k = i + 2; k < i + 6; ++k) {
    if (!is_hex(text[k])) return -1;
  }
  return std::stol(std::string(text.substr(i + 2, 4)), nullptr, 16);
}

// The innermost open container before `offset` ('{', '[' or 0 at top level): it decides
// Go's wording for a bad byte after a complete value.
char open_container(std::string_view text, std::uint32_t begin, std::uint32_t offset) {
  std::string stack;
  for_each_bracket(text, begin, offset, [&](std::uint32_t, char c) {
    if (c == '{' || c == '[') {
      stack.push_back(c);
    } else if (!stack.empty()) {
      stack.pop_back();
    }
    return true;
  });
  return stack.empty() ? 0 : stack.back();
}

// True when text[start, end) is a complete JSON literal or number.
bool complete_value(std::string_view token) {
  if (token == "true" || token == "false" || token == "null") return true;
  return !token.empty() && nlohmann::json::accept(token);
}

// Go's scanner: s.error(c, "exceeded max depth").
SyntaxProblem depth_problem(std::string_view text, std::uint32_t at) {
  return SyntaxProblem{at, at + 1,
                       "invalid character " + quote_go_char(text, at) + " exceeded max depth"};
}

// "in literal true (expecting 'e')": Go names the literal being read and the next letter.
std::string literal_context(std::string_view prefix) {
  for (std::string_view literal : {"true", "false", "null"}) {
    if (prefix.size() < literal.size() && literal.starts_with(prefix)) {
      return "in literal " + std::string(literal) + " (expecting '" + literal[prefix.size()] + "')";
    }
  }
  return "in literal";
}

// Start of the token that ends at `last` (inclusive).
std::uint32_t token_start(std::string_view text, std::uint32_t begin, std::uint32_t last) {
  const char c = text[last];
  if (c == '"') {
    for (std::uint32_t k = last; k > begin;) {
      --k;
      if (text[k] != '"') continue;
      std::uint32_t backslashes = 0;
      while (k - backslashes > begin && text[k - backslashes - 1] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return k;
    }
    return begin;
  }
  const auto in_literal = [](char x) {
    return (x >= 'a' && x <= 'z') || (x >= 'A' && x <= 'Z') || (x >= '0' && x <= '9') || x == '.' ||
           x == '+' || x == '-';
  };
  if (!in_literal(c)) return last;
  std::uint32_t start = last;
  while (start > begin && in_literal(text[start - 1])) --start;
  // A number cannot continue after a leading zero: in "01" the bad token is the "1".
  const std::uint32_t digits = start + (text[start] == '-' ? 1 : 0);
  if (digits < last && text[digits] == '0' && text[digits + 1] >= '0' && text[digits + 1] <= '9') {
    return digits + 1;
  }
  return start;
}

// nlohmann's "while parsing <context>" as the phrase Go's scanner uses.
std::string go_context(const std::string& what) {
  if (what.find("; expected end of input") != std::string::npos) return "after top-level value";
  if (what.find("parsing object key") != std::string::npos) {
    return "looking for beginning of object key string";
  }
  if (what.find("parsing object separator") != std::string::npos) return "after object key";
  if (what.find("parsing object -") != std::string::npos) return "after object key:value pair";
  if (what.find("parsing array") != std::string::npos) return "after array element";
  return "looking for beginning of value";
}

}  // namespace

std::string mask_go_leniencies(std::string_view text) {
  std::string masked(text);
  for (std::size_t i = 0; i < masked.size();) {
    const long unit = escape_unit(masked, i);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      const long next = escape_unit(masked, i + 6);
      if (next >= 0xDC00 && next <= 0xDFFF) {
        i += 12;
        continue;
      }
    }
    if (unit >= 0xD800 && unit <= 0xDFFF) {
      masked.replace(i + 2, 4, "fffd");
      i += 6;
      continue;
    }
    if (masked[i] == '\\') {  // any other escape: skip the escaped byte with it
      i += 2;
      continue;
    }
    // nlohmann takes NUL for the end of input; Go rejects it like any control byte.
    if (masked[i] == '\0') {
      masked[i++] = '\x01';
      continue;
    }
    const std::size_t length = utf8::sequence_length(masked, i);
    if (length == 0) {
      masked[i++] = '?';
    } else {
      i += length;
    }
  }
  return masked;
}

std::string quote_go_char(std::string_view text, std::uint32_t offset) {
  if (offset >= text.size()) return "''";
  const auto c = static_cast<unsigned char>(text[offset]);
  static constexpr char kHex[] = "0123456789abcdef";
  // Go's quoteChar: strconv.Quote of the byte taken as a rune.
  switch (c) {
    case '\a': return "'\\a'";
    case '\b': return "'\\b'";
    case '\f': return "'\\f'";
    case '\n': return "'\\n'";
    case '\r': return "'\\r'";
    case '\t': return "'\\t'";
    case '\v': return "'\\v'";
    case '\'': return "'\\''";
    case '\\': return "'\\\\'";
    default: break;
  }
  if (c < 0x20 || c == 0x7F) return std::string("'\\x") + kHex[c >> 4] + kHex[c & 15] + "'";
  if (c >= 0x80 && c < 0xA0) return std::string("'\\u00") + kHex[c >> 4] + kHex[c & 15] + "'";
  if (c >= 0x80) {  // Go's scanner sees one byte: 0xC2 is shown as 'Â'
    std::string out = "'";
    utf8::append(out, c);
    return out + "'";
  }
  return std::string("'") + static_cast<char>(c) + "'";
}

std::optional<SyntaxProblem> first_syntax_error(std::string_view text, std::uint32_t begin,
                                                std::uint32_t end) {
  end = std::min<std::uint32_t>(end, static_cast<std::uint32_t>(text.size()));
  trim_go_space(text, begin, end);
  if (begin >= end) return std::nullopt;  // empty or white space only: accepted

  const std::string masked = mask_go_leniencies(text.substr(begin, end - begin));
  Locator locator;
  json::sax_parse(masked, &locator);
  const std::optional<std::uint32_t> too_deep = depth_overflow(text, begin, end);
  if (!locator.failed) {
    if (!too_deep) return std::nullopt;
    return depth_problem(text, *too_deep);
  }

  const std::string& what = locator.what;
  const auto read = static_cast<std::uint32_t>(locator.bytes_read);
  // At the end of the input, point at the last thing written rather than at white space.
  std::uint32_t last_written = end - 1;
  while (last_written > begin && is_json_space(text[last_written])) --last_written;
  if (what.find("unexpected end of input") != std::string::npos) {
    return SyntaxProblem{last_written, last_written + 1, "unexpected end of JSON input"};
  }
  // nlohmann counts the end of input as a byte read: a lexer error past the last byte is a
  // token cut off by the end of the file ("tr", "1e", "\"abc").
  if (what.find("missing closing quote") != std::string::npos ||
      (what.find("- invalid") != std::string::npos && begin + read > end)) {
    return SyntaxProblem{last_written, last_written + 1, "unexpected end of JSON input"};
  }
  // The last byte nlohmann read; for a lexer error it is the offending character itself.
  std::uint32_t last = begin + (read > 0 ? read - 1 : 0);
  if (last >= end) last = end - 1;
  SyntaxProblem problem;
  const bool lexer_error = what.find("- invalid") != std::string::npos;
  if (lexer_error) {
    problem.begin = last;
    problem.end = last + 1;
    std::string where = "in literal";
    if (what.find("invalid string") != std::string::npos) {
      if (what.find("control character") != std::string::npos) {
        where = "in string literal";
      } else if (what.find("'\\u'") != std::string::npos) {
        where = "in \\u hexadecimal character escape";
      } else {
        where = "in string escape code";
      }
    } else if (what.find("invalid number") != std::string::npos) {
      where = what.find("after '.'") != std::string::npos ? "after decimal point in numeric literal"
              : what.find("exponent") != std::string::npos ? "in exponent of numeric literal"
                                                           : "in numeric literal";
    } else {
      // An invalid literal: a value that never started (`/`, a form feed, a word), a byte
      // after a complete value, or a broken `true`/`false`/`null`.
      std::uint32_t token = last;
      while (token > begin &&
             std::string_view("abcdefghijklmnopqrstuvwxyz0123456789.+-E").find(text[token - 1]) !=
                 std::string_view::npos) {
        --token;
      }
      if (token == last) {
        where = go_context(what);
      } else if (complete_value(text.substr(token, last - token))) {
        const char container = open_container(text, begin, token);
        where = container == '{'   ? "after object key:value pair"
                : container == '[' ? "after array element"
                                   : "after top-level value";
      } else {
        where = literal_context(text.substr(token, last - token));
      }
    }
    problem.message = "invalid character " + quote_go_char(text, last) + " " + where;
  } else {
    problem.begin = token_start(text, begin, last);
    problem.end = last + 1;
    problem.message =
        "invalid character " + quote_go_char(text, problem.begin) + " " + go_context(what);
  }
  // A stray word (a shell prompt pasted above the object) is shown whole.
  if (lexer_error && problem.message.ends_with("looking for beginning of value")) {
    while (problem.end < end && !is_json_space(text[problem.end]) &&
           std::string_view("{}[],:\"").find(text[problem.end]) == std::string_view::npos) {
      ++problem.end;
    }
  }
  // Say what people usually did wrong.
  const char bad = text[problem.begin];
  if (bad == '/' && problem.begin + 1 < end &&
      (text[problem.begin + 1] == '/' || text[problem.begin + 1] == '*')) {
    problem.message += ": comments are not allowed in JSON";
    problem.end = problem.begin + 2;
  } else if (bad == '}' || bad == ']') {
    std::uint32_t k = problem.begin;
    while (k > begin && is_json_space(text[k - 1])) --k;
    if (k > begin && text[k - 1] == ',') problem.message += ": trailing comma before it";
  }
  if (too_deep && *too_deep < problem.begin) return depth_problem(text, *too_deep);
  return problem;
}

}  // namespace dl::json
