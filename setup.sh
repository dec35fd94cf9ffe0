#!/usr/bin/env bash
# Installs the Debian packages dockerd-lint needs and builds it (with its tests) in build/.
# The tree-sitter runtime and grammars are fetched by CMake at configure time with
# `npm pack`, pinned by SHA-256 (cmake/TreeSitter.cmake).
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(cmake ninja-build g++ pkg-config jq
          nlohmann-json3-dev libcli11-dev libgtest-dev libgmock-dev libyaml-dev
          libjemalloc-dev  # the executable's allocator (CMakeLists.txt, DOCKERD_LINT_JEMALLOC)
          help2man dpkg-dev file
          pre-commit git python3-yaml
          clang-14 clang-format libclang-rt-14-dev
          hyperfine ripgrep shellcheck time valgrind)  # bench/run.sh's comparisons and profiles

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
# node and npm may come from outside Debian (NodeSource); only install Debian's when absent.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

BUILD_DIR="${BUILD_DIR:-build}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" "$@"
cmake --build "$BUILD_DIR" --parallel
echo "setup: built $BUILD_DIR/dockerd-lint"
