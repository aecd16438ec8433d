#!/usr/bin/env bash
# Side by side, in one run: `flashsmith verify` of a built 32 MiB image against `sha256sum` of the same
# image followed by `openssl cms -verify` of its seal. Goal: verify no slower than the pair.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v hyperfine >/dev/null 2>&1 || { [ "$(id -u)" = 0 ] && apt-get install -y -qq hyperfine >/dev/null; }
cd "$root"
# The native tool, as a user runs it after the first command (it is compiled in the background otherwise).
FLASHSMITH_NATIVE=now tools/flashsmith build --out "$work/images" >/dev/null
fs="$root/.flashsmith/cli/native/Flashsmith.Cli"
[ -x "$fs" ] || fs="dotnet $root/.flashsmith/cli/portable/Flashsmith.Cli.dll"
image=$(ls "$work"/images/*/*.img | head -1)
cert="$root/.flashsmith/keys/dev/cert.pem"
hyperfine -N --warmup 2 --runs 10 --export-json "$work/verify.json" \
    -n "flashsmith verify" "$fs verify $image --cert $cert" \
    -n "sha256sum + openssl cms -verify" "bash -c 'sha256sum $image >/dev/null && openssl cms -verify -binary -inform DER -in $image.p7s -content $image -CAfile $cert -out /dev/null 2>/dev/null'"
python3 - "$work/verify.json" <<'PY'
import json, sys
r = [(x["command"], x["mean"]) for x in json.load(open(sys.argv[1]))["results"]]
(a, ta), (b, tb) = r
print(f"{a}: {ta*1000:.0f} ms; {b}: {tb*1000:.0f} ms; ratio {ta/tb:.2f}x (goal: at most 1x)")
PY
