#!/bin/sh
# What help2man sees as `dockerd-lint` (scripts/man-page.sh links it under that name):
# --help prints the main help without its one-line description and subcommand list (the
# DESCRIPTION and SUBCOMMANDS of dockerd-lint.h2m say more), with one synopsis line per
# subcommand, followed by `check`'s options under their own heading, with "…" spelt "..."
# for roff. Anything else goes to the real binary, $DOCKERD_LINT_BINARY.
binary=${DOCKERD_LINT_BINARY:?DOCKERD_LINT_BINARY is not set}
if [ "${1-}" != --help ]; then
  exec "$binary" "$@"
fi
main=$("$binary" --help) || exit 1
check=$("$binary" check --help) || exit 1
{
  printf '%s\n' "$main" | sed -e '1,/^Usage:/{/^Usage:/!d;}' -e '/^Subcommands:/,$d' \
    -e 's|^Usage: .*|Usage: dockerd-lint [OPTIONS] SUBCOMMAND\
  or:  dockerd-lint check [OPTIONS] [PATH...]\
  or:  dockerd-lint rules\
  or:  dockerd-lint explain RULE|'
  printf '%s\n' "$check" | sed -e '1,/^Usage:/d' -e 's/^Positionals:/Arguments of check:/' \
    -e 's/^Options:/Options of check:/'
} | sed -e 's/\xe2\x80\xa6/.../g'
