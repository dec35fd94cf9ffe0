#include "linter/dockerd/resolve.h"

#include <string_view>

#include "linter/dockerd/host.h"

namespace dl::dockerd {
namespace {

// A Go *bool as dockerd holds it: unset (nil), or a value and where it came from.
struct NullableBool {
  bool set = false;
  bool value = false;
  Span span;
};

NullableBool from_file(const BoolSetting& setting) {
  // JSON null decodes to a nil pointer: the key is set (IsValueSet) but the value is not.
  if (!setting.present || !setting.value) return {};
  return {true, *setting.value, setting.span};
}

// mergo.Merge(file, flags) on a *bool: a nil file pointer takes the flag's; a pointer to
// false is "empty" and is deep-merged with the flag's value (§2.3 row P); true stays.
NullableBool merge(const NullableBool& file, const NullableBool& flags) {
  if (!file.set) return flags;
  if (!file.value && flags.set) return flags;
  return file;
}

// Go's strings.TrimSpace for the bytes a host string can realistically carry.
std::string_view trim_space(std::string_view text) {
  const auto is_space = [](unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  };
  while (!text.empty() && is_space(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && is_space(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

// For a host partly produced by a template ("tcp://{{ ip }}:2376"), the scheme is still
// known from its literal prefix.
std::optional<HostProto> proto_of_literal_prefix(std::string_view written) {
  written = trim_space(written);
  if (written.starts_with("tcp://")) return HostProto::Tcp;
  if (written.starts_with("unix://")) return HostProto::Unix;
  if (written.starts_with("fd://")) return HostProto::Fd;
  if (written.starts_with("npipe://")) return HostProto::Npipe;
  return std::nullopt;
}

// The scheme of a partly templated host when its literal prefix already names one dockerd
// rejects ("ssh://{{ host }}"), else nullopt.
std::optional<std::string> unsupported_literal_scheme(std::string_view written) {
  written = trim_space(written);
  const std::size_t sep = written.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  const std::string_view scheme = written.substr(0, sep);
  if (scheme.find_first_of("{}$%# ") != std::string_view::npos) return std::nullopt;
  if (scheme == "tcp" || scheme == "unix" || scheme == "fd" || scheme == "npipe") {
    return std::nullopt;
  }
  return std::string(scheme);
}

// Addresses ParseDaemonHost accepts but Go's net.Listen cannot use: a port above 65535
// (never range-checked by the parser) and, on engines before 23.0, a path element.
std::optional<std::string> listen_failure(const DaemonHost& host) {
  if (host.proto != HostProto::Tcp) return std::nullopt;
  if (!host.address.empty()) {
    return "dockerd before 23.0 accepts " + host.normalized +
           " but cannot listen on it and exits (failed to load listeners: listen tcp: address " +
           host.port + host.address + ": unknown port)";
  }
  const std::string& port = host.port;
  if (port.size() > 5 || (port.size() == 5 && port > "65535")) {
    return "dockerd accepts " + host.normalized + " but cannot listen on port " + port +
           " and exits (listen tcp: address " + port + ": invalid port)";
  }
  return std::nullopt;
}

bool any_unknown(const TlsSettings& settings) {
  return (settings.tls.present && !settings.tls.known) ||
         (settings.tlsverify.present && !settings.tlsverify.known);
}

TlsState resolve_tri_state(const DaemonInputs& in, bool& tls_when_hosts_defaulted,
                           bool hosts_defaulted_before_tlsverify_key) {
  TlsState state;
  // Command line (setDefaultOptions + loadDaemonCliConfig): --tlsverify given at all turns
  // TLS on; conf.TLS is set only when --tls was given.
  NullableBool flag_tls;
  NullableBool flag_verify;
  if (in.flags.tls.present) flag_tls = {true, in.flags.tls.value.value_or(true), in.flags.tls.span};
  if (in.flags.tlsverify.present) {
    flag_verify = {true, in.flags.tlsverify.value.value_or(true), in.flags.tlsverify.span};
    // enabled_by names the setting that turned TLS on: keep --tls when it already did.
    if (!flag_tls.set || !flag_tls.value) flag_tls = {true, true, in.flags.tlsverify.span};
  }
  NullableBool tls = merge(from_file(in.file.tls), flag_tls);
  NullableBool verify = merge(from_file(in.file.tlsverify), flag_verify);
  const bool on_before_key = tls.set && tls.value;
  // "Regardless of whether the user sets it to true or false, if they specify TLSVerify at
  // all then we need to turn on TLS" — null and false included (moby issue 27105).
  // When TLS was already on, the key changes nothing: enabled_by (and the span of the default
  // TLS host, chosen before this step on v23+) stays with the setting that turned it on.
  if (in.file.tlsverify.present && !on_before_key) tls = {true, true, in.file.tlsverify.span};
  tls_when_hosts_defaulted =
      hosts_defaulted_before_tlsverify_key ? on_before_key : (tls.set && tls.value);
  if (!verify.set && tls.set) {
    verify = tls;
    state.verify_implicit = true;
  }
  state.explicit_choice = tls.set;
  state.enabled = tls.set && tls.value;
  state.enabled_by = tls.span;
  state.verify_clients = state.enabled && (!verify.set || verify.value);
  if (state.enabled && !state.verify_clients) state.verify_off_by = verify.span;
  if (!state.enabled || !state.verify_clients) state.verify_implicit = false;
  return state;
}

// v19.03 and older: plain bools, mergo fills false fields from the flags, and client
// certificates are required only when tlsverify is true.
TlsState resolve_plain_bools(const DaemonInputs& in, bool& tls_when_hosts_defaulted) {
  TlsState state;
  // enabled_by is the first setting that turned TLS on, as in resolve_tri_state: a later
  // tlsverify=false must not pass for "TLS alone" (DE102 compares the two spans). With TLS
  // off it is the explicit off switch, if any.
  bool tls = false;
  Span tls_span = in.flags.tls.present ? in.flags.tls.span : in.file.tls.span;
  const auto turn_on = [&](const Span& span) {
    if (!tls) tls_span = span;
    tls = true;
  };
  if (in.flags.tls.present && in.flags.tls.value.value_or(true)) turn_on(in.flags.tls.span);
  if (in.flags.tlsverify.present) turn_on(in.flags.tlsverify.span);
  if (in.file.tls.present && in.file.tls.value.value_or(false)) turn_on(in.file.tls.span);
  if (in.file.tlsverify.present) turn_on(in.file.tlsverify.span);
  bool verify = in.flags.tlsverify.present && in.flags.tlsverify.value.value_or(true);
  Span verify_span = in.flags.tlsverify.span;
  if (in.file.tlsverify.present && in.file.tlsverify.value.value_or(false)) {
    verify = true;
    verify_span = in.file.tlsverify.span;
  }
  state.explicit_choice = in.flags.tls.present || in.flags.tlsverify.present ||
                          in.file.tls.present || in.file.tlsverify.present;
  state.enabled = tls;
  state.enabled_by = tls_span;
  state.verify_clients = tls && verify;
  if (tls && !verify) {
    // Without an explicit tlsverify=false the culprit is the setting that enabled TLS.
    if (in.file.tlsverify.present) {
      state.verify_off_by = in.file.tlsverify.span;
    } else if (in.flags.tlsverify.present) {
      state.verify_off_by = in.flags.tlsverify.span;
    } else {
      state.verify_off_by = tls_span;
    }
  }
  (void)verify_span;
  tls_when_hosts_defaulted = tls;
  return state;
}

// The listener a socket unit's ListenStream= creates, as dockerd would see it through fd://.
std::optional<Listener> socket_listener(const SocketListen& listen, const Listener& fd) {
  Listener out;
  out.written = fd.written;
  out.span = listen.span;
  out.via = fd.span;
  out.origin = SettingOrigin::SocketUnit;
  DaemonHost host;
  switch (listen.kind) {
    case SocketListenKind::UnixPath:
      host.proto = HostProto::Unix;
      host.address = listen.address;
      host.normalized = "unix://" + listen.address;
      break;
    case SocketListenKind::Port:  // IPv6 socket, dual-stack by default: every interface
      host.proto = HostProto::Tcp;
      host.host = "::";
      host.port = listen.port;
      host.normalized = "tcp://[::]:" + listen.port;
      break;
    case SocketListenKind::Address:
      host.proto = HostProto::Tcp;
      host.host = listen.address;
      host.port = listen.port;
      host.normalized = listen.address.find(':') != std::string::npos
                            ? "tcp://[" + listen.address + "]:" + listen.port
                            : "tcp://" + listen.address + ":" + listen.port;
      break;
    case SocketListenKind::Other: return std::nullopt;
  }
  out.proto = host.proto;
  out.scope = classify_scope(host);
  out.host = std::move(host);
  return out;
}

// `-H fd://` listens on what systemd passes in: the socket unit's ListenStream= entries
// (fd://N picks one of them). Without a socket unit in the tree they stay unknown.
void expand_socket_activation(DaemonInstance& daemon) {
  const DaemonInputs& in = daemon.inputs;
  if (!in.socket_unit_known) return;
  std::vector<Listener> expanded;
  for (Listener& listener : daemon.listeners) {
    if (listener.proto != HostProto::Fd || !listener.host) {
      expanded.push_back(std::move(listener));
      continue;
    }
    const std::string& which = listener.host->address;
    std::size_t first = 0;
    std::size_t last = in.socket_listens.size();
    if (!which.empty() && which != "*" &&
        which.find_first_not_of("0123456789") == std::string::npos && which.size() < 6) {
      const std::size_t fd = std::stoul(which);
      if (fd >= 3 && fd - 3 < in.socket_listens.size()) {
        first = fd - 3;
        last = first + 1;
      }
    }
    for (std::size_t i = first; i < last; ++i) {
      if (auto derived = socket_listener(in.socket_listens[i], listener)) {
        expanded.push_back(std::move(*derived));
      }
    }
  }
  daemon.listeners = std::move(expanded);
}

}  // namespace

TlsState resolve_tls(const DaemonInputs& inputs, EngineVersion engine,
                     bool* tls_when_hosts_defaulted) {
  bool at_default = false;
  TlsState state = engine >= kTriStateTls
                       ? resolve_tri_state(inputs, at_default, engine >= kNormalizeHostsEarly)
                       : resolve_plain_bools(inputs, at_default);
  state.known = !any_unknown(inputs.flags) && !any_unknown(inputs.file);
  // An unknowable word could be --tlsverify; only an explicit choice elsewhere still holds.
  if (inputs.command_line_has_unknown_words && !state.explicit_choice) state.known = false;
  // setDefaultOptions drops the command line's TLS paths when the command line itself did
  // not turn TLS on; then only daemon.json can supply cert and key (§2.3 row J). A present
  // --tls=false does not turn it on either (row Q: --tls=false + "tlsverify": true).
  const bool cli_tls_on = (inputs.flags.tls.present && inputs.flags.tls.value.value_or(true)) ||
                          inputs.flags.tlsverify.present;
  state.from_file_only = state.enabled && !cli_tls_on;
  if (tls_when_hosts_defaulted != nullptr) *tls_when_hosts_defaulted = at_default;
  return state;
}

void resolve(DaemonInstance& daemon, EngineVersion engine) {
  const DaemonInputs& in = daemon.inputs;
  bool tls_at_default = false;
  daemon.tls = resolve_tls(in, engine, &tls_at_default);
  daemon.listeners.clear();
  daemon.invalid_hosts.clear();

  const auto add_host = [&](const HostSetting& setting, SettingOrigin origin) {
    if (!setting.known) {
      // In daemon.json a templated string's literal prefix is known ("ssh://{{ host }}" is
      // rejected, "tcp://{{ ip }}" is TCP). A command-line word is unknown as a whole (an
      // environment default may be replaced by anything), so nothing is inferred from it.
      const bool literal_prefix = origin == SettingOrigin::DaemonJson;
      if (auto scheme = literal_prefix ? unsupported_literal_scheme(setting.value) : std::nullopt) {
        daemon.invalid_hosts.push_back(
            {setting.value, setting.span,
             "invalid bind address (" + setting.value + "): unsupported proto '" + *scheme + "'"});
        return;
      }
      Listener listener;
      listener.written = setting.value;
      listener.span = setting.span;
      listener.via = setting.via;
      listener.origin = origin;
      if (literal_prefix) listener.proto = proto_of_literal_prefix(setting.value);
      daemon.listeners.push_back(std::move(listener));
      return;
    }
    const std::string_view trimmed = trim_space(setting.value);
    if (trimmed.empty()) return;  // "" means "the default"
    HostParseResult parsed = parse_daemon_host(trimmed, engine);
    if (!parsed.host) {
      daemon.invalid_hosts.push_back({setting.value, setting.span, parsed.error});
      return;
    }
    // Parsed, but net.Listen refuses it and dockerd exits (dockerd-semantics.md §1.3).
    if (auto failure = listen_failure(*parsed.host)) {
      daemon.invalid_hosts.push_back({setting.value, setting.span, *failure});
      return;
    }
    Listener listener;
    listener.written = setting.value;
    listener.span = setting.span;
    listener.via = setting.via;
    listener.origin = origin;
    listener.proto = parsed.host->proto;
    listener.scope = classify_scope(*parsed.host);
    listener.host = std::move(parsed.host);
    daemon.listeners.push_back(std::move(listener));
  };

  // Flags and "hosts" together make dockerd refuse to start (DE004); keep both so every
  // exposure is still shown once that conflict is resolved either way.
  for (const HostSetting& host : in.flag_hosts) add_host(host, SettingOrigin::CommandLine);
  if (in.file_hosts_present) {
    for (const HostSetting& host : in.file_hosts) add_host(host, SettingOrigin::DaemonJson);
  }
  expand_socket_activation(daemon);
  if (!daemon.listeners.empty() || !daemon.invalid_hosts.empty()) return;

  // No host at all: the unix socket, or tcp://localhost:2376 when TLS was on by then.
  Listener fallback;
  fallback.origin = SettingOrigin::Default;
  const std::string_view address = tls_at_default ? "tcp://localhost:2376" : "unix://";
  HostParseResult parsed = parse_daemon_host(address, engine);
  if (!parsed.host) return;
  fallback.proto = parsed.host->proto;
  fallback.scope = classify_scope(*parsed.host);
  fallback.host = std::move(parsed.host);
  fallback.span = tls_at_default ? daemon.tls.enabled_by : in.file_hosts_key;
  if (tls_at_default && !daemon.tls.known) fallback.scope.reset();
  daemon.listeners.push_back(std::move(fallback));
}

}  // namespace dl::dockerd
