#!/usr/bin/env bash
# The complete test suite built with clang-14 under AddressSanitizer, UndefinedBehaviorSanitizer
# and LeakSanitizer, the tree-sitter runtime and grammars included (they are compiled from
# source with the same flags). Any sanitizer report fails the test that triggered it.
# Usage: scripts/sanitizer-suite.sh [BUILD_DIR]   (default build-asan; run setup.sh first)
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR="${1:-build-asan}"
FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"

if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B "$BUILD_DIR" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS="$FLAGS" -DCMAKE_CXX_FLAGS="$FLAGS"
fi
cmake --build "$BUILD_DIR" --parallel

# detect_leaks is ASan's default on Linux; said here so that nobody turns it off by accident.
export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir "$BUILD_DIR" --output-on-failure
echo "sanitizer suite: ASan+UBSan+LSan, all tests passed ($BUILD_DIR)"
