#!/usr/bin/env bash
# Side by side, in one run: a 32 MiB four-partition flash holding 200 files (20 MiB) built by
# flashsmith's disk layer, by genimage, and by mkfs.fat + mcopy + sgdisk; then the same content
# in a 4 GiB layout by flashsmith, with its peak memory. Needs: genimage dosfstools mtools gdisk hyperfine time.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
missing=""
for pair in genimage:genimage mkfs.fat:dosfstools mcopy:mtools sgdisk:gdisk hyperfine:hyperfine /usr/bin/time:time; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq --no-install-recommends $missing >/dev/null; else echo "install:$missing" >&2; exit 2; fi
fi

# Native AOT, as a shipped tool would be: the runs then measure the work, not the JIT.
dotnet publish -c Release -r linux-x64 "$root/tests/benchmarks/Flashsmith.ImageTool" -o "$work/bin" -nologo -v quiet >/dev/null
ours="$work/bin/Flashsmith.ImageTool"
$ours content "$work/content"
files=("$work"/content/*)

# genimage: the same layout from a config file.
mkdir -p "$work/gi/root/esp" "$work/gi/root/bootbank" "$work/gi/root/altbootbank" "$work/gi/root/unit"
# mcopy fails on an empty folder, so genimage's unit volume gets one empty file.
touch "$work/gi/root/unit/empty"
cp "${files[0]}" "$work/gi/root/esp/"
i=0; for f in "${files[@]:1}"; do if (( i++ % 2 == 0 )); then cp "$f" "$work/gi/root/bootbank/"; else cp "$f" "$work/gi/root/altbootbank/"; fi; done
list() { (cd "$work/gi/root/$1" && printf '"%s", ' *) | sed 's/, $//'; }
cat > "$work/gi/genimage.cfg" <<CFG
image esp.vfat { vfat { extraargs = "-F 16 -s 1" files = { $(cd "$work/gi/root/esp" && printf '"esp/%s", ' * | sed 's/, $//') } } size = 4M }
image bootbank.vfat { vfat { extraargs = "-F 16" files = { $(cd "$work/gi/root/bootbank" && printf '"bootbank/%s", ' * | sed 's/, $//') } } size = 12M }
image altbootbank.vfat { vfat { extraargs = "-F 16" files = { $(cd "$work/gi/root/altbootbank" && printf '"altbootbank/%s", ' * | sed 's/, $//') } } size = 12M }
image unit.vfat { mountpoint = "/unit" vfat { } size = 3904K }
image flash.img {
    hdimage { partition-table-type = "gpt" gpt-location = 1024 }
    partition esp { image = "esp.vfat" partition-type-uuid = "U" offset = 64K }
    partition bootbank { image = "bootbank.vfat" partition-type-uuid = "F" }
    partition altbootbank { image = "altbootbank.vfat" partition-type-uuid = "F" }
    partition unit { image = "unit.vfat" partition-type-uuid = "F" }
    size = 32M
}
CFG
genimage_cmd="rm -rf $work/gi/tmp $work/gi/out && mkdir $work/gi/out && genimage --rootpath $work/gi/root --tmppath $work/gi/tmp --inputpath $work/gi/root --outputpath $work/gi/out --config $work/gi/genimage.cfg >/dev/null 2>&1"

# mkfs.fat + mcopy + sgdisk: format each partition in place and copy the files in.
cat > "$work/tools.sh" <<SH
set -e
img=$work/tools.img; rm -f \$img; truncate -s 32M \$img
sgdisk -a 128 -n1:128:+4M -t1:ef00 -n2:8320:+12M -t2:0700 -n3:32896:+12M -t3:0700 -n4:57472:65502 -t4:0700 \$img >/dev/null
mkfs.fat -F 16 -s 1 -n ESP --offset 128 \$img 4096 >/dev/null
mkfs.fat -F 16 -n BOOTBANK --offset 8320 \$img 12288 >/dev/null
mkfs.fat -F 16 -n ALTBOOTBANK --offset 32896 \$img 12288 >/dev/null
mkfs.fat -n UNIT --offset 57472 \$img 4015 >/dev/null
mcopy -i \$img@@65536 $work/gi/root/esp/* ::/
mcopy -i \$img@@4259840 $work/gi/root/bootbank/* ::/
mcopy -i \$img@@16842752 $work/gi/root/altbootbank/* ::/
SH

hyperfine --warmup 1 --runs 5 --export-json "$work/results.json" \
    -n "flashsmith 32 MiB" "$ours image 32MiB $work/content $work/ours32.img" \
    -n "flashsmith 4 GiB" "$ours image 4GiB $work/content $work/ours4g.img" \
    -n "genimage 32 MiB" "$genimage_cmd" \
    -n "mkfs.fat+mcopy+sgdisk 32 MiB" "bash $work/tools.sh"

rss32=$(/usr/bin/time -f %M $ours image 32MiB "$work/content" "$work/ours32.img" 2>&1 >/dev/null | tail -1)
rss4g=$(/usr/bin/time -f %M $ours image 4GiB "$work/content" "$work/ours4g.img" 2>&1 >/dev/null | tail -1)
python3 - "$work/results.json" "$rss32" "$rss4g" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
ours, big, gi, tools = r["flashsmith 32 MiB"], r["flashsmith 4 GiB"], r["genimage 32 MiB"], r["mkfs.fat+mcopy+sgdisk 32 MiB"]
print(f"flashsmith 32 MiB: {ours*1000:.0f} ms; genimage: {gi*1000:.0f} ms ({gi/ours:.1f}x slower than flashsmith); "
      f"mkfs.fat+mcopy+sgdisk: {tools*1000:.0f} ms ({tools/ours:.1f}x)")
print(f"flashsmith 4 GiB: {big*1000:.0f} ms ({big/ours:.2f}x the 32 MiB time); peak RSS {int(sys.argv[3])//1024} MiB (32 MiB: {int(sys.argv[2])//1024} MiB)")
PY
