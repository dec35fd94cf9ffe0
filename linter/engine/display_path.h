// Helpers for display paths: relative, '/'-separated, as discovery produces them.
#pragma once

#include <string_view>

namespace dl::paths {

// The last component ("docker.service" of "etc/systemd/system/docker.service").
inline std::string_view base_name(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Everything before the last component ("" at the top).
inline std::string_view directory(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

// The name of the directory that holds `path` ("" at the top).
inline std::string_view parent_name(std::string_view path) {
  return base_name(directory(path));
}

}  // namespace dl::paths
