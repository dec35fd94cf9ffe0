#!/usr/bin/env bash
# Builds the Debian package with CPack and checks it (CI, and the ctest deb_package):
# metadata and Depends, the files it holds (binary, gzipped man page, rule pages; no test
# binary, no docs generator), then extracts it into a temporary root and runs the binary.
# usage: scripts/package-deb.sh BUILD_DIR      (CPACK=/path/to/cpack to choose cpack)
# The package is left in BUILD_DIR/deb/.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
cpack=${CPACK:-cpack}
out="$build/deb"

fail() {
  echo "deb_package: FAIL: $*" >&2
  exit 1
}

rm -rf "$out"
(cd "$build" && "$cpack" -G DEB -B "$out") >"$build/cpack-deb.log" 2>&1 ||
  { cat "$build/cpack-deb.log" >&2; fail "cpack -G DEB failed"; }

shopt -s nullglob
debs=("$out"/*.deb)
[[ ${#debs[@]} -eq 1 ]] || fail "expected one .deb in $out, found ${#debs[@]}"
deb=${debs[0]}

info=$(dpkg-deb --info "$deb")
echo "$info"
field() { dpkg-deb --field "$deb" "$1"; }
[[ $(field Package) == dockerd-lint ]] || fail "Package is not dockerd-lint"
[[ $(field Section) == devel ]] || fail "Section is not devel"
version=$(field Version)
arch=$(field Architecture)
[[ -n $version ]] || fail "no Version"
# Debian's file name convention (CPACK_DEBIAN_FILE_NAME DEB-DEFAULT).
[[ $(basename "$deb") == "dockerd-lint_${version}_${arch}.deb" ]] ||
  fail "file name $(basename "$deb") is not dockerd-lint_${version}_${arch}.deb"
depends=$(field Depends)
[[ -n $depends ]] || fail "no Depends (CPACK_DEBIAN_PACKAGE_SHLIBDEPS needs dpkg-shlibdeps)"
# DL_EXPECT_DEPENDS: further libraries the build links (tests/CMakeLists.txt: libjemalloc2).
read -r -a expected_extra <<<"${DL_EXPECT_DEPENDS:-}"
for library in libyaml-0-2 libstdc++6 libc6 "${expected_extra[@]}"; do
  [[ $depends == *"$library"* ]] || fail "Depends lacks $library: $depends"
done

contents=$(dpkg-deb --contents "$deb")
has() { grep -Eq " \./$1\$" <<<"$contents" || fail "the package lacks /$1"; }
has 'usr/bin/dockerd-lint'
has 'usr/share/man/man1/dockerd-lint\.1\.gz'
has 'usr/share/doc/dockerd-lint/rules/README\.md'
has 'usr/share/doc/dockerd-lint/rules/DE101\.md'
if grep -Eq 'dl_tests|gen-docs|dockerd-lint\.1$' <<<"$contents"; then
  fail "the package holds files it must not: $(grep -E 'dl_tests|gen-docs|dockerd-lint\.1$' <<<"$contents")"
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
binary="$root/usr/bin/dockerd-lint"
[[ -x $binary ]] || fail "usr/bin/dockerd-lint is not executable after extraction"
reported=$("$binary" --version) || fail "the packaged binary does not run"
[[ $reported == "dockerd-lint $version" ]] || fail "--version says '$reported', package $version"
"$binary" explain DE101 >/dev/null || fail "the packaged binary cannot explain DE101"
man="$root/usr/share/man/man1/dockerd-lint.1.gz"
gzip -t "$man" || fail "the man page is not gzipped"
zcat "$man" | grep -q '^\.SH "EXIT STATUS"' || fail "the man page has no EXIT STATUS section"

echo "deb_package: OK $(basename "$deb") (Depends: $depends)"
