#!/usr/bin/env bash
# The Linux peer of ./build.sh bench: Debian's own Linux kernel booted in
# the same QEMU, with the same flags, running test/bench/bench.c (built
# with the host's compiler as a static binary) as /init of an initramfs.
#
#   test/bench/linux-peer.sh OUTDIR
#
# Prints the guest's "BENCH ..." lines on stdout; the whole serial log is
# OUTDIR/bench-linux.log.txt. Nothing is installed into the host but the
# tools below (with apt-get, when missing): the kernel package is only
# downloaded (apt-get download) and unpacked (dpkg-deb -x) into
#     ${QUIRE_CACHE:-$HOME/.cache/quire}/linux-<abi>/vmlinuz
#
# Environment:
#   LINUX_ABI     the kernel to use, e.g. 6.1.0-56 (default: the newest
#                 linux-image-6.1.0-*-amd64 that apt knows of, or, when
#                 apt knows none, the newest one already in the cache)
#   BENCH_CPU     QEMU's -cpu model, the same as Quire's boot (default qemu64)
#   BENCH_MEM     QEMU's -m (default 512M)
#   BENCH_TIMEOUT seconds before the boot counts as hung (default 300)
#   SQLITE_SRC    the SQLite amalgamation Quire's /bin/sqlite3 is built from
#                 (build.sh passes it); built the same way (the -D options
#                 of sdk/sdk.mk) as the peer's /bin/sqlite3. Without it the
#                 peer has none and reports the sqlite rows unsupported.
set -euo pipefail
OUT=${1:?usage: test/bench/linux-peer.sh OUTDIR}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
cd "$(dirname "$0")/../.."
CACHE=${QUIRE_CACHE:-$HOME/.cache/quire}
CPU=${BENCH_CPU:-qemu64}
MEM=${BENCH_MEM:-512M}
TIMEOUT=${BENCH_TIMEOUT:-300}

say() { echo "linux-peer: $*" >&2; }

# ---- host tools ---------------------------------------------------------
ensure_tools() {
	local missing=()
	command -v cpio >/dev/null 2>&1 || missing+=(cpio)
	command -v cc >/dev/null 2>&1 || missing+=(gcc)
	[ -e /usr/lib/x86_64-linux-gnu/libc.a ] || missing+=(libc6-dev)
	command -v qemu-system-x86_64 >/dev/null 2>&1 || missing+=(qemu-system-x86)
	command -v dpkg-deb >/dev/null 2>&1 || missing+=(dpkg)
	[ ${#missing[@]} -eq 0 ] && return 0
	say "installing ${missing[*]}"
	local sudo=""
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# ---- the kernel ---------------------------------------------------------
# The newest linux-image-6.1.0-N-amd64 in apt's lists ("6.1.0-N"), or none.
newest_abi() {
	apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' 2>/dev/null |
		awk '{print $1}' | sed -e 's/^linux-image-//' -e 's/-amd64$//' | sort -V | tail -1
}

cached_abi() {
	local d
	for d in "$CACHE"/linux-6.1.0-*; do
		[ -f "$d/vmlinuz" ] && basename "$d" | sed 's/^linux-//'
	done | sort -V | tail -1
}

# fetch_kernel ABI: $CACHE/linux-ABI/vmlinuz, downloaded once.
fetch_kernel() {
	local abi=$1 dir="$CACHE/linux-$1"
	[ -f "$dir/vmlinuz" ] && return 0
	local pkg="linux-image-$abi-amd64" tmp
	mkdir -p "$CACHE"
	tmp=$(mktemp -d "$CACHE/.linux-$abi.XXXXXX")
	say "downloading $pkg (apt-get download; it is not installed)"
	# apt-get download writes into the current directory.
	if ! (cd "$tmp" && apt-get download -q "$pkg" >"$tmp/download.log" 2>&1); then
		cat "$tmp/download.log" >&2
		rm -rf "$tmp"
		return 1
	fi
	dpkg-deb -x "$tmp"/"$pkg"_*.deb "$tmp/root"
	mkdir -p "$tmp/keep"
	cp "$tmp/root/boot/vmlinuz-$abi-amd64" "$tmp/keep/vmlinuz"
	cp "$tmp/root/boot/config-$abi-amd64" "$tmp/keep/config" 2>/dev/null || true
	dpkg-deb -f "$tmp"/"$pkg"_*.deb Package Version >"$tmp/keep/package"
	rm -rf "$dir"
	mv "$tmp/keep" "$dir"
	rm -rf "$tmp"
}

# ---- the initramfs --------------------------------------------------------
# An uncompressed newc cpio, byte-for-byte the same for the same programs:
# sorted names, one fixed time stamp, owner 0:0, no inode/device numbers.
make_initramfs() {
	local stage="$OUT/initramfs" f
	rm -rf "$stage"
	mkdir -p "$stage/bin" "$stage/dev" "$stage/proc" "$stage/tmp"
	cp "$OUT/bench" "$stage/init"
	cp "$OUT/nop" "$stage/bin/nop"
	chmod 0755 "$stage" "$stage/bin" "$stage/dev" "$stage/proc" "$stage/init" "$stage/bin/nop"
	if [ -f "$OUT/sqlite3" ]; then
		cp "$OUT/sqlite3" "$stage/bin/sqlite3"
		chmod 0755 "$stage/bin/sqlite3"
	fi
	chmod 1777 "$stage/tmp"
	find "$stage" -exec touch -h -d @0 {} +
	(cd "$stage" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
		cpio --null --quiet -o -H newc -R 0:0 --reproducible) >"$OUT/initramfs.cpio"
}

# $OUT/sqlite3 from $SQLITE_SRC with sdk/sdk.mk's SQLITE_DEFS, static;
# rebuilt only when the source or the options change (it takes a minute).
build_sqlite() {
	[ -n "${SQLITE_SRC:-}" ] && [ -f "$SQLITE_SRC/sqlite3.c" ] || { rm -f "$OUT/sqlite3"; return 0; }
	local defs key
	defs=$(sed -n 's/^SQLITE_DEFS := //p' sdk/sdk.mk)
	key=$(cat "$SQLITE_SRC/sqlite3.c" "$SQLITE_SRC/shell.c" | sha256sum | cut -c1-16)-$(echo "$defs" | sha256sum | cut -c1-8)
	if [ -f "$OUT/sqlite3" ] && [ "$(cat "$OUT/sqlite3.key" 2>/dev/null)" = "$key" ]; then
		return 0
	fi
	say "building the peer's sqlite3 (static, $defs)"
	# shellcheck disable=SC2086
	cc -O2 -static $defs -o "$OUT/sqlite3" "$SQLITE_SRC/shell.c" "$SQLITE_SRC/sqlite3.c" -lm
	echo "$key" >"$OUT/sqlite3.key"
}

main() {
	ensure_tools
	local abi=${LINUX_ABI:-}
	if [ -z "$abi" ]; then
		abi=$(newest_abi)
		if [ -z "$abi" ]; then
			apt-get update -qq >&2 || true
			abi=$(newest_abi)
		fi
		[ -n "$abi" ] || abi=$(cached_abi)
	fi
	[ -n "$abi" ] || { say "no linux-image-6.1.0-*-amd64 known to apt nor cached"; exit 1; }
	if ! fetch_kernel "$abi"; then
		local have
		have=$(cached_abi)
		[ -n "$have" ] || { say "cannot fetch linux-image-$abi-amd64"; exit 1; }
		say "cannot fetch linux-image-$abi-amd64: using the cached $have"
		abi=$have
	fi
	local kernel="$CACHE/linux-$abi/vmlinuz"
	say "kernel $(tr '\n' ' ' <"$CACHE/linux-$abi/package")(-cpu $CPU)"

	# The same source as Quire's /bin/bench and /bin/nop.
	cc -O2 -static -Wall -Wextra -o "$OUT/bench" test/bench/bench.c test/bench/bench_sqlite.c \
		test/bench/bench_rs.c
	cc -O2 -static -Wall -Wextra -o "$OUT/nop" test/bench/nop.c
	build_sqlite
	make_initramfs
	echo "$abi" >"$OUT/abi"

	local log="$OUT/bench-linux.log" status=0
	rm -f "$log"
	timeout --foreground "$TIMEOUT" qemu-system-x86_64 -machine q35 -m "$MEM" -cpu "$CPU" \
		-icount shift=0,sleep=off -rtc base=2024-01-01T00:00:00,clock=vm -seed 1 \
		-kernel "$kernel" -initrd "$OUT/initramfs.cpio" \
		-append "console=ttyS0 mitigations=off nokaslr norandmaps quiet panic=-1" \
		-display none -serial file:"$log" -no-reboot </dev/null >/dev/null 2>&1 || status=$?
	tr -d '\r' <"$log" >"$log.txt"
	if [ "$status" != 0 ] || ! grep -q '^bench: done, 0 failures' "$log.txt"; then
		say "the Linux boot failed (QEMU status $status); last lines of $log.txt:"
		tail -20 "$log.txt" >&2
		exit 1
	fi
	grep '^BENCH ' "$log.txt"
}

main "$@"
