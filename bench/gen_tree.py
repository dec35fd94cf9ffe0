#!/usr/bin/env python3
"""Generate a deterministic synthetic monorepo for benchmarking dockerd-lint.

Same arguments -> same bytes: every choice comes from random.Random(seed), files are
generated in a fixed order, and directory listings are sorted.

Modes:
  monorepo  mostly unrelated source/YAML/JSON/Markdown, ~2% Docker-related files copied
            from fixtures/ (names kept: the linter classifies files by name), a few large
            files, and some very deep directories.
  shell     only Docker-related shell scripts (fixtures + real-world corpus), replicated
            until the requested byte total.

Stdlib only. Writes a stamp file (.bench-stamp) last, so a half-written tree is never reused.
"""
import argparse
import bisect
import json
import os
import random
import re
import shutil
import sys

STAMP = ".bench-stamp"
MAX_LARGE = 9_000_000  # stays below the linter's 10 MiB --max-file-size default
# Directory names dockerd-lint never enters (discovery.cpp); rg --no-ignore reads them,
# so the generator avoids them to keep both tools on the same set of files.
LINTER_SKIPS = {".git", ".hg", ".svn", "node_modules", "vendor", "third_party", ".terraform",
                "__pycache__"}

WORDS = ("alpha beta gamma delta epsilon zeta theta kappa lambda sigma omega user account "
         "order invoice payment cache queue worker request response handler service client "
         "server config value result error status buffer stream record index table column "
         "metric trace span event batch shard region tenant session token parser lexer node "
         "tree graph edge vertex route path query filter mapper reducer loader writer reader "
         "build deploy release package module import export format encode decode hash key "
         "lock mutex thread pool timer retry backoff limit quota budget report summary").split()


def ident(rng):
    return "_".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))


def camel(rng):
    return "".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(1, 3)))


def sentence(rng, n=None):
    n = n or rng.randint(6, 18)
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


# Unit makers: each returns one self-contained chunk (function, record, document) so that a
# file built from consecutive units is well-formed for its format.
def unit_c(rng):
    f = ident(rng)
    body = "".join(f"    int {ident(rng)} = {rng.randint(0, 9999)} * n + {rng.randint(0, 99)};\n"
                   for _ in range(rng.randint(2, 8)))
    return (f"/* {sentence(rng)} */\nstatic int {f}(int n)\n{{\n{body}"
            f"    if (n > {rng.randint(1, 500)}) return {f}(n - 1);\n    return n;\n}}\n\n")


def unit_py(rng):
    f = ident(rng)
    body = "".join(f"    {ident(rng)} = {ident(rng)}({rng.randint(0, 999)}, '{rng.choice(WORDS)}')\n"
                   for _ in range(rng.randint(2, 8)))
    return f'def {f}(arg):\n    """{sentence(rng)}"""\n{body}    return arg\n\n\n'


def unit_go(rng):
    f = camel(rng)
    body = "".join(f"\t{ident(rng)} := {rng.randint(0, 9999)} + len(\"{rng.choice(WORDS)}\")\n"
                   for _ in range(rng.randint(2, 8)))
    return f"// {f} {sentence(rng)}\nfunc {f}(n int) int {{\n{body}\treturn n\n}}\n\n"


def unit_js(rng):
    f = camel(rng)
    body = "".join(f"  const {ident(rng)} = await fetch{camel(rng)}({rng.randint(0, 999)});\n"
                   for _ in range(rng.randint(2, 8)))
    return f"// {sentence(rng)}\nexport async function {f}(opts) {{\n{body}  return opts;\n}}\n\n"


def unit_java(rng):
    f = camel(rng)
    return (f"    /** {sentence(rng)} */\n    public int get{f}(int n) {{\n"
            f"        return n * {rng.randint(1, 999)} + {ident(rng).upper()}.length();\n    }}\n\n")


def unit_md(rng):
    para = " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))
    return f"## {camel(rng)}\n\n{para}\n\n- {sentence(rng)}\n- {sentence(rng)}\n\n"


def unit_json(rng):
    rec = {"id": rng.randint(1, 10**9), "name": ident(rng), "enabled": rng.random() < 0.5,
           "tags": [rng.choice(WORDS) for _ in range(rng.randint(0, 4))],
           "weight": round(rng.random() * 100, 3), "note": sentence(rng)}
    return json.dumps(rec) + ",\n"


def unit_yaml(rng):
    # Multi-document YAML: k8s-like objects and CI-like job maps. Images avoid "docker".
    if rng.random() < 0.5:
        name = ident(rng).replace("_", "-")
        return (f"---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n"
                f"  labels:\n    app: {name}\nspec:\n  replicas: {rng.randint(1, 5)}\n"
                f"  template:\n    spec:\n      containers:\n        - name: {name}\n"
                f"          image: registry.example.com/{rng.choice(WORDS)}:{rng.randint(1, 40)}\n"
                f"          args: [\"--port\", \"{rng.randint(3000, 9000)}\"]\n"
                f"          env:\n            - name: {ident(rng).upper()}\n"
                f"              value: \"{rng.choice(WORDS)}\"\n")
    steps = "".join(f"    - make {ident(rng)}\n" for _ in range(rng.randint(1, 4)))
    return (f"---\n{ident(rng)}:\n  stage: {rng.choice(['build', 'test', 'lint'])}\n"
            f"  variables:\n    LEVEL: \"{rng.randint(1, 9)}\"\n  script:\n{steps}")


def unit_txt(rng):
    return (f"{rng.randint(10**9, 2 * 10**9)} INFO [{ident(rng)}] {sentence(rng)} "
            f"latency_ms={rng.randint(1, 900)}\n")


def unit_sh(rng):
    # Unrelated build scripts: the linter parses every *.sh, so a monorepo has some.
    return f"# {sentence(rng)}\nmake -C {ident(rng)} {rng.choice(WORDS)} JOBS={rng.randint(1, 8)}\n"


KINDS = {
    # kind: (unit maker, extensions, weight, head, tail)
    "c": (unit_c, [".c", ".h", ".cc"], 14, "#include <stdio.h>\n\n", ""),
    "py": (unit_py, [".py"], 16, "import os\nimport sys\n\n\n", ""),
    "go": (unit_go, [".go"], 12, "package main\n\n", ""),
    "js": (unit_js, [".js", ".ts", ".tsx"], 14, "'use strict';\n\n", ""),
    "java": (unit_java, [".java", ".kt"], 8, "public class Generated {\n", "}\n"),
    "md": (unit_md, [".md", ".rst"], 10, "# Notes\n\n", ""),
    "json": (unit_json, [".json"], 9, "[\n", "\n]\n"),
    "yaml": (unit_yaml, [".yaml", ".yml"], 9, "", ""),
    "txt": (unit_txt, [".txt", ".log", ".csv"], 6, "", ""),
    "sh": (unit_sh, [".sh"], 1, "#!/bin/sh\nset -e\n", ""),
    "bare": (unit_md, [""], 1, "", ""),  # Makefile/LICENSE-like: the linter checks the shebang
}
BARE_NAMES = ["Makefile", "LICENSE", "NOTICE", "AUTHORS", "CODEOWNERS", "OWNERS"]
# Strings that must not occur in unrelated text (rg's pattern; the linter's interest).
SCRUB = [(re.compile("docker", re.I), "dokker"), (re.compile("2375"), "2385"),
         (re.compile("2376"), "2386")]


class Pool:
    """One long string of whole units per kind; a file is a run of consecutive units."""

    def __init__(self, rng, maker, target):
        parts, bounds, size = [], [0], 0
        while size < target:
            u = maker(rng)
            for rx, rep in SCRUB:
                u = rx.sub(rep, u)
            parts.append(u)
            size += len(u.encode())
            bounds.append(size)
        self.data = "".join(parts).encode()
        self.bounds = bounds

    def take(self, rng, size):
        nunits = len(self.bounds) - 1
        start = self.bounds[rng.randrange(nunits)]
        out = []
        while size > 0:
            end_i = bisect.bisect_left(self.bounds, start + size)
            end = self.bounds[min(end_i, nunits)]
            out.append(self.data[start:end])
            size -= end - start
            start = 0  # wrap around: more whole units from the beginning
        return b"".join(out)


def fixture_items(fixtures):
    """Sorted (relative name, kind) list: single fixture files and multi-file .case dirs."""
    items = []
    for dirpath, dirnames, filenames in os.walk(fixtures):
        dirnames.sort()
        rel = os.path.relpath(dirpath, fixtures)
        if ".case" in rel:
            continue  # inside a case directory: copied as a whole
        for d in list(dirnames):
            if d.endswith(".case"):
                items.append(os.path.join(rel, d))
        for f in sorted(filenames):
            if f.endswith(".md") or f.startswith(".dockerd-lint"):
                continue  # READMEs and config files are not Docker-related inputs
            items.append(os.path.join(rel, f))
    return sorted(items)


def copy_fixture(src, dest_dir):
    """Copy one fixture (file or .case dir) under dest_dir; returns (files, bytes)."""
    os.makedirs(dest_dir, exist_ok=True)
    if os.path.isdir(src):
        n = b = 0
        for dirpath, _, filenames in os.walk(src):
            for f in filenames:
                s = os.path.join(dirpath, f)
                d = os.path.join(dest_dir, os.path.relpath(s, src))
                os.makedirs(os.path.dirname(d), exist_ok=True)
                shutil.copyfile(s, d)
                n += 1
                b += os.path.getsize(s)
        return n, b
    d = os.path.join(dest_dir, os.path.basename(src))
    shutil.copyfile(src, d)
    return 1, os.path.getsize(src)


def make_dirs(rng, count):
    tops = ["services", "libs", "tools", "apps", "infra", "docs", "data", "web", "platform"]
    dirs = list(tops)
    depth = {d: 1 for d in dirs}
    while len(dirs) < count:
        parent = rng.choice(dirs)
        if depth[parent] >= 10:
            continue
        name = ident(rng).replace("_", "-")[:24]
        d = f"{parent}/{name}"
        if d in depth or name in LINTER_SKIPS:
            continue
        dirs.append(d)
        depth[d] = depth[parent] + 1
    # A few very deep chains (Java-style packages, generated code): 20-30 levels.
    for i in range(8):
        d = rng.choice(tops) + f"/deep{i}"
        for _ in range(rng.randint(20, 30)):
            d += "/" + rng.choice(WORDS)
        dirs.append(d)
        depth[d] = d.count("/") + 1
    return dirs


def gen_monorepo(args, root):
    rng = random.Random(args.seed)
    kinds = sorted(KINDS)
    weights = [KINDS[k][2] for k in kinds]
    pools = {k: Pool(random.Random(f"{args.seed}-{k}"), KINDS[k][0], 2 << 20) for k in kinds}
    items = fixture_items(args.fixtures)
    if not items:
        sys.exit(f"no fixtures under {args.fixtures}")

    n_docker_target = max(1, round(args.files * args.docker_fraction))
    # Large files hold a fixed ~4% of the bytes, so trees of every size have the same mix.
    n_large = args.large if args.large >= 0 else round(args.bytes * 0.042 / 7_000_000)
    n_large = min(n_large, args.files // 100)
    n_plain = max(0, args.files - n_docker_target - n_large)
    dirs = make_dirs(rng, max(10, args.files // 20))
    deep = dirs[-8:]

    # Sizes: log-normal spread, then scaled so plain + large files hit --bytes.
    large_sizes = [rng.randint(5_000_000, MAX_LARGE) for _ in range(n_large)]
    raw = [rng.lognormvariate(0, 1.1) for _ in range(n_plain)]
    budget = max(args.bytes - sum(large_sizes), n_plain * 64)
    scale = budget / (sum(raw) or 1)
    sizes = [max(64, min(int(r * scale), 2_000_000)) for r in raw]

    total_files = total_bytes = docker_files = 0
    for i, size in enumerate(sizes):
        k = rng.choices(kinds, weights)[0]
        _, exts, _, head, tail = KINDS[k]
        d = deep[i % len(deep)] if i % 97 == 0 else rng.choice(dirs)
        if k == "bare":
            name = rng.choice(BARE_NAMES)
        else:
            name = f"{ident(rng)}_{i}{rng.choice(exts)}"
        body = pools[k].take(rng, size)
        if k == "json":
            body = body.rstrip(b",\n")
        data = head.encode() + body + tail.encode()
        path = os.path.join(root, d, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        total_files += 1
        total_bytes += len(data)

    for i, size in enumerate(large_sizes):
        k = ["json", "txt", "js", "c", "py"][i % 5]
        body = pools[k].take(rng, size)
        if k == "json":
            body = body.rstrip(b",\n")
        data = (KINDS[k][3].encode() + body + KINDS[k][4].encode())[:MAX_LARGE]
        path = os.path.join(root, "data", "large", f"blob_{i}{KINDS[k][1][0]}")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        total_files += 1
        total_bytes += len(data)

    # Docker-related: each fixture copy gets its own directory, so copies do not combine
    # into one host with each other.
    i = 0
    while docker_files < n_docker_target:
        item = items[i % len(items)] if i < len(items) else rng.choice(items)
        dest = os.path.join(root, rng.choice(dirs), f"ops-{i}")
        n, b = copy_fixture(os.path.join(args.fixtures, item), dest)
        docker_files += n
        total_files += n
        total_bytes += b
        i += 1
    return total_files, total_bytes, docker_files


def is_shell(path):
    if path.endswith((".sh", ".bash", ".sh.j2", ".sh.tpl")):
        return True
    with open(path, "rb") as f:
        first = f.readline()
    return first.startswith(b"#!") and re.search(rb"\b(ba|da|k|z)?sh\b", first) is not None


def gen_shell(args, root):
    rng = random.Random(args.seed)
    sources = []
    for base in (args.fixtures, args.corpus):
        if not base or not os.path.isdir(base):
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for f in sorted(filenames):
                p = os.path.join(dirpath, f)
                # Templates are skipped: shellcheck cannot parse Jinja.
                if not f.endswith((".j2", ".tpl")) and is_shell(p):
                    sources.append(p)
    sources.sort()
    if not sources:
        sys.exit("no shell scripts found")
    total_files = total_bytes = i = 0
    while total_bytes < args.bytes:
        src = sources[i % len(sources)] if i < len(sources) else rng.choice(sources)
        name = os.path.basename(src)
        if "." not in name:
            name += ".sh"  # keep it a *.sh so both tools take it as a script by name
        dest = os.path.join(root, f"s{i // 100:03d}", f"{i:05d}-{name}")
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copyfile(src, dest)
        total_files += 1
        total_bytes += os.path.getsize(src)
        i += 1
    return total_files, total_bytes, total_files


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="directory to create (replaced if its stamp differs)")
    ap.add_argument("--mode", choices=["monorepo", "shell"], default="monorepo")
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--bytes", type=float, default=1e9, help="approximate total bytes")
    ap.add_argument("--seed", type=int, default=20260)
    ap.add_argument("--docker-fraction", type=float, default=0.02)
    ap.add_argument("--large", type=int, default=-1,
                    help="number of 5-9 MB files (default: about 4%% of --bytes)")
    ap.add_argument("--fixtures", default=os.path.join(os.path.dirname(here), "fixtures"))
    ap.add_argument("--corpus", default="/work/shared/corpus/realworld")
    args = ap.parse_args()
    args.bytes = int(args.bytes)

    params = {k: getattr(args, k) for k in
              ("mode", "files", "bytes", "seed", "docker_fraction", "large")}
    params["generator"] = 1  # bump when the output of this script changes
    stamp = os.path.join(args.out, STAMP)
    if os.path.exists(stamp):
        with open(stamp) as f:
            old = json.load(f)
        if old.get("params") == params:
            print(json.dumps(old))
            return
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    tmp = args.out + ".partial"
    if os.path.exists(tmp):
        shutil.rmtree(tmp)
    os.makedirs(tmp)
    gen = gen_monorepo if args.mode == "monorepo" else gen_shell
    files, nbytes, docker = gen(args, tmp)
    info = {"params": params, "files": files, "bytes": nbytes, "docker_files": docker}
    with open(os.path.join(tmp, STAMP), "w") as f:
        json.dump(info, f)
    os.rename(tmp, args.out)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
