#!/usr/bin/env python3
"""./build.sh profile's report (docs/performance.md).

    profile.py BASE-COUNTS BASE-LOG FULL-COUNTS FULL-LOG REPEAT KERNEL-ELF BIN-DIR [TOP]

The two runs boot the same benchmark image, one running the group once
(warm-up only: BASE), the other once plus REPEAT times (FULL). The
counts are test/bench/qprof.c's "slot address instructions" lines. Under
-icount both runs are the same instruction for instruction up to the
repeated part, so FULL - BASE, over REPEAT, is what one run of the group
costs, by program and function.

Which program a slot holds comes from the kernel's "profile: slot N
NAME" lines (kernel/dump.c); a slot may have held several programs
(fork, then exec, or a slot used again), so its user addresses go to the
one of them whose symbols cover them best. Kernel addresses are the
kernel's, counted for the process that ran before the kernel took over.
"""
import bisect
import collections
import os
import re
import subprocess
import sys

KERNEL_BASE = 0x800000000000


class Symbols:
    """The function symbols of one ELF file, by address."""

    def __init__(self, path):
        out = subprocess.run(["nm", "-n", "-S", "--defined-only", path],
                             capture_output=True, text=True).stdout
        self.addrs, self.ends, self.names = [], [], []
        for line in out.splitlines():
            f = line.split()
            if len(f) == 4 and f[2] in "tTwW":
                a = int(f[0], 16)
                self.addrs.append(a)
                self.ends.append(a + max(int(f[1], 16), 1))
                self.names.append(f[3])
            elif len(f) == 3 and f[1] in "tTwW":   # no size: assembly labels
                a = int(f[0], 16)
                self.addrs.append(a)
                self.ends.append(None)
                self.names.append(f[2])

    def lookup(self, addr):
        i = bisect.bisect_right(self.addrs, addr) - 1
        if i < 0:
            return None
        end = self.ends[i]
        if end is not None and addr >= end:
            return None
        if end is None and i + 1 == len(self.addrs):
            return None
        return self.names[i]


def slot_names(log):
    names = collections.defaultdict(list)
    with open(log, errors="replace") as f:
        for line in f:
            m = re.search(r"profile: slot (\d+) (\S+)", line)
            if m and m.group(2) not in names[int(m.group(1))]:
                names[int(m.group(1))].append(m.group(2))
    return names


def attribute(counts_path, log, kern, prog):
    """Instructions by "where:function" and by where, for one run."""
    names = slot_names(log)
    by_slot = collections.defaultdict(list)
    with open(counts_path) as f:
        for line in f:
            slot, addr, n = line.split()
            by_slot[int(slot)].append((int(addr, 16), int(n)))
    funcs, wheres = collections.Counter(), collections.Counter()
    for slot, blocks in by_slot.items():
        cands = [(n, prog(n)) for n in names.get(slot, []) if prog(n)]
        user = [(a, n) for a, n in blocks if a < KERNEL_BASE]
        best = max(reversed(cands), default=(f"slot{slot}", None),
                   key=lambda c: sum(n for a, n in user if c[1].lookup(a)))
        for a, n in blocks:
            if a >= KERNEL_BASE:
                funcs[f"kernel:{kern.lookup(a) or hex(a)} [{best[0]}]"] += n
                wheres[f"kernel, for {best[0]}"] += n
            else:
                fn = (best[1].lookup(a) if best[1] else None) or hex(a)
                funcs[f"{best[0]}:{fn}"] += n
                wheres[best[0]] += n
    return funcs, wheres


def main(argv):
    if len(argv) not in (8, 9):
        sys.exit(__doc__)
    base_counts, base_log, full_counts, full_log = argv[1:5]
    repeat = int(argv[5])
    kern = Symbols(argv[6])
    bin_dir = argv[7]
    top = int(argv[8]) if len(argv) == 9 else 40
    progs = {}

    def prog(name):
        if name not in progs:
            path = os.path.join(bin_dir, name)
            progs[name] = Symbols(path) if os.path.isfile(path) else None
        return progs[name]

    bf, bw = attribute(base_counts, base_log, kern, prog)
    ff, fw = attribute(full_counts, full_log, kern, prog)
    funcs = {k: (ff[k] - bf.get(k, 0)) / repeat for k in set(ff) | set(bf)}
    wheres = {k: (fw[k] - bw.get(k, 0)) / repeat for k in set(fw) | set(bw)}
    total = sum(wheres.values())
    if total <= 0:
        sys.exit("profile: the repeated runs cost nothing (did the group run?)")
    print(f"instructions per run of the group: {total:,.0f}")
    print(f"{'share':>6} {'instr/run':>11}  function [for whom]")
    for k, v in sorted(funcs.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{100.0 * v / total:5.1f}% {v:11,.0f}  {k}")
    print(f"\n{'share':>6} {'instr/run':>11}  where")
    for k, v in sorted(wheres.items(), key=lambda kv: -kv[1]):
        if abs(v) >= total / 1000:
            print(f"{100.0 * v / total:5.1f}% {v:11,.0f}  {k}")


if __name__ == "__main__":
    main(sys.argv)
