// dockerd's resolution of flags + daemon.json into listeners and an effective TLS state.
// Oracle: shared/docs/dockerd-semantics.md §1.1, §2.2, §2.3 (rows A–Z5) and §4. Every row of the
// §2.3 matrix is one table entry below, for engine 29.7; the rows whose meaning depends on the
// engine version are repeated for 19.03 (plain bools) and 20.10/22.06 (hosts defaulted after
// "tlsverify implies tls"). DOCKER_TLS_VERIFY in dockerd's environment is out of scope (rows R and
// R2 are therefore rows without any TLS input).
//
// enabled_by / verify_off_by: the setting that, in dockerd's evaluation order, first turned TLS on
// (or, when TLS ends up off, the explicit off switch) and the tlsverify=false that left clients
// unverified (on engines before 20.10: the setting that enabled TLS without tlsverify).
#include "linter/dockerd/resolve.h"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "linter/core/model.h"

namespace dl::dockerd {
namespace {

constexpr FileId kUnitFile = 1;  // the command line lives here
constexpr FileId kJsonFile = 2;  // daemon.json

constexpr EngineVersion kV29_7{29, 7};
constexpr EngineVersion kV22_06{22, 6};
constexpr EngineVersion kV20_10{20, 10};
constexpr EngineVersion kV19_03{19, 3};

// A tri-state boolean input as written: absent, true, false, JSON null, or produced by a template.
enum class B { Absent, True, False, Null, Templated };

// Names for the spans an input setting is written at; each maps to one distinct Span.
enum class At {
  None,  // Span{}: nothing (default-constructed)
  FlagTls,
  FlagVerify,
  FileTls,
  FileVerify,
  FileHostsKey,
  FlagHost0,
  FlagHost1,
  FlagHost2,
  FlagHost3,
  FlagHost4,
  FileHost0,
  FileHost1,
};

Span span_of(At at) {
  switch (at) {
    case At::None: return Span{};
    case At::FlagTls: return Span{kUnitFile, 10, 15};     // "--tls"
    case At::FlagVerify: return Span{kUnitFile, 20, 31};  // "--tlsverify"
    case At::FileTls: return Span{kJsonFile, 5, 8};       // "tls"
    case At::FileVerify: return Span{kJsonFile, 20, 29};  // "tlsverify"
    case At::FileHostsKey: return Span{kJsonFile, 40, 45};
    case At::FlagHost0: return Span{kUnitFile, 100, 110};
    case At::FlagHost1: return Span{kUnitFile, 120, 130};
    case At::FlagHost2: return Span{kUnitFile, 140, 150};
    case At::FlagHost3: return Span{kUnitFile, 160, 170};
    case At::FlagHost4: return Span{kUnitFile, 180, 190};
    case At::FileHost0: return Span{kJsonFile, 50, 60};
    case At::FileHost1: return Span{kJsonFile, 70, 80};
  }
  return Span{};
}

const char* name_of(At at) {
  switch (at) {
    case At::None: return "none";
    case At::FlagTls: return "--tls";
    case At::FlagVerify: return "--tlsverify";
    case At::FileTls: return "\"tls\"";
    case At::FileVerify: return "\"tlsverify\"";
    case At::FileHostsKey: return "\"hosts\"";
    case At::FlagHost0: return "-H #0";
    case At::FlagHost1: return "-H #1";
    case At::FlagHost2: return "-H #2";
    case At::FlagHost3: return "-H #3";
    case At::FlagHost4: return "-H #4";
    case At::FileHost0: return "hosts[0]";
    case At::FileHost1: return "hosts[1]";
  }
  return "?";
}

// Which named span `span` is, for readable failures.
std::string which(const Span& span) {
  for (At at : {At::None, At::FlagTls, At::FlagVerify, At::FileTls, At::FileVerify,
                At::FileHostsKey, At::FlagHost0, At::FlagHost1, At::FlagHost2, At::FlagHost3,
                At::FlagHost4, At::FileHost0, At::FileHost1}) {
    if (span_of(at) == span) return name_of(at);
  }
  return "{" + std::to_string(span.file) + "," + std::to_string(span.begin) + "," +
         std::to_string(span.end) + "}";
}

BoolSetting bool_setting(B b, At at) {
  BoolSetting s;
  if (b == B::Absent) return s;
  s.present = true;
  s.span = span_of(at);
  if (b == B::True) s.value = true;
  if (b == B::False) s.value = false;
  if (b == B::Templated) s.known = false;
  return s;
}

StringSetting string_setting(std::string value, Span span) {
  StringSetting s;
  s.present = true;
  s.value = std::move(value);
  s.span = span;
  return s;
}

struct Config {
  std::vector<std::string> flag_hosts = {};
  B flag_tls = B::Absent;
  B flag_verify = B::Absent;
  std::optional<std::vector<std::string>> file_hosts = {};  // nullopt: no "hosts" key
  B file_tls = B::Absent;
  B file_verify = B::Absent;
  bool file_cert_paths = false;  // tlscacert/tlscert/tlskey in daemon.json
};

DaemonInputs make_inputs(const Config& c) {
  static constexpr At kFlagHostSpans[] = {At::FlagHost0, At::FlagHost1, At::FlagHost2,
                                          At::FlagHost3, At::FlagHost4};
  static constexpr At kFileHostSpans[] = {At::FileHost0, At::FileHost1};
  DaemonInputs in;
  for (std::size_t i = 0; i < c.flag_hosts.size(); ++i) {
    in.flag_hosts.push_back({c.flag_hosts[i], true, span_of(kFlagHostSpans[i]), {}});
  }
  in.flags.tls = bool_setting(c.flag_tls, At::FlagTls);
  in.flags.tlsverify = bool_setting(c.flag_verify, At::FlagVerify);
  if (c.file_hosts) {
    in.file_hosts_present = true;
    in.file_hosts_key = span_of(At::FileHostsKey);
    for (std::size_t i = 0; i < c.file_hosts->size(); ++i) {
      in.file_hosts.push_back({(*c.file_hosts)[i], true, span_of(kFileHostSpans[i]), {}});
    }
  }
  in.file.tls = bool_setting(c.file_tls, At::FileTls);
  in.file.tlsverify = bool_setting(c.file_verify, At::FileVerify);
  if (c.file_cert_paths) {
    in.file.tlscacert = string_setting("/etc/docker/ca.pem", Span{kJsonFile, 300, 309});
    in.file.tlscert = string_setting("/etc/docker/cert.pem", Span{kJsonFile, 320, 327});
    in.file.tlskey = string_setting("/etc/docker/key.pem", Span{kJsonFile, 340, 346});
  }
  in.file_root = Span{kJsonFile, 0, 1};
  return in;
}

struct WantListener {
  std::string normalized;
  ListenerScope scope;
  SettingOrigin origin;
  At span;
};

struct WantTls {
  bool enabled = false;
  bool verify = false;
  bool explicit_choice = false;
  bool implicit = false;  // verify_implicit
  bool file_only = false;
  At enabled_by = At::None;
  At verify_off_by = At::None;
};

struct Row {
  const char* id;
  EngineVersion engine;
  Config config;
  WantTls tls;
  std::vector<WantListener> listeners;
};

void PrintTo(const Row& row, std::ostream* os) {
  *os << row.id << " @" << row.engine.to_string();
}

using S = ListenerScope;
using O = SettingOrigin;

const WantListener kUnixDefault{"unix:///var/run/docker.sock", S::Unix, O::Default, At::None};

// The §2.3 matrix, in the document's order. Host values that the row leaves as "…" are filled
// with a non-loopback bind so that the exposure shows.
std::vector<Row> MatrixRows() {
  const std::string all2375 = "tcp://0.0.0.0:2375";
  const std::string all2376 = "tcp://0.0.0.0:2376";
  const WantListener flag_all2375{all2375, S::AllInterfaces, O::CommandLine, At::FlagHost0};
  const WantListener flag_all2376{all2376, S::AllInterfaces, O::CommandLine, At::FlagHost0};
  const WantListener file_all2375{all2375, S::AllInterfaces, O::DaemonJson, At::FileHost0};
  const WantListener file_all2376{all2376, S::AllInterfaces, O::DaemonJson, At::FileHost0};
  const auto tls_default = [](At span) {
    return WantListener{"tcp://localhost:2376", S::Loopback, O::Default, span};
  };
  const std::vector<std::string> hosts2375{all2375};
  const std::vector<std::string> hosts2376{all2376};
  return {
      // A: -H tcp://0.0.0.0:2375 → TLS nil, plaintext.
      {"A", kV29_7, {.flag_hosts = {all2375}}, {}, {flag_all2375}},
      // B: --tls=false: off, but explicitly.
      {"B",
       kV29_7,
       {.flag_hosts = {all2375}, .flag_tls = B::False},
       {.explicit_choice = true, .enabled_by = At::FlagTls},
       {flag_all2375}},
      // C: --tlsverify=false turns TLS on, without client auth.
      {"C",
       kV29_7,
       {.flag_hosts = {all2375}, .flag_verify = B::False},
       {.enabled = true,
        .explicit_choice = true,
        .enabled_by = At::FlagVerify,
        .verify_off_by = At::FlagVerify},
       {flag_all2375}},
      // D: --tls alone means verified TLS since 20.10 (implied).
      {"D",
       kV29_7,
       {.flag_hosts = {all2376}, .flag_tls = B::True},
       {.enabled = true,
        .verify = true,
        .explicit_choice = true,
        .implicit = true,
        .enabled_by = At::FlagTls},
       {flag_all2376}},
      // E: --tls --tlsverify=false, no -H: TLS only; TLS was on when hosts were defaulted.
      {"E",
       kV29_7,
       {.flag_tls = B::True, .flag_verify = B::False},
       {.enabled = true,
        .explicit_choice = true,
        .enabled_by = At::FlagTls,
        .verify_off_by = At::FlagVerify},
       {tls_default(At::FlagTls)}},
      // F: --tlsverify.
      {"F",
       kV29_7,
       {.flag_hosts = {all2376}, .flag_verify = B::True},
       {.enabled = true, .verify = true, .explicit_choice = true, .enabled_by = At::FlagVerify},
       {flag_all2376}},
      // G: --tlsverify, no -H → tcp://localhost:2376.
      {"G",
       kV29_7,
       {.flag_verify = B::True},
       {.enabled = true, .verify = true, .explicit_choice = true, .enabled_by = At::FlagVerify},
       {tls_default(At::FlagVerify)}},
      // H: --tls, no -H → tcp://localhost:2376, verify implied.
      {"H",
       kV29_7,
       {.flag_tls = B::True},
       {.enabled = true,
        .verify = true,
        .explicit_choice = true,
        .implicit = true,
        .enabled_by = At::FlagTls},
       {tls_default(At::FlagTls)}},
      // H2: --tls=false, no -H → the unix socket.
      {"H2",
       kV29_7,
       {.flag_tls = B::False},
       {.explicit_choice = true, .enabled_by = At::FlagTls},
       {kUnixDefault}},
      // I: daemon.json hosts only.
      {"I", kV29_7, {.file_hosts = hosts2375}, {}, {file_all2375}},
      // J: hosts + "tls": true: verified; CLI cert paths dropped (file only).
      {"J",
       kV29_7,
       {.file_hosts = hosts2376, .file_tls = B::True},
       {.enabled = true,
        .verify = true,
        .explicit_choice = true,
        .implicit = true,
        .file_only = true,
        .enabled_by = At::FileTls},
       {file_all2376}},
      // K: "tls": true, "tlsverify": false: TLS only. "tls" turned it on; the key's forcing is
      // redundant.
      {"K",
       kV29_7,
       {.file_hosts = hosts2376, .file_tls = B::True, .file_verify = B::False},
       {.enabled = true,
        .explicit_choice = true,
        .file_only = true,
        .enabled_by = At::FileTls,
        .verify_off_by = At::FileVerify},
       {file_all2376}},
      // L: "tlsverify": false alone turns TLS on (issue 27105).
      {"L",
       kV29_7,
       {.file_hosts = hosts2376, .file_verify = B::False},
       {.enabled = true,
        .explicit_choice = true,
        .file_only = true,
        .enabled_by = At::FileVerify,
        .verify_off_by = At::FileVerify},
       {file_all2376}},
      // M: "tls": false + "tlsverify": false → on; the key is what turned it on.
      {"M",
       kV29_7,
       {.file_hosts = hosts2376, .file_tls = B::False, .file_verify = B::False},
       {.enabled = true,
        .explicit_choice = true,
        .file_only = true,
        .enabled_by = At::FileVerify,
        .verify_off_by = At::FileVerify},
       {file_all2376}},
      // N: "tls": false → off, explicitly.
      {"N",
       kV29_7,
       {.file_hosts = hosts2375, .file_tls = B::False},
       {.explicit_choice = true, .enabled_by = At::FileTls},
       {file_all2375}},
      // N2: "tlsverify": true + the three paths → mTLS.
      {"N2",
       kV29_7,
       {.file_hosts = hosts2376, .file_verify = B::True, .file_cert_paths = true},
       {.enabled = true,
        .verify = true,
        .explicit_choice = true,
        .file_only = true,
        .enabled_by = At::FileVerify},
       {file_all2376}},
      // O: -H fd:// and "hosts": dockerd refuses (conflict); both kept, flags first.
      {"O",
       kV29_7,
       {.flag_hosts = {"fd://"}, .file_hosts = hosts2375},
       {},
       {{"fd://", S::Fd, O::CommandLine, At::FlagHost0}, file_all2375}},
      // P: --tlsverify + "tls": false: mergo deep-merges the flag's true over the file's false.
      {"P",
       kV29_7,
       {.flag_hosts = {all2376}, .flag_verify = B::True, .file_tls = B::False},
       {.enabled = true, .verify = true, .explicit_choice = true, .enabled_by = At::FlagVerify},
       {flag_all2376}},
      // Q: --tls=false + "tlsverify": true → on, verified. --tls=false made setDefaultOptions
      // drop the CLI cert paths, so the TLS material comes from daemon.json alone.
      {"Q",
       kV29_7,
       {.flag_hosts = {all2376}, .flag_tls = B::False, .file_verify = B::True},
       {.enabled = true,
        .verify = true,
        .explicit_choice = true,
        .file_only = true,
        .enabled_by = At::FileVerify},
       {flag_all2376}},
      // Q2: --tls + "tlsverify": false → TLS only; --tls turned it on.
      {"Q2",
       kV29_7,
       {.flag_hosts = {all2376}, .flag_tls = B::True, .file_verify = B::False},
       {.enabled = true,
        .explicit_choice = true,
        .enabled_by = At::FlagTls,
        .verify_off_by = At::FileVerify},
       {flag_all2376}},
      // R: -H tcp://0.0.0.0:2376 (DOCKER_TLS_VERIFY in the environment is ignored) → plain.
      {"R", kV29_7, {.flag_hosts = {all2376}}, {}, {flag_all2376}},
      // R2: nothing → the unix socket.
      {"R2", kV29_7, {}, {}, {kUnixDefault}},
      // S: five loopback spellings, kept in the order written.
      {"S",
       kV29_7,
       {.flag_hosts = {"tcp://127.0.0.1:2375", "tcp://localhost:2375", "tcp://:2376",
                       "tcp://[::1]:2377", "tcp://127.0.0.2:2378"}},
       {},
       {{"tcp://127.0.0.1:2375", S::Loopback, O::CommandLine, At::FlagHost0},
        {"tcp://localhost:2375", S::Loopback, O::CommandLine, At::FlagHost1},
        {"tcp://localhost:2376", S::Loopback, O::CommandLine, At::FlagHost2},
        {"tcp://[::1]:2377", S::Loopback, O::CommandLine, At::FlagHost3},
        {"tcp://127.0.0.2:2378", S::Loopback, O::CommandLine, At::FlagHost4}}},
      // X: "tlsverify": true, no hosts → unix socket only on v23+ (hosts defaulted first).
      {"X",
       kV29_7,
       {.file_verify = B::True},
       {.enabled = true,
        .verify = true,
        .explicit_choice = true,
        .file_only = true,
        .enabled_by = At::FileVerify},
       {kUnixDefault}},
      // Y: "tls": true, no hosts → tcp://localhost:2376.
      {"Y",
       kV29_7,
       {.file_tls = B::True},
       {.enabled = true,
        .verify = true,
        .explicit_choice = true,
        .implicit = true,
        .file_only = true,
        .enabled_by = At::FileTls},
       {tls_default(At::FileTls)}},
      // Z4: --tlsverify=false + "tls": false → on, no client auth.
      {"Z4",
       kV29_7,
       {.flag_hosts = {all2376}, .flag_verify = B::False, .file_tls = B::False},
       {.enabled = true,
        .explicit_choice = true,
        .enabled_by = At::FlagVerify,
        .verify_off_by = At::FlagVerify},
       {flag_all2376}},
      // Z5: "tlsverify": null counts as set → on; verification comes from TLSVerify = TLS.
      {"Z5",
       kV29_7,
       {.file_hosts = hosts2376, .file_verify = B::Null},
       {.enabled = true,
        .verify = true,
        .explicit_choice = true,
        .implicit = true,
        .file_only = true,
        .enabled_by = At::FileVerify},
       {file_all2376}},
  };
}

// Variants: the same inputs without hosts, and the rows whose meaning changed with the engine.
std::vector<Row> VersionRows() {
  const std::string all2376 = "tcp://0.0.0.0:2376";
  const WantListener flag_all2376{all2376, S::AllInterfaces, O::CommandLine, At::FlagHost0};
  const WantListener file_all2376{all2376, S::AllInterfaces, O::DaemonJson, At::FileHost0};
  const auto tls_default = [](At span) {
    return WantListener{"tcp://localhost:2376", S::Loopback, O::Default, span};
  };
  const std::vector<std::string> hosts2376{all2376};
  return {
      // K without hosts: "tls": true was on when hosts were defaulted → the default TLS host,
      // attributed to "tls" (the "tlsverify" key comes too late on v23+ to choose it).
      {"K-no-hosts",
       kV29_7,
       {.file_tls = B::True, .file_verify = B::False},
       {.enabled = true,
        .explicit_choice = true,
        .file_only = true,
        .enabled_by = At::FileTls,
        .verify_off_by = At::FileVerify},
       {tls_default(At::FileTls)}},
      // "tls": true + "tlsverify": true, no hosts: same listener, verified.
      {"Y+tlsverify",
       kV29_7,
       {.file_tls = B::True, .file_verify = B::True},
       {.enabled = true,
        .verify = true,
        .explicit_choice = true,
        .file_only = true,
        .enabled_by = At::FileTls},
       {tls_default(At::FileTls)}},
      // L without hosts on v23+: the unix socket.
      {"L-no-hosts",
       kV29_7,
       {.file_verify = B::False},
       {.enabled = true,
        .explicit_choice = true,
        .file_only = true,
        .enabled_by = At::FileVerify,
        .verify_off_by = At::FileVerify},
       {kUnixDefault}},
      // Z5 without hosts on v23+: the unix socket.
      {"Z5-no-hosts",
       kV29_7,
       {.file_verify = B::Null},
       {.enabled = true,
        .verify = true,
        .explicit_choice = true,
        .implicit = true,
        .file_only = true,
        .enabled_by = At::FileVerify},
       {kUnixDefault}},

      // X before v23: hosts were defaulted with the final TLS value → tcp://localhost:2376.
      {"X",
       kV22_06,
       {.file_verify = B::True},
       {.enabled = true,
        .verify = true,
        .explicit_choice = true,
        .file_only = true,
        .enabled_by = At::FileVerify},
       {tls_default(At::FileVerify)}},
      {"X",
       kV20_10,
       {.file_verify = B::True},
       {.enabled = true,
        .verify = true,
        .explicit_choice = true,
        .file_only = true,
        .enabled_by = At::FileVerify},
       {tls_default(At::FileVerify)}},
      {"L-no-hosts",
       kV22_06,
       {.file_verify = B::False},
       {.enabled = true,
        .explicit_choice = true,
        .file_only = true,
        .enabled_by = At::FileVerify,
        .verify_off_by = At::FileVerify},
       {tls_default(At::FileVerify)}},
      // D and H on 20.10: already verified (the tri-state change).
      {"D",
       kV20_10,
       {.flag_hosts = {all2376}, .flag_tls = B::True},
       {.enabled = true,
        .verify = true,
        .explicit_choice = true,
        .implicit = true,
        .enabled_by = At::FlagTls},
       {flag_all2376}},

      // 19.03: plain bools. --tls alone = TLS without client verification.
      {"D",
       kV19_03,
       {.flag_hosts = {all2376}, .flag_tls = B::True},
       {.enabled = true,
        .explicit_choice = true,
        .enabled_by = At::FlagTls,
        .verify_off_by = At::FlagTls},
       {flag_all2376}},
      {"H",
       kV19_03,
       {.flag_tls = B::True},
       {.enabled = true,
        .explicit_choice = true,
        .enabled_by = At::FlagTls,
        .verify_off_by = At::FlagTls},
       {tls_default(At::FlagTls)}},
      // "tls": true alone: the same, from daemon.json.
      {"J",
       kV19_03,
       {.file_hosts = hosts2376, .file_tls = B::True},
       {.enabled = true,
        .explicit_choice = true,
        .file_only = true,
        .enabled_by = At::FileTls,
        .verify_off_by = At::FileTls},
       {file_all2376}},
      {"Y",
       kV19_03,
       {.file_tls = B::True},
       {.enabled = true,
        .explicit_choice = true,
        .file_only = true,
        .enabled_by = At::FileTls,
        .verify_off_by = At::FileTls},
       {tls_default(At::FileTls)}},
      // "tls": true + "tlsverify": false: "tls" turned TLS on, the key turned verification off
      // (so DE102 does not blame "TLS alone").
      {"K",
       kV19_03,
       {.file_hosts = hosts2376, .file_tls = B::True, .file_verify = B::False},
       {.enabled = true,
        .explicit_choice = true,
        .file_only = true,
        .enabled_by = At::FileTls,
        .verify_off_by = At::FileVerify},
       {file_all2376}},
      {"E",
       kV19_03,
       {.flag_tls = B::True, .flag_verify = B::False},
       {.enabled = true,
        .explicit_choice = true,
        .enabled_by = At::FlagTls,
        .verify_off_by = At::FlagVerify},
       {tls_default(At::FlagTls)}},
      // "tls": false alone: off, explicitly, pointing at the key.
      {"N",
       kV19_03,
       {.file_hosts = hosts2376, .file_tls = B::False},
       {.explicit_choice = true, .enabled_by = At::FileTls},
       {file_all2376}},
      // --tlsverify and "tlsverify": true still verify.
      {"F",
       kV19_03,
       {.flag_hosts = {all2376}, .flag_verify = B::True},
       {.enabled = true, .verify = true, .explicit_choice = true, .enabled_by = At::FlagVerify},
       {flag_all2376}},
      {"X",
       kV19_03,
       {.file_verify = B::True},
       {.enabled = true,
        .verify = true,
        .explicit_choice = true,
        .file_only = true,
        .enabled_by = At::FileVerify},
       {tls_default(At::FileVerify)}},
      // "tlsverify": null decodes to false in a plain bool: TLS on, clients unverified.
      {"Z5",
       kV19_03,
       {.file_hosts = hosts2376, .file_verify = B::Null},
       {.enabled = true,
        .explicit_choice = true,
        .file_only = true,
        .enabled_by = At::FileVerify,
        .verify_off_by = At::FileVerify},
       {file_all2376}},
      // --tls=false + "tlsverify": true: CLI paths dropped as on current engines.
      {"Q",
       kV19_03,
       {.flag_hosts = {all2376}, .flag_tls = B::False, .file_verify = B::True},
       {.enabled = true,
        .verify = true,
        .explicit_choice = true,
        .file_only = true,
        .enabled_by = At::FileVerify},
       {flag_all2376}},
      // A plain -H is the same on every engine.
      {"A",
       kV19_03,
       {.flag_hosts = {"tcp://0.0.0.0:2375"}},
       {},
       {{"tcp://0.0.0.0:2375", S::AllInterfaces, O::CommandLine, At::FlagHost0}}},
  };
}

void CheckRow(const Row& row) {
  DaemonInstance daemon;
  daemon.inputs = make_inputs(row.config);
  resolve(daemon, row.engine);
  const TlsState& tls = daemon.tls;
  EXPECT_TRUE(tls.known);
  EXPECT_EQ(tls.enabled, row.tls.enabled);
  EXPECT_EQ(tls.verify_clients, row.tls.verify);
  EXPECT_EQ(tls.explicit_choice, row.tls.explicit_choice);
  EXPECT_EQ(tls.verify_implicit, row.tls.implicit);
  EXPECT_EQ(tls.from_file_only, row.tls.file_only);
  EXPECT_EQ(which(tls.enabled_by), name_of(row.tls.enabled_by));
  EXPECT_EQ(which(tls.verify_off_by), name_of(row.tls.verify_off_by));
  EXPECT_TRUE(daemon.invalid_hosts.empty());
  ASSERT_EQ(daemon.listeners.size(), row.listeners.size());
  for (std::size_t i = 0; i < row.listeners.size(); ++i) {
    SCOPED_TRACE("listener " + std::to_string(i));
    const Listener& got = daemon.listeners[i];
    const WantListener& want = row.listeners[i];
    ASSERT_TRUE(got.host.has_value());
    EXPECT_EQ(got.host->normalized, want.normalized);
    ASSERT_TRUE(got.scope.has_value());
    EXPECT_EQ(to_string(*got.scope), to_string(want.scope));
    ASSERT_TRUE(got.proto.has_value());
    EXPECT_EQ(*got.proto, got.host->proto);
    EXPECT_EQ(got.origin, want.origin);
    EXPECT_EQ(which(got.span), name_of(want.span));
    if (want.origin == O::Default) {
      EXPECT_EQ(got.written, "");
    } else {
      EXPECT_FALSE(got.written.empty());
    }
  }
  // resolve_tls agrees with resolve.
  const TlsState alone = resolve_tls(daemon.inputs, row.engine);
  EXPECT_EQ(alone.enabled, tls.enabled);
  EXPECT_EQ(alone.verify_clients, tls.verify_clients);
  EXPECT_EQ(alone.enabled_by, tls.enabled_by);
}

class ResolveMatrixTest : public testing::TestWithParam<Row> {};
TEST_P(ResolveMatrixTest, Section2_3) {
  CheckRow(GetParam());
}
// Test names: the row id, plus the engine for the version variants ("K_no_hosts_v19_3").
std::string MatrixName(const testing::TestParamInfo<Row>& row_info) {
  return row_info.param.id;
}

std::string VersionName(const testing::TestParamInfo<Row>& row_info) {
  std::string name = row_info.param.id;
  for (char& c : name) {
    if (c == '-' || c == '+') c = '_';
  }
  return name + "_v" + std::to_string(row_info.param.engine.major) + "_" +
         std::to_string(row_info.param.engine.minor);
}

INSTANTIATE_TEST_SUITE_P(Resolve, ResolveMatrixTest, testing::ValuesIn(MatrixRows()), MatrixName);

class ResolveVersionTest : public testing::TestWithParam<Row> {};
TEST_P(ResolveVersionTest, EngineVariants) {
  CheckRow(GetParam());
}
INSTANTIATE_TEST_SUITE_P(Resolve, ResolveVersionTest, testing::ValuesIn(VersionRows()),
                         VersionName);

TEST(Resolve, MatrixHasEveryRowOfSection2_3) {
  std::string ids;
  for (const Row& row : MatrixRows()) ids += std::string(row.id) + " ";
  EXPECT_EQ(ids, "A B C D E F G H H2 I J K L M N N2 O P Q Q2 R R2 S X Y Z4 Z5 ");
}

// ---------------------------------------------------------------------------------------------
// Templates, whitespace, empty and invalid hosts.

TEST(Resolve, TemplatedTlsSettingsMakeTheStateUnknown) {
  for (const Config& config :
       {Config{.flag_tls = B::Templated}, Config{.flag_verify = B::Templated},
        Config{.file_tls = B::Templated}, Config{.file_verify = B::Templated},
        Config{.flag_verify = B::True, .file_tls = B::Templated}}) {
    DaemonInstance daemon;
    daemon.inputs = make_inputs(config);
    resolve(daemon, kV29_7);
    EXPECT_FALSE(daemon.tls.known);
    EXPECT_FALSE(resolve_tls(daemon.inputs, kV19_03).known);
  }
}

TEST(Resolve, TemplatedCertPathsDoNotMakeTheStateUnknown) {
  DaemonInstance daemon;
  daemon.inputs = make_inputs(
      {.file_hosts = std::vector<std::string>{"tcp://0.0.0.0:2376"}, .file_verify = B::True});
  daemon.inputs.file.tlscacert = StringSetting{true, false, "", Span{kJsonFile, 90, 99}};
  resolve(daemon, kV29_7);
  EXPECT_TRUE(daemon.tls.known);
  EXPECT_TRUE(daemon.tls.verify_clients);
}

TEST(Resolve, UnknownTlsHidesTheScopeOfTheTlsDefaultHost) {
  // "tls" produced by a template, no hosts: whether dockerd picks tcp://localhost:2376 or the
  // unix socket depends on the rendered value, so no scope is claimed.
  DaemonInstance daemon;
  daemon.inputs = make_inputs({.file_tls = B::Templated});
  daemon.inputs.file.tls.value = true;  // the template's placeholder renders as true here
  resolve(daemon, kV29_7);
  EXPECT_FALSE(daemon.tls.known);
  ASSERT_EQ(daemon.listeners.size(), 1u);
  EXPECT_EQ(daemon.listeners[0].origin, O::Default);
  EXPECT_EQ(daemon.listeners[0].proto, HostProto::Tcp);
  EXPECT_FALSE(daemon.listeners[0].scope.has_value());
}

TEST(Resolve, TemplatedHostKeepsItsLiteralScheme) {
  DaemonInstance daemon;
  daemon.inputs.file_hosts_present = true;
  daemon.inputs.file_hosts_key = span_of(At::FileHostsKey);
  daemon.inputs.file_hosts = {
      {"tcp://{{ docker_ip }}:2376", false, span_of(At::FileHost0), {}},
      {"{{ docker_host }}", false, span_of(At::FileHost1), {}},
  };
  resolve(daemon, kV29_7);
  ASSERT_EQ(daemon.listeners.size(), 2u);
  const Listener& first = daemon.listeners[0];
  EXPECT_EQ(first.written, "tcp://{{ docker_ip }}:2376");
  EXPECT_EQ(first.proto, HostProto::Tcp);
  EXPECT_FALSE(first.host.has_value());
  EXPECT_FALSE(first.scope.has_value());
  EXPECT_EQ(first.origin, O::DaemonJson);
  EXPECT_EQ(first.span, span_of(At::FileHost0));
  const Listener& second = daemon.listeners[1];
  EXPECT_FALSE(second.proto.has_value());
  EXPECT_FALSE(second.host.has_value());
  EXPECT_EQ(second.span, span_of(At::FileHost1));
  EXPECT_TRUE(daemon.invalid_hosts.empty());
}

TEST(Resolve, HostsAreTrimmedButKeptAsWritten) {
  DaemonInstance daemon;
  daemon.inputs =
      make_inputs({.flag_hosts = {" tcp://0.0.0.0:2375\t", "\n unix:///run/d.sock \r"}});
  resolve(daemon, kV29_7);
  ASSERT_EQ(daemon.listeners.size(), 2u);
  ASSERT_TRUE(daemon.listeners[0].host.has_value());
  EXPECT_EQ(daemon.listeners[0].host->normalized, "tcp://0.0.0.0:2375");
  EXPECT_EQ(daemon.listeners[0].written, " tcp://0.0.0.0:2375\t");
  EXPECT_EQ(daemon.listeners[0].scope, S::AllInterfaces);
  ASSERT_TRUE(daemon.listeners[1].host.has_value());
  EXPECT_EQ(daemon.listeners[1].host->normalized, "unix:///run/d.sock");
  EXPECT_EQ(daemon.listeners[1].scope, S::Unix);
  EXPECT_TRUE(daemon.invalid_hosts.empty());
}

TEST(Resolve, EmptyHostsFallBackToTheDefault) {
  {
    DaemonInstance daemon;  // -H "" -H "  ": dropped → the unix socket
    daemon.inputs = make_inputs({.flag_hosts = {"", "  \t"}});
    resolve(daemon, kV29_7);
    ASSERT_EQ(daemon.listeners.size(), 1u);
    EXPECT_EQ(daemon.listeners[0].host->normalized, "unix:///var/run/docker.sock");
    EXPECT_EQ(daemon.listeners[0].origin, O::Default);
  }
  {
    DaemonInstance daemon;  // ... with --tls: the default TLS host
    daemon.inputs = make_inputs({.flag_hosts = {""}, .flag_tls = B::True});
    resolve(daemon, kV29_7);
    ASSERT_EQ(daemon.listeners.size(), 1u);
    EXPECT_EQ(daemon.listeners[0].host->normalized, "tcp://localhost:2376");
    EXPECT_EQ(daemon.listeners[0].span, span_of(At::FlagTls));
  }
  {
    DaemonInstance daemon;  // "hosts": [] → the unix socket, attributed to the key
    daemon.inputs = make_inputs({.file_hosts = std::vector<std::string>{}});
    resolve(daemon, kV29_7);
    ASSERT_EQ(daemon.listeners.size(), 1u);
    EXPECT_EQ(daemon.listeners[0].host->normalized, "unix:///var/run/docker.sock");
    EXPECT_EQ(daemon.listeners[0].span, span_of(At::FileHostsKey));
  }
  {
    DaemonInstance daemon;  // "hosts": [""] likewise
    daemon.inputs = make_inputs({.file_hosts = std::vector<std::string>{""}});
    resolve(daemon, kV29_7);
    ASSERT_EQ(daemon.listeners.size(), 1u);
    EXPECT_EQ(daemon.listeners[0].scope, S::Unix);
  }
}

TEST(Resolve, InvalidHostsCarryDockerdsErrorText) {
  DaemonInstance daemon;
  daemon.inputs = make_inputs({.flag_hosts = {"tcp://0.0.0.0:2375/path", "ssh://user@host",
                                              " udp://127.0.0.1 ", "tcp://127.0.0.1:2375"}});
  resolve(daemon, kV29_7);
  ASSERT_EQ(daemon.invalid_hosts.size(), 3u);
  EXPECT_EQ(daemon.invalid_hosts[0].error,
            "invalid bind address (tcp://0.0.0.0:2375/path): should not contain a path element");
  EXPECT_EQ(daemon.invalid_hosts[0].span, span_of(At::FlagHost0));
  EXPECT_EQ(daemon.invalid_hosts[1].error,
            "invalid bind address (ssh://user@host): unsupported proto 'ssh'");
  EXPECT_EQ(daemon.invalid_hosts[1].written, "ssh://user@host");
  // Trimmed before parsing (the text in the message), kept as written.
  EXPECT_EQ(daemon.invalid_hosts[2].error,
            "invalid bind address (udp://127.0.0.1): unsupported proto 'udp'");
  EXPECT_EQ(daemon.invalid_hosts[2].written, " udp://127.0.0.1 ");
  EXPECT_EQ(daemon.invalid_hosts[2].span, span_of(At::FlagHost2));
  // The valid one is still a listener; no default is added.
  ASSERT_EQ(daemon.listeners.size(), 1u);
  EXPECT_EQ(daemon.listeners[0].host->normalized, "tcp://127.0.0.1:2375");
  EXPECT_EQ(daemon.listeners[0].span, span_of(At::FlagHost3));
}

TEST(Resolve, OnlyInvalidHostsMeanNoDefaultListener) {
  DaemonInstance daemon;
  daemon.inputs = make_inputs({.file_hosts = std::vector<std::string>{"tcp://0.0.0.0:0"}});
  resolve(daemon, kV29_7);
  EXPECT_TRUE(daemon.listeners.empty());
  ASSERT_EQ(daemon.invalid_hosts.size(), 1u);
  EXPECT_EQ(daemon.invalid_hosts[0].error,
            "invalid bind address (tcp://0.0.0.0:0): invalid port: 0");
  EXPECT_EQ(daemon.invalid_hosts[0].span, span_of(At::FileHost0));
}

TEST(Resolve, IsIdempotent) {
  DaemonInstance daemon;
  daemon.inputs = make_inputs({.flag_hosts = {"tcp://0.0.0.0:2375", "bad://"}});
  resolve(daemon, kV29_7);
  resolve(daemon, kV29_7);
  EXPECT_EQ(daemon.listeners.size(), 1u);
  EXPECT_EQ(daemon.invalid_hosts.size(), 1u);
}

TEST(Resolve, TlsWhenHostsDefaultedDiffersFromTheFinalStateOnlyOnV23Plus) {
  const DaemonInputs in = make_inputs({.file_verify = B::True});
  bool at_default = true;
  EXPECT_TRUE(resolve_tls(in, kV29_7, &at_default).enabled);
  EXPECT_FALSE(at_default);
  at_default = false;
  EXPECT_TRUE(resolve_tls(in, kV22_06, &at_default).enabled);
  EXPECT_TRUE(at_default);
}

}  // namespace
}  // namespace dl::dockerd
