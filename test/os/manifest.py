#!/usr/bin/env python3
"""The boot-module manifest (test/os/manifest.txt) and what is made from it.

    manifest.py make MANIFEST              make rules: one libsys_program each
    manifest.py modules MANIFEST IMAGE [NAME...]
                                           IMAGE's module list (build.sh's
                                           format, as boot/modules.txt); with
                                           NAMEs, only those tests and what
                                           they need (the system entries, the
                                           runner, their helpers)
    manifest.py names MANIFEST             the boot tests, one a line
    manifest.py table MANIFEST             the test kernel's privilege table (C)
    manifest.py check-kernel MANIFEST ELF (absent|present)
                                           whether every non-system name is a
                                           string in ELF: absent for the
                                           production kernel, present for the
                                           test kernel (proving the check sees
                                           the names when they are there)

Everything is checked before anything is written: a bad line is an error
naming the file and line, never a half-made table. Run from the top of the
tree (it reads include/quire/callnr.h and priv.h, and kernel/table.c to
refuse a test name that is a system name).
"""
import re
import struct
import sys

KINDS = ("system", "runner", "test", "helper", "bench")
IMAGES = ("test", "bench")
KEYS = {"src", "images", "args", "prio", "quantum", "flags", "calls", "ipc",
        "irqs", "io", "needs"}
SYSTEM_KEYS = {"images", "args"}
NAME_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
NAME_MAX = 15             # struct proc's name (16 bytes with the NUL)
IPC_TO_MAX = 127          # boot.c splits ipc_to in a 128-byte buffer ...
IPC_WORDS_MAX = 32        # ... into at most 32 names
PRIV_IO_RANGES = 4        # include/quire/priv.h
NR_SCHED_QUEUES = 16
NR_IRQS = 16


class ManifestError(Exception):
    pass


def defines(path, prefix):
    """{name: value} of the `#define PREFIX_NAME number` lines of a header."""
    out = {}
    for line in open(path):
        m = re.match(r"#define\s+%s(\w+)\s+(0x[0-9a-fA-F]+|\d+)\b" % prefix, line)
        if m:
            out[m.group(1).lower()] = int(m.group(2), 0)
    return out


def system_names(path="kernel/table.c"):
    """The names of the production boot table."""
    return set(re.findall(r'^\s*\{\s*"(\w+)"', open(path).read(), re.M))


def parse(path):
    calls = defines("include/quire/callnr.h", "KC_")
    flags = defines("include/quire/priv.h", "PRIV_")
    system = system_names()
    entries, seen = [], set()
    for lineno, line in enumerate(open(path), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        where = "%s:%d" % (path, lineno)

        def bad(msg):
            raise ManifestError("%s: %s" % (where, msg))

        words = line.split()
        if len(words) < 2:
            bad("a line is: name kind key=value ...")
        name, kind = words[0], words[1]
        if not NAME_RE.match(name) or len(name) > NAME_MAX:
            bad("%r: a name is lower case letters, digits and _, at most %d" % (name, NAME_MAX))
        if name in seen:
            bad("%s is listed twice" % name)
        seen.add(name)
        if kind not in KINDS:
            bad("kind %r is none of %s" % (kind, ", ".join(KINDS)))
        e = {"name": name, "kind": kind, "line": where, "src": [], "args": [],
             "images": ["bench"] if kind == "bench" else ["test"],
             "prio": "USER_PRIORITY", "quantum": 10, "flags": [], "calls": [],
             "ipc": [], "irqs": [], "io": [], "needs": []}
        for kv in words[2:]:
            key, eq, val = kv.partition("=")
            if not eq or key not in KEYS:
                bad("%r is not key=value with a key of %s" % (kv, ", ".join(sorted(KEYS))))
            if kind == "system" and key not in SYSTEM_KEYS:
                bad("a system entry takes its privileges from kernel/table.c: no %s=" % key)
            items = [v for v in val.split(",") if v]
            if key == "src":
                e["src"] = [v if "/" in v else "test/os/" + v for v in items]
            elif key == "images":
                for v in items:
                    if v not in IMAGES:
                        bad("image %r is none of %s" % (v, ", ".join(IMAGES)))
                e["images"] = items
            elif key in ("args", "needs"):
                e[key] = items
            elif key == "prio":
                if val == "user":
                    continue
                if not val.isdigit() or int(val) >= NR_SCHED_QUEUES:
                    bad("prio is user or 0..%d" % (NR_SCHED_QUEUES - 1))
                e["prio"] = int(val)
            elif key == "quantum":
                if not val.isdigit() or not 1 <= int(val) <= 1000:
                    bad("quantum is 1..1000 ticks")
                e["quantum"] = int(val)
            elif key == "flags":
                for v in items:
                    if v not in flags:
                        bad("flag %r is not a PRIV_* of include/quire/priv.h" % v)
                e["flags"] = items
            elif key == "calls":
                for v in items:
                    if v not in calls or calls[v] >= 32:
                        bad("call %r is not a KC_* of include/quire/callnr.h" % v)
                e["calls"] = items
            elif key == "ipc":
                if "*" in items and items != ["*"]:
                    bad("ipc=* allows every target; it takes no names besides")
                e["ipc"] = items
            elif key == "irqs":
                for v in items:
                    if not v.isdigit() or int(v) >= NR_IRQS or int(v) == 2:
                        bad("irq %r is not one of 0..%d but 2 (the cascade)" % (v, NR_IRQS - 1))
                e["irqs"] = [int(v) for v in items]
            elif key == "io":
                for v in items:
                    m = re.fullmatch(r"([0-9a-fA-F]{1,4})-([0-9a-fA-F]{1,4})", v)
                    if not m or int(m.group(1), 16) > int(m.group(2), 16):
                        bad("io range %r is not first-last in hex, first <= last" % v)
                    e["io"].append((int(m.group(1), 16), int(m.group(2), 16)))
                if len(e["io"]) > PRIV_IO_RANGES:
                    bad("at most %d io ranges" % PRIV_IO_RANGES)
        if kind == "system":
            if name not in system:
                bad("%s is not in the production boot table (kernel/table.c)" % name)
        else:
            if name in system:
                bad("%s is a system name (kernel/table.c); a test entry cannot take it" % name)
            if not e["src"]:
                bad("src= is required")
        ipc = " ".join(e["ipc"])
        if len(ipc) > IPC_TO_MAX or len(e["ipc"]) > IPC_WORDS_MAX:
            bad("ipc= is longer than the kernel reads (%d bytes, %d names)"
                % (IPC_TO_MAX, IPC_WORDS_MAX))
        entries.append(e)

    # Names that must refer to something.
    names = {e["name"]: e for e in entries}
    for e in entries:
        for target in e["ipc"]:
            if target != "*" and target not in names and target not in system:
                raise ManifestError("%s: ipc target %s is in neither the manifest nor "
                                    "kernel/table.c" % (e["line"], target))
        for n in e["needs"]:
            if n not in names or names[n]["kind"] != "helper":
                raise ManifestError("%s: needs %s, which is not a helper of the manifest"
                                    % (e["line"], n))
    if sum(e["kind"] == "runner" for e in entries) > 1:
        raise ManifestError("%s: more than one runner" % path)
    return entries


def tests(entries, image="test"):
    return [e for e in entries if e["kind"] == "test" and image in e["images"]]


def cmd_make(entries):
    print("# Generated from test/os/manifest.txt by test/os/manifest.py: do not edit.")
    for e in entries:
        if e["kind"] != "system":
            print("$(eval $(call libsys_program,%s,%s))" % (e["name"], " ".join(e["src"])))


def selected(entries, image, only):
    """The entries of IMAGE; with names in only, just those tests, the
    helpers they send to or need, the runner and the system entries."""
    mine = [e for e in entries if image in e["images"]]
    if not only:
        return mine
    names = {e["name"]: e for e in mine}
    keep = set()
    for n in only:
        if n not in names or names[n]["kind"] not in ("test", "bench"):
            raise ManifestError("%s is not a test of the %s image" % (n, image))
        keep.add(n)
        for h in names[n]["ipc"] + names[n]["needs"]:
            if h in names and names[h]["kind"] == "helper":
                keep.add(h)
    return [e for e in mine if e["kind"] in ("system", "runner") or e["name"] in keep]


def cmd_modules(entries, image, only):
    chosen = selected(entries, image, only)
    print("# Boot modules of the %s image, generated from test/os/manifest.txt" % image)
    print("# by test/os/manifest.py: do not edit. Format as in boot/modules.txt.")
    run = [e["name"] for e in chosen if e["kind"] == "test"]
    for e in chosen:
        args = e["args"] + (run if e["kind"] == "runner" else [])
        print(" ".join(["bin/" + e["name"], e["name"]] + args))


def c_entry(e):
    calls = " | ".join(["CALLS_BASIC"] + ["C(KC_%s)" % c.upper() for c in e["calls"]])
    flags = " | ".join("PRIV_%s" % f.upper() for f in e["flags"]) or "0"
    ipc = "IPC_TO_ALL" if e["ipc"] == ["*"] else '"%s"' % " ".join(e["ipc"])
    s = '\t{ "%s", -1, %s, %d, %s,\n\t  %s,\n\t  %s' % (
        e["name"], e["prio"], e["quantum"], flags, calls, ipc)
    if e["irqs"]:
        s += ", .irqs = %s" % " | ".join("1u << %d" % i for i in e["irqs"])
    if e["io"]:
        s += ", .nr_io = %d, .io = { %s }" % (len(e["io"]), ", ".join(
            "{ 0x%X, 0x%X }" % r for r in e["io"]))
    return s + " },  /* %s */" % e["kind"]


def cmd_table(entries):
    extra = [e for e in entries if e["kind"] != "system"]
    print("""/*
 * The test kernel's boot-table entries (kernel/table.h), generated from
 * test/os/manifest.txt by test/os/manifest.py: do not edit. Linked into
 * build/kernel/kernel-test.elf only; the production kernel links
 * kernel/table_none.c instead, so it starts no test program.
 */
#include <quire/callnr.h>
#include "kernel.h"
#include "proc.h"
#include "table.h"

static const struct boot_entry entries[] = {
\t/* name  slot prio quantum flags, calls, ipc_to */""")
    for e in extra:
        print(c_entry(e))
    print("""};

const struct boot_entry *const test_boot_table = entries;
const int test_boot_table_size = sizeof(entries) / sizeof(entries[0]);""")


def loaded_bytes(elf):
    """The bytes of the sections an ELF64 file loads (SHF_ALLOC, not
    NOBITS): what a booted kernel holds. Debug information, which names
    parameters and types of any spelling, is left out."""
    data = open(elf, "rb").read()
    if data[:4] != b"\x7fELF" or data[4] != 2:
        raise ManifestError("%s is not an ELF64 file" % elf)
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3a)
    out = []
    for i in range(shnum):
        _, sh_type, flags, _, off, size = struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize)
        if flags & 2 and sh_type != 8:          # SHF_ALLOC, not SHT_NOBITS
            out.append(data[off:off + size])
    return b"\0".join(out)


def cmd_check_kernel(entries, elf, want):
    """Each non-system name as a whole C string in what the kernel loads:
    a NUL after it and no name character before it (the linker may merge
    it into the tail of a longer string)."""
    data = loaded_bytes(elf)
    names = [e["name"] for e in entries if e["kind"] != "system"]
    found = [n for n in names
             if re.search(rb"(?<![A-Za-z0-9_])" + re.escape(n.encode()) + rb"\0", data)]
    missing = [n for n in names if n not in found]
    if want == "absent" and found:
        raise ManifestError("%s holds test names %s: the production kernel must not know "
                            "them" % (elf, " ".join(found)))
    if want == "present" and missing:
        raise ManifestError("%s lacks test names %s: the test kernel's table is not "
                            "linked in (or the check cannot see names)" % (elf, " ".join(missing)))


def main(argv):
    usage = __doc__.split("\n\n")[1]
    if len(argv) < 3:
        raise ManifestError("usage:\n" + usage)
    cmd, path, rest = argv[1], argv[2], argv[3:]
    entries = parse(path)
    if cmd == "make" and not rest:
        cmd_make(entries)
    elif cmd == "modules" and rest and rest[0] in IMAGES:
        cmd_modules(entries, rest[0], rest[1:])
    elif cmd == "names" and not rest:
        for e in tests(entries):
            print(e["name"])
    elif cmd == "table" and not rest:
        cmd_table(entries)
    elif cmd == "check-kernel" and len(rest) == 2 and rest[1] in ("absent", "present"):
        cmd_check_kernel(entries, rest[0], rest[1])
    else:
        raise ManifestError("usage:\n" + usage)


if __name__ == "__main__":
    try:
        main(sys.argv)
    except (ManifestError, OSError) as err:
        print("manifest.py: %s" % err, file=sys.stderr)
        sys.exit(1)
