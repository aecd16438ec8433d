#!/usr/bin/env bash
# Side by side, in one run:
#  1. a no-op `flashsmith build --all` (warm cache, outputs in place) against sha256sum over all their input files
#     (the files its stamps name);
#  2. a clean `flashsmith build --jobs 2` of one target (compile, sign, assemble, seal) against `make -j2`
#     of the same sources with the same flags (the loader, the core, the drivers, and the guest through ld.lld and
#     llvm-objcopy), followed by genimage with the same layout and files, and
#     the same build with an empty local cache and a warm shared cache (a redis-server on 127.0.0.1 that
#     this script starts in a temporary folder and stops).
# Needs: clang lld llvm genimage dosfstools mtools hyperfine redis-server.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
redis_pid=""
trap '[ -z "$redis_pid" ] || kill "$redis_pid" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
for pair in clang:clang lld-link:lld ld.lld:lld llvm-objcopy:llvm genimage:genimage mkfs.fat:dosfstools mcopy:mtools hyperfine:hyperfine redis-server:redis-server; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || { [ "$(id -u)" = 0 ] && apt-get install -y -qq --no-install-recommends "${pair#*:}" >/dev/null; }
done

# The native tool, as a user runs it after the first command (it is compiled in the background otherwise).
FLASHSMITH_NATIVE=now "$root/tools/flashsmith" --version >/dev/null
fs="$root/.flashsmith/cli/native/Flashsmith.Cli"
[ -x "$fs" ] || fs="dotnet $root/.flashsmith/cli/portable/Flashsmith.Cli.dll"
cd "$root"
targets=$(ls recipes/oem/*.yaml | wc -l)

# 1. No-op build against hashing the inputs.
$fs build --all --out "$work/images" --cache "$work/cache" >/dev/null
# The inputs are every file the no-op build checks: the ones its stamps name (recipes, the depot, sources, headers,
# assembly, linker scripts, the key and certificate), each once.
inputs=$(awk -F'\t' '$1 == "file" { print $4 }' "$work/cache/stamps"/* | sort -u)
[ -n "$inputs" ] || { echo "no stamps after the first build" >&2; exit 1; }
hyperfine -N --warmup 3 --runs 30 --export-json "$work/noop.json" \
    -n "flashsmith no-op build --all ($targets targets)" "$fs build --all --out $work/images --cache $work/cache" \
    -n "sha256sum of the inputs" "sha256sum $(echo $inputs)"

# 2. Clean build against make -j2 + genimage.
gflags="--target=x86_64-elf -ffreestanding -nostdinc -fno-pic -mno-red-zone -mgeneral-regs-only -fno-stack-protector -fno-asynchronous-unwind-tables -fno-ident -Wall -Wextra -O2"
guest=hello
flags="-target x86_64-unknown-windows -ffreestanding -fshort-wchar -mno-red-zone -fno-stack-protector -mno-stack-arg-probe -fno-ident -Wall -Wextra -O2"
mk="$work/make"
mkdir -p "$mk"
{
    echo "CFLAGS := $flags"
    echo "GFLAGS := $gflags"
    echo "all: out/BOOTX64.EFI out/core.efi out/$guest.bin $(for d in src/firmware/drivers/*/; do echo -n "out/$(basename "$d").efi "; done)"
    # The loader on the ESP, the core in the boot bank.
    echo "out/BOOTX64.EFI: $(for c in src/firmware/loader/*.c; do echo -n "obj/loader/$(basename "$c" .c).obj "; done)"
    printf '\t@mkdir -p out && lld-link -entry:efi_main -subsystem:efi_application -nodefaultlib -Brepro -nologo -out:$@ $^\n'
    echo "obj/loader/%.obj: $root/src/firmware/loader/%.c"
    printf '\t@mkdir -p obj/loader && clang $(CFLAGS) -c $< -o $@\n'
    echo "out/core.efi: $(for c in src/firmware/core/*.c; do echo -n "obj/core/$(basename "$c" .c).obj "; done)"
    printf '\t@mkdir -p out && lld-link -entry:efi_main -subsystem:efi_application -nodefaultlib -Brepro -nologo -out:$@ $^\n'
    echo "obj/core/%.obj: $root/src/firmware/core/%.c"
    printf '\t@mkdir -p obj/core && clang $(CFLAGS) -c $< -o $@\n'
    # The guest: ELF objects from C and assembly, linked by its script, made a flat binary.
    g="src/firmware/guests/$guest"
    echo "out/$guest.bin: obj/$guest/$guest.elf"
    printf '\t@mkdir -p out && llvm-objcopy -O binary $< $@\n'
    echo "obj/$guest/$guest.elf: $(for c in "$g"/*.c "$g"/*.S; do echo -n "obj/$guest/$(basename "$c").o "; done)"
    printf "\t@ld.lld -T $root/$g/guest.ld --no-pie -static -nostdlib --build-id=none -o \$@ \$^\n"
    echo "obj/$guest/%.o: $root/$g/%"
    printf "\t@mkdir -p obj/$guest && clang \$(GFLAGS) -c \$< -o \$@\n"
    for d in src/firmware/drivers/*/; do
        n=$(basename "$d")
        objs=$(for c in "$d"*.c; do echo -n "obj/$n/$(basename "$c" .c).obj "; done)
        echo "out/$n.efi: $objs"
        printf '\t@mkdir -p out && lld-link -entry:efi_main -subsystem:efi_boot_service_driver -nodefaultlib -Brepro -nologo -out:$@ $^\n'
        echo "obj/$n/%.obj: $root/src/firmware/drivers/$n/%.c"
        printf "\t@mkdir -p obj/$n && clang \$(CFLAGS) -c \$< -o \$@\n"
    done
} > "$mk/Makefile"

# genimage packs what make built, plus the boot.cfg and manifest of a flashsmith build, in the same layout.
target=$(basename "$(ls recipes/oem/*.yaml | head -1)" .yaml)
image=$(ls "$work/images/$target"/*.img)
$fs extract "$image" bootbank:/boot.cfg -o "$mk/bank" >/dev/null
$fs extract "$image" bootbank:/manifest.txt -o "$mk/bank" >/dev/null
mods=$(sed -n 's/^modules=//p; s/^guests=//p' "$mk/bank/boot.cfg" | sed 's/ --- / /g')
{
    echo "image esp.vfat { vfat { extraargs = \"-F 16 -s 1\" files = { \"out/BOOTX64.EFI\" } } size = 4M }"
    echo -n "image bootbank.vfat { vfat { extraargs = \"-F 16\" files = { \"bank/boot.cfg\", \"bank/manifest.txt\", \"out/core.efi\""
    for m in $mods; do echo -n ", \"out/$m\""; done
    echo " } } size = 12M }"
    echo 'image altbootbank.vfat { mountpoint = "/alt" vfat { extraargs = "-F 16" } size = 12M }'
    echo 'image unit.vfat { mountpoint = "/unit" vfat { } size = 2M }'
    echo 'image flash.img { hdimage { partition-table-type = "gpt" }'
    echo '  partition esp { image = "esp.vfat" partition-type-uuid = "U" offset = 64K }'
    echo '  partition bootbank { image = "bootbank.vfat" partition-type-uuid = "F" }'
    echo '  partition altbootbank { image = "altbootbank.vfat" partition-type-uuid = "F" }'
    echo '  partition unit { image = "unit.vfat" partition-type-uuid = "F" }'
    echo '  size = 32M }'
} > "$mk/genimage.cfg"
# genimage copies its root folder; it holds only the two spare volumes' contents (one empty file each,
# as mcopy fails on an empty folder).
mkdir -p "$mk/root/alt" "$mk/root/unit"
touch "$mk/root/alt/empty" "$mk/root/unit/empty"
cat > "$mk/run.sh" <<SH
set -e
cd $mk
rm -rf obj out tmp images && mkdir images
make -s -j2
genimage --rootpath $mk/root --tmppath $mk/tmp --inputpath $mk --outputpath $mk/images --config genimage.cfg >/dev/null 2>&1
SH
# The shared cache: a redis-server of our own on a free loopback port, warmed by one build.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/redis"
redis-server --bind 127.0.0.1 --port "$port" --dir "$work/redis" --save '' --appendonly no --daemonize no >"$work/redis/log" 2>&1 &
redis_pid=$!
until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done
remote="redis://127.0.0.1:$port"
$fs build --target "$target" --jobs 2 --out "$work/warm-images" --cache "$work/warm-cache" --cache-remote "$remote" >/dev/null

# The three clean runs take turns, round after round (each round in another order), so that a machine that speeds
# up or slows down during the run weighs on all three alike; one round first warms the caches of the file system.
python3 - "$work/clean.json" 11 \
    "flashsmith clean build --jobs 2 (target $target)" "rm -rf $work/cache $work/images" "$fs build --target $target --jobs 2 --out $work/images --cache $work/cache" \
    "make -j2 + genimage (target $target)" "true" "bash $mk/run.sh" \
    "flashsmith build, empty local cache, warm Redis (target $target)" "rm -rf $work/cache-r $work/images-r" "$fs build --target $target --jobs 2 --out $work/images-r --cache $work/cache-r --cache-remote $remote" <<'PY'
import json, shlex, statistics, subprocess, sys, time
out, rounds, rest = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
runs = [(rest[i], rest[i + 1], rest[i + 2]) for i in range(0, len(rest), 3)]
times = {name: [] for name, _, _ in runs}
for r in range(rounds):
    for k in range(len(runs)):
        name, prepare, command = runs[(r + k) % len(runs)]
        subprocess.run(prepare, shell=True, check=True)
        start = time.perf_counter()
        subprocess.run(shlex.split(command), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if r > 0:
            times[name].append(time.perf_counter() - start)
for name, values in times.items():
    print(f"{name}: {statistics.mean(values)*1000:.0f} ms ± {statistics.stdev(values)*1000:.0f} ({len(values)} runs)")
json.dump({"results": [{"command": n, "mean": statistics.mean(v)} for n, v in times.items()]}, open(out, "w"))
PY

python3 - "$work/noop.json" "$work/clean.json" <<'PY'
import json, sys
noop = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
clean = {x["command"]: x["mean"] for x in json.load(open(sys.argv[2]))["results"]}
(a, ta), (b, tb) = list(noop.items())
(c, tc), (d, td), (e, te) = list(clean.items())
print(f"{a}: {ta*1000:.1f} ms; {b}: {tb*1000:.1f} ms; ratio {ta/tb:.1f}x (goal: at most 10x)")
print(f"{c}: {tc*1000:.0f} ms; {d}: {td*1000:.0f} ms; ratio {tc/td:.2f}x (goal: at most 1x)")
print(f"{e}: {te*1000:.0f} ms; against the clean build {te/tc:.2f}x (goal: at most 0.5x)")
PY
