#!/usr/bin/env python3
"""The verdicts of ./build.sh test: one function per kind of test, each
reading files (never a pipe), so a verdict cannot depend on timing.

    verdict.py unit    NAME COUNTS BINARY OUTPREFIX
    verdict.py boot    NAME COUNTS LOG STATUS PROGRAM...
    verdict.py system  NAME COUNTS LOG STATUS PROGRAM...
    verdict.py console NAME COUNTS LOG STATUS

Each prints one line per result ("NAME: ok 3 - x", "NAME: PASS t_vm.y")
and one "NAME: FAIL: <why>" line per thing that went wrong, then writes
"<passed> <failed>" to the file COUNTS for build.sh to add up. Its own
exit status is 0 even when tests failed: COUNTS is the verdict. A
verdict.py that crashes leaves no COUNTS, which build.sh counts as a
failure.

What each kind must show to pass (docs/testing.md):
  unit     a cmocka binary run with TAP output: exit status 0, a plan
           "1..N" before its results and exactly N results after it,
           every one "ok", and no sanitizer report on stdout or stderr.
  boot     test/os/runner.c's log: the runner started with the expected
           programs, each of them either reported "X finished: P passed,
           F failed" with exactly P PASS and F FAIL lines of its own and
           at least one of them, or has a FAIL line from the runner; the
           closing summary is there; QEMU ended with 67 (all passed) or
           69 (failures, which must show as FAIL lines).
  system   bin/testrun's log inside the system image: it found exactly the
           expected programs, each one's ptest summary matches its PASS/
           FAIL lines and holds at least one result, and each ended
           ("exited with status 0", or a FAIL line from testrun).
  console  test/console/session.py's output: its plan line
           "console: N checks", exactly N PASS/FAIL lines, exit status 0
           exactly when every check passed.
"""
import os
import re
import signal
import subprocess
import sys

UNIT_TIMEOUT = int(os.environ.get("UNIT_TIMEOUT", "300"))

# Lines that only a sanitizer runtime prints (ASan, LSan, UBSan, TSan, MSan).
SANITIZER = re.compile(r"(==\d+==\s*(ERROR|WARNING): \w+Sanitizer"
                       r"|^SUMMARY: \w+Sanitizer"
                       r"|: runtime error: )")


class Verdict:
    """Results of one test (a binary, a boot, a session) as they are found."""

    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def result(self, line, ok):
        print(f"{self.name}: {line}")
        if ok:
            self.passed += 1
        else:
            self.failed += 1

    def fail(self, why):
        self.result("FAIL: " + why, False)

    def write(self, path):
        with open(path + ".tmp", "w") as f:
            f.write(f"{self.passed} {self.failed}\n")
        os.replace(path + ".tmp", path)


def read_lines(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return []
    return data.decode("utf-8", "replace").replace("\r", "").split("\n")


def signal_name(num):
    try:
        return signal.Signals(num).name
    except ValueError:
        return f"signal {num}"


def tail(lines, n=5):
    for line in [l for l in lines if l.strip()][-n:]:
        print("    | " + line)


# ---- unit: a cmocka binary with TAP output ----------------------------------
TAP_PLAN = re.compile(r"^1\.\.(\d+)\s*$")
TAP_RESULT = re.compile(r"^(not )?ok\b")


def run_unit(v, binary, prefix):
    """Run BINARY with stdout in PREFIX.out and stderr in PREFIX.err."""
    if not os.access(binary, os.X_OK):
        v.fail(f"{binary} was not built")
        return
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP")
    with open(prefix + ".out", "wb") as out, open(prefix + ".err", "wb") as err:
        # Its own session, so a timeout kills whatever it started too.
        p = subprocess.Popen([binary], stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                             env=env, start_new_session=True)
        try:
            status = p.wait(UNIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            status = None
    check_unit(v, status, read_lines(prefix + ".out"), read_lines(prefix + ".err"))


def check_unit(v, status, out, err):
    """STATUS: the exit status (negative: killed by that signal; None: timed out)."""
    plans = []          # [planned, seen] per plan line (cmocka prints one per group)
    stray = 0           # results before any plan
    not_ok = 0
    for line in out:
        m = TAP_PLAN.match(line)
        if m:
            plans.append([int(m.group(1)), 0])
            continue
        if line.startswith("Bail out!"):
            v.fail("bailed out: " + line)
            continue
        m = TAP_RESULT.match(line)
        if not m:
            continue
        bad = m.group(1) is not None
        if not bad and re.search(r"#\s*(SKIP|TODO)", line, re.I):
            v.result(line, False)
            v.fail("a skipped test is not a pass")
            continue
        v.result(line, not bad)
        not_ok += bad
        if plans:
            plans[-1][1] += 1
        else:
            stray += 1
    if not plans:
        v.fail("no TAP plan (1..N) in its output")
    elif stray:
        v.fail(f"{stray} results before its TAP plan")
    for planned, seen in plans:
        if seen != planned:
            v.fail(f"planned {planned} results, printed {seen}")
    if plans and sum(seen for _, seen in plans) == 0:
        v.fail("printed no results")
    for line in out + err:
        if SANITIZER.search(line):
            v.fail("sanitizer report: " + line.strip())
            break
    if status is None:
        v.fail(f"still running after {UNIT_TIMEOUT} s (killed)")
    elif status < 0:
        v.fail(f"crashed: killed by {signal_name(-status)}")
    elif status != 0 and not_ok == 0:
        v.fail(f"exited with status {status} (every result printed was ok)")
    elif status == 0 and not_ok:
        v.fail("exited with status 0 after a failed result")
    if v.failed:
        tail(err)


# ---- boot and system: logs of the in-Quire runners --------------------------
RESULT = re.compile(r"^(PASS|FAIL) ([A-Za-z0-9_]+)\.")


def count_results(v, lines):
    """Print and count every PASS/FAIL line; return {program: [pass, fail]}."""
    per = {}
    for line in lines:
        m = RESULT.match(line)
        if not m:
            if line.startswith("FAIL "):
                v.result(line, False)      # e.g. "FAIL testrun: /test: ..."
            continue
        v.result(line, m.group(1) == "PASS")
        per.setdefault(m.group(2), [0, 0])[m.group(1) == "FAIL"] += 1
    return per


def check_status(v, status, failures_seen):
    """The isa-debug-exit status: 67 all passed, 69 failures."""
    if status == 67:
        return
    if status == 69:
        if not failures_seen:
            v.fail("the runner reported failures that no FAIL line shows")
    elif status == 124:
        v.fail("no result within the time limit (hang)")
    elif status == 71:
        v.fail("kernel panic")
    else:
        v.fail(f"QEMU exited with status {status}")


def match_count(v, prog, said, seen):
    """A program's own totals against its lines in the log."""
    if said != seen:
        v.fail(f"{prog} reported {said[0]} passed, {said[1]} failed, "
               f"but the log holds {seen[0]} PASS and {seen[1]} FAIL lines")
    elif said == (0, 0):
        v.fail(f"{prog} printed no results")


def check_boot(v, lines, status, programs):
    per = count_results(v, lines)
    failed_before = v.failed
    start = [l for l in lines if re.match(r"^runner: waiting for \d+ test programs$", l)]
    if not start:
        v.fail("the runner never started (no 'runner: waiting for' line)")
    elif int(start[0].split()[3]) != len(programs):
        v.fail(f"the runner waits for {start[0].split()[3]} programs, not {len(programs)}")
    finished = {}
    for line in lines:
        m = re.match(r"^runner: (\S+) finished: (\d+) passed, (\d+) failed$", line)
        if m:
            finished[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    for prog in programs:
        seen = tuple(per.get(prog, (0, 0)))
        if prog in finished:
            match_count(v, prog, finished[prog], seen)
        elif not seen[1]:
            v.fail(f"{prog}: no result from the runner (neither finished nor failed)")
    for prog in sorted(set(per) - set(programs)):
        v.fail(f"results from {prog}, which is not in the runner's list")
    if status in (67, 69):
        summary = [l for l in lines
                   if re.match(r"^runner: all test programs finished, \d+ with failures$", l)]
        if not summary:
            v.fail("no closing line from the runner")
        elif (int(summary[-1].split()[5]) == 0) != (status == 67):
            v.fail(f"the runner's summary disagrees with its exit status {status}")
    check_status(v, status, v.failed > failed_before or any(f for _, f in per.values()))


def check_system(v, lines, status, programs):
    per = count_results(v, lines)
    failed_before = v.failed
    found = [l for l in lines if re.match(r"^testrun: \d+ tests in ", l)]
    if not found:
        v.fail("testrun never started (no 'testrun: N tests in' line)")
    elif int(found[0].split()[1]) != len(programs):
        v.fail(f"testrun found {found[0].split()[1]} tests, not {len(programs)}")
    said, ended = {}, set()
    for line in lines:
        m = re.match(r"^ptest: (\S+): (\d+) passed, (\d+) failed$", line)
        if m:
            said[m.group(1)] = (int(m.group(2)), int(m.group(3)))
        m = re.match(r"^testrun: (\S+) exited with status \d+$", line)
        if m:
            ended.add(m.group(1))
        m = re.match(r"^FAIL (\S+): (killed by signal|no result within|exec:|fork:)", line)
        if m:
            ended.add(m.group(1))
    for prog in programs:
        seen = tuple(per.get(prog, (0, 0)))
        if prog not in ended:
            v.fail(f"{prog}: testrun never said how it ended")
        if prog in said:
            match_count(v, prog, said[prog], seen)
        elif prog in ended and not seen[1]:
            v.fail(f"{prog} ended without its ptest summary")
    for prog in sorted(set(per) - set(programs)):
        v.fail(f"results from {prog}, which is not one of the tests on the disk")
    if status in (67, 69):
        if not any(re.match(r"^testrun: \d+ of \d+ test programs failed$", l) for l in lines):
            v.fail("no closing line from testrun")
    check_status(v, status, v.failed > failed_before or any(f for _, f in per.values()))


def check_console(v, lines, status):
    plan = [l for l in lines if re.match(r"^console: \d+ checks$", l)]
    results = [l for l in lines if re.match(r"^(PASS|FAIL) ", l)]
    for line in results:
        v.result(line, line.startswith("PASS "))
    if not plan:
        v.fail("no plan line ('console: N checks') from session.py")
    elif int(plan[0].split()[1]) != len(results):
        v.fail(f"planned {plan[0].split()[1]} checks, printed {len(results)}")
    bad = any(l.startswith("FAIL ") for l in results)
    if status != (1 if bad else 0):
        v.fail(f"session.py exited with status {status}")
    if v.failed:
        tail(lines)


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    kind, name, counts = argv[1:4]
    v = Verdict(name)
    if kind == "unit":
        run_unit(v, argv[4], argv[5])
    elif kind in ("boot", "system"):
        check = check_boot if kind == "boot" else check_system
        check(v, read_lines(argv[4]), int(argv[5]), argv[6:])
    elif kind == "console":
        check_console(v, read_lines(argv[4]), int(argv[5]))
    else:
        print(f"verdict.py: unknown kind {kind}", file=sys.stderr)
        return 2
    v.write(counts)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
