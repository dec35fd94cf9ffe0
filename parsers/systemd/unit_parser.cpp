#include "parsers/systemd/unit_parser.h"

#include <algorithm>
#include <cstddef>
#include <string>

#include "linter/core/utf8.h"

namespace dl::systemd {
namespace {

// systemd's WHITESPACE: the separators of words and what strstrip() removes.
bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// env_name_is_valid(): a shell variable name.
bool env_name_is_valid(std::string_view name) {
  if (name.empty() || is_digit(name.front())) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  });
}

// string_is_safe(): what a section name may contain.
bool string_is_safe(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < ' ' || u == 0x7F || c == '\\' || c == '"' || c == '\'';
  });
}

// ---------------------------------------------------------------------------------------------
// Lines (conf-parser.c config_parse / parse_line)

class LineParser {
 public:
  explicit LineParser(FileId file) { unit_.file = file; }

  void problem(Span span, std::string message) {
    unit_.problems.push_back(UnitProblem{span, std::move(message)});
  }

  // parse_line(): one logical line, continuations already joined.
  void logical_line(const SourcedText& line) {
    const std::string& t = line.text;
    std::size_t s = 0;
    std::size_t e = t.size();
    while (s < e && is_blank(t[s])) ++s;
    while (e > s && is_blank(t[e - 1])) --e;
    if (s == e) return;
    const Span whole = line.span_of(s, e);

    // systemd returns an error for the line, which aborts loading the whole file.
    if (!utf8::is_valid(std::string_view(t).substr(s, e - s))) {
      problem(whole, "line is not valid UTF-8: systemd refuses to load the unit");
      return;
    }

    if (t[s] == '[') {
      const bool closed = e - s >= 2 && t[e - 1] == ']';
      const std::string name = closed ? t.substr(s + 1, e - s - 2) : std::string();
      if (!closed || name.empty() || !string_is_safe(name)) {
        problem(whole, "invalid section header: systemd refuses to load the unit");
        // What follows belongs to no known section; one problem for the header is enough.
        section_.clear();
        in_section_ = false;
        header_broken_ = true;
        return;
      }
      section_ = name;
      in_section_ = true;
      header_broken_ = false;
      unit_.sections.push_back(name);
      return;
    }

    const std::size_t eq = t.find('=', s);
    const bool has_eq = eq != std::string::npos && eq < e;
    if (!in_section_) {
      // systemd checks this before looking for '=' and ignores the line either way.
      if (!header_broken_) {
        problem(whole, has_eq ? "assignment outside of any section: systemd ignores it"
                              : "line outside of any section: systemd ignores it");
      }
      if (!has_eq || eq == s) return;
    } else if (!has_eq) {
      problem(whole, "missing '=': systemd ignores the line");
      return;
    } else if (eq == s) {
      problem(whole, "missing key name before '=': systemd ignores the line");
      return;
    }

    std::size_t key_end = eq;
    while (key_end > s && is_blank(t[key_end - 1])) --key_end;
    std::size_t value_begin = eq + 1;
    while (value_begin < e && is_blank(t[value_begin])) ++value_begin;

    Assignment a;
    a.section = in_section_ ? section_ : std::string();
    a.key = t.substr(s, key_end - s);
    a.key_span = line.span_of(s, key_end);
    a.value.file = line.file;
    // Exact sizes: the engine keeps a unit's Docker settings until it assembles the daemons.
    a.value.text.reserve(e - value_begin);
    a.value.offsets.reserve(e - value_begin);
    for (std::size_t i = value_begin; i < e; ++i) a.value.append(t[i], line.offsets[i]);
    a.line_span = whole;
    unit_.assignments.push_back(std::move(a));
  }

  UnitFile take() { return std::move(unit_); }

 private:
  UnitFile unit_;
  std::string section_;
  bool in_section_ = false;
  bool header_broken_ = false;
};

// ---------------------------------------------------------------------------------------------
// Words (extract-word.c extract_first_word, escape.c cunescape_one)

// One decoded byte and the source bytes [begin, end) that produced it (a whole escape
// sequence for an escaped byte).
struct Piece {
  char c;
  std::uint32_t begin;
  std::uint32_t end;
};

struct RawWord {
  std::vector<Piece> pieces;
  std::size_t first = 0;  // input indexes [first, last) of the word as written, quotes included
  std::size_t last = 0;
  bool quote_inside = false;  // a quote opened after the word's start or closed before its end
  bool unknown_escape = false;
  bool unbalanced_quote = false;

  std::string text() const {
    std::string out;
    out.reserve(pieces.size());
    for (const Piece& p : pieces) out.push_back(p.c);
    return out;
  }
};

enum class Backslash {
  CEscapes,  // EXTRACT_CUNESCAPE, with the relaxed retry that keeps unknown escapes verbatim
  Literal,   // no EXTRACT_CUNESCAPE: "\x" is x, a trailing backslash is dropped (EXTRACT_RELAX)
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// unichar_is_valid(): what \U may name.
bool unichar_is_valid(std::uint32_t c) {
  if (c >= 0x110000) return false;
  if ((c & 0xFFFFF800) == 0xD800) return false;
  if (c >= 0xFDD0 && c <= 0xFDEF) return false;
  if ((c & 0xFFFE) == 0xFFFE) return false;
  return true;
}

// cunescape_one(): the escape whose letter is s[i]. Appends the decoded bytes and returns how
// many characters after the backslash it used, or 0 when systemd does not know the escape.
std::size_t unescape_one(std::string_view s, std::size_t i, std::string& out) {
  const auto hex_run = [&](std::size_t count, std::uint32_t& value) {
    if (i + count >= s.size()) return false;
    value = 0;
    for (std::size_t k = 1; k <= count; ++k) {
      const int h = hex_value(s[i + k]);
      if (h < 0) return false;
      value = (value << 4) | static_cast<std::uint32_t>(h);
    }
    return true;
  };
  switch (s[i]) {
    case 'a': out.push_back('\a'); return 1;
    case 'b': out.push_back('\b'); return 1;
    case 'f': out.push_back('\f'); return 1;
    case 'n': out.push_back('\n'); return 1;
    case 'r': out.push_back('\r'); return 1;
    case 't': out.push_back('\t'); return 1;
    case 'v': out.push_back('\v'); return 1;
    case '\\': out.push_back('\\'); return 1;
    case '"': out.push_back('"'); return 1;
    case '\'': out.push_back('\''); return 1;
    case 's': out.push_back(' '); return 1;  // systemd's extension of the XDG syntax
    case 'x': {
      std::uint32_t v = 0;
      if (!hex_run(2, v) || v == 0) return 0;  // NUL bytes are refused
      out.push_back(static_cast<char>(v));
      return 3;
    }
    case 'u': {
      std::uint32_t v = 0;
      if (!hex_run(4, v) || v == 0) return 0;
      utf8::append(out, v);
      return 5;
    }
    case 'U': {
      std::uint32_t v = 0;
      if (!hex_run(8, v) || v == 0 || !unichar_is_valid(v)) return 0;
      utf8::append(out, v);
      return 9;
    }
    default: break;
  }
  // \NNN: exactly three octal digits, 1..255.
  const auto is_octal = [](char c) { return c >= '0' && c <= '7'; };
  if (i + 2 < s.size() && is_octal(s[i]) && is_octal(s[i + 1]) && is_octal(s[i + 2])) {
    const int v = (s[i] - '0') * 64 + (s[i + 1] - '0') * 8 + (s[i + 2] - '0');
    if (v == 0 || v > 255) return 0;
    out.push_back(static_cast<char>(v));
    return 3;
  }
  return 0;
}

// extract_first_word() with whitespace separators and EXTRACT_UNQUOTE: the next word of `in`
// from `pos`, or false when only whitespace is left. Quotes may open and close anywhere in a
// word (systemd's parser allows it although systemd.syntax(7) does not); an unbalanced quote
// runs to the end of the input.
bool next_word(const SourcedText& in, std::size_t& pos, Backslash mode, RawWord& out) {
  const std::string& t = in.text;
  const std::size_t n = t.size();
  while (pos < n && is_blank(t[pos])) ++pos;
  if (pos >= n) return false;

  out = RawWord{};
  out.first = pos;
  const auto push = [&](char c, std::size_t from, std::size_t to) {
    out.pieces.push_back(Piece{c, in.offsets[from], in.offsets[to - 1] + 1});
  };
  char quote = 0;
  while (pos < n) {
    const char c = t[pos];
    if (c == '\\') {
      if (pos + 1 >= n) {
        // A trailing backslash: kept verbatim (with the unknown-escape warning) outside
        // quotes; inside quotes it is part of the unbalanced-quote error.
        if (mode == Backslash::CEscapes && quote == 0) {
          push('\\', pos, pos + 1);
          out.unknown_escape = true;
        }
        ++pos;
        break;
      }
      if (mode == Backslash::Literal) {
        push(t[pos + 1], pos, pos + 2);
        pos += 2;
        continue;
      }
      std::string bytes;
      const std::size_t used = unescape_one(t, pos + 1, bytes);
      if (used == 0) {
        out.unknown_escape = true;
        push('\\', pos, pos + 1);
        push(t[pos + 1], pos + 1, pos + 2);
        pos += 2;
        continue;
      }
      for (const char b : bytes) push(b, pos, pos + 1 + used);
      pos += 1 + used;
      continue;
    }
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
        ++pos;
        if (pos < n && !is_blank(t[pos])) out.quote_inside = true;
        continue;
      }
      push(c, pos, pos + 1);
      ++pos;
      continue;
    }
    if (is_blank(c)) break;
    if (c == '"' || c == '\'') {
      if (pos != out.first) out.quote_inside = true;
      quote = c;
      ++pos;
      continue;
    }
    push(c, pos, pos + 1);
    ++pos;
  }
  out.last = pos;
  out.unbalanced_quote = quote != 0;
  return true;
}

// The word as written (quotes included).
Span raw_span(const SourcedText& in, const RawWord& w) {
  return Span{in.file, in.offsets[w.first], in.offsets[w.last - 1] + 1};
}

// The bytes the word's text came from; the written word when the text is empty ("").
Span pieces_span(const SourcedText& in, const RawWord& w, std::size_t from = 0) {
  if (from >= w.pieces.size()) return raw_span(in, w);
  return Span{in.file, w.pieces[from].begin, w.pieces.back().end};
}

// ---------------------------------------------------------------------------------------------
// ExecStart= (load-fragment.c config_parse_exec, env-util.c replace_env_argv)

class ExecSplitter {
 public:
  ExecSplitter(const Assignment& a, const Environment& env,
               const std::set<std::string, std::less<>>& unknown_vars, ExecCommand& cmd)
      : in_(a.value), env_(env), unknown_(unknown_vars), cmd_(cmd) {}

  void problem(Span span, std::string message) {
    cmd_.problems.push_back(UnitProblem{span, std::move(message)});
  }

  // Quoting and escape problems of a word; `first` is the executable word, whose errors make
  // systemd drop the command instead of failing the unit.
  void check_word(const RawWord& w, bool first, bool ignore_failure) {
    const Span span = raw_span(in_, w);
    if (w.unbalanced_quote) {
      problem(span, first || ignore_failure
                        ? "unbalanced quote: systemd ignores this command line"
                        : "unbalanced quote: systemd refuses the command line and the unit "
                          "fails to load");
    } else if (w.unknown_escape) {
      problem(span, "unknown escape sequence: systemd warns and keeps the backslash");
    }
    if (w.quote_inside) {
      problem(span,
              "quote inside a word: systemd.syntax(7) allows quotes only around a whole word; "
              "systemd joins the parts");
    }
  }

  // The words one written argument becomes at exec time.
  void expand(const RawWord& w, std::vector<Word>& out) {
    const Span span = pieces_span(in_, w);
    const std::string text = w.text();
    if (cmd_.no_env_expansion) {
      out.push_back(Word{text, span, Span{}, true});
      return;
    }
    // "$NAME" as a whole word: the value split at whitespace, quotes respected and removed.
    if (!text.empty() && text[0] == '$' &&
        (text.size() == 1 || (text[1] != '{' && text[1] != '$'))) {
      const std::string_view name = std::string_view(text).substr(1);
      if (!env_name_is_valid(name)) {
        problem(span, "\"" + text + "\" is not a valid variable reference: systemd drops the word");
        return;
      }
      const bool unknown = unknown_.find(name) != unknown_.end();
      const auto it = env_.find(name);
      if (it == env_.end()) {
        // systemd drops the word; an unknowable value still needs a stand-in.
        if (unknown) out.push_back(Word{"", span, span, false});
        return;
      }
      const SourcedText& value = it->second.value;
      std::size_t pos = 0;
      RawWord part;
      while (next_word(value, pos, Backslash::Literal, part)) {
        out.push_back(Word{part.text(), pieces_span(value, part), span, !unknown && value.known});
      }
      return;
    }
    out.push_back(replace_env(w, span));
  }

 private:
  struct Reference {
    Span span;                        // ${NAME} in the unit
    const EnvValue* value = nullptr;  // null when the variable is not set
  };

  // replace_env() without extensions: "${NAME}" → the exact value, "$$" → "$", the rest as
  // written (including "$NAME" inside a word and "${NAME:-x}").
  Word replace_env(const RawWord& w, Span word_span) {
    const std::vector<Piece>& p = w.pieces;
    const std::size_t n = p.size();
    std::string text;
    std::vector<Reference> refs;
    bool has_literal = false;
    bool known = true;
    for (std::size_t i = 0; i < n;) {
      if (p[i].c == '$' && i + 1 < n && p[i + 1].c == '$') {
        text.push_back('$');
        has_literal = true;
        i += 2;
        continue;
      }
      if (p[i].c == '$' && i + 1 < n && p[i + 1].c == '{') {
        std::size_t j = i + 2;
        while (j < n && p[j].c != '}' && p[j].c != ':') ++j;
        if (j < n && p[j].c == '}') {
          std::string name;
          for (std::size_t k = i + 2; k < j; ++k) name.push_back(p[k].c);
          Reference ref{Span{in_.file, p[i].begin, p[j].end}, nullptr};
          if (!env_name_is_valid(name)) {
            problem(ref.span, "\"${" + name +
                                  "}\" is not a valid variable name: systemd substitutes an "
                                  "empty string");
          } else {
            if (unknown_.find(name) != unknown_.end()) known = false;
            const auto it = env_.find(name);
            if (it != env_.end()) {
              ref.value = &it->second;
              text += it->second.value.text;
              if (!it->second.value.known) known = false;
            }
          }
          refs.push_back(ref);
          i = j + 1;
          continue;
        }
        // No closing brace, or the ':' of syntax systemd does not expand here: kept as written
        // and scanning resumes after the ':'.
        const std::size_t stop = j < n ? j + 1 : n;
        for (std::size_t k = i; k < stop; ++k) text.push_back(p[k].c);
        has_literal = true;
        i = stop;
        continue;
      }
      text.push_back(p[i].c);
      has_literal = true;
      ++i;
    }

    Word word{std::move(text), word_span, Span{}, known};
    if (refs.empty()) return word;
    word.via = refs.front().span;
    if (refs.size() == 1 && !has_literal) {
      // The whole argument is one variable: point at its value where it was assigned.
      if (const EnvValue* v = refs.front().value) {
        word.span = v->value.text.empty()
                        ? Span{v->assignment.file, v->assignment.end, v->assignment.end}
                        : v->value.span_of(0, v->value.text.size());
      } else {
        word.span = refs.front().span;
      }
    }
    return word;
  }

  const SourcedText& in_;
  const Environment& env_;
  const std::set<std::string, std::less<>>& unknown_;
  ExecCommand& cmd_;
};

// inet_pton(AF_INET): four decimal parts 0..255 without leading zeros.
bool is_ipv4(std::string_view s) {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    const std::size_t start = i;
    int value = 0;
    while (i < s.size() && is_digit(s[i]) && i - start < 3) value = value * 10 + (s[i++] - '0');
    const std::size_t len = i - start;
    if (len == 0 || value > 255 || (len > 1 && s[start] == '0')) return false;
    ++parts;
    if (i == s.size()) return parts == 4;
    if (s[i] != '.' || parts == 4) return false;
    ++i;
  }
}

// parse_ip_port(): 1..65535.
bool is_port(std::string_view s) {
  if (s.empty() || s.size() > 5 || !std::all_of(s.begin(), s.end(), is_digit)) return false;
  const long v = std::stol(std::string(s));
  return v >= 1 && v <= 65535;
}

// The port of "addr:port%ifname": the interface suffix is not part of it.
std::string_view port_part(std::string_view s) {
  return s.substr(0, s.find('%'));
}

}  // namespace

UnitFile parse_unit(std::string_view text, FileId file, std::uint32_t begin, std::uint32_t end) {
  const std::size_t stop = std::min<std::size_t>(end, text.size());
  std::size_t pos = std::min<std::size_t>(begin, stop);
  if (stop - pos >= 3 && text.substr(pos, 3) == "\xEF\xBB\xBF") pos += 3;

  LineParser parser(file);
  SourcedText pending;  // the logical line so far
  pending.file = file;
  bool continuing = false;
  while (pos < stop) {
    std::size_t line_end = pos;
    while (line_end < stop && text[line_end] != '\n' && text[line_end] != '\r' &&
           text[line_end] != '\0') {
      ++line_end;
    }
    // read_line(): "\n", "\r", "\r\n" and NUL end a line; a NUL right after "\n"/"\r\n" is part
    // of the same line end.
    std::size_t next = line_end;
    if (next < stop) {
      if (text[next] == '\r' && next + 1 < stop && text[next + 1] == '\n') {
        next += 2;
      } else {
        ++next;
      }
      if (text[line_end] != '\0' && next < stop && text[next] == '\0') ++next;
      for (std::size_t k = line_end; k < next; ++k) {
        if (text[k] == '\0') {
          parser.problem(
              Span{file, static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(k + 1)},
              "NUL byte: systemd ends the line here");
        }
      }
    }

    // Comment lines are dropped before continuations are looked at, so a comment inside a
    // continuation is skipped and the line goes on after it.
    std::size_t first = pos;
    while (first < line_end && is_blank(text[first])) ++first;
    if (first < line_end && (text[first] == '#' || text[first] == ';')) {
      pos = next;
      continue;
    }

    bool escaped = false;
    for (std::size_t k = pos; k < line_end; ++k) {
      pending.append(text[k], static_cast<std::uint32_t>(k));
      escaped = !escaped && text[k] == '\\';
    }
    pos = next;
    if (escaped) {
      pending.text.back() = ' ';  // systemd replaces the backslash with a space
      continuing = true;
      continue;
    }
    parser.logical_line(pending);
    pending.text.clear();
    pending.offsets.clear();
    continuing = false;
  }
  if (continuing) {
    const std::uint32_t backslash = pending.offsets.back();
    parser.problem(Span{file, backslash, backslash + 1},
                   "the last line ends with a continuation '\\': systemd uses the line as it is");
    parser.logical_line(pending);
  }
  return parser.take();
}

std::vector<std::pair<std::string, EnvValue>> parse_environment_assignment(const Assignment& a) {
  std::vector<std::pair<std::string, EnvValue>> out;
  std::size_t pos = 0;
  RawWord w;
  while (next_word(a.value, pos, Backslash::CEscapes, w)) {
    // Environment= has no relaxed retry: a syntax error drops the rest of the line.
    if (w.unknown_escape || w.unbalanced_quote) break;
    const std::string text = w.text();
    const std::size_t eq = text.find('=');
    if (eq == std::string::npos) continue;
    const std::string name = text.substr(0, eq);
    if (!env_name_is_valid(name) || !utf8::is_valid(std::string_view(text).substr(eq + 1))) {
      continue;
    }
    EnvValue v;
    v.value.file = a.value.file;
    for (std::size_t i = eq + 1; i < w.pieces.size(); ++i) {
      v.value.append(w.pieces[i].c, w.pieces[i].begin);
    }
    v.assignment = raw_span(a.value, w);
    out.emplace_back(name, std::move(v));
  }
  return out;
}

std::vector<EnvironmentFileRef> parse_environment_file_assignment(const Assignment& a) {
  const std::string& value = a.value.text;
  if (value.empty()) return {};
  const bool optional = value.front() == '-';
  const std::string_view path = std::string_view(value).substr(optional ? 1 : 0);
  if (path.empty() || path.front() != '/') return {};  // "path is not absolute, ignoring"

  // path_simplify(): no empty or "." components; path_is_normalized() refuses "..".
  std::string simplified;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    const std::size_t start = i;
    while (i < path.size() && path[i] != '/') ++i;
    const std::string_view part = path.substr(start, i - start);
    if (part.empty() || part == ".") continue;
    if (part == "..") return {};
    simplified += '/';
    simplified += part;
  }
  if (simplified.empty()) simplified = "/";
  return {EnvironmentFileRef{simplified, optional, a.value.span_of(0, value.size())}};
}

ExecCommand split_exec(const Assignment& a, const Environment& env,
                       const std::set<std::string, std::less<>>& unknown_vars) {
  ExecCommand cmd;
  const SourcedText& in = a.value;
  if (in.text.empty()) return cmd;  // a reset
  ExecSplitter splitter(a, env, unknown_vars, cmd);

  std::size_t pos = 0;
  RawWord first;
  do {
    if (!next_word(in, pos, Backslash::CEscapes, first)) return cmd;
  } while (first.text() == ";");  // a leading lone ';' is an empty command
  splitter.check_word(first, true, false);
  if (first.unbalanced_quote) return cmd;

  // The prefixes are read from the unquoted first word, each at most once; '+' excludes '!'
  // and "!!"; a second '!' turns '!' into "!!".
  bool ignore = false, separate_argv0 = false, no_expand = false, privileged = false,
       no_setuid = false, ambient = false, via_shell = false, rejected = false;
  std::size_t k = 0;
  for (; k < first.pieces.size(); ++k) {
    const char c = first.pieces[k].c;
    if (std::string_view("-@:|+!").find(c) == std::string_view::npos) break;
    bool ok = true;
    switch (c) {
      case '-':
        ok = !ignore;
        ignore = true;
        break;
      case '@':
        ok = !separate_argv0;
        separate_argv0 = true;
        break;
      case ':':
        ok = !no_expand;
        no_expand = true;
        break;
      case '|':
        ok = !via_shell;
        via_shell = true;
        break;
      case '+':
        ok = !privileged && !no_setuid && !ambient;
        privileged = true;
        break;
      default:  // '!'
        if (!privileged && !no_setuid && !ambient) {
          no_setuid = true;
        } else if (no_setuid && !privileged && !ambient) {
          no_setuid = false;
          ambient = true;
        } else {
          ok = false;
        }
        break;
    }
    if (!ok) rejected = true;
    cmd.prefixes.push_back(c);
  }
  cmd.argv0_override = separate_argv0;
  cmd.no_env_expansion = no_expand;
  if (rejected) {
    splitter.problem(Span{in.file, first.pieces.front().begin, first.pieces[k - 1].end},
                     "prefixes \"" + cmd.prefixes +
                         "\" repeat a prefix or combine '+' with '!': systemd rejects the command");
  }
  if (k == first.pieces.size()) {
    splitter.problem(raw_span(in, first),
                     "no executable after the prefixes: systemd rejects "
                     "the command");
    return cmd;
  }

  Word exe;
  for (std::size_t i = k; i < first.pieces.size(); ++i) exe.text.push_back(first.pieces[i].c);
  exe.span = pieces_span(in, first, k);
  if (exe.text.find('$') != std::string::npos) {
    splitter.problem(exe.span,
                     "the program to execute may not be a variable: systemd runs it as written, "
                     "without expansion");
  } else if (exe.text.front() != '/' && exe.text.find('/') != std::string::npos) {
    splitter.problem(exe.span,
                     "executable is neither an absolute path nor a plain file name: systemd "
                     "rejects the command");
  } else if (exe.text.back() == '/') {
    splitter.problem(exe.span, "executable path names a directory: systemd rejects the command");
  }
  cmd.argv.push_back(exe);

  // The arguments, as written; ';' and "\;" are recognised on the raw text.
  const std::string& t = in.text;
  const std::size_t n = t.size();
  const auto ends_word = [&](std::size_t i) { return i >= n || is_blank(t[i]); };
  std::vector<RawWord> args;
  while (true) {
    while (pos < n && is_blank(t[pos])) ++pos;
    if (pos >= n) break;
    if (t[pos] == ';' && ends_word(pos + 1)) {
      splitter.problem(Span{in.file, in.offsets[pos], in.offsets[pos] + 1},
                       "';' starts another command: systemd allows several commands only for "
                       "Type=oneshot; only the first is checked");
      break;
    }
    if (t[pos] == '\\' && pos + 1 < n && t[pos + 1] == ';' && ends_word(pos + 2)) {
      RawWord semicolon;
      semicolon.pieces.push_back(Piece{';', in.offsets[pos], in.offsets[pos + 1] + 1});
      semicolon.first = pos;
      semicolon.last = pos + 2;
      args.push_back(std::move(semicolon));
      pos += 2;
      continue;
    }
    RawWord w;
    next_word(in, pos, Backslash::CEscapes, w);
    splitter.check_word(w, false, ignore);
    args.push_back(std::move(w));
  }

  // Expansion happens on the unquoted words at exec time, argv[0] included: with '@' the
  // first expanded word is argv[0].
  std::vector<Word> expanded;
  for (const RawWord& w : args) splitter.expand(w, expanded);
  if (separate_argv0) {
    if (args.empty()) {
      splitter.problem(raw_span(in, first),
                       "'@' needs argv[0] after the executable: systemd rejects the command");
    } else if (!expanded.empty()) {
      expanded.erase(expanded.begin());
    }
  }
  cmd.argv.insert(cmd.argv.end(), expanded.begin(), expanded.end());
  return cmd;
}

ListenStream parse_listen_stream(const Assignment& a) {
  const std::string& v = a.value.text;
  ListenStream out;
  out.span = v.empty() ? a.line_span : a.value.span_of(0, v.size());
  if (v.empty()) {
    out.kind = ListenKind::Reset;
    return out;
  }
  if (v.front() == '/') {
    out.kind = ListenKind::UnixPath;
    out.address = v;
    return out;
  }
  if (v.front() == '@') {
    out.kind = ListenKind::AbstractNamespace;
    out.address = v.substr(1);
    return out;
  }
  if (std::all_of(v.begin(), v.end(), is_digit)) {
    // A bare port: IPv6 any address (dual-stack unless BindIPv6Only=ipv6-only).
    if (is_port(v)) {
      out.kind = ListenKind::Port;
      out.port = v;
    }
    return out;
  }
  const std::string_view s = v;
  if (s.front() == '[') {
    const std::size_t close = s.find("]:");
    if (close == std::string_view::npos) return out;
    const std::string_view address = s.substr(1, close - 1);
    const std::string_view port = port_part(s.substr(close + 2));
    if (address.find(':') == std::string_view::npos || !is_port(port)) return out;
    out.kind = ListenKind::Ipv6Port;
    out.address = address;
    out.port = port;
    return out;
  }
  const std::size_t colon = s.rfind(':');
  if (colon == std::string_view::npos) return out;
  const std::string_view address = s.substr(0, colon);
  const std::string_view port = port_part(s.substr(colon + 1));
  if (!is_ipv4(address) || !is_port(port)) return out;
  out.kind = ListenKind::Ipv4Port;
  out.address = address;
  out.port = port;
  return out;
}

}  // namespace dl::systemd
