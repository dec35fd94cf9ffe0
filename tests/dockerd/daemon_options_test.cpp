#include "linter/dockerd/daemon_options.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace dl::dockerd {
namespace {

// Looks a key up and fails the test (rather than crashing) when it is missing.
const DaemonOption& must_find(std::string_view key) {
  static const DaemonOption kMissing{"", JsonShape::Any, "", false, "", false, true};
  const DaemonOption* option = find_daemon_option(key);
  EXPECT_NE(option, nullptr) << "missing key: " << key;
  return option ? *option : kMissing;
}

void expect_config(std::string_view key, JsonShape shape, std::string_view go_type) {
  const DaemonOption& o = must_find(key);
  EXPECT_EQ(o.shape, shape) << key;
  EXPECT_EQ(o.go_type, go_type) << key;
  EXPECT_TRUE(o.is_config_field) << key;
  EXPECT_TRUE(o.accepted_name) << key;
  EXPECT_TRUE(o.removed_in.empty()) << key;
}

void expect_flag_only(std::string_view key) {
  const DaemonOption& o = must_find(key);
  EXPECT_EQ(o.shape, JsonShape::Any) << key;
  EXPECT_TRUE(o.go_type.empty()) << key;
  EXPECT_FALSE(o.is_config_field) << key;
  EXPECT_TRUE(o.accepted_name) << key;
  EXPECT_TRUE(o.removed_in.empty()) << key;
}

void expect_removed(std::string_view key, std::string_view version) {
  const DaemonOption& o = must_find(key);
  EXPECT_EQ(o.removed_in, version) << key;
  EXPECT_FALSE(o.accepted_name) << key;
  EXPECT_FALSE(o.is_config_field) << key;
}

bool is_kebab(std::string_view key) {
  if (key.empty() || key.front() == '-' || key.back() == '-') return false;
  if (key.find("--") != std::string_view::npos) return false;
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

TEST(DaemonOptions, TableIsSortedAndUnique) {
  auto options = all_daemon_options();
  ASSERT_FALSE(options.empty());
  for (size_t i = 1; i < options.size(); ++i) {
    EXPECT_LT(options[i - 1].key, options[i].key) << "at index " << i;
  }
  // 127 rows as of moby 5bc86836; update docs/daemon-options.md when this changes.
  EXPECT_EQ(options.size(), 127u);
}

TEST(DaemonOptions, KeysAreLowercaseKebab) {
  for (const auto& o : all_daemon_options()) EXPECT_TRUE(is_kebab(o.key)) << o.key;
}

TEST(DaemonOptions, EveryRowFindsItself) {
  for (const auto& o : all_daemon_options()) EXPECT_EQ(find_daemon_option(o.key), &o) << o.key;
}

TEST(DaemonOptions, RowsAreInternallyConsistent) {
  for (const auto& o : all_daemon_options()) {
    if (o.is_config_field) {
      EXPECT_NE(o.shape, JsonShape::Any) << o.key;
      EXPECT_FALSE(o.go_type.empty()) << o.key;
    } else {
      EXPECT_EQ(o.shape, JsonShape::Any) << o.key;
      EXPECT_TRUE(o.go_type.empty()) << o.key;
    }
    if (!o.removed_in.empty()) {
      EXPECT_FALSE(o.accepted_name) << o.key;
    }
    if (skips_key_validation(o.key)) {
      EXPECT_TRUE(o.accepted_name) << o.key;
    }
    EXPECT_FALSE(json_shape_description(o.shape).empty()) << o.key;
  }
}

TEST(DaemonOptions, ListenerAndTlsKeys) {
  expect_config("hosts", JsonShape::StringList, "[]string");
  // *bool: encoding/json's UnmarshalTypeError names the pointee type.
  expect_config("tls", JsonShape::Bool, "bool");
  expect_config("tlsverify", JsonShape::Bool, "bool");
  expect_config("tlscacert", JsonShape::String, "string");
  expect_config("tlscert", JsonShape::String, "string");
  expect_config("tlskey", JsonShape::String, "string");
  expect_config("debug", JsonShape::Bool, "bool");
}

TEST(DaemonOptions, OtherSecurityRelevantKeys) {
  expect_config("log-opts", JsonShape::StringMap, "map[string]string");
  expect_config("labels", JsonShape::StringList, "[]string");
  expect_config("dns", JsonShape::StringList, "[]netip.Addr");
  expect_config("insecure-registries", JsonShape::StringList, "[]string");
  expect_config("registry-mirrors", JsonShape::StringList, "[]string");
  expect_config("metrics-addr", JsonShape::String, "string");
  expect_config("default-address-pools", JsonShape::ObjectList, "[]*ipamutils.NetworkToSplit");
  expect_config("features", JsonShape::BoolMap, "map[string]bool");
  expect_config("builder", JsonShape::Object, "config.BuilderConfig");
  expect_config("runtimes", JsonShape::Object, "map[string]system.Runtime");
  expect_config("default-ulimits", JsonShape::Object, "map[string]*units.Ulimit");
  expect_config("nri-opts", JsonShape::Object, "opts.NRIOpts");
  expect_config("userland-proxy", JsonShape::Bool, "bool");
  expect_config("icc", JsonShape::Bool, "bool");
  expect_config("ip", JsonShape::String, "net.IP");
  expect_config("userns-remap", JsonShape::String, "string");
  expect_config("no-new-privileges", JsonShape::Bool, "bool");
  expect_config("live-restore", JsonShape::Bool, "bool");
  expect_config("authorization-plugins", JsonShape::StringList, "[]string");
  expect_config("seccomp-profile", JsonShape::String, "string");
  expect_config("mtu", JsonShape::Integer, "int");
  expect_config("cpu-rt-period", JsonShape::Integer, "int64");
  expect_config("log-format", JsonShape::String, "log.OutputFormat");
  expect_config("min-api-version", JsonShape::String, "string");
}

TEST(DaemonOptions, ProxiesAreAnObjectOfStrings) {
  const DaemonOption& proxies = must_find("proxies");
  EXPECT_EQ(proxies.shape, JsonShape::Object);
  EXPECT_EQ(proxies.go_type, "config.Proxies");
  EXPECT_TRUE(proxies.is_config_field);
  EXPECT_FALSE(proxies.accepted_name);  // no flag: only flattening lets {"proxies": {...}} pass
  EXPECT_TRUE(proxies.removed_in.empty());
  for (std::string_view member : {"http-proxy", "https-proxy", "no-proxy"}) {
    expect_flag_only(member);  // top-level value is ignored by the decoder
    const DaemonOption* nested = find_proxies_member(member);
    ASSERT_NE(nested, nullptr) << member;
    EXPECT_EQ(nested->shape, JsonShape::String);
    EXPECT_EQ(nested->go_type, "string");
  }
  EXPECT_EQ(find_proxies_member("proxies"), nullptr);
  EXPECT_EQ(find_proxies_member("HTTP_PROXY"), nullptr);
}

TEST(DaemonOptions, MisspellingsAreUnknown) {
  for (std::string_view key : {"tls-verify", "tlsVerify", "TLSVERIFY", "Hosts", "tls_verify",
                               "hosts ", "", "insecure-registrys", "log-opt-s"}) {
    EXPECT_EQ(find_daemon_option(key), nullptr) << key;
  }
}

TEST(DaemonOptions, FlagNamesAreAcceptedButIgnored) {
  // flags.Lookup("host") finds -H/--host, so dockerd starts, but Config's field is "hosts".
  expect_flag_only("host");
  for (std::string_view key : {"label",
                               "insecure-registry",
                               "registry-mirror",
                               "log-opt",
                               "storage-opt",
                               "exec-opt",
                               "dns-opt",
                               "feature",
                               "add-runtime",
                               "default-ulimit",
                               "default-address-pool",
                               "default-network-opt",
                               "authorization-plugin",
                               "node-generic-resource",
                               "cdi-spec-dir",
                               "containerd-plugins-namespace",
                               "validate",
                               "version",
                               "help",
                               "config-file",
                               "restart"}) {
    expect_flag_only(key);
  }
}

TEST(DaemonOptions, JsonFieldsWithoutAFlagAreRejected) {
  for (std::string_view key : {"containerd-plugin-namespace", "default-init", "resolv-conf",
                               "swarm-raft-heartbeat-tick", "swarm-raft-election-tick"}) {
    const DaemonOption& o = must_find(key);
    EXPECT_TRUE(o.is_config_field) << key;
    EXPECT_FALSE(o.accepted_name) << key;
    EXPECT_TRUE(o.removed_in.empty()) << key;
  }
  EXPECT_EQ(must_find("swarm-raft-heartbeat-tick").go_type, "uint32");
}

TEST(DaemonOptions, RemovedKeys) {
  expect_removed("api-cors-header", "28.0");
  expect_removed("api-enable-cors", "17.09");
  expect_removed("cluster-advertise", "23.0");
  expect_removed("cluster-store", "23.0");
  expect_removed("cluster-store-opts", "23.0");
  expect_removed("disable-legacy-registry", "17.12");
  expect_removed("graph", "23.0");
  expect_removed("oom-score-adjust", "25.0");
}

TEST(DaemonOptions, DeprecatedButStillAccepted) {
  expect_config("experimental", JsonShape::Bool, "bool");
  for (std::string_view key : {"deprecated-key-path", "allow-nondistributable-artifacts"}) {
    expect_flag_only(key);  // skip-listed; no Config field any more
    EXPECT_TRUE(skips_key_validation(key)) << key;
  }
  expect_config("host-gateway-ip", JsonShape::String, "net.IP");  // migrated, still decoded
}

TEST(DaemonOptions, NullHandling) {
  EXPECT_FALSE(must_find("default-shm-size").null_ok);  // MemBytes.UnmarshalJSON("null") fails
  EXPECT_EQ(must_find("default-shm-size").go_type, "opts.MemBytes");
  size_t rejecting = 0;
  for (const auto& o : all_daemon_options()) rejecting += o.null_ok ? 0 : 1;
  EXPECT_EQ(rejecting, 1u);
}

TEST(DaemonOptions, FlatOptionsAsInSource) {
  const std::vector<std::string_view> flat = {"cluster-store-opts",
                                              "default-network-opts",
                                              "log-opts",
                                              "runtimes",
                                              "default-ulimits",
                                              "features",
                                              "builder",
                                              "nri-opts"};
  for (auto key : flat) EXPECT_TRUE(is_flat_option(key)) << key;
  size_t count = 0;
  for (const auto& o : all_daemon_options()) count += is_flat_option(o.key) ? 1 : 0;
  EXPECT_EQ(count, flat.size());  // every flat option has a row, and no other row is flat
  for (std::string_view key : {"proxies", "hosts", "tls", "Log-opts", "default-address-pools"}) {
    EXPECT_FALSE(is_flat_option(key)) << key;
  }
}

TEST(DaemonOptions, SkipValidateOptionsAsInSource) {
  const std::vector<std::string_view> skip = {"features", "builder", "min-api-version",
                                              "deprecated-key-path",
                                              "allow-nondistributable-artifacts"};
  for (auto key : skip) EXPECT_TRUE(skips_key_validation(key)) << key;
  size_t count = 0;
  for (const auto& o : all_daemon_options()) count += skips_key_validation(o.key) ? 1 : 0;
  EXPECT_EQ(count, skip.size());
  for (std::string_view key : {"proxies", "hosts", "runtimes", "nri-opts"}) {
    EXPECT_FALSE(skips_key_validation(key)) << key;
  }
}

TEST(DaemonOptions, ShapeDescriptions) {
  EXPECT_EQ(json_shape_description(JsonShape::StringList), "an array of strings");
  EXPECT_EQ(json_shape_description(JsonShape::Bool), "a boolean");
}

}  // namespace
}  // namespace dl::dockerd
