#!/usr/bin/env python3
"""Every message type has a handler and a description.

For each protocol header in include/quire/, every request type
(`#define NAME (XXX_RQ_BASE + n)`) must
  * have an entry `[NAME - XXX_RQ_BASE] = handler` (or `[NAME] = handler`
    for kernel calls) in the designated-initializer message table of each
    server that serves the protocol, and
  * be described: named in docs/protocols.md, or in the comments of its
    header (which docs/protocols.md points to for the payloads).
A type whose #define line says "not a request" in its comment (kernel
messages, replies, notifications) needs only the second.

Prints one PASS or FAIL line per protocol (what is missing, on FAIL) and
exits 1 if any failed. Run from the top of the tree:
    python3 test/host/check_protocols.py [ROOT]
"""
import re
import sys

# protocol: (header, base macro or None for kernel calls, servers' files)
PROTOCOLS = {
    "kernel": ("include/quire/callnr.h", None, ["kernel/kcall.c"]),
    "VFS": ("include/quire/vfs.h", "VFS_RQ_BASE", ["servers/vfs/main.c"]),
    "PM": ("include/quire/pm.h", "PM_RQ_BASE", ["servers/pm/main.c"]),
    "VM": ("include/quire/vm.h", "VM_RQ_BASE", ["servers/vm/main.c"]),
    # ext2's table is in request.c, not main.c: the host tests drive the
    # same dispatch (docs/ext2.md).
    "FS": ("include/quire/fsproto.h", "FS_RQ_BASE", ["servers/fs/request.c"]),
    "CDEV": ("include/quire/chardev.h", "CDEV_RQ_BASE",
             ["drivers/tty/main.c", "drivers/memory/main.c"]),
    "BDEV": ("include/quire/blockdev.h", "BDEV_RQ_BASE", ["drivers/virtio_blk/main.c"]),
    "DS": ("include/quire/ds.h", "DS_RQ_BASE", ["servers/ds/main.c"]),
    "RS": ("include/quire/rs.h", "RS_RQ_BASE", ["servers/rs/main.c"]),
    "KVS": ("include/quire/kvs.h", "KVS_RQ_BASE", ["servers/kvs/main.c"]),
}


def read(root, path):
    with open(f"{root}/{path}") as f:
        return f.read()


def message_types(text, base):
    """(name, base, is_request) for every type the header defines: for a
    protocol, every #define of the form (SOME_RQ_BASE + n), where the base
    is the protocol's own or one derived from it (PM_KRQ_BASE)."""
    if base is None:
        pat = re.compile(r"^#define\s+(KC_[A-Z0-9_]+)\s+\d+\b(.*)$", re.M)
        return [(m.group(1), None, "not a request" not in m.group(2)) for m in pat.finditer(text)]
    prefix = base.split("_")[0] + "_"
    pat = re.compile(r"^#define\s+([A-Z0-9_]+)\s+\(\s*(" + prefix +
                     r"[A-Z0-9_]*RQ_BASE)\s*\+[^)]*\)(.*)$", re.M)
    return [(m.group(1), m.group(2), "not a request" not in m.group(3))
            for m in pat.finditer(text) if not m.group(1).endswith("_BASE")]


def table_entries(text, bases):
    """Names with an entry in a designated-initializer table."""
    if bases == {None}:
        pat = re.compile(r"^\s*\[\s*([A-Z0-9_]+)\s*\]\s*=", re.M)
        return set(pat.findall(text))
    names = set()
    for base in bases:
        pat = re.compile(r"^\s*\[\s*([A-Z0-9_]+)\s*-\s*" + base + r"\s*\]\s*=", re.M)
        names |= set(pat.findall(text))
    return names


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    docs = read(root, "docs/protocols.md")
    documented = set(re.findall(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", docs))
    failed = 0
    for proto, (header, base, servers) in PROTOCOLS.items():
        problems = []
        try:
            types = message_types(read(root, header), base)
        except OSError as e:
            problems.append(f"cannot read {header}: {e.strerror}")
            types = []
        if not types and not problems:
            problems.append(f"no message types found in {header}")
        for server in servers:
            try:
                served = table_entries(read(root, server), {b for _, b, _ in types} or {base})
            except OSError as e:
                problems.append(f"cannot read {server}: {e.strerror}")
                continue
            missing = [n for n, _, req in types if req and n not in served]
            if missing:
                problems.append(f"no entry in {server}'s message table: {' '.join(missing)}")
            unknown = sorted(served - {n for n, _, _ in types})
            if unknown:
                problems.append(f"{server} serves types {header} does not define: {' '.join(unknown)}")
        comments = " ".join(re.findall(r"/\*.*?\*/", read(root, header), re.S)) if types else ""
        described = documented | set(re.findall(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", comments))
        undocumented = [n for n, _, _ in types if n not in described]
        if undocumented:
            problems.append(f"described neither in docs/protocols.md nor in {header}: {' '.join(undocumented)}")
        if problems:
            failed += 1
            print(f"FAIL protocols.{proto}: " + "; ".join(problems))
        else:
            print(f"PASS protocols.{proto}: {len(types)} types, each served by "
                  f"{' and '.join(servers)} or marked not a request, each described")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
