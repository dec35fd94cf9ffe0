// The daemon exposure model: what every rule reads. Parsers lower their sources into it;
// rules never see a parse tree.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "linter/core/span.h"
#include "linter/dockerd/engine_version.h"
#include "linter/dockerd/host.h"

namespace dl {

// ---------------------------------------------------------------------------------------
// daemon.json documents, as written (for the DE0xx configuration rules).

struct JsonMember;

// A JSON value with the span it was written at. Duplicate keys are kept, in source order.
struct JsonValue {
  enum class Kind { Null, Bool, Number, String, Array, Object, Unknown };
  Kind kind = Kind::Unknown;        // Unknown: unparseable, too deep, or produced by a template
  Span span;                        // the value; for strings, the text between the quotes
  std::string text;                 // String: decoded; Number: the literal; Bool: "true"/"false"
  bool templated = false;           // overlaps template syntax ({{ }}, {% %}): value not knowable
  std::vector<JsonMember> members;  // Object
  std::vector<JsonValue> elements;  // Array

  bool is_known() const { return kind != Kind::Unknown && !templated; }
  bool is_true() const { return kind == Kind::Bool && !templated && text == "true"; }
};

struct JsonMember {
  std::string key;  // decoded
  Span key_span;    // the text between the key's quotes
  bool key_templated = false;
  JsonValue value;
};

struct SyntaxError {
  Span span;  // the first bad token
  std::string message;
};

// One if-block of a template: [begin, end) with the offsets where each further branch
// (`elif`, `else`) starts. Nested blocks are separate entries.
struct TemplateConditional {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::vector<std::uint32_t> branch_starts;

  // Which branch `offset` is in: 0 for the first; only meaningful inside [begin, end).
  std::size_t branch_of(std::uint32_t offset) const {
    std::size_t branch = 0;
    while (branch < branch_starts.size() && branch_starts[branch] <= offset) ++branch;
    return branch;
  }
};

// How the file's bytes are encoded: dockerd 23.0+ decodes a byte order mark (UTF-8 or
// UTF-16) and then rejects invalid UTF-8 anywhere; older engines do neither.
enum class ByteOrderMark { None, Utf8, Utf16Le, Utf16Be };

struct DaemonJsonDocument {
  FileId file = kNoFile;
  ByteOrderMark bom = ByteOrderMark::None;
  std::optional<std::uint32_t> first_invalid_utf8;  // file offset of the first bad byte
  bool is_template = false;                         // .j2/.tpl: template syntax blanked out
  std::vector<SyntaxError> syntax_errors;           // dockerd would reject the file as JSON
  bool has_root = false;  // a top-level object was found (maybe recovered)
  JsonValue root;
  // Templates: `{% if %}…{% else %}…{% endif %}` blocks, whose branches are alternatives.
  std::vector<TemplateConditional> template_conditionals;
};

// ---------------------------------------------------------------------------------------
// Daemon instances: one effective dockerd configuration each.

enum class SettingOrigin {
  CommandLine,
  DaemonJson,
  Default,
  SocketUnit,
  SocketProxy,
  PublishedPort  // a container port published on the host (compose `ports:`, hostPort)
};

// A tri-state dockerd boolean (--tls, "tlsverify": …) and where it was written.
struct BoolSetting {
  bool present = false;       // the flag was given / the key exists
  bool known = true;          // false when a template produces the value
  std::optional<bool> value;  // nullopt for JSON null (the key still counts as set)
  Span span;                  // the flag word or the key
};

struct StringSetting {
  bool present = false;
  bool known = true;
  std::string value;
  Span span;

  bool non_empty() const { return present && (!known || !value.empty()); }
};

struct TlsSettings {
  BoolSetting tls;
  BoolSetting tlsverify;
  StringSetting tlscacert;
  StringSetting tlscert;
  StringSetting tlskey;
};

struct HostSetting {
  std::string value;  // as written (decoded JSON string / shell word)
  bool known = true;  // false when template syntax produces part of it
  Span span;
  Span via;  // the variable reference that brought a command-line value in, if any
};

// A command-line flag of dockerd, for conflicts with daemon.json keys (DE004).
struct FlagSetting {
  std::string name;        // long flag name, "host"
  std::string config_key;  // the daemon.json key it conflicts with ("hosts"), "" if none
  Span span;               // the flag word
  Span via;
};

// An argument dockerd refuses (DE007 and relatives).
enum class ArgumentProblemKind {
  BoolFlagSeparateValue,
  InvalidBoolValue,
  StrayArgument,
  MissingValue
};
struct ArgumentProblem {
  ArgumentProblemKind kind;
  Span span;
  Span related;
  std::string message;
};

// A ListenStream= of the socket unit that feeds `-H fd://` (dockerd-semantics.md §5.1).
enum class SocketListenKind { UnixPath, Port, Address, Other };
struct SocketListen {
  SocketListenKind kind = SocketListenKind::Other;
  std::string address;  // "0.0.0.0", "::", a path; "" for a bare port
  std::string port;
  Span span;  // the ListenStream= value
};

// An ExecStart= that stays in effect after resets, in merge order (DE005).
struct ExecStartSetting {
  Span span;  // the ExecStart= value
  bool in_drop_in = false;
};

// What one dockerd is started with, before dockerd's own resolution.
struct DaemonInputs {
  std::vector<HostSetting> flag_hosts;  // -H/--host words, in order
  bool file_hosts_present = false;      // daemon.json has "hosts"
  Span file_hosts_key;
  std::vector<HostSetting> file_hosts;
  TlsSettings flags;              // command-line TLS settings
  TlsSettings file;               // daemon.json TLS settings
  Span file_root;                 // the daemon.json document, when there is one
  bool has_command_line = false;  // a unit, env file or script starts this dockerd
  // Some of its words are unknowable ($VAR from a file outside the tree): they may hold any
  // flag, so settings not made explicitly elsewhere are unknown too.
  bool command_line_has_unknown_words = false;
  std::vector<FlagSetting> flag_settings;  // every flag given, in order
  std::vector<ArgumentProblem> argument_problems;
  StringSetting config_file;                 // --config-file
  std::vector<SocketListen> socket_listens;  // from the socket unit, after resets
  bool socket_unit_known = false;
  std::vector<ExecStartSetting> exec_starts;  // the unit's effective ExecStart= lines
  bool service_is_oneshot = false;
};

struct Listener {
  std::string written;  // the host as written; empty for dockerd's default
  Span span;            // where it was set; for a default, the setting that chose it
  Span via;             // the -H fd:// that reached a socket unit's listener, or the variable
                        // reference that brought the -H word in
  SettingOrigin origin = SettingOrigin::DaemonJson;
  // Normalized exactly as dockerd would; empty when a template hides the address.
  std::optional<dockerd::DaemonHost> host;
  std::optional<dockerd::HostProto> proto;      // known even for "tcp://{{ host }}:2376"
  std::optional<dockerd::ListenerScope> scope;  // empty when the address is unknown

  bool is_tcp() const { return proto == dockerd::HostProto::Tcp; }
};

struct InvalidHost {
  std::string written;
  Span span;
  std::string error;  // dockerd's error text, e.g. "invalid bind address (…): …"
};

// dockerd's effective TLS state (dockerd-semantics.md §2.2).
struct TlsState {
  bool known = true;             // false when a template decides tls/tlsverify
  bool enabled = false;          // the TCP listeners are wrapped in TLS
  bool verify_clients = false;   // RequireAndVerifyClientCert
  bool explicit_choice = false;  // cfg.TLS != nil: tls/tlsverify given somewhere
  Span enabled_by;               // the setting that turned TLS on (or explicitly off)
  Span verify_off_by;  // the tlsverify=false / old-engine --tls that left clients unverified
  bool verify_implicit = false;  // verification only because --tls/"tls" implies it (≥ 20.10)
  bool from_file_only = false;   // TLS turned on by daemon.json alone: CLI cert paths dropped
};

struct DaemonInstance {
  std::string label;  // for messages: the file that defines the daemon
  FileId file = kNoFile;
  // A relay that puts the Docker socket on TCP (`socat TCP-LISTEN:2375,fork
  // UNIX-CONNECT:/var/run/docker.sock`): its listeners and TLS state are set directly
  // (origin SocketProxy), never resolved from dockerd inputs.
  bool socket_proxy = false;
  // Index into ScanModel::daemon_json of the daemon.json this dockerd reads, if any.
  std::optional<std::size_t> daemon_json;
  DaemonInputs inputs;
  // Resolved by dockerd::resolve():
  std::vector<Listener> listeners;
  std::vector<InvalidHost> invalid_hosts;
  TlsState tls;
};

// ---------------------------------------------------------------------------------------
// Docker clients (DE3xx): where a docker CLI or SDK is pointed, and how it secures the
// connection (dockerd-semantics.md §7).

// The client's TLS after docker/cli's SetDefaultOptions: Verify = TLS checking the daemon's
// certificate; NoVerify = TLS with InsecureSkipVerify; Unknown = decided by something the
// linter cannot see (an unknown variable, the CI environment).
enum class ClientTls { Off, NoVerify, Verify, Unknown };

struct ClientEndpoint {
  std::string setting;  // how the host was given, for messages: "DOCKER_HOST", "-H",
                        // "docker context create --docker host="
  std::string host;     // as written ("tcp://docker:2375"); the known part when !host_known
  bool host_known = true;
  Span span;  // the host value
  Span via;   // the variable reference that brought the value in, if any
  ClientTls tls = ClientTls::Off;
  // The setting that decided `tls`: DOCKER_TLS=1, --tls, skip-tls-verify=true (NoVerify),
  // DOCKER_TLS_VERIFY / --tlsverify (Verify); invalid when nothing was set (Off).
  Span tls_span;
};

// A client TLS environment variable as assigned (DOCKER_TLS_VERIFY=0: DE303).
struct ClientEnvSetting {
  std::string name;  // "DOCKER_TLS_VERIFY", "DOCKER_TLS", "DOCKER_CERT_PATH"
  std::string value;
  bool known = true;
  Span span;  // the value (the name when the value is empty)
};

// ---------------------------------------------------------------------------------------
// Firewall rules that accept TCP connections (DE108, and context for the listener rules).

struct PortRange {
  std::uint32_t first = 0;
  std::uint32_t last = 0;  // inclusive
  bool contains(std::uint32_t port) const { return first <= port && port <= last; }
};

struct FirewallRule {
  std::string tool;              // "iptables", "ip6tables", "ufw", "firewall-cmd", "nft"
  std::vector<PortRange> ports;  // the TCP ports it accepts
  Span port_span;                // the word that names the port(s)
  Span span;                     // the whole command
  bool any_source = true;        // no source restriction (or 0.0.0.0/0, ::/0, a negation)
  std::string source;            // "10.0.5.0/24", an interface "eth1", a zone, …
  Span source_span;
};

// ---------------------------------------------------------------------------------------
// docker:*dind* containers (DE107): the image's entrypoint starts dockerd (§6).

struct DindContainer {
  std::string description;  // `compose service "docker"`, `GitLab CI service … of job "x"`
  std::string image;
  Span image_span;
  // The entrypoint listens on plaintext tcp://0.0.0.0:2375: DOCKER_TLS_CERTDIR is empty, or
  // unset on an image older than 19.03 (whose entrypoint had no TLS).
  bool tls_disabled = false;
  Span cause;  // the empty DOCKER_TLS_CERTDIR value (its name when the value is empty text),
               // or the image when an old image has no DOCKER_TLS_CERTDIR
  bool cause_is_old_image = false;
  std::vector<Span> published;  // host ports that publish the daemon's port
  std::vector<Span> exposed;    // Dockerfile EXPOSE of the daemon's port
};

struct ScanModel {
  dockerd::EngineVersion engine = dockerd::kCurrentEngine;
  std::vector<DaemonJsonDocument> daemon_json;
  std::vector<DaemonInstance> daemons;
  // Lines of Docker's systemd units that systemd rejects or ignores (DE009).
  std::vector<SyntaxError> unit_problems;
  std::vector<ClientEndpoint> clients;
  std::vector<ClientEnvSetting> client_env;
  std::vector<FirewallRule> firewall;
  std::vector<DindContainer> dind;
  // The repository-wide model (DE108) holds only the first listeners on each port in source
  // order, as many as a finding shows; how many more each port has.
  std::map<std::uint32_t, std::size_t> more_listeners_on;
};

}  // namespace dl
