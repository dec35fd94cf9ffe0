// systemd unit files (docker.service, docker.socket and their drop-ins): the line syntax of
// systemd.syntax(7), and the settings that decide what dockerd listens on — ExecStart=
// (quoting, escapes, prefixes, $VAR expansion), Environment=, EnvironmentFile=, ListenStream=.
// The behaviour is ported from systemd's own parser (conf-parser.c config_parse,
// extract-word.c extract_first_word, escape.c cunescape_one, load-fragment.c config_parse_exec
// and config_parse_environ, env-util.c replace_env_argv); every result keeps the bytes it came
// from.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linter/core/span.h"
#include "linter/core/word.h"

namespace dl::systemd {

// Something systemd warns about, ignores or refuses. The message says what systemd does.
struct UnitProblem {
  Span span;
  std::string message;
};

struct Assignment {
  std::string section;  // "" before the first header (systemd ignores such lines)
  std::string key;
  Span key_span;
  // The value as systemd hands it to the setting's parser: whitespace around '=' and at the
  // end removed, a continuation backslash turned into ' ' (its offset is the backslash's),
  // comment lines inside a continuation left out. One offset per byte.
  SourcedText value;
  Span line_span;  // first to last non-blank byte of the logical line (continuations included)
};

struct UnitFile {
  FileId file = kNoFile;
  std::vector<std::string> sections;    // valid headers, in order (a section may repeat)
  std::vector<Assignment> assignments;  // in file order, repeated keys kept
  std::vector<UnitProblem> problems;
};

// text[begin, end) is the unit; spans refer to `file`. Line ends are "\n", "\r\n", "\r" and
// NUL (as systemd's read_line()); a UTF-8 BOM at `begin` is skipped.
UnitFile parse_unit(std::string_view text, FileId file, std::uint32_t begin = 0,
                    std::uint32_t end = UINT32_MAX);

// A variable value available for expansion in ExecStart=: where it was written.
struct EnvValue {
  SourcedText value;
  Span assignment;  // the whole NAME=value as written (quotes included)
};
using Environment = std::map<std::string, EnvValue, std::less<>>;

// Environment= "A=b" "C=d e": words unquoted and unescaped as systemd does. Invalid
// assignments are skipped; a syntax error (unknown escape, unbalanced quote) ends the list,
// keeping the entries before it. An empty value (a reset) gives an empty vector.
std::vector<std::pair<std::string, EnvValue>> parse_environment_assignment(const Assignment& a);

// EnvironmentFile=-/etc/default/docker. The value is one path (not unquoted; it may be a glob,
// which systemd expands when the service starts), simplified like path_simplify(). A path that
// is not absolute or contains ".." is ignored by systemd, so it gives an empty vector, as does
// an empty value (a reset; the caller handles resets). `span` covers the whole value.
struct EnvironmentFileRef {
  std::string path;
  bool optional = false;
  Span span;
};
std::vector<EnvironmentFileRef> parse_environment_file_assignment(const Assignment& a);

struct ExecCommand {
  std::string prefixes;  // the run of @-:+!| characters before the executable, e.g. "-", "!!"
  bool argv0_override = false;    // '@': the word after the executable is argv[0] (skipped)
  bool no_env_expansion = false;  // ':'
  // Executable then arguments, unquoted, unescaped and expanded. A word's span covers the
  // bytes its text came from (inside quotes). A word that is exactly one variable's value (or
  // a part of a split "$VAR") has its span in that value and `via` at the reference; a word
  // that mixes literal text and a "${VAR}" has its span in the unit and `via` at the (first)
  // reference. A "$VAR"/"${VAR}" named in `unknown_vars` gives known=false words; if it has no
  // value either, a single empty placeholder word stands for it.
  std::vector<Word> argv;
  std::vector<UnitProblem> problems;
};
// One ExecStart= (or ExecStartPre=, …) value. An empty value (a reset) gives an empty argv.
// %-specifiers are kept as written ("%i", "%%"). Only the first command of a value is
// returned; a lone ';' starting another one is reported as a problem.
ExecCommand split_exec(const Assignment& a, const Environment& env,
                       const std::set<std::string, std::less<>>& unknown_vars = {});

// ListenStream= of a socket unit.
enum class ListenKind { UnixPath, AbstractNamespace, Port, Ipv4Port, Ipv6Port, Other, Reset };
struct ListenStream {
  ListenKind kind = ListenKind::Other;
  std::string address;  // path, abstract name (without '@'), IP address (no brackets)
  std::string port;     // Port / Ipv4Port / Ipv6Port
  Span span;            // the value (the whole line for a reset)
};
// "2375" → Port; "0.0.0.0:2375" → Ipv4Port "0.0.0.0"; "[::]:2375" → Ipv6Port "::";
// "/run/docker.sock" → UnixPath; "@name" → AbstractNamespace; "" → Reset; anything else
// ("vsock:…", a relative path, a host name systemd cannot parse) → Other.
ListenStream parse_listen_stream(const Assignment& a);

}  // namespace dl::systemd
