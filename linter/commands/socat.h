// socat relays that put the Docker socket on TCP: `socat TCP-LISTEN:2375,fork,reuseaddr
// UNIX-CONNECT:/var/run/docker.sock` (either address order, TCP4-/TCP6-LISTEN, UNIX-CLIENT:,
// UNIX:, OPENSSL-LISTEN with its verify option), directly or behind wrappers such as sudo.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "linter/core/span.h"
#include "linter/core/word.h"

namespace dl::commands {

struct SocketRelay {
  std::string address;          // the bind= option's address ("" when on every interface)
  bool address_known = true;    // false when a word part deciding it is unknown
  std::string port;             // "2375"
  bool ipv6 = false;            // TCP6-LISTEN / pf=ip6: every interface means [::]
  Span span;                    // the listening address word (TCP-LISTEN:…)
  Span target_span;             // the UNIX-CONNECT:/…docker.sock word
  bool tls = false;             // OPENSSL-LISTEN
  bool verify_clients = false;  // OPENSSL-LISTEN without verify=0 (socat's default verifies)
};

// nullopt unless argv runs socat with one TCP (or OpenSSL) listening address and the other
// connecting to a Docker socket (a path ending in docker.sock).
std::optional<SocketRelay> parse_socat(std::span<const Word> argv);

}  // namespace dl::commands
