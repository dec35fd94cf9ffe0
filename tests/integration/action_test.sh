#!/usr/bin/env bash
# ctest: action.yml (the composite GitHub Action) and docs/examples/github-code-scanning.yml.
# Static checks of both files, then the action's lint step is run the way the runner runs it
# (bash --noprofile --norc -eo pipefail, inputs through `env:`, $GITHUB_OUTPUT) against
# temporary workspaces: the SARIF file must be written even when the step fails on findings.
# Usage: tests/integration/action_test.sh DOCKERD_LINT_BINARY
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
[[ -x $BIN ]] || { echo "not an executable: $1" >&2; exit 2; }

PY=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import yaml' 2>/dev/null; then
    PY=$candidate
    break
  fi
done
if [[ -z $PY ]]; then
  echo "SKIP: no python3 with PyYAML (Debian package python3-yaml; setup.sh installs it)"
  exit 77
fi

T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
rc=0
"$PY" - "$REPO" "$BIN" "$T" <<'PYTHON' || rc=$?
import json
import os
import re
import subprocess
import sys

import yaml

repo, binary, tmp = sys.argv[1:4]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL: " + message)


def load(path):
    with open(os.path.join(repo, path), encoding="utf-8") as f:
        text = f.read()
    return text, yaml.safe_load(text)


EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

# --- action.yml --------------------------------------------------------------------------
print("== action.yml: static checks")
action_text, action = load("action.yml")
inputs = action.get("inputs") or {}
runs = action.get("runs") or {}
steps = runs.get("steps") or []
check(runs.get("using") == "composite", "runs.using is %r, not composite" % runs.get("using"))
for name in ("path", "category", "sarif-file", "fail-on", "args"):
    check(name in inputs, "input %s is not declared" % name)
expected_defaults = {"path": ".", "category": "dockerd-lint", "sarif-file": "dockerd-lint.sarif",
                     "fail-on": "error", "args": ""}
for name, default in expected_defaults.items():
    check(str((inputs.get(name) or {}).get("default")) == default,
          "input %s: default %r, expected %r" % (name, (inputs.get(name) or {}).get("default"),
                                                  default))
for used in re.findall(r"\$\{\{\s*inputs\.([A-Za-z0-9_-]+)", action_text):
    check(used in inputs, "${{ inputs.%s }} is used but not declared" % used)
for index, step in enumerate(steps):
    label = step.get("name") or step.get("id") or "#%d" % index
    if "run" in step:
        check("shell" in step, "step %s has `run` but no `shell`" % label)
        check("${{" not in step["run"],
              "step %s: `${{` inside `run:` (pass values through env:)" % label)
step_by_id = {step["id"]: step for step in steps if "id" in step}
outputs = action.get("outputs") or {}
for name in ("sarif-file", "exit-code"):
    check(name in outputs, "output %s is not declared" % name)
for name, output in outputs.items():
    m = re.fullmatch(r"\$\{\{\s*steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\s*\}\}",
                     str(output.get("value", "")))
    check(m is not None, "output %s: value is not ${{ steps.ID.outputs.NAME }}" % name)
    if m:
        step = step_by_id.get(m.group(1))
        check(step is not None, "output %s: no step with id %s" % (name, m.group(1)))
        if step:
            check(re.search(r"(^|[\s\"'])%s=" % re.escape(m.group(2)), step.get("run", "")) and
                  "$GITHUB_OUTPUT" in step.get("run", ""),
                  "output %s: step %s never writes %s= to $GITHUB_OUTPUT"
                  % (name, m.group(1), m.group(2)))
lint = step_by_id.get("lint")
check(lint is not None and "run" in (lint or {}), "no lint step (id: lint) with a run script")
build = next((s for s in steps if "setup.sh" in s.get("run", "")), None)
check(build is not None, "no step runs setup.sh")
setup = os.path.join(repo, "setup.sh")
check(os.access(setup, os.X_OK), "setup.sh is not executable")
with open(setup, encoding="utf-8") as f:
    setup_text = f.read()
check('BUILD_DIR="${BUILD_DIR:-' in setup_text and '"$@"' in setup_text,
      "setup.sh no longer honours BUILD_DIR and passes its arguments to cmake")
if build and lint:
    check(build.get("env", {}).get("BUILD_DIR", "") + "/dockerd-lint" ==
          lint.get("env", {}).get("DL_BIN"),
          "the lint step's DL_BIN is not the binary the build step builds")
    check("${{ github.action_path }}" == build.get("env", {}).get("DL_ACTION_PATH"),
          "the build step does not run setup.sh from github.action_path")
if failures:
    sys.exit(1)

# --- docs/examples/github-code-scanning.yml ---------------------------------------------
print("== docs/examples/github-code-scanning.yml: static checks")
_, workflow = load("docs/examples/github-code-scanning.yml")
check(True in workflow or "on" in workflow, "the example has no `on:`")
jobs = workflow.get("jobs") or {}
check(len(jobs) == 1, "the example should have one job")
job = next(iter(jobs.values())) if jobs else {}
permissions = dict(workflow.get("permissions") or {})
permissions.update(job.get("permissions") or {})
check(permissions.get("security-events") == "write", "permissions: security-events: write missing")
check(permissions.get("contents") == "read", "permissions: contents: read missing")
wsteps = job.get("steps") or []
uses = [str(s.get("uses", "")) for s in wsteps]
check("actions/checkout@v4" in uses, "the example does not use actions/checkout@v4")
ours = [i for i, u in enumerate(uses) if u.startswith("dockerd-lint/dockerd-lint@") or u == "./"]
upload = [i for i, u in enumerate(uses) if u == "github/codeql-action/upload-sarif@v3"]
check(len(ours) == 1, "the example does not use the action exactly once")
check(len(upload) == 1, "the example does not use github/codeql-action/upload-sarif@v3")
if ours and upload:
    ours_step, upload_step = wsteps[ours[0]], wsteps[upload[0]]
    check(upload[0] > ours[0] > uses.index("actions/checkout@v4"),
          "the steps are not checkout, dockerd-lint, upload-sarif in that order")
    given = ours_step.get("with") or {}
    for key in given:
        check(key in inputs, "the example passes undeclared input %s" % key)
    check("always()" in str(upload_step.get("if", "")), "upload-sarif does not run `if: always()`")
    uwith = upload_step.get("with") or {}
    sarif_path = str(given.get("sarif-file", inputs["sarif-file"]["default"]))
    step_id = ours_step.get("id")
    check(re.fullmatch(r"\$\{\{\s*steps\.%s\.outputs\.sarif-file\s*\}\}" % re.escape(str(step_id)),
                       str(uwith.get("sarif_file", ""))) is not None
          or uwith.get("sarif_file") == sarif_path,
          "upload-sarif's sarif_file is neither the action's sarif-file output nor %s" % sarif_path)
    category = str(given.get("category", inputs["category"]["default"]))
    check(str(uwith.get("category")) == category,
          "upload-sarif's category %r differs from the action's %r" % (uwith.get("category"),
                                                                      category))
if failures:
    sys.exit(1)


# --- the lint step, run as the runner runs it -----------------------------------------
def evaluate(value, given, context):
    def replace(m):
        expression = m.group(1)
        if expression.startswith("inputs."):
            name = expression[len("inputs."):]
            return str(given.get(name, inputs[name].get("default", "")))
        if expression in context:
            return context[expression]
        raise SystemExit("unsupported expression in the lint step: " + m.group(0))
    return EXPR.sub(replace, str(value))


runner_temp = os.path.join(tmp, "runner-temp")
os.makedirs(os.path.join(runner_temp, "dockerd-lint-build"))
os.symlink(binary, os.path.join(runner_temp, "dockerd-lint-build", "dockerd-lint"))


def run_lint(name, files, given):
    workspace = os.path.join(tmp, name)
    for path, content in files.items():
        full = os.path.join(workspace, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(content)
    os.makedirs(workspace, exist_ok=True)
    context = {"runner.temp": runner_temp, "github.action_path": repo,
               "github.workspace": workspace}
    github_output = os.path.join(tmp, name + ".github_output")
    open(github_output, "w").close()
    env = {"PATH": os.environ["PATH"], "HOME": tmp, "GITHUB_OUTPUT": github_output,
           "GITHUB_WORKSPACE": workspace}
    for key, value in (lint.get("env") or {}).items():
        env[key] = evaluate(value, given, context)
    script = os.path.join(tmp, name + ".sh")
    with open(script, "w", encoding="utf-8") as f:
        f.write(lint["run"])
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
                          cwd=workspace, env=env, capture_output=True, text=True)
    with open(github_output, encoding="utf-8") as f:
        outs = dict(line.split("=", 1) for line in f.read().splitlines() if "=" in line)
    sarif = None
    sarif_path = os.path.join(workspace, outs.get("sarif-file", "/nonexistent"))
    if os.path.isfile(sarif_path):
        with open(sarif_path, encoding="utf-8") as f:
            sarif = json.load(f)
    return proc, outs, sarif, workspace


def rule_ids(sarif):
    return sorted({r["ruleId"] for r in sarif["runs"][0]["results"]})


BAD = '{\n  "hosts": ["tcp://0.0.0.0:2375"]\n}\n'
GOOD = '{\n  "hosts": ["unix:///var/run/docker.sock"]\n}\n'

print("== lint step: findings -> SARIF written, outputs set, then the step fails (exit 1)")
proc, outs, sarif, _ = run_lint("bad", {"etc/docker/daemon.json": BAD, "README.md": "# x\n"}, {})
check(proc.returncode == 1, "bad: step exit %d, expected 1\n%s%s" % (proc.returncode,
                                                                   proc.stdout, proc.stderr))
check(outs.get("exit-code") == "1", "bad: output exit-code=%r" % outs.get("exit-code"))
check(outs.get("sarif-file") == "dockerd-lint.sarif", "bad: output sarif-file=%r"
      % outs.get("sarif-file"))
check(sarif is not None, "bad: no SARIF file")
if sarif:
    check("DE101" in rule_ids(sarif), "bad: SARIF lacks DE101: %s" % rule_ids(sarif))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"]}
    check(uris == {"etc/docker/daemon.json"}, "bad: result URIs %s" % uris)
    check(sarif["runs"][0].get("automationDetails", {}).get("id", "").startswith("dockerd-lint"),
          "bad: automationDetails.id %r" % sarif["runs"][0].get("automationDetails"))

print("== lint step: inputs category, sarif-file in a new directory, fail-on never, args")
proc, outs, sarif, _ = run_lint(
    "options", {"my dir/daemon.json": BAD},
    {"path": "my dir", "category": "infra", "sarif-file": "reports/sub/out.sarif",
     "fail-on": "never", "args": "--ignore DE103  --no-source"})
check(proc.returncode == 0, "options: step exit %d, expected 0\n%s%s" % (proc.returncode,
                                                                       proc.stdout, proc.stderr))
check(outs.get("exit-code") == "0", "options: output exit-code=%r" % outs.get("exit-code"))
check(outs.get("sarif-file") == "reports/sub/out.sarif", "options: sarif-file=%r"
      % outs.get("sarif-file"))
if sarif:
    check(rule_ids(sarif) == ["DE101"], "options: rules %s (DE103 ignored)" % rule_ids(sarif))
    check(sarif["runs"][0].get("automationDetails", {}).get("id", "").startswith("infra"),
          "options: automationDetails.id %r" % sarif["runs"][0].get("automationDetails"))
else:
    check(False, "options: no SARIF file")

print("== lint step: fail-on warning fails on a warning-only finding")
proc, outs, sarif, _ = run_lint("warning", {"daemon.json": BAD},
                                {"fail-on": "warning", "args": "--select DE103"})
check(proc.returncode == 1 and outs.get("exit-code") == "1",
      "warning: step exit %d, exit-code=%r" % (proc.returncode, outs.get("exit-code")))
check(sarif is not None and rule_ids(sarif) == ["DE103"], "warning: SARIF %s"
      % (rule_ids(sarif) if sarif else None))

print("== lint step: a clean tree passes with an empty SARIF")
proc, outs, sarif, _ = run_lint("clean", {"daemon.json": GOOD}, {})
check(proc.returncode == 0 and outs.get("exit-code") == "0",
      "clean: step exit %d, exit-code=%r" % (proc.returncode, outs.get("exit-code")))
check(sarif is not None and sarif["runs"][0]["results"] == [], "clean: SARIF not empty")

print("== lint step: a usage error fails the step (exit 2) and says no SARIF was written")
proc, outs, sarif, _ = run_lint("usage", {"daemon.json": GOOD}, {"args": "--no-such-option"})
check(proc.returncode == 2 and outs.get("exit-code") == "2",
      "usage: step exit %d, exit-code=%r" % (proc.returncode, outs.get("exit-code")))
check("sarif-file" not in outs and "::error::" in proc.stdout,
      "usage: outputs %s, stdout %r" % (outs, proc.stdout))

print("== lint step: input values are data, not shell code")
proc, outs, sarif, workspace = run_lint("inject", {"daemon.json": GOOD},
                                        {"path": "$(touch pwned)", "category": "`touch pwned2`"})
check(not os.path.exists(os.path.join(workspace, "pwned")) and
      not os.path.exists(os.path.join(workspace, "pwned2")), "inject: an input was executed")
check(proc.returncode == 2 and outs.get("exit-code") == "2",
      "inject: step exit %d (a missing path is an I/O error)" % proc.returncode)
check(sarif is not None, "inject: the SARIF is written even with an I/O error")

if failures:
    print("%d check(s) failed" % len(failures))
    sys.exit(1)
print("all action checks passed")
PYTHON
exit "$rc"
