#!/usr/bin/env bash
# Side by side, in one run, with a warm compile cache and empty output folders: `build --all` (targets in
# parallel, bounded by --jobs) against building the targets one after another. Goal: at most 0.7x on 2 cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v hyperfine >/dev/null 2>&1 || { [ "$(id -u)" = 0 ] && apt-get install -y -qq hyperfine >/dev/null; }
cd "$root"
# The native tool, as a user runs it after the first command (it is compiled in the background otherwise).
FLASHSMITH_NATIVE=now "$root/tools/flashsmith" --version >/dev/null
fs="$root/.flashsmith/cli/native/Flashsmith.Cli"
[ -x "$fs" ] || fs="dotnet $root/.flashsmith/cli/portable/Flashsmith.Cli.dll"
$fs build --all --out "$work/warm" --cache "$work/cache" >/dev/null
sequential="$work/sequential.sh"
{
    echo "set -e"
    for t in recipes/oem/*.yaml; do
        echo "$fs build --target $(basename "$t" .yaml) --jobs 2 --out $work/seq --cache $work/cache >/dev/null"
    done
} > "$sequential"
hyperfine --warmup 1 --runs 10 --export-json "$work/all.json" \
    --prepare "rm -rf $work/all $work/seq" \
    -n "build --all --jobs 2" "$fs build --all --jobs 2 --out $work/all --cache $work/cache" \
    -n "one target after another" "bash $sequential"
python3 - "$work/all.json" <<'PY'
import json, sys
r = [(x["command"], x["mean"]) for x in json.load(open(sys.argv[1]))["results"]]
(a, ta), (b, tb) = r
print(f"{a}: {ta*1000:.0f} ms; {b}: {tb*1000:.0f} ms; ratio {ta/tb:.2f}x (goal: at most 0.7x)")
PY
