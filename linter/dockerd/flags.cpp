#include "linter/dockerd/flags.h"

#include <algorithm>
#include <array>
#include <cstdio>

// Flag registrations: moby/moby daemon/command/options.go @0e90002a (installFlags),
// docker.go @0e90002a (version, config-file), config.go @5bc86836 and @0293eeaf
// (installCommonConfigFlags), config_unix.go @0293eeaf (installConfigFlags), plus cobra's
// help flag. Conflict keys: daemon/config/config.go @5bc86836 findConfigurationConflicts.
// Parser: spf13/pflag flag.go (parseArgs, parseLongArg, parseShortArg, parseSingleShortArg,
// stripUnknownFlagValue, FlagSet.Set) and bool.go. Nothing here is copied; it is a port.

namespace dl::dockerd {
namespace {

// A flag that takes a value. `key` is what findConfigurationConflicts compares with the
// daemon.json keys: the NamedOption's Name() for NamedOption values, else the flag name.
constexpr FlagSpec value_flag(std::string_view name, char shorthand, std::string_view key) {
  return {name, shorthand, false, key, ""};
}
constexpr FlagSpec value_flag(std::string_view name, std::string_view key) {
  return value_flag(name, 0, key);
}
constexpr FlagSpec value_flag(std::string_view name) {
  return value_flag(name, 0, name);
}
// A pflag BoolVar: NoOptDefVal "true", so a value only after '='.
constexpr FlagSpec bool_flag(std::string_view name, char shorthand = 0) {
  return {name, shorthand, true, name, ""};
}
constexpr FlagSpec removed(FlagSpec spec, std::string_view version) {
  spec.removed_in = version;
  return spec;
}

// Sorted by name in byte order (checked below).
constexpr std::array kFlags{
    // skipDuplicates exempts "runtimes", so --add-runtime never conflicts with the file.
    value_flag("add-runtime", ""),
    bool_flag("allow-direct-routing"),
    removed(value_flag("api-cors-header"), "28.0"),  // 28.0 keeps it only to fail
    removed(bool_flag("api-enable-cors"), "17.09"),
    value_flag("authorization-plugin", "authorization-plugins"),
    value_flag("bip"),
    value_flag("bip6"),
    value_flag("bridge", 'b', "bridge"),
    value_flag("bridge-accept-fwmark"),
    value_flag("cdi-spec-dir", "cdi-spec-dirs"),
    value_flag("cgroup-parent"),
    removed(value_flag("cluster-advertise"), "23.0"),
    removed(value_flag("cluster-store"), "23.0"),
    removed(value_flag("cluster-store-opt", "cluster-store-opts"), "23.0"),
    value_flag("config-file"),
    value_flag("containerd"),
    value_flag("containerd-namespace"),
    // The Config json tag lacks the "s", but conflicts are looked up by flag name.
    value_flag("containerd-plugins-namespace"),
    value_flag("cpu-rt-period"),
    value_flag("cpu-rt-runtime"),
    bool_flag("cri-containerd"),
    // `docker -d` (docker <= 1.9): docker's own flag, never dockerd's; no daemon.json key.
    removed(FlagSpec{"daemon", 'd', true, "", ""}, "1.10"),
    value_flag("data-root"),
    bool_flag("debug", 'D'),
    value_flag("default-address-pool", "default-address-pools"),  // PoolsOpt.Name()
    value_flag("default-cgroupns-mode"),
    value_flag("default-gateway"),
    value_flag("default-gateway-v6"),
    value_flag("default-ipc-mode"),
    value_flag("default-network-opt", "default-network-opts"),
    value_flag("default-runtime"),
    value_flag("default-shm-size"),  // opts.MemBytes: not a NamedOption
    value_flag("default-ulimit", "default-ulimits"),
    removed(bool_flag("disable-legacy-registry"), "17.12"),
    value_flag("dns", "dns"),
    value_flag("dns-opt", "dns-opts"),
    value_flag("dns-search"),  // plain ListOpts: flag name and key agree
    value_flag("exec-opt", "exec-opts"),
    value_flag("exec-root"),
    bool_flag("experimental"),
    value_flag("feature", "features"),
    value_flag("firewall-backend"),
    value_flag("fixed-cidr"),
    value_flag("fixed-cidr-v6"),
    removed(value_flag("graph", 'g', "graph"), "23.0"),
    value_flag("group", 'G', "group"),
    bool_flag("help", 'h'),  // cobra's
    value_flag("host", 'H', "hosts"),
    // Also conflicts with the legacy file key "host-gateway-ip" (migratedNamedConfig).
    value_flag("host-gateway-ip", "host-gateway-ips"),
    value_flag("http-proxy"),
    value_flag("https-proxy"),
    bool_flag("icc"),
    bool_flag("init"),
    value_flag("init-path"),
    value_flag("insecure-registry", "insecure-registries"),
    value_flag("ip"),
    bool_flag("ip-forward"),
    bool_flag("ip-forward-no-drop"),
    bool_flag("ip-masq"),
    bool_flag("ip6tables"),
    bool_flag("iptables"),
    bool_flag("ipv6"),
    value_flag("label", "labels"),
    bool_flag("live-restore"),
    value_flag("log-driver"),
    value_flag("log-format"),
    value_flag("log-level", 'l', "log-level"),
    value_flag("log-opt", "log-opts"),
    value_flag("max-concurrent-downloads"),
    value_flag("max-concurrent-uploads"),
    value_flag("max-download-attempts"),
    value_flag("metrics-addr"),
    value_flag("mtu"),
    value_flag("network-control-plane-mtu"),
    value_flag("network-diagnostic-port"),  // hidden
    bool_flag("no-new-privileges"),
    value_flag("no-proxy"),
    value_flag("node-generic-resource", "node-generic-resources"),
    value_flag("nri-opts", "nri-opts"),
    removed(value_flag("oom-score-adjust"), "25.0"),  // an error from 25.0, gone in 26.0
    value_flag("pidfile", 'p', "pidfile"),
    bool_flag("raw-logs"),
    value_flag("registry-mirror", "registry-mirrors"),
    bool_flag("restart", 'r'),  // deprecated, still registered
    bool_flag("rootless"),
    value_flag("seccomp-profile"),
    bool_flag("selinux-enabled"),
    value_flag("shutdown-timeout"),
    value_flag("storage-driver", 's', "storage-driver"),
    value_flag("storage-opt", "storage-opts"),
    value_flag("swarm-default-advertise-addr"),
    bool_flag("tls"),
    value_flag("tlscacert"),
    value_flag("tlscert"),
    value_flag("tlskey"),
    bool_flag("tlsverify"),
    bool_flag("userland-proxy"),
    value_flag("userland-proxy-path"),
    value_flag("userns-remap"),
    bool_flag("validate"),
    bool_flag("version", 'v'),
};

constexpr bool sorted_unique(std::span<const FlagSpec> flags) {
  for (std::size_t i = 1; i < flags.size(); ++i) {
    if (!(flags[i - 1].name < flags[i].name)) return false;
  }
  return true;
}
static_assert(sorted_unique(kFlags), "kFlags must be sorted by name and unique");

// pflag panics on a reused shorthand, so they are unique in dockerd too.
constexpr bool unique_shorthands(std::span<const FlagSpec> flags) {
  for (std::size_t i = 0; i < flags.size(); ++i) {
    for (std::size_t j = i + 1; j < flags.size(); ++j) {
      if (flags[i].shorthand != 0 && flags[i].shorthand == flags[j].shorthand) return false;
    }
  }
  return true;
}
static_assert(unique_shorthands(kFlags), "shorthands must be unique");

// ---------------------------------------------------------------------------------------
// Small text helpers.

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// strconv.ParseBool: exactly these spellings.
std::optional<bool> parse_go_bool(std::string_view s) {
  for (std::string_view t : {"1", "t", "T", "TRUE", "true", "True"}) {
    if (s == t) return true;
  }
  for (std::string_view f : {"0", "f", "F", "FALSE", "false", "False"}) {
    if (s == f) return false;
  }
  return std::nullopt;
}

// Words a person writes as a boolean, for telling "--tls no" from any other stray word.
bool looks_boolean(std::string_view s) {
  if (parse_go_bool(s)) return true;
  std::string lower;
  for (char c : s) lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  return lower == "true" || lower == "false" || lower == "yes" || lower == "no" || lower == "on" ||
         lower == "off";
}

// Go's %q for the ASCII range (what pflag's messages use); other bytes pass through.
std::string go_quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out += '"';
  return out;
}

// Go's %q for a byte: a single-quoted character literal.
std::string go_quote_char(char c) {
  if (c == '\'') return "'\\''";
  if (c == '\\') return "'\\\\'";
  return std::string("'") + c + "'";
}

// The bytes of text[from, end) of a word. Exact only when the word was written literally (its
// span as long as its text); quotes or escapes make the mapping unknowable, so the whole word.
Span tail_span(const Word& w, std::size_t from) {
  const std::size_t length = w.span.end - w.span.begin;
  if (!w.span.valid() || length != w.text.size() || from > length) return w.span;
  return Span{w.span.file, static_cast<std::uint32_t>(w.span.begin + from), w.span.end};
}

Span empty_span_at_end(const Word& w) {
  return Span{w.span.file, w.span.end, w.span.end};
}

Span via_of(const Word& flag_word, const Word* value_word) {
  if (flag_word.via.valid() || value_word == nullptr) return flag_word.via;
  return value_word->via;
}

constexpr std::string_view kNoArgs = "(\"dockerd\" accepts no argument(s).)";

// pflag's FlagSet.Set error prefix names "-D, --debug" when the flag has a shorthand.
std::string pflag_flag_name(const FlagSpec& spec) {
  std::string name;
  if (spec.shorthand != 0) name = std::string("-") + spec.shorthand + ", ";
  return name + "--" + std::string(spec.name);
}

// ---------------------------------------------------------------------------------------
// The parser.

class ArgParser {
 public:
  explicit ArgParser(std::span<const Word> args) : args_(args) {}

  DaemonArgs run() {
    while (next_ < args_.size()) {
      const std::size_t index = next_++;
      const Word& w = args_[index];
      const std::string_view s = w.text;
      const PendingBool pending = pending_;
      pending_ = {};
      // pflag: "", "-" and anything not starting with '-' are positional arguments.
      if (s.empty() || s[0] != '-' || s.size() == 1) {
        positional(w, pending);
        continue;
      }
      if (s[1] == '-') {
        if (s.size() == 2) {  // "--" ends the flags: everything after is positional
          dash_dash(w);
          break;
        }
        long_flag(w);
      } else {
        short_flags(w);
      }
    }
    return std::move(out_);
  }

 private:
  // The last flag of the previous word was a bool flag written without '='.
  struct PendingBool {
    const Word* word = nullptr;
    const FlagSpec* spec = nullptr;
    std::string written;  // "--tls" or "-D"
  };

  const Word* take_next() { return next_ < args_.size() ? &args_[next_++] : nullptr; }

  void problem(ArgProblemKind kind, Span span, Span related, std::string message) {
    out_.problems.push_back({kind, span, related, std::move(message)});
  }

  void positional(const Word& w, const PendingBool& pending) {
    if (!w.known) return;  // an unknowable word may expand to flags, or to nothing
    if (pending.word != nullptr && pending.word->known && looks_boolean(w.text)) {
      problem(ArgProblemKind::BoolFlagSeparateValue, w.span, pending.word->span,
              pending.written +
                  " is a boolean flag and takes a value only after '=': " + go_quote(w.text) +
                  " is left over as an argument, which dockerd rejects " + std::string(kNoArgs) +
                  "; write --" + std::string(pending.spec->name) + "=" + w.text);
      return;
    }
    problem(ArgProblemKind::StrayArgument, w.span, Span{},
            go_quote(w.text) + " is neither a flag nor a flag's value; dockerd accepts no " +
                "arguments and exits " + std::string(kNoArgs));
  }

  void dash_dash(const Word& dashes) {
    for (const Word* w = take_next(); w != nullptr; w = take_next()) {
      if (!w->known) continue;
      problem(ArgProblemKind::StrayArgument, w->span, dashes.span,
              go_quote(w->text) + " follows \"--\", which ends dockerd's flags, so it is an " +
                  "argument; dockerd accepts no arguments and exits " + std::string(kNoArgs));
    }
  }

  // Records a known flag's value; bool values go through strconv.ParseBool like boolValue.Set.
  void record(const FlagSpec& spec, const Word& flag_word, const Word* value_word,
              std::string value, Span value_span) {
    ParsedFlag flag;
    flag.name = std::string(spec.name);
    flag.value_known = flag_word.known && (value_word == nullptr || value_word->known);
    flag.span = flag_word.span;
    flag.value_span = value_span;
    flag.via = via_of(flag_word, value_word);
    if (spec.is_bool && flag.value_known) {
      if (auto parsed = parse_go_bool(value)) {
        flag.value = *parsed ? "true" : "false";
      } else {
        // boolValue.Set stores ParseBool's false before returning the error.
        flag.value = "false";
        problem(ArgProblemKind::InvalidBoolValue, value_span.empty() ? flag_word.span : value_span,
                flag_word.span,
                "invalid argument " + go_quote(value) + " for " + go_quote(pflag_flag_name(spec)) +
                    " flag: strconv.ParseBool: parsing " + go_quote(value) + ": invalid syntax");
      }
    } else {
      flag.value = std::move(value);
    }
    out_.flags.push_back(std::move(flag));
  }

  // An unknown flag: pflag (without its UnknownFlags whitelist) would fail here. We keep going
  // the way the whitelist does: "name=value" consumes nothing, a bare name takes the next word
  // unless it starts with '-' (stripUnknownFlagValue).
  void record_unknown(const Word& flag_word, std::string_view text, std::size_t text_offset) {
    ParsedFlag flag;
    flag.known_flag = false;
    flag.span = flag_word.span;
    const Word* value_word = nullptr;
    // The '=' cannot be the flag's first character ("-=" is the unknown shorthand '=').
    if (auto eq = text.find('=', 2); eq != std::string_view::npos) {
      flag.name = std::string(text.substr(0, eq));
      flag.value = std::string(text.substr(eq + 1));
      flag.value_span = tail_span(flag_word, text_offset + eq + 1);
    } else {
      flag.name = std::string(text);
      if (next_ < args_.size() && (args_[next_].text.empty() || args_[next_].text[0] != '-')) {
        value_word = take_next();
        flag.value = value_word->text;
        flag.value_span = value_word->span;
      }
    }
    flag.value_known = flag_word.known && (value_word == nullptr || value_word->known);
    flag.via = via_of(flag_word, value_word);
    out_.flags.push_back(std::move(flag));
  }

  // parseLongArg: "--name", "--name=value", "--name value".
  void long_flag(const Word& w) {
    const std::string_view s = w.text;
    const std::string_view body = s.substr(2);
    // "---x" and "--=x": pflag's "bad flag syntax"; recorded as an unknown flag.
    if (body[0] == '-' || body[0] == '=') {
      record_unknown(w, s, 0);
      return;
    }
    const std::size_t eq = body.find('=');
    const std::string_view name = body.substr(0, eq);
    const FlagSpec* spec = find_flag(name);
    if (spec == nullptr) {
      record_unknown(w, s, 0);
      return;
    }
    if (eq != std::string_view::npos) {
      record(*spec, w, nullptr, std::string(body.substr(eq + 1)), tail_span(w, 2 + eq + 1));
    } else if (spec->is_bool) {
      record(*spec, w, nullptr, "true", empty_span_at_end(w));
      pending_ = {&w, spec, std::string(s)};
    } else if (const Word* value = take_next()) {
      // Whatever the next word is ("--tls", "--"), pflag takes it as the value.
      record(*spec, w, value, value->text, value->span);
    } else if (w.known) {
      problem(ArgProblemKind::MissingValue, w.span, Span{},
              "flag needs an argument: " + std::string(s));
    }
  }

  // parseShortArg: a cluster of shorthands, "-DH x", "-Hx", "-H=x", "-D=false".
  void short_flags(const Word& w) {
    const std::string_view cluster = std::string_view(w.text).substr(1);
    for (std::size_t pos = 0; pos < cluster.size();) {
      const std::string_view rest = cluster.substr(pos);
      // pflag silently skips Go test flags ("-test.v") and the rest of the word with them.
      if (starts_with(rest, "test.")) return;
      const FlagSpec* spec = find_shorthand(rest[0]);
      if (spec == nullptr) {
        // "unknown shorthand flag: 't' in -tls": dockerd stops here; we record the rest.
        record_unknown(w, std::string("-") + std::string(rest), pos);
        return;
      }
      const std::size_t value_offset = 1 + pos + 1;  // in w.text, just after the letter
      if (rest.size() > 2 && rest[1] == '=') {       // "-H=x", "-D=false"
        record(*spec, w, nullptr, std::string(rest.substr(2)), tail_span(w, value_offset + 1));
        return;
      }
      if (spec->is_bool) {  // "-D": NoOptDefVal, then the next shorthand ("-D=" → '=' next)
        record(*spec, w, nullptr, "true", empty_span_at_end(w));
        ++pos;
        if (pos == cluster.size()) pending_ = {&w, spec, std::string("-") + rest[0]};
        continue;
      }
      if (rest.size() > 1) {  // "-Hx", also "-H=" (value "=")
        record(*spec, w, nullptr, std::string(rest.substr(1)), tail_span(w, value_offset));
        return;
      }
      if (const Word* value = take_next()) {  // "-H x"
        record(*spec, w, value, value->text, value->span);
      } else if (w.known) {
        problem(ArgProblemKind::MissingValue, w.span, Span{},
                "flag needs an argument: " + go_quote_char(rest[0]) + " in -" + std::string(rest));
      }
      return;
    }
  }

  std::span<const Word> args_;
  std::size_t next_ = 0;
  PendingBool pending_;
  DaemonArgs out_;
};

// ---------------------------------------------------------------------------------------
// Invocations.

std::string_view basename(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Binaries whose arguments are dockerd's own.
bool is_dockerd(std::string_view base) {
  return base == "dockerd" || base == "dockerd-current" || base == "dockerd-rootless.sh";
}

// The docker client binary, which was also the daemon up to 17.12 ("docker.io": Ubuntu 14.04;
// "docker-current": RHEL/Project Atomic).
bool is_docker(std::string_view base) {
  return base == "docker" || base == "docker-current" || base == "docker.io";
}

// A NAME=value word (env, sudo): a shell identifier before the '='.
bool is_assignment(std::string_view s) {
  const std::size_t eq = s.find('=');
  if (eq == std::string_view::npos || eq == 0) return false;
  for (std::size_t i = 0; i < eq; ++i) {
    const char c = s[i];
    const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

// The getopt options of a wrapper: which take an argument, which mean no command runs.
struct OptionSyntax {
  std::string_view short_with_arg;
  std::span<const std::string_view> long_with_arg;
  std::string_view short_no_command;
  std::span<const std::string_view> long_no_command;
};

bool contains(std::span<const std::string_view> set, std::string_view s) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

// Index of the first word after the wrapper's options ("+" getopt: stops at the first
// non-option; a "--" is consumed), or nullopt when an option means the wrapper runs nothing.
std::optional<std::size_t> skip_options(std::span<const Word> argv, std::size_t j,
                                        const OptionSyntax& syntax) {
  while (j < argv.size()) {
    const std::string_view s = argv[j].text;
    if (s == "--") return j + 1;
    if (s.size() < 2 || s[0] != '-') return j;
    if (s[1] == '-') {
      const std::size_t eq = s.find('=');
      const std::string_view name = s.substr(2, eq == std::string_view::npos ? s.npos : eq - 2);
      if (contains(syntax.long_no_command, name)) return std::nullopt;
      j += (eq == std::string_view::npos && contains(syntax.long_with_arg, name)) ? 2 : 1;
      continue;
    }
    std::size_t advance = 1;
    for (std::size_t k = 1; k < s.size(); ++k) {
      if (syntax.short_no_command.find(s[k]) != std::string_view::npos) return std::nullopt;
      if (syntax.short_with_arg.find(s[k]) != std::string_view::npos) {
        if (k + 1 == s.size()) advance = 2;  // "-u root"; else "-uroot"
        break;
      }
    }
    j += advance;
  }
  return j;
}

std::size_t skip_assignments(std::span<const Word> argv, std::size_t j) {
  while (j < argv.size() && is_assignment(argv[j].text)) ++j;
  return j;
}

constexpr std::array<std::string_view, 11> kSudoLongArg{
    "chdir", "chroot", "close-from", "command-timeout", "group", "host", "other-user", "prompt",
    "role",  "type",   "user"};
constexpr std::array<std::string_view, 6> kSudoLongNoCommand{
    "edit", "help", "list", "remove-timestamp", "validate", "version"};
// -h alone is --help (its host form needs the value attached, "h::"); -e edits, -l lists,
// -v/-K refresh or remove credentials, -V prints the version.
constexpr OptionSyntax kSudo{"CDgpRrtTUu", kSudoLongArg, "eKlvVh", kSudoLongNoCommand};
// OpenBSD doas(1): -C checks a config file and -L clears persisted logins; -s runs a shell.
constexpr OptionSyntax kDoas{"au", {}, "CLs", {}};

constexpr std::array<std::string_view, 2> kEnvLongArg{"chdir", "unset"};
// -S/--split-string re-splits one word into many: not modelled, so not recognised.
constexpr std::array<std::string_view, 3> kEnvLongNoCommand{"help", "split-string", "version"};
constexpr OptionSyntax kEnv{"Cu", kEnvLongArg, "S", kEnvLongNoCommand};

constexpr std::array<std::string_view, 2> kHelpVersion{"help", "version"};
constexpr OptionSyntax kNohup{"", {}, "", kHelpVersion};
constexpr OptionSyntax kExec{"a", {}, "", {}};  // shell builtin: exec [-cl] [-a name] cmd
constexpr OptionSyntax kSetsid{"", {}, "hV", kHelpVersion};

constexpr std::array<std::string_view, 1> kNiceLongArg{"adjustment"};
constexpr OptionSyntax kNice{"n", kNiceLongArg, "", kHelpVersion};

constexpr std::array<std::string_view, 2> kIoniceLongArg{"class", "classdata"};
constexpr std::array<std::string_view, 5> kIoniceLongNoCommand{"help", "pgid", "pid", "uid",
                                                               "version"};
// -p/-P/-u change running processes instead of starting one.
constexpr OptionSyntax kIonice{"cn", kIoniceLongArg, "hPpuV", kIoniceLongNoCommand};

constexpr std::array<std::string_view, 2> kTimeoutLongArg{"kill-after", "signal"};
constexpr OptionSyntax kTimeout{"ks", kTimeoutLongArg, "", kHelpVersion};

constexpr std::array<std::string_view, 3> kStdbufLongArg{"error", "input", "output"};
constexpr OptionSyntax kStdbuf{"eio", kStdbufLongArg, "", kHelpVersion};

constexpr std::array<std::string_view, 2> kChrootLongArg{"groups", "userspec"};
constexpr OptionSyntax kChroot{"", kChrootLongArg, "", kHelpVersion};

// After a docker client word: "daemon" (1.10–17.09) or "-d"/"--daemon" (<= 1.9) among the
// top-level flags. Flags before "daemon" are the client's; with -d all of them are the daemon's.
std::optional<DaemonInvocation> docker_legacy(std::span<const Word> argv, std::size_t program,
                                              std::size_t from) {
  bool previous_takes_value = false;
  for (std::size_t j = from; j < argv.size(); ++j) {
    const std::string_view s = argv[j].text;
    if (s == "daemon" && !previous_takes_value) return DaemonInvocation{program, j + 1, true};
    if (s == "-d" || s == "--daemon") return DaemonInvocation{program, from, true};
    if (starts_with(s, "-d=") || starts_with(s, "--daemon=")) {
      const auto value = parse_go_bool(s.substr(s.find('=') + 1));
      if (value && *value) return DaemonInvocation{program, from, true};
    }
    if (s == "--") return std::nullopt;
    if (s.size() > 1 && s[0] == '-') {
      // A flag; whether it swallows the next word decides if that word can be the command.
      const std::size_t dashes = s[1] == '-' ? 2 : 1;
      const std::string_view name = s.substr(dashes);
      const FlagSpec* spec = nullptr;
      if (name.find('=') == std::string_view::npos) {
        spec = name.size() == 1 && dashes == 1 ? find_shorthand(name[0]) : find_flag(name);
        previous_takes_value = spec == nullptr || !spec->is_bool;
      } else {
        previous_takes_value = false;
      }
      continue;
    }
    if (previous_takes_value) {
      previous_takes_value = false;
      continue;
    }
    return std::nullopt;  // the client's command: run, ps, …
  }
  return std::nullopt;
}

std::optional<DaemonInvocation> classify_program(std::span<const Word> argv, std::size_t program,
                                                 std::string_view text, std::size_t args_begin) {
  const std::string_view base = basename(text);
  if (is_dockerd(base)) return DaemonInvocation{program, args_begin, base == "dockerd-current"};
  if (is_docker(base)) return docker_legacy(argv, program, args_begin);
  return std::nullopt;
}

// start-stop-daemon --start … --exec X [--startas Y] … -- ARGS: the daemon is Y (else X) and
// its arguments are those after "--". --stop/--status/--test start nothing.
std::optional<DaemonInvocation> start_stop_daemon(std::span<const Word> argv, std::size_t j) {
  constexpr std::string_view kShortWithArg = "acdgIkNnOPpRrsux";
  constexpr std::string_view kShortNoStart = "HKTtV";
  constexpr std::array<std::string_view, 18> kLongWithArg{
      "chdir",     "chroot",    "chuid",          "exec",    "group",   "iosched",
      "name",      "nicelevel", "notify-timeout", "output",  "pidfile", "ppid",
      "procsched", "retry",     "signal",         "startas", "umask",   "user"};
  constexpr std::array<std::string_view, 5> kLongNoStart{"help", "status", "stop", "test",
                                                         "version"};
  bool start = false;
  std::optional<std::size_t> exec_word, startas_word;
  std::string_view exec_text, startas_text;
  std::size_t args_begin = argv.size();
  while (j < argv.size()) {
    const std::string_view s = argv[j].text;
    if (s == "--") {
      args_begin = j + 1;
      break;
    }
    if (s.size() < 2 || s[0] != '-') {
      args_begin = j;
      break;
    }
    // The option's long name, and its value: attached, the next word, or none.
    std::string_view name;
    std::optional<std::string_view> attached;
    bool takes_value = false;
    if (s[1] == '-') {
      const std::size_t eq = s.find('=');
      name = s.substr(2, eq == std::string_view::npos ? s.npos : eq - 2);
      if (eq != std::string_view::npos) attached = s.substr(eq + 1);
      takes_value = contains(kLongWithArg, name);
      if (contains(kLongNoStart, name)) return std::nullopt;
      if (name == "start") start = true;
    } else {
      // A cluster of letters up to the first that takes a value ("-Sx dockerd", "-Sxdockerd").
      std::size_t k = 1;
      for (; k < s.size() && kShortWithArg.find(s[k]) == std::string_view::npos; ++k) {
        if (kShortNoStart.find(s[k]) != std::string_view::npos) return std::nullopt;
        if (s[k] == 'S') start = true;
      }
      if (k < s.size()) {
        name = s[k] == 'x' ? "exec" : s[k] == 'a' ? "startas" : "other";
        takes_value = true;
        if (k + 1 < s.size()) attached = s.substr(k + 1);
      }
    }
    std::size_t value_word = j;
    std::string_view value;
    if (attached) {
      value = *attached;
    } else if (takes_value) {
      value_word = j + 1;
      if (value_word >= argv.size()) return std::nullopt;
      value = argv[value_word].text;
    }
    if (name == "exec") {
      exec_word = value_word;
      exec_text = value;
    } else if (name == "startas") {
      startas_word = value_word;
      startas_text = value;
    }
    j = value_word + 1;
  }
  if (!start) return std::nullopt;
  if (startas_word) return classify_program(argv, *startas_word, startas_text, args_begin);
  if (exec_word) return classify_program(argv, *exec_word, exec_text, args_begin);
  return std::nullopt;
}

}  // namespace

const FlagSpec* find_flag(std::string_view long_name) {
  auto it = std::lower_bound(kFlags.begin(), kFlags.end(), long_name,
                             [](const FlagSpec& f, std::string_view n) { return f.name < n; });
  if (it == kFlags.end() || it->name != long_name) return nullptr;
  return &*it;
}

const FlagSpec* find_shorthand(char c) {
  if (c == 0) return nullptr;
  for (const FlagSpec& flag : kFlags) {
    if (flag.shorthand == c) return &flag;
  }
  return nullptr;
}

std::span<const FlagSpec> all_flags() {
  return kFlags;
}

DaemonArgs parse_daemon_args(std::span<const Word> args) {
  return ArgParser(args).run();
}

namespace {

// Where the wrapper at argv[i] puts the command it runs; nullopt when it runs none (or the
// options cannot be followed). Not start-stop-daemon, whose program is an option's value.
std::optional<std::size_t> after_wrapper(std::span<const Word> argv, std::size_t i,
                                         std::string_view base) {
  std::optional<std::size_t> next;
  if (base == "sudo" || base == "doas") {
    next = skip_options(argv, i + 1, base == "sudo" ? kSudo : kDoas);
    if (next) next = skip_assignments(argv, *next);
  } else if (base == "env") {
    // "-" alone is env's -i.
    std::size_t j = i + 1;
    while (j < argv.size() && argv[j].text == "-") ++j;
    next = skip_options(argv, j, kEnv);
    if (next) next = skip_assignments(argv, *next);
  } else if (base == "nohup") {
    next = skip_options(argv, i + 1, kNohup);
  } else if (base == "exec") {
    next = skip_options(argv, i + 1, kExec);
  } else if (base == "setsid") {
    next = skip_options(argv, i + 1, kSetsid);
  } else if (base == "nice") {
    next = skip_options(argv, i + 1, kNice);  // "-10" (old syntax) skips as flag letters
  } else if (base == "ionice") {
    next = skip_options(argv, i + 1, kIonice);
  } else if (base == "timeout") {
    next = skip_options(argv, i + 1, kTimeout);
    if (next) ++*next;  // the DURATION
  } else if (base == "stdbuf") {
    next = skip_options(argv, i + 1, kStdbuf);
  } else if (base == "chroot") {
    next = skip_options(argv, i + 1, kChroot);
    if (next) ++*next;  // NEWROOT
  }
  return next;
}

bool is_wrapper(std::string_view base) {
  static constexpr std::string_view kWrappers[] = {"sudo",   "env",    "nohup",  "exec",
                                                   "setsid", "nice",   "ionice", "timeout",
                                                   "stdbuf", "chroot", "doas"};
  return std::find(std::begin(kWrappers), std::end(kWrappers), base) != std::end(kWrappers);
}

}  // namespace

std::optional<std::size_t> find_program(std::span<const Word> argv) {
  std::size_t i = 0;
  while (i < argv.size()) {
    if (!argv[i].known) return std::nullopt;
    const std::string_view base = basename(argv[i].text);
    if (!is_wrapper(base)) return i;
    const auto next = after_wrapper(argv, i, base);
    if (!next) return std::nullopt;
    i = *next;
  }
  return std::nullopt;
}

std::optional<DaemonInvocation> find_daemon_invocation(std::span<const Word> argv) {
  std::size_t i = 0;
  while (i < argv.size()) {
    const Word& w = argv[i];
    if (!w.known) return std::nullopt;  // the program itself is unknowable
    const std::string_view base = basename(w.text);
    if (is_dockerd(base) || is_docker(base)) return classify_program(argv, i, w.text, i + 1);
    if (base == "dind") {  // docker-library's dind script: `dind dockerd …`
      ++i;
      continue;
    }
    if (base == "start-stop-daemon") return start_stop_daemon(argv, i + 1);
    if (!is_wrapper(base)) return std::nullopt;
    const auto next = after_wrapper(argv, i, base);
    if (!next) return std::nullopt;
    i = *next;
  }
  return std::nullopt;
}

}  // namespace dl::dockerd
