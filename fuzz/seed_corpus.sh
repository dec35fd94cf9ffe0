#!/usr/bin/env bash
# Builds the fuzzers' seed corpora from fixtures/ (nothing is copied into the repository):
#   fuzz/seed_corpus.sh OUTDIR
# writes OUTDIR/<target>/<sha1> for the targets daemon_json, systemd, envfile, shell, yaml,
# dockerfile, terraform and engine. Every file directly under fixtures/<group>/ and every file
# inside a fixtures/**/*.case/ tree is sorted by its kind (from its name, as the linter
# classifies it). yaml seeds get one leading byte choosing the file name and engine seeds two
# (display path, then 0 = classify by path): the indexes of fuzz::yaml_paths() and
# fuzz::engine_paths() in fuzz/fuzz_entries.cpp.
set -euo pipefail

if (($# != 1)); then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
out=$1
root="$(cd "$(dirname "$0")/.." && pwd)"
targets=(daemon_json systemd envfile shell yaml dockerfile terraform engine)
for t in "${targets[@]}"; do mkdir -p "$out/$t"; done

# seed TARGET SRC [PREFIX_BYTE...]: OUTDIR/TARGET/<sha1 of the seed> = prefix bytes + SRC.
seed() {
  local target=$1 src=$2 tmp
  shift 2
  tmp=$(mktemp "$out/.seed.XXXXXX")
  {
    # shellcheck disable=SC2059 # the format is one byte's octal escape, "\\NNN"
    for byte in "$@"; do printf "\\$(printf %03o "$byte")"; done
    cat -- "$src"
  } >"$tmp"
  mv -f -- "$tmp" "$out/$target/$(sha1sum "$tmp" | cut -c1-40)"
}

# yaml_index PATH: the fuzz::yaml_paths() index that matches what PATH is.
yaml_index() {
  case $1 in
    *compose*) echo 0 ;;
    *.gitlab-ci.yml | */ci/*.yml) echo 1 ;;
    *.github/workflows/*) echo 2 ;;
    *user-data* | *cloud-init* | *cloud_init* | *cloud-config*) echo 3 ;;
    *.tftpl) echo 7 ;;
    */tasks/* | *playbook* | *ansible*) echo 5 ;;
    *.j2) echo 6 ;;
    *) echo 4 ;;
  esac
}
# engine index for a yaml index.
yaml_engine_index=(8 9 10 12 11 13 11 20 20 11)

count=0
classify() {
  local file=$1 name
  name=$(basename -- "$file")
  count=$((count + 1))
  case $file in
    *.md) count=$((count - 1)) ;;
    *.json.j2 | *.json.tpl | *.json.jinja | *.json.tmpl)
      seed daemon_json "$file"
      seed engine "$file" 16 0 ;;
    *.json)
      seed daemon_json "$file"
      seed engine "$file" 0 0 ;;
    *.service | *.service.j2 | *.service.tpl)
      seed systemd "$file"
      case $name in *.service) seed engine "$file" 2 0 ;; *) seed engine "$file" 19 0 ;; esac ;;
    *.socket)
      seed systemd "$file"
      seed engine "$file" 4 0 ;;
    *.conf)
      seed systemd "$file"
      seed engine "$file" 3 0 ;;
    */default/docker* | */sysconfig/docker* | */conf.d/docker*)
      seed envfile "$file"
      seed engine "$file" 5 0 ;;
    *.sh | *.sh.j2 | *.sh.tpl | *.bash)
      seed shell "$file"
      seed engine "$file" 7 0 ;;
    *Dockerfile* | *Containerfile*)
      seed dockerfile "$file"
      seed engine "$file" 14 0 ;;
    *.tf)
      seed terraform "$file"
      seed engine "$file" 15 0 ;;
    *.yml | *.yaml | *.yml.* | *.yaml.* | *user-data* | *.tftpl)
      local i
      i=$(yaml_index "$file")
      seed yaml "$file" "$i"
      seed engine "$file" "${yaml_engine_index[$i]}" 0 ;;
    *)
      if head -c 128 -- "$file" | head -n 1 | grep -Eq '^#!.*(sh|bash|dash|ksh|zsh)\b'; then
        seed shell "$file"
        seed engine "$file" 18 0
      else
        count=$((count - 1))
      fi ;;
  esac
}

while IFS= read -r -d '' file; do
  classify "$file"
done < <(find "$root/fixtures" -type f -print0 | sort -z)

# Terraform payloads and cloud-init are shell and YAML too; heredoc-writing scripts carry
# daemon.json and units: cross-seed the small formats from the bigger ones' inputs.
for f in "$out/shell"/*; do cp -f -- "$f" "$out/envfile/" 2>/dev/null || true; done

echo "seed_corpus: $count fixture files into $out:"
for t in "${targets[@]}"; do
  printf '  %-12s %5d seeds\n' "$t" "$(find "$out/$t" -type f | wc -l)"
done
