#!/usr/bin/env bash
# ctest: the SARIF that dockerd-lint writes for every fixture, for the sample CLI paths and
# for the real-world corpus passes both SARIF validators with zero errors.
# Usage: tests/sarif/validate_fixtures.sh DOCKERD_LINT_BINARY WORK_DIR
set -euo pipefail

BIN="$1"
WORK="$2"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CORPUS="$REPO/../shared/corpus/realworld"
rm -rf "$WORK" && mkdir -p "$WORK/fixtures"

# Fixtures carry `# expect:` annotation lines; blank them as the fixture test does, so the
# SARIF describes the findings the fixtures are about rather than a wall of DE001.
cp -R "$REPO/fixtures/." "$WORK/fixtures/"
# (outside JSON the '#' stays, so a blanked line inside a systemd continuation is a comment).
find "$WORK/fixtures" -type f -name '*.json*' -exec sed -i -E \
  's/^([[:space:]]*)# (expect|todo-expect|engine-version):.*$/\1/' {} +
find "$WORK/fixtures" -type f ! -name '*.json*' -exec sed -i -E \
  's/^([[:space:]]*)# (expect|todo-expect|engine-version):.*$/\1#/' {} +

run() {  # run OUT ARGS...: exit 0 or 1 are both fine (1 = findings)
  local out="$1"; shift
  local rc=0
  "$BIN" check -f sarif -o "$out" "$@" || rc=$?
  if [[ $rc -gt 1 ]]; then echo "dockerd-lint exited $rc for $*" >&2; exit 1; fi
}

(cd "$WORK" && run fixtures.sarif fixtures)
files=("$WORK/fixtures.sarif")
if [[ -d "$CORPUS" ]]; then
  (cd "$CORPUS/.." && run "$WORK/corpus.sarif" realworld)
  files+=("$WORK/corpus.sarif")
fi
(cd "$WORK" && mkdir -p empty && run empty.sarif empty)
files+=("$WORK/empty.sarif")

results=$(jq -s '[.[].runs[0].results | length] | add' "${files[@]}")
echo "validating ${#files[@]} SARIF files with $results results"
SARIF_TOOLS_DIR="${SARIF_TOOLS_DIR:-$REPO/build/_validators}" "$REPO/scripts/validate-sarif.sh" "${files[@]}"
