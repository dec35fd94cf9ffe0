#include "parsers/terraform/terraform.h"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <utility>

// HCL native syntax as hashicorp/hcl's hclsyntax scans it: bodies of attributes and blocks,
// expressions skipped by bracket matching (strings, heredocs and template sequences are
// scanned as units, so braces and quotes inside them do not count), templates decoded the
// way ParseStringLiteralToken, the strip markers and flushHeredocTemplateParts decode them.

namespace dl::terraform {
namespace {

// Nesting of strings inside template sequences inside strings… followed before the rest of the
// file is given up (keeps the stack small on hostile input). Brackets do not count: they are
// tracked on a heap stack.
constexpr int kMaxDepth = 200;

bool is_ident_start(char c) {
  // Bytes >= 0x80: HCL identifiers take Unicode ID_Start/ID_Continue; close enough here.
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool is_ident_char(char c) {
  return is_ident_start(c) || (c >= '0' && c <= '9') || c == '-';
}
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Length of the white-space character (Go's unicode.IsSpace, which HCL's trimming uses) that
// starts at s[i], or 0.
std::size_t space_at(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  const auto b = [&](std::size_t k) {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
  };
  switch (b(0)) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ': return 1;
    case 0xC2: return b(1) == 0x85 || b(1) == 0xA0 ? 2 : 0;  // NEL, NBSP
    case 0xE1: return b(1) == 0x9A && b(2) == 0x80 ? 3 : 0;  // U+1680
    case 0xE2:
      if (b(1) == 0x80 &&
          ((b(2) >= 0x80 && b(2) <= 0x8A) || b(2) == 0xA8 || b(2) == 0xA9 || b(2) == 0xAF))
        return 3;                                            // U+2000–200A, 2028, 2029, 202F
      return b(1) == 0x81 && b(2) == 0x9F ? 3 : 0;           // U+205F
    case 0xE3: return b(1) == 0x80 && b(2) == 0x80 ? 3 : 0;  // U+3000
    default: return 0;
  }
}

// Length of the white-space character that ends just before s[end], or 0.
std::size_t space_before(std::string_view s, std::size_t end) {
  for (std::size_t len = 1; len <= 3 && len <= end; ++len) {
    if (space_at(s, end - len) == len) return len;
  }
  return 0;
}

// A piece of a template: literal text (decoded, one file offset per byte) or a `${…}`/`%{…}`
// sequence kept as written.
struct Part {
  bool literal = true;
  std::string text;
  std::vector<std::uint32_t> offsets;
  bool trim_before = false;  // `${~`: the previous literal loses its trailing white space
  bool trim_after = false;   // `~}`: the next literal loses its leading white space

  void erase_front(std::size_t n) {
    text.erase(0, n);
    offsets.erase(offsets.begin(), offsets.begin() + static_cast<std::ptrdiff_t>(n));
  }
  void erase_back(std::size_t n) {
    text.resize(text.size() - n);
    offsets.resize(offsets.size() - n);
  }
};

void trim_front(Part& p) {
  std::size_t n = 0;
  while (const std::size_t len = space_at(p.text, n)) n += len;
  p.erase_front(n);
}
void trim_back(Part& p) {
  std::size_t n = p.text.size();
  while (const std::size_t len = space_before(p.text, n)) n -= len;
  p.erase_back(p.text.size() - n);
}

// Leading white space of `s` in characters (a CR LF pair is one grapheme cluster) and bytes.
std::pair<std::size_t, std::size_t> leading_space(std::string_view s) {
  std::size_t chars = 0, bytes = 0;
  while (const std::size_t len = space_at(s, bytes)) {
    bytes += (s[bytes] == '\r' && bytes + 1 < s.size() && s[bytes + 1] == '\n') ? 2 : len;
    ++chars;
  }
  return {chars, bytes};
}

// `<<-` heredocs: hclsyntax's flushHeredocTemplateParts. The first part of each line counts:
// a literal by its leading white space (a blank line, all white space up to its newline, not
// at all), anything else as zero; that many characters come off every counted literal.
void flush_indentation(std::vector<Part>& parts) {
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::size_t min_spaces = kNone;
  std::vector<std::size_t> adjust;
  bool newline = true;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const Part& part = parts[i];
    if (newline) {
      newline = false;
      std::size_t spaces = 0;
      if (part.literal) {
        const auto [chars, bytes] = leading_space(part.text);
        if (bytes == part.text.size() && part.text.ends_with('\n')) {
          spaces = kNone;
        } else {
          spaces = chars;
          adjust.push_back(i);
        }
      }
      min_spaces = std::min(min_spaces, spaces);
    }
    if (part.literal && part.text.ends_with('\n')) newline = true;
  }
  if (min_spaces == kNone) return;
  for (const std::size_t i : adjust) {
    Part& part = parts[i];
    std::size_t bytes = 0;
    for (std::size_t k = 0; k < min_spaces && bytes < part.text.size(); ++k) {
      const bool crlf =
          part.text[bytes] == '\r' && bytes + 1 < part.text.size() && part.text[bytes + 1] == '\n';
      bytes += crlf ? 2 : std::max<std::size_t>(1, space_at(part.text, bytes));
    }
    part.erase_front(std::min(bytes, part.text.size()));
  }
}

struct Decoded {
  SourcedText content;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> unknown;
};

Decoded assemble(std::vector<Part> parts, bool flush, FileId file) {
  // Strip markers first, as hclsyntax applies them while reading the parts.
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].literal) continue;
    if (parts[i].trim_before && i > 0 && parts[i - 1].literal) trim_back(parts[i - 1]);
    if (parts[i].trim_after && i + 1 < parts.size() && parts[i + 1].literal) {
      trim_front(parts[i + 1]);
    }
  }
  if (flush) flush_indentation(parts);
  Decoded out;
  out.content.file = file;
  for (const Part& part : parts) {
    const auto begin = static_cast<std::uint32_t>(out.content.text.size());
    out.content.text += part.text;
    out.content.offsets.insert(out.content.offsets.end(), part.offsets.begin(), part.offsets.end());
    if (!part.literal) {
      out.unknown.emplace_back(begin, static_cast<std::uint32_t>(out.content.text.size()));
    }
  }
  out.content.known = out.unknown.empty();
  return out;
}

// trimspace(): strings.TrimSpace. Sequences start with `$`/`%` and end with `}`, so trimming
// stops at them by itself.
void trim_space(Decoded& d) {
  std::string& t = d.content.text;
  std::size_t end = t.size();
  while (const std::size_t len = space_before(t, end)) end -= len;
  std::size_t begin = 0;
  while (begin < end && space_at(t, begin)) begin += space_at(t, begin);
  t = t.substr(begin, end - begin);
  d.content.offsets.erase(d.content.offsets.begin() + static_cast<std::ptrdiff_t>(end),
                          d.content.offsets.end());
  d.content.offsets.erase(d.content.offsets.begin(),
                          d.content.offsets.begin() + static_cast<std::ptrdiff_t>(begin));
  for (auto& [b, e] : d.unknown) {
    b -= static_cast<std::uint32_t>(begin);
    e -= static_cast<std::uint32_t>(begin);
  }
}

// chomp(): removes trailing `\n`, `\r\n` and `\r`.
void chomp(Decoded& d) {
  std::string& t = d.content.text;
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) {
    t.pop_back();
    d.content.offsets.pop_back();
  }
}

// Collects template parts while scanning; scanning without a collector only finds the end.
class Builder {
 public:
  explicit Builder(std::vector<Part>* out) : out_(out) {}
  void add(char c, std::uint32_t offset) {
    if (!out_) return;
    current_.text.push_back(c);
    current_.offsets.push_back(offset);
  }
  void add_utf8(std::uint32_t cp, std::uint32_t offset) {
    if (cp < 0x80) {
      add(static_cast<char>(cp), offset);
    } else if (cp < 0x800) {
      add(static_cast<char>(0xC0 | (cp >> 6)), offset);
      add(static_cast<char>(0x80 | (cp & 0x3F)), offset);
    } else if (cp < 0x10000) {
      add(static_cast<char>(0xE0 | (cp >> 12)), offset);
      add(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), offset);
      add(static_cast<char>(0x80 | (cp & 0x3F)), offset);
    } else {
      add(static_cast<char>(0xF0 | (cp >> 18)), offset);
      add(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)), offset);
      add(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), offset);
      add(static_cast<char>(0x80 | (cp & 0x3F)), offset);
    }
  }
  // Empty literals are never emitted: hclsyntax has no token for them, and one would count
  // as a zero-indented line in flush_indentation.
  void end_literal() {
    if (!out_ || current_.text.empty()) return;
    out_->push_back(std::move(current_));
    current_ = Part{};
  }
  void add_sequence(std::string_view text, std::uint32_t begin, std::uint32_t end, bool before,
                    bool after) {
    if (!out_) return;
    end_literal();
    Part seq;
    seq.literal = false;
    seq.text.assign(text.substr(begin, end - begin));
    for (std::uint32_t i = begin; i < end; ++i) seq.offsets.push_back(i);
    seq.trim_before = before;
    seq.trim_after = after;
    out_->push_back(std::move(seq));
  }

 private:
  std::vector<Part>* out_;
  Part current_;
};

struct Scan {
  std::uint32_t end = 0;
  bool ok = false;
};

struct Heredoc {
  std::uint32_t marker_begin = 0;
  std::uint32_t marker_end = 0;
  std::uint32_t body = 0;  // first byte of the first content line
  bool flush = false;      // `<<-`
};

// Where a skipped expression stops when no bracket is open.
struct Stop {
  bool newline = false;
  bool comma = false;
  bool brace = false;
  bool paren = false;
};
constexpr Stop kBodyValue{.newline = true, .brace = true};
constexpr Stop kObjectValue{.newline = true, .comma = true, .brace = true};
constexpr Stop kArgument{.comma = true, .paren = true};
constexpr Stop kSequence{.brace = true};

// What wraps the literal or file reference of a payload value.
enum class Wrap { Base64, Gzip, TrimSpace, Chomp, Interpolation };

class Scanner {
 public:
  Scanner(std::string_view text, FileId file)
      : t_(text), n_(static_cast<std::uint32_t>(text.size())), file_(file) {}

  // Whether nesting past kMaxDepth stopped the scan.
  bool aborted() const { return aborted_; }

  std::vector<Payload> run() {
    std::uint32_t pos = t_.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    while (pos < n_ && !aborted_) {
      pos = skip_space(pos, true);
      if (pos >= n_) break;
      if (t_[pos] == '}') {  // end of a block body (or a stray one: same treatment)
        ++pos;
        continue;
      }
      if (!is_ident_start(t_[pos])) {
        pos = std::max(pos + 1, skip_expression(pos, kBodyValue, 0));
        continue;
      }
      const std::uint32_t name_end = ident_end(pos);
      std::uint32_t p = skip_space(name_end, false);
      if (at(p, '=') && !at(p + 1, '=')) {
        const std::uint32_t end = skip_expression(p + 1, kBodyValue, 0);
        attribute(pos, name_end, p + 1, end);
        pos = std::max(end, p + 1);
        continue;
      }
      // A block header: labels, then the body.
      while (p < n_) {
        if (at(p, '"')) {
          const Scan label = scan_quoted(p + 1, nullptr, 0);
          p = label.end;
          if (!label.ok) break;
        } else if (is_ident_start(t_[p])) {
          p = ident_end(p);
        } else {
          break;
        }
        p = skip_space(p, false);
      }
      if (at(p, '{')) {
        pos = p + 1;
        continue;
      }
      pos = skip_expression(p, kBodyValue, 0);  // not HCL: on to the next line
    }
    return std::move(payloads_);
  }

 private:
  bool at(std::uint32_t p, char c) const { return p < n_ && t_[p] == c; }
  Span span(std::uint32_t b, std::uint32_t e) const { return Span{file_, b, e}; }

  std::uint32_t ident_end(std::uint32_t p) const {
    if (p >= n_ || !is_ident_start(t_[p])) return p;
    while (p < n_ && is_ident_char(t_[p])) ++p;
    return p;
  }

  std::uint32_t line_end(std::uint32_t p) const {
    const std::size_t nl = t_.find('\n', p);
    return nl == std::string_view::npos ? n_ : static_cast<std::uint32_t>(nl);
  }

  // Blanks and comments; newlines (and the line comments they end) only when `newlines`.
  std::uint32_t skip_space(std::uint32_t p, bool newlines) const {
    while (p < n_) {
      const char c = t_[p];
      if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) {
        ++p;
      } else if (c == '/' && at(p + 1, '*')) {
        const std::size_t close = t_.find("*/", p + 2);
        p = close == std::string_view::npos ? n_ : static_cast<std::uint32_t>(close + 2);
      } else if (newlines && (c == '#' || (c == '/' && at(p + 1, '/')))) {
        p = line_end(p);
      } else {
        break;
      }
    }
    return p;
  }

  // After a value: blanks and comments up to the end of its line.
  std::uint32_t skip_trailing(std::uint32_t p) const {
    p = skip_space(p, false);
    if (at(p, '#') || (at(p, '/') && at(p + 1, '/'))) p = line_end(p);
    return p;
  }

  // `<<EOF` or `<<-EOF` directly followed by the end of the line.
  std::optional<Heredoc> heredoc_at(std::uint32_t p) const {
    if (!at(p, '<') || !at(p + 1, '<')) return std::nullopt;
    Heredoc h;
    p += 2;
    if (at(p, '-')) {
      h.flush = true;
      ++p;
    }
    h.marker_begin = p;
    h.marker_end = ident_end(p);
    if (h.marker_end == p) return std::nullopt;
    p = h.marker_end;
    if (at(p, '\r')) ++p;
    if (!at(p, '\n')) return std::nullopt;
    h.body = p + 1;
    return h;
  }

  // If the line at `p` is the closing marker (white space around it allowed), where the marker
  // line's text ends (its newline, or the end of the file).
  std::optional<std::uint32_t> marker_line(std::uint32_t p, std::string_view marker) const {
    while (p < n_ && t_[p] != '\n' && space_at(t_, p))
      p += static_cast<std::uint32_t>(space_at(t_, p));
    if (t_.substr(p, marker.size()) != marker) return std::nullopt;
    p += static_cast<std::uint32_t>(marker.size());
    while (p < n_ && t_[p] != '\n' && space_at(t_, p))
      p += static_cast<std::uint32_t>(space_at(t_, p));
    if (p < n_ && t_[p] != '\n') return std::nullopt;
    return p;
  }

  // Skips an expression from `p` to the first stopping character outside brackets (returned
  // position), or the end of the file. Mismatched closers are resolved like hclsyntax's
  // recovery: open brackets are dropped down to the matching one, or all of them.
  std::uint32_t skip_expression(std::uint32_t p, Stop stop, int depth) {
    if (depth > kMaxDepth) return abort();
    std::vector<char> open;
    std::size_t counts[3] = {0, 0, 0};  // open ( [ {
    const auto kind = [](char c) {
      return c == '(' || c == ')' ? 0 : c == '[' || c == ']' ? 1 : 2;
    };
    while (p < n_ && !aborted_) {
      const char c = t_[p];
      switch (c) {
        case '\n':
          if (open.empty() && stop.newline) return p;
          ++p;
          break;
        case '#': p = line_end(p); break;
        case '/':
          if (at(p + 1, '/')) {
            p = line_end(p);
          } else if (at(p + 1, '*')) {
            p = skip_space(p, false);
          } else {
            ++p;
          }
          break;
        case '"': p = scan_quoted(p + 1, nullptr, depth + 1).end; break;
        case '<':
          if (const auto h = heredoc_at(p)) {
            p = scan_heredoc(*h, nullptr, depth + 1).end;
          } else {
            ++p;
          }
          break;
        case '(':
        case '[':
        case '{':
          open.push_back(c);
          ++counts[kind(c)];
          ++p;
          break;
        case ')':
        case ']':
        case '}': {
          const int k = kind(c);
          if (counts[k] == 0) {  // nothing to close: as if no bracket were open
            for (const char o : open) --counts[kind(o)];
            open.clear();
            if ((c == '}' && stop.brace) || (c == ')' && stop.paren)) return p;
            ++p;
            break;
          }
          while (kind(open.back()) != k) {
            --counts[kind(open.back())];
            open.pop_back();
          }
          --counts[k];
          open.pop_back();
          ++p;
          break;
        }
        case ',':
          if (open.empty() && stop.comma) return p;
          ++p;
          break;
        default: ++p;
      }
    }
    return std::min(p, n_);
  }

  std::uint32_t abort() {
    aborted_ = true;
    return n_;
  }

  // At `${`/`%{` (p points at `$`/`%`): the sequence up to its `}`.
  Scan sequence(std::uint32_t p, Builder& b, int depth) {
    std::uint32_t q = p + 2;
    const bool before = at(q, '~');
    if (before) ++q;
    const std::uint32_t close = skip_expression(q, kSequence, depth + 1);
    if (!at(close, '}')) return Scan{close, false};
    const bool after = close > q && t_[close - 1] == '~';
    b.add_sequence(t_, p, close + 1, before, after);
    return Scan{close + 1, true};
  }

  // `$${`/`%%{` escapes (the escaping byte is dropped), or a sequence. Returns the position
  // after it, or nothing when `p` starts neither.
  std::optional<Scan> template_item(std::uint32_t p, Builder& b, int depth) {
    const char c = t_[p];
    if (c != '$' && c != '%') return std::nullopt;
    if (at(p + 1, c) && at(p + 2, '{')) {
      b.add(c, p + 1);
      b.add('{', p + 2);
      return Scan{p + 3, true};
    }
    if (at(p + 1, '{')) return sequence(p, b, depth);
    return std::nullopt;
  }

  // After the opening `"`: the quoted template to just past its closing quote. A newline ends
  // it unterminated, as in hclsyntax. `\"` and `\\` map to the escaped byte; bytes decoded from
  // `\n`, `\uNNNN`… map to their backslash (the env-file convention).
  Scan scan_quoted(std::uint32_t p, std::vector<Part>* out, int depth) {
    if (depth > kMaxDepth) return Scan{abort(), false};
    Builder b(out);
    while (p < n_ && !aborted_) {
      const char c = t_[p];
      if (c == '"') {
        b.end_literal();
        return Scan{p + 1, true};
      }
      if (c == '\n') return Scan{p, false};
      if (c == '\\' && p + 1 < n_) {
        const char e = t_[p + 1];
        switch (e) {
          case 'n': b.add('\n', p); break;
          case 'r': b.add('\r', p); break;
          case 't': b.add('\t', p); break;
          case '"':
          case '\\': b.add(e, p + 1); break;  // the character itself, as written
          case 'u':
          case 'U': {
            const std::uint32_t digits = e == 'u' ? 4 : 8;
            std::uint32_t cp = 0, k = 0;
            for (; k < digits && p + 2 + k < n_ && hex_value(t_[p + 2 + k]) >= 0; ++k) {
              cp = (cp << 4) | static_cast<std::uint32_t>(hex_value(t_[p + 2 + k]));
            }
            if (k == digits && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF)) {
              b.add_utf8(cp, p);
              p += 2 + digits;
            } else {  // invalid (an error to Terraform): kept as written
              b.add('\\', p);
              ++p;
            }
            continue;
          }
          case '\n':
            b.add('\\', p);
            ++p;
            continue;
          default: b.add(e, p);  // unknown selector: hclsyntax keeps the character
        }
        p += 2;
        continue;
      }
      if (const auto item = template_item(p, b, depth)) {
        if (!item->ok) return *item;
        p = item->end;
        continue;
      }
      b.add(c, p);
      ++p;
    }
    return Scan{std::min(p, n_), false};
  }

  // The heredoc body to the end of its closing marker's line. No backslash escapes; each line
  // is its own literal part (what flush_indentation counts).
  Scan scan_heredoc(const Heredoc& h, std::vector<Part>* out, int depth) {
    if (depth > kMaxDepth) return Scan{abort(), false};
    const std::string_view marker = t_.substr(h.marker_begin, h.marker_end - h.marker_begin);
    Builder b(out);
    std::uint32_t p = h.body;
    bool line_start = true;
    while (p < n_ && !aborted_) {
      if (line_start) {
        if (const auto end = marker_line(p, marker)) {
          b.end_literal();
          return Scan{*end, true};
        }
        line_start = false;
      }
      const char c = t_[p];
      if (c == '\n') {
        b.add(c, p);
        b.end_literal();
        line_start = true;
        ++p;
        continue;
      }
      if (const auto item = template_item(p, b, depth)) {
        if (!item->ok) return *item;
        p = item->end;
        continue;
      }
      b.add(c, p);
      ++p;
    }
    return Scan{std::min(p, n_), false};
  }

  void attribute(std::uint32_t name_begin, std::uint32_t name_end, std::uint32_t value,
                 std::uint32_t end) {
    const std::string_view name = t_.substr(name_begin, name_end - name_begin);
    if (name == "user_data" || name == "user_data_base64" || name == "custom_data" ||
        name == "metadata_startup_script") {
      payload(std::string(name), span(name_begin, name_end), value, end);
    } else if (name == "metadata") {
      metadata(value, end);
    }
  }

  // `metadata = { startup-script = …, "user-data" = … }`: an object literal's items.
  void metadata(std::uint32_t p, std::uint32_t end) {
    p = skip_space(p, false);
    if (!at(p, '{')) return;
    ++p;
    while (p < end && !aborted_) {
      p = skip_space(p, true);
      if (p >= end || t_[p] == '}') return;
      const std::uint32_t key_begin = p;
      std::string key;
      std::uint32_t q = p;
      if (t_[p] == '"') {
        std::vector<Part> parts;
        const Scan s = scan_quoted(p + 1, &parts, 0);
        if (!s.ok) return;
        q = s.end;
        if (parts.size() == 1 && parts[0].literal) key = parts[0].text;
      } else {
        q = ident_end(p);
        key.assign(t_.substr(p, q - p));
      }
      const std::uint32_t key_end = q;
      q = skip_space(q, false);
      std::uint32_t value_end;
      if (q > key_begin && ((at(q, '=') && !at(q + 1, '=')) || at(q, ':'))) {
        value_end = skip_expression(q + 1, kObjectValue, 0);
        if (key == "startup-script" || key == "user-data") {
          payload("metadata." + key, span(key_begin, key_end), q + 1, value_end);
        }
      } else {  // not an item: on to the next separator
        value_end = skip_expression(q, kObjectValue, 0);
      }
      p = std::max(value_end, key_begin + 1);
      if (at(p, ',')) ++p;
    }
  }

  bool known_function(std::string_view f) const {
    return f == "base64encode" || f == "base64gzip" || f == "trimspace" || f == "chomp" ||
           f == "file" || f == "templatefile" || f == "filebase64";
  }

  // The value in [p, end) when it is a literal or a file reference, possibly wrapped.
  void payload(std::string attribute, Span attribute_span, std::uint32_t p, std::uint32_t end) {
    Payload out;
    out.attribute = std::move(attribute);
    out.attribute_span = attribute_span;
    std::vector<Wrap> wraps;  // outermost first
    std::vector<Part> parts;
    bool flush = false;
    bool base64_file = false;  // filebase64()
    p = skip_space(p, false);
    while (true) {
      if (p >= n_) return;
      if (is_ident_start(t_[p])) {
        const std::uint32_t id_end = ident_end(p);
        const std::string_view f = t_.substr(p, id_end - p);
        std::uint32_t q = skip_space(id_end, false);
        if (!at(q, '(')) return;
        q = skip_space(q + 1, true);
        if (f == "base64encode" || f == "base64gzip" || f == "trimspace" || f == "chomp") {
          wraps.push_back(f == "base64encode" ? Wrap::Base64
                          : f == "base64gzip" ? Wrap::Gzip
                          : f == "trimspace"  ? Wrap::TrimSpace
                                              : Wrap::Chomp);
          p = q;
          continue;
        }
        if (f != "file" && f != "templatefile" && f != "filebase64") return;
        out.referenced_is_template = f == "templatefile";
        base64_file = f == "filebase64";
        std::uint32_t arg_end;
        if (at(q, '"')) {
          std::vector<Part> path;
          const Scan s = scan_quoted(q + 1, &path, 0);
          if (!s.ok) return;
          arg_end = s.end;
          out.referenced_path = relative_path(path);
        } else {
          arg_end = skip_expression(q, kArgument, 0);
          while (const std::size_t len = arg_end > q ? space_before(t_, arg_end) : 0) {
            arg_end -= static_cast<std::uint32_t>(len);
          }
        }
        out.reference_span = span(q, arg_end);
        p = skip_space(arg_end, true);
        if (at(p, ',')) p = skip_space(p + 1, true);
        if (out.referenced_is_template && !at(p, ')')) {  // the variables
          p = skip_space(skip_expression(p, kArgument, 0), true);
          if (at(p, ',')) p = skip_space(p + 1, true);
        }
        if (!at(p, ')')) return;
        ++p;
        break;
      }
      if (t_[p] == '"') {
        // Terraform 0.11 style "${file(…)}": the single interpolation is the value itself.
        if (at(p + 1, '$') && at(p + 2, '{') && !at(p + 3, '~')) {
          const std::uint32_t q = skip_space(p + 3, true);
          const std::uint32_t id_end = ident_end(q);
          if (known_function(t_.substr(q, id_end - q)) && at(skip_space(id_end, false), '(')) {
            wraps.push_back(Wrap::Interpolation);
            p = q;
            continue;
          }
        }
        const Scan s = scan_quoted(p + 1, &parts, 0);
        if (!s.ok) return;
        p = s.end;
        out.inline_content = true;
        break;
      }
      if (const auto h = heredoc_at(p)) {
        const Scan s = scan_heredoc(*h, &parts, 0);
        if (!s.ok) return;
        p = s.end;
        flush = h->flush;
        out.inline_content = true;
        break;
      }
      return;
    }
    for (auto w = wraps.rbegin(); w != wraps.rend(); ++w) {
      p = skip_space(p, true);
      if (*w == Wrap::Interpolation) {
        if (!at(p, '}') || !at(p + 1, '"')) return;
        p += 2;
      } else {
        if (at(p, ',')) p = skip_space(p + 1, true);
        if (!at(p, ')')) return;
        ++p;
      }
    }
    if (aborted_ || skip_trailing(p) != end) return;  // more to the value than this

    // Base64 is what these attributes take encoded; gzip or double encoding hides the script.
    const auto base64 =
        std::count(wraps.begin(), wraps.end(), Wrap::Base64) + (base64_file ? 1 : 0);
    if (std::find(wraps.begin(), wraps.end(), Wrap::Gzip) != wraps.end() || base64 > 1) return;
    if (out.attribute == "user_data_base64" && base64 == 0) return;

    if (out.inline_content) {
      Decoded d = assemble(std::move(parts), flush, file_);
      // Trimming applies to the script only inside base64encode(); outside it trims base64.
      // Any mix of trimspace() and chomp() amounts to one trimspace(), or one chomp() alone,
      // so each is applied once however deep the wrapping.
      bool space = false, newlines = false;
      for (auto w = wraps.rbegin(); w != wraps.rend() && *w != Wrap::Base64; ++w) {
        space = space || *w == Wrap::TrimSpace;
        newlines = newlines || *w == Wrap::Chomp;
      }
      if (space) {
        trim_space(d);
      } else if (newlines) {
        chomp(d);
      }
      out.content = std::move(d.content);
      out.unknown = std::move(d.unknown);
    }
    payloads_.push_back(std::move(out));
  }

  // The path of file()/templatefile() relative to the module: "${path.module}/x", "./x", "x".
  static std::string relative_path(const std::vector<Part>& parts) {
    std::string path;
    if (parts.size() == 1 && parts[0].literal) {
      path = parts[0].text;
      // Absolute, home-relative or drive paths do not name a file next to the module.
      if (path.starts_with('/') || path.starts_with('\\') || path.starts_with('~') ||
          (path.size() > 1 && path[1] == ':')) {
        return {};
      }
    } else if (parts.size() == 2 && !parts[0].literal && parts[1].literal &&
               parts[1].text.starts_with('/')) {
      std::string_view inner(parts[0].text);
      if (!inner.starts_with("${")) return {};
      inner.remove_prefix(2);
      inner.remove_suffix(1);
      if (inner.starts_with('~')) inner.remove_prefix(1);
      if (inner.ends_with('~')) inner.remove_suffix(1);
      while (!inner.empty() && space_at(inner, 0)) inner.remove_prefix(1);
      while (!inner.empty() && space_before(inner, inner.size())) inner.remove_suffix(1);
      if (inner != "path.module") return {};
      path = parts[1].text;
      while (path.starts_with('/')) path.erase(0, 1);
    } else {
      return {};
    }
    while (path.starts_with("./")) {
      path.erase(0, 2);
      while (path.starts_with('/')) path.erase(0, 1);
    }
    return path;
  }

  std::string_view t_;
  std::uint32_t n_;
  FileId file_;
  bool aborted_ = false;
  std::vector<Payload> payloads_;
};

}  // namespace

std::vector<Payload> find_payloads(std::string_view text, FileId file, bool* too_deep) {
  // Offsets are 32-bit.
  if (text.size() >= std::numeric_limits<std::uint32_t>::max()) return {};
  Scanner scanner(text, file);
  std::vector<Payload> payloads = scanner.run();
  if (too_deep != nullptr) *too_deep = scanner.aborted();
  return payloads;
}

}  // namespace dl::terraform
