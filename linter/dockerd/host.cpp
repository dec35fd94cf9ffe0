#include "linter/dockerd/host.h"

#include <algorithm>
#include <cstddef>
#include <utility>

namespace dl::dockerd {
namespace {

constexpr std::size_t npos = std::string_view::npos;
constexpr char kLowerHex[] = "0123456789abcdef";

// A Go-style error: nullopt means success, otherwise the err.Error() text.
using GoError = std::optional<std::string>;

bool has_prefix(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool has_suffix(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool contains(std::string_view s, std::string_view needle) {
  return s.find(needle) != npos;
}

std::string_view trim_prefix(std::string_view s, std::string_view prefix) {
  return has_prefix(s, prefix) ? s.substr(prefix.size()) : s;
}

bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Concatenates string-like pieces (C++20 has no std::string + std::string_view).
template <typename... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  out.reserve((std::string_view(parts).size() + ...));
  (out.append(std::string_view(parts)), ...);
  return out;
}

// ---------------------------------------------------------------------------------------------
// strconv.Quote

constexpr char32_t kRuneError = 0xFFFD;

// utf8.DecodeRuneInString: {rune, width}; invalid encodings (overlong, surrogate, truncated,
// > U+10FFFF) decode as {RuneError, 1}.
std::pair<char32_t, std::size_t> decode_rune(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return {b0, 1};
  const std::size_t left = s.size() - i;
  const auto cont = [&](std::size_t k, unsigned char lo, unsigned char hi) {
    return k < left && byte(i + k) >= lo && byte(i + k) <= hi;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (cont(1, 0x80, 0xBF)) return {(char32_t{b0} & 0x1F) << 6 | (byte(i + 1) & 0x3F), 2};
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    const unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = b0 == 0xED ? 0x9F : 0xBF;  // no surrogates
    if (cont(1, lo, hi) && cont(2, 0x80, 0xBF)) {
      return {
          (char32_t{b0} & 0x0F) << 12 | (char32_t{byte(i + 1)} & 0x3F) << 6 | (byte(i + 2) & 0x3F),
          3};
    }
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    const unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = b0 == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
    if (cont(1, lo, hi) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF)) {
      return {(char32_t{b0} & 0x07) << 18 | (char32_t{byte(i + 1)} & 0x3F) << 12 |
                  (char32_t{byte(i + 2)} & 0x3F) << 6 | (byte(i + 3) & 0x3F),
              4};
    }
  }
  return {kRuneError, 1};
}

// unicode.IsPrint: letters, marks, numbers, punctuation, symbols and U+0020. For non-ASCII this
// lists the controls, separators, format characters, private-use areas and noncharacters; other
// unassigned code points are treated as printable (see host.h).
bool is_go_printable(char32_t r) {
  if (r < 0x80) return r >= 0x20 && r < 0x7F;
  if (r <= 0xA0 || r == 0xAD) return false;  // C1 controls, NBSP, soft hyphen
  if ((r >= 0x600 && r <= 0x605) || r == 0x61C || r == 0x6DD || r == 0x70F || r == 0x8E2 ||
      r == 0x1680 || r == 0x180E) {
    return false;
  }
  if ((r >= 0x2000 && r <= 0x200F) || (r >= 0x2028 && r <= 0x202F) ||
      (r >= 0x205F && r <= 0x206F) || r == 0x3000) {
    return false;
  }
  if ((r >= 0xD800 && r <= 0xF8FF) || (r >= 0xFDD0 && r <= 0xFDEF) || r == 0xFEFF ||
      (r >= 0xFFF0 && r <= 0xFFFB)) {
    return false;
  }
  if ((r & 0xFFFE) == 0xFFFE) return false;  // U+xxFFFE and U+xxFFFF in every plane
  if (r == 0x110BD || r == 0x110CD || (r >= 0x13430 && r <= 0x1343F) ||
      (r >= 0x1BCA0 && r <= 0x1BCA3) || (r >= 0x1D173 && r <= 0x1D17A) ||
      (r >= 0xE0000 && r <= 0xE00FF) || (r >= 0xE01F0 && r <= 0xE0FFF) || r >= 0xF0000) {
    return false;
  }
  return true;
}

void append_hex(std::string& out, char32_t value, int digits) {
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
    out += kLowerHex[(value >> shift) & 0xF];
  }
}

}  // namespace

std::string go_quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const auto [r, width] = decode_rune(text, i);
    if (width == 1 && r == kRuneError) {  // a byte that is not UTF-8: \xNN
      out += "\\x";
      append_hex(out, static_cast<unsigned char>(text[i]), 2);
    } else if (r == '"' || r == '\\') {
      out += '\\';
      out += static_cast<char>(r);
    } else if (is_go_printable(r)) {
      out.append(text.substr(i, width));
    } else {
      switch (r) {
        case '\a': out += "\\a"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\v': out += "\\v"; break;
        default:
          if (r < ' ' || r == 0x7F) {
            out += "\\x";
            append_hex(out, r, 2);
          } else if (r < 0x10000) {
            out += "\\u";
            append_hex(out, r, 4);
          } else {
            out += "\\U";
            append_hex(out, r, 8);
          }
      }
    }
    i += width;
  }
  out += '"';
  return out;
}

namespace {

// ---------------------------------------------------------------------------------------------
// net/url (the parts url.Parse needs)

enum class Encoding { kPath, kHost, kZone, kUserPassword, kFragment };

bool is_hex(char c) {
  return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

unsigned char unhex(char c) {
  if (is_ascii_digit(c)) return static_cast<unsigned char>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned char>(c - 'a' + 10);
  return static_cast<unsigned char>(c - 'A' + 10);
}

// shouldEscape(c, encodeHost) (identical for encodeZone): RFC 3986 reg-name characters plus the
// ':', '[', ']' Go keeps in Host and '<', '>', '"' it tolerates; everything else is invalid.
bool host_byte_needs_escape(unsigned char c) {
  if (c < 0x80 && (is_ascii_alpha(static_cast<char>(c)) || is_ascii_digit(static_cast<char>(c)))) {
    return false;
  }
  constexpr std::string_view kAllowed = "!$&'()*+,;=:[]<>\"-_.~";
  return kAllowed.find(static_cast<char>(c)) == npos;
}

std::string escape_error(std::string_view s) {
  return "invalid URL escape " + go_quote(s);
}

// url.unescape. '+' is only special in query components, which dockerd never decodes.
GoError unescape(std::string_view s, Encoding mode, std::string& out) {
  const bool host_like = mode == Encoding::kHost || mode == Encoding::kZone;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '%') {
      if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) {
        return escape_error(s.substr(i, 3));
      }
      const std::string_view triple = s.substr(i, 3);
      // RFC 3986 lets a host %-encode only non-ASCII bytes, RFC 6874 adds "%25" before a zone.
      if (mode == Encoding::kHost && unhex(s[i + 1]) < 8 && triple != "%25") {
        return escape_error(triple);
      }
      if (mode == Encoding::kZone) {
        // A zone may escape only bytes it could contain literally (plus space, for Windows).
        const unsigned char v = static_cast<unsigned char>(unhex(s[i + 1]) << 4 | unhex(s[i + 2]));
        if (triple != "%25" && v != ' ' && host_byte_needs_escape(v)) return escape_error(triple);
      }
      i += 3;
    } else {
      const auto c = static_cast<unsigned char>(s[i]);
      if (host_like && c < 0x80 && host_byte_needs_escape(c)) {
        return "invalid character " + go_quote(s.substr(i, 1)) + " in host name";
      }
      ++i;
    }
  }
  // Validated; now decode, copying the runs between escapes in one go.
  out.clear();
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t pct = std::min(s.find('%', i), s.size());
    out.append(s.substr(i, pct - i));
    if (pct == s.size()) break;
    out += static_cast<char>(unhex(s[pct + 1]) << 4 | unhex(s[pct + 2]));
    i = pct + 3;
  }
  return std::nullopt;
}

// validOptionalPort: "" or ":" followed by ASCII digits only.
bool valid_optional_port(std::string_view port) {
  if (port.empty()) return true;
  if (port[0] != ':') return false;
  for (char c : port.substr(1)) {
    if (!is_ascii_digit(c)) return false;
  }
  return true;
}

std::string invalid_port_error(std::string_view colon_port) {
  return "invalid port " + go_quote(colon_port) + " after host";
}

// parseHost: host[:port] of an authority, unescaped.
GoError parse_host(std::string_view host, std::string& out) {
  if (has_prefix(host, "[")) {
    // IP-literal (RFC 3986, RFC 6874): "[fe80::1]", "[fe80::1%25en0]", "[fe80::1]:80".
    const std::size_t close = host.rfind(']');
    if (close == npos) return std::string("missing ']' in host");
    const std::string_view colon_port = host.substr(close + 1);
    if (!valid_optional_port(colon_port)) return invalid_port_error(colon_port);
    const std::size_t zone = host.substr(0, close).find("%25");
    if (zone != npos) {
      // The zone has its own, looser escaping rules; the address and port keep the host rules.
      std::string part1, part2, part3;
      if (auto err = unescape(host.substr(0, zone), Encoding::kHost, part1)) return err;
      if (auto err = unescape(host.substr(zone, close - zone), Encoding::kZone, part2)) return err;
      if (auto err = unescape(host.substr(close), Encoding::kHost, part3)) return err;
      out = part1 + part2 + part3;
      return std::nullopt;
    }
  } else if (const std::size_t colon = host.rfind(':'); colon != npos) {
    const std::string_view colon_port = host.substr(colon);
    if (!valid_optional_port(colon_port)) return invalid_port_error(colon_port);
  }
  return unescape(host, Encoding::kHost, out);
}

// validUserinfo (RFC 3986 §3.2.1 plus '@'); any non-ASCII byte makes it invalid.
bool valid_userinfo(std::string_view s) {
  for (char c : s) {
    if (is_ascii_alpha(c) || is_ascii_digit(c)) continue;
    constexpr std::string_view kAllowed = "-._:~!$&'()*+,;=%@";
    if (kAllowed.find(c) == npos) return false;
  }
  return true;
}

// The url.URL fields dockerd reads (RawQuery and Fragment are parsed only for their errors).
struct GoUrl {
  std::string scheme;
  std::string opaque;
  std::string host;  // unescaped "host[:port]"
  std::string path;  // unescaped
};

// parseAuthority: [userinfo@]host[:port]. The userinfo is validated, then discarded.
GoError parse_authority(std::string_view authority, std::string& host) {
  const std::size_t at = authority.rfind('@');
  if (auto err = parse_host(at == npos ? authority : authority.substr(at + 1), host)) return err;
  if (at == npos) return std::nullopt;
  const std::string_view userinfo = authority.substr(0, at);
  if (!valid_userinfo(userinfo)) return std::string("net/url: invalid userinfo");
  std::string scratch;
  const std::size_t colon = userinfo.find(':');
  if (auto err = unescape(userinfo.substr(0, colon), Encoding::kUserPassword, scratch)) return err;
  if (colon != npos) {
    if (auto err = unescape(userinfo.substr(colon + 1), Encoding::kUserPassword, scratch)) {
      return err;
    }
  }
  return std::nullopt;
}

// getScheme: a leading [a-zA-Z][a-zA-Z0-9+.-]* followed by ':'.
GoError get_scheme(std::string_view raw, std::string_view& scheme, std::string_view& rest) {
  scheme = {};
  rest = raw;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (is_ascii_alpha(c)) continue;
    if (is_ascii_digit(c) || c == '+' || c == '-' || c == '.') {
      if (i == 0) return std::nullopt;
      continue;
    }
    if (c == ':') {
      if (i == 0) return std::string("missing protocol scheme");
      scheme = raw.substr(0, i);
      rest = raw.substr(i + 1);
    }
    return std::nullopt;  // ':' found, or a character no scheme can hold
  }
  return std::nullopt;
}

// url.parse(rawURL, viaRequest=false), without the fragment.
GoError parse_reference(std::string_view raw, GoUrl& url) {
  for (char c : raw) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return std::string("net/url: invalid control character in URL");
    }
  }
  if (raw == "*") {
    url.path = "*";
    return std::nullopt;
  }
  std::string_view scheme, rest;
  if (auto err = get_scheme(raw, scheme, rest)) return err;
  url.scheme.assign(scheme);
  for (char& c : url.scheme) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  // Drop the query: a lone trailing '?' (ForceQuery) or everything from the first '?'.
  if (const std::size_t q = rest.find('?'); q != npos) rest = rest.substr(0, q);

  if (!has_prefix(rest, "/")) {
    if (!url.scheme.empty()) {  // "scheme:opaque"
      url.opaque.assign(rest);
      return std::nullopt;
    }
    // A relative reference's first segment must not look like "scheme:" (golang.org/issue/16822).
    if (contains(rest.substr(0, rest.find('/')), ":")) {
      return std::string("first path segment in URL cannot contain colon");
    }
  }
  if ((!url.scheme.empty() || !has_prefix(rest, "///")) && has_prefix(rest, "//")) {
    std::string_view authority = rest.substr(2);
    rest = {};
    if (const std::size_t slash = authority.find('/'); slash != npos) {
      rest = authority.substr(slash);
      authority = authority.substr(0, slash);
    }
    if (auto err = parse_authority(authority, url.host)) return err;
  }
  return unescape(rest, Encoding::kPath, url.path);
}

// url.Parse: the error is a *url.Error, `parse "<url>": <cause>`. The URL quoted is the one
// without its fragment, except for errors in the fragment itself.
GoError url_parse(std::string_view raw, GoUrl& url) {
  const std::size_t hash = raw.find('#');
  const std::string_view without_fragment = raw.substr(0, hash);
  if (auto err = parse_reference(without_fragment, url)) {
    return "parse " + go_quote(without_fragment) + ": " + *err;
  }
  if (hash != npos) {
    std::string fragment;
    if (auto err = unescape(raw.substr(hash + 1), Encoding::kFragment, fragment)) {
      return "parse " + go_quote(raw) + ": " + *err;
    }
  }
  return std::nullopt;
}

// url.splitHostPort (behind URL.Hostname and URL.Port): the port must be numeric, else the whole
// text is the host; brackets are then removed.
std::pair<std::string_view, std::string_view> url_split_host_port(std::string_view host_port) {
  std::string_view host = host_port, port;
  if (const std::size_t colon = host.rfind(':');
      colon != npos && valid_optional_port(host.substr(colon))) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (has_prefix(host, "[") && has_suffix(host, "]")) host = host.substr(1, host.size() - 2);
  return {host, port};
}

// net.JoinHostPort: brackets whenever the host contains a colon.
std::string join_host_port(std::string_view host, std::string_view port) {
  std::string out;
  out.reserve(host.size() + port.size() + 3);
  if (contains(host, ":")) {
    out.append("[").append(host).append("]");
  } else {
    out.append(host);
  }
  out.append(":").append(port);
  return out;
}

// net.SplitHostPort, success or failure only (its messages never reach dockerd's output).
bool net_split_host_port(std::string_view host_port, std::string_view& host,
                         std::string_view& port) {
  const std::size_t last_colon = host_port.rfind(':');
  if (last_colon == npos) return false;  // missing port
  std::size_t j = 0, k = 0;
  if (host_port[0] == '[') {
    const std::size_t end = host_port.find(']');
    if (end == npos || end + 1 != last_colon) return false;  // "]" must sit just before the ':'
    host = host_port.substr(1, end - 1);
    j = 1;
    k = end + 1;
  } else {
    host = host_port.substr(0, last_colon);
    if (contains(host, ":")) return false;  // too many colons
  }
  if (contains(host_port.substr(j), "[") || contains(host_port.substr(k), "]")) return false;
  port = host_port.substr(last_colon + 1);
  return true;
}

// strconv.Atoi on 64-bit Go, for the digit-only text url.Port and net.SplitHostPort yield here:
// {value, ok}. Like Go, a value above MaxInt64 fails and saturates; empty text fails with 0.
std::pair<long long, bool> go_atoi(std::string_view digits) {
  constexpr unsigned long long kMax = 9223372036854775807ULL;
  if (digits.empty()) return {0, false};
  unsigned long long value = 0;
  for (char c : digits) {
    if (!is_ascii_digit(c)) return {0, false};
    const unsigned digit = static_cast<unsigned>(c - '0');
    if (value > (kMax - digit) / 10) return {static_cast<long long>(kMax), false};
    value = value * 10 + digit;
  }
  return {static_cast<long long>(value), true};
}

HostParseResult fail(std::string error) {
  return {std::nullopt, std::move(error)};
}

DaemonHost tcp_host(std::string_view host, std::string_view port, std::string_view path = {}) {
  DaemonHost out;
  out.proto = HostProto::Tcp;
  out.host.assign(host);
  out.port.assign(port);
  out.address.assign(path);
  out.normalized = "tcp://" + join_host_port(host, port);
  out.normalized.append(path);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Current engines (v23+, daemon/pkg/opts/hosts.go)

// parseTCPAddr: url.Parse plus dockerd's own checks. Without strict, a missing "scheme://" means
// tcp; with strict (the default address), a host and a non-zero port are required.
GoError parse_tcp_url(std::string_view address, bool strict, GoUrl& url) {
  std::string prefixed;
  if (!strict && !contains(address, "://")) {
    prefixed = cat("tcp://", address);
    address = prefixed;
  }
  if (auto err = url_parse(address, url)) return err;
  if (url.scheme != "tcp") return "unsupported proto '" + url.scheme + "'";
  if (!url.path.empty()) return std::string("should not contain a path element");
  if (strict && url.host.empty()) return std::string("no host or IP address");
  const std::string_view port = url_split_host_port(url.host).second;
  if (!port.empty() || strict) {
    const auto [value, ok] = go_atoi(port);
    if (!ok || value == 0) return cat("invalid port: ", port);  // the upper bound is not checked
  }
  return std::nullopt;
}

// A socket-path host (unix, npipe): the default path when none is given.
HostParseResult path_host(HostProto proto, std::string_view proto_name, std::string_view path,
                          std::string_view default_path) {
  if (path.empty()) path = default_path;
  DaemonHost out;
  out.proto = proto;
  out.address.assign(path);
  out.normalized = cat(proto_name, "://", path);
  return {std::move(out), {}};
}

// Splits at the first "://" (Go's strings.Cut / SplitN); a non-empty address without one is
// a tcp address.
std::pair<std::string_view, std::string_view> split_scheme(std::string_view address) {
  if (const std::size_t sep = address.find("://"); sep != npos) {
    return {address.substr(0, sep), address.substr(sep + 3)};
  }
  if (!address.empty()) return {"tcp", address};
  return {address, {}};
}

HostParseResult parse_simple_proto(std::string_view address, HostProto proto,
                                   std::string_view proto_name, std::string_view path,
                                   std::string_view default_path) {
  if (contains(path, "://")) {
    return fail(
        cat("invalid bind address (", address, "): invalid ", proto_name, " address: ", path));
  }
  return path_host(proto, proto_name, path, default_path);
}

HostParseResult parse_current(std::string_view address) {
  // strings.Cut at the first "://"; with none, the whole (non-empty) text is a tcp address.
  const auto [proto, rest] = split_scheme(address);
  if (proto == "tcp") return parse_tcp_addr(address, kDefaultTcpHost);
  if (proto == "unix") {
    return parse_simple_proto(address, HostProto::Unix, proto, rest, kDefaultUnixSocket);
  }
  if (proto == "npipe") {
    return parse_simple_proto(address, HostProto::Npipe, proto, rest, kDefaultNamedPipe);
  }
  if (proto == "fd") {  // any suffix; socket activation interprets it later
    DaemonHost out;
    out.proto = HostProto::Fd;
    out.address.assign(rest);
    out.normalized.assign(address);
    return {std::move(out), {}};
  }
  return fail(cat("invalid bind address (", address, "): unsupported proto '", proto, "'"));
}

// ---------------------------------------------------------------------------------------------
// Engines before v23 (v20.10 opts/hosts.go parseDaemonHost)

constexpr std::string_view kLegacyDefaultPort = "2375";

// v20.10 ParseTCPAddr(tryAddr, DefaultTCPHost): tryAddr is the text after "tcp://" (or the whole
// scheme-less input). net.SplitHostPort instead of url.Port means "[::]" (no port) fails, and
// u.Path is appended to the result instead of being rejected.
HostParseResult parse_legacy_tcp(std::string_view try_addr) {
  if (try_addr.empty() || try_addr == "tcp://") return {tcp_host(kDefaultHttpHost, "2375"), {}};
  const std::string_view addr = trim_prefix(try_addr, "tcp://");
  if (contains(addr, "://") || addr.empty()) {
    return fail(cat("Invalid proto, expected tcp: ", try_addr));
  }
  std::string url_text = cat("tcp://", addr);
  // Workaround kept from Go 1.5 days: "[::1]:" gets the default port appended.
  if (has_suffix(addr, "]:")) url_text.append(kLegacyDefaultPort);
  GoUrl url;
  if (auto err = url_parse(url_text, url)) return fail(std::move(*err));  // returned unwrapped

  std::string_view host, port;
  std::string joined;
  if (!net_split_host_port(url.host, host, port)) {
    joined = join_host_port(url.host, kLegacyDefaultPort);  // "try port addition once"
    if (!net_split_host_port(joined, host, port)) {
      return fail(cat("Invalid bind address format: ", try_addr));
    }
  }
  if (host.empty()) host = kDefaultHttpHost;
  if (port.empty()) port = kLegacyDefaultPort;
  if (const auto [value, ok] = go_atoi(port); !ok && value == 0) {  // port 0 passes
    return fail(cat("Invalid bind address format: ", try_addr));
  }
  return {tcp_host(host, port, url.path), {}};
}

HostParseResult parse_legacy_simple_proto(HostProto proto, std::string_view proto_name,
                                          std::string_view path, std::string_view default_path) {
  path = trim_prefix(path, cat(proto_name, "://"));
  if (contains(path, "://")) {
    return fail(cat("Invalid proto, expected ", proto_name, ": ", path));
  }
  return path_host(proto, proto_name, path, default_path);
}

HostParseResult parse_legacy(std::string_view address) {
  // strings.SplitN(addr, "://", 2), with scheme-less non-empty input meaning tcp.
  const auto [proto, rest] = split_scheme(address);
  if (proto == "tcp") return parse_legacy_tcp(rest);
  if (proto == "unix") {
    return parse_legacy_simple_proto(HostProto::Unix, proto, rest, kDefaultUnixSocket);
  }
  if (proto == "npipe") {
    return parse_legacy_simple_proto(HostProto::Npipe, proto, rest, kDefaultNamedPipe);
  }
  if (proto == "fd") {
    DaemonHost out;
    out.proto = HostProto::Fd;
    out.address.assign(rest);
    out.normalized.assign(address);
    return {std::move(out), {}};
  }
  return fail(cat("Invalid bind address format: ", address));
}

// ---------------------------------------------------------------------------------------------
// Scope

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Strict dotted quad, as inside an IPv6 address (no leading zeros, as Go and inet_pton).
std::optional<std::array<std::uint8_t, 4>> parse_dotted_quad(std::string_view text) {
  std::array<std::uint8_t, 4> out{};
  std::size_t i = 0;
  for (std::size_t part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
    const std::size_t start = i;
    unsigned value = 0;
    while (i < text.size() && is_ascii_digit(text[i]) && i - start < 3) {
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
      ++i;
    }
    const std::size_t digits = i - start;
    if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0')) return std::nullopt;
    out[part] = static_cast<std::uint8_t>(value);
  }
  if (i != text.size()) return std::nullopt;
  return out;
}

}  // namespace

HostParseResult parse_tcp_addr(std::string_view try_addr, std::string_view default_addr) {
  GoUrl def;
  if (auto err = parse_tcp_url(default_addr, /*strict=*/true, def)) {
    return fail(cat("invalid default address (", default_addr, "): ", *err));
  }
  GoUrl addr;
  if (auto err = parse_tcp_url(try_addr, /*strict=*/false, addr)) {
    return fail(cat("invalid bind address (", try_addr, "): ", *err));
  }
  // An empty host or port falls back to the default's (an empty host is not "all interfaces").
  auto [host, port] = url_split_host_port(addr.host);
  const auto [def_host, def_port] = url_split_host_port(def.host);
  if (host.empty()) host = def_host;
  if (port.empty()) port = def_port;
  return {tcp_host(host, port), {}};
}

HostParseResult parse_daemon_host(std::string_view address, EngineVersion engine) {
  return engine < kNormalizeHostsEarly ? parse_legacy(address) : parse_current(address);
}

std::optional<std::array<std::uint8_t, 4>> parse_inet_aton(std::string_view text) {
  // glibc inet_aton_end: each part starts with a digit and is read by strtoul(base 0), at most
  // 0xffffffff; every part but the last is one byte; the last fills the remaining bytes.
  std::array<std::uint8_t, 4> out{};
  std::size_t parts = 0;
  std::size_t i = 0;
  while (true) {
    if (i >= text.size() || !is_ascii_digit(text[i])) return std::nullopt;
    unsigned base = 10;
    if (text[i] == '0') {
      base = 8;
      // strtoul reads "0x" as a hex prefix only when a hex digit follows; else it stops at 'x'.
      if (i + 2 < text.size() && (text[i + 1] == 'x' || text[i + 1] == 'X') &&
          is_hex(text[i + 2])) {
        base = 16;
        i += 2;
      }
    }
    unsigned long long value = 0;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      const bool digit_ok = base == 16 ? is_hex(c) : is_ascii_digit(c) && unhex(c) < base;
      if (!digit_ok) break;
      value = value * base + unhex(c);
      if (value > 0xFFFFFFFFULL) return std::nullopt;
    }
    if (i < text.size() && text[i] == '.') {
      if (parts >= 3 || value > 0xFF) return std::nullopt;
      out[parts++] = static_cast<std::uint8_t>(value);
      ++i;
      continue;
    }
    if (i != text.size()) return std::nullopt;  // trailing garbage, e.g. "08" or "0x"
    static constexpr unsigned long long kMaxLast[4] = {0xFFFFFFFF, 0xFFFFFF, 0xFFFF, 0xFF};
    if (value > kMaxLast[parts]) return std::nullopt;
    for (std::size_t b = 4; b-- > parts;) {
      out[b] = static_cast<std::uint8_t>(value & 0xFF);
      value >>= 8;
    }
    return out;
  }
}

std::optional<std::array<std::uint8_t, 16>> parse_ipv6(std::string_view text) {
  // Go's parseIPv6 / inet_pton: up to eight groups of 1-4 hex digits, one "::", and optionally a
  // dotted quad in the last 32 bits.
  std::array<std::uint8_t, 16> ip{};
  int ellipsis = -1;
  std::size_t n = 0;  // bytes filled
  std::string_view s = text;
  if (has_prefix(s, "::")) {
    ellipsis = 0;
    s.remove_prefix(2);
    if (s.empty()) return ip;
  }
  while (n < 16) {
    std::size_t digits = 0;
    unsigned value = 0;
    while (digits < s.size() && is_hex(s[digits])) {
      if (digits == 4) return std::nullopt;
      value = value << 4 | unhex(s[digits]);
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    if (digits < s.size() && s[digits] == '.') {
      if ((ellipsis < 0 && n != 12) || n + 4 > 16) return std::nullopt;
      const auto v4 = parse_dotted_quad(s);
      if (!v4) return std::nullopt;
      for (std::size_t b = 0; b < 4; ++b) ip[n + b] = (*v4)[b];
      n += 4;
      s = {};
      break;
    }
    ip[n++] = static_cast<std::uint8_t>(value >> 8);
    ip[n++] = static_cast<std::uint8_t>(value & 0xFF);
    s.remove_prefix(digits);
    if (s.empty()) break;
    if (s[0] != ':' || s.size() == 1) return std::nullopt;
    s.remove_prefix(1);
    if (s[0] == ':') {
      if (ellipsis >= 0) return std::nullopt;
      ellipsis = static_cast<int>(n);
      s.remove_prefix(1);
      if (s.empty()) break;
    }
  }
  if (!s.empty()) return std::nullopt;
  if (n < 16) {
    if (ellipsis < 0) return std::nullopt;
    // Move the groups after "::" to the end; the gap becomes zeros.
    const std::size_t tail = n - static_cast<std::size_t>(ellipsis);
    const std::size_t shift = 16 - n;
    for (std::size_t k = tail; k-- > 0;) {
      ip[static_cast<std::size_t>(ellipsis) + shift + k] =
          ip[static_cast<std::size_t>(ellipsis) + k];
    }
    for (std::size_t k = 0; k < shift; ++k) ip[static_cast<std::size_t>(ellipsis) + k] = 0;
  } else if (ellipsis >= 0) {
    return std::nullopt;  // "::" must stand for at least one zero group
  }
  return ip;
}

std::optional<std::array<std::uint8_t, 16>> parse_ip_literal(std::string_view text) {
  if (contains(text, ":")) return parse_ipv6(text);
  const auto v4 = parse_inet_aton(text);
  if (!v4) return std::nullopt;
  std::array<std::uint8_t, 16> ip{};
  ip[10] = 0xFF;
  ip[11] = 0xFF;
  for (std::size_t b = 0; b < 4; ++b) ip[12 + b] = (*v4)[b];
  return ip;
}

ListenerScope classify_scope(const DaemonHost& host) {
  switch (host.proto) {
    case HostProto::Unix: return ListenerScope::Unix;
    case HostProto::Fd: return ListenerScope::Fd;
    case HostProto::Npipe: return ListenerScope::Npipe;
    case HostProto::Tcp: break;
  }
  std::string_view name = host.host;
  if (iequals_ascii(name, "localhost")) return ListenerScope::Loopback;
  // Go listens on "::1%lo" as ::1 with a zone, so the zone does not change the scope.
  if (contains(name, ":")) name = name.substr(0, name.find('%'));
  const auto ip = parse_ip_literal(name);
  if (!ip) return ListenerScope::SpecificAddress;  // a name: whatever it resolves to

  const auto& b = *ip;
  const auto first_bytes_zero = [&](std::size_t count) {
    for (std::size_t k = 0; k < count; ++k) {
      if (b[k] != 0) return false;
    }
    return true;
  };
  if (first_bytes_zero(16)) return ListenerScope::AllInterfaces;           // ::
  if (first_bytes_zero(15) && b[15] == 1) return ListenerScope::Loopback;  // ::1
  if (first_bytes_zero(10) && b[10] == 0xFF && b[11] == 0xFF) {
    // IPv4 (or IPv4-mapped, which Go binds as the IPv4 address itself).
    if (b[12] == 127) return ListenerScope::Loopback;
    if (b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 0) return ListenerScope::AllInterfaces;
  }
  return ListenerScope::SpecificAddress;
}

std::string_view to_string(ListenerScope scope) {
  switch (scope) {
    case ListenerScope::Unix: return "unix";
    case ListenerScope::Fd: return "fd";
    case ListenerScope::Npipe: return "npipe";
    case ListenerScope::Loopback: return "loopback";
    case ListenerScope::SpecificAddress: return "specific-address";
    case ListenerScope::AllInterfaces: return "all-interfaces";
  }
  return "unknown";
}

}  // namespace dl::dockerd
