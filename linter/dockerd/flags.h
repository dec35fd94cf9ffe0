// dockerd's command line as dockerd itself reads it: the flag table (Linux, moby master) and a
// port of spf13/pflag's argument parser (flag.go parseArgs / parseLongArg / parseShortArg), plus
// the recognition of an argv that starts a Docker daemon, directly or through a wrapper.
//
// Sources: moby/moby daemon/command/{options.go, config.go, config_unix.go, docker.go} (the flag
// registrations), daemon/config/config.go (findConfigurationConflicts: which daemon.json key a
// flag conflicts with), spf13/pflag flag.go and bool.go. Notes: dockerd-semantics.md §1.3, §6.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "linter/core/span.h"
#include "linter/core/word.h"

namespace dl::dockerd {

struct FlagSpec {
  std::string_view name;             // "host"
  char shorthand;                    // 'H', or 0
  bool is_bool;                      // pflag bool flag (NoOptDefVal "true"): value only with '='
  std::string_view config_key;       // the daemon.json key it conflicts with: the NamedOption name
                                     // ("hosts" for host), else the flag name; "" if none
  std::string_view removed_in = {};  // "" for a flag current dockerd registers; else the first
                                     // release whose dockerd refuses it (legacy flags are kept
                                     // so old command lines still parse: -g, docker's -d)
};

// Exact, case-sensitive (pflag does not normalize dockerd's names). nullptr when unknown.
const FlagSpec* find_flag(std::string_view long_name);
const FlagSpec* find_shorthand(char c);
// The whole table, sorted by name.
std::span<const FlagSpec> all_flags();

struct ParsedFlag {
  std::string name;         // long name of a known flag ("host"), or the flag text as written when
                            // unknown ("--frobnicate", "-tls"), without any "=value"
  std::string value;        // for bool flags "true"/"false" as pflag would set it
  bool known_flag = true;   // false: not a dockerd flag (pflag would fail; we tolerate and record)
  bool value_known = true;  // false when a Word it came from is not known
  Span span;                // the flag word (for "-H" "x": the "-H" word; for "--host=x" the word)
  Span value_span;          // the value's text ("x" in "--host=x", "-Hx", or the next word); the
                            // whole flag word when quoting makes the word's bytes differ from its
                            // text; empty when the value is implied (bool flag without '=')
  Span via;  // Word.via of the flag word, else of the value word; invalid when neither has one
};

enum class ArgProblemKind {
  BoolFlagSeparateValue,  // "--tls false": tls=true and a stray positional "false" → dockerd
                          // refuses to start (DE007)
  InvalidBoolValue,       // "--tls=no", "--tlsverify=" → strconv.ParseBool error, dockerd exits
  StrayArgument,          // any other positional (dockerd accepts no argument(s)), including
                          // everything after "--"
  MissingValue,           // "-H" at the end
};

// span: the offending word or value; related: the bool flag (BoolFlagSeparateValue,
// InvalidBoolValue) or the "--" (StrayArgument after it), else invalid.
struct ArgProblem {
  ArgProblemKind kind;
  Span span;
  Span related;
  std::string message;
};

struct DaemonArgs {
  std::vector<ParsedFlag> flags;  // in order
  std::vector<ArgProblem> problems;
};

// Parses dockerd's arguments (after the program word and any "daemon" subcommand) as pflag does.
// Unknown flags are recorded with known_flag=false instead of failing. Words that are not known
// (Word.known == false) never produce a problem: an unknowable word may hide anything.
DaemonArgs parse_daemon_args(std::span<const Word> args);

// Where dockerd starts in an argv: the program word and the first argument.
struct DaemonInvocation {
  std::size_t program_index;  // the dockerd / docker word
  std::size_t args_begin;     // first dockerd argument (== argv.size() when there is none)
  bool legacy;                // "docker daemon", "docker -d"/"--daemon", "dockerd-current"…
};

// The index of the program a command line runs once wrappers are peeled off (sudo, doas, env,
// nohup, exec, setsid, nice, ionice, timeout, stdbuf, chroot, with their options and env's
// NAME=value words); nullopt when a wrapper runs nothing (`sudo -l`), the program word is not
// known, or argv is only wrappers. start-stop-daemon is not peeled (its program is an option).
std::optional<std::size_t> find_program(std::span<const Word> argv);

// Recognises dockerd, dockerd-current, dockerd-rootless.sh (any directory), `docker daemon …`,
// `docker -d …` / `docker --daemon …`, `dind dockerd …`, behind the wrappers sudo, nohup, exec,
// env, setsid, nice, ionice, timeout, stdbuf, chroot and start-stop-daemon --start (whose
// arguments after "--" are the daemon's). `sh -c '…'` is not handled here. nullopt when argv
// does not start a Docker daemon (`docker run`, `dockerd-lint`, `containerd`, a wrapper that only
// queries or stops).
std::optional<DaemonInvocation> find_daemon_invocation(std::span<const Word> argv);

}  // namespace dl::dockerd
