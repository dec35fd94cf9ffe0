// A port of the parts of GNU sed 4.9 that decide what a script writes: option parsing
// (sed/sed.c main: getopt_long with "bsnrzuEe:f:l:i::V:" and its long options, permuted as
// GNU getopt does) and script compilation (sed/compile.c: compile_program, match_slash,
// snarf_char_class, mark_subst_opts, read_text, normalize_text, setup_replacement), with every
// byte carrying the file offset it came from.
//
// Decisions where GNU behaviour has no direct counterpart in SedEdit:
// - A script GNU sed refuses (unterminated `s`, unknown command, bad flag, unmatched `{`, a
//   jump to an undefined label) makes sed exit before editing anything. We stop at the error,
//   keep the texts of the commands before it (they show what the author meant to write), drop
//   the faulty command and set complete=false.
// - Usage errors (unknown option, option without its argument) set complete=false; parsing
//   goes on. --help and --version edit nothing: an empty SedEdit.
// - c/a/i text is given without its final line terminator; embedded newlines (continuation
//   lines, `\n`) stay.
// - `s///e` executes the pattern space and writes the command's output: the whole replacement
//   is unknown.
// - A c/a/i command inside `/re/{ … }` has pattern "" unless it has its own address: the
//   enclosing block's address is not inherited.
// - GNU also refuses `\N` in a replacement when the regex has fewer groups; that needs a regex
//   parser and is not checked: the text is reported.
// - --posix is modelled for one-liner a/i/c (rejected), s flags I/M/e (rejected), case
//   escapes (literal letters) and the GNU-only commands; its regex and address restrictions
//   are not.
#include "parsers/shell/sed.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <optional>
#include <string_view>
#include <unordered_set>

#include "linter/dockerd/flags.h"

namespace dl::shell {
namespace {

constexpr int kEof = -1;

bool is_blank(int c) {
  return c == ' ' || c == '\t';
}
bool is_space(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
bool is_digit(int c) {
  return c >= '0' && c <= '9';
}

std::string_view base_name(std::string_view s) {
  const auto slash = s.rfind('/');
  return slash == std::string_view::npos ? s : s.substr(slash + 1);
}

// Bytes with the file offset each came from.
struct Buf {
  std::string s;
  std::vector<std::uint32_t> o;
  void add(int c, std::uint32_t off) {
    s.push_back(static_cast<char>(c));
    o.push_back(off);
  }
};

enum class TextType { Buffer, Replacement };

// compile.c convert_number: `\dNNN`, `\oNNN`, `\xHH`; at most as many digits as keep the
// value within a byte's range. `p` is the index of the letter; returns the index after the
// digits and the byte (the letter itself when no digit follows).
std::size_t convert_number(const std::string& s, std::size_t p, int base, char& out) {
  int n = 0;
  int max = 1;
  std::size_t q = p + 1;
  for (; q < s.size() && max <= 255; ++q, max *= base) {
    const char c = s[q];
    int d = -1;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    }
    if (d < 0 || base <= d) break;
    n = n * base + d;
  }
  out = q == p + 1 ? s[p] : static_cast<char>(n);
  return q;
}

// compile.c normalize_text for a/i/c text (Buffer) and s replacements (Replacement). A byte
// produced by an escape takes the offset of the character after the backslash. false on
// `\c\x` (GNU: "recursive escaping after \c not allowed").
bool normalize(const Buf& in, TextType type, Buf& out) {
  const std::string& s = in.s;
  const std::size_t n = s.size();
  std::size_t p = 0;
  while (p < n) {
    if (s[p] != '\\' || p + 1 >= n) {
      out.add(s[p], in.o[p]);
      ++p;
      continue;
    }
    const char x = s[p + 1];
    const std::uint32_t xo = in.o[p + 1];
    int base = 0;
    switch (x) {
      case 'a':
        out.add('\a', xo);
        p += 2;
        continue;
      case 'f':
        out.add('\f', xo);
        p += 2;
        continue;
      case '\n':
      case 'n':
        out.add('\n', xo);
        p += 2;
        continue;
      case 'r':
        out.add('\r', xo);
        p += 2;
        continue;
      case 't':
        out.add('\t', xo);
        p += 2;
        continue;
      case 'v':
        out.add('\v', xo);
        p += 2;
        continue;
      case 'd': base = 10; break;
      case 'x': base = 16; break;
      case 'o': base = 8; break;
      case 'c':
        if (p + 2 < n) {
          const char c = s[p + 2];
          out.add(std::toupper(static_cast<unsigned char>(c)) ^ 0x40, xo);
          if (c == '\\') {
            if (p + 3 >= n || s[p + 3] != '\\') return false;
            ++p;
          }
          p += 3;
        } else {
          // GNU drops the `c` and passes the backslash on.
          if (type != TextType::Buffer) out.add('\\', in.o[p]);
          p = n;
        }
        continue;
      default:
        if (type != TextType::Buffer) out.add('\\', in.o[p]);
        out.add(x, xo);
        p += 2;
        continue;
    }
    char c = 0;
    p = convert_number(s, p + 1, base, c);
    // A produced `&` or `\` must stay literal in a replacement.
    if (type == TextType::Replacement && (c == '&' || c == '\\')) out.add('\\', xo);
    out.add(c, xo);
  }
  return true;
}

struct Addr {
  bool regex = false;
  bool zero = false;  // line 0 (only valid as `0,/re/`)
  bool step = false;  // `+N` / `~N` with N > 0 (only valid as a second address)
  std::string pattern;
};

// Compiles script chunks (each -e, or the script operand) into SedTexts. State that GNU keeps
// across chunks is kept here too: a/i/c text left open by a trailing backslash, `{` depth,
// labels.
class Compiler {
 public:
  explicit Compiler(SedEdit& edit) : edit_(edit) {}

  void compile(const SourcedText& chunk, bool posix, bool sandbox) {
    if (failed_) return;
    chunk_ = &chunk;
    p_ = 0;
    posix_ = posix;
    sandbox_ = sandbox;
    if (pending_) read_text('\n', 0);
    while (!failed_) {
      int ch = 0;
      do {
        ch = get();
      } while (ch == ';' || is_space(ch));
      if (ch == kEof) break;
      command(ch);
    }
    chunk_ = nullptr;
  }

  // A chunk we cannot read (-f FILE, a word that is not known).
  void unreadable() {
    if (failed_) return;
    edit_.complete = false;
    unreadable_seen_ = true;
    if (pending_) finish_text(true);  // its continuation is in the unreadable part
  }

  void finish() {
    if (failed_) return;
    if (!unreadable_seen_) {
      // compile.c check_final_program: every `{` closed, every jump's label defined.
      bool bad = depth_ > 0;
      for (const std::string& j : jumps_) bad = bad || !labels_.contains(j);
      if (bad) {
        fail();
        return;
      }
    }
    // compile.c check_final_program keeps text ended by a backslash at the very end of the
    // script as read: no escape processing.
    if (pending_) finish_text(false);
  }

 private:
  struct Pending {
    SedText text;
    Buf raw;
    bool keep = true;  // false for `e command`, whose text is run, not written
  };

  int get() {
    if (p_ >= chunk_->text.size()) return kEof;
    return static_cast<unsigned char>(chunk_->text[p_++]);
  }
  void unget(int c) {
    if (c != kEof) --p_;
  }
  // Offset of the byte get() returned last.
  std::uint32_t prev_off() const { return chunk_->offsets[p_ - 1]; }
  int get_nonblank() {
    int c = 0;
    do {
      c = get();
    } while (is_blank(c));
    return c;
  }

  bool fail() {
    failed_ = true;
    edit_.complete = false;
    pending_.reset();
    return false;
  }

  // compile.c in_integer; only whether the number is zero matters here.
  bool read_integer(int ch) {
    bool nonzero = false;
    while (is_digit(ch)) {
      nonzero = nonzero || ch != '0';
      ch = get();
    }
    unget(ch);
    return nonzero;
  }

  // compile.c read_label.
  std::string read_label() {
    int ch = get_nonblank();
    std::string label;
    while (ch != kEof && ch != '\n' && !is_blank(ch) && ch != ';' && ch != '}' && ch != '#') {
      label.push_back(static_cast<char>(ch));
      ch = get();
    }
    unget(ch);
    return label;
  }

  // compile.c read_filename (r/R/w/W, s///w): to the end of the line, `;` included.
  bool read_filename() {
    if (sandbox_) return false;
    int ch = get_nonblank();
    bool any = false;
    while (ch != kEof && ch != '\n') {
      any = true;
      ch = get();
    }
    return any;
  }

  bool read_end_of_cmd() {
    const int ch = get_nonblank();
    if (ch == '}' || ch == '#') {
      unget(ch);
    } else if (ch != kEof && ch != '\n' && ch != ';') {
      return fail();  // extra characters after command
    }
    return true;
  }

  // compile.c snarf_char_class: a bracket expression, where the delimiter and backslash are
  // ordinary. Returns the `]` that ends it (not yet added), or EOF / newline.
  int snarf_char_class(Buf& b) {
    int ch = get();
    if (ch == '^') {
      b.add(ch, prev_off());
      ch = get();
    }
    if (ch == ']') {
      b.add(ch, prev_off());
      ch = get();
    }
    // 0 outside [. .] [: :] [= =], 1 after their `[`, 2 inside, 3 after the closing . : =
    int state = 0;
    int delim = 0;
    for (;; b.add(ch, prev_off()), ch = get()) {
      switch (ch) {
        case kEof:
        case '\n': return ch;
        case '.':
        case ':':
        case '=':
          if (state == 1) {
            delim = ch;
            state = 2;
          } else if (state == 2 && ch == delim) {
            state = 3;
          } else {
            break;
          }
          continue;
        case '[':
          if (state == 0) state = 1;
          continue;
        case ']':
          if (state == 0 || state == 1) return ch;
          if (state == 3) state = 0;
          break;
        default: break;
      }
      state &= ~1;
    }
  }

  // compile.c match_slash: up to the unescaped delimiter. `\<delim>` loses its backslash
  // (except `\&` in a replacement delimited by `&`), `\<newline>` becomes a newline, other
  // escapes stay as written. false when unterminated (EOF or an unescaped newline first).
  bool match_slash(int slash, bool regex, Buf& b) {
    int ch = 0;
    while ((ch = get()) != kEof && ch != '\n') {
      const std::uint32_t off = prev_off();
      if (ch == slash) return true;
      if (ch == '\\') {
        ch = get();
        if (ch == kEof) break;
        if (ch != '\n' && (ch != slash || (!regex && ch == '&'))) b.add('\\', off);
        if (regex && ch == 'c' && !posix_) {  // `\cX` is one atom, X even the delimiter
          b.add(ch, prev_off());
          const int next = get();
          if (next == kEof) break;
          b.add(next, prev_off());
          continue;
        }
      } else if (ch == '[' && regex) {
        b.add(ch, off);
        ch = snarf_char_class(b);
        if (ch != ']') break;
      }
      b.add(ch, prev_off());
    }
    if (ch == '\n') unget(ch);
    return false;
  }

  // compile.c compile_address: 1 when an address was read, 0 when `ch` starts none (nothing
  // consumed), -1 on error.
  int address(int ch, Addr& a) {
    if (ch == '/' || ch == '\\') {
      if (ch == '\\') ch = get();
      Buf b;
      if (!match_slash(ch, true, b)) {
        fail();  // unterminated address regex
        return -1;
      }
      a.regex = true;
      a.pattern = std::move(b.s);
      for (;;) {
        ch = get_nonblank();
        if (posix_ || (ch != 'I' && ch != 'M')) break;
      }
      unget(ch);
      return 1;
    }
    if (is_digit(ch)) {
      a.zero = !read_integer(ch);
      ch = get_nonblank();
      if (ch != '~' || posix_) {
        unget(ch);
      } else {
        read_integer(get_nonblank());
      }
      return 1;
    }
    if ((ch == '+' || ch == '~') && !posix_) {
      a.step = read_integer(get_nonblank());
      return 1;
    }
    return ch == '$' ? 1 : 0;
  }

  // compile.c compile_program's loop body, from the command's first character.
  bool command(int ch) {
    Addr a1;
    Addr a2;
    bool has_a1 = false;
    bool has_a2 = false;
    int r = address(ch, a1);
    if (r < 0) return false;
    if (r > 0) {
      has_a1 = true;
      if (a1.step) return fail();  // +N or ~N as first address
      ch = get_nonblank();
      if (ch == ',') {
        r = address(get_nonblank(), a2);
        if (r < 0) return false;
        if (r == 0) return fail();  // unexpected ','
        has_a2 = true;
        ch = get_nonblank();
      }
      if (a1.zero && ((!has_a2 && ch != 'r') || (has_a2 && !a2.regex) || posix_)) {
        return fail();  // invalid usage of line address 0
      }
    }
    if (ch == '!') {
      ch = get_nonblank();
      if (ch == '!') return fail();  // multiple '!'s
    }
    if (posix_) {
      switch (ch) {
        case 'e':
        case 'F':
        case 'v':
        case 'z':
        case 'Q':
        case 'T':
        case 'R':
        case 'W': return fail();
        case 'a':
        case 'i':
        case 'l':
        case '=':
        case 'r':
          if (has_a2) return fail();
          break;
        default: break;
      }
    }
    const std::string& pattern = a1.regex ? a1.pattern : a2.pattern;
    switch (ch) {
      case '#':
        if (has_a1) return fail();
        while (ch != kEof && ch != '\n') ch = get();
        return true;
      case 'v': read_label(); return true;  // a version requirement
      case '{': ++depth_; return true;
      case '}':
        if (depth_ == 0 && !unreadable_seen_) return fail();  // unexpected '}'
        if (has_a1) return fail();
        if (depth_ > 0) --depth_;
        return read_end_of_cmd();
      case 'e':
        if (sandbox_) return fail();
        ch = get_nonblank();
        if (ch == kEof || ch == '\n') return true;
        return text_command(ch, SedText::Kind::Substitute, pattern, false);
      case 'a': return text_command(get_nonblank(), SedText::Kind::Append, pattern, true);
      case 'i': return text_command(get_nonblank(), SedText::Kind::Insert, pattern, true);
      case 'c': return text_command(get_nonblank(), SedText::Kind::Change, pattern, true);
      case ':': {
        if (has_a1) return fail();
        std::string label = read_label();
        if (label.empty()) return fail();
        labels_.insert(std::move(label));
        return true;
      }
      case 'T':
      case 'b':
      case 't': {
        std::string label = read_label();
        if (!label.empty()) jumps_.push_back(std::move(label));
        return true;
      }
      case 'Q':
      case 'q':
        if (has_a2) return fail();
        [[fallthrough]];
      case 'l':
        ch = get_nonblank();
        if (is_digit(ch) && !posix_) {
          read_integer(ch);
        } else {
          unget(ch);
        }
        return read_end_of_cmd();
      case '=':
      case 'd':
      case 'D':
      case 'F':
      case 'g':
      case 'G':
      case 'h':
      case 'H':
      case 'n':
      case 'N':
      case 'p':
      case 'P':
      case 'z':
      case 'x': return read_end_of_cmd();
      case 'r':
      case 'R':
      case 'W':
      case 'w':
        if (!read_filename()) return fail();
        return true;
      case 's': return substitute();
      case 'y': {
        const int slash = get();
        Buf from;
        Buf to;
        if (!match_slash(slash, false, from) || !match_slash(slash, false, to)) return fail();
        return read_end_of_cmd();
      }
      default: return fail();  // missing command (EOF) or unknown command
    }
  }

  // The text of a/i/c (and of `e`), `ch` being the first non-blank after the command letter.
  bool text_command(int ch, SedText::Kind kind, const std::string& pattern, bool keep) {
    if (ch == kEof) return fail();  // expected \ after 'a', 'c' or 'i'
    std::uint32_t lead_off = 0;
    if (ch == '\\') {
      ch = get();  // `a\text`: the byte after the backslash is text, even a blank
      if (ch != kEof) lead_off = prev_off();
    } else {
      if (posix_) return fail();  // the one-liner `a text` is GNU
      unget(ch);
      ch = '\n';
    }
    pending_.emplace(Pending{});
    pending_->keep = keep;
    pending_->text.kind = kind;
    pending_->text.pattern = pattern;
    pending_->text.text.file = chunk_->file;
    read_text(ch, lead_off);
    return true;
  }

  // compile.c read_text: to the end of the line; a backslash keeps the next byte (a newline
  // too, continuing the text) for normalize(). A backslash at the end of the chunk leaves the
  // text open for the next chunk (`-e 'a\' -e 'text'`).
  void read_text(int leadin, std::uint32_t lead_off) {
    Buf& raw = pending_->raw;
    if (leadin == kEof) return;
    if (leadin != '\n') raw.add(leadin, lead_off);
    int ch = get();
    while (ch != kEof && ch != '\n') {
      if (ch == '\\') {
        const std::uint32_t off = prev_off();
        ch = get();
        if (ch == kEof) {
          raw.add('\n', off);
          return;
        }
        raw.add('\\', off);
      }
      raw.add(ch, prev_off());
      ch = get();
    }
    std::uint32_t end_off = 0;
    if (ch == '\n') {
      end_off = prev_off();
    } else if (!chunk_->offsets.empty()) {
      end_off = chunk_->offsets.back();
    }
    raw.add('\n', end_off);
    finish_text(true);
  }

  void finish_text(bool unescape) {
    Pending pending = std::move(*pending_);
    pending_.reset();
    Buf text;
    if (!unescape) {
      text = std::move(pending.raw);
    } else if (!normalize(pending.raw, TextType::Buffer, text)) {
      fail();
      return;
    }
    if (!text.s.empty() && text.s.back() == '\n') {  // the line terminator sed adds
      text.s.pop_back();
      text.o.pop_back();
    }
    if (!pending.keep) return;
    pending.text.text.text = std::move(text.s);
    pending.text.text.offsets = std::move(text.o);
    edit_.texts.push_back(std::move(pending.text));
  }

  // compile.c mark_subst_opts. `eval` is set by the `e` flag.
  bool subst_flags(bool& eval) {
    bool print = false;
    bool global = false;
    bool number = false;
    for (;;) {
      const int ch = get_nonblank();
      switch (ch) {
        case 'i':
        case 'I':
        case 'm':
        case 'M':
          if (posix_) return fail();
          break;
        case 'e':
          if (posix_) return fail();
          eval = true;
          break;
        case 'p':
          if (print) return fail();
          print = true;
          break;
        case 'g':
          if (global) return fail();
          global = true;
          break;
        case 'w':
          if (!read_filename()) return fail();
          return true;
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7':
        case '8':
        case '9':
          if (number || !read_integer(ch)) return fail();
          number = true;
          break;
        case '}':
        case '#': unget(ch); return true;
        case kEof:
        case '\n':
        case ';': return true;
        case '\r':
          if (get() == '\n') return true;
          return fail();
        default: return fail();  // unknown option to 's'
      }
    }
  }

  bool substitute() {
    const int slash = get();
    Buf regex;
    Buf raw;
    if (!match_slash(slash, true, regex) || !match_slash(slash, false, raw)) {
      return fail();  // unterminated 's' command
    }
    Buf replacement;
    if (!normalize(raw, TextType::Replacement, replacement)) return fail();
    bool eval = false;
    if (!subst_flags(eval)) return false;
    if (eval && sandbox_) return fail();

    SedText t;
    t.kind = SedText::Kind::Substitute;
    t.pattern = std::move(regex.s);
    t.text.file = chunk_->file;
    set_replacement(replacement, t);
    if (eval) {  // the pattern space is run as a command; its output is written
      t.unknown.clear();
      if (!t.text.text.empty()) t.unknown.emplace_back(0, t.text.text.size());
    }
    edit_.texts.push_back(std::move(t));
    return true;
  }

  // compile.c setup_replacement: `&` and `\0`…`\9` copy from the input; `\L \U \l \u \E`
  // change case from there on, so the rest is unknown; any other `\x` is x.
  void set_replacement(const Buf& r, SedText& t) const {
    SourcedText& out = t.text;
    constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    std::size_t case_begin = kNone;
    const auto at = [&] { return static_cast<std::uint32_t>(out.text.size()); };
    std::size_t i = 0;
    while (i < r.s.size()) {
      const char c = r.s[i];
      if (c == '\\' && i + 1 < r.s.size()) {
        const char x = r.s[i + 1];
        const bool group = is_digit(x);
        const bool casing = !posix_ && std::string_view("LUElu").find(x) != std::string_view::npos;
        if (group || casing) {
          const std::uint32_t begin = at();
          out.append('\\', r.o[i]);
          out.append(x, r.o[i + 1]);
          if (case_begin == kNone) {
            if (group) {
              t.unknown.emplace_back(begin, begin + 2);
            } else {
              case_begin = begin;
            }
          }
        } else {
          out.append(x, r.o[i + 1]);
        }
        i += 2;
        continue;
      }
      if (c == '&' && case_begin == kNone) t.unknown.emplace_back(at(), at() + 1);
      out.append(c, r.o[i]);  // a lone backslash at the end stays literal
      ++i;
    }
    if (case_begin != kNone) t.unknown.emplace_back(static_cast<std::uint32_t>(case_begin), at());
  }

  SedEdit& edit_;
  const SourcedText* chunk_ = nullptr;
  std::size_t p_ = 0;
  bool posix_ = false;
  bool sandbox_ = false;
  bool failed_ = false;
  std::optional<Pending> pending_;
  int depth_ = 0;
  std::unordered_set<std::string> labels_;
  std::vector<std::string> jumps_;
  bool unreadable_seen_ = false;  // a `{`, `}` or label may be in an unreadable chunk
};

// sed/sed.c longopts. `arg`: 0 none, 1 required, 2 optional (only as `=VALUE`).
struct LongOpt {
  std::string_view name;
  int arg;
  char id;
};
constexpr LongOpt kLongOpts[] = {
    {"binary", 0, 'b'},
    {"regexp-extended", 0, 'r'},
    {"debug", 0, 'D'},
    {"expression", 1, 'e'},
    {"file", 1, 'f'},
    {"in-place", 2, 'i'},
    {"line-length", 1, 'l'},
    {"null-data", 0, 'z'},
    {"zero-terminated", 0, 'z'},
    {"quiet", 0, 'n'},
    {"posix", 0, 'p'},
    {"silent", 0, 'n'},
    {"sandbox", 0, 'S'},
    {"separate", 0, 's'},
    {"unbuffered", 0, 'u'},
    {"version", 0, 'v'},
    {"help", 0, 'h'},
    {"follow-symlinks", 0, 'F'},
};

// getopt_long's lookup: an exact name, else a unique prefix (prefixes of several names that
// mean the same option are not ambiguous). nullptr when unknown or ambiguous.
const LongOpt* find_long(std::string_view name) {
  const LongOpt* found = nullptr;
  bool ambiguous = false;
  for (const LongOpt& o : kLongOpts) {
    if (o.name == name) return &o;
    if (o.name.substr(0, name.size()) != name) continue;
    if (found == nullptr) {
      found = &o;
    } else if (found->arg != o.arg || found->id != o.id) {
      ambiguous = true;
    }
  }
  return ambiguous ? nullptr : found;
}

// A script chunk: the text (readable) or a -f FILE / unknown word.
struct Source {
  bool readable = false;
  SourcedText text;
  bool posix = false;  // GNU compiles -e when it meets it: the modes set so far apply
  bool sandbox = false;
};

class Args {
 public:
  Args(std::span<const Word> argv, std::span<const SourcedText> texts)
      : argv_(argv), texts_(texts) {}

  bool known(std::size_t i) const {
    return argv_[i].known && (i >= texts_.size() || texts_[i].known);
  }

  // argv[i] from byte `from` on. Offsets come from texts[i] when it matches the word; else
  // every byte maps to the word's start.
  Source source(std::size_t i, std::size_t from, bool posix, bool sandbox) const {
    Source s;
    s.posix = posix;
    s.sandbox = sandbox;
    if (!known(i)) return s;
    s.readable = true;
    const Word& w = argv_[i];
    s.text.text = w.text.substr(std::min(from, w.text.size()));
    s.text.file = w.span.file;
    if (i < texts_.size() && texts_[i].offsets.size() == w.text.size()) {
      const auto& o = texts_[i].offsets;
      s.text.file = texts_[i].file;
      s.text.offsets.assign(
          o.begin() + static_cast<std::ptrdiff_t>(w.text.size() - s.text.text.size()), o.end());
    } else {
      s.text.offsets.assign(s.text.text.size(), w.span.begin);
    }
    return s;
  }

 private:
  std::span<const Word> argv_;
  std::span<const SourcedText> texts_;
};

}  // namespace

std::optional<SedEdit> parse_sed(std::span<const Word> argv, std::span<const SourcedText> texts) {
  const auto program = dockerd::find_program(argv);
  if (!program) return std::nullopt;
  const std::string_view name = base_name(argv[*program].text);
  if (name != "sed" && name != "gsed") return std::nullopt;

  const Args args(argv, texts);
  SedEdit edit;
  std::vector<Source> sources;        // -e / -f in order
  std::vector<std::size_t> operands;  // GNU getopt permutes: operands may precede options
  bool posix = false;
  bool sandbox = false;
  bool options_done = false;

  // An option's effect; its argument (if any) starts at byte `from` of argv[word].
  const auto apply = [&](char id, std::size_t word, std::size_t from) -> bool {
    switch (id) {
      case 'e': sources.push_back(args.source(word, from, posix, sandbox)); break;
      case 'f': sources.push_back(Source{}); break;
      case 'i': edit.in_place = true; break;
      case 'p': posix = true; break;
      case 'S': sandbox = true; break;
      case 'v':
      case 'h': return false;  // prints and exits
      default: break;
    }
    return true;
  };

  for (std::size_t i = *program + 1; i < argv.size(); ++i) {
    const std::string& w = argv[i].text;
    if (options_done) {
      operands.push_back(i);
      continue;
    }
    if (!args.known(i)) {
      // An unknowable word that looks like an option may be any option (even -e or -i):
      // what the command writes is then not known.
      if (!w.empty() && w[0] == '-') {
        edit.complete = false;
      } else {
        operands.push_back(i);
      }
      continue;
    }
    if (w == "--") {
      options_done = true;
      continue;
    }
    if (w.size() > 2 && w[0] == '-' && w[1] == '-') {
      const std::size_t eq = w.find('=');
      const std::string_view opt_name =
          std::string_view(w).substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      const LongOpt* opt = find_long(opt_name);
      if (opt == nullptr || (opt->arg == 0 && eq != std::string::npos)) {
        edit.complete = false;  // usage error
        continue;
      }
      std::size_t word = i;
      std::size_t from = w.size();
      if (eq != std::string::npos) {
        from = eq + 1;
      } else if (opt->arg == 1) {
        if (i + 1 >= argv.size()) {
          edit.complete = false;
          continue;
        }
        word = ++i;
        from = 0;
      }
      if (!apply(opt->id, word, from)) return SedEdit{};
      continue;
    }
    if (w.size() < 2 || w[0] != '-') {
      operands.push_back(i);
      continue;
    }
    // A cluster of short options: "bsnrzuE" take nothing, "efl" (and the undocumented "V")
    // take the rest of the word or the next word, "i" takes the rest of the word as suffix.
    for (std::size_t j = 1; j < w.size(); ++j) {
      const char c = w[j];
      if (std::string_view("bsnrzuE").find(c) != std::string_view::npos) continue;
      if (c == 'i') {
        edit.in_place = true;
        break;
      }
      if (c == 'e' || c == 'f' || c == 'l' || c == 'V') {
        std::size_t word = i;
        std::size_t from = j + 1;
        if (from >= w.size()) {
          if (i + 1 >= argv.size()) {
            edit.complete = false;
            break;
          }
          word = ++i;
          from = 0;
        }
        if (c == 'V') {
          edit.complete = false;  // accepted by getopt, then refused by sed
        } else {
          apply(c, word, from);
        }
        break;
      }
      edit.complete = false;  // unknown option
    }
  }

  if (sources.empty()) {
    if (operands.empty()) return edit;  // no script: sed prints its usage and edits nothing
    sources.push_back(args.source(operands.front(), 0, posix, sandbox));
    operands.erase(operands.begin());
  }
  for (const std::size_t i : operands) edit.files.push_back(argv[i]);

  Compiler compiler(edit);
  for (const Source& s : sources) {
    if (s.readable) {
      compiler.compile(s.text, s.posix, s.sandbox);
    } else {
      compiler.unreadable();
    }
  }
  compiler.finish();
  return edit;
}

}  // namespace dl::shell
