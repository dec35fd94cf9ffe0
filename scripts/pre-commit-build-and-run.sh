#!/usr/bin/env bash
# Entry of the `dockerd-lint-build` pre-commit hook (language: script, .pre-commit-hooks.yaml):
# builds dockerd-lint from this repository's source once per source version, then runs
# `dockerd-lint check "$@"` (pre-commit appends the hook's args and the file names).
#
# Cache: ${XDG_CACHE_HOME:-$HOME/.cache}/dockerd-lint/pre-commit/<key>/dockerd-lint, where <key>
# hashes the hook repository's commit (or, in a modified checkout, every file's content) and
# the machine type: a new hook `rev` builds once, an unchanged one never again.
# pre-commit runs batches of files in parallel; they wait on one lock (flock) for one build.
#
# Environment:
#   NPM_TARBALL_DIR        directory holding the pinned tree-sitter .tgz files, for offline
#                          builds (otherwise CMake fetches them with `npm pack`)
#   DOCKERD_LINT_PREBUILT  an already-built dockerd-lint to put in the cache instead of
#                          building (tests, packagers); ignored when the cache has the binary
#   CXX, CMAKE_GENERATOR   honoured as usual
# Exit status: that of `dockerd-lint check` (0 clean, 1 findings, 2 usage or I/O error);
# 2 when dockerd-lint cannot be built.
set -euo pipefail

die() {
  printf 'dockerd-lint-build: %s\n' "$*" >&2
  exit 2
}

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
[[ -f $src/CMakeLists.txt && -d $src/linter ]] || die "no dockerd-lint source tree at $src"

if command -v sha256sum >/dev/null 2>&1; then
  hash_cmd=(sha256sum)
elif command -v shasum >/dev/null 2>&1; then
  hash_cmd=(shasum -a 256)
else
  die "neither sha256sum nor shasum is installed"
fi

# git on the hook repository, without the GIT_DIR/GIT_INDEX_FILE/... that git exports to
# hooks for the repository being committed (they would make a clean clone look modified).
src_git() { (unset "${!GIT_@}" && git -C "$src" "$@"); }

# The key: the hook repository's commit when its checkout is clean (pre-commit's clone of a
# `rev` always is), else a hash of every file's path and content; plus the OS and machine.
source_id() {
  local status
  # --no-optional-locks: parallel batches run this at once.
  if status=$(src_git --no-optional-locks status --porcelain 2>/dev/null) && [[ -z $status ]]; then
    echo "commit $(src_git rev-parse HEAD)"
  else
    (cd "$src" && find . \( -path ./.git -o -path './build*' \) -prune -o -type f -print0 |
      LC_ALL=C sort -z | xargs -0 "${hash_cmd[@]}" --)
  fi
}
key=$({ uname -sm; source_id; } | "${hash_cmd[@]}" | cut -c1-16)

[[ -n ${XDG_CACHE_HOME:-} || -n ${HOME:-} ]] || die "neither XDG_CACHE_HOME nor HOME is set"
cache_root=${XDG_CACHE_HOME:-$HOME/.cache}
slot=$cache_root/dockerd-lint/pre-commit/$key
bin=$slot/dockerd-lint

# Puts the binary in place atomically: a concurrent reader sees the old state or the new one.
install_binary() {
  cp "$1" "$bin.tmp.$$"
  chmod 755 "$bin.tmp.$$"
  mv -f "$bin.tmp.$$" "$bin"
}

build() {
  if [[ -n ${DOCKERD_LINT_PREBUILT:-} ]]; then
    [[ -x $DOCKERD_LINT_PREBUILT ]] ||
      die "DOCKERD_LINT_PREBUILT=$DOCKERD_LINT_PREBUILT is not an executable file"
    echo "dockerd-lint-build: caching prebuilt $DOCKERD_LINT_PREBUILT as $bin" >&2
    install_binary "$DOCKERD_LINT_PREBUILT"
    return
  fi

  local missing=() generator=${CMAKE_GENERATOR:-} compiler=${CXX:-}
  command -v cmake >/dev/null 2>&1 || missing+=(cmake)
  if [[ -n $compiler ]]; then
    command -v "$compiler" >/dev/null 2>&1 || missing+=("$compiler (CXX)")
  elif ! command -v g++ >/dev/null 2>&1 && ! command -v c++ >/dev/null 2>&1 &&
    ! command -v clang++ >/dev/null 2>&1; then
    missing+=("g++ (a C++20 compiler)")
  fi
  if [[ -z $generator ]]; then
    if command -v ninja >/dev/null 2>&1; then
      generator=Ninja
    elif command -v make >/dev/null 2>&1; then
      generator="Unix Makefiles"
    else
      missing+=("ninja or make")
    fi
  fi
  if [[ -z ${NPM_TARBALL_DIR:-} ]] && ! command -v npm >/dev/null 2>&1; then
    missing+=("npm (or NPM_TARBALL_DIR)")
  fi
  if ((${#missing[@]})); then
    die "cannot build dockerd-lint: missing $(printf '%s, ' "${missing[@]}" | sed 's/, $//').
  On Debian/Ubuntu: apt-get install cmake ninja-build g++ pkg-config nlohmann-json3-dev \\
    libcli11-dev libyaml-dev npm   (the list is PACKAGES in $src/setup.sh)
  Or install dockerd-lint on PATH and use the 'dockerd-lint' hook instead."
  fi

  local work=$work_base/build log=$work_base/build.log jobs
  jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
  local configure=(cmake -S "$src" -B "$work" -G "$generator" -DCMAKE_BUILD_TYPE=Release
    -DDOCKERD_LINT_BUILD_TESTS=OFF)
  [[ -z ${NPM_TARBALL_DIR:-} ]] || configure+=("-DNPM_TARBALL_DIR=$NPM_TARBALL_DIR")
  # jemalloc only makes large scans faster; a hook build without libjemalloc-dev still works.
  if ! pkg-config --exists jemalloc 2>/dev/null; then
    configure+=(-DDOCKERD_LINT_JEMALLOC=OFF)
  fi

  echo "dockerd-lint-build: building dockerd-lint $key from $src (once per version;" \
    "a minute or two; log: $log)" >&2
  rm -rf "$work"
  if ! { "${configure[@]}" && cmake --build "$work" --target dockerd-lint --parallel "$jobs"; } \
    >"$log" 2>&1; then
    tail -n 25 "$log" >&2
    rm -rf "$work"
    die "building dockerd-lint failed (full log: $log). The Debian packages it needs are" \
      "PACKAGES in $src/setup.sh."
  fi
  install_binary "$work/dockerd-lint"
  rm -rf "$work"
  echo "dockerd-lint-build: built $bin" >&2
}

work_base=$slot
if [[ ! -x $bin ]]; then
  mkdir -p "$slot" || die "cannot create the cache directory $slot"
  if command -v flock >/dev/null 2>&1; then
    exec 9>>"$slot/lock"
    if ! flock -n 9; then
      echo "dockerd-lint-build: waiting for another build of $key" >&2
      flock 9
    fi
  else
    # Still correct without a lock (each build has its own directory and the binary is
    # moved into place atomically), only wasteful.
    echo "dockerd-lint-build: flock (util-linux) not found; parallel batches may build twice" >&2
    work_base=$slot/tmp.$$
    mkdir -p "$work_base"
  fi
  # Another batch may have finished the build while this one waited for the lock.
  [[ -x $bin ]] || build
  [[ $work_base == "$slot" ]] || rm -rf "$work_base"
  exec 9>&-
fi

# dockerd-lint rejects DOCKERD_LINT_* variables it does not know; this one was ours.
unset DOCKERD_LINT_PREBUILT
exec "$bin" check "$@"
