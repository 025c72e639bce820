#!/usr/bin/env bash
# Build newlib for x86_64-elf with clang, once, and cache the install.
#
#   NEWLIB=$(lib/newlib/build-newlib.sh)
#
# The last line on stdout is the sysroot: $NEWLIB/x86_64-elf/{include,lib}.
# It lives in ${QUIRE_CACHE:-$HOME/.cache/quire}/newlib-<key>, where key is
# the sha256 of everything that decides the result: the source tarball's
# sha256, the configure line, `clang --version`, the wrapper scripts and
# this script's own text. A build runs in temporary directories and the
# install is renamed into place only when complete, so an interrupted build
# never leaves a half-made cache. The build log is
# <cache>/newlib-<key>.log; on failure its tail goes to stderr.
#
# Needs (Debian): clang, lld, llvm, make, newlib-source, xz-utils.
# Source: Debian's newlib-source (/usr/src/newlib/newlib-3.3.0.tar.xz,
# which unpacks to newlib-salsa/ with Debian's patches applied). newlib's
# configure.host is not patched: for x86_64-elf newlib calls the system
# layer by plain names (read, write, sbrk, ...; only _exit has the
# underscore), which lib/libposix provides.
set -euo pipefail

TARBALL=${NEWLIB_TARBALL:-/usr/src/newlib/newlib-3.3.0.tar.xz}
CACHE_ROOT=${QUIRE_CACHE:-$HOME/.cache/quire}
TARGET=x86_64-elf

die() { echo "build-newlib: $*" >&2; exit 1; }

[ -r "$TARBALL" ] || die "$TARBALL missing (install the Debian package newlib-source)"
for t in clang ld.lld llvm-ar llvm-ranlib llvm-nm llvm-objdump llvm-objcopy \
	 llvm-readelf llvm-strip make xz tar sha256sum setsid; do
	command -v "$t" >/dev/null 2>&1 || die "$t not found (needs clang, lld, llvm, make, xz-utils)"
done

# The configure line (TOOLCHAIN-NOTES.md). The prefix is a fixed name
# under DESTDIR; the tree below it is moved to the cache directory.
CONFIGURE_ARGS=(
	--target=$TARGET
	--prefix=/newlib
	--disable-multilib
	--disable-libgloss
	--disable-newlib-supplied-syscalls
	--enable-newlib-io-long-long
	--enable-newlib-io-c99-formats
	--enable-newlib-io-long-double
	"CFLAGS_FOR_TARGET=-O2 -ffunction-sections -fdata-sections"
)

# The cross tools newlib's build looks for: clang and the llvm tools
# under the names of a GNU x86_64-elf toolchain.
wrapper_text() {
	local name=$1
	echo '#!/bin/sh'
	case $name in
	cc|gcc)
		echo 'exec clang -target x86_64-unknown-elf -ffreestanding -fno-stack-protector -nostdlibinc "$@"' ;;
	as)
		echo 'exec clang -target x86_64-unknown-elf -c -x assembler "$@"' ;;
	ld)
		echo 'exec ld.lld "$@"' ;;
	*)
		echo "exec llvm-$name \"\$@\"" ;;
	esac
}
WRAPPERS="cc gcc as ld ar ranlib nm objdump objcopy readelf strip"

self=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")

key=$(
	{
		echo "tarball $(sha256sum "$TARBALL" | cut -d' ' -f1)"
		echo "configure ${CONFIGURE_ARGS[*]}"
		# (not the InstalledDir line: the same clang reached through
		# another PATH entry builds the same newlib)
		echo "clang"; clang --version | grep -v '^InstalledDir:'
		for w in $WRAPPERS; do echo "wrapper $w"; wrapper_text "$w"; done
		echo "script"; cat "$self"
	} | sha256sum | cut -d' ' -f1
)
final=$CACHE_ROOT/newlib-$key
log=$CACHE_ROOT/newlib-$key.log

done_check() { [ -f "$final/$TARGET/lib/libc.a" ] && [ -f "$final/$TARGET/include/newlib.h" ]; }

if done_check; then
	echo "$final"
	exit 0
fi

mkdir -p "$CACHE_ROOT"
# One builder at a time per key; a second caller waits and then finds
# the cache made.
exec 9>"$CACHE_ROOT/newlib-$key.lock"
if command -v flock >/dev/null 2>&1; then
	flock 9
fi
if done_check; then
	echo "$final"
	exit 0
fi

# Leftovers of a build that was killed outright (we hold the lock).
rm -rf "$CACHE_ROOT/newlib-$key.tmp."*

work=$(mktemp -d "${TMPDIR:-/tmp}/quire-newlib.XXXXXX")
stage=$(mktemp -d "$CACHE_ROOT/newlib-$key.tmp.XXXXXX")
child=
cleanup() {
	[ -z "$child" ] || kill -TERM -- "-$child" 2>/dev/null || true
	rm -rf "$work" "$stage"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

fail() {
	echo "build-newlib: $1 failed; last lines of $log:" >&2
	tail -n 40 "$log" >&2 || true
	exit 1
}

# Run a step with its output in the log, in its own process group (so an
# interrupt stops all of it) and in the background (so the trap runs at
# once instead of after the step).
step() {
	setsid "$@" >>"$log" 2>&1 </dev/null &
	child=$!
	local rc=0
	wait "$child" || rc=$?
	child=
	return $rc
}

mkdir "$work/bin"
for w in $WRAPPERS; do
	wrapper_text "$w" >"$work/bin/$TARGET-$w"
	chmod +x "$work/bin/$TARGET-$w"
done
export PATH="$work/bin:$PATH"
# The build-machine compiler (configure insists on one) is clang too, so
# gcc need not be installed. makeinfo is not needed: no info pages.
export CC=clang CC_FOR_BUILD=clang CXX=clang++ CXX_FOR_BUILD=clang++ MAKEINFO=true

jobs=$(nproc 2>/dev/null || echo 2)
start=$(date +%s)
echo "build-newlib: building newlib (cold cache, a few minutes); log: $log" >&2
: >"$log"
{
	echo "key inputs: tarball $TARBALL, configure ${CONFIGURE_ARGS[*]}"
	clang --version
} >>"$log" 2>&1

step tar -C "$work" -xJf "$TARBALL" || fail "unpacking $TARBALL"
src=$work/newlib-salsa
[ -x "$src/configure" ] || fail "finding newlib-salsa/configure in the tarball"
mkdir "$work/build"
cd "$work/build"
step "$src/configure" "${CONFIGURE_ARGS[@]}" || fail "configure"
cd /
step make -C "$work/build" -j"$jobs" || fail "make"
step make -C "$work/build" install DESTDIR="$stage" || fail "make install"

[ -f "$stage/newlib/$TARGET/lib/libc.a" ] || fail "install (no libc.a)"
{
	echo "key $key"
	echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ) in $(( $(date +%s) - start )) s"
} >"$stage/newlib/QUIRE-NEWLIB"
# rename(2): the cache appears whole or not at all.
mv -T "$stage/newlib" "$final" 2>>"$log" || done_check || fail "moving the install into place"
echo "build-newlib: done in $(( $(date +%s) - start )) s" >&2
echo "$final"
