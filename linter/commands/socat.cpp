#include "linter/commands/socat.h"

#include <array>
#include <cstdint>
#include <vector>

#include "linter/dockerd/flags.h"

// Sources (read, not copied): socat's xioopen.c (the address keyword table, keywords ending at
// ':' or ',', a keyword-less token containing '/' opened as GOPEN), xioopts.c (bool options
// read with strtoul, so "verify=0" turns verification off) and socat.c (its own options, and
// which of them take a value).

namespace dl::commands {
namespace {

std::string_view basename(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

template <std::size_t N>
bool one_of(std::string_view s, const std::array<std::string_view, N>& set) {
  for (std::string_view item : set) {
    if (s == item) return true;
  }
  return false;
}

// socat's keywords are case-insensitive; the TCP listeners and their INET aliases.
constexpr std::array<std::string_view, 12> kTcpListen{
    "TCP-LISTEN",  "TCP-L",  "TCP4-LISTEN",  "TCP4-L",  "TCP6-LISTEN",  "TCP6-L",
    "INET-LISTEN", "INET-L", "INET4-LISTEN", "INET4-L", "INET6-LISTEN", "INET6-L"};
constexpr std::array<std::string_view, 2> kTlsListen{"OPENSSL-LISTEN", "SSL-L"};
// Addresses that connect to a UNIX socket path (GOPEN connects when the file is a socket).
constexpr std::array<std::string_view, 5> kUnixConnect{"UNIX-CONNECT", "UNIX-CLIENT", "UNIX",
                                                       "LOCAL", "GOPEN"};

// One address split as socat's lexer does: the keyword, its ':'-separated parameters and the
// ','-separated options, none of them split inside brackets, parentheses, braces or quotes.
struct Address {
  std::string keyword;  // upper case; "GOPEN" for a bare path
  std::vector<std::string> params;
  std::vector<std::string> options;
};

Address split_address(std::string_view text) {
  std::vector<std::string> tokens;
  std::vector<char> separators;  // the separator before each token after the first
  std::string current;
  int depth = 0;
  char quote = 0;
  for (char c : text) {
    if (quote != 0) {
      if (c == quote) quote = 0;
      current.push_back(c);
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '(' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == ')' || c == '}') && depth > 0) {
      --depth;
    } else if (depth == 0 && (c == ':' || c == ',')) {
      tokens.push_back(std::move(current));
      current.clear();
      separators.push_back(c);
      continue;
    }
    current.push_back(c);
  }
  tokens.push_back(std::move(current));

  Address out;
  out.keyword = upper(tokens[0]);
  const bool known_keyword = one_of(out.keyword, kTcpListen) || one_of(out.keyword, kTlsListen) ||
                             one_of(out.keyword, kUnixConnect);
  if (!known_keyword && tokens[0].find('/') != std::string::npos) {
    out.keyword = "GOPEN";
    out.params.push_back(tokens[0]);
  }
  bool in_options = false;
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    if (separators[i - 1] == ',') in_options = true;
    (in_options ? out.options : out.params).push_back(tokens[i]);
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && upper(a) == upper(b);
}

// strtoul(value, &rest, 0) as socat's bool options read it: a leading number in base 10, 8
// (leading 0) or 16 (0x); anything after it is an error socat reports, but the number stands.
unsigned long socat_bool(std::string_view value) {
  std::size_t i = 0;
  while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
  if (i < value.size() && (value[i] == '+' || value[i] == '-')) ++i;
  int base = 10;
  if (i + 1 < value.size() && value[i] == '0' && (value[i + 1] == 'x' || value[i + 1] == 'X')) {
    base = 16;
    i += 2;
  } else if (i < value.size() && value[i] == '0') {
    base = 8;
  }
  unsigned long result = 0;
  for (; i < value.size(); ++i) {
    const char c = value[i];
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0 || digit >= base) break;
    result = result * static_cast<unsigned long>(base) + static_cast<unsigned long>(digit);
  }
  return result;
}

// bind=<host>[:<port>]: the host part, without the brackets of an IPv6 literal.
std::string bind_host(std::string_view value) {
  if (!value.empty() && value[0] == '[') {
    const std::size_t close = value.find(']');
    if (close != std::string_view::npos) return std::string(value.substr(1, close - 1));
  }
  const std::size_t colon = value.find(':');
  if (colon != std::string_view::npos && value.find(':', colon + 1) == std::string_view::npos) {
    return std::string(value.substr(0, colon));
  }
  return std::string(value);
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The listening side, or nullopt when the word is not a TCP/OpenSSL listener.
std::optional<SocketRelay> listener(const Word& w, bool ipv6_default) {
  const Address address = split_address(w.text);
  const bool tls = one_of(address.keyword, kTlsListen);
  if (!tls && !one_of(address.keyword, kTcpListen)) return std::nullopt;
  if (address.params.empty()) return std::nullopt;  // socat needs the port

  SocketRelay relay;
  relay.port = address.params[0];
  relay.span = w.span;
  relay.address_known = w.known;
  relay.tls = tls;
  relay.verify_clients = tls;  // socat's OPENSSL-LISTEN verifies unless verify=0
  std::optional<bool> pf_ipv6;
  for (const std::string& option : address.options) {
    const std::size_t eq = option.find('=');
    const std::string_view name = std::string_view(option).substr(0, eq);
    const std::string_view value =
        eq == std::string::npos ? std::string_view() : std::string_view(option).substr(eq + 1);
    if (iequals(name, "bind")) {
      relay.address = bind_host(value);
    } else if (iequals(name, "pf") || iequals(name, "protocol-family")) {
      if (iequals(value, "ip6") || iequals(value, "ipv6") || iequals(value, "inet6")) {
        pf_ipv6 = true;
      } else if (iequals(value, "ip4") || iequals(value, "ipv4") || iequals(value, "inet")) {
        pf_ipv6 = false;
      }
    } else if (iequals(name, "verify") && tls) {
      relay.verify_clients = eq == std::string::npos || socat_bool(value) != 0;
    }
  }
  const std::string_view keyword = address.keyword;
  if (keyword.starts_with("TCP6") || keyword.starts_with("INET6")) {
    relay.ipv6 = true;
  } else if (keyword.starts_with("TCP4") || keyword.starts_with("INET4")) {
    relay.ipv6 = false;
  } else {
    relay.ipv6 = pf_ipv6.value_or(ipv6_default);
  }
  return relay;
}

bool docker_socket(const Word& w) {
  const Address address = split_address(w.text);
  return one_of(address.keyword, kUnixConnect) && !address.params.empty() &&
         ends_with(address.params[0], "docker.sock");
}

}  // namespace

std::optional<SocketRelay> parse_socat(std::span<const Word> argv) {
  const auto program = dockerd::find_program(argv);
  if (!program) return std::nullopt;
  const std::string_view base = basename(argv[*program].text);
  if (base != "socat" && base != "socat1") return std::nullopt;

  // socat's own options come first; "-" alone is already an address (stdio).
  constexpr std::array<std::string_view, 10> kWithValue{"-b", "-t", "-T", "-L",  "-W",
                                                        "-r", "-R", "-S", "-lf", "-lp"};
  bool ipv6_default = false;
  std::size_t j = *program + 1;
  while (j < argv.size()) {
    const std::string_view s = argv[j].text;
    if (s.size() < 2 || s[0] != '-') break;
    // Help and version print and exit.
    if (s[1] == 'h' || s[1] == '?' || s == "-V") return std::nullopt;
    if (s == "-6") ipv6_default = true;
    if (s == "-4") ipv6_default = false;
    j += one_of(s, kWithValue) ? 2 : 1;
  }
  if (j + 2 != argv.size()) return std::nullopt;  // socat takes exactly two addresses

  const Word& first = argv[j];
  const Word& second = argv[j + 1];
  for (const auto& [listen, target] : {std::pair{&first, &second}, std::pair{&second, &first}}) {
    if (!docker_socket(*target)) continue;
    if (auto relay = listener(*listen, ipv6_default)) {
      relay->target_span = target->span;
      return relay;
    }
  }
  return std::nullopt;
}

}  // namespace dl::commands
