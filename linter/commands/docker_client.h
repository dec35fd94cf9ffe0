// docker CLI invocations as a client of some daemon (dockerd-semantics.md §7): the global
// flags -H/--host, --tls, --tlsverify, --tlscacert/--tlscert/--tlskey, --context, and
// `docker context create|update NAME --docker "host=…,ca=…,skip-tls-verify=true"`. Not a daemon
// start (`docker daemon`, `docker -d` are dockerd::find_daemon_invocation's).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "linter/core/model.h"
#include "linter/core/word.h"

namespace dl::commands {

struct ClientFlag {
  bool present = false;
  bool value = false;  // bool flags: as the CLI's pflag would set it (--tls=false → false)
  bool known = true;
  Span span;
};

struct DockerClientCommand {
  // -H/--host value (the CLI allows one); `host.text` is the value as written.
  std::optional<Word> host;
  Span host_flag;  // the -H word
  ClientFlag tls;
  ClientFlag tlsverify;
  bool has_cert_flags = false;  // any of --tlscacert, --tlscert, --tlskey
  // `docker context create|update … --docker host=…`: the endpoint it stores.
  std::optional<Word> context_host;       // the host= part (span: exactly its value's bytes)
  ClientFlag skip_tls_verify;             // skip-tls-verify=true|false (strconv.ParseBool)
  bool context_has_tls_material = false;  // ca=, cert= or key= given
};

// nullopt when argv does not run the docker CLI (also behind sudo/env/…); daemon starts are
// not clients.
std::optional<DockerClientCommand> parse_docker_client(std::span<const Word> argv);

// A host as the docker CLI normalizes it (opts.ParseHost, §7): "tcp://" → localhost:2375,
// empty host → localhost, paths kept; ssh:// and unix:// are not TCP.
struct ClientHost {
  bool tcp = false;
  std::string address;  // "docker", "10.0.0.5", "localhost", "::1"
  std::string port;     // "2375"
  bool loopback = false;
};
// nullopt when the value is not a host the CLI would accept.
std::optional<ClientHost> parse_client_host(std::string_view value);

}  // namespace dl::commands
