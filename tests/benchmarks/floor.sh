#!/usr/bin/env bash
# The floor: three Flashsmith steps, each beside the plainest commands that move the same bytes, side by side in one
# run (hyperfine, 10 runs each), with the ratio of their means (Flashsmith's mean / the floor's) and its goal:
#   pack       `flashsmith build --target T` with a warm compile cache into an empty output folder, against `cp` of
#              the finished 32 MiB image. Goal: at most 1.5x.
#              There is no verb that only packs. A build whose objects and images all come from the cache still runs
#              every stage after the compile (collect, pack, sign, assemble, seal, check, emit): what writing the
#              finished image from its parts costs whoever runs the tool. Flashsmith.ImageTool would time the disk
#              layer alone, on other content, with no signing or seal, which no user runs. The build's progress
#              lines, timestamped, show each stage's share.
#   verify     `flashsmith verify IMAGE` against `openssl dgst -sha256 IMAGE`. Goal: at most 1.5x.
#   provision  `flashsmith provision` onto a 4 GiB loop device (over a sparse file in the temporary folder, detached
#              at the end) against dd + cmp of the ranges the image's .bmap names: each range written by
#              `dd oflag=direct` (the last with conv=fsync, which flushes the device), then compared by `cmp`.
#              Goal: at most 1.2x. Then where provision's time goes: its progress lines, timestamped (from the start
#              to 'waiting' is opening the log, verifying the image and checking the device), beside `verify` alone.
# Each timestamped step is the median of 10 runs. The load averages are printed before each measurement.
# Needs root (losetup), hyperfine, openssl, and what `tools/flashsmith build` needs (clang, lld, llvm).
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "floor.sh makes a loop device: run it as root" >&2; exit 2; }
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
loop=""
cleanup() { [ -z "$loop" ] || losetup -d "$loop"; rm -rf "$work"; }
trap cleanup EXIT
need() { command -v "$1" >/dev/null 2>&1 || apt-get install -y -qq --no-install-recommends "$2" >/dev/null; }
need hyperfine hyperfine
need openssl openssl
cd "$root"
target=dell-poweredge-r710
tools/flashsmith build --target "$target" --out "$work/images" --cache "$work/cache" >/dev/null
fs="$root/.flashsmith/cli/native/Flashsmith.Cli"
[ -x "$fs" ] || fs="dotnet $root/.flashsmith/cli/portable/Flashsmith.Cli.dll"
cert="$root/.flashsmith/keys/dev/cert.pem"
image=$(ls "$work/images/$target"/*.img)
size=$(stat -c %s "$image")

# Runs a command 10 times (each after a shell command that prepares it, not timed), timestamps the lines it prints
# whose first group (of the pattern) names a step, and prints the median time from each step's first line to the next
# (from the start to the first, from the last to the exit).
cat > "$work/steps.py" <<'PY'
import re, statistics, subprocess, sys, time
prepare, pattern, command = sys.argv[1], re.compile(sys.argv[2]), sys.argv[3:]
spans = {}
for _ in range(10):
    subprocess.run(prepare, shell=True, check=True)
    start = time.perf_counter()
    # Unbuffered, line by line: a text stream would read ahead and see several lines at once.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
    marks = [("start", 0.0)]
    for line in iter(process.stdout.readline, b""):
        match = pattern.search(line.decode())
        if match and match.group(1) not in [name for name, _ in marks]:
            marks.append((match.group(1), time.perf_counter() - start))
    if process.wait() != 0:
        sys.exit(f"{command[0]} failed")
    marks.append(("exit", time.perf_counter() - start))
    for (a, t0), (b, t1) in zip(marks, marks[1:]):
        spans.setdefault(f"{a} -> {b}", []).append(t1 - t0)
for span, times in spans.items():
    print(f"  {span:<24} {statistics.median(times) * 1000:7.1f} ms")
PY

# dd + cmp of the ranges the block map names, in bytes.
loads() { echo "load averages: $(uptime | sed 's/.*load average: //')"; }
truncate -s 4G "$work/key.img"
loop=$(losetup -f --show "$work/key.img")
python3 - "$image" "$loop" > "$work/ddcmp.sh" <<'PY'
import sys, xml.etree.ElementTree as ET
image, device = sys.argv[1], sys.argv[2]
bmap = ET.parse(image + ".bmap").getroot()
block = int(bmap.findtext("BlockSize"))
ranges = []
for r in bmap.iter("Range"):
    first, _, last = r.text.strip().partition("-")
    ranges.append((int(first) * block, (int(last or first) - int(first) + 1) * block))
print("set -e")
for i, (offset, length) in enumerate(ranges):
    sync = ",fsync" if i == len(ranges) - 1 else ""
    print(f"dd if={image} of={device} bs=4M iflag=skip_bytes,count_bytes oflag=seek_bytes,direct conv=notrunc{sync} skip={offset} seek={offset} count={length} status=none")
for offset, length in ranges:
    print(f"cmp -i {offset}:{offset} -n {length} {image} {device}")
PY
echo "== $target: $(basename "$image") ($((size >> 20)) MiB); $loop (4 GiB)"
echo "block map: $(grep -c '^dd ' "$work/ddcmp.sh") ranges, $(awk '/^cmp/ { n += $5 } END { print n }' "$work/ddcmp.sh") bytes"

loads
hyperfine -N --warmup 2 --runs 10 --export-json "$work/pack.json" \
    --prepare "rm -rf $work/pack" -n "flashsmith build, warm cache (pack)" "$fs build --target $target --out $work/pack --cache $work/cache" \
    --prepare "rm -f $work/copy.img" -n "cp of the image" "cp $image $work/copy.img"
loads
hyperfine -N --warmup 2 --runs 10 --export-json "$work/verify.json" \
    -n "flashsmith verify" "$fs verify $image --cert $cert" \
    -n "openssl dgst -sha256" "openssl dgst -sha256 $image"
loads
hyperfine -N --warmup 2 --runs 10 --export-json "$work/provision.json" \
    -n "flashsmith provision" "$fs provision $image --device $loop --allow-fixed $loop --cert $cert --yes --log $work/factory.db" \
    -n "dd + cmp of the mapped ranges" "bash $work/ddcmp.sh"

loads
echo "where the warm build's time goes (median of 10 runs, output folder emptied each time):"
python3 "$work/steps.py" "rm -rf $work/pack" '^(?:[\w.-]+: )?(compile|collect|pack|sign|assemble|seal|check|emit|done)\b' \
    $fs build --target "$target" --out "$work/pack" --cache "$work/cache"
echo "where provision's time goes (median of 10 runs):"
python3 "$work/steps.py" true '^slot \S+ \S+ \S+: (\w+)' $fs provision "$image" --device "$loop" --allow-fixed "$loop" --cert "$cert" --yes --log "$work/factory.db"

python3 - "$work" <<'PY'
import json, sys
def means(name):
    return [x["mean"] for x in json.load(open(f"{sys.argv[1]}/{name}.json"))["results"]]
for what, name, peer, goal in [("pack", "pack", "cp", 1.5), ("verify", "verify", "openssl dgst -sha256", 1.5),
                               ("provision", "provision", "dd + cmp", 1.2)]:
    ours, floor = means(name)
    ratio = ours / floor
    print(f"{what}: {ours*1000:.0f} ms against {peer} {floor*1000:.0f} ms: {ratio:.2f}x "
          f"(goal: at most {goal}x, {'met' if ratio <= goal else 'missed'})")
PY
loads
