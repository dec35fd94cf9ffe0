// The daemon.json keys dockerd (Linux, moby master / docker-v29) knows about, with the Go type
// each one is decoded into. Used by DE002 (unknown-daemon-json-key) and DE003
// (daemon-json-type-mismatch). Provenance and judgement calls: docs/daemon-options.md.
//
// How dockerd checks a daemon.json (daemon/config/config.go, getConflictFreeConfiguration):
//  1. configValuesSet: every top-level value that is a JSON object is replaced by its members
//     ("flattened"), unless the key is in flatOptions (is_flat_option()). The object's own key is
//     then never checked, so {"anything": {}} passes and {"x": {"tlsverify": true}} checks only
//     "tlsverify". A null or non-object value is not flattened and its key is checked.
//  2. findConfigurationConflicts: each remaining key must be a registered flag name
//     (flags.Lookup, exact and case-sensitive, hidden and deprecated flags included), the Name()
//     of a NamedOption flag, or in skipValidateOptions. DaemonOption::accepted_name says which
//     keys pass. Else: "the following directives don't match any configuration option: ...".
//  3. The whole file is decoded into config.Config with encoding/json (unknown fields ignored).
//     A key with is_config_field == false passes step 2 but its top-level value is ignored
//     (e.g. "host", "label", "insecure-registry": the Config field is "hosts", "labels", ...).
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "linter/core/model.h"

namespace dl::dockerd {

// What encoding/json accepts for a field. JSON null is accepted for every shape unless
// DaemonOption::null_ok is false (a custom UnmarshalJSON that rejects "null").
enum class JsonShape {
  Any,         // not a Config field, or a decode target we do not type-check
  Bool,        // bool or *bool
  String,      // string, ~string, or a TextUnmarshaler fed from a JSON string (net.IP, ...)
  Integer,     // Go int/int64/uint32: a JSON number without fraction or exponent
  Number,      // float64
  StringList,  // []string or []T where T unmarshals from a JSON string ([]netip.Addr)
  StringMap,   // map[string]string
  BoolMap,     // map[string]bool
  Object,      // struct or map of structs/maps: a JSON object, members not checked further
  ObjectList,  // []struct / []*struct: array of objects
};

struct DaemonOption {
  std::string_view key;         // the daemon.json key, e.g. "tlsverify"
  JsonShape shape;              // for DE003; Any when the decode target is not a Config field
  std::string_view go_type;     // type as encoding/json's UnmarshalTypeError prints it
                                // ("bool" for *bool: the error names the pointee); "" if none
  bool is_config_field;         // decoded into config.Config (type-checked by encoding/json)
  std::string_view removed_in;  // release whose dockerd first failed to start with this key
                                // (e.g. "23.0"); "" when current dockerd accepts it, or when the
                                // key was never accepted (see accepted_name)
  bool accepted_name;           // passes step 2 above: flag name, NamedOption name, or
                                // skipValidateOptions. false for removed keys, for Config json
                                // fields without a flag (rejected at start-up), and for "proxies"
                                // (accepted only as an object, because flattening removes the key)
  bool null_ok;                 // false only where a custom UnmarshalJSON rejects JSON null
};

// Exact, case-sensitive lookup (pflag's Lookup is case-sensitive). nullptr when the key is not
// in the table: dockerd rejects it as unknown (DE002) unless its value is a flattened object.
const DaemonOption* find_daemon_option(std::string_view key);

// The key's object value is kept whole instead of being flattened (flatOptions).
bool is_flat_option(std::string_view key);

// The key bypasses the unknown-key check (skipValidateOptions).
bool skips_key_validation(std::string_view key);

// The whole table, sorted by key (byte order), for closest-key suggestions.
std::span<const DaemonOption> all_daemon_options();

// Members of the "proxies" object, which is flattened and decoded as config.Proxies
// ("http-proxy", "https-proxy", "no-proxy": all Go strings). nullptr for other keys.
const DaemonOption* find_proxies_member(std::string_view key);

// Lower-case English name of a shape for messages ("a boolean", "an array of strings", ...).
std::string_view json_shape_description(JsonShape shape);

// A key as dockerd's configValuesSet sees it: a top-level member, or a member of an object
// value lifted to the top level (`lifted_from` names that object's key).
struct ConfiguredKey {
  const JsonMember* member;
  std::string_view lifted_from;
};
// The keys dockerd checks for unknown names and for conflicts with flags: top-level keys,
// with object values flattened except for map-valued options (is_flat_option). Keys made
// by template syntax are left out.
std::vector<ConfiguredKey> configured_keys(const JsonValue& root);

}  // namespace dl::dockerd
