#!/usr/bin/env bash
# Side by side, in one run: writing a built image to a 4 GiB key (a loop device over a sparse file, made
# here and detached afterwards) three ways, for a 32 MiB target and the 64 MiB target:
#   flashsmith provision   verify the image, write the mapped blocks and the unit record, read every range back
#   bmaptool copy --bmap   write the mapped blocks (checks its source, never reads the key back)
#   dd + cmp               dd bs=4M conv=fsync of the whole image, then cmp of what the key holds
# Goal: provision at most 1.0x each of the others, with a peak RSS under 64 MiB.
# Then, for the 32 MiB target: four keys in one provision call (four more 4 GiB loop devices) against one key.
# Goal: at most 1.6x the one-key time.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "provision.sh makes a loop device: run it as root" >&2; exit 2; }
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
loop=""
four=()
cleanup() { for l in $loop "${four[@]}"; do losetup -d "$l" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT
need() { command -v "$1" >/dev/null 2>&1 || apt-get install -y -qq "$2" >/dev/null; }
need hyperfine hyperfine
need bmaptool bmap-tools
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
cd "$root"
# The native tool, as a user runs it after the first command (it is compiled in the background otherwise).
FLASHSMITH_NATIVE=now tools/flashsmith build --out "$work/images" >/dev/null
fs="$root/.flashsmith/cli/native/Flashsmith.Cli"
[ -x "$fs" ] || fs="dotnet $root/.flashsmith/cli/portable/Flashsmith.Cli.dll"
cert="$root/.flashsmith/keys/dev/cert.pem"
truncate -s 4G "$work/key.img"
loop=$(losetup -f --show "$work/key.img")
for target in dell-poweredge-r710 ibm-x3950-m2; do
    image=$(ls "$work/images/$target"/*.img)
    size=$(stat -c %s "$image")
    echo "== $target: $(basename "$image") ($((size >> 20)) MiB) onto $loop (4 GiB)"
    hyperfine -N --warmup 2 --runs 10 --export-json "$work/$target.json" \
        -n "flashsmith provision" "$fs provision $image --device $loop --allow-fixed $loop --cert $cert --yes --log $work/factory.db" \
        -n "bmaptool copy --bmap" "bmaptool -q copy --bmap $image.bmap $image $loop" \
        -n "dd conv=fsync + cmp" "bash -c 'dd if=$image of=$loop bs=4M conv=fsync oflag=direct status=none && cmp -n $size $image $loop'"
    /usr/bin/time -v $fs provision "$image" --device "$loop" --allow-fixed "$loop" --cert "$cert" --yes --log "$work/factory.db" >/dev/null 2>"$work/time.txt"
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
    python3 - "$work/$target.json" "$rss" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
p, b, d = r["flashsmith provision"], r["bmaptool copy --bmap"], r["dd conv=fsync + cmp"]
print(f"provision {p*1000:.0f} ms, bmaptool {b*1000:.0f} ms, dd+cmp {d*1000:.0f} ms; "
      f"provision/bmaptool {p/b:.2f}x, provision/(dd+cmp) {p/d:.2f}x (goal: at most 1.0x each); "
      f"provision peak RSS {int(sys.argv[2])/1024:.1f} MiB (goal: under 64 MiB)")
PY
done

image=$(ls "$work/images/dell-poweredge-r710"/*.img)
for i in 1 2 3 4; do
    truncate -s 4G "$work/key$i.img"
    four+=("$(losetup -f --show "$work/key$i.img")")
done
devices=""
for l in "${four[@]}"; do devices="$devices --device $l --allow-fixed $l"; done
echo "== four keys in one call against one key: $(basename "$image") onto ${four[*]} (4 GiB each)"
hyperfine -N --warmup 2 --runs 10 --export-json "$work/four.json" \
    -n "provision, one key" "$fs provision $image --device ${four[0]} --allow-fixed ${four[0]} --cert $cert --yes --log $work/factory.db" \
    -n "provision, four keys" "$fs provision $image$devices --cert $cert --yes --log $work/factory.db"
python3 - "$work/four.json" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
one, four = r["provision, one key"], r["provision, four keys"]
print(f"one key {one*1000:.0f} ms, four keys {four*1000:.0f} ms; four/one {four/one:.2f}x (goal: at most 1.6x)")
PY
