#!/usr/bin/env python3
"""What lib/libposix promises a program, checked from its sources.

  * enosys: no exported libposix function answers ENOSYS, apart from the
    few listed in PENDING below, each with the work that brings it (they
    are printed, so the list stays visible until it is empty).
  * headers: every exported libposix function is declared in a header a
    program gets (lib/libposix/include, include/quire, newlib's headers:
    the sdk's sysroot has all three, sdk/sdk.mk).

An exported function is a non-static function defined at the top level
of a lib/libposix/*.c file (a name starting with '_' is internal).
Prints one PASS or FAIL line per check; exits 1 if one failed. Run from
the top of the tree:  python3 test/host/check_libposix.py [ROOT]
"""
import glob
import os
import re
import sys

# POSIX calls that still answer ENOSYS, and who brings them: none now.
# A name added here is printed on every run until it is gone.
PENDING = {}

DEF = re.compile(r"^(?!static\b)(?:[A-Za-z_][\w \t\*]*?[\s\*])(\w+)\s*\(([^;{]*?)\)\s*\{", re.M | re.S)


def functions(path):
    """(name, body) of each top-level non-static function definition."""
    text = open(path).read()
    for m in DEF.finditer(text):
        start = m.end()
        depth, i = 1, start
        while depth and i < len(text):
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        head = text[m.start():m.end()]
        if head.startswith(("typedef", "struct", "enum", "union")) or "=" in head.split("(")[0]:
            continue
        yield m.group(1), text[start:i]


def header_dirs(root):
    dirs = [f"{root}/lib/libposix/include", f"{root}/include/quire"]
    sdk = f"{root}/build/sdk/sysroot/include"
    if os.path.isdir(sdk):
        return dirs + [sdk]
    cache = os.environ.get("QUIRE_CACHE", os.path.expanduser("~/.cache/quire"))
    found = sorted(glob.glob(f"{cache}/newlib-*/x86_64-elf/include"), key=os.path.getmtime)
    return dirs + found[-1:]


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    exported = {}
    for path in sorted(glob.glob(f"{root}/lib/libposix/*.c")):
        for name, body in functions(path):
            if name.startswith("_") or name in ("if", "for", "while", "switch", "return"):
                continue
            exported[name] = (os.path.relpath(path, root), body)
    failed = False

    enosys = sorted(n for n, (_, body) in exported.items() if "ENOSYS" in body)
    bad = [n for n in enosys if n not in PENDING]
    pending = [f"{n} ({PENDING[n]})" for n in enosys if n in PENDING]
    if bad:
        failed = True
        print("FAIL libposix.enosys: these answer ENOSYS: " +
              ", ".join(f"{n} ({exported[n][0]})" for n in bad))
    else:
        print(f"PASS libposix.enosys: none of {len(exported)} functions answers ENOSYS"
              + (f" except the pending {', '.join(pending)}" if pending else ""))

    dirs = header_dirs(root)
    if len(dirs) < 3:
        print("FAIL libposix.headers: newlib's headers not found (build first: ./build.sh sdk)")
        return 1
    text = []
    for d in dirs:
        for path in glob.glob(f"{d}/**/*.h", recursive=True):
            text.append(open(path, errors="replace").read())
    text = "\n".join(text)
    # newlib declares some as "int select __P ((...))".
    missing = sorted(n for n in exported
                     if not re.search(r"\b%s\s*(__P\s*)?\(" % re.escape(n), text))
    if missing:
        failed = True
        print("FAIL libposix.headers: declared in no header: " +
              ", ".join(f"{n} ({exported[n][0]})" for n in missing))
    else:
        print(f"PASS libposix.headers: all {len(exported)} functions are declared in a header")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
