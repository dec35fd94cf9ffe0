// dockerd's -H / "hosts" address parsing (moby ParseDaemonHost, including the Go net/url error
// texts it surfaces) and a classification of where the resulting listener is reachable from.
//
// Oracle: shared/docs/dockerd-semantics.md §1. The URL rules are those of Go's net/url as used by
// the document's run (Go 1.19, unchanged through Go 1.25.1). Newer Go toolchains additionally
// reject bracketed hosts that are not IPv6 addresses ("tcp://[localhost]") and brackets not at the
// start of the host; no vector in the document depends on that, so it is not modelled here.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "linter/dockerd/engine_version.h"

namespace dl::dockerd {

// Unix constants of moby's opts package (hosts.go, hosts_unix.go).
inline constexpr std::string_view kDefaultHttpHost = "localhost";
inline constexpr std::string_view kDefaultTcpHost = "tcp://localhost:2375";
inline constexpr std::string_view kDefaultTlsHost = "tcp://localhost:2376";
inline constexpr std::string_view kDefaultUnixSocket = "/var/run/docker.sock";
inline constexpr std::string_view kDefaultNamedPipe = "//./pipe/docker_engine";

enum class HostProto { Tcp, Unix, Npipe, Fd };

struct DaemonHost {
  HostProto proto = HostProto::Unix;
  std::string host;        // tcp: host without brackets ("0.0.0.0", "::", "localhost"); else empty
  std::string port;        // tcp: port text ("2375"); else empty
  std::string address;     // unix/npipe path, fd suffix; tcp: the path element engines before
                           // v23 accepted ("/path", listening then fails), otherwise empty
  std::string normalized;  // exactly ParseDaemonHost's result string, e.g. "tcp://[::1]:2375"
};

struct HostParseResult {
  std::optional<DaemonHost> host;
  std::string error;  // exactly dockerd's err.Error() when host is empty
};

// Current engines (v23+): moby's ParseDaemonHost. Engines before kNormalizeHostsEarly run the
// v20.10 parseDaemonHost instead: different error texts ("Invalid bind address format: …"),
// "tcp://[::]" rejected, a path element and port 0 accepted.
HostParseResult parse_daemon_host(std::string_view address, EngineVersion engine = kCurrentEngine);

// moby's exported ParseTCPAddr(tryAddr, defaultAddr) of current engines; parse_daemon_host uses it
// with kDefaultTcpHost. Exposed so moby's TestParseTCP vectors (custom defaults) can be checked.
HostParseResult parse_tcp_addr(std::string_view try_addr, std::string_view default_addr);

enum class ListenerScope { Unix, Fd, Npipe, Loopback, SpecificAddress, AllInterfaces };

// Where a parsed listener accepts connections from. For tcp: "localhost" (any case), 127.0.0.0/8
// and ::1 in any spelling are Loopback; 0.0.0.0 and :: in any spelling are AllInterfaces; IPv4
// text is read the way glibc's inet_aton reads it ("127.1", "0"); anything else, host names
// included, is SpecificAddress.
ListenerScope classify_scope(const DaemonHost& host);
std::string_view to_string(ListenerScope scope);  // "unix", "fd", ..., "all-interfaces"

// IPv4 text as glibc's inet_aton accepts it: one to four parts, each decimal, octal (leading 0) or
// hex (0x); the last part fills the remaining bytes ("127.1" is 127.0.0.1, "0" is 0.0.0.0).
std::optional<std::array<std::uint8_t, 4>> parse_inet_aton(std::string_view text);
// An IPv6 address without brackets or zone ("::1", "::ffff:127.0.0.1").
std::optional<std::array<std::uint8_t, 16>> parse_ipv6(std::string_view text);
// IPv6 if the text contains ':', else IPv4 via parse_inet_aton, returned IPv4-mapped
// (::ffff:a.b.c.d).
std::optional<std::array<std::uint8_t, 16>> parse_ip_literal(std::string_view text);

// Go's strconv.Quote, which the %q verbs in dockerd's error texts use. Non-ASCII code points are
// kept except the non-printable ones listed in host.cpp (Go consults full Unicode tables; code
// points unassigned in Unicode are kept here but escaped by Go).
std::string go_quote(std::string_view text);

}  // namespace dl::dockerd
