#!/usr/bin/env python3
"""The blocking-call order of the servers holds, and docs say it.

docs/architecture.md has a table between the markers
`<!-- callorder: begin -->` and `<!-- callorder: end -->`: for each
server or driver, the servers it may call with sendrec (a call that
blocks until answered). This script checks that
  * the table names every server below, and its graph has no cycle (so
    no set of servers can wait on each other in a ring);
  * each server's sources call only allowed targets: every request goes
    through a lib/libproto stub, and the stub's family names its target
    (pm_req_* -> pm, vm_req_* -> vm, req_* -> the file systems, ...);
  * no server calls ipc_sendrec or __quire_sendrec itself (a request
    built by hand would escape this check).
Prints one PASS or FAIL line per server and one for the graph; exits 1
if any failed. Run from the top of the tree:
    python3 test/host/check_callorder.py [ROOT]
"""
import glob
import re
import sys

# Each server: the sources that run in it (libraries it links that send
# requests included).
SERVERS = {
    "vm": ["servers/vm"],
    "pm": ["servers/pm"],
    "vfs": ["servers/vfs"],
    "ext2": ["servers/fs", "lib/libminixfs"],
    "tty": ["drivers/tty"],
    "memory": ["drivers/memory"],
    "virtio_blk": ["drivers/virtio_blk"],
    "rs": ["servers/rs"],
    "ds": ["servers/ds"],
    "kvs": ["servers/kvs"],          # the example run-time server
}

# Stub families (lib/libproto) and libsys wrappers over them -> the
# servers a call may reach. Order matters: the first match wins.
FAMILIES = [
    (r"\breq_cdev_[a-z_]+\s*\(", {"tty", "memory"}),      # character drivers
    (r"\bbdev_req_[a-z_]+\s*\(", {"virtio_blk"}),         # block drivers
    (r"\bpm_req_[a-z_]+\s*\(|\bsef_fork\s*\(", {"pm"}),
    (r"\bvm_req_[a-z_]+\s*\(", {"vm"}),
    (r"\bvfs_req_[a-z_]+\s*\(", {"vfs"}),
    (r"\bds_req_[a-z_]+\s*\(", {"ds"}),
    (r"\brs_req_[a-z_]+\s*\(", {"rs"}),
    (r"\breq_[a-z_]+\s*\(", {"ext2"}),                    # file systems
]
RAW = re.compile(r"\b(ipc_sendrec|__quire_sendrec)\s*\(")


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def allowed_table(root):
    text = open(f"{root}/docs/architecture.md").read()
    m = re.search(r"<!-- callorder: begin -->(.*?)<!-- callorder: end -->", text, re.S)
    if not m:
        return None
    table = {}
    for line in m.group(1).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not re.fullmatch(r"`[a-z_0-9]+`", cells[0]):
            continue
        name = cells[0].strip("`")
        table[name] = set(re.findall(r"`([a-z_0-9]+)`", cells[1]))
    return table


def calls_of(root, dirs):
    """{target: sorted example calls} for the sources of one server."""
    found, raw = {}, []
    for d in dirs:
        for path in sorted(glob.glob(f"{root}/{d}/*.c")):
            text = strip_comments(open(path).read())
            rel = path[len(root) + 1:]
            for m in RAW.finditer(text):
                raw.append(f"{rel}: {m.group(1)}")
            for m in re.finditer(r"\b[a-z_]+\s*\(", text):
                call = m.group(0)
                # A definition or a declaration is not a call.
                before = text[max(0, m.start() - 40):m.start()]
                if re.search(r"(int|void|static|char|bool|\*)\s*$", before):
                    continue
                for pat, targets in FAMILIES:
                    if re.match(pat, call):
                        for t in targets:
                            found.setdefault(t, set()).add(call.rstrip("( ").strip())
                        break
    return found, raw


def has_cycle(graph):
    state = {}

    def visit(n, path):
        if state.get(n) == 1:
            return path[path.index(n):] + [n]
        if state.get(n) == 2:
            return None
        state[n] = 1
        for t in sorted(graph.get(n, ())):
            c = visit(t, path + [n])
            if c:
                return c
        state[n] = 2
        return None

    for n in sorted(graph):
        c = visit(n, [])
        if c:
            return c
    return None


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    table = allowed_table(root)
    if table is None:
        print("FAIL callorder.docs: docs/architecture.md has no callorder table")
        return 1
    failed = 0
    missing = sorted(set(SERVERS) - set(table))
    unknown = sorted(set(table) - set(SERVERS)) + sorted(
        {t for ts in table.values() for t in ts} - set(SERVERS))
    cycle = has_cycle(table)
    if missing or unknown or cycle:
        failed += 1
        print("FAIL callorder.graph: " + "; ".join(filter(None, [
            missing and f"servers missing from the table: {' '.join(missing)}",
            unknown and f"names the check does not know: {' '.join(unknown)}",
            cycle and f"a cycle: {' -> '.join(cycle)}"])))
    else:
        print(f"PASS callorder.graph: {len(table)} servers, no cycle of sendrec calls")
    for server, dirs in SERVERS.items():
        found, raw = calls_of(root, dirs)
        allowed = table.get(server, set())
        bad = {t: c for t, c in found.items() if t not in allowed and t != server}
        problems = []
        if raw:
            problems.append("sends a request by hand (use lib/libproto): " + ", ".join(raw))
        for t, c in sorted(bad.items()):
            problems.append(f"calls {t} ({', '.join(sorted(c))}), not in its row of the table")
        if problems:
            failed += 1
            print(f"FAIL callorder.{server}: " + "; ".join(problems))
        else:
            got = ", ".join(sorted(found)) or "nothing but the kernel"
            print(f"PASS callorder.{server}: calls {got}; the table allows "
                  f"{', '.join(sorted(allowed)) or 'only the kernel'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
