#include "linter/commands/docker_client.h"

#include <array>
#include <cstdint>
#include <vector>

#include "linter/dockerd/flags.h"
#include "linter/dockerd/host.h"

// Sources (read, not copied): docker/cli cli/flags/options.go (InstallFlags: the global flags),
// cmd/docker/docker.go (the root command stops at the first argument: SetInterspersed(false)),
// cli/command/context/{create.go, update.go, options.go} (--docker and its keys), opts/hosts.go
// (ParseHost, ParseTCPAddr); spf13/pflag flag.go for the flag syntax and string_to_string.go
// for --docker's key=value list. Notes: dockerd-semantics.md §7.

namespace dl::commands {
namespace {

std::string_view basename(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The client binary under its distribution names (the same set dockerd::find_daemon_invocation
// knows as the pre-17.12 daemon).
bool is_docker_client(std::string_view base) {
  return base == "docker" || base == "docker-current" || base == "docker.io";
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

// The bytes of text[begin, end) of a word. Exact only when the word was written literally (its
// span as long as its text); removed quotes or escapes make the mapping unknowable, so the
// whole word.
Span sub_span(const Word& w, std::size_t begin, std::size_t end) {
  const std::size_t length = w.span.end - w.span.begin;
  if (!w.span.valid() || length != w.text.size() || begin > end || end > length) return w.span;
  return Span{w.span.file, static_cast<std::uint32_t>(w.span.begin + begin),
              static_cast<std::uint32_t>(w.span.begin + end)};
}

// A value cut out of a word ("--host=x", "-Hx", "host=x" inside --docker's value).
Word part_of(const Word& w, std::size_t begin, std::size_t end) {
  Word part;
  part.text = w.text.substr(begin, end - begin);
  part.span = sub_span(w, begin, end);
  part.via = w.via;
  part.known = w.known;
  return part;
}

// The docker CLI's global flags (InstallFlags plus cobra's help and the root's version).
struct ClientFlagSpec {
  std::string_view name;
  char shorthand;
  bool is_bool;
};
constexpr std::array<ClientFlagSpec, 12> kClientFlags{{
    {"config", 0, false},
    {"context", 'c', false},
    {"debug", 'D', true},
    {"help", 'h', true},
    {"host", 'H', false},
    {"log-level", 'l', false},
    {"tls", 0, true},
    {"tlscacert", 0, false},
    {"tlscert", 0, false},
    {"tlskey", 0, false},
    {"tlsverify", 0, true},
    {"version", 'v', true},
}};

const ClientFlagSpec* find_long(std::string_view name) {
  for (const ClientFlagSpec& f : kClientFlags) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const ClientFlagSpec* find_short(char c) {
  for (const ClientFlagSpec& f : kClientFlags) {
    if (f.shorthand != 0 && f.shorthand == c) return &f;
  }
  return nullptr;
}

// Walks the global flags the way pflag does for the root command and records the ones that
// decide where the client connects and how.
class GlobalFlags {
 public:
  GlobalFlags(std::span<const Word> argv, std::size_t begin, DockerClientCommand& out)
      : argv_(argv), next_(begin), out_(out) {}

  // Returns the index of the first argument (the subcommand), argv.size() when there is none.
  std::size_t run() {
    while (next_ < argv_.size()) {
      const Word& w = argv_[next_];
      const std::string_view s = w.text;
      if (s.empty() || s[0] != '-' || s.size() == 1) {
        // An unknowable word may expand to flags as well as to the subcommand: keep reading.
        if (!w.known) {
          ++next_;
          continue;
        }
        return next_;
      }
      ++next_;
      if (s == "--") return next_;
      if (s[1] == '-') {
        long_flag(w);
      } else {
        short_flags(w);
      }
    }
    return next_;
  }

 private:
  const Word* take_next() { return next_ < argv_.size() ? &argv_[next_++] : nullptr; }

  void set(const ClientFlagSpec& spec, const Word& flag_word, std::optional<Word> value) {
    const std::string_view name = spec.name;
    if (spec.is_bool) {
      ClientFlag* flag = name == "tls"         ? &out_.tls
                         : name == "tlsverify" ? &out_.tlsverify
                                               : nullptr;
      if (flag == nullptr) return;
      flag->present = true;
      flag->span = flag_word.span;
      flag->known = flag_word.known;
      // Without "=value" pflag sets NoOptDefVal "true"; a bad value stores ParseBool's false.
      flag->value = value ? parse_go_bool(value->text).value_or(false) : true;
      return;
    }
    if (!value) return;
    if (name == "host") {
      // The CLI refuses a second -H ("specify only one -H"); the first is kept.
      if (!out_.host) {
        out_.host = std::move(*value);
        out_.host_flag = flag_word.span;
      }
    } else if (name == "tlscacert" || name == "tlscert" || name == "tlskey") {
      out_.has_cert_flags = true;
    }
  }

  // "--name", "--name=value", "--name value" (bool flags take a value only after '=').
  void long_flag(const Word& w) {
    const std::string_view body = std::string_view(w.text).substr(2);
    const std::size_t eq = body.find('=');
    const ClientFlagSpec* spec = find_long(body.substr(0, eq));
    if (spec == nullptr) {
      unknown_flag(eq != std::string_view::npos);
      return;
    }
    if (eq != std::string_view::npos) {
      set(*spec, w, part_of(w, 2 + eq + 1, w.text.size()));
    } else if (spec->is_bool) {
      set(*spec, w, std::nullopt);
    } else if (const Word* value = take_next()) {
      set(*spec, w, *value);
    }
  }

  // A cluster of shorthands: "-D", "-DH x", "-Hx", "-H=x", "-D=false".
  void short_flags(const Word& w) {
    const std::string_view cluster = std::string_view(w.text).substr(1);
    for (std::size_t pos = 0; pos < cluster.size(); ++pos) {
      const ClientFlagSpec* spec = find_short(cluster[pos]);
      if (spec == nullptr) {
        unknown_flag(cluster.find('=', pos) != std::string_view::npos);
        return;
      }
      const std::string_view rest = cluster.substr(pos);
      const std::size_t after = 1 + pos + 1;  // in w.text, just after the letter
      if (rest.size() > 2 && rest[1] == '=') {
        set(*spec, w, part_of(w, after + 1, w.text.size()));
        return;
      }
      if (spec->is_bool) {
        set(*spec, w, std::nullopt);
        continue;
      }
      if (after < w.text.size()) {
        set(*spec, w, part_of(w, after, w.text.size()));
      } else if (const Word* value = take_next()) {
        set(*spec, w, *value);
      }
      return;
    }
  }

  // The CLI would stop with "unknown flag"; read on as pflag's unknown-flag whitelist would: a
  // bare unknown flag takes the next word unless that is a flag.
  void unknown_flag(bool has_value) {
    if (!has_value && next_ < argv_.size()) {
      const std::string_view n = argv_[next_].text;
      if (n.empty() || n[0] != '-') ++next_;
    }
  }

  std::span<const Word> argv_;
  std::size_t next_;
  DockerClientCommand& out_;
};

// One --docker value: pflag's StringToString splits it on commas (as a CSV record when it holds
// more than one '=') into key=value pairs, merged into one map across repeated flags.
void docker_endpoint(const Word& w, std::size_t begin, DockerClientCommand& out) {
  const std::string_view text = w.text;
  std::size_t pos = begin;
  while (pos <= text.size()) {
    std::size_t end = text.find(',', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view pair = text.substr(pos, end - pos);
    const std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos) {
      const std::string_view key = pair.substr(0, eq);
      const std::size_t value_begin = pos + eq + 1;
      const std::string_view value = pair.substr(eq + 1);
      if (key == "host") {
        out.context_host = part_of(w, value_begin, end);
      } else if (key == "ca" || key == "cert" || key == "key") {
        // TLSDataFromFiles reads only the paths given; empty ones add nothing.
        if (!value.empty() || !w.known) out.context_has_tls_material = true;
      } else if (key == "skip-tls-verify") {
        out.skip_tls_verify.present = true;
        out.skip_tls_verify.known = w.known;
        out.skip_tls_verify.value = parse_go_bool(value).value_or(false);
        out.skip_tls_verify.span = sub_span(w, pos, end);
      }
    }
    pos = end + 1;
  }
}

// `docker context create|update [OPTIONS] NAME`: cobra intersperses flags and the name.
void context_command(std::span<const Word> argv, std::size_t j, DockerClientCommand& out) {
  constexpr std::array<std::string_view, 5> kValueFlags{
      "--default-stack-orchestrator", "--description", "--docker", "--from", "--kubernetes"};
  while (j < argv.size()) {
    const Word& w = argv[j++];
    const std::string_view s = w.text;
    if (s == "--") return;
    if (starts_with(s, "--docker=")) {
      docker_endpoint(w, 9, out);
      continue;
    }
    if (s == "--docker") {
      if (j < argv.size()) docker_endpoint(argv[j++], 0, out);
      continue;
    }
    for (std::string_view flag : kValueFlags) {
      if (s == flag) {
        ++j;
        break;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// opts.ParseHost of the CLI.

std::string_view trim_space(std::string_view s) {
  const auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// url.validOptionalPort: "" or ':' followed by digits only.
bool valid_optional_port(std::string_view s) {
  return s.empty() || (s[0] == ':' && all_digits(s.substr(1)));
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int unhex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// The host part of url.Parse: the port must be numeric, only the bytes url.shouldEscape leaves
// alone in a host are allowed, and %XX escapes are decoded.
std::optional<std::string> url_host(std::string_view host) {
  if (!host.empty() && host[0] == '[') {
    const std::size_t close = host.rfind(']');
    if (close == std::string_view::npos || !valid_optional_port(host.substr(close + 1))) {
      return std::nullopt;
    }
  } else if (const std::size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    if (!valid_optional_port(host.substr(colon))) return std::nullopt;
  }
  constexpr std::string_view kHostPunct = "-_.~!$&'()*+,;=:[]<>\"";
  std::string decoded;
  for (std::size_t i = 0; i < host.size(); ++i) {
    const char c = host[i];
    if (c == '%') {
      // In a host only non-ASCII bytes may be escaped, and "%25" (an IPv6 zone's '%').
      if (i + 2 >= host.size() || !is_hex(host[i + 1]) || !is_hex(host[i + 2])) {
        return std::nullopt;
      }
      const int high = unhex(host[i + 1]);
      if (high < 8 && host.substr(i, 3) != "%25") return std::nullopt;
      decoded.push_back(static_cast<char>(high * 16 + unhex(host[i + 2])));
      i += 2;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (u < 0x80 && !alnum && kHostPunct.find(c) == std::string_view::npos) return std::nullopt;
    decoded.push_back(c);
  }
  return decoded;
}

// net.SplitHostPort.
bool split_host_port(std::string_view hostport, std::string& host, std::string& port) {
  const std::size_t i = hostport.rfind(':');
  if (i == std::string_view::npos) return false;
  std::size_t j = 0, k = 0;
  if (!hostport.empty() && hostport[0] == '[') {
    const std::size_t end = hostport.find(']');
    if (end == std::string_view::npos || end + 1 != i) return false;
    host = std::string(hostport.substr(1, end - 1));
    j = 1;
    k = end + 1;
  } else {
    host = std::string(hostport.substr(0, i));
    if (host.find(':') != std::string::npos) return false;
  }
  if (hostport.substr(j).find('[') != std::string_view::npos) return false;
  if (hostport.substr(k).find(']') != std::string_view::npos) return false;
  port = std::string(hostport.substr(i + 1));
  return true;
}

// net.JoinHostPort.
std::string join_host_port(std::string_view host, std::string_view port) {
  if (host.find(':') != std::string_view::npos) {
    return "[" + std::string(host) + "]:" + std::string(port);
  }
  return std::string(host) + ":" + std::string(port);
}

constexpr std::string_view kDefaultPort = "2375";

// opts.ParseTCPAddr(tryAddr, "tcp://localhost:2375"), without the (unused) path.
std::optional<ClientHost> parse_tcp(std::string_view try_addr) {
  ClientHost out;
  out.tcp = true;
  out.address = std::string(dockerd::kDefaultHttpHost);
  out.port = std::string(kDefaultPort);
  out.loopback = true;
  if (try_addr.empty() || try_addr == "tcp://") return out;
  std::string addr(starts_with(try_addr, "tcp://") ? try_addr.substr(6) : try_addr);
  if (addr.empty() || addr.find("://") != std::string::npos) return std::nullopt;
  if (addr.size() >= 2 && addr.ends_with("]:")) addr += kDefaultPort;

  // url.Parse("tcp://" + addr): control bytes are refused; the authority runs to the first
  // '/', '?' or '#', and userinfo ends at its last '@'.
  for (char c : addr) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return std::nullopt;
  }
  std::string_view authority = addr;
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  const auto url_hostport = url_host(authority);
  if (!url_hostport) return std::nullopt;

  std::string host, port;
  if (!split_host_port(*url_hostport, host, port) &&
      !split_host_port(join_host_port(*url_hostport, kDefaultPort), host, port)) {
    return std::nullopt;
  }
  if (!host.empty()) out.address = host;
  if (!port.empty()) out.port = port;
  dockerd::DaemonHost classified;
  classified.proto = dockerd::HostProto::Tcp;
  classified.host = out.address;
  out.loopback = dockerd::classify_scope(classified) == dockerd::ListenerScope::Loopback;
  return out;
}

}  // namespace

std::optional<DockerClientCommand> parse_docker_client(std::span<const Word> argv) {
  const auto program = dockerd::find_program(argv);
  if (!program || !is_docker_client(basename(argv[*program].text))) return std::nullopt;
  // `docker daemon …` and `docker -d …` start the (pre-17.12) daemon instead.
  if (dockerd::find_daemon_invocation(argv)) return std::nullopt;

  DockerClientCommand out;
  const std::size_t command = GlobalFlags(argv, *program + 1, out).run();
  if (command + 1 < argv.size() && argv[command].text == "context" &&
      (argv[command + 1].text == "create" || argv[command + 1].text == "update")) {
    context_command(argv, command + 2, out);
  }
  return out;
}

std::optional<ClientHost> parse_client_host(std::string_view value) {
  const std::string_view host = trim_space(value);
  // Empty: the default unix socket (tcp://localhost:2376 only when TLS is on, which the
  // caller decides; the header's contract is the unix default).
  if (host.empty()) return ClientHost{};
  std::string_view proto = host;
  std::string_view rest;
  if (const std::size_t sep = host.find("://"); sep != std::string_view::npos) {
    proto = host.substr(0, sep);
    rest = host.substr(sep + 3);
  } else {
    // No scheme: a path means unix (current CLIs), anything else is a TCP address.
    rest = host;
    proto = starts_with(host, "/") || starts_with(host, "./") ? "unix" : "tcp";
  }
  if (proto == "tcp") return parse_tcp(rest);
  if (proto == "unix" || proto == "npipe") {
    if (rest.find("://") != std::string_view::npos) return std::nullopt;
    return ClientHost{};
  }
  if (proto == "fd" || proto == "ssh") return ClientHost{};
  return std::nullopt;
}

}  // namespace dl::commands
