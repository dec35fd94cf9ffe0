#!/usr/bin/env bash
# Instruction-count profile of dockerd-lint with callgrind: stable on a noisy machine, where
# wall-clock timings are not. Profiles a small monorepo sample and the shell-script tree.
# Usage: bench/profile.sh [--out DIR] [--linter PATH] [--top N]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
OUT="${TMPDIR:-/tmp}/dockerd-lint-bench"
LINTER="$REPO/build/dockerd-lint"
TOP=25

while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) OUT="$2"; shift ;;
    --linter) LINTER="$2"; shift ;;
    --top) TOP="$2"; shift ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
command -v valgrind >/dev/null || { echo "missing valgrind (run ./setup.sh)" >&2; exit 2; }
[[ -x "$LINTER" ]] || { echo "no linter binary at $LINTER" >&2; exit 2; }
mkdir -p "$OUT"

# Small trees: callgrind runs the program ~50x slower.
python3 "$HERE/gen_tree.py" "$OUT/profile-mono" --files 2000 --bytes 20000000 >/dev/null
python3 "$HERE/gen_tree.py" "$OUT/profile-shell" --mode shell --bytes 300000 >/dev/null

for tree in profile-mono profile-shell; do
  cg="$OUT/callgrind.$tree.out"
  # -j 1 when supported, so the profile is one thread's work.
  jobs=()
  if [[ "$("$LINTER" check --help 2>&1 || true)" == *--jobs* ]]; then jobs=(-j 1); fi
  valgrind --tool=callgrind --callgrind-out-file="$cg" \
    "$LINTER" check --no-config --fail-on never "${jobs[@]}" "$OUT/$tree" >/dev/null 2>"$cg.log" || true
  echo "=== $tree: $(grep -m1 -o 'Collected : [0-9]*' "$cg.log" || echo '?') instructions"
  echo "--- exclusive (self) cost"
  callgrind_annotate "$cg" 2>/dev/null | sed -n '/^Ir/,$p' | sed -n "1,$((TOP + 2))p"
  echo "--- inclusive cost"
  callgrind_annotate --inclusive=yes "$cg" 2>/dev/null | sed -n '/^Ir/,$p' | sed -n "1,$((TOP + 2))p"
  echo
done
