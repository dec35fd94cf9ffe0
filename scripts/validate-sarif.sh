#!/usr/bin/env bash
# Validates SARIF files with both offline validators (shared/docs/sarif-precommit.md §2):
#   (a) ajv, draft-07, against the OASIS SARIF 2.1.0 schema (what upload-sarif rejects);
#   (b) @microsoft/sarif-multitool `validate --rule-kind "Sarif;Gh"` (what GitHub can't show).
# Neither alone is enough: the multitool silently skips files with some schema errors.
#
# Usage: scripts/validate-sarif.sh FILE.sarif...
# Env:   SARIF_SCHEMA     schema path (default: <repo>/../shared/sarif/sarif-schema-2.1.0.json)
#        SARIF_TOOLS_DIR  npm cache dir for the validators (default: <repo>/build/_validators)
# Exit:  0 all valid, 1 validation errors, 2 usage or setup failure.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCHEMA="${SARIF_SCHEMA:-$REPO/../shared/sarif/sarif-schema-2.1.0.json}"
TOOLS="${SARIF_TOOLS_DIR:-$REPO/build/_validators}"
PACKAGES=(ajv@8.20.0 ajv-formats@3.0.1 @microsoft/sarif-multitool@5.7.0)
MT="$TOOLS/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"

die() { echo "validate-sarif: $*" >&2; exit 2; }

[[ $# -gt 0 ]] || die "usage: scripts/validate-sarif.sh FILE.sarif..."
for tool in node npm jq; do
  command -v "$tool" >/dev/null || die "$tool is required (apt-get install nodejs npm jq)"
done
[[ -f "$SCHEMA" ]] || die "schema not found: $SCHEMA (set SARIF_SCHEMA)"
for file in "$@"; do [[ -f "$file" ]] || die "no such file: $file"; done

# Install the pinned validators once; later runs reuse the cache dir.
if [[ ! -f "$TOOLS/node_modules/ajv/package.json" ||
      ! -f "$TOOLS/node_modules/ajv-formats/package.json" || ! -f "$MT" ]]; then
  echo "validate-sarif: installing ${PACKAGES[*]} into $TOOLS" >&2
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "${PACKAGES[@]}" >&2 ||
    die "npm install failed"
  [[ -f "$MT" ]] || die "sarif-multitool binary missing after install: $MT"
fi
# The tarball keeps the mode, but npm may skip the package's chmod postinstall (§2.1).
[[ -x "$MT" ]] || chmod u+x "$MT"
export SARIF_TOOLS_DIR="$TOOLS"

# The multitool is .NET: without libicu it needs invariant globalization mode.
have_icu() {
  if command -v ldconfig >/dev/null 2>&1 && ldconfig -p 2>/dev/null | grep -q 'libicuuc\.so'
  then
    return 0
  fi
  compgen -G '/usr/lib/*/libicuuc.so.*' >/dev/null || compgen -G '/usr/lib/libicuuc.so.*' \
    >/dev/null || compgen -G '/lib/*/libicuuc.so.*' >/dev/null
}
if [[ -z "${DOTNET_SYSTEM_GLOBALIZATION_INVARIANT+set}" ]] && ! have_icu; then
  export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
errors=0

# (a) ajv: one line per error.
ajv_rc=0
node "$REPO/scripts/ajv-validate.mjs" "$SCHEMA" "$@" >"$WORK/ajv.txt" 2>&1 || ajv_rc=$?
ajv_errors=$(grep -c '' "$WORK/ajv.txt" || true)
if [[ $ajv_rc -ne 0 ]]; then
  sed 's/^/ajv: /' "$WORK/ajv.txt"
  if [[ $ajv_rc -ne 1 || $ajv_errors -eq 0 ]]; then ajv_errors=$((ajv_errors + 1)); fi
fi
errors=$((errors + ajv_errors))

# (b) multitool: its exit code ignores findings (§2.1), so gate on the -o log with jq.
mt_errors=0
index=0
for file in "$@"; do
  index=$((index + 1))
  out="$WORK/mt-$index.sarif"
  log="$WORK/mt-$index.txt"
  mt_rc=0
  "$MT" validate --rule-kind "Sarif;Gh" "$file" -o "$out" --log ForceOverwrite >"$log" 2>&1 ||
    mt_rc=$?
  count=0
  if [[ -f "$out" ]]; then
    count=$(jq '[.runs[].results[]? | select(.level == "error")] | length' "$out")
  fi
  # Console lines carry the message text; the -o log only has message ids.
  if ! grep -F ': error ' "$log" | sed 's/^/sarif-multitool: /' && [[ $count -gt 0 ]]; then
    jq -r --arg f "$file" '.runs[].results[]? | select(.level == "error")
      | "sarif-multitool: \($f): error \(.ruleId)"' "$out"
  fi
  # Exit 1 means the tool itself failed (bad input, crash in a check): an error too.
  if [[ $mt_rc -ne 0 || ! -f "$out" ]]; then
    echo "sarif-multitool: $file: tool failure (exit $mt_rc); its output:"
    grep -vF ': error ' "$log" | sed 's/^/  /' || true
    count=$((count + 1))
  fi
  mt_errors=$((mt_errors + count))
done
errors=$((errors + mt_errors))

echo "ajv: $ajv_errors errors; sarif-multitool: $mt_errors errors"
echo "sarif validation: $# files, $errors errors"
[[ $errors -eq 0 ]]
