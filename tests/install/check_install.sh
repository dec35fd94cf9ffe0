#!/usr/bin/env bash
# ctest cmake_install: `cmake --install BUILD_DIR --prefix TMP` must put exactly the binary,
# the gzipped man page and the rule pages in place (and nothing else: no test binary, no
# docs generator). usage: tests/install/check_install.sh BUILD_DIR [CMAKE]
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 BUILD_DIR [CMAKE]" >&2
  exit 2
fi
build=$1
cmake=${2:-cmake}
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT

fail() {
  echo "cmake_install: FAIL: $*" >&2
  exit 1
}

"$cmake" --install "$build" --prefix "$prefix" >/dev/null || fail "cmake --install $build failed"

binary="$prefix/bin/dockerd-lint"
[[ -x $binary ]] || fail "bin/dockerd-lint is not installed"
version=$("$binary" --version) || fail "bin/dockerd-lint --version failed"
[[ $version == "dockerd-lint "* ]] || fail "unexpected --version output: $version"

man="$prefix/share/man/man1/dockerd-lint.1.gz"
[[ -f $man ]] || fail "share/man/man1/dockerd-lint.1.gz is not installed"
gzip -t "$man" || fail "$man is not a valid gzip file"
page=$(gzip -dc "$man")
for section in NAME SYNOPSIS DESCRIPTION OPTIONS SUBCOMMANDS '"EXIT STATUS"' CONFIGURATION \
  ENVIRONMENT SUPPRESSIONS FILES '"SEE ALSO"'; do
  grep -q "^\.SH $section\$" <<<"$page" || fail "the man page has no $section section"
done
# check's options come from `dockerd-lint check --help`.
grep -q 'fail\\-on' <<<"$page" || fail "the man page does not describe check's --fail-on"

docs="$prefix/share/doc/dockerd-lint/rules"
[[ -f $docs/README.md ]] || fail "share/doc/dockerd-lint/rules/README.md is not installed"
rules=$("$binary" rules | grep -c '^DE[0-9]')
pages=$(find "$docs" -name 'DE[0-9][0-9][0-9].md' | wc -l)
[[ $pages -eq $rules ]] || fail "$pages rule pages installed for $rules rules"
while read -r id; do
  [[ -f $docs/$id.md ]] || fail "share/doc/dockerd-lint/rules/$id.md is not installed"
done < <("$binary" rules | awk '/^DE[0-9]/ {print $1}')

unexpected=$(cd "$prefix" && find . -type f | sed 's|^\./||' | {
  grep -v -e '^bin/dockerd-lint$' -e '^share/man/man1/dockerd-lint\.1\.gz$' \
    -e '^share/doc/dockerd-lint/rules/[^/]*\.md$' || true
})
[[ -z $unexpected ]] || fail "unexpected installed files: $unexpected"

echo "cmake_install: OK ($version; man page; $pages rule pages + index)"
