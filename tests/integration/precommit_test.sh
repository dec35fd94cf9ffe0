#!/usr/bin/env bash
# ctest: the hooks of .pre-commit-hooks.yaml run under the real pre-commit (Debian 3.0.4),
# offline, in throw-away git repositories (../shared/docs/sarif-precommit.md §3.4).
#
# Usage: tests/integration/precommit_test.sh DOCKERD_LINT_BINARY
#          the `dockerd-lint` (system) hook, and the `dockerd-lint-build` (script) hook with
#          its cache seeded from DOCKERD_LINT_BINARY (argument handling, cache hit, lock,
#          missing tools); a few seconds.
#        tests/integration/precommit_test.sh --build-from-source CACHE_DIR
#          the `dockerd-lint-build` hook builds dockerd-lint from a copy of this source tree
#          into CACHE_DIR (kept between runs, so unchanged sources are a cache hit); a full
#          build when cold (minutes). NPM_TARBALL_DIR must name the pinned npm tarballs so the
#          build is offline.
# The hook repository is a committed copy of the working tree (tracked and untracked files),
# so uncommitted edits are what is tested. Exit 77 (skipped) only when pre-commit is missing.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODE=hooks
if [[ ${1:-} == --build-from-source ]]; then
  MODE=build
  BUILD_CACHE="$2"
  mkdir -p "$BUILD_CACHE"
  BUILD_CACHE="$(cd "$BUILD_CACHE" && pwd)"
else
  BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
  [[ -x $BIN ]] || { echo "not an executable: $1" >&2; exit 2; }
fi

if ! command -v pre-commit >/dev/null 2>&1; then
  echo "SKIP: pre-commit is not installed (Debian package pre-commit; setup.sh installs it)"
  exit 77
fi
# pre-commit's own interpreter has PyYAML (a dependency of the Debian package).
PY=$(head -n1 "$(command -v pre-commit)" | sed -n 's/^#! *//p' | cut -d' ' -f1)
[[ -x ${PY:-} ]] || PY=python3

T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
cd "$T"  # git commands below run in repositories under $T, never in the source tree
# A clean user: no global git config or pre-commit cache (pitfalls 1 and 4 of §3.4).
export HOME="$T/home" PRE_COMMIT_HOME="$T/pre-commit-home" XDG_CACHE_HOME="$T/cache"
export GIT_CONFIG_NOSYSTEM=1 PRE_COMMIT_COLOR=never
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid
unset DOCKERD_LINT_PREBUILT CXX CMAKE_GENERATOR
mkdir -p "$HOME"
if [[ $MODE == hooks ]]; then
  # The `system` hook's entry is `dockerd-lint`: the binary under test comes first on PATH.
  PATH="$(dirname "$BIN"):$PATH"
  export PATH
fi

failures=0
fail() {
  printf '%s\n' "$out" | sed 's/^/    | /' | tail -n 60 >&2
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
# run CMD...: sets $out (stdout and stderr) and $rc.
run() {
  rc=0
  out=$("$@" 2>&1) || rc=$?
}
expect_rc() { [[ $rc == "$1" ]] || fail "$2: exit code $rc, expected $1"; }
expect_out() { grep -Eq -- "$1" <<<"$out" || fail "$2: output lacks /$1/"; }
expect_no_out() { ! grep -Eq -- "$1" <<<"$out" || fail "$2: output has /$1/"; }
count_out() { grep -Ec -- "$1" <<<"$out" || true; }
# Files the linter scanned, summed over pre-commit's batches (one summary line per batch).
scanned() { grep -oE '[0-9]+ files? scanned' <<<"$out" | awk '{ n += $1 } END { print n + 0 }'; }
case_() { echo "== $*"; }

# --- hook repository: a committed copy of the working tree ------------------------------
# What `git add -A` would commit (tracked and untracked, not ignored), or without git every
# file outside the build directories. A fixed date gives unchanged sources the same commit,
# which is the build hook's cache key.
HOOK="$T/hook"
mkdir -p "$HOOK"
if git -C "$REPO" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git -C "$REPO" ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do if [[ -e $REPO/$f ]]; then printf '%s\0' "$f"; fi; done |
    tar -C "$REPO" --null -T - -cf - | tar -C "$HOOK" -xf -
else
  (cd "$REPO" && find . \( -path ./.git -o -path './build*' \) -prune -o -type f -print0 |
    tar --null -T - -cf -) | tar -C "$HOOK" -xf -
fi
git -C "$HOOK" init -q -b main
git -C "$HOOK" add -A
GIT_AUTHOR_DATE=2000-01-01T00:00:00Z GIT_COMMITTER_DATE=2000-01-01T00:00:00Z \
  git -C "$HOOK" commit -qm "hook repository under test"
HOOK_REV=$(git -C "$HOOK" rev-parse HEAD)

case_ "pre-commit validate-manifest"
run pre-commit validate-manifest "$REPO/.pre-commit-hooks.yaml"
expect_rc 0 "validate-manifest"

# new_target NAME: an empty git repository, made the working directory.
new_target() {
  mkdir -p "$T/$1"
  cd "$T/$1"
  git init -q -b main
}
put() {  # put PATH CONTENT (printf format)
  mkdir -p "$(dirname "$1")"
  # shellcheck disable=SC2059 # the content is a printf format on purpose
  printf -- "$2" >"$1"
}
BAD_JSON='{\n  "hosts": ["tcp://0.0.0.0:2375"]\n}\n'
GOOD_JSON='{\n  "hosts": ["unix:///var/run/docker.sock"]\n}\n'
# Sample scripts, YAML, Dockerfiles and Terraform mention Docker, as the files the hook is for
# do: without any Docker token such a file is read but not parsed (the prefilter), and not
# counted in "N files scanned", which these checks use to see that a file reached the linter.
SH_GOOD='#!/bin/sh\ndocker info\n'

# many_files N BAD: N files, half daemon.json and half shell scripts; BAD=1 makes one bad.
many_files() {
  local i
  for ((i = 1; i <= $1 / 2; i++)); do
    put "$(printf 'hosts/h%03d/daemon.json' "$i")" "$GOOD_JSON"
    put "$(printf 'scripts/s%03d.sh' "$i")" "$SH_GOOD"
  done
  if [[ $2 == 1 ]]; then put hosts/h077/daemon.json "$BAD_JSON"; fi
}
PARALLEL=$("$PY" -c 'from pre_commit.languages.helpers import target_concurrency as t; print(t())' \
  2>/dev/null || echo 1)

if [[ $MODE == hooks ]]; then
  # --- the `dockerd-lint` (system) hook -------------------------------------------------
  new_target basic
  put daemon.json "$BAD_JSON"
  put README.md '# notes\n'
  put "my dir/daemon.json" "$BAD_JSON"

  case_ "a bad daemon.json fails the hook, naming file:line and the rule"
  run pre-commit try-repo "$HOOK" dockerd-lint --files daemon.json README.md
  expect_rc 1 "bad daemon.json"
  expect_out '^daemon\.json:2:[0-9]+: error\[DE101/' "bad daemon.json"
  expect_out 'Failed' "bad daemon.json"
  expect_out '^1 file scanned, ' "bad daemon.json (README.md is not passed)"

  case_ "a file name with a space is passed as one argument"
  run pre-commit try-repo "$HOOK" dockerd-lint --files "my dir/daemon.json"
  expect_rc 1 "file name with a space"
  expect_out '^my dir/daemon\.json:2:[0-9]+: error\[DE101/' "file name with a space"

  case_ "--all-files sees only tracked files (the documented pitfall), then every file"
  run pre-commit try-repo "$HOOK" dockerd-lint --all-files
  expect_rc 0 "--all-files, nothing tracked"
  expect_out '\(no files to check\)Skipped' "--all-files, nothing tracked"
  git add -A
  run pre-commit try-repo "$HOOK" dockerd-lint --all-files
  expect_rc 1 "--all-files after git add"
  expect_out '^daemon\.json:2:[0-9]+: error\[DE101/' "--all-files after git add"
  expect_out '^my dir/daemon\.json:2:[0-9]+: error\[DE101/' "--all-files after git add"

  new_target good
  put daemon.json "$GOOD_JSON"
  put docker-compose.yml 'services:\n  web:\n    image: docker.io/library/nginx\n    ports: ["8080:80"]\n'
  put scripts/start "$SH_GOOD"
  put README.md '# notes\n'
  git add -A

  case_ "good files pass, and the summary shows although the hook passed (verbose)"
  run pre-commit try-repo "$HOOK" dockerd-lint --all-files
  expect_rc 0 "good files"
  expect_out 'Passed' "good files"
  expect_out '^3 files scanned, 0 findings' "good files (verbose summary)"

  case_ "only files the linter does not read: no usage error, exit 0"
  put LICENSE 'MIT License\n'   # extension-less, so it matches `files`, but has no shebang
  git add -A
  run pre-commit try-repo "$HOOK" dockerd-lint --files LICENSE README.md
  expect_rc 0 "irrelevant files only"
  expect_out '0 files scanned' "irrelevant files only"
  run pre-commit try-repo "$HOOK" dockerd-lint --files README.md
  expect_rc 0 "no matching file"
  expect_out '\(no files to check\)Skipped' "no matching file"

  # Each kind pre-commit's type tags alone would miss: identify tags all of them only `text`.
  case_ "*.dockerfile, drop-in, extension-less script and default/docker are passed"
  new_target kinds
  put app.dockerfile 'FROM docker:dind\nRUN dockerd -H tcp://0.0.0.0:2375 &\n'
  put etc/systemd/system/docker.service.d/override.conf \
    '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375\n'
  put bin/start-docker '#!/bin/sh\nexec dockerd -H tcp://0.0.0.0:2375\n'
  put etc/default/docker 'DOCKER_OPTS="-H tcp://0.0.0.0:2375"\n'
  git add -A
  for f in app.dockerfile etc/systemd/system/docker.service.d/override.conf bin/start-docker \
    etc/default/docker; do
    run pre-commit try-repo "$HOOK" dockerd-lint --files "$f"
    expect_rc 1 "$f"
    expect_out "^$f:[0-9]+:[0-9]+: error\\[DE101/" "$f"
  done

  case_ "the files regex covers every kind of file the linter reads"
  new_target coverage
  J='{}\n'
  for n in daemon.json etc/docker/daemon.json a/prod.daemon.json a/prod-daemon.json \
    a/prod_daemon.json t/daemon.json.j2 t/daemon.json.tpl t2/daemon.j2 t3/x-daemon.jinja2 \
    t4/x.daemon.tmpl t5/daemon.json.jinja; do put "$n" "$J"; done
  for n in u/docker.service t/docker.service.j2 etc/systemd/system/docker.service; do
    put "$n" '[Unit]\nDescription=test\n'
  done
  put u/docker.socket '[Socket]\nListenStream=/run/test.sock\n'
  put u/docker.service.d/override.conf '[Service]\nEnvironment=A=1\n'
  put u/docker.socket.d/10-listen.conf '[Socket]\n'
  for n in compose.yaml docker-compose.yml .gitlab-ci.yml .github/workflows/ci.yml; do
    put "$n" '# docker\nkey: value\n'
  done
  put roles/x/tasks/main.yaml '- name: x\n  shell: docker info\n'
  for n in app.dockerfile app.Dockerfile app-Dockerfile d/Dockerfile d/Dockerfile.dev \
    d/Containerfile d/Containerfile.dev d2/Dockerfile.j2; do
    put "$n" 'FROM docker.io/library/alpine\n'
  done
  put main.tf 'resource "aws_instance" "x" {\n  user_data = "#!/bin/sh\\ndocker info\\n"\n}\n'
  for n in user-data c/user-data.yml c/cloud-config.txt c/cloud-init.cfg; do
    put "$n" '#cloud-config\nruncmd:\n  - docker info\n'
  done
  for n in setup.sh run.bash run.ksh t/start.sh.j2 bin/start bin2/start.j2; do
    put "$n" "$SH_GOOD"
  done
  for n in etc/default/docker e/sysconfig/docker e/conf.d/docker e/default/docker-network \
    e/sysconfig/docker-storage e2/default/docker.j2; do put "$n" 'DOCKER_OPTS=""\n'; done
  put README.md '# x\n'
  put notes.txt 'x\n'
  git add -A
  run "$BIN" check --no-source .
  readable=$(scanned)
  [[ $readable == 47 ]] || fail "coverage: the linter reads $readable of the 47 sample files"
  run pre-commit try-repo "$HOOK" dockerd-lint --all-files
  expect_rc 0 "coverage"
  [[ $(scanned) == "$readable" ]] ||
    fail "coverage: the hook scanned $(scanned) files, the linter reads $readable"

  # --- hundreds of files in one commit, through the installed git hook ------------------
  case_ "300 files in one commit: one process (require_serial), blocked by one bad file, then committed"
  new_target many
  cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $HOOK
    rev: $HOOK_REV
    hooks:
      - id: dockerd-lint
EOF
  run pre-commit install
  expect_rc 0 "pre-commit install"
  many_files 300 1
  git add -A
  run git commit -qm "300 files"
  expect_rc 1 "300 files with a bad one"
  expect_out '^hosts/h077/daemon\.json:2:[0-9]+: error\[DE101/' "300 files with a bad one"
  [[ $(scanned) == 300 ]] || fail "300 files with a bad one: $(scanned) files scanned"
  batches=$(count_out 'files? scanned')
  echo "   $batches batch(es) on $PARALLEL CPU(s)"
  # require_serial: one linter process sees every file of a daemon (see the next case).
  ((batches == 1)) || fail "300 files: expected one batch, got $batches"
  if git rev-parse -q --verify HEAD >/dev/null; then fail "the bad commit was not blocked"; fi
  put hosts/h077/daemon.json "$GOOD_JSON"
  git add -A
  run git commit -qm "300 files"
  expect_rc 0 "300 good files"
  [[ $(scanned) == 300 ]] || fail "300 good files: $(scanned) files scanned"
  git rev-parse -q --verify HEAD >/dev/null || fail "the good commit was not made"

  case_ "a commit without files (checkov#5593) passes"
  run git commit -q --allow-empty -m "no files"
  expect_rc 0 "empty commit"
  expect_out '\(no files to check\)Skipped' "empty commit"

  case_ "files of one daemon in a commit with many files are linted together (DE004)"
  new_target one-daemon
  put etc/docker/daemon.json '{\n  "hosts": ["unix:///var/run/docker.sock"]\n}\n'
  put etc/systemd/system/docker.service.d/override.conf \
    '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n'
  for i in 1 2 3 4 5 6 7 8 9 10 11 12; do put "scripts/run$i.sh" "$SH_GOOD"; done
  git add -A
  run pre-commit try-repo "$HOOK" dockerd-lint --all-files
  expect_rc 1 "one daemon across files"
  expect_out 'error\[DE004/' "one daemon across files"

  case_ "hook args reach the linter (args: [--fail-on, never])"
  new_target args
  cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $HOOK
    rev: $HOOK_REV
    hooks:
      - id: dockerd-lint
        args: [--fail-on, never]
EOF
  put daemon.json "$BAD_JSON"
  git add -A
  run pre-commit run --all-files
  expect_rc 0 "--fail-on never"
  expect_out '^daemon\.json:2:[0-9]+: error\[DE101/' "--fail-on never"

  # --- the `dockerd-lint-build` (script) hook, cache seeded with the binary under test ---
  new_target script
  put daemon.json "$BAD_JSON"
  put ok.daemon.json "$GOOD_JSON"
  git add -A

  case_ "build hook, cold cache: caches the binary, then runs it"
  run env DOCKERD_LINT_PREBUILT="$BIN" pre-commit try-repo "$HOOK" dockerd-lint-build \
    --files daemon.json ok.daemon.json
  expect_rc 1 "build hook, cold cache"
  expect_out 'caching prebuilt' "build hook, cold cache"
  expect_out '^daemon\.json:2:[0-9]+: error\[DE101/' "build hook, cold cache"
  expect_out '^2 files scanned, ' "build hook, cold cache"
  slots=("$XDG_CACHE_HOME"/dockerd-lint/pre-commit/*/dockerd-lint)
  [[ ${#slots[@]} == 1 && -x ${slots[0]} ]] || fail "build hook: no binary in the cache"

  case_ "build hook, cache hit: no build (a build would fail: CXX does not exist)"
  run env CXX=/nonexistent/c++ pre-commit try-repo "$HOOK" dockerd-lint-build \
    --files daemon.json ok.daemon.json
  expect_rc 1 "build hook, cache hit"
  expect_out '^- exit code: 1$' "build hook, cache hit"
  expect_out '^daemon\.json:2:[0-9]+: error\[DE101/' "build hook, cache hit"
  expect_no_out 'caching prebuilt|building dockerd-lint' "build hook, cache hit"
  run env CXX=/nonexistent/c++ pre-commit try-repo "$HOOK" dockerd-lint-build --files ok.daemon.json
  expect_rc 0 "build hook, cache hit, good file"

  case_ "build hook, cold cache without a compiler: clear message, exit 2"
  run env XDG_CACHE_HOME="$T/cache-nocxx" CXX=/nonexistent/c++ \
    pre-commit try-repo "$HOOK" dockerd-lint-build --files daemon.json
  expect_rc 1 "build hook without a compiler"
  expect_out 'exit code: 2' "build hook without a compiler"
  expect_out 'cannot build dockerd-lint: missing /nonexistent/c\+\+' "build hook without a compiler"
  # Without cmake (a PATH with only the shell tools the script needs).
  mkdir -p "$T/minbin"
  for tool in bash env git dirname basename find xargs sort sha256sum cut uname mkdir flock \
    sed cat getconf tail rm cp mv chmod; do
    ln -sf "$(command -v "$tool")" "$T/minbin/$tool"
  done
  run env PATH="$T/minbin" XDG_CACHE_HOME="$T/cache-nocmake" \
    "$HOOK/scripts/pre-commit-build-and-run.sh" daemon.json
  expect_rc 2 "build hook without cmake"
  expect_out 'cannot build dockerd-lint: missing cmake, g\+\+ \(a C\+\+20 compiler\), ninja or make' \
    "build hook without cmake"

  case_ "build hook: a batch that waited for the lock uses the other batch's build"
  C4="$T/cache-lock"
  run env XDG_CACHE_HOME="$C4" DOCKERD_LINT_PREBUILT="$BIN" \
    "$HOOK/scripts/pre-commit-build-and-run.sh" ok.daemon.json
  expect_rc 0 "lock: seeding"
  slot=$(dirname "$(echo "$C4"/dockerd-lint/pre-commit/*/dockerd-lint)")
  rm -f "$slot/dockerd-lint"
  (
    exec 9>>"$slot/lock"
    flock 9
    touch "$T/locked"
    sleep 2
    cp "$BIN" "$slot/dockerd-lint"
  ) &
  holder=$!
  while [[ ! -e $T/locked ]]; do sleep 0.1; done
  # Were the lock ignored, this run would try the (impossible) prebuilt binary: exit 2.
  run env XDG_CACHE_HOME="$C4" DOCKERD_LINT_PREBUILT=/nonexistent/dockerd-lint \
    "$HOOK/scripts/pre-commit-build-and-run.sh" daemon.json
  wait "$holder"
  expect_rc 1 "lock"
  expect_out 'waiting for another build' "lock"
  expect_out '^daemon\.json:2:[0-9]+: error\[DE101/' "lock"

  case_ "build hook: the same cache entry for pre-commit run and for a partial git commit"
  new_target script-commit
  cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $HOOK
    rev: $HOOK_REV
    hooks:
      - id: dockerd-lint-build
EOF
  put daemon.json "$GOOD_JSON"
  put other.daemon.json "$BAD_JSON"
  git add -A
  run env XDG_CACHE_HOME="$T/cache-commit" DOCKERD_LINT_PREBUILT="$BIN" \
    pre-commit run --files daemon.json
  expect_rc 0 "pre-commit run"
  expect_out 'caching prebuilt' "pre-commit run"
  run pre-commit install
  # `git commit PATH...` goes through a temporary index, exported to the hook as
  # GIT_INDEX_FILE; the hook repository's cache key must not change with it.
  run env XDG_CACHE_HOME="$T/cache-commit" CXX=/nonexistent/c++ \
    git commit -qm good -- daemon.json .pre-commit-config.yaml
  expect_rc 0 "partial git commit"
  expect_no_out 'caching prebuilt|building dockerd-lint|cannot build' "partial git commit"
  git rev-parse -q --verify HEAD >/dev/null || fail "the partial commit was not made"

  case_ "build hook, cold cache, 300 files in parallel batches: one cache fill"
  new_target script-many
  many_files 300 1
  git add -A
  run env XDG_CACHE_HOME="$T/cache-many" DOCKERD_LINT_PREBUILT="$BIN" \
    pre-commit try-repo "$HOOK" dockerd-lint-build --all-files
  expect_rc 1 "build hook, 300 files"
  [[ $(scanned) == 300 ]] || fail "build hook, 300 files: $(scanned) files scanned"
  [[ $(count_out 'caching prebuilt') == 1 ]] ||
    fail "build hook, 300 files: the cache was filled $(count_out 'caching prebuilt') times"
else
  # --- the `dockerd-lint-build` hook builds from source ---------------------------------
  [[ -n ${NPM_TARBALL_DIR:-} ]] || echo "note: NPM_TARBALL_DIR is not set; CMake runs npm pack"
  # Keep at most a few source versions in the persistent cache.
  shopt -s nullglob
  old=("$BUILD_CACHE"/dockerd-lint/pre-commit/*/)
  if ((${#old[@]} > 3)); then rm -rf "$BUILD_CACHE"/dockerd-lint/pre-commit; fi
  export XDG_CACHE_HOME="$BUILD_CACHE"

  case_ "build hook builds from source once and runs"
  new_target build
  many_files 300 1
  git add -A
  start=$SECONDS
  run pre-commit try-repo "$HOOK" dockerd-lint-build --all-files
  echo "   pre-commit took $((SECONDS - start)) s"
  expect_rc 1 "build from source"
  expect_out '^hosts/h077/daemon\.json:2:[0-9]+: error\[DE101/' "build from source"
  [[ $(scanned) == 300 ]] || fail "build from source: $(scanned) files scanned"
  builds=$(count_out 'building dockerd-lint [0-9a-f]+ from')
  echo "   $builds build(s)"
  # The lock that makes concurrent runs share one build is tested with the fast cases.
  ((builds <= 1)) || fail "build from source: built $builds times"
  slots=("$BUILD_CACHE"/dockerd-lint/pre-commit/*/dockerd-lint)
  ((${#slots[@]} >= 1)) || fail "build from source: no binary in the cache"
  for slot in "$BUILD_CACHE"/dockerd-lint/pre-commit/*/; do
    [[ ! -d $slot/build ]] || fail "build from source: the build directory was left in $slot"
  done

  case_ "build hook: the second run is a cache hit"
  put hosts/h077/daemon.json "$GOOD_JSON"
  git add -A
  run env CXX=/nonexistent/c++ pre-commit try-repo "$HOOK" dockerd-lint-build --all-files
  expect_rc 0 "build hook, second run"
  expect_no_out 'building dockerd-lint' "build hook, second run"
  [[ $(scanned) == 300 ]] || fail "build hook, second run: $(scanned) files scanned"
fi

if ((failures)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all pre-commit checks passed ($MODE)"
