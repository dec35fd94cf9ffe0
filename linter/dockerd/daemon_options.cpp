#include "linter/dockerd/daemon_options.h"

#include <algorithm>
#include <array>

// Source: moby/moby daemon/config/config.go @5bc86836, daemon/config/config_linux.go @0fa212dd,
// daemon/command/{config.go @5bc86836, config_unix.go @0293eeaf, options.go, docker.go},
// daemon/pkg/opts/{opts.go,nri_opts.go,address_pools.go}, daemon/config/builder.go.
// Removal versions: docker/cli docs/deprecated.md and the moby PRs named in
// docs/daemon-options.md.

namespace dl::dockerd {
namespace {

// A flag or NamedOption name that is also a Config json field.
constexpr DaemonOption cfg(std::string_view key, JsonShape shape, std::string_view go_type) {
  return {key, shape, go_type, true, "", true, true};
}

// A registered flag name whose top-level value encoding/json ignores (no json tag matches).
constexpr DaemonOption flag_only(std::string_view key) {
  return {key, JsonShape::Any, "", false, "", true, true};
}

// In skipValidateOptions but no longer a Config field: accepted and ignored.
constexpr DaemonOption skipped(std::string_view key) {
  return {key, JsonShape::Any, "", false, "", true, true};
}

// A Config json field with no flag: the unknown-key check rejects it at start-up.
constexpr DaemonOption json_only(std::string_view key, JsonShape shape, std::string_view go_type) {
  return {key, shape, go_type, true, "", false, true};
}

// Older engines accepted it; the given release and later fail to start.
constexpr DaemonOption removed(std::string_view key, std::string_view version) {
  return {key, JsonShape::Any, "", false, version, false, true};
}

// Sorted by key in byte order (std::string_view's operator<), checked below.
constexpr std::array kOptions{
    flag_only("add-runtime"),
    cfg("allow-direct-routing", JsonShape::Bool, "bool"),
    skipped("allow-nondistributable-artifacts"),  // skip-listed, ignored
    removed("api-cors-header", "28.0"),           // error since 28.0, unknown key since 29.0
    removed("api-enable-cors", "17.09"),
    flag_only("authorization-plugin"),
    cfg("authorization-plugins", JsonShape::StringList, "[]string"),
    cfg("bip", JsonShape::String, "string"),
    cfg("bip6", JsonShape::String, "string"),
    cfg("bridge", JsonShape::String, "string"),
    cfg("bridge-accept-fwmark", JsonShape::String, "string"),
    cfg("builder", JsonShape::Object, "config.BuilderConfig"),  // skip-listed and flat; no flag
    flag_only("cdi-spec-dir"),
    cfg("cdi-spec-dirs", JsonShape::StringList, "[]string"),
    cfg("cgroup-parent", JsonShape::String, "string"),
    removed("cluster-advertise", "23.0"),
    removed("cluster-store", "23.0"),
    removed("cluster-store-opts", "23.0"),  // still in flatOptions
    flag_only("config-file"),
    cfg("containerd", JsonShape::String, "string"),
    cfg("containerd-namespace", JsonShape::String, "string"),
    // flag is "...-plugins-namespace"
    json_only("containerd-plugin-namespace", JsonShape::String, "string"),
    flag_only("containerd-plugins-namespace"),  // the json tag lacks the "s": value ignored
    cfg("cpu-rt-period", JsonShape::Integer, "int64"),
    cfg("cpu-rt-runtime", JsonShape::Integer, "int64"),
    cfg("cri-containerd", JsonShape::Bool, "bool"),
    cfg("data-root", JsonShape::String, "string"),
    cfg("debug", JsonShape::Bool, "bool"),
    flag_only("default-address-pool"),
    // PoolsOpt.UnmarshalJSON
    cfg("default-address-pools", JsonShape::ObjectList, "[]*ipamutils.NetworkToSplit"),
    cfg("default-cgroupns-mode", JsonShape::String, "string"),
    cfg("default-gateway", JsonShape::String, "net.IP"),
    cfg("default-gateway-v6", JsonShape::String, "net.IP"),
    json_only("default-init", JsonShape::String, "string"),  // no flag
    cfg("default-ipc-mode", JsonShape::String, "string"),
    flag_only("default-network-opt"),
    cfg("default-network-opts", JsonShape::Object, "map[string]map[string]string"),
    cfg("default-runtime", JsonShape::String, "string"),
    // UnmarshalJSON wants a quoted size; null and "" fail
    DaemonOption{"default-shm-size", JsonShape::String, "opts.MemBytes", true, "", true, false},
    flag_only("default-ulimit"),
    // container.Ulimit = units.Ulimit
    cfg("default-ulimits", JsonShape::Object, "map[string]*units.Ulimit"),
    skipped("deprecated-key-path"),               // skip-listed, ignored
    removed("disable-legacy-registry", "17.12"),  // error since 17.12, flag gone in 19.03
    cfg("dns", JsonShape::StringList, "[]netip.Addr"),
    flag_only("dns-opt"),
    cfg("dns-opts", JsonShape::StringList, "[]string"),
    // plain ListOpts: flag name and json tag agree
    cfg("dns-search", JsonShape::StringList, "[]string"),
    flag_only("exec-opt"),
    cfg("exec-opts", JsonShape::StringList, "[]string"),
    cfg("exec-root", JsonShape::String, "string"),
    cfg("experimental", JsonShape::Bool, "bool"),
    flag_only("feature"),
    // NamedOption of --feature; also flat and skip-listed
    cfg("features", JsonShape::BoolMap, "map[string]bool"),
    cfg("firewall-backend", JsonShape::String, "string"),
    cfg("fixed-cidr", JsonShape::String, "string"),
    cfg("fixed-cidr-v6", JsonShape::String, "string"),
    removed("graph", "23.0"),  // error since 23.0, then dropped
    cfg("group", JsonShape::String, "string"),
    flag_only("help"),  // added by cobra
    flag_only("host"),  // flag name of "hosts": accepted, value ignored
    // flag name; legacy json field, migrated to host-gateway-ips
    cfg("host-gateway-ip", JsonShape::String, "net.IP"),
    cfg("host-gateway-ips", JsonShape::StringList, "[]netip.Addr"),
    cfg("hosts", JsonShape::StringList, "[]string"),  // NamedOption of -H/--host
    flag_only("http-proxy"),   // top level ignored: Config reads it inside "proxies"
    flag_only("https-proxy"),  // top level ignored: Config reads it inside "proxies"
    cfg("icc", JsonShape::Bool, "bool"),
    cfg("init", JsonShape::Bool, "bool"),
    cfg("init-path", JsonShape::String, "string"),
    cfg("insecure-registries", JsonShape::StringList, "[]string"),
    flag_only("insecure-registry"),
    cfg("ip", JsonShape::String, "net.IP"),
    cfg("ip-forward", JsonShape::Bool, "bool"),
    cfg("ip-forward-no-drop", JsonShape::Bool, "bool"),
    cfg("ip-masq", JsonShape::Bool, "bool"),
    cfg("ip6tables", JsonShape::Bool, "bool"),
    cfg("iptables", JsonShape::Bool, "bool"),
    cfg("ipv6", JsonShape::Bool, "bool"),
    flag_only("label"),
    cfg("labels", JsonShape::StringList, "[]string"),
    cfg("live-restore", JsonShape::Bool, "bool"),
    cfg("log-driver", JsonShape::String, "string"),
    cfg("log-format", JsonShape::String, "log.OutputFormat"),
    cfg("log-level", JsonShape::String, "string"),
    flag_only("log-opt"),
    cfg("log-opts", JsonShape::StringMap, "map[string]string"),
    cfg("max-concurrent-downloads", JsonShape::Integer, "int"),
    cfg("max-concurrent-uploads", JsonShape::Integer, "int"),
    cfg("max-download-attempts", JsonShape::Integer, "int"),
    cfg("metrics-addr", JsonShape::String, "string"),
    cfg("min-api-version", JsonShape::String, "string"),  // skip-listed: daemon.json only, no flag
    cfg("mtu", JsonShape::Integer, "int"),
    cfg("network-control-plane-mtu", JsonShape::Integer, "int"),
    cfg("network-diagnostic-port", JsonShape::Integer, "int"),  // hidden flag
    cfg("no-new-privileges", JsonShape::Bool, "bool"),
    flag_only("no-proxy"),  // top level ignored: Config reads it inside "proxies"
    flag_only("node-generic-resource"),
    cfg("node-generic-resources", JsonShape::StringList, "[]string"),
    // UnmarshalJSON: object, DisallowUnknownFields
    cfg("nri-opts", JsonShape::Object, "opts.NRIOpts"),
    removed("oom-score-adjust", "25.0"),  // error since 25.0, flag gone in 26.0
    cfg("pidfile", JsonShape::String, "string"),
    // no flag: passes only as an object (flattened)
    json_only("proxies", JsonShape::Object, "config.Proxies"),
    cfg("raw-logs", JsonShape::Bool, "bool"),
    flag_only("registry-mirror"),
    cfg("registry-mirrors", JsonShape::StringList, "[]string"),
    json_only("resolv-conf", JsonShape::String, "string"),  // no flag
    flag_only("restart"),                                   // deprecated flag, still registered
    cfg("rootless", JsonShape::Bool, "bool"),
    cfg("runtimes", JsonShape::Object, "map[string]system.Runtime"),
    cfg("seccomp-profile", JsonShape::String, "string"),
    cfg("selinux-enabled", JsonShape::Bool, "bool"),
    cfg("shutdown-timeout", JsonShape::Integer, "int"),
    cfg("storage-driver", JsonShape::String, "string"),
    flag_only("storage-opt"),
    cfg("storage-opts", JsonShape::StringList, "[]string"),
    cfg("swarm-default-advertise-addr", JsonShape::String, "string"),
    json_only("swarm-raft-election-tick", JsonShape::Integer, "uint32"),   // no flag
    json_only("swarm-raft-heartbeat-tick", JsonShape::Integer, "uint32"),  // no flag
    cfg("tls", JsonShape::Bool, "bool"),                                   // *bool
    cfg("tlscacert", JsonShape::String, "string"),
    cfg("tlscert", JsonShape::String, "string"),
    cfg("tlskey", JsonShape::String, "string"),
    cfg("tlsverify", JsonShape::Bool, "bool"),  // *bool
    cfg("userland-proxy", JsonShape::Bool, "bool"),
    cfg("userland-proxy-path", JsonShape::String, "string"),
    cfg("userns-remap", JsonShape::String, "string"),
    flag_only("validate"),  // bool flag: a JSON true is Set() on it, so dockerd validates and exits
    flag_only("version"),
};

constexpr bool sorted_unique(std::span<const DaemonOption> options) {
  for (size_t i = 1; i < options.size(); ++i) {
    if (!(options[i - 1].key < options[i].key)) return false;
  }
  return true;
}
static_assert(sorted_unique(kOptions), "kOptions must be sorted by key and unique");

// flatOptions in daemon/config/config.go: object values that are not flattened.
constexpr std::array<std::string_view, 8> kFlatOptions{
    "builder",         "cluster-store-opts", "default-network-opts",
    "default-ulimits", "features",           "log-opts",
    "nri-opts",        "runtimes",
};

// skipValidateOptions in daemon/config/config.go.
constexpr std::array<std::string_view, 5> kSkipValidateOptions{
    "allow-nondistributable-artifacts",
    "builder",
    "deprecated-key-path",
    "features",
    "min-api-version",
};

// config.Proxies: embedded with the tag `json:"proxies"`, so its fields are not promoted.
constexpr std::array kProxiesMembers{
    cfg("http-proxy", JsonShape::String, "string"),
    cfg("https-proxy", JsonShape::String, "string"),
    cfg("no-proxy", JsonShape::String, "string"),
};

static_assert(std::is_sorted(kFlatOptions.begin(), kFlatOptions.end()));
static_assert(std::is_sorted(kSkipValidateOptions.begin(), kSkipValidateOptions.end()));

template <size_t N>
bool contains(const std::array<std::string_view, N>& set, std::string_view key) {
  return std::binary_search(set.begin(), set.end(), key);
}

}  // namespace

const DaemonOption* find_daemon_option(std::string_view key) {
  auto it = std::lower_bound(kOptions.begin(), kOptions.end(), key,
                             [](const DaemonOption& o, std::string_view k) { return o.key < k; });
  if (it == kOptions.end() || it->key != key) return nullptr;
  return &*it;
}

bool is_flat_option(std::string_view key) {
  return contains(kFlatOptions, key);
}

bool skips_key_validation(std::string_view key) {
  return contains(kSkipValidateOptions, key);
}

std::span<const DaemonOption> all_daemon_options() {
  return kOptions;
}

const DaemonOption* find_proxies_member(std::string_view key) {
  for (const auto& member : kProxiesMembers) {
    if (member.key == key) return &member;
  }
  return nullptr;
}

std::string_view json_shape_description(JsonShape shape) {
  switch (shape) {
    case JsonShape::Any: return "any value";
    case JsonShape::Bool: return "a boolean";
    case JsonShape::String: return "a string";
    case JsonShape::Integer: return "an integer";
    case JsonShape::Number: return "a number";
    case JsonShape::StringList: return "an array of strings";
    case JsonShape::StringMap: return "an object with string values";
    case JsonShape::BoolMap: return "an object with boolean values";
    case JsonShape::Object: return "an object";
    case JsonShape::ObjectList: return "an array of objects";
  }
  return "any value";
}

std::vector<ConfiguredKey> configured_keys(const JsonValue& root) {
  std::vector<ConfiguredKey> keys;
  for (const JsonMember& member : root.members) {
    if (member.key_templated) continue;
    if (member.value.kind == JsonValue::Kind::Object && !member.value.templated &&
        !is_flat_option(member.key)) {
      for (const JsonMember& inner : member.value.members) {
        if (!inner.key_templated) keys.push_back({&inner, member.key});
      }
    } else {
      keys.push_back({&member, {}});
    }
  }
  return keys;
}

}  // namespace dl::dockerd
