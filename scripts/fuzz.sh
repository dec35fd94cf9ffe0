#!/usr/bin/env bash
# Runs every libFuzzer target (fuzz/) for a fixed time each:
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [BUILD_DIR]        (defaults: 60, build-fuzz)
# Configures and builds BUILD_DIR with clang-14, ASan, UBSan and libFuzzer when it is not a
# fuzz build yet, builds the seed corpora from fixtures/ (fuzz/seed_corpus.sh), runs each
# target with its dictionary (fuzz/dict/<target>.dict), then prints a table: target,
# executions, exec/s, corpus size, crashes. Exits 1 when any target crashed, hung or ran
# out of memory; the input that did it is printed (BUILD_DIR/fuzz-artifacts/<target>/…).
# Installs nothing: clang-14 and libclang-rt-14-dev come from setup.sh.
# The corpora grow in BUILD_DIR/fuzz-corpus/<target> across runs. FUZZ_TARGETS="shell yaml"
# runs only those; FUZZ_ARGS adds libFuzzer options.
# -entropic=0: the entropic schedule's per-feature bookkeeping took 35-50% of the time with
# every tree-sitter grammar and the runtime instrumented (measured: 2-4x fewer executions).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
build=${2:-build-fuzz}
read -r -a targets <<<"${FUZZ_TARGETS:-daemon_json systemd envfile shell yaml dockerfile terraform engine}"
read -r -a extra_args <<<"${FUZZ_ARGS:-}"
declare -A max_len=([daemon_json]=65536 [systemd]=32768 [envfile]=32768 [shell]=65536
                    [yaml]=65536 [dockerfile]=32768 [terraform]=65536 [engine]=65536)

flags="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined,fuzzer-no-link"
if ! grep -qs '^DOCKERD_LINT_FUZZ:BOOL=ON' "$build/CMakeCache.txt"; then
  npm_args=()
  if [[ -n ${NPM_TARBALL_DIR:-} ]]; then npm_args=(-DNPM_TARBALL_DIR="$NPM_TARBALL_DIR"); fi
  CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -G Ninja -DDOCKERD_LINT_FUZZ=ON \
    -DDOCKERD_LINT_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" "${npm_args[@]}"
fi
cmake --build "$build" --target dl_fuzzers --parallel

seeds="$build/fuzz-seeds"
rm -rf "$seeds"
fuzz/seed_corpus.sh "$seeds"

# UBSan only prints by default: make every report a crash, with a stack.
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
export ASAN_OPTIONS="abort_on_error=1:${ASAN_OPTIONS:-}"

declare -A execs rate corpus crashes
failed=0
for t in "${targets[@]}"; do
  corpus_dir="$build/fuzz-corpus/$t"
  artifacts="$build/fuzz-artifacts/$t"
  log="$build/fuzz-logs/$t.log"
  mkdir -p "$corpus_dir" "$artifacts" "$(dirname "$log")"
  echo "fuzz: $t for ${seconds}s (log $log)"
  status=0
  "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len="${max_len[$t]}" -dict="fuzz/dict/$t.dict" -artifact_prefix="$artifacts/" \
    -entropic=0 -print_final_stats=1 "${extra_args[@]}" "$corpus_dir" "$seeds/$t" >"$log" 2>&1 ||
    status=$?
  execs[$t]=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate[$t]=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  # libFuzzer's last status line: "#N DONE cov: … corp: UNITS/BYTES …" (seeds included).
  corpus[$t]=$(grep -Eo 'corp: [0-9]+' "$log" | tail -n 1 | sed 's/corp: //')
  found=$(grep -Eo "(Test unit|artifact_prefix.*Test unit) written to [^ ]+" "$log" |
            sed 's/.* written to //' || true)
  if ((status != 0)) || [[ -n $found ]]; then
    crashes[$t]=$(printf '%s\n' "$found" | grep -c . || true)
    ((crashes[$t] > 0)) || crashes[$t]=1
    failed=1
    echo "fuzz: $t FAILED (exit $status); the input:"
    printf '  %s\n' "${found:-"(none written, see $log)"}"
    grep -E "^(==[0-9]+==ERROR|SUMMARY|.*runtime error|dockerd-lint fuzz oracle|ALARM|==[0-9]+== ERROR)" \
      "$log" | head -n 5 | sed 's/^/  /' || true
  else
    crashes[$t]=0
  fi
done

echo
printf '%-12s %12s %8s %8s %8s\n' target executions exec/s corpus crashes
for t in "${targets[@]}"; do
  printf '%-12s %12s %8s %8s %8s\n' "$t" "${execs[$t]:-?}" "${rate[$t]:-?}" "${corpus[$t]}" \
    "${crashes[$t]}"
done
if ((failed)); then
  echo "fuzz: crashes found; add each input to fuzz/regressions/<target>/ once fixed"
  exit 1
fi
echo "fuzz: no crashes"
