#!/bin/sh
# mkesp.sh -- make a FAT EFI system partition image that boots Quire
# through the GNU-EFI loader. mtools only: nothing is mounted, no root.
#
# usage: mkesp.sh OUT.img KERNEL_ELF CMDLINE MODLIST [EFI_APP]
#
#   OUT.img     the image to write (replaced if it exists)
#   KERNEL_ELF  the kernel, stored as /quire/kernel
#   CMDLINE     the kernel command line (one line of printable ASCII; may be "")
#   MODLIST     a text file, one module per line: "<host path> <name string...>"
#               (the name string is the rest of the line and becomes the
#               multiboot2 module string). Blank lines and lines starting
#               with # are skipped. Relative host paths are taken relative
#               to $MODDIR (default: the current directory). Each module is
#               stored as /quire/<basename of host path>. "" or /dev/null:
#               no modules.
#   EFI_APP     the loader, BOOTX64.EFI; the 5th argument, else the EFI_APP
#               environment variable. Stored as /EFI/BOOT/BOOTX64.EFI.
#
# The image also holds /quire/loader.cfg naming all of the above. Its size
# is the contents plus slack, rounded up to whole MiB. The output is
# byte-for-byte reproducible: fixed volume serial and label, file times
# from SOURCE_DATE_EPOCH (default 2024-01-01 00:00:00 UTC).
#
# Boot it: qemu-system-x86_64 -machine q35 -bios /usr/share/ovmf/OVMF.fd \
#              -drive format=raw,file=OUT.img ...
set -eu
export LC_ALL=C

die() { echo "mkesp.sh: $*" >&2; exit 1; }

[ $# -eq 4 ] || [ $# -eq 5 ] ||
    die "usage: mkesp.sh OUT.img KERNEL_ELF CMDLINE MODLIST [EFI_APP]"
out=$1
kernel=$2
cmdline=$3
modlist=$4
app=${5:-${EFI_APP:-}}
moddir=${MODDIR:-.}

[ -n "$app" ] || die "no loader: pass BOOTX64.EFI as the 5th argument or set EFI_APP"
[ -f "$app" ] || die "loader $app: no such file"
[ -f "$kernel" ] || die "kernel $kernel: no such file"
for t in mformat mmd mcopy; do
    command -v "$t" >/dev/null 2>&1 || die "$t not found (apt-get install mtools)"
done

# Same limits as boot/efi/config.c: lines < 256 bytes, printable ASCII,
# paths < 128 bytes, at most 32 modules.
case $cmdline in
*[!\ -~]*) die "the command line must be one line of printable ASCII" ;;
esac
[ ${#cmdline} -le 247 ] || die "the command line is longer than 247 bytes"

export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1704067200}"
export MTOOLS_SKIP_CHECK=1
export MTOOLSRC=/dev/null    # no user ~/.mtoolsrc in the way

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cfg=$tmp/loader.cfg
list=$tmp/files # "<host path>|<name on the ESP>" per line, in copy order

{
    echo "# Quire GNU-EFI loader configuration, written by boot/efi/mkesp.sh"
    echo "kernel /quire/kernel"
    echo "cmdline $cmdline"
} >"$cfg"
printf '%s|%s\n' "$kernel" kernel >"$list"

nmod=0
lineno=0
seen=" kernel loader.cfg "
if [ -n "$modlist" ] && [ "$modlist" != /dev/null ]; then
    [ -f "$modlist" ] || die "module list $modlist: no such file"
    while IFS= read -r line || [ -n "$line" ]; do
        lineno=$((lineno + 1))
        line=$(printf '%s' "$line" | tr -d '\r' | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
        case $line in '' | '#'*) continue ;; esac
        host=${line%%[[:space:]]*}
        name=$(printf '%s' "${line#"$host"}" | sed 's/^[[:space:]]*//')
        where="$modlist:$lineno"
        [ -n "$name" ] || die "$where: module $host has no name string"
        case $name in *[!\ -~]*) die "$where: name string is not printable ASCII" ;; esac
        case $host in /*) ;; *) host=$moddir/$host ;; esac
        [ -f "$host" ] || die "$where: $host: no such file"
        base=$(basename "$host")
        case $base in *[!A-Za-z0-9._+-]*)
            die "$where: file name $base: use only letters, digits and . _ + -" ;;
        esac
        # FAT ignores case: two names differing only in case collide.
        key=$(printf '%s' "$base" | tr 'A-Z' 'a-z')
        case $seen in *" $key "*) die "$where: a second file named $base on the ESP" ;; esac
        seen="$seen$key "
        entry="module /quire/$base $name"
        [ ${#entry} -le 255 ] || die "$where: loader.cfg line would exceed 255 bytes"
        nmod=$((nmod + 1))
        [ $nmod -le 32 ] || die "$where: more than 32 modules"
        echo "$entry" >>"$cfg"
        printf '%s|%s\n' "$host" "$base" >>"$list"
    done <"$modlist"
fi

# Size: every file rounded up to 4 KiB clusters, plus the FAT and
# directories, plus a quarter for slack, in whole MiB, at least 2 MiB.
kib=0
while IFS='|' read -r host base; do
    sz=$(wc -c <"$host")
    kib=$((kib + (sz + 4095) / 4096 * 4))
done <<EOF
$app|BOOTX64.EFI
$cfg|loader.cfg
$(cat "$list")
EOF
kib=$((kib + kib / 4 + 512))
mib=$(((kib + 1023) / 1024))
[ $mib -ge 2 ] || mib=2
sectors=$((mib * 2048))

rm -f "$out"
# 64 heads x 32 sectors: a geometry mformat accepts for any whole-MiB size.
mformat -i "$out" -C -T $sectors -h 64 -s 32 -N 51554952 -v QUIRE-ESP ::
mmd -i "$out" ::/EFI ::/EFI/BOOT ::/quire
mcopy -i "$out" "$app" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$out" "$cfg" ::/quire/loader.cfg
while IFS='|' read -r host base; do
    mcopy -i "$out" "$host" "::/quire/$base"
done <"$list"

echo "mkesp.sh: $out: ${mib} MiB, kernel + $nmod module(s)"
