#!/bin/sh
# Generates dockerd-lint.1 (and dockerd-lint.1.gz) with help2man from the built binary.
# usage: scripts/man-page.sh HELP2MAN DOCKERD_LINT_BINARY INCLUDE.h2m OUTPUT.1
# help2man reads `PROGRAM --help` and `PROGRAM --version`. `check`'s options live in the
# subcommand's help, so PROGRAM is docs/man/help2man-wrapper.sh, linked as `dockerd-lint`,
# which prints both.
set -eu

if [ "$#" -ne 4 ]; then
  echo "usage: $0 HELP2MAN DOCKERD_LINT_BINARY INCLUDE.h2m OUTPUT.1" >&2
  exit 2
fi
help2man=$1
binary=$2
include=$3
output=$4
here=$(cd "$(dirname "$0")/.." && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -s "$here/docs/man/help2man-wrapper.sh" "$work/dockerd-lint"

mkdir -p "$(dirname "$output")"
DOCKERD_LINT_BINARY=$binary "$help2man" --no-info --no-discard-stderr --section=1 \
  --name="find insecure Docker daemon API exposure in infrastructure repositories" \
  --include="$include" --output="$output.tmp" "$work/dockerd-lint"
grep -q '^\.SH "EXIT STATUS"' "$output.tmp" || {
  echo "$0: the generated man page has no EXIT STATUS section" >&2
  exit 1
}
mv "$output.tmp" "$output"
# -n: no file name or time stamp in the archive, so the package is reproducible.
gzip -9 -n -c "$output" >"$output.gz"
