// The dockerd release whose semantics a scan assumes (--engine-version).
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace dl::dockerd {

struct EngineVersion {
  int major = 29;
  int minor = 7;

  friend constexpr auto operator<=>(const EngineVersion&, const EngineVersion&) = default;

  // "20.10", "29", "v23.0" (a leading "v" and a patch level are accepted).
  static std::optional<EngineVersion> parse(std::string_view text);
  std::string to_string() const;
};

// The newest release whose behaviour dockerd-semantics.md documents.
inline constexpr EngineVersion kCurrentEngine{29, 7};
// v20.10: --tls alone means verified TLS; tls/tlsverify became tri-state.
inline constexpr EngineVersion kTriStateTls{20, 10};
// v23.0: daemon.json is decoded by its byte order mark and must be valid UTF-8.
inline constexpr EngineVersion kDecodesConfigEncoding{23, 0};
// v23.0: hosts normalised (ParseDaemonHost) before "tlsverify implies tls".
inline constexpr EngineVersion kNormalizeHostsEarly{23, 0};

}  // namespace dl::dockerd
