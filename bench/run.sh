#!/usr/bin/env bash
# Benchmark dockerd-lint against ripgrep (the floor of reading every file) and shellcheck
# (the usual tool on shell scripts). See bench/README.md for what each row means.
# Usage: bench/run.sh [--quick] [--out DIR] [--linter PATH] [--results FILE]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
QUICK=0
OUT="${TMPDIR:-/tmp}/dockerd-lint-bench"
LINTER="$REPO/build/dockerd-lint"
RESULTS="$HERE/results.md"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --out) OUT="$2"; shift ;;
    --linter) LINTER="$2"; shift ;;
    --results) RESULTS="$2"; shift ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

for tool in hyperfine rg shellcheck python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool (run ./setup.sh)" >&2; exit 2; }
done
[[ -x "$LINTER" ]] || { echo "no linter binary at $LINTER (build first, or --linter)" >&2; exit 2; }
LINTER="$(cd "$(dirname "$LINTER")" && pwd)/$(basename "$LINTER")"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
WORK="$OUT/results-$$"
mkdir -p "$WORK"
NPROC="$(nproc)"

if [[ $QUICK -eq 1 ]]; then
  MAIN_FILES=5000; MAIN_BYTES=50000000; SHELL_BYTES=500000
  SCALE=("2000:20000000" "5000:50000000" "15000:150000000")
  RUNS=3; SLOW_RUNS=2; HOOK_RUNS=30; SHELL_RUNS=5
else
  MAIN_FILES=100000; MAIN_BYTES=1000000000; SHELL_BYTES=5000000
  SCALE=("10000:100000000" "100000:1000000000" "300000:3000000000")
  RUNS=3; SLOW_RUNS=2; HOOK_RUNS=200; SHELL_RUNS=10
fi

# -j/--jobs is newer than some builds: use it only when the binary has it.
# (Captured first: `| grep -q` could exit early and SIGPIPE the linter under pipefail.)
HELP="$("$LINTER" check --help 2>&1 || true)"
if [[ "$HELP" == *--jobs* ]]; then HAS_JOBS=1; else HAS_JOBS=0; fi
# jemalloc prints its statistics at exit when MALLOC_CONF asks; glibc's malloc ignores it.
if MALLOC_CONF=stats_print:true "$LINTER" --version 2>&1 | grep -q 'Begin jemalloc statistics'; then
  ALLOCATOR=jemalloc
else
  ALLOCATOR="C library malloc"
fi
dl_cmd() {  # dl_cmd JOBS TREE...: the linter command line, with -j when supported
  local jobs="$1"; shift
  local cmd="$LINTER check --no-config --fail-on never"
  [[ $HAS_JOBS -eq 1 ]] && cmd+=" -j $jobs"
  echo "$cmd $*"
}

NOTES=()
# The 300k tree needs ~3 GB; if disk (or inodes) is short, keep the file count and shrink bytes.
ensure_space() {  # ensure_space FILES BYTES -> prints the byte total to use
  local files="$1" bytes="$2" avail inodes
  avail="$(df --output=avail -B1 "$OUT" | tail -1)"
  inodes="$(df --output=iavail "$OUT" | tail -1)"
  if [[ "$inodes" =~ ^[0-9]+$ && "$inodes" -lt $((files * 2)) ]]; then
    echo "not enough inodes in $OUT for $files files" >&2; exit 3
  fi
  # Room for the tree plus 20% (directories, block rounding) and 2 GB to spare.
  local room=$(( (avail - 2000000000) * 10 / 12 ))
  if [[ "$bytes" -gt "$room" ]]; then
    echo "$(( room > files * 1024 ? room : files * 1024 ))"
  else
    echo "$bytes"
  fi
}

gen() {  # gen DIR ARGS...: generate (or reuse) a tree, prints its JSON stamp
  local dir="$1"; shift
  python3 "$HERE/gen_tree.py" "$dir" "$@" | tail -1
}
stamp_field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

# hf NAME RUNS CMD...: hyperfine with JSON export; prints "mean stddev min max median" in
# seconds. RUNS "min:N": at least N runs, more while they take under 3 s in all (hyperfine's
# own rule), so a 50 ms command is not judged on two runs.
# -N: no intermediate shell, so process start is timed and shell start is not.
# -i: dockerd-lint and shellcheck exit 1 on findings, rg exits 1 when nothing matches.
hf() {
  local name="$1" runs="$2"; shift 2
  echo ">> $name: $*" >&2
  local count=(--runs "$runs")
  if [[ $runs == min:* ]]; then count=(--min-runs "${runs#min:}"); fi
  hyperfine -N -i --warmup 1 "${count[@]}" --style basic --export-json "$WORK/$name.json" "$@" >&2
  python3 - "$WORK/$name.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(r["mean"], r["stddev"], r["min"], r["max"], r["median"])
EOF
}

# rss CMD...: peak resident set size in MB, from GNU time (one extra run).
rss() {
  /usr/bin/time -v -o "$WORK/time.txt" "$@" >/dev/null 2>&1 || true
  awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$WORK/time.txt"
}

fmt() { python3 -c 'import sys; print(sys.argv[1] % float(sys.argv[2]))' "$1" "$2"; }
div() { python3 -c 'import sys; b=float(sys.argv[2]); print("%.2f" % (float(sys.argv[1]) / b) if b else "n/a")' "$1" "$2"; }
mbps() { python3 -c 'import sys; v = float(sys.argv[1]) / 1e6 / float(sys.argv[2]); print("%.1f" % v if v >= 10 else "%.3f" % v)' "$1" "$2"; }
verdict() { if python3 -c 'import sys; sys.exit(0 if eval(sys.argv[1]) else 1)' "$1"; then echo PASS; else echo MISS; fi; }

ROWS=()  # Markdown table rows: | row | command | files | MB | mean s | max s | MB/s | RSS MB | note |
row() { local r="|" c; for c in "$@"; do r+=" $c |"; done; ROWS+=("$r"); }

# --- 1. whole monorepo -------------------------------------------------------------------
MAIN="$OUT/mono-$MAIN_FILES"
echo ">> generating $MAIN ($MAIN_FILES files, ~$MAIN_BYTES bytes)" >&2
STAMP="$(gen "$MAIN" --files "$MAIN_FILES" --bytes "$MAIN_BYTES")"
MAIN_N="$(stamp_field "$STAMP" files)"; MAIN_B="$(stamp_field "$STAMP" bytes)"
MAIN_D="$(stamp_field "$STAMP" docker_files)"
MAIN_MB="$(fmt %.0f "$(div "$MAIN_B" 1000000)")"

read -r DL1 _ _ DL1MAX _ < <(hf dl-j1 "$RUNS" "$(dl_cmd 1 "$MAIN")")
# shellcheck disable=SC2046 # word splitting intended: dl_cmd returns a command line
DL1RSS="$(rss $(dl_cmd 1 "$MAIN"))"
# The reports code scanning and scripts read must fit too: their peak, written to a file.
# shellcheck disable=SC2046
DL1RSS_JSON="$(rss $(dl_cmd 1 "$MAIN") -f json -o "$WORK/report.json")"
# shellcheck disable=SC2046
DL1RSS_SARIF="$(rss $(dl_cmd 1 "$MAIN") -f sarif -o "$WORK/report.sarif")"
rm -f "$WORK/report.json" "$WORK/report.sarif"
row "dockerd-lint -j 1, whole tree" "$MAIN_N" "$MAIN_MB" "$(fmt %.3f "$DL1")" "$(fmt %.3f "$DL1MAX")" \
  "$(mbps "$MAIN_B" "$DL1")" "$DL1RSS" "$([[ $HAS_JOBS -eq 1 ]] || echo 'no --jobs in this build')"
if [[ $HAS_JOBS -eq 1 ]]; then
  read -r DLN _ _ DLNMAX _ < <(hf dl-jN "$RUNS" "$(dl_cmd "$NPROC" "$MAIN")")
  # shellcheck disable=SC2046 # the command line is meant to split into words
  DLNRSS="$(rss $(dl_cmd "$NPROC" "$MAIN"))"
  row "dockerd-lint -j $NPROC, whole tree" "$MAIN_N" "$MAIN_MB" "$(fmt %.3f "$DLN")" "$(fmt %.3f "$DLNMAX")" \
    "$(mbps "$MAIN_B" "$DLN")" "$DLNRSS" ""
fi
RG="rg --no-ignore --hidden -l -e docker -e 2375 -e 2376"
read -r RG1 _ _ RG1MAX _ < <(hf rg-j1 "$RUNS" "$RG -j1 $MAIN")
# shellcheck disable=SC2086 # $RG is a command line
RG1RSS="$(rss $RG -j1 "$MAIN")"
row "rg -j1, whole tree" "$MAIN_N" "$MAIN_MB" "$(fmt %.3f "$RG1")" "$(fmt %.3f "$RG1MAX")" \
  "$(mbps "$MAIN_B" "$RG1")" "$RG1RSS" "reads every byte"
read -r RGN _ _ RGNMAX _ < <(hf rg-jN "$RUNS" "$RG $MAIN")
# shellcheck disable=SC2086
RGNRSS="$(rss $RG "$MAIN")"
row "rg (all $NPROC cores), whole tree" "$MAIN_N" "$MAIN_MB" "$(fmt %.3f "$RGN")" "$(fmt %.3f "$RGNMAX")" \
  "$(mbps "$MAIN_B" "$RGN")" "$RGNRSS" ""

# --- 2. Docker-related shell scripts only ------------------------------------------------
SHTREE="$OUT/shell-$SHELL_BYTES"
STAMP="$(gen "$SHTREE" --mode shell --bytes "$SHELL_BYTES")"
SH_N="$(stamp_field "$STAMP" files)"; SH_B="$(stamp_field "$STAMP" bytes)"
SH_MB="$(fmt %.1f "$(div "$SH_B" 1000000)")"
(cd "$SHTREE" && find . -name '*.sh' -print0 | sort -z) > "$WORK/shell-files"
# The shell ratio is taken from medians, over more runs of dockerd-lint: on a shared VM one
# slow run in three moved the mean by a fifth, and the target is a ratio of two timings.
read -r SDL _ _ SDLMAX SDLMED < <(hf sh-dl "$SHELL_RUNS" "$(dl_cmd 1 "$SHTREE")")
# shellcheck disable=SC2046
SDLRSS="$(rss $(dl_cmd 1 "$SHTREE"))"
row "dockerd-lint -j 1, shell scripts" "$SH_N" "$SH_MB" "$(fmt %.3f "$SDL")" "$(fmt %.3f "$SDLMAX")" \
  "$(mbps "$SH_B" "$SDL")" "$SDLRSS" "median $(fmt %.3f "$SDLMED") s"
# One shellcheck process per xargs batch, one at a time: single-threaded like -j 1.
# Default severity (style), bash dialect so scripts without a shebang are not errors.
SC="xargs -0 -a $WORK/shell-files shellcheck -s bash"
read -r SSC _ _ SSCMAX SSCMED < <(cd "$SHTREE" && hf sh-shellcheck "$SLOW_RUNS" "$SC")
# shellcheck disable=SC2086
SSCRSS="$(cd "$SHTREE" && rss $SC)"
row "shellcheck -s bash, shell scripts" "$SH_N" "$SH_MB" "$(fmt %.3f "$SSC")" "$(fmt %.3f "$SSCMAX")" \
  "$(mbps "$SH_B" "$SSC")" "$SSCRSS" "via xargs, sequential; median $(fmt %.3f "$SSCMED") s"
read -r SRG _ _ SRGMAX _ < <(hf sh-rg "$RUNS" "$RG -j1 $SHTREE")
row "rg -j1, shell scripts" "$SH_N" "$SH_MB" "$(fmt %.3f "$SRG")" "$(fmt %.3f "$SRGMAX")" \
  "$(mbps "$SH_B" "$SRG")" "" ""

# --- 3. pre-commit: 20 named files, process start included -------------------------------
# 8 Docker-related files from the fixture copies and 12 unrelated ones, picked by sorted
# position so the set is the same every time.
(cd "$MAIN" && find . -path '*/ops-*' -type f \( -name '*.sh' -o -name '*daemon.json' \
   -o -name '*.service' -o -name '*.yml' -o -name '*Dockerfile' -o -name '*.tf' \) | sort) > "$WORK/docker-files"
(cd "$MAIN" && find . -type f -not -path '*/ops-*' -not -path './data/large/*' \
   -not -name '.bench-stamp' | sort) > "$WORK/other-files"
HOOK_FILES="$(python3 - "$WORK/docker-files" "$WORK/other-files" <<'EOF'
import sys
d = open(sys.argv[1]).read().split(); o = open(sys.argv[2]).read().split()
pick = lambda xs, n: [xs[i * len(xs) // n] for i in range(n)]
# Docker-related files by kind (scripts, daemon.json, units, YAML, Dockerfile, Terraform),
# round-robin, so the hook sees every parser and not only the many daemon.json fixtures.
kinds = [".sh", "daemon.json", ".service", ".yml", "Dockerfile", ".tf"]
groups = [[p for p in d if p.endswith(k)] for k in kinds]
groups = [pick(g, min(len(g), 2)) for g in groups if g]
docker = [g[i] for i in range(2) for g in groups if i < len(g)][:8]
print(" ".join(docker + pick(o, 20 - len(docker))))
EOF
)"
# shellcheck disable=SC2086 # a list of paths without spaces
HOOK_BYTES="$(cd "$MAIN" && python3 -c 'import os,sys; print(sum(os.path.getsize(p) for p in sys.argv[1:]))' $HOOK_FILES)"
read -r HK _ _ HKMAX _ < <(cd "$MAIN" && hf hook "$HOOK_RUNS" "$(dl_cmd 1 "$HOOK_FILES")")
# shellcheck disable=SC2046
HKRSS="$(cd "$MAIN" && rss $(dl_cmd 1 "$HOOK_FILES"))"
row "pre-commit: 20 named files" "20" "$(fmt %.2f "$(div "$HOOK_BYTES" 1000000)")" "$(fmt %.4f "$HK")" \
  "$(fmt %.4f "$HKMAX")" "" "$HKRSS" "mean $(fmt %.1f "$(div "$HK" 0.001)") ms, max $(fmt %.1f "$(div "$HKMAX" 0.001)") ms"

# --- 4. scaling -------------------------------------------------------------------------
# Peak RSS with the Docker-related copies (ops-N/ directories) pruned: what the number of
# files alone costs, apart from the model of Docker-related files that cross-file rules need.
rss_unrelated() {  # rss_unrelated TREE
  local cmd=("$LINTER" check --no-config --fail-on never --exclude '**/ops-*')
  [[ $HAS_JOBS -eq 1 ]] && cmd+=(-j 1)
  rss "${cmd[@]}" "$1"
}
# Instructions executed per MB of tree (callgrind, one thread): the scaling measure that does
# not move with this VM's noise, where the wall time of a tree also depends on how much of it
# the page cache still holds. Empty when valgrind is missing.
instructions_per_mb() {  # instructions_per_mb TREE BYTES
  command -v valgrind >/dev/null || return 0
  local cmd log
  log="$WORK/callgrind-$(basename "$1").log"
  # shellcheck disable=SC2207 # dl_cmd's words have no spaces
  cmd=($(dl_cmd 1 "$1"))
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "${cmd[@]}" >/dev/null 2>"$log" || true
  python3 -c 'import re, sys
m = re.search(r"Collected : (\d+)", open(sys.argv[1]).read())
print("%.2f" % (int(m.group(1)) / 1e6 / (int(sys.argv[2]) / 1e6)) if m else "")' "$log" "$2"
}
SCALE_ROWS=()
SCALE_MBPS=(); SCALE_RSS=(); SCALE_RSS_UNRELATED=(); SCALE_DOCKER=(); SCALE_IPM=()
for spec in "${SCALE[@]}"; do
  files="${spec%%:*}"; bytes="${spec##*:}"
  if [[ "$files" -eq "$MAIN_FILES" && "$bytes" -eq "$MAIN_BYTES" ]]; then
    t="$DL1"; tb="$MAIN_B"; tn="$MAIN_N"; r="$DL1RSS"  # already measured above
    dir="$MAIN"; td="$MAIN_D"
  else
    use="$(ensure_space "$files" "$bytes")"
    if [[ "$use" -ne "$bytes" ]]; then
      NOTES+=("Scaling tree of $files files: disk allowed only $use bytes (asked $bytes).")
    fi
    dir="$OUT/mono-$files"
    echo ">> generating $dir ($files files, ~$use bytes)" >&2
    STAMP="$(gen "$dir" --files "$files" --bytes "$use")"
    tn="$(stamp_field "$STAMP" files)"; tb="$(stamp_field "$STAMP" bytes)"
    td="$(stamp_field "$STAMP" docker_files)"
    read -r t _ _ _ < <(hf "scale-$files" "min:$SLOW_RUNS" "$(dl_cmd 1 "$dir")")
    # shellcheck disable=SC2046
    r="$(rss $(dl_cmd 1 "$dir"))"
  fi
  ru="$(rss_unrelated "$dir")"
  m="$(mbps "$tb" "$t")"
  echo ">> callgrind on $dir" >&2
  ipm="$(instructions_per_mb "$dir" "$tb")"
  SCALE_MBPS+=("$m"); SCALE_RSS+=("$r"); SCALE_RSS_UNRELATED+=("$ru"); SCALE_DOCKER+=("$td")
  [[ -z $ipm ]] || SCALE_IPM+=("$ipm")
  SCALE_ROWS+=("| $tn | $td | $(fmt %.0f "$(div "$tb" 1000000)") | $(fmt %.3f "$t") | $m | $r | $ru | ${ipm:-n/a} |")
done

# --- report -----------------------------------------------------------------------------
R_TREE1="$(div "$DL1" "$RG1")"
R_SC="$(div "$SSCMED" "$SDLMED")"
MBPS_MIN="$(printf '%s\n' "${SCALE_MBPS[@]}" | sort -g | head -1)"
MBPS_MAX="$(printf '%s\n' "${SCALE_MBPS[@]}" | sort -g | tail -1)"
LAST=$((${#SCALE_RSS[@]} - 1))
RSS_FIRST="${SCALE_RSS[0]}"; RSS_LAST="${SCALE_RSS[$LAST]}"
RSSU_FIRST="${SCALE_RSS_UNRELATED[0]}"; RSSU_LAST="${SCALE_RSS_UNRELATED[$LAST]}"
# What each further Docker-related file adds to the peak, in KB.
KB_PER_DOCKER="$(python3 -c 'import sys; a, b, c, d = map(float, sys.argv[1:]); print("%.1f" % ((b - a) * 1024 / (d - c)) if d > c else "n/a")' \
  "$RSS_FIRST" "$RSS_LAST" "${SCALE_DOCKER[0]}" "${SCALE_DOCKER[$LAST]}")"
TARGETS=(
  "| whole tree, -j 1: dockerd-lint / rg -j1 | $R_TREE1 | <= 1.5 | $(verdict "$R_TREE1 <= 1.5") |"
)
if [[ $HAS_JOBS -eq 1 ]]; then
  R_TREEN="$(div "$DLN" "$RGN")"
  TARGETS+=("| whole tree, -j $NPROC: dockerd-lint / rg | $R_TREEN | <= 1.5 | $(verdict "$R_TREEN <= 1.5") |")
fi
TARGETS+=(
  "| shell scripts: shellcheck / dockerd-lint -j 1 (medians; means: $(div "$SSC" "$SDL")) | $R_SC | >= 50 | $(verdict "$R_SC >= 50") |"
  "| pre-commit, 20 files: mean ms (max) | $(fmt %.1f "$(div "$HK" 0.001)") ($(fmt %.1f "$(div "$HKMAX" 0.001)")) | < 20 | $(verdict "$HK < 0.020") |"
  "| peak RSS MB, whole tree -j 1 ($MAIN_N files): text / -f json / -f sarif | $DL1RSS / $DL1RSS_JSON / $DL1RSS_SARIF | < 64 | $(verdict "max($DL1RSS, $DL1RSS_JSON, $DL1RSS_SARIF) < 64") |"
  "| peak RSS MB, smallest -> largest scaling tree, Docker-related files pruned (file count alone) | $RSSU_FIRST -> $RSSU_LAST | not growing (<= 1.25x) | $(verdict "$RSSU_LAST <= 1.25 * $RSSU_FIRST") |"
  "| peak RSS MB, smallest -> largest scaling tree, whole (2% Docker-related) | $RSS_FIRST -> $RSS_LAST ($KB_PER_DOCKER KB per Docker-related file) | not growing (<= 1.25x) | $(verdict "$RSS_LAST <= 1.25 * $RSS_FIRST") |"
  "| scaling: MB/s min / max across sizes | $MBPS_MIN / $MBPS_MAX | linear (min >= 0.75 x max) | $(verdict "$MBPS_MIN >= 0.75 * $MBPS_MAX") |"
)
if [[ ${#SCALE_IPM[@]} -eq ${#SCALE[@]} ]]; then
  IPM_MIN="$(printf '%s\n' "${SCALE_IPM[@]}" | sort -g | head -1)"
  IPM_MAX="$(printf '%s\n' "${SCALE_IPM[@]}" | sort -g | tail -1)"
  TARGETS+=("| scaling: million instructions per MB (callgrind), min / max across sizes | $IPM_MIN / $IPM_MAX | linear (min >= 0.75 x max) | $(verdict "$IPM_MIN >= 0.75 * $IPM_MAX") |")
else
  NOTES+=("No instruction counts for the scaling trees (valgrind missing or callgrind failed).")
fi

{
  echo "# dockerd-lint benchmark results"
  echo
  echo "Generated by \`bench/run.sh$([[ $QUICK -eq 1 ]] && echo ' --quick')\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  echo "## Machine"
  echo
  echo "- nproc: $NPROC; CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "- RAM: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo); kernel: $(uname -sr)"
  echo "- $("$LINTER" --version 2>&1 | sed -n 1p) ($LINTER; --jobs: $([[ $HAS_JOBS -eq 1 ]] && echo yes || echo no); allocator: $ALLOCATOR)"
  echo "- $(rg --version | sed -n 1p); $(shellcheck --version | sed -n 2p | sed 's/version:/shellcheck/'); $(hyperfine --version)"
  echo
  echo "## Targets"
  echo
  echo "| check | measured | target | verdict |"
  echo "|---|---|---|---|"
  printf '%s\n' "${TARGETS[@]}"
  echo
  echo "## Timings (hyperfine, warm cache, --warmup 1; $RUNS runs, $SHELL_RUNS for dockerd-lint on shell scripts, $SLOW_RUNS for shellcheck, at least $SLOW_RUNS and 3 s for scaling, $HOOK_RUNS for pre-commit)"
  echo
  echo "| row | files | MB | mean s | max s | MB/s | peak RSS MB | note |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "## Scaling (dockerd-lint -j 1, whole tree)"
  echo
  echo "| files | Docker-related files | MB | mean s | MB/s | peak RSS MB | peak RSS MB, Docker-related pruned | million instructions per MB (callgrind) |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${SCALE_ROWS[@]}"
  echo
  echo "## Notes"
  echo
  echo "- MB is the bytes of all generated files; dockerd-lint reads only files whose names it"
  echo "  classifies (plus extension-less files, for a shebang), rg reads every byte: MB/s of"
  echo "  dockerd-lint is per byte of tree, not per byte read."
  echo "- rg runs with --no-ignore --hidden. dockerd-lint never enters .git, node_modules, vendor,"
  echo "  third_party, .terraform, __pycache__ (rg would): the generator creates none of these."
  echo "  rg also reads the tree's .bench-stamp (a few hundred bytes)."
  echo "- shellcheck: \`shellcheck -s bash\` at its default severity (style), one process per xargs batch."
  echo "- The pruned RSS column runs with \`--exclude '**/ops-*'\`: the walk, reads and prefilter"
  echo "  of every other file, without the Docker-related copies. A part of the tree is dropped"
  echo "  once it is checked; its files (path and text) and its findings go to temporary files"
  echo "  and are read back for the report. What stays in memory is a few dozen bytes per"
  echo "  Docker-related file (its place in those files, a hash of its path), every firewall"
  echo "  rule and the first five exposed listeners of each port (DE108)."
  for n in "${NOTES[@]+"${NOTES[@]}"}"; do echo "- $n"; done
} > "$WORK/results.md"

cp "$WORK/results.md" "$RESULTS"
cat "$RESULTS"
echo >&2
echo "results: $RESULTS; raw hyperfine JSON: $WORK" >&2
