#!/usr/bin/env bash
# Quire's one entry point.
#
#   ./build.sh            build everything (kernel, libraries, programs, ISOs,
#                         the sdk, SQLite's shell)
#   ./build.sh sdk        only build/sdk: quire-cc, the sysroot, quire.cmake
#                         (docs/sdk.md)
#   ./build.sh run        build and boot in QEMU, serial console on this terminal
#                         (Ctrl-A X quits QEMU); --efi boots through Quire's
#                         own GNU-EFI loader under OVMF instead of GRUB;
#                         --add PROGRAM (repeatable) puts PROGRAM in /bin
#                         on the disk; overlay/ is copied onto new disks
#   ./build.sh test       build, run the host unit tests, the runner's self-test,
#                         the boot tests, the system and console tests; the last
#                         line is "N passed, N failed" (docs/testing.md)
#   ./build.sh test NAME  the same for one test or group: test_elf (or elf),
#                         t_vm, t_files, unit, selftest, protocols, tools,
#                         boot, system, console
#   ./build.sh bench      boot the benchmark image under -icount and print its figures
#   ./build.sh profile GROUP [REPEAT]
#                         run one benchmark group (getppid, pipe, files, ...)
#                         REPEAT times (default 10) under the bench's flags and
#                         print the instructions one run costs, by program and
#                         function (docs/performance.md)
#   ./build.sh debug      boot paused with a gdb stub and attach gdb to the kernel
#   ./build.sh clean      remove build/
#
# Missing Debian packages are installed with apt-get. Every output goes
# under build/.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
BUILD=$ROOT/build
JOBS=$(nproc 2>/dev/null || echo 2)
QEMU_MEM=${QEMU_MEM:-512M}
TEST_TIMEOUT=${TEST_TIMEOUT:-300}

# ---- dependencies -------------------------------------------------------
# command-or-file:package
DEPS=(
	clang:clang ld.lld:lld llvm-ar:llvm make:make
	qemu-system-x86_64:qemu-system-x86
	grub-mkrescue:grub-common xorriso:xorriso mformat:mtools
	/usr/lib/grub/i386-pc/multiboot2.mod:grub-pc-bin
	/usr/lib/grub/x86_64-efi/multiboot2.mod:grub-efi-amd64-bin
	/usr/share/ovmf/OVMF.fd:ovmf
	/usr/include/cmocka.h:libcmocka-dev
	cc:gcc mke2fs:e2fsprogs objcopy:binutils
	/usr/include/efi/efi.h:gnu-efi
	/usr/src/newlib/newlib-3.3.0.tar.xz:newlib-source xz:xz-utils
	timeout:coreutils python3:python3 e2fsck:e2fsprogs debugfs:e2fsprogs
	cmake:cmake curl:curl sqlite3:sqlite3
)

have() {
	case "$1" in
	/*) [ -e "$1" ] ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

ensure_deps() {
	local missing=() dep
	for dep in "${DEPS[@]}"; do
		have "${dep%%:*}" || missing+=("${dep##*:}")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "build.sh: installing ${missing[*]}" >&2
	local sudo=""
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# ---- building -----------------------------------------------------------
build_all() {
	# newlib is built once and cached outside the tree, keyed by its inputs.
	NEWLIB=$(lib/newlib/build-newlib.sh | tail -1)
	[ -d "$NEWLIB" ] || { echo "build.sh: newlib is not available" >&2; exit 1; }
	# make runs with the relative path, as the dependency files name it.
	make -s -j"$JOBS" BUILD=build NEWLIB="$NEWLIB" all build/efi/BOOTX64.EFI
	build_sqlite
	# The test and benchmark images: the test kernel (the production one
	# plus the boot-table entries of test/os/manifest.txt) and module lists
	# generated from the same manifest (docs/boot.md).
	make_iso "$BUILD/quire-test.iso" "test" "$BUILD/boot/modules-test.txt" "$TEST_KERNEL"
	make_iso "$BUILD/quire-bench.iso" "test" "$BUILD/boot/modules-bench.txt" "$TEST_KERNEL"
	make_esp "$BUILD/quire-esp-test.img" "test" "$BUILD/boot/modules-test.txt" "$TEST_KERNEL"
	make_iso "$BUILD/quire.iso" ""
	make_iso "$BUILD/quire-systest.iso" "test"
	make_esp "$BUILD/quire-esp.img" "" boot/modules.txt
	stage_disk
}

# SQLite's shell (docs/sdk.md): the amalgamation fetched once into the
# cache, built with the sdk's quire-cc into build/bin/sqlite3. Without
# it (no network, no cache) the build goes on and says so: /bin/sqlite3
# is then missing and the SQLite tests fail.
build_sqlite() {
	local src
	if ! src=$(sdk/fetch-sqlite.sh | tail -1) || [ ! -f "$src/sqlite3.c" ]; then
		echo "build.sh: SQLite could not be fetched (see above); /bin/sqlite3 is not built" \
			"and the SQLite tests will FAIL" >&2
		rm -f "$BUILD/bin/sqlite3"
		return 0
	fi
	make -s -j"$JOBS" BUILD=build NEWLIB="$NEWLIB" SQLITE_SRC="$src" build/bin/sqlite3
}

# The root disk's files (boot/disk.txt) in $BUILD/disk-root, then
# /bin/sqlite3 when it was built, then the top-level overlay/ folder
# (yours, ignored by git: docs/sdk.md), copied over the top.
stage_disk() {
	local root="$BUILD/disk-root" file dest
	rm -rf "$root"
	mkdir -p "$root/dev" "$root/etc" "$root/tmp"
	chmod 1777 "$root/tmp"
	while read -r file dest; do
		case "$file" in ''|'#'*) continue ;; esac
		mkdir -p "$root$(dirname "$dest")"
		cp "$BUILD/$file" "$root$dest"
	done < boot/disk.txt
	# The user database (docs/users.md) and the ordinary user's home,
	# which make_disk gives to uid 1000.
	cp boot/etc/passwd boot/etc/group boot/etc/system.conf "$root/etc/"
	mkdir -p "$root/home/user"
	[ ! -f "$BUILD/bin/sqlite3" ] || cp "$BUILD/bin/sqlite3" "$root/bin/sqlite3"
	[ ! -d "$ROOT/overlay" ] || cp -R "$ROOT/overlay/." "$root/"
	echo "Quire $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" >"$root/etc/version"
}

# A digest of the staged files, to tell whether a kept disk is out of date.
disk_digest() {
	(cd "$BUILD/disk-root" && find . -type f ! -path ./etc/version | LC_ALL=C sort | xargs sha256sum | sha256sum)
}

# make_disk OUT [ROOT [SIZE]]: a fresh ext2 image (revision 1, 4 KiB blocks)
# of the staged files (ROOT, default build/disk-root), SIZE (default 64M).
make_disk() {
	rm -f "$1"
	disk_digest >"$1.digest"
	mke2fs -q -F -t ext2 -r 1 -b 4096 -I 128 -L quire -E root_owner=0:0 \
		-d "${2:-$BUILD/disk-root}" "$1" "${3:-64M}" >"$BUILD/mke2fs.log" 2>&1 ||
		{ cat "$BUILD/mke2fs.log" >&2; exit 1; }
	# mke2fs -d copies the host's owners; the home is the user's (uid 1000).
	if [ -d "${2:-$BUILD/disk-root}/home/user" ]; then
		printf 'sif /home/user uid 1000\nsif /home/user gid 1000\n' |
			debugfs -w -f - "$1" >>"$BUILD/mke2fs.log" 2>&1 ||
			{ cat "$BUILD/mke2fs.log" >&2; exit 1; }
	fi
}

# disk_add DISK FILE DEST: FILE at DEST on the ext2 image DISK (replacing
# what was there), mode 0755, owned by root, written with debugfs.
disk_add() {
	local disk=$1 file=$2 dest=$3
	debugfs -w -R "rm $dest" "$disk" >/dev/null 2>&1 || true
	if ! debugfs -w -f - "$disk" >"$BUILD/debugfs.log" 2>&1 <<-EOF
		write $file $dest
		sif $dest mode 0100755
		sif $dest uid 0
		sif $dest gid 0
	EOF
	then
		cat "$BUILD/debugfs.log" >&2; exit 1
	fi
	if ! debugfs -R "stat $dest" "$disk" 2>/dev/null | grep -q "Size: $(stat -c %s "$file")\b"; then
		echo "build.sh: could not put $file on $disk as $dest:" >&2
		cat "$BUILD/debugfs.log" >&2; exit 1
	fi
	echo "build.sh: added $file as $dest" >&2
}

# The kernel of the test and benchmark images (kernel/kernel.mk).
TEST_KERNEL=$BUILD/kernel/kernel-test.elf

# boot_test_names: the boot test programs of the test image, on one line
# (test/os/manifest.txt; the runner waits for exactly these).
boot_test_names() {
	local names
	names=$(python3 test/os/manifest.py names test/os/manifest.txt)
	echo $names                # one line, as the other name lists
}

# make_esp OUT CMDLINE MODLIST [KERNEL]: a FAT EFI system partition for the
# GNU-EFI loader with the same kernel and modules as the ISO of that list.
make_esp() {
	MODDIR="$BUILD" EFI_APP="$BUILD/efi/BOOTX64.EFI" \
		boot/efi/mkesp.sh "$1" "${4:-$BUILD/kernel/kernel.elf}" "$2" "$3" \
		>"$BUILD/mkesp.log" 2>&1 || { cat "$BUILD/mkesp.log" >&2; exit 1; }
}

# make_iso OUT CMDLINE [MODLIST [KERNEL]]: a hybrid BIOS/UEFI ISO with
# KERNEL (default the production kernel) and the modules of MODLIST
# (default boot/modules.txt).
make_iso() {
	local out=$1 cmdline=$2 modlist=${3:-boot/modules.txt} kernel=${4:-$BUILD/kernel/kernel.elf} stage
	stage="$BUILD/iso-$(basename "$out" .iso)"
	rm -rf "$stage"
	mkdir -p "$stage/boot/grub"
	cp "$kernel" "$stage/boot/kernel.elf"
	local modlines="" file rest
	while read -r file rest; do
		case "$file" in ''|'#'*) continue ;; esac
		cp "$BUILD/$file" "$stage/boot/$(basename "$file")"
		modlines+=$'\t'"module2 /boot/$(basename "$file") $rest"$'\n'
	done < "$modlist"
	python3 - "$stage/boot/grub/grub.cfg" "$cmdline" "$modlines" <<'PY'
import sys
out, cmdline, modules = sys.argv[1:4]
text = open("boot/grub.cfg").read()
text = text.replace("@CMDLINE@", cmdline).replace("@MODULES@", modules.rstrip("\n"))
open(out, "w").write(text)
PY
	local newer
	newer=$(find "$stage" -newer "$out" -type f 2>/dev/null | head -1 || true)
	if [ ! -f "$out" ] || [ -n "$newer" ]; then
		grub-mkrescue -o "$out" "$stage" >"$BUILD/grub-mkrescue.log" 2>&1 ||
			{ cat "$BUILD/grub-mkrescue.log" >&2; exit 1; }
	fi
}

# ---- QEMU ---------------------------------------------------------------
qemu_base() {
	echo qemu-system-x86_64 -machine q35 -m "$QEMU_MEM" -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04
}

cmd_run() {
	build_all
	local boot=(-cdrom "$BUILD/quire.iso" -boot d) fresh=0 adds=() f
	while [ $# -gt 0 ]; do
		case "$1" in
		--efi) boot=(-bios /usr/share/ovmf/OVMF.fd -drive format=raw,file="$BUILD/quire-esp.img") ;;
		--uefi-grub) boot=(-bios /usr/share/ovmf/OVMF.fd -cdrom "$BUILD/quire.iso" -boot d) ;;
		--fresh) fresh=1 ;;
		--add)
			[ $# -ge 2 ] && [ -f "$2" ] || { echo "build.sh: --add needs a file (got '${2:-}')" >&2; exit 2; }
			adds+=("$2"); shift ;;
		*) echo "usage: $0 run [--efi|--uefi-grub] [--fresh] [--add PROGRAM]..." >&2; exit 2 ;;
		esac
		shift
	done
	# The disk keeps what you write between runs; --fresh makes it anew.
	if [ "$fresh" = 1 ] || [ ! -f "$BUILD/disk.img" ]; then
		make_disk "$BUILD/disk.img"
	elif [ "$(disk_digest)" != "$(cat "$BUILD/disk.img.digest" 2>/dev/null)" ]; then
		echo "build.sh: programs were rebuilt after build/disk.img was made; the disk still" \
			"has the old ones (./build.sh run --fresh makes it anew, losing your files)" >&2
	fi
	# --add PROGRAM: into /bin of the disk as it is (kept or new).
	for f in ${adds[@]+"${adds[@]}"}; do
		disk_add "$BUILD/disk.img" "$f" "/bin/$(basename "$f")"
	done
	echo "build.sh: booting Quire (Ctrl-A X quits; the disk is build/disk.img)" >&2
	exec $(qemu_base) "${boot[@]}" -drive file="$BUILD/disk.img",if=virtio,format=raw \
		-display none -serial mon:stdio
}

# Deterministic timing: the guest TSC counts instructions (see
# docs/performance.md for what that hides).
QEMU_ICOUNT=(-icount shift=0,sleep=off -rtc base=2024-01-01T00:00:00,clock=vm)

# ---- benchmarks (docs/performance.md) ------------------------------------
# Every benchmark boot, Quire's and Linux's, uses this CPU model: qemu64
# (QEMU's default) has no ERMS/FSRM, so neither side zeroes or copies with
# `rep stosb`/`rep movsb`, which -icount would count once per byte.
BENCH_CPU=qemu64
BENCH_TIMEOUT=${BENCH_TIMEOUT:-300}

# /bin/bench and /bin/nop for Quire (test/bench/posix.mk; named here too
# while the top Makefile does not include it).
bench_programs() {
	local mk=(-f Makefile)
	grep -q '^include test/bench/posix.mk' Makefile || mk+=(-f test/bench/posix.mk)
	make -s -j"$JOBS" BUILD=build NEWLIB="$NEWLIB" "${mk[@]}" build/bin/bench build/bin/nop
}

# make_bench_disk OUT: the root disk of make_disk plus /bin/bench and
# /bin/nop, with a fixed UUID, hash seed and time (2024-01-01, as -rtc):
# the same image, byte for byte, every run.
make_bench_disk() {
	local root="$BUILD/disk-root-bench"
	rm -rf "$root"
	cp -a "$BUILD/disk-root" "$root"
	mkdir -p "$root/bin"
	cp "$BUILD/bin/bench" "$BUILD/bin/nop" "$root/bin/"
	find "$root" -exec touch -h -d @0 {} +
	rm -f "$1"
	E2FSPROGS_FAKE_TIME=1704067200 mke2fs -q -F -t ext2 -r 1 -b 4096 -I 128 -L quire \
		-U 51e2a9c0-0000-4000-8000-000000000001 \
		-E root_owner=0:0,hash_seed=51e2a9c0-0000-4000-8000-000000000002 \
		-d "$root" "$1" 64M >"$BUILD/mke2fs.log" 2>&1 ||
		{ cat "$BUILD/mke2fs.log" >&2; exit 1; }
}

# bench_boot LOG QEMU-ARGS...: one Quire benchmark boot under -icount;
# the boot ends with isa-debug-exit 67 when the program succeeded.
bench_boot() {
	local log=$1 status=0
	shift
	timeout --foreground "$BENCH_TIMEOUT" $(qemu_base) -cpu "$BENCH_CPU" "${QEMU_ICOUNT[@]}" -seed 1 \
		"$@" -display none -serial file:"$log" </dev/null >/dev/null 2>&1 || status=$?
	tr -d '\r' <"$log" >"$log.txt"
	if [ "$status" != 67 ]; then
		echo "build.sh: the benchmark boot $(basename "$log") failed (status $status)"
		tail -20 "$log.txt"
		return 1
	fi
}

# bench_table: the table on stdout and build/bench.json, from the BENCH
# lines of the three logs; Quire's figures compared with the previous
# build/bench.json (two runs should agree within 1%).
bench_table() {
	python3 - "$BUILD" "$BENCH_CPU" "$QEMU_MEM" <<'PY'
import json, os, re, sys
build, cpu, mem = sys.argv[1:4]

def bench_lines(path):
    out = {}
    for line in open(path):
        f = line.split()
        if len(f) >= 3 and f[0] == "BENCH":
            out[f[1]] = (None, "") if f[2] == "unsupported" else (int(f[2]), " ".join(f[3:]))
    return out

qlog = f"{build}/bench-quire-posix.log.txt"
quire = bench_lines(qlog)
linux = bench_lines(f"{build}/bench-linux/bench-linux.log.txt")
kbench = bench_lines(f"{build}/bench-quire.log.txt")
abi = open(f"{build}/bench-linux/abi").read().strip()
# A file larger than ext2's block cache (as it says at boot) cannot be
# cached: its passes wait for the disk, and under -icount sleep=off each
# wait counts as a jump of the clock, not as instructions.
m = re.search(r"ext2: ready .*?(\d+) KiB cache", open(qlog).read())
cache_mib = int(m.group(1)) / 1024 if m else None

def disk_bound(name):
    m = re.fullmatch(r"file_\w+?_(\d+)m", name)
    return bool(m and cache_mib is not None and int(m.group(1)) > cache_mib)

rows = []
for name in dict.fromkeys(list(quire) + list(linux)):
    q, qu = quire.get(name, (None, ""))
    l, lu = linux.get(name, (None, ""))
    rows.append({"metric": name, "unit": qu or lu, "quire": q, "linux": l,
                 "quire_ran": name in quire, "linux_ran": name in linux,
                 "quire_disk_bound": disk_bound(name),
                 "ratio": round(q / l, 2) if q is not None and l and not disk_bound(name) else None})
for name, (v, unit) in kbench.items():
    rows.append({"metric": "kbench." + name, "unit": unit, "quire": v, "linux": None,
                 "quire_ran": True, "linux_ran": False, "quire_disk_bound": False,
                 "ratio": None})

def cell(r, side):
    if r[side] is not None:
        return str(r[side]) + ("*" if side == "quire" and r["quire_disk_bound"] else "")
    if side == "linux" and r["metric"].startswith("kbench."):
        return "-"
    return "unsupported" if r[side + "_ran"] else "missing"

print(f"{'metric':<30} {'Quire':>13} {'Linux':>12} {'Quire/Linux':>12}  unit")
for r in rows:
    ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "-"
    print(f"{r['metric']:<30} {cell(r, 'quire'):>13} {cell(r, 'linux'):>12} {ratio:>12}  {r['unit']}")
if any(r["quire_disk_bound"] for r in rows):
    print(f"* larger than Quire's {cache_mib:g} MiB block cache: disk waits, not instructions "
          "(not comparable, not reproducible; docs/performance.md)")

path = f"{build}/bench.json"
old = None
try:
    old = {r["metric"]: r["quire"] for r in json.load(open(path))["metrics"]}
except Exception:
    pass
doc = {"method": "TSC ticks under QEMU TCG with -icount shift=0 (one tick per guest "
                 "instruction); medians; see docs/performance.md",
       "qemu": {"machine": "q35", "cpu": cpu, "memory": mem, "icount": "shift=0,sleep=off",
                "rtc": "base=2024-01-01T00:00:00,clock=vm", "seed": 1},
       "linux_kernel": f"linux-image-{abi}-amd64",
       "quire_block_cache_mib": cache_mib,
       "metrics": rows}
with open(path + ".tmp", "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
os.replace(path + ".tmp", path)
if old:
    worst, at, moved = 0.0, None, []
    for r in rows:
        a, b = old.get(r["metric"]), r["quire"]
        if not a or b is None:
            continue
        d = abs(b - a) / a * 100
        if r["quire_disk_bound"]:
            if d > 1:
                moved.append(f"{r['metric']} {d:+.0f}%")
            continue
        if d >= worst:
            worst, at = d, r["metric"]
    if at:
        verdict = "within 1%" if worst <= 1 else "MORE THAN 1%"
        print(f"Quire against the previous run: largest change {worst:.2f}% ({at}), {verdict}"
              + (f"; disk-bound rows moved: {', '.join(moved)}" if moved else ""))
PY
}

cmd_bench() {
	local t0=$SECONDS lstatus=0 lpid
	build_all
	bench_programs
	make_iso "$BUILD/quire-posixbench.iso" "test bench"
	make_bench_disk "$BUILD/bench-disk.img"
	# Linux first, in the background: -icount figures do not depend on
	# the host's load.
	local sqlite_src=""
	sqlite_src=$(sdk/fetch-sqlite.sh 2>/dev/null | tail -1) || sqlite_src=""
	BENCH_CPU=$BENCH_CPU BENCH_MEM=$QEMU_MEM BENCH_TIMEOUT=$BENCH_TIMEOUT SQLITE_SRC=$sqlite_src \
		test/bench/linux-peer.sh "$BUILD/bench-linux" >"$BUILD/bench-linux.out" 2>"$BUILD/bench-linux.err" &
	lpid=$!
	local ok=1
	bench_boot "$BUILD/bench-quire.log" -cdrom "$BUILD/quire-bench.iso" -boot d || ok=0
	bench_boot "$BUILD/bench-quire-posix.log" -cdrom "$BUILD/quire-posixbench.iso" -boot d \
		-drive file="$BUILD/bench-disk.img",if=virtio,format=raw,cache=unsafe || ok=0
	wait "$lpid" || lstatus=$?
	if [ "$lstatus" != 0 ]; then
		echo "build.sh: the Linux peer failed (status $lstatus):"; cat "$BUILD/bench-linux.err"; ok=0
	fi
	[ "$ok" = 1 ] || exit 1
	grep -E '^linux-peer: kernel' "$BUILD/bench-linux.err" | sed 's/^linux-peer: /Linux: /' || true
	echo "QEMU: -cpu $BENCH_CPU -m $QEMU_MEM -icount shift=0,sleep=off; figures are guest instructions"
	bench_table
	echo "build.sh: bench took $((SECONDS - t0)) s; figures in build/bench.json"
}

# ./build.sh profile GROUP [REPEAT]: instructions per run of one bench
# group, by program and function. Two boots of the bench image under
# -icount with test/bench/qprof.c (a QEMU plugin counting instructions by
# process slot) and "profile=GROUP,N" on the command line (init passes it
# to /bin/bench; the kernel names each slot's program in the log): N=0
# (boot and one warm-up run) and N=REPEAT. test/bench/profile.py divides
# the difference by REPEAT.
cmd_profile() {
	local group=${1:-} repeat=${2:-10}
	[ -n "$group" ] || { echo "usage: $0 profile GROUP [REPEAT] (groups: see test/bench/bench.c)" >&2; exit 2; }
	[ "$repeat" -ge 1 ] 2>/dev/null || { echo "build.sh: REPEAT must be a number >= 1" >&2; exit 2; }
	build_all
	bench_programs
	make_bench_disk "$BUILD/bench-disk.img"
	mkdir -p "$BUILD/profile"
	clang -O2 -shared -fPIC -fvisibility=hidden -Wall -Wextra -Werror \
		-o "$BUILD/profile/qprof.so" test/bench/qprof.c
	local procs switch
	procs=$(nm -S "$TEST_KERNEL" | awk '$4 == "proc_table" { print "0x" $1, "0x" $2 }')
	switch=$(nm -S "$TEST_KERNEL" | awk '$4 == "arch_switch_to" { print "0x" $1, "0x" $2 }')
	set -- $procs $switch
	[ $# = 4 ] || { echo "build.sh: no proc_table or arch_switch_to in $TEST_KERNEL" >&2; exit 1; }
	local nprocs
	nprocs=$(awk '/define NR_PROCS/ { print $3 }' include/quire/ipc.h)
	local plugin="$BUILD/profile/qprof.so,procs=$1,procsize=$(($2 / nprocs)),nprocs=$nprocs,switch=$3,switchlen=$4"
	local n pids=() status
	for n in 0 "$repeat"; do
		make_iso "$BUILD/profile/quire-$n.iso" "test bench profile=$group,$n"
		cp "$BUILD/bench-disk.img" "$BUILD/profile/disk-$n.img"
		timeout --foreground "$((BENCH_TIMEOUT * 4))" $(qemu_base) -cpu "$BENCH_CPU" \
			"${QEMU_ICOUNT[@]}" -seed 1 -cdrom "$BUILD/profile/quire-$n.iso" -boot d \
			-drive file="$BUILD/profile/disk-$n.img",if=virtio,format=raw,cache=unsafe \
			-plugin "$plugin,out=$BUILD/profile/counts-$n.txt" \
			-display none -serial file:"$BUILD/profile/serial-$n.log" </dev/null >/dev/null 2>&1 &
		pids+=($!)
	done
	for n in 0 1; do
		status=0
		wait "${pids[$n]}" || status=$?
		[ "$status" = 67 ] && continue
		echo "build.sh: a profiling boot failed (status $status)" >&2
		tail -20 "$BUILD/profile/serial-$([ $n = 0 ] && echo 0 || echo "$repeat").log" >&2
		exit 1
	done
	grep -aE '^BENCH ' "$BUILD/profile/serial-$repeat.log" | tr -d '\r' | sort | uniq -c >&2 || true
	python3 test/bench/profile.py "$BUILD/profile/counts-0.txt" "$BUILD/profile/serial-0.log" \
		"$BUILD/profile/counts-$repeat.txt" "$BUILD/profile/serial-$repeat.log" "$repeat" \
		"$TEST_KERNEL" "$BUILD/bin"
}

# ./build.sh sdk: only the kit for outside programs (docs/sdk.md).
cmd_sdk() {
	NEWLIB=$(lib/newlib/build-newlib.sh | tail -1)
	[ -d "$NEWLIB" ] || { echo "build.sh: newlib is not available" >&2; exit 1; }
	make -s -j"$JOBS" BUILD=build NEWLIB="$NEWLIB" sdk
	echo "build.sh: the sdk is in build/sdk (bin/quire-cc, quire.cmake; docs/sdk.md)" >&2
}

cmd_debug() {
	build_all
	[ -f "$BUILD/disk.img" ] || make_disk "$BUILD/disk.img"
	$(qemu_base) -cdrom "$BUILD/quire.iso" -boot d -display none \
		-drive file="$BUILD/disk.img",if=virtio,format=raw \
		-serial file:"$BUILD/debug-serial.log" -s -S &
	local qpid=$!
	echo "build.sh: QEMU waits for gdb (serial output in build/debug-serial.log)" >&2
	gdb -q "$BUILD/kernel/kernel.elf" \
		-ex "target remote localhost:1234" \
		-ex "hbreak kmain" -ex "continue" || true
	kill "$qpid" 2>/dev/null || true
}

# ---- tests (docs/testing.md) --------------------------------------------
# Every verdict comes from test/host/verdict.py reading files: a test's
# output goes to a file first and is parsed after the test has ended, so
# no verdict depends on timing. verdict.py prints one line per result and
# writes "<passed> <failed>" to a counts file, which count_file adds up.
PASSED=0
FAILED=0
TESTOUT=$BUILD/test-out

# count_file FILE: add a verdict.py counts file to the totals. A missing
# or malformed one (verdict.py itself failed) is one failure.
count_file() {
	local p="" f=""
	[ -s "$1" ] && read -r p f <"$1"
	if [[ "$p" =~ ^[0-9]+$ && "$f" =~ ^[0-9]+$ ]]; then
		PASSED=$((PASSED + p))
		FAILED=$((FAILED + f))
	else
		echo "build.sh: FAIL: no verdict in $1"
		FAILED=$((FAILED + 1))
	fi
}

# verdict KIND NAME ARGS...: one test's verdict (see verdict.py's usage).
verdict() {
	local kind=$1 name=$2 counts
	shift 2
	mkdir -p "$TESTOUT"
	counts="$TESTOUT/${name//[^A-Za-z0-9_.-]/_}.counts"
	rm -f "$counts"
	python3 "$ROOT/test/host/verdict.py" "$kind" "$name" "$counts" "$@" || true
	count_file "$counts"
}

# ---- the lists of tests: the only places that know them ----
# The unit test binaries make builds (the Makefile's UNIT_TESTS).
unit_test_paths() {
	make -s --no-print-directory BUILD=build NEWLIB="${NEWLIB:-/nonexistent}" \
		--eval='quire-unit-tests: ; @echo $(UNIT_TESTS)' quire-unit-tests
}

# The in-Quire POSIX tests: the programs boot/disk.txt puts in /test
# (not those under /test/helpers/).
system_test_names() {
	local file dest names=()
	while read -r file dest; do
		case "$dest" in
		/test/*/*) ;;
		/test/*) names+=("${dest#/test/}") ;;
		esac
	done <boot/disk.txt
	echo "${names[*]}"
}

# ---- unit tests ----
# unit_test PATH: one cmocka binary; it passes only if it exits 0 and
# prints its TAP plan and exactly that many results, all ok, and no
# sanitizer report (verdict.py check_unit).
unit_test() {
	local name
	name=$(basename "$1")
	mkdir -p "$TESTOUT"
	verdict unit "unit $name" "$1" "$TESTOUT/unit-$name"
}

# ---- boot tests ----
# boot_test KIND NAME LOG "PROGRAMS" QEMU-ARGS...: boot a test image and
# judge its serial log by KIND's rules (boot: test/os/runner.c's lines;
# system: bin/testrun's), expecting exactly PROGRAMS to report. QEMU ends
# with isa-debug-exit: 67 = all passed, 69 = failures; anything else
# (panic 71, triple fault 0, timeout 124) is a failure too.
boot_test() {
	local kind=$1 name=$2 log=$3 programs=$4 status=0 f=$FAILED
	shift 4
	timeout --foreground "$TEST_TIMEOUT" $(qemu_base) "$@" -display none \
		-serial file:"$log" </dev/null >/dev/null 2>&1 || status=$?
	tr -d '\r' <"$log" >"$log.txt"
	# shellcheck disable=SC2086 # PROGRAMS is a list of words
	verdict "$kind" "$name" "$log.txt" "$status" $programs
	if [ "$FAILED" != "$f" ]; then
		echo "---- last lines of $log.txt ----"
		tail -25 "$log.txt"
		symbolize "$log.txt"
	fi
	return 0
}

# Turn kernel backtrace addresses in a log into function names.
symbolize() {
	local addrs
	addrs=$(grep -oE '\] ffffffff[0-9a-f]{8}' "$1" | awk '{print "0x"$2}' || true)
	[ -n "$addrs" ] || return 0
	command -v llvm-symbolizer >/dev/null || return 0
	echo "---- backtrace ----"
	llvm-symbolizer --obj="$BUILD/kernel/kernel.elf" $addrs | grep -v '^$' || true
}

# boot_once KIND NAME LOG ...: boot_test counted as one result.
boot_once() {
	local name=$2 log=$3 p=$PASSED f=$FAILED
	boot_test "$@" >"$log.results"
	if [ "$FAILED" -eq "$f" ] && [ "$PASSED" -gt "$p" ]; then
		echo "$name: PASS every boot test passed"
		PASSED=$((p + 1)); FAILED=$f
	else
		echo "$name: FAIL: see $log.txt"
		grep -F ': FAIL' "$log.results" || true
		tail -25 "$log.txt"
		PASSED=$p; FAILED=$((f + 1))
	fi
}

# The boot-test image with every boot test, under BIOS; then the same
# kernel and modules under UEFI, through GRUB and through Quire's own
# loader: one result each, the runner's verdict.
boot_tests() {
	local all blk="$BUILD/blk-test.img"
	all=$(boot_test_names)
	truncate -s 64M "$blk"
	boot_test boot "boot(bios)" "$BUILD/test-bios.log" "$all" \
		-cdrom "$BUILD/quire-test.iso" -boot d -drive file="$blk",if=virtio,format=raw
	boot_once boot "boot(uefi-grub)" "$BUILD/test-uefi-grub.log" "$all" \
		-bios /usr/share/ovmf/OVMF.fd -cdrom "$BUILD/quire-test.iso" -boot d \
		-drive file="$blk",if=virtio,format=raw
	boot_once boot "boot(uefi-loader)" "$BUILD/test-uefi-loader.log" "$all" \
		-bios /usr/share/ovmf/OVMF.fd -drive format=raw,file="$BUILD/quire-esp-test.img" \
		-drive file="$blk",if=virtio,format=raw
	if ! grep -qF 'loader "Quire GNU-EFI loader"' "$BUILD/test-uefi-loader.log.txt"; then
		echo "boot(uefi-loader): FAIL: the kernel did not name the GNU-EFI loader"
		FAILED=$((FAILED + 1))
	fi
}

# boot_one PROGRAM: the boot-test image with PROGRAM alone in the runner's
# list, with the helpers it needs and none of the other test programs
# (test/os/manifest.py modules), from a list generated under build/test-out/.
boot_one() {
	local prog=$1 list="$TESTOUT/modules-test-$1.txt"
	local blk="$BUILD/blk-test.img"
	mkdir -p "$TESTOUT"
	python3 test/os/manifest.py modules test/os/manifest.txt test "$prog" >"$list"
	make_iso "$BUILD/quire-test-$prog.iso" "test" "$list" "$TEST_KERNEL"
	truncate -s 64M "$blk"
	boot_test boot "boot($prog)" "$BUILD/test-$prog.log" "$prog" \
		-cdrom "$BUILD/quire-test-$prog.iso" -boot d -drive file="$blk",if=virtio,format=raw
}

# ---- the system image ----
# test_disk_root PROGRAM...: the staged root disk with only PROGRAMs in
# /test (its helpers stay); prints the directory.
test_disk_root() {
	local root="$BUILD/disk-root-test" f keep=" $* "
	rm -rf "$root"
	cp -a "$BUILD/disk-root" "$root"
	for f in "$root"/test/*; do
		[ -f "$f" ] || continue
		[[ "$keep" == *" $(basename "$f") "* ]] || rm -f "$f"
	done
	echo "$root"
}

# system_test_mem NAME: the memory size test/posix/memsize.txt gives the
# system test NAME, or nothing (it runs in the main boot, with QEMU_MEM).
system_test_mem() {
	local name size
	while read -r name size; do
		[ "$name" = "$1" ] && { echo "$size"; return; }
	done < <(grep -v '^#' test/posix/memsize.txt)
	return 0
}

# system_tests DISK [PROGRAM...]: the system image on a fresh DISK whose
# /test holds PROGRAMs (default: every test); init runs /bin/testrun over
# /test. With t_persist or t_sqlite, a second boot of the same disk must read back
# what the first wrote. The tests memsize.txt names boot apart, one boot
# per size, each on a fresh disk of its own (checked by e2fsck here).
system_tests() {
	local disk=$1 progs p size sizes="" main="" small
	shift
	for p in ${*:-$(system_test_names)}; do
		size=$(system_test_mem "$p")
		if [ -z "$size" ]; then
			main="$main $p"
		elif [[ " $sizes " != *" $size "* ]]; then
			sizes="$sizes $size"
		fi
	done
	for size in $sizes; do
		small=""
		for p in ${*:-$(system_test_names)}; do
			[ "$(system_test_mem "$p")" != "$size" ] || small="$small $p"
		done
		# shellcheck disable=SC2086
		# Room for files larger than the memory: 256 MiB.
		make_disk "$disk.$size" "$(test_disk_root $small)" 256M
		QEMU_MEM=$size boot_test system "system(-m $size)" "$BUILD/test-system-$size.log" \
			"${small# }" -cdrom "$BUILD/quire-systest.iso" -boot d \
			-drive file="$disk.$size",if=virtio,format=raw
		disk_check "$disk.$size"
	done
	progs=${main# }
	if [ -z "$progs" ]; then
		rm -f "$disk"         # no main boot: no main disk to check or reuse
		return 0
	fi
	# shellcheck disable=SC2086
	make_disk "$disk" "$(test_disk_root $progs)"
	boot_test system "system" "$BUILD/test-system.log" "$progs" \
		-cdrom "$BUILD/quire-systest.iso" -boot d -drive file="$disk",if=virtio,format=raw
	[[ " $progs " == *" t_persist "* || " $progs " == *" t_sqlite "* ]] || return 0
	# The second boot runs the same tests again: its failures count, its
	# passes only once, as the persistence check below.
	local p=$PASSED
	boot_test system "system(2nd boot)" "$BUILD/test-system2.log" "$progs" \
		-cdrom "$BUILD/quire-systest.iso" -boot d \
		-drive file="$disk",if=virtio,format=raw >"$BUILD/test-system2.out"
	grep -vF ': PASS ' "$BUILD/test-system2.out" || true
	PASSED=$p
	local check what
	for check in "t_persist.read_back:a file written in the first boot reads back intact" \
		"t_sqlite.reopen:the SQLite database of the first boot reopens and answers" \
		"t_sqlite.wal_reopen:SQLite in WAL mode reopens with its transactions"; do
		what=${check#*:} check=${check%%:*}
		[[ " $progs " == *" ${check%%.*} "* ]] || continue
		if grep -q "^PASS $check\$" "$BUILD/test-system2.log.txt"; then
			echo "system(2nd boot): PASS $what"
			PASSED=$((PASSED + 1))
		else
			echo "system(2nd boot): FAIL $check missing (see build/test-system2.log.txt)"
			FAILED=$((FAILED + 1))
		fi
	done
}

# console_test DISK: a person at the console of `./build.sh run`
# (test/console/session.py): typing, ^C, ^D, poweroff.
# session.py bounds each step itself and kills QEMU if poweroff fails.
console_test() {
	local log="$BUILD/test-console.log" status=0
	python3 test/console/session.py \
		$(qemu_base) -cdrom "$BUILD/quire.iso" -boot d \
		-drive file="$1",if=virtio,format=raw -display none -serial stdio \
		</dev/null >"$log" 2>&1 || status=$?
	verdict console console "$log" "$status"
}

# disk_check DISK: the host's e2fsck finds what Quire left clean.
disk_check() {
	if e2fsck -fn "$1" >"$BUILD/e2fsck.log" 2>&1; then
		echo "disk: PASS e2fsck -fn finds ${1#"$ROOT"/} clean"
		PASSED=$((PASSED + 1))
	else
		echo "disk: FAIL e2fsck -fn ${1#"$ROOT"/}:"
		tail -20 "$BUILD/e2fsck.log"
		FAILED=$((FAILED + 1))
	fi
}

# ---- the runner's self-test ----
# selftest_case NAME REASON COMMAND...: run a runner function on a fake
# test, its output to a file and its counts set aside; it must fail
# with a line holding REASON, or pass when REASON is empty. The case
# itself is one result of the selftest group.
selftest_case() {
	local name=$1 reason=$2 p=$PASSED f=$FAILED out="$BUILD/selftest/$1.out"
	shift 2
	"$@" >"$out" 2>&1
	local dp=$((PASSED - p)) df=$((FAILED - f))
	PASSED=$p; FAILED=$f
	if [ -z "$reason" ] && [ "$df" -eq 0 ] && [ "$dp" -gt 0 ]; then
		echo "selftest: PASS $name passes ($dp results)"
		PASSED=$((PASSED + 1))
	elif [ -n "$reason" ] && [ "$df" -gt 0 ] && grep -qF -- "$reason" "$out"; then
		echo "selftest: PASS $name fails: $reason"
		PASSED=$((PASSED + 1))
	else
		echo "selftest: FAIL $name: got $dp passed, $df failed;" \
			"wanted ${reason:-a pass}"
		sed 's/^/    | /' "$out"
		FAILED=$((FAILED + 1))
	fi
}

# Fake unit-test binaries (test/host/selftest/fake_tap.c) through
# unit_test, and fake logs (test/host/selftest/logs/, named
# KIND.CASE.pass|fail.STATUS.log, first line "# expect: REASON") through
# verdict: every kind of failure must be caught, the good ones passed.
selftest() {
	local dir="$BUILD/selftest" c kase reason flags log kind rest status
	mkdir -p "$dir"
	# CASE:REASON, an empty REASON for a binary that must pass.
	local cases=(
		"good:" "two_groups:"
		"segv:crashed: killed by SIGSEGV" "abort:crashed: killed by SIGABRT"
		"short:planned 3 results, printed 2" "extra:planned 2 results, printed 3"
		"noplan:no TAP plan" "late_plan:1 results before its TAP plan"
		"exit:exited with status 1 (every result printed was ok)"
		"not_ok:not ok 2 - test_fake_2" "skip:a skipped test is not a pass"
		"sanitizer:sanitizer report:" "empty:printed no results"
		"hang:still running after 2 s"
	)
	for c in "${cases[@]}"; do
		kase=${c%%:*} reason=${c#*:} flags=""
		[ "$kase" = sanitizer ] && flags=-fsanitize=undefined
		if ! clang -std=c11 -O1 -Wall -Wextra -Werror $flags -DCASE_"$kase" \
			-o "$dir/fake_$kase" test/host/selftest/fake_tap.c >"$dir/cc.log" 2>&1; then
			echo "selftest: FAIL unit_$kase: the fake does not build"
			cat "$dir/cc.log"
			FAILED=$((FAILED + 1))
			continue
		fi
		UNIT_TIMEOUT=2 selftest_case "unit_$kase" "$reason" unit_test "$dir/fake_$kase"
	done
	for log in test/host/selftest/logs/*.log; do
		IFS=. read -r kind kase _ status _ <<<"$(basename "$log")"
		read -r _ _ reason <"$log"
		if [ "$kind" = console ]; then
			selftest_case "${kind}_$kase" "$reason" verdict console "$kind $kase" "$log" "$status"
		else
			selftest_case "${kind}_$kase" "$reason" verdict "$kind" "$kind $kase" "$log" "$status" t_a t_b
		fi
	done
	# ./build.sh run --add: disk_add puts a file on an ext2 image intact,
	# executable, and leaves the file system clean.
	local img="$dir/add.img" src="$ROOT/test/host/check_libposix.py"
	rm -rf "$dir/add-root" && mkdir -p "$dir/add-root/bin"
	if mke2fs -q -F -t ext2 -r 1 -b 4096 -d "$dir/add-root" "$img" 8M >/dev/null 2>&1 &&
		(disk_add "$img" "$src" /bin/added) >"$dir/add.log" 2>&1 &&
		debugfs -R "cat /bin/added" "$img" 2>/dev/null | cmp -s - "$src" &&
		debugfs -R "stat /bin/added" "$img" 2>/dev/null | grep -q "Mode:  0755" &&
		e2fsck -fn "$img" >>"$dir/add.log" 2>&1; then
		echo "selftest: PASS run_add_puts_the_file_on_the_disk"
		PASSED=$((PASSED + 1))
	else
		echo "selftest: FAIL run_add_puts_the_file_on_the_disk (see $dir/add.log)"
		FAILED=$((FAILED + 1))
	fi
	# Every boot and system test is a name `./build.sh test NAME` knows:
	# each list is one line of names (cmd_test matches " NAME ").
	local list name bad=""
	for list in boot_test_names system_test_names; do
		name=$($list)
		[[ "$name" != *$'\n'* && -n "$name" ]] || bad+=" $list"
	done
	if [ -z "$bad" ]; then
		echo "selftest: PASS name_lists_are_one_line"
		PASSED=$((PASSED + 1))
	else
		echo "selftest: FAIL name_lists_are_one_line:$bad print more than one line or nothing"
		FAILED=$((FAILED + 1))
	fi
}

# ---- the message tables and the call order ----
# Every message type of every protocol header has an entry in its
# server's designated-initializer table (or says it is not a request) and
# is described (test/host/check_protocols.py), one result per protocol;
# every server calls only what docs/architecture.md's call-order table
# allows, and that table has no cycle (test/host/check_callorder.py);
# libposix answers ENOSYS for no POSIX call (its pending list names any)
# and declares every function it has in a header (check_libposix.py).
protocols_check() {
	local check
	mkdir -p "$TESTOUT"
	for check in check_protocols check_callorder check_libposix; do
		host_check protocols "$check" python3 "test/host/$check.py" "$ROOT"
	done
}

# host_check GROUP NAME COMMAND...: a host program that prints one PASS or
# FAIL line per check; its exit status must agree with its FAIL lines and
# it must report something.
host_check() {
	local group=$1 name=$2 out status=0 p f
	shift 2
	out="$TESTOUT/$name.out"
	"$@" >"$out" 2>&1 || status=$?
	sed "s/^/$group: /" "$out"
	p=$(grep -c '^PASS ' "$out" || true)
	f=$(grep -c '^FAIL ' "$out" || true)
	if [ "$status" != 0 ] && [ "$f" = 0 ] || [ "$status" = 0 ] && [ "$f" != 0 ] ||
		[ $((p + f)) = 0 ]; then
		echo "$group: FAIL $name exited with status $status after $p passed, $f failed"
		f=$((f + 1))
	fi
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
}

# ---- the user programs on the host ----
# bin/'s tools built with the host's cc and checked against their
# expected output (test/host/run_tools.sh), as a second, fast look at
# them outside Quire.
tools_check() {
	mkdir -p "$TESTOUT"
	host_check tools run_tools test/host/run_tools.sh -v
}

# ---- ./build.sh test [NAME...] ----
test_usage() {
	local units=() p
	for p in $(unit_test_paths); do units+=("$(basename "$p")"); done
	echo "usage: $0 test [NAME...]; a NAME is"
	echo "  a group:          unit selftest protocols tools boot system console"
	echo "  a unit test:      ${units[*]} (or without test_)"
	echo "  a boot test:      $(boot_test_names)"
	echo "  a system test:    $(system_test_names)"
}

cmd_test() {
	local groups=() units=() boots=() systems=() name p found
	local all_units all_boot all_system
	all_units=$(unit_test_paths)
	all_boot=" $(boot_test_names) "
	all_system=" $(system_test_names) "
	# A name list on several lines would let no single name match.
	if [[ "$all_boot$all_system" == *$'\n'* ]]; then
		echo "build.sh: a test name list has more than one line" >&2
		exit 2
	fi
	[ $# -gt 0 ] || set -- unit selftest protocols tools boot system console
	for name in "$@"; do
		case "$name" in
		unit|selftest|protocols|tools|boot|system|console) groups+=("$name"); continue ;;
		esac
		found=""
		for p in $all_units; do
			case "$(basename "$p")" in "$name"|"test_$name") found=$p ;; esac
		done
		if [ -n "$found" ]; then
			units+=("$found")
		elif [[ "$all_boot" == *" $name "* ]]; then
			boots+=("$name")
		elif [[ "$all_system" == *" $name "* ]]; then
			systems+=("$name")
		else
			echo "build.sh: no test named '$name'" >&2
			test_usage >&2
			exit 2
		fi
	done
	local has=" ${groups[*]} "
	[ "$has" = " selftest " ] || [ "$has" = " protocols " ] || [ "$has" = " tools " ] && [ ${#units[@]} -eq 0 ] && [ ${#boots[@]} -eq 0 ] &&
		[ ${#systems[@]} -eq 0 ] || build_all
	rm -rf "$TESTOUT"
	mkdir -p "$TESTOUT"
	if [[ "$has" == *" unit "* ]]; then
		for p in $all_units; do unit_test "$p"; done
	fi
	for p in "${units[@]}"; do unit_test "$p"; done
	[[ "$has" != *" selftest "* ]] || selftest
	[[ "$has" != *" protocols "* ]] || protocols_check
	[[ "$has" != *" tools "* ]] || tools_check
	[[ "$has" != *" boot "* ]] || boot_tests
	for name in "${boots[@]}"; do boot_one "$name"; done
	local disk="$BUILD/test-disk.img" used=""
	if [[ "$has" == *" system "* ]]; then
		system_tests "$disk"
		used=1
	elif [ ${#systems[@]} -gt 0 ]; then
		system_tests "$disk" "${systems[@]}"
		used=1
	fi
	[ -f "$disk" ] || used=""   # only small-memory system tests ran (their own disks)
	if [[ "$has" == *" console "* ]]; then
		# After the system tests, on the disk they used; alone, a fresh one.
		[ -n "$used" ] || make_disk "$disk"
		console_test "$disk"
		used=1
	fi
	[ -z "$used" ] || disk_check "$disk"
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}

main() {
	local cmd=${1:-build}
	[ $# -gt 0 ] && shift
	case "$cmd" in
	build) ensure_deps; build_all ;;
	sdk) ensure_deps; cmd_sdk ;;
	run) ensure_deps; cmd_run "$@" ;;
	test) ensure_deps; cmd_test "$@" ;;
	debug) ensure_deps; cmd_debug ;;
	bench) ensure_deps; cmd_bench ;;
	profile) ensure_deps; cmd_profile "$@" ;;
	clean) rm -rf "$BUILD" ;;
	*) echo "usage: $0 [build|sdk|run [--add PROGRAM]...|test [NAME...]|bench|profile GROUP [REPEAT]|debug|clean]" >&2; exit 2 ;;
	esac
}

main "$@"
