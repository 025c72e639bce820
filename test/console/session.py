#!/usr/bin/env python3
"""A person at the console: boot the system image, type at the shell
through the serial line, and check what comes back. Prints one
PASS/FAIL line per check, after a plan line "console: N checks".

usage: session.py QEMU-COMMAND...   (the command must use -serial stdio)
"""
import os
import select
import subprocess
import sys
import time


class Console:
    def __init__(self, cmd):
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        self.out = b""

    def expect(self, text, timeout):
        """Wait until text appears after what was already matched."""
        deadline = time.time() + timeout
        while True:
            i = self.out.find(text.encode())
            if i >= 0:
                self.out = self.out[i + len(text):]
                return True
            left = deadline - time.time()
            if left <= 0 or self.p.poll() is not None:
                return False
            r, _, _ = select.select([self.p.stdout], [], [], min(left, 0.5))
            if r:
                data = os.read(self.p.stdout.fileno(), 4096)
                self.out += data.replace(b"\r", b"")

    def type(self, text):
        # QEMU may be gone (a failed boot): the checks that follow fail.
        try:
            self.p.stdin.write(text.encode())
            self.p.stdin.flush()
        except OSError:
            pass


def poweroff(c):
    c.type("poweroff\n")
    try:
        c.p.wait(30)
        return True
    except subprocess.TimeoutExpired:
        c.p.kill()
        return False


def typed(text, pause=0):
    """Type text, then wait pause seconds."""
    def step(c):
        c.type(text)
        time.sleep(pause)
        return True
    return step


def expect(*texts):
    """Each text appears in turn (20 s each)."""
    return lambda c: all(c.expect(t, 20) for t in texts)


# The session, in order: (check name or None for a plain step, what to do).
# Every check runs even after a failure, so the plan always holds.
SESSION = [
    ("boots_to_a_prompt", lambda c: c.expect("Welcome to Quire", 120) and c.expect("$ ", 30)),
    (None, typed("echo hi > /tmp/a; cat /tmp/a\n")),
    ("echo_and_cat", expect("\nhi\n", "$ ")),
    (None, typed("cat /tmp/a | cat\n")),
    ("pipeline", expect("\nhi\n", "$ ")),
    (None, typed("sleep 100\n", 2)),
    (None, typed("\x03")),
    ("ctrl_c_stops_a_command_not_the_shell", expect("$ ")),
    (None, typed("echo status $?\n")),
    ("ctrl_c_status_130", expect("status 130", "$ ")),
    (None, typed("cat\n", 1)),
    (None, typed("typed\n")),
    ("cat_echoes_typed_line", expect("typed\ntyped\n")),
    (None, typed("\x04")),
    ("ctrl_d_ends_input", expect("$ ")),
    (None, typed("sleep 100 | cat\n", 2)),
    (None, typed("\x1a")),
    ("ctrl_z_stops_the_pipeline", expect("Stopped  sleep", "$ ")),
    (None, typed("jobs\n")),
    ("jobs_lists_it", expect("[1] Stopped  sleep", "$ ")),
    (None, typed("fg\n", 2)),
    ("fg_resumes_it", expect("sleep\n")),
    (None, typed("\x03")),
    ("ctrl_c_ends_the_resumed_job", expect("$ ")),
    (None, typed("echo status $?\n")),
    ("resumed_job_status_130", expect("status 130", "$ ")),
    # select() on the terminal: nothing typed, it waits out its timeout;
    # a line typed while it waits wakes it at once (selwait.c).
    (None, typed("/test/helpers/selwait 500\n")),
    ("select_on_tty_times_out", expect("selwait: timed out after at least 500 ms", "$ ")),
    (None, typed("/test/helpers/selwait 20000\n", 2)),
    (None, typed("wake up\n")),
    ("select_on_tty_wakes_on_input", expect("selwait: readable early: [wake up]", "$ ")),
    # '&': a running job the shell does not wait for; `wait` collects it.
    (None, typed("sleep 1 &\n")),
    ("ampersand_starts_a_job", expect("[1] ", "$ ")),
    (None, typed("jobs\n")),
    ("jobs_lists_it_running", expect("[1] Running  sleep", "$ ")),
    (None, typed("wait; echo waited $?\n")),
    ("wait_collects_it", expect("waited 0", "$ ")),
    # A service started at run time (docs/rs.md), its client, and a clean
    # error once it is down. The console shell is root's.
    (None, typed("service up /sbin/kvs -config kvs\n")),
    ("service_up_from_the_shell", expect("kvs: endpoint ", "$ ")),
    (None, typed("kv put greeting hello; kv get greeting\n")),
    ("kv_from_the_shell", expect("\nhello\n", "$ ")),
    (None, typed("service list\n")),
    ("service_list_from_the_shell", expect("RESTARTS", "kvs", " up ", "$ ")),
    (None, typed("service down kvs; kv get greeting; echo status $?\n")),
    ("kv_after_service_down", expect("the kvs server is not running", "status 2", "$ ")),
    ("poweroff_ends_qemu", poweroff),
]


def main():
    # The plan first: build.sh fails a run that prints fewer results.
    print(f"console: {sum(1 for name, _ in SESSION if name)} checks", flush=True)
    c = Console(sys.argv[1:])
    results = []
    for name, step in SESSION:
        ok = step(c)
        if name:
            results.append(ok)
            print(("PASS " if ok else "FAIL ") + "console." + name, flush=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
