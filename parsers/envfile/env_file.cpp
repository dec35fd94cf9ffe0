#include "parsers/envfile/env_file.h"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace dl::envfile {
namespace {

// Nesting of quotes and substitutions followed before the rest of the input is given up as
// unterminated (keeps the stack small on hostile input).
constexpr int kMaxDepth = 64;
// Bytes that expansions may copy from earlier values, per file: `A="$A$A"` repeated would
// otherwise double each line. Past it, expansions make the value unknown.
constexpr std::size_t kCopyBudget = std::size_t{4} << 20;

bool is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_blank(char c) {
  return c == ' ' || c == '\t';
}
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Where a word is being read, which decides its terminator and what quotes and backslashes do.
enum class Ctx {
  Unquoted,      // a command word: ends at a blank or a metacharacter
  DQuote,        // after `"`: ends at the closing `"`
  Brace,         // the operand of ${X:-…} outside double quotes: ends at `}`
  BraceInQuote,  // the same inside double quotes
};

// What closes a construct that is only skipped.
enum class Closer { Paren, Brace, BraceInQuote, Backtick, DQuote };

enum class Sep { Eof, Newline, Semi, Amp, AndAnd, OrOr, Pipe };

struct AssignmentWord {
  std::uint32_t begin = 0;  // the name
  std::uint32_t name_end = 0;
  std::uint32_t value_begin = 0;
  std::uint32_t end = 0;
  bool append = false;     // NAME+=value
  bool subscript = false;  // NAME[i]=value
  bool array = false;      // NAME=(…)
};

struct SimpleCommand {
  std::vector<AssignmentWord> assignments;  // prefix ones, or a declaration builtin's
  bool has_words = false;
  bool has_command = false;
  bool declaration = false;   // export, declare, typeset, readonly
  bool transforming = false;  // declare -i/-l/-u/-n/-c: values are not literal
  std::uint32_t keyword_begin = 0;
  bool aborted = false;  // compound syntax that the tree accounts for
  bool unterminated = false;
  Sep sep = Sep::Eof;
  std::uint32_t end = 0;  // just past the separator
};

bool is_reserved(std::string_view word) {
  static constexpr std::string_view kReserved[] = {
      "if",     "then",  "else",  "elif", "fi", "do",     "done",     "case",
      "esac",   "while", "until", "for",  "in", "select", "function", "time",
      "coproc", "{",     "}",     "!",    "[[", "]]"};
  return std::find(std::begin(kReserved), std::end(kReserved), word) != std::end(kReserved);
}

bool is_declaration_builtin(std::string_view word) {
  return word == "export" || word == "declare" || word == "typeset" || word == "readonly";
}

void append_utf8(SourcedText& out, std::uint32_t cp, std::uint32_t offset) {
  if (cp < 0x80) {
    out.append(static_cast<char>(cp), offset);
  } else if (cp < 0x800) {
    out.append(static_cast<char>(0xC0 | (cp >> 6)), offset);
    out.append(static_cast<char>(0x80 | (cp & 0x3F)), offset);
  } else if (cp < 0x10000) {
    out.append(static_cast<char>(0xE0 | (cp >> 12)), offset);
    out.append(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), offset);
    out.append(static_cast<char>(0x80 | (cp & 0x3F)), offset);
  } else {
    out.append(static_cast<char>(0xF0 | (cp >> 18)), offset);
    out.append(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)), offset);
    out.append(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), offset);
    out.append(static_cast<char>(0x80 | (cp & 0x3F)), offset);
  }
}

// Lexes simple commands with shell rules and records their assignments. Positions are file
// offsets into `text`, bounded by `lim`.
class Scanner {
 public:
  Scanner(std::string_view text, std::uint32_t lim, EnvFile& env)
      : text_(text), lim_(lim), env_(env) {}

  // Reads statements from `p` until a statement boundary at or past `stop`, recording
  // assignments; returns the position reached.
  std::uint32_t run(std::uint32_t p, std::uint32_t stop) {
    Sep prev = Sep::Newline;
    while (true) {
      SimpleCommand cmd = simple_command(p);
      if (cmd.aborted) return std::max(stop, cmd.end);
      const bool conditional = prev == Sep::AndAnd || prev == Sep::OrOr || prev == Sep::Pipe;
      const bool subshell = cmd.sep == Sep::Amp || cmd.sep == Sep::Pipe;
      if (!conditional && !subshell && !cmd.unterminated) record(cmd);
      p = cmd.end;
      if (cmd.sep == Sep::Semi && !cmd.has_words && starts_line(cmd.end - 1)) {
        // `;` first on a line: a syntax error for the shell, a comment for systemd.
        p = line_end(p);
        prev = Sep::Newline;
        if (p >= stop) return p;
        continue;
      }
      prev = cmd.sep;
      if (cmd.sep == Sep::Eof) return lim_;
      if (cmd.sep == Sep::AndAnd || cmd.sep == Sep::OrOr || cmd.sep == Sep::Pipe) {
        p = skip_linebreaks(p);
      } else if (p >= stop) {
        return p;
      }
    }
  }

 private:
  bool has(std::uint32_t p) const { return p < lim_; }
  // Only blanks before p on its line.
  bool starts_line(std::uint32_t p) const {
    while (p > 0 && is_blank(text_[p - 1])) --p;
    return p == 0 || text_[p - 1] == '\n';
  }
  bool is(std::uint32_t p, char c) const { return p < lim_ && text_[p] == c; }
  bool cr_lf(std::uint32_t p) const { return is(p, '\r') && (is(p + 1, '\n') || p + 1 == lim_); }
  // Length of a backslash-newline (with an optional CR) at p, or 0.
  std::uint32_t continuation(std::uint32_t p) const {
    if (!is(p, '\\')) return 0;
    if (is(p + 1, '\n')) return 2;
    if (is(p + 1, '\r') && is(p + 2, '\n')) return 3;
    return 0;
  }
  bool terminates(std::uint32_t p) const {
    switch (text_[p]) {
      case ' ':
      case '\t':
      case '\n':
      case ';':
      case '&':
      case '|':
      case '<':
      case '>':
      case '(':
      case ')': return true;
      case '\r': return cr_lf(p);
      default: return false;
    }
  }
  std::uint32_t line_end(std::uint32_t p) const {
    while (has(p) && text_[p] != '\n') ++p;
    return p;
  }
  std::uint32_t skip_blanks(std::uint32_t p) const {
    while (has(p)) {
      if (is_blank(text_[p])) {
        ++p;
      } else if (const std::uint32_t n = continuation(p)) {
        p += n;
      } else {
        break;
      }
    }
    return p;
  }
  // After `&&`, `||`, `|`: blank lines and comments before the next command.
  std::uint32_t skip_linebreaks(std::uint32_t p) {
    while (true) {
      p = skip_blanks(p);
      if (is(p, '#')) {
        p = line_end(p);
      } else if (cr_lf(p)) {
        ++p;
      } else if (is(p, '\n')) {
        p = heredoc_bodies(p + 1);
      } else {
        return p;
      }
    }
  }

  // ---- skipping (no value produced) ----

  // Position just past the closer of a construct whose opener ends before p; lim_ when
  // unterminated.
  std::uint32_t skip(std::uint32_t p, Closer closer, int depth) {
    if (depth > kMaxDepth) return unterminated();
    const bool commands = closer == Closer::Paren || closer == Closer::Backtick;
    const bool in_quote = closer == Closer::DQuote || closer == Closer::BraceInQuote;
    int parens = 0;
    bool word_start = true;
    while (has(p)) {
      const char c = text_[p];
      switch (c) {
        case ')':
          if (closer == Closer::Paren && parens-- == 0) return p + 1;
          break;
        case '}':
          if (closer == Closer::Brace || closer == Closer::BraceInQuote) return p + 1;
          break;
        case '`':
          if (closer == Closer::Backtick) return p + 1;
          p = skip(p + 1, Closer::Backtick, depth + 1);
          word_start = false;
          continue;
        case '"':
          if (closer == Closer::DQuote) return p + 1;
          p = skip(p + 1, Closer::DQuote, depth + 1);
          word_start = false;
          continue;
        case '\'':
          if (in_quote) break;
          p = single_quoted(p + 1, nullptr);
          word_start = false;
          continue;
        case '\\':
          p = std::min(p + 2, lim_);
          word_start = false;
          continue;
        case '$':
          if (is(p + 1, '(')) {
            p = skip(p + 2, Closer::Paren, depth + 1);
            word_start = false;
            continue;
          }
          if (is(p + 1, '{')) {
            p = skip(p + 2, in_quote ? Closer::BraceInQuote : Closer::Brace, depth + 1);
            word_start = false;
            continue;
          }
          break;
        case '(':
          if (closer == Closer::Paren) ++parens;
          break;
        case '#':
          if (commands && word_start) {
            p = line_end(p);
            continue;
          }
          break;
        default: break;
      }
      word_start = is_blank(c) || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(';
      ++p;
    }
    return unterminated();
  }

  std::uint32_t unterminated() {
    unterminated_ = true;
    return lim_;
  }

  // ---- words (value produced into `out` unless it is null) ----

  void unknown(SourcedText* out) {
    if (out) out->known = false;
  }

  // Appends an earlier value (its offsets point into that assignment).
  void append_value(SourcedText* out, const SourcedText& value) {
    if (!out) return;
    if (!value.known) out->known = false;
    if (value.text.size() > kCopyBudget - copied_) {
      out->known = false;
      return;
    }
    copied_ += value.text.size();
    out->text += value.text;
    out->offsets.insert(out->offsets.end(), value.offsets.begin(), value.offsets.end());
  }

  const Variable* lookup(std::string_view name) const {
    const auto it = latest_.find(std::string(name));
    return it == latest_.end() ? nullptr : &env_.variables[it->second];
  }

  // After `'`: the literal text to the next `'`.
  std::uint32_t single_quoted(std::uint32_t p, SourcedText* out) {
    while (has(p)) {
      const char c = text_[p];
      if (c == '\'') return p + 1;
      if (out && !(c == '\r' && is(p + 1, '\n'))) out->append(c, p);
      ++p;
    }
    return unterminated();
  }

  // After `$'`: ANSI-C quoting, escapes decoded (each decoded byte maps to its backslash).
  std::uint32_t ansi_c_quoted(std::uint32_t p, SourcedText* out) {
    bool truncated = false;  // bash ends the string at a NUL escape
    auto emit = [&](char c, std::uint32_t offset) {
      if (c == '\0') truncated = true;
      if (out && !truncated) out->append(c, offset);
    };
    while (has(p)) {
      const char c = text_[p];
      if (c == '\'') return p + 1;
      if (c != '\\' || !has(p + 1)) {
        if (!(c == '\r' && is(p + 1, '\n'))) emit(c, p);
        ++p;
        continue;
      }
      const std::uint32_t at = p;
      const char e = text_[p + 1];
      p += 2;
      switch (e) {
        case 'a': emit('\a', at); break;
        case 'b': emit('\b', at); break;
        case 'e':
        case 'E': emit('\x1b', at); break;
        case 'f': emit('\f', at); break;
        case 'n': emit('\n', at); break;
        case 'r': emit('\r', at); break;
        case 't': emit('\t', at); break;
        case 'v': emit('\v', at); break;
        case '\\':
        case '\'':
        case '"':
        case '?': emit(e, at); break;
        case 'c':
          if (has(p)) {
            emit(static_cast<char>(text_[p] & 0x1F), at);
            ++p;
          } else {
            emit('\\', at);
            emit('c', at + 1);
          }
          break;
        case 'x':
        case 'u':
        case 'U': {
          const int max_digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          std::uint32_t value = 0;
          int digits = 0;
          while (digits < max_digits && has(p) && hex_value(text_[p]) >= 0) {
            value = value * 16 + static_cast<std::uint32_t>(hex_value(text_[p]));
            ++p;
            ++digits;
          }
          if (digits == 0) {
            emit('\\', at);
            emit(e, at + 1);
          } else if (e == 'x') {
            emit(static_cast<char>(value), at);
          } else if (value == 0) {
            truncated = true;
          } else if (value <= 0x10FFFF) {
            if (out && !truncated) append_utf8(*out, value, at);
          } else {
            for (std::uint32_t k = at; k < p; ++k) emit(text_[k], k);
          }
          break;
        }
        default:
          if (e >= '0' && e <= '7') {
            std::uint32_t value = static_cast<std::uint32_t>(e - '0');
            for (int k = 0; k < 2 && has(p) && text_[p] >= '0' && text_[p] <= '7'; ++k, ++p) {
              value = value * 8 + static_cast<std::uint32_t>(text_[p] - '0');
            }
            emit(static_cast<char>(value & 0xFF), at);
          } else {
            emit('\\', at);
            emit(e, at + 1);
          }
          break;
      }
    }
    return unterminated();
  }

  // At `$`: a parameter expansion, substitution, or a literal `$`.
  std::uint32_t dollar(std::uint32_t p, Ctx ctx, SourcedText* out, int depth) {
    const bool quoted = ctx == Ctx::DQuote || ctx == Ctx::BraceInQuote;
    const std::uint32_t n = p + 1;
    const char c = has(n) ? text_[n] : ' ';
    if (c == '\'' && !quoted) return ansi_c_quoted(n + 1, out);
    if (c == '"' && !quoted) return word(n + 1, Ctx::DQuote, out, depth + 1);
    if (c == '(') {  // $(…) and $((…))
      unknown(out);
      return skip(n + 1, Closer::Paren, depth + 1);
    }
    if (c == '[') {  // $[…], old arithmetic
      unknown(out);
      std::uint32_t q = n + 1;
      for (int brackets = 0; has(q); ++q) {
        if (text_[q] == '[') ++brackets;
        if (text_[q] == ']' && brackets-- == 0) return q + 1;
      }
      return unterminated();
    }
    if (c == '{') return braced(n + 1, quoted, out, depth);
    if (is_name_start(c)) {
      std::uint32_t q = n;
      while (has(q) && is_name_char(text_[q])) ++q;
      if (out) {
        if (const Variable* v = lookup(text_.substr(n, q - n))) {
          append_value(out, v->value);
        } else {
          out->known = false;
        }
      }
      return q;
    }
    if (is_digit(c) || std::string_view("@*#?$!-").find(c) != std::string_view::npos) {
      unknown(out);  // positional and special parameters
      return n + 1;
    }
    if (out) out->append('$', p);
    return n;
  }

  // After `${`.
  std::uint32_t braced(std::uint32_t p, bool quoted, SourcedText* out, int depth) {
    if (depth > kMaxDepth) return unterminated();
    const Closer closer = quoted ? Closer::BraceInQuote : Closer::Brace;
    std::uint32_t q = p;
    bool special = false;
    if (has(q) && is_name_start(text_[q])) {
      while (has(q) && is_name_char(text_[q])) ++q;
    } else if (has(q) && is_digit(text_[q])) {
      while (has(q) && is_digit(text_[q])) ++q;
      special = true;
    } else if (has(q) && std::string_view("@*?$!-#").find(text_[q]) != std::string_view::npos &&
               is(q + 1, '}')) {
      ++q;
      special = true;
    } else {
      // ${#X} length, ${!X} indirection, or a bad substitution.
      unknown(out);
      return skip(p, closer, depth + 1);
    }
    const std::string_view name = text_.substr(p, q - p);
    if (is(q, '}')) {
      if (out) {
        const Variable* v = special ? nullptr : lookup(name);
        if (v) {
          append_value(out, v->value);
        } else {
          out->known = false;
        }
      }
      return q + 1;
    }
    const bool colon = is(q, ':');
    const std::uint32_t r = q + (colon ? 1 : 0);
    if (!has(r) || std::string_view("-=+?").find(text_[r]) == std::string_view::npos) {
      // Substrings, pattern removal and replacement, case changes: not evaluated.
      unknown(out);
      return skip(q, closer, depth + 1);
    }
    const char op = text_[r];
    SourcedText operand;
    operand.file = env_.file;
    const std::uint32_t after =
        word(r + 1, quoted ? Ctx::BraceInQuote : Ctx::Brace, out ? &operand : nullptr, depth + 1);
    if (!out) return after;
    const Variable* v = special ? nullptr : lookup(name);
    if (!v) {
      // Set or not by the environment: keep the operand's literal text, but unknown.
      if (op != '?') append_value(out, operand);
      out->known = false;
      return after;
    }
    const bool empty_counts = colon && v->value.text.empty();
    if (empty_counts && !v->value.known) out->known = false;  // it may not be empty
    switch (op) {
      case '-':
      case '=': append_value(out, empty_counts ? operand : v->value); break;
      case '+':
        if (!empty_counts) append_value(out, operand);
        break;
      default:  // '?': the shell stops with an error when unset (or empty)
        if (empty_counts) {
          out->known = false;
        } else {
          append_value(out, v->value);
        }
        break;
    }
    return after;
  }

  // Reads a word (or the inside of a quote) from p in `ctx`; for DQuote and the Brace
  // contexts the closer is consumed. `value_start` marks an assignment's value, where an
  // unquoted `~` is tilde expansion.
  std::uint32_t word(std::uint32_t p, Ctx ctx, SourcedText* out, int depth,
                     std::uint32_t value_start = UINT32_MAX) {
    if (depth > kMaxDepth) return unterminated();
    const bool quoted = ctx == Ctx::DQuote || ctx == Ctx::BraceInQuote;
    const bool brace = ctx == Ctx::Brace || ctx == Ctx::BraceInQuote;
    while (has(p)) {
      const char c = text_[p];
      if (ctx == Ctx::Unquoted && terminates(p)) return p;
      if (brace && c == '}') return p + 1;
      if (ctx == Ctx::DQuote && c == '"') return p + 1;
      switch (c) {
        case '\\': {
          if (const std::uint32_t n = continuation(p)) {
            p += n;
            continue;
          }
          if (!has(p + 1)) break;
          const char e = text_[p + 1];
          if (!quoted || e == '$' || e == '`' || e == '"' || e == '\\' ||
              (ctx == Ctx::BraceInQuote && e == '}')) {
            if (out) out->append(e, p + 1);
            p += 2;
            continue;
          }
          break;  // a literal backslash inside double quotes
        }
        case '\'':
          if (quoted) break;
          p = single_quoted(p + 1, out);
          continue;
        case '"': p = word(p + 1, Ctx::DQuote, out, depth + 1); continue;
        case '$': p = dollar(p, ctx, out, depth); continue;
        case '`':
          unknown(out);
          p = skip(p + 1, Closer::Backtick, depth + 1);
          continue;
        case '~':
          if (ctx == Ctx::Unquoted && value_start != UINT32_MAX &&
              (p == value_start || text_[p - 1] == ':')) {
            unknown(out);  // the home directory of whoever sources the file
          }
          break;
        case '\r':
          if (is(p + 1, '\n')) {
            ++p;
            continue;
          }
          break;
        default: break;
      }
      if (out) out->append(c, p);
      ++p;
    }
    if (ctx != Ctx::Unquoted) return unterminated();
    return p;
  }

  // ---- statements ----

  // NAME=, NAME+= or NAME[…]= at p.
  bool assignment_word(std::uint32_t p, AssignmentWord& a) const {
    if (!has(p) || !is_name_start(text_[p])) return false;
    std::uint32_t q = p + 1;
    while (has(q) && is_name_char(text_[q])) ++q;
    a.begin = p;
    a.name_end = q;
    if (is(q, '[')) {
      while (has(q) && text_[q] != ']' && !terminates(q)) ++q;
      if (!is(q, ']')) return false;
      a.subscript = true;
      ++q;
    }
    if (is(q, '+') && is(q + 1, '=')) {
      a.append = true;
      a.value_begin = q + 2;
      return true;
    }
    if (is(q, '=')) {
      a.value_begin = q + 1;
      return true;
    }
    return false;
  }

  // A heredoc delimiter: the word with its quotes and backslashes removed.
  std::string delimiter(std::uint32_t begin, std::uint32_t end) const {
    std::string d;
    for (std::uint32_t k = begin; k < end; ++k) {
      const char c = text_[k];
      if (c == '\\' && k + 1 < end) {
        d.push_back(text_[++k]);
      } else if (c != '\'' && c != '"') {
        d.push_back(c);
      }
    }
    return d;
  }

  // Just past a newline token: the bodies of the heredocs opened on that line.
  std::uint32_t heredoc_bodies(std::uint32_t p) {
    for (const auto& [delim, strip_tabs] : heredocs_) {
      while (has(p)) {
        std::uint32_t b = p;
        const std::uint32_t eol = line_end(p);
        p = has(eol) ? eol + 1 : eol;
        std::uint32_t e = eol;
        if (e > b && text_[e - 1] == '\r') --e;
        if (strip_tabs) {
          while (b < e && text_[b] == '\t') ++b;
        }
        if (text_.substr(b, e - b) == delim) break;
      }
    }
    heredocs_.clear();
    return p;
  }

  // A redirection at p (after an optional file descriptor number): its target is skipped.
  std::uint32_t redirection(std::uint32_t p) {
    while (has(p) && is_digit(text_[p])) ++p;
    const std::string_view rest = text_.substr(p, std::min<std::uint32_t>(lim_ - p, 3));
    bool heredoc = false;
    bool strip_tabs = false;
    if (rest.starts_with("<<<")) {
      p += 3;
    } else if (rest.starts_with("<<-")) {
      p += 3;
      heredoc = strip_tabs = true;
    } else if (rest.starts_with("<<")) {
      p += 2;
      heredoc = true;
    } else if (rest.starts_with("&>>")) {
      p += 3;
    } else if (rest.starts_with("<>") || rest.starts_with("<&") || rest.starts_with(">>") ||
               rest.starts_with(">|") || rest.starts_with(">&") || rest.starts_with("&>")) {
      p += 2;
    } else {
      p += 1;
    }
    p = skip_blanks(p);
    if (!has(p) || terminates(p)) return p;  // missing target: the tree reports it
    const std::uint32_t target = p;
    p = word(p, Ctx::Unquoted, nullptr, 0);
    if (heredoc) heredocs_.push_back({delimiter(target, p), strip_tabs});
    return p;
  }

  SimpleCommand simple_command(std::uint32_t p) {
    SimpleCommand cmd;
    unterminated_ = false;
    while (true) {
      p = skip_blanks(p);
      if (!has(p)) {
        cmd.sep = Sep::Eof;
        cmd.end = lim_;
        break;
      }
      const char c = text_[p];
      const char next = has(p + 1) ? text_[p + 1] : '\0';
      if (c == '#') {
        p = line_end(p);
        continue;
      }
      if (c == '\r' && (next == '\n' || !has(p + 1))) {
        ++p;
        continue;
      }
      if (c == '\n') {
        cmd.sep = Sep::Newline;
        cmd.end = heredoc_bodies(p + 1);
        break;
      }
      if (c == ';') {
        cmd.sep = Sep::Semi;
        cmd.end = p + 1;
        if (next == ';') cmd.aborted = true;  // `;;` belongs to a case statement
        break;
      }
      if (c == '&' && next == '&') {
        cmd.sep = Sep::AndAnd;
        cmd.end = p + 2;
        break;
      }
      if (c == '|') {
        cmd.sep = next == '|' ? Sep::OrOr : Sep::Pipe;
        cmd.end = p + (next == '|' || next == '&' ? 2 : 1);
        break;
      }
      if (c == '&' && next != '>') {
        cmd.sep = Sep::Amp;
        cmd.end = p + 1;
        break;
      }
      if (c == '(' || c == ')') {  // subshell, function definition: the tree has them
        cmd.aborted = true;
        cmd.end = p + 1;
        break;
      }
      cmd.has_words = true;
      if ((c == '<' || c == '>') && next == '(') {  // process substitution: an argument
        p = skip(p + 2, Closer::Paren, 1);
        p = word(p, Ctx::Unquoted, nullptr, 0);
        cmd.has_command = true;
        continue;
      }
      std::uint32_t digits = p;
      while (has(digits) && is_digit(text_[digits])) ++digits;
      if (c == '<' || c == '>' || c == '&' ||
          (digits > p && (is(digits, '<') || is(digits, '>')))) {
        p = redirection(p);
        continue;
      }
      AssignmentWord a;
      if ((!cmd.has_command || cmd.declaration) && assignment_word(p, a)) {
        if (is(a.value_begin, '(')) {
          a.array = true;
          p = skip(a.value_begin + 1, Closer::Paren, 1);
        } else {
          p = a.value_begin;
        }
        p = word(p, Ctx::Unquoted, nullptr, 0);
        a.end = p;
        cmd.assignments.push_back(a);
        continue;
      }
      const std::uint32_t begin = p;
      p = word(p, Ctx::Unquoted, nullptr, 0);
      if (p == begin) ++p;  // cannot happen; guarantees progress
      const std::string_view literal = text_.substr(begin, p - begin);
      if (!cmd.has_command) {
        cmd.has_command = true;
        if (is_reserved(literal)) {
          cmd.aborted = true;
          cmd.end = p;
          break;
        }
        cmd.declaration = is_declaration_builtin(literal);
        cmd.keyword_begin = begin;
        cmd.assignments.clear();  // prefix assignments only set the command's environment
      } else if (cmd.declaration && literal.size() > 1 && literal[0] == '-' &&
                 literal.find_first_of("ilunc") != std::string_view::npos &&
                 (text_[cmd.keyword_begin] == 'd' || text_[cmd.keyword_begin] == 't')) {
        cmd.transforming = true;  // declare/typeset -i, -l, -u, -n (export -n only unexports)
      }
    }
    cmd.unterminated = unterminated_;
    return cmd;
  }

  void record(const SimpleCommand& cmd) {
    if (cmd.has_command && !cmd.declaration) return;
    bool first = true;
    for (const AssignmentWord& a : cmd.assignments) {
      if (a.subscript) continue;
      Variable v;
      v.name = std::string(text_.substr(a.begin, a.name_end - a.begin));
      v.name_span = Span{env_.file, a.begin, a.name_end};
      v.assignment_span =
          Span{env_.file, cmd.declaration && first ? cmd.keyword_begin : a.begin, a.end};
      first = false;
      v.value.file = env_.file;
      if (a.array) {
        v.value.known = false;
      } else {
        if (a.append) {
          if (const Variable* earlier = lookup(v.name)) {
            append_value(&v.value, earlier->value);
          } else {
            v.value.known = false;
          }
        }
        word(a.value_begin, Ctx::Unquoted, &v.value, 0, a.value_begin);
      }
      if (cmd.transforming) v.value.known = false;
      latest_[v.name] = env_.variables.size();
      env_.variables.push_back(std::move(v));
    }
  }

  std::string_view text_;
  std::uint32_t lim_;
  EnvFile& env_;
  std::unordered_map<std::string, std::size_t> latest_;
  std::vector<std::pair<std::string, bool>> heredocs_;  // delimiter, <<- (strip tabs)
  std::size_t copied_ = 0;
  bool unterminated_ = false;
};

// Statements the tree describes well and that assign nothing at top level.
bool is_compound(std::string_view type) {
  static constexpr std::string_view kTypes[] = {
      "if_statement",   "while_statement",     "for_statement", "c_style_for_statement",
      "case_statement", "function_definition", "subshell",      "compound_statement",
      "pipeline",       "negated_command",     "test_command",  "comment"};
  return std::find(std::begin(kTypes), std::end(kTypes), type) != std::end(kTypes);
}

void collect_errors(TSNode root, std::uint32_t base, EnvFile& env) {
  for (const TSNode node : ts::error_nodes(root)) {
    env.syntax_errors.push_back(Span{env.file, base + ts::start(node), base + ts::end(node)});
  }
}

}  // namespace

EnvFile parse_env_file(ts::Parser& bash, std::string_view text, FileId file, std::uint32_t begin,
                       std::uint32_t end) {
  EnvFile env;
  env.file = file;
  const std::uint32_t lim = static_cast<std::uint32_t>(
      std::min<std::size_t>({text.size(), std::size_t{end}, std::size_t{UINT32_MAX}}));
  begin = std::min(begin, lim);
  if (text.substr(begin, lim - begin).starts_with("\xEF\xBB\xBF")) begin += 3;
  Scanner scanner(text, lim, env);

  const ts::Tree tree = bash.parse(text.substr(begin, lim - begin));
  if (!tree) {
    scanner.run(begin, lim);
    return env;
  }
  const TSNode root = ts_tree_root_node(tree.get());
  collect_errors(root, begin, env);

  // Top-level statements, looking through ERROR nodes. Simple ones are lexed by the scanner
  // from where the previous one ended (the tree's boundaries are not trusted there).
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  std::uint32_t consumed = begin;
  int depth = 0;
  bool more = ts_tree_cursor_goto_first_child(&cursor);
  if (more) ++depth;
  while (more) {
    const TSNode node = ts_tree_cursor_current_node(&cursor);
    const std::uint32_t node_end = begin + ts::end(node);
    if (ts_node_is_error(node) && ts_tree_cursor_goto_first_child(&cursor)) {
      ++depth;
      continue;
    }
    if (is_compound(ts::type(node))) {
      consumed = std::max(consumed, node_end);
    } else if (node_end > consumed && !ts_node_is_missing(node)) {
      consumed = scanner.run(std::max(consumed, begin + ts::start(node)), node_end);
    }
    while (depth > 0 && !ts_tree_cursor_goto_next_sibling(&cursor)) {
      ts_tree_cursor_goto_parent(&cursor);
      --depth;
    }
    more = depth > 0;
  }
  ts_tree_cursor_delete(&cursor);
  return env;
}

const Variable* find(const EnvFile& env, std::string_view name) {
  for (auto it = env.variables.rbegin(); it != env.variables.rend(); ++it) {
    if (it->name == name) return &*it;
  }
  return nullptr;
}

std::vector<Word> split_words(const SourcedText& value, Span via) {
  std::vector<Word> words;
  const std::string& s = value.text;
  auto is_ifs = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_ifs(s[i])) ++i;
    if (i == s.size()) break;
    const std::size_t b = i;
    while (i < s.size() && !is_ifs(s[i])) ++i;
    Word w;
    w.text = s.substr(b, i - b);
    w.span = value.span_of(b, i);
    if (i <= value.offsets.size()) {  // bytes an expansion placed out of file order
      const auto first = value.offsets.begin();
      const auto [lo, hi] = std::minmax_element(first + static_cast<std::ptrdiff_t>(b),
                                                first + static_cast<std::ptrdiff_t>(i));
      w.span.begin = std::min(w.span.begin, *lo);
      w.span.end = std::max(w.span.end, *hi + 1);
    }
    w.via = via;
    w.known = value.known;
    words.push_back(std::move(w));
  }
  return words;
}

}  // namespace dl::envfile
