#include "parsers/yaml/yaml_document.h"

#include <yaml.h>

#include <algorithm>
#include <deque>
#include <initializer_list>
#include <limits>
#include <memory>
#include <unordered_map>
#include <unordered_set>

namespace dl::yaml {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
// Collections nested deeper than this become one Unknown node. No configuration file comes
// close, and it keeps recursive walks, copies and destruction of a Node tree shallow.
constexpr std::uint32_t kMaxDepth = 1000;
// libyaml 0.2.5 rescans every open flow level for each token (quadratic: 100,000 nested `[`
// take half a minute), so deeper flow nesting is a syntax error instead. libyaml's scanner
// runs ahead of its events by at most a line or 1024 characters of possible simple key;
// its own flow level is checked too, with that much slack, in case it runs further.
constexpr std::size_t kMaxFlowDepth = 1000;
constexpr int kMaxScannerFlowLevel = static_cast<int>(4 * kMaxFlowDepth);
// What alias expansion (and merge keys) may copy across one stream: past it an alias is an
// Unknown node, which keeps "billion laughs" documents small and fast.
constexpr std::uint64_t kCopyNodeBudget = 100000;
constexpr std::uint64_t kCopyByteBudget = 8u << 20;
// Sizes saturate here (Item keeps them in 32 bits); any size this large is over budget.
constexpr std::uint64_t kSizeCap = std::numeric_limits<std::uint32_t>::max();

std::uint64_t add_capped(std::uint64_t a, std::uint64_t b) {
  return std::min(kSizeCap, a + b);
}

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

unsigned hex_value(char c) {
  if (c <= '9') return static_cast<unsigned>(c - '0');
  return static_cast<unsigned>((c | 0x20) - 'a' + 10);
}

// libyaml's anchor characters.
bool is_anchor_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == '-';
}

// Length of the line break at s[i] as libyaml reads them (LF, CR, CRLF, NEL, LS, PS), or 0.
std::size_t break_length(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == '\r') return i + 1 < s.size() && s[i + 1] == '\n' ? 2 : 1;
  if (c == '\n') return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x85) return 2;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
       static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
    return 3;
  }
  return 0;
}

// Bytes in the (already validated) UTF-8 character that starts with `lead`.
std::size_t char_length(char lead) {
  const auto c = static_cast<unsigned char>(lead);
  return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

// ---------------------------------------------------------------------------------------
// The bytes libyaml reads: the blanked input, cut before the first character libyaml's
// reader rejects. That check is done here, because libyaml decodes up to 16 KiB ahead and
// would fail before delivering documents that precede the bad byte.

class Input {
 public:
  // `text` is read in place; `blanked` (when not empty) is a copy with template bytes
  // blanked, read instead.
  Input(std::string_view text, std::string blanked, std::uint32_t base)
      : owned_(std::move(blanked)), text_(owned_.empty() ? text : owned_), base_(base) {
    validate();
  }

  std::string_view bytes() const { return std::string_view(text_).substr(0, valid_); }
  std::uint32_t base() const { return base_; }
  // Set when the input holds a byte libyaml rejects: libyaml's message, the local offset it
  // reports, and where the input given to libyaml stops (the start of that character).
  const char* invalid_message() const { return invalid_message_; }
  std::size_t invalid_at() const { return reported_; }
  std::size_t cut() const { return valid_; }
  std::size_t size() const { return text_.size(); }

  // libyaml marks count characters: the local byte offset of character `index`.
  std::uint32_t local_of(std::size_t index) const {
    if (index >= chars_) return static_cast<std::uint32_t>(valid_);
    std::size_t at = checkpoints_[index / kStride];
    for (std::size_t k = index % kStride; k > 0; --k) at += char_length(text_[at]);
    return static_cast<std::uint32_t>(at);
  }

 private:
  static constexpr std::size_t kStride = 64;
  static constexpr std::size_t kNoOffset = std::numeric_limits<std::size_t>::max();

  // libyaml's reader rules (UTF-8 decoding, then the YAML character set), same messages.
  void validate() {
    const std::string_view s = text_;
    std::size_t i = 0;
    while (i < s.size()) {
      if (chars_ % kStride == 0) checkpoints_.push_back(static_cast<std::uint32_t>(i));
      const auto lead = static_cast<unsigned char>(s[i]);
      const std::size_t width = (lead & 0x80) == 0x00   ? 1
                                : (lead & 0xE0) == 0xC0 ? 2
                                : (lead & 0xF0) == 0xE0 ? 3
                                : (lead & 0xF8) == 0xF0 ? 4
                                                        : 0;
      if (width == 0) return fail(i, "invalid leading UTF-8 octet");
      if (i + width > s.size()) return fail(i, "incomplete UTF-8 octet sequence");
      std::uint32_t value = width == 1   ? lead & 0x7F
                            : width == 2 ? lead & 0x1F
                            : width == 3 ? lead & 0x0F
                                         : lead & 0x07;
      for (std::size_t k = 1; k < width; ++k) {
        const auto octet = static_cast<unsigned char>(s[i + k]);
        if ((octet & 0xC0) != 0x80) return fail(i, "invalid trailing UTF-8 octet", i + k);
        value = (value << 6) + (octet & 0x3F);
      }
      if (!(width == 1 || (width == 2 && value >= 0x80) || (width == 3 && value >= 0x800) ||
            (width == 4 && value >= 0x10000))) {
        return fail(i, "invalid length of a UTF-8 sequence");
      }
      if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
        return fail(i, "invalid Unicode character");
      }
      if (!(value == 0x09 || value == 0x0A || value == 0x0D || (value >= 0x20 && value <= 0x7E) ||
            value == 0x85 || (value >= 0xA0 && value <= 0xD7FF) ||
            (value >= 0xE000 && value <= 0xFFFD) || (value >= 0x10000 && value <= 0x10FFFF))) {
        return fail(i, "control characters are not allowed");
      }
      i += width;
      ++chars_;
    }
    valid_ = s.size();
  }

  // libyaml reads up to the bad character; it names the bad byte within it.
  void fail(std::size_t at, const char* message, std::size_t reported = kNoOffset) {
    valid_ = at;
    reported_ = reported == kNoOffset ? at : reported;
    invalid_message_ = message;
  }

  std::string owned_;
  std::string_view text_;
  std::uint32_t base_;
  std::size_t valid_ = 0;
  std::size_t reported_ = 0;
  const char* invalid_message_ = nullptr;
  std::size_t chars_ = 0;
  std::vector<std::uint32_t> checkpoints_;  // byte offset of every kStride-th character
};

// ---------------------------------------------------------------------------------------
// Scalar values rebuilt from their source with one offset per byte. Each function mirrors
// the matching libyaml scanner routine; the result is checked against libyaml's value.

class ValueBuilder {
 public:
  ValueBuilder(std::string_view s, std::uint32_t base, SourcedText& out)
      : s_(s), base_(base), out_(out) {}

  // A plain scalar in s[begin, end): libyaml has already found where it ends.
  bool plain(std::size_t begin, std::size_t end) {
    std::size_t i = begin;
    while (i < end) {
      if (is_blank(s_[i])) {
        if (!leading_blanks_) spaces_.push_back(i);
        ++i;
      } else if (const std::size_t length = break_length(s_, i)) {
        line_break(i, length);
        i += length;
      } else {
        join();
        i = copy_char(i);
      }
    }
    return i == end;
  }

  // A single- or double-quoted scalar in s[begin, end), quotes included.
  bool quoted(std::size_t begin, std::size_t end) {
    if (end < begin + 2 || end > s_.size()) return false;
    const char quote = s_[begin];
    if ((quote != '\'' && quote != '"') || s_[end - 1] != quote) return false;
    const bool single = quote == '\'';
    const std::size_t close = end - 1;
    std::size_t i = begin + 1;
    while (true) {
      leading_blanks_ = false;
      while (i < close && !is_blank(s_[i]) && break_length(s_, i) == 0) {
        if (single && s_[i] == '\'') {
          if (i + 1 >= close || s_[i + 1] != '\'') return false;
          append('\'', i + 1);  // the second quote is the escaped one
          i += 2;
        } else if (!single && s_[i] == '\\') {
          if (const std::size_t length = break_length(s_, i + 1)) {
            i += 1 + length;  // an escaped line break joins without a space
            leading_blanks_ = true;
            break;
          }
          if (!escape(i, close)) return false;
        } else {
          i = copy_char(i);
        }
      }
      if (i >= close) break;
      while (i < close && (is_blank(s_[i]) || break_length(s_, i) != 0)) {
        if (is_blank(s_[i])) {
          if (!leading_blanks_) spaces_.push_back(i);
          ++i;
        } else {
          const std::size_t length = break_length(s_, i);
          line_break(i, length);
          i += length;
        }
      }
      if (leading_blanks_) {
        fold();
      } else {
        flush_spaces();
      }
    }
    return i == close;
  }

  // A literal or folded block scalar starting at its indicator. `parent_indent` is libyaml's
  // indentation level there (the enclosing block collection's column, -1 at the top).
  // `libyaml_end` is where libyaml's token ended; `span_end` receives the end of the scalar
  // as written (its last content byte, or its header when it has none).
  bool block(std::size_t begin, std::size_t libyaml_end, int parent_indent, std::size_t& span_end) {
    std::size_t i = begin;
    if (i >= s_.size() || (s_[i] != '|' && s_[i] != '>')) return false;
    const bool literal = s_[i] == '|';
    ++i;
    int chomping = 0;
    int increment = 0;
    const auto digit = [&](std::size_t at) {
      return at < s_.size() && s_[at] >= '1' && s_[at] <= '9';
    };
    const auto sign = [&](std::size_t at) {
      return at < s_.size() && (s_[at] == '+' || s_[at] == '-');
    };
    if (sign(i)) {
      chomping = s_[i++] == '+' ? 1 : -1;
      if (digit(i)) increment = s_[i++] - '0';
    } else if (digit(i)) {
      increment = s_[i++] - '0';
      if (sign(i)) chomping = s_[i++] == '+' ? 1 : -1;
    }
    span_end = i;
    int column = 1;  // only read when the header ends the input, with no content to place
    while (i < s_.size() && is_blank(s_[i])) ++i;
    if (i < s_.size() && s_[i] == '#') {
      while (i < s_.size() && break_length(s_, i) == 0) ++i;
    }
    if (i < s_.size()) {
      const std::size_t length = break_length(s_, i);
      if (length == 0) return false;
      i += length;
      column = 0;
    }
    int indent = 0;
    if (increment != 0) indent = parent_indent >= 0 ? parent_indent + increment : increment;
    std::size_t token_end = i;
    bool leading_blank = false;
    if (!block_breaks(i, column, indent, parent_indent, token_end)) return false;
    while (column == indent && i < s_.size()) {
      const bool trailing_blank = is_blank(s_[i]);
      if (!literal && leading_is_newline() && !leading_blank && !trailing_blank) {
        if (trailing_.empty()) append(' ', leading_at_);
        leading_length_ = 0;
      } else {
        append_leading();
      }
      append_trailing();
      leading_blank = is_blank(s_[i]);
      while (i < s_.size() && break_length(s_, i) == 0) {
        i = copy_char(i);
        ++column;
      }
      if (const std::size_t length = break_length(s_, i)) {
        leading_at_ = i;
        leading_length_ = length;
        i += length;
        column = 0;
      }
      if (!block_breaks(i, column, indent, parent_indent, token_end)) return false;
    }
    if (chomping != -1) append_leading();
    if (chomping == 1) append_trailing();
    if (!out_.offsets.empty()) {
      span_end = std::max<std::size_t>(span_end, out_.offsets.back() - base_ + 1);
    }
    return token_end == libyaml_end;
  }

 private:
  // Indentation and empty lines before a block scalar line (libyaml's
  // yaml_parser_scan_block_scalar_breaks); settles an undeclared indentation.
  bool block_breaks(std::size_t& i, int& column, int& indent, int parent_indent,
                    std::size_t& token_end) {
    int max_indent = 0;
    token_end = i;
    while (true) {
      while ((indent == 0 || column < indent) && i < s_.size() && s_[i] == ' ') {
        ++i;
        ++column;
      }
      max_indent = std::max(max_indent, column);
      if ((indent == 0 || column < indent) && i < s_.size() && s_[i] == '\t') return false;
      const std::size_t length = break_length(s_, i);
      if (length == 0) break;
      trailing_.push_back({i, length});
      i += length;
      column = 0;
      token_end = i;
    }
    if (indent == 0) indent = std::max({max_indent, parent_indent + 1, 1});
    return true;
  }

  void append(char c, std::size_t at) { out_.append(c, static_cast<std::uint32_t>(base_ + at)); }

  std::size_t copy_char(std::size_t i) {
    const std::size_t length = std::min(char_length(s_[i]), s_.size() - i);
    for (std::size_t k = 0; k < length; ++k) append(s_[i + k], i + k);
    return i + length;
  }

  // A line break as libyaml stores it: LS and PS as they are, the others as '\n'.
  void append_break(std::size_t at, std::size_t length) {
    if (length == 3) {
      for (std::size_t k = 0; k < 3; ++k) append(s_[at + k], at + k);
    } else {
      append('\n', at);
    }
  }

  bool leading_is_newline() const { return leading_length_ != 0 && leading_length_ != 3; }

  void append_leading() {
    if (leading_length_ != 0) append_break(leading_at_, leading_length_);
    leading_length_ = 0;
  }

  void append_trailing() {
    for (const auto& [at, length] : trailing_) append_break(at, length);
    trailing_.clear();
  }

  void line_break(std::size_t at, std::size_t length) {
    if (!leading_blanks_) {
      spaces_.clear();  // blanks before a line break are dropped
      leading_at_ = at;
      leading_length_ = length;
      leading_blanks_ = true;
    } else {
      trailing_.push_back({at, length});
    }
  }

  // Line folding: one break becomes a space, further (empty) lines stay breaks.
  void fold() {
    if (leading_is_newline()) {
      if (trailing_.empty()) append(' ', leading_at_);
      leading_length_ = 0;
    } else {
      append_leading();
    }
    append_trailing();
  }

  void flush_spaces() {
    for (const std::size_t at : spaces_) append(s_[at], at);
    spaces_.clear();
  }

  // Before a plain scalar's next content character.
  void join() {
    if (leading_blanks_) {
      fold();
      leading_blanks_ = false;
    } else {
      flush_spaces();
    }
  }

  // A double-quoted escape at s[i] ('\\'); every decoded byte takes the offset of the
  // character after the backslash.
  bool escape(std::size_t& i, std::size_t close) {
    if (i + 1 >= close) return false;
    const std::size_t at = i + 1;
    std::size_t code_length = 0;
    const auto put = [&](std::initializer_list<unsigned char> bytes) {
      for (const unsigned char b : bytes) append(static_cast<char>(b), at);
    };
    switch (s_[at]) {
      case '0': put({0x00}); break;
      case 'a': put({0x07}); break;
      case 'b': put({0x08}); break;
      case 't':
      case '\t': put({0x09}); break;
      case 'n': put({0x0A}); break;
      case 'v': put({0x0B}); break;
      case 'f': put({0x0C}); break;
      case 'r': put({0x0D}); break;
      case 'e': put({0x1B}); break;
      case ' ': put({0x20}); break;
      case '"': put({'"'}); break;
      case '/': put({'/'}); break;
      case '\'': put({'\''}); break;
      case '\\': put({'\\'}); break;
      case 'N': put({0xC2, 0x85}); break;
      case '_': put({0xC2, 0xA0}); break;
      case 'L': put({0xE2, 0x80, 0xA8}); break;
      case 'P': put({0xE2, 0x80, 0xA9}); break;
      case 'x': code_length = 2; break;
      case 'u': code_length = 4; break;
      case 'U': code_length = 8; break;
      default: return false;
    }
    i += 2;
    if (code_length == 0) return true;
    if (i + code_length > close) return false;
    std::uint32_t value = 0;
    for (std::size_t k = 0; k < code_length; ++k) {
      if (!is_hex(s_[i + k])) return false;
      value = (value << 4) + hex_value(s_[i + k]);
    }
    if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) return false;
    if (value <= 0x7F) {
      put({static_cast<unsigned char>(value)});
    } else if (value <= 0x7FF) {
      put({static_cast<unsigned char>(0xC0 + (value >> 6)),
           static_cast<unsigned char>(0x80 + (value & 0x3F))});
    } else if (value <= 0xFFFF) {
      put({static_cast<unsigned char>(0xE0 + (value >> 12)),
           static_cast<unsigned char>(0x80 + ((value >> 6) & 0x3F)),
           static_cast<unsigned char>(0x80 + (value & 0x3F))});
    } else {
      put({static_cast<unsigned char>(0xF0 + (value >> 18)),
           static_cast<unsigned char>(0x80 + ((value >> 12) & 0x3F)),
           static_cast<unsigned char>(0x80 + ((value >> 6) & 0x3F)),
           static_cast<unsigned char>(0x80 + (value & 0x3F))});
    }
    i += code_length;
    return true;
  }

  std::string_view s_;
  std::uint32_t base_;
  SourcedText& out_;
  std::vector<std::size_t> spaces_;  // blanks waiting for the next content character
  bool leading_blanks_ = false;      // inside a run of line breaks
  std::size_t leading_at_ = 0;       // the run's first break
  std::size_t leading_length_ = 0;   // 0: none
  std::vector<std::pair<std::size_t, std::size_t>> trailing_;  // the run's further breaks
};

// ---------------------------------------------------------------------------------------
// Events become a per-document arena of items first: an alias is one item pointing at its
// anchor, so nothing is copied until the document is turned into Nodes, where copies are
// counted against the budget.

// Elements appended in chunks that never move (no copy of everything on growth, and
// pointers into them stay valid until clear()).
template <typename T>
class Pool {
 public:
  const T* add(const T* data, std::size_t count) {
    if (chunks_.empty() || chunks_.back().capacity() - chunks_.back().size() < count) {
      chunks_.emplace_back().reserve(std::max(kChunk, count));
    }
    std::vector<T>& chunk = chunks_.back();
    const std::size_t at = chunk.size();
    chunk.insert(chunk.end(), data, data + count);
    return chunk.data() + at;
  }
  void clear() { chunks_.clear(); }

 private:
  static constexpr std::size_t kChunk = (64u << 10) / sizeof(T);
  std::vector<std::vector<T>> chunks_;
};

// A scalar's value in the document arena: its text, and its offsets only when they are not
// simply consecutive file offsets (plain and most quoted scalars are copied byte for byte).
struct StoredValue {
  const char* text = nullptr;
  const std::uint32_t* offsets = nullptr;  // nullptr: text[i] came from first + i
  std::uint32_t size = 0;
  std::uint32_t first = 0;
  bool known = true;
};

struct Ref {
  std::uint32_t item;
  std::uint32_t via;  // the alias whose copy brings this in (merge keys), or kNone
};

struct Item {
  Node::Kind kind = Node::Kind::Unknown;
  ScalarStyle style = ScalarStyle::Plain;
  bool is_alias = false;  // `*name`: `target` is the anchored item
  bool dangling = false;  // `*name` with no anchor of that name before it
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t tag = kNone;
  std::uint32_t value = kNone;
  std::uint32_t target = kNone;
  std::uint32_t first = 0;  // children: refs[first, first + count), a mapping's in pairs
  std::uint32_t count = 0;
  std::uint32_t height = 1;  // once aliases are expanded
  std::uint32_t nodes = 1;   // saturating at kSizeCap
  std::uint32_t bytes = 0;
};

struct Frame {
  bool mapping = false;
  bool flow = false;
  int indent = -1;  // libyaml's indentation level inside (block collections)
  std::uint32_t begin = 0;
  std::uint32_t content_end = 0;
  std::uint32_t tag = kNone;
  std::string anchor;
  std::vector<std::uint32_t> children;
};

class Reader {
 public:
  Reader(const Input& input, FileId file, std::vector<tmpl::Region> regions)
      : input_(input), s_(input.bytes()), file_(file), regions_(std::move(regions)) {}

  Stream run() {
    yaml_parser_t parser;
    if (yaml_parser_initialize(&parser) == 0) {
      stream_.error = SyntaxError{Span{file_, input_.base(), input_.base()}, "out of memory"};
      return std::move(stream_);
    }
    const std::unique_ptr<yaml_parser_t, void (*)(yaml_parser_t*)> guard(&parser,
                                                                         yaml_parser_delete);
    static const unsigned char kEmpty[1] = {0};
    yaml_parser_set_input_string(
        &parser, s_.empty() ? kEmpty : reinterpret_cast<const unsigned char*>(s_.data()),
        s_.size());
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    while (true) {
      yaml_event_t event;
      if (yaml_parser_parse(&parser, &event) == 0) {
        libyaml_error(parser);
        break;
      }
      const std::unique_ptr<yaml_event_t, void (*)(yaml_event_t*)> event_guard(&event,
                                                                               yaml_event_delete);
      if (parser.flow_level > kMaxScannerFlowLevel) {
        too_deep(parser.mark);
        break;
      }
      handle(event);
      if (flow_depth_ > kMaxFlowDepth) {
        too_deep(event.start_mark);
        break;
      }
      if (event.type == YAML_STREAM_END_EVENT) break;
    }
    if (input_.invalid_message() != nullptr && !before_cut(error_)) {
      error_at(input_.invalid_at(), input_.invalid_message());
    }
    stream_.error = std::move(error_);
    return std::move(stream_);
  }

 private:
  // A libyaml error is libyaml's own only when it lies before the cut at an invalid byte;
  // errors at the cut come from the truncation.
  bool before_cut(const std::optional<SyntaxError>& error) const {
    return error.has_value() &&
           error->span.begin < input_.base() + static_cast<std::uint32_t>(input_.cut());
  }

  // An error at local offset `at`, spanning the character there (nothing at the end).
  void error_at(std::size_t at, std::string message) {
    std::size_t width = 0;
    if (at < s_.size()) {
      width = std::min(char_length(s_[at]), s_.size() - at);
    } else if (at < input_.size()) {
      width = 1;  // a byte libyaml's reader rejects
    }
    const auto begin = static_cast<std::uint32_t>(input_.base() + at);
    error_ = SyntaxError{Span{file_, begin, static_cast<std::uint32_t>(begin + width)},
                         std::move(message)};
  }

  void too_deep(const yaml_mark_t& mark) {
    error_at(local(mark),
             "flow collections nested deeper than " + std::to_string(kMaxFlowDepth) + " levels");
  }

  std::uint32_t local(const yaml_mark_t& mark) const { return input_.local_of(mark.index); }
  std::uint32_t offset(const yaml_mark_t& mark) const { return input_.base() + local(mark); }

  void libyaml_error(const yaml_parser_t& parser) {
    std::uint32_t at = 0;
    if (parser.error == YAML_READER_ERROR) {
      at = static_cast<std::uint32_t>(std::min(parser.problem_offset, s_.size()));
    } else {
      at = local(parser.problem_mark);
    }
    std::string message = parser.problem != nullptr ? parser.problem : "";
    if (parser.error == YAML_MEMORY_ERROR) message = "out of memory";
    if (parser.context != nullptr) message += std::string(" ") + parser.context;
    error_at(at, std::move(message));
  }

  void handle(const yaml_event_t& event) {
    switch (event.type) {
      case YAML_DOCUMENT_START_EVENT: start_document(event); break;
      case YAML_DOCUMENT_END_EVENT: end_document(event); break;
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: open(event); break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: close(event); break;
      case YAML_SCALAR_EVENT: scalar(event); break;
      case YAML_ALIAS_EVENT: alias(event); break;
      default: break;
    }
  }

  void start_document(const yaml_event_t& event) {
    items_.clear();
    values_.clear();
    text_pool_.clear();
    offset_pool_.clear();
    refs_.clear();
    tags_.clear();
    anchors_.clear();
    frames_.clear();
    open_flow_.clear();
    flow_depth_ = 0;
    root_ = kNone;
    skip_depth_ = 0;
    document_begin_ = offset(event.start_mark);
    document_head_end_ = offset(event.end_mark);
  }

  void end_document(const yaml_event_t& event) {
    if (root_ == kNone || !frames_.empty() || skip_depth_ != 0) return;
    const std::uint32_t end = offset(event.end_mark);
    // A document ended only by the cut before an invalid byte is incomplete.
    if (input_.invalid_message() != nullptr && event.data.document_end.implicit != 0 &&
        local(event.end_mark) >= s_.size()) {
      return;
    }
    const Item& root = items_[root_];
    Span span{file_, document_begin_,
              event.data.document_end.implicit != 0
                  ? std::max({document_head_end_, root.end, document_begin_})
                  : end};
    emit(span);
  }

  // The properties (`&anchor`, `!tag`) a node starts with: returns where the node itself
  // starts, and the tag as written.
  std::size_t skip_properties(std::size_t i, std::string* tag) const {
    while (i < s_.size()) {
      if (is_blank(s_[i])) {
        ++i;
      } else if (const std::size_t length = break_length(s_, i)) {
        i += length;
      } else if (s_[i] == '#') {
        while (i < s_.size() && break_length(s_, i) == 0) ++i;
      } else if (s_[i] == '&') {
        ++i;
        while (i < s_.size() && is_anchor_char(s_[i])) ++i;
      } else if (s_[i] == '!') {
        const std::size_t start = i;
        while (i < s_.size() && !is_blank(s_[i]) && break_length(s_, i) == 0) ++i;
        if (tag != nullptr) *tag = std::string(s_.substr(start, i - start));
      } else {
        break;
      }
    }
    return i;
  }

  std::uint32_t tag_of(const yaml_mark_t& start, const unsigned char* resolved) {
    if (resolved == nullptr) return kNone;
    std::string tag;
    skip_properties(local(start), &tag);
    if (tag.empty()) tag = reinterpret_cast<const char*>(resolved);
    tags_.push_back(std::move(tag));
    return static_cast<std::uint32_t>(tags_.size() - 1);
  }

  // libyaml's indentation level for a block scalar here.
  int parent_indent() const {
    if (frames_.empty() || frames_.back().flow) return -1;
    return frames_.back().indent;
  }

  void open(const yaml_event_t& event) {
    const bool flow = event.type == YAML_MAPPING_START_EVENT
                          ? event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                          : event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
    open_flow_.push_back(flow);
    if (flow) ++flow_depth_;
    if (skip_depth_ > 0 || frames_.size() >= kMaxDepth) {
      if (skip_depth_++ == 0) {
        skip_begin_ = offset(event.start_mark);
        if (!stream_.too_deep) stream_.too_deep = Span{file_, skip_begin_, skip_begin_};
      }
      return;
    }
    const bool mapping = event.type == YAML_MAPPING_START_EVENT;
    Frame frame;
    frame.mapping = mapping;
    frame.flow = flow;
    frame.begin = offset(event.start_mark);
    frame.content_end = offset(event.end_mark);
    if (!frame.flow) {
      // A block collection's start event ends at its first key or `-`, whose column is the
      // new indentation level; a `-` sequence directly under a key (ending after its first
      // `-`) keeps the mapping's.
      const std::uint32_t at = local(event.end_mark);
      const bool indentless = !mapping && (at >= s_.size() || s_[at] != '-');
      frame.indent = indentless ? parent_indent() : static_cast<int>(event.end_mark.column);
    }
    const unsigned char* anchor =
        mapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor;
    frame.tag = tag_of(event.start_mark,
                       mapping ? event.data.mapping_start.tag : event.data.sequence_start.tag);
    if (anchor != nullptr) frame.anchor = reinterpret_cast<const char*>(anchor);
    frames_.push_back(std::move(frame));
  }

  void close(const yaml_event_t& event) {
    if (!open_flow_.empty()) {
      if (open_flow_.back()) --flow_depth_;
      open_flow_.pop_back();
    }
    if (skip_depth_ > 0) {
      if (--skip_depth_ == 0) {
        Item item;
        item.begin = skip_begin_;
        item.end = std::max(skip_begin_, offset(event.end_mark));
        attach(add(std::move(item)));
      }
      return;
    }
    if (frames_.empty()) return;
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    Item item;
    item.kind = frame.mapping ? Node::Kind::Mapping : Node::Kind::Sequence;
    item.begin = frame.begin;
    item.end = frame.flow ? offset(event.end_mark) : frame.content_end;
    item.end = std::max(item.end, item.begin);
    item.tag = frame.tag;
    if (frame.mapping) {
      build_mapping(frame.children, item);
    } else {
      item.first = static_cast<std::uint32_t>(refs_.size());
      for (const std::uint32_t child : frame.children) refs_.push_back({child, kNone});
      item.count = static_cast<std::uint32_t>(frame.children.size());
    }
    measure(item);
    const std::uint32_t index = add(std::move(item));
    if (!frame.anchor.empty()) anchors_[frame.anchor] = index;
    attach(index);
  }

  void scalar(const yaml_event_t& event) {
    if (skip_depth_ > 0) return;
    const auto& data = event.data.scalar;
    Item item;
    item.kind = Node::Kind::Scalar;
    switch (data.style) {
      case YAML_SINGLE_QUOTED_SCALAR_STYLE: item.style = ScalarStyle::SingleQuoted; break;
      case YAML_DOUBLE_QUOTED_SCALAR_STYLE: item.style = ScalarStyle::DoubleQuoted; break;
      case YAML_LITERAL_SCALAR_STYLE: item.style = ScalarStyle::Literal; break;
      case YAML_FOLDED_SCALAR_STYLE: item.style = ScalarStyle::Folded; break;
      default: item.style = ScalarStyle::Plain; break;
    }
    const std::uint32_t begin = local(event.start_mark);
    const std::uint32_t end = std::max(begin, local(event.end_mark));
    const bool has_properties = data.anchor != nullptr || data.tag != nullptr;
    const std::size_t start =
        has_properties ? std::min<std::size_t>(skip_properties(begin, nullptr), end) : begin;
    item.tag = tag_of(event.start_mark, data.tag);

    SourcedText& value = scratch_;
    value.file = file_;
    value.text.clear();
    value.offsets.clear();
    value.known = true;
    const std::string_view expected(reinterpret_cast<const char*>(data.value), data.length);
    std::size_t span_end = end;
    if (!expected.empty()) {
      ValueBuilder builder(s_, input_.base(), value);
      bool ok = false;
      switch (item.style) {
        case ScalarStyle::Plain: ok = builder.plain(start, end); break;
        case ScalarStyle::SingleQuoted:
        case ScalarStyle::DoubleQuoted: ok = builder.quoted(start, end); break;
        case ScalarStyle::Literal:
        case ScalarStyle::Folded: ok = builder.block(start, end, parent_indent(), span_end); break;
      }
      if (!ok || value.text != expected) {
        // Not expected to happen; keep libyaml's value, placed at the scalar's start.
        const bool quoted =
            item.style == ScalarStyle::SingleQuoted || item.style == ScalarStyle::DoubleQuoted;
        const auto at = static_cast<std::uint32_t>(
            input_.base() +
            std::min<std::size_t>(start + (quoted ? 1 : 0), end > begin ? end - 1 : begin));
        value.text = std::string(expected);
        value.offsets.assign(value.text.size(), at);
        span_end = end;
      }
    } else if (item.style == ScalarStyle::Literal || item.style == ScalarStyle::Folded) {
      // An empty block scalar: its header.
      span_end = start + 1;
      while (span_end < end && (s_[span_end] == '+' || s_[span_end] == '-' ||
                                (s_[span_end] >= '1' && s_[span_end] <= '9'))) {
        ++span_end;
      }
    }
    item.begin = input_.base() + begin;
    item.end = input_.base() + static_cast<std::uint32_t>(std::max<std::size_t>(span_end, begin));
    value.known = !touches_template(item.style, begin, static_cast<std::uint32_t>(span_end));
    item.bytes = static_cast<std::uint32_t>(std::min<std::uint64_t>(value.text.size(), kSizeCap));
    item.value = static_cast<std::uint32_t>(values_.size());
    values_.push_back(store(value));
    const std::uint32_t index = add(std::move(item));
    if (data.anchor != nullptr) anchors_[reinterpret_cast<const char*>(data.anchor)] = index;
    attach(index);
  }

  // The value in the arena (scratch_ is reused for the next scalar).
  StoredValue store(const SourcedText& value) {
    StoredValue stored;
    stored.size = static_cast<std::uint32_t>(value.text.size());
    stored.known = value.known;
    if (value.text.empty()) return stored;
    stored.text = text_pool_.add(value.text.data(), value.text.size());
    stored.first = value.offsets.front();
    for (std::size_t k = 1; k < value.offsets.size(); ++k) {
      if (value.offsets[k] != stored.first + k) {
        stored.offsets = offset_pool_.add(value.offsets.data(), value.offsets.size());
        break;
      }
    }
    return stored;
  }

  std::string_view text_of(const StoredValue& value) const {
    return value.size == 0 ? std::string_view() : std::string_view(value.text, value.size);
  }

  void load(const StoredValue& stored, SourcedText& out) const {
    out.file = file_;
    out.known = stored.known;
    out.text.assign(text_of(stored));
    if (stored.offsets != nullptr) {
      out.offsets.assign(stored.offsets, stored.offsets + stored.size);
    } else {
      out.offsets.resize(stored.size);
      for (std::uint32_t k = 0; k < stored.size; ++k) out.offsets[k] = stored.first + k;
    }
  }

  // Template syntax inside the scalar, or (plain scalars, where the blanked template became
  // spaces around the text) next to it on its line; an empty value also takes the blank
  // lines after it, where a template may have supplied the value.
  bool touches_template(ScalarStyle style, std::uint32_t begin, std::uint32_t end) const {
    if (regions_.empty()) return false;
    if (style == ScalarStyle::Plain) {
      while (begin > 0 && is_blank(s_[begin - 1])) --begin;
      const bool empty =
          begin == end || std::all_of(s_.begin() + begin, s_.begin() + end, is_blank);
      while (end < s_.size() && (is_blank(s_[end]) || (empty && break_length(s_, end) != 0))) {
        ++end;
      }
    }
    return tmpl::overlaps(regions_, input_.base() + begin,
                          input_.base() + std::max(end, begin + 1));
  }

  void alias(const yaml_event_t& event) {
    if (skip_depth_ > 0) return;
    Item item;
    item.begin = offset(event.start_mark);
    item.end = std::max(item.begin, offset(event.end_mark));
    const auto found = anchors_.find(reinterpret_cast<const char*>(event.data.alias.anchor));
    if (found == anchors_.end()) {
      item.dangling = true;
    } else {
      const Item& target = items_[found->second];
      item.is_alias = true;
      item.kind = target.kind;
      item.target = found->second;
      item.height = target.height;
      item.nodes = target.nodes;
      item.bytes = target.bytes;
    }
    attach(add(std::move(item)));
  }

  std::uint32_t add(Item item) {
    items_.push_back(std::move(item));
    return static_cast<std::uint32_t>(items_.size() - 1);
  }

  void attach(std::uint32_t index) {
    if (frames_.empty()) {
      root_ = index;
      return;
    }
    Frame& frame = frames_.back();
    frame.children.push_back(index);
    frame.content_end = std::max(frame.content_end, items_[index].end);
  }

  // Sizes once aliases are expanded, for the copy budget.
  void measure(Item& item) const {
    item.nodes = 1;
    item.bytes = 0;
    item.height = 1;
    for (std::uint32_t k = 0; k < item.count; ++k) {
      const Item& child = items_[refs_[item.first + k].item];
      item.nodes = static_cast<std::uint32_t>(add_capped(item.nodes, child.nodes));
      item.bytes = static_cast<std::uint32_t>(add_capped(item.bytes, child.bytes));
      item.height = std::max(item.height, std::min(child.height, kNone - 1) + 1);
    }
  }

  std::uint32_t resolve(std::uint32_t index) const {
    return items_[index].is_alias ? items_[index].target : index;
  }

  // What makes two mapping keys the same key, for merge keys.
  std::string identity(std::uint32_t index) const {
    const std::uint32_t target = resolve(index);
    const Item& item = items_[target];
    if (item.kind == Node::Kind::Scalar) {
      std::string id = "s";
      id += text_of(values_[item.value]);
      return id;
    }
    return "n" + std::to_string(target);
  }

  bool is_merge_key(std::uint32_t index) const {
    const Item& item = items_[index];
    if (item.kind != Node::Kind::Scalar || item.is_alias || item.style != ScalarStyle::Plain ||
        text_of(values_[item.value]) != "<<") {
      return false;
    }
    return item.tag == kNone || tags_[item.tag] == "!!merge" ||
           tags_[item.tag] == "tag:yaml.org,2002:merge";
  }

  // The mappings a merge key's value names, each with the alias that brings it in.
  bool merge_sources(std::uint32_t value, std::vector<Ref>& sources) const {
    std::uint32_t via = items_[value].is_alias ? value : kNone;
    const Item& item = items_[resolve(value)];
    if (item.kind == Node::Kind::Mapping) {
      sources.push_back({resolve(value), via});
      return true;
    }
    if (item.kind != Node::Kind::Sequence) return false;
    for (std::uint32_t k = 0; k < item.count; ++k) {
      const std::uint32_t child = refs_[item.first + k].item;
      if (items_[resolve(child)].kind != Node::Kind::Mapping) continue;
      sources.push_back(
          {resolve(child), via != kNone ? via : (items_[child].is_alias ? child : kNone)});
    }
    return !sources.empty();
  }

  // A mapping's entries with `<<` merge keys expanded in place (YAML 1.1): a merged key is
  // dropped when the mapping states it itself or an earlier merged mapping supplied it.
  void build_mapping(const std::vector<std::uint32_t>& children, Item& item) {
    const std::size_t pairs = children.size() / 2;
    item.first = static_cast<std::uint32_t>(refs_.size());
    std::vector<bool> merge(pairs, false);
    std::vector<Ref> sources;
    bool any = false;
    for (std::size_t k = 0; k < pairs; ++k) {
      sources.clear();
      merge[k] = is_merge_key(children[2 * k]) && merge_sources(children[2 * k + 1], sources);
      any = any || merge[k];
    }
    if (!any) {
      for (std::size_t k = 0; k < 2 * pairs; ++k) refs_.push_back({children[k], kNone});
      item.count = static_cast<std::uint32_t>(2 * pairs);
      return;
    }
    std::unordered_set<std::string> claimed;
    for (std::size_t k = 0; k < pairs; ++k) {
      if (!merge[k]) claimed.insert(identity(children[2 * k]));
    }
    bool over_budget = false;
    for (std::size_t k = 0; k < pairs && !over_budget; ++k) {
      if (!merge[k]) {
        refs_.push_back({children[2 * k], kNone});
        refs_.push_back({children[2 * k + 1], kNone});
        continue;
      }
      sources.clear();
      merge_sources(children[2 * k + 1], sources);
      for (const Ref& source : sources) {
        const Item& from = items_[source.item];
        const std::uint32_t first = from.first;
        const std::uint32_t count = from.count / 2;
        // Within one merged mapping a repeated key means its last value.
        std::unordered_map<std::string, std::uint32_t> last;
        std::vector<std::string> ids(count);
        for (std::uint32_t j = 0; j < count; ++j) {
          ids[j] = identity(refs_[first + 2 * j].item);
          last[ids[j]] = j;
        }
        for (std::uint32_t j = 0; j < count; ++j) {
          if (last[ids[j]] != j || !claimed.insert(ids[j]).second) continue;
          if (++merged_pairs_ > kCopyNodeBudget) {
            over_budget = true;
            break;
          }
          const Ref key = refs_[first + 2 * j];
          const Ref value = refs_[first + 2 * j + 1];
          const std::uint32_t via = source.via != kNone ? source.via : key.via;
          refs_.push_back({key.item, via});
          refs_.push_back({value.item, via});
        }
        if (over_budget) break;
      }
    }
    if (over_budget) {
      refs_.resize(item.first);
      item.kind = Node::Kind::Unknown;
      item.count = 0;
      return;
    }
    item.count = static_cast<std::uint32_t>(refs_.size() - item.first);
  }

  bool afford(std::uint64_t nodes, std::uint64_t bytes) const {
    return copied_nodes_ + nodes <= kCopyNodeBudget && copied_bytes_ + bytes <= kCopyByteBudget;
  }

  void charge(std::uint64_t nodes, std::uint64_t bytes) {
    copied_nodes_ += nodes;
    copied_bytes_ += bytes;
  }

  Span span_of(const Item& item) const { return Span{file_, item.begin, item.end}; }

  // The document's items as a Node tree, with an explicit stack: aliases are copied here.
  void emit(Span span) {
    Document& document = stream_.documents.emplace_back();
    document.span = span;
    struct Task {
      Node* out;
      std::uint32_t item;
      std::uint32_t via;
      bool copy;
      std::uint32_t level;
    };
    std::vector<Task> tasks{{&document.root, root_, kNone, false, 1}};
    while (!tasks.empty()) {
      const Task task = tasks.back();
      tasks.pop_back();
      const Item& item = items_[task.item];
      Node& out = *task.out;
      if (item.is_alias) {
        const Item& target = items_[item.target];
        if (task.copy) {
          tasks.push_back({task.out, item.target, task.via, true, task.level});
        } else if (!afford(target.nodes, target.bytes) ||
                   task.level - 1 + target.height > kMaxDepth + 1) {
          out.span = span_of(target);
          out.alias = span_of(item);
        } else {
          charge(target.nodes, target.bytes);
          tasks.push_back({task.out, item.target, task.item, true, task.level});
        }
        continue;
      }
      out.kind = item.kind;
      out.span = span_of(item);
      if (task.via != kNone) {
        out.alias = span_of(items_[task.via]);
      } else if (item.dangling) {
        out.alias = out.span;
      }
      if (item.tag != kNone) out.tag = Tag(tags_[item.tag]);
      out.style = item.style;
      if (item.kind == Node::Kind::Scalar) {
        load(values_[item.value], out.value);
      } else if (item.kind == Node::Kind::Sequence) {
        out.items.resize(item.count);
        for (std::uint32_t k = 0; k < item.count; ++k) {
          tasks.push_back(
              {&out.items[k], refs_[item.first + k].item, task.via, task.copy, task.level + 1});
        }
      } else if (item.kind == Node::Kind::Mapping) {
        out.entries.resize(item.count / 2);
        for (std::uint32_t k = 0; k < item.count / 2; ++k) {
          const Ref key = refs_[item.first + 2 * k];
          const Ref value = refs_[item.first + 2 * k + 1];
          auto& entry = out.entries[k];
          if (task.copy || key.via == kNone) {
            tasks.push_back({&entry.first, key.item, task.via, task.copy, task.level + 1});
            tasks.push_back({&entry.second, value.item, task.via, task.copy, task.level + 1});
            continue;
          }
          // A pair merged from an alias: a copy.
          const Item& k_item = items_[key.item];
          const Item& v_item = items_[value.item];
          const std::uint64_t nodes = add_capped(k_item.nodes, v_item.nodes);
          const std::uint64_t bytes = add_capped(k_item.bytes, v_item.bytes);
          if (!afford(nodes, bytes) ||
              task.level + std::max(k_item.height, v_item.height) > kMaxDepth + 1) {
            entry.first.span = span_of(k_item);
            entry.first.alias = span_of(items_[key.via]);
            entry.second.span = span_of(v_item);
            entry.second.alias = entry.first.alias;
            continue;
          }
          charge(nodes, bytes);
          tasks.push_back({&entry.first, key.item, key.via, true, task.level + 1});
          tasks.push_back({&entry.second, value.item, key.via, true, task.level + 1});
        }
      }
    }
  }

  const Input& input_;
  std::string_view s_;
  FileId file_;
  std::vector<tmpl::Region> regions_;  // file offsets, sorted and disjoint
  Stream stream_;
  std::optional<SyntaxError> error_;

  // The current document. Deques: large documents grow them without copying.
  std::deque<Item> items_;
  std::deque<StoredValue> values_;
  Pool<char> text_pool_;
  Pool<std::uint32_t> offset_pool_;
  SourcedText scratch_;  // the scalar being read
  std::vector<Ref> refs_;
  std::vector<std::string> tags_;
  std::unordered_map<std::string, std::uint32_t> anchors_;
  std::vector<Frame> frames_;
  std::uint32_t root_ = kNone;
  std::uint32_t document_begin_ = 0;
  std::uint32_t document_head_end_ = 0;
  std::uint32_t skip_depth_ = 0;  // inside a collection nested past kMaxDepth
  std::uint32_t skip_begin_ = 0;
  std::vector<bool> open_flow_;  // every open collection, skipped ones too: flow style?
  std::size_t flow_depth_ = 0;

  // The whole stream.
  std::uint64_t copied_nodes_ = 0;
  std::uint64_t copied_bytes_ = 0;
  std::uint64_t merged_pairs_ = 0;
};

}  // namespace

bool Node::is_null() const {
  if (kind != Kind::Scalar || style != ScalarStyle::Plain || !value.known) return false;
  if (!tag.empty() && tag != "!!null" && tag != "tag:yaml.org,2002:null") return false;
  const std::string& t = value.text;
  return t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL";
}

const Node* Node::get(std::string_view key) const {
  if (kind != Kind::Mapping) return nullptr;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    if (it->first.kind == Kind::Scalar && it->first.value.text == key) return &it->second;
  }
  return nullptr;
}

Stream parse(std::string_view text, FileId file, std::uint32_t begin, std::uint32_t end,
             const std::vector<tmpl::Region>& template_regions) {
  const auto size = static_cast<std::uint32_t>(std::min<std::size_t>(text.size(), UINT32_MAX - 1));
  end = std::min(end, size);
  begin = std::min(begin, end);
  if (text.substr(begin, end - begin).starts_with("\xEF\xBB\xBF")) begin += 3;

  // Regions clipped to the input, sorted and merged, as tmpl::overlaps expects.
  std::vector<tmpl::Region> regions;
  for (const tmpl::Region& region : template_regions) {
    const std::uint32_t b = std::max(region.begin, begin);
    const std::uint32_t e = std::min(region.end, end);
    if (b < e) regions.push_back({b, e, region.is_statement});
  }
  std::sort(regions.begin(), regions.end(),
            [](const tmpl::Region& a, const tmpl::Region& b) { return a.begin < b.begin; });
  std::vector<tmpl::Region> merged;
  for (const tmpl::Region& region : regions) {
    if (!merged.empty() && region.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, region.end);
    } else {
      merged.push_back(region);
    }
  }
  std::vector<tmpl::Region> local = merged;
  for (tmpl::Region& region : local) {
    region.begin -= begin;
    region.end -= begin;
  }
  // Only a template needs a blanked copy; plain YAML is read where it lies.
  const std::string_view input_text = text.substr(begin, end - begin);
  const Input input(input_text, local.empty() ? std::string() : tmpl::blank(input_text, local),
                    begin);
  return Reader(input, file, std::move(merged)).run();
}

}  // namespace dl::yaml
