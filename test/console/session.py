#!/usr/bin/env python3
"""A person at the console: boot the system image, type at the shell
through the serial line, and check what comes back. Prints one
PASS/FAIL line per check.

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
        self.p.stdin.write(text.encode())
        self.p.stdin.flush()


def main():
    c = Console(sys.argv[1:])
    results = []

    def check(name, ok):
        results.append(ok)
        print(("PASS " if ok else "FAIL ") + "console." + name, flush=True)

    check("boots_to_a_prompt", c.expect("Welcome to Quire", 120) and c.expect("$ ", 30))
    c.type("echo hi > /tmp/a; cat /tmp/a\n")
    check("echo_and_cat", c.expect("\nhi\n", 20) and c.expect("$ ", 20))
    c.type("cat /tmp/a | cat\n")
    check("pipeline", c.expect("\nhi\n", 20) and c.expect("$ ", 20))
    c.type("sleep 100\n")
    time.sleep(2)
    c.type("\x03")
    check("ctrl_c_stops_a_command_not_the_shell", c.expect("$ ", 20))
    c.type("echo status $?\n")
    check("ctrl_c_status_130", c.expect("status 130", 20) and c.expect("$ ", 20))
    c.type("cat\n")
    time.sleep(1)
    c.type("typed\n")
    check("cat_echoes_typed_line", c.expect("typed\ntyped\n", 20))
    c.type("\x04")
    check("ctrl_d_ends_input", c.expect("$ ", 20))
    c.type("poweroff\n")
    try:
        c.p.wait(30)
        check("poweroff_ends_qemu", True)
    except subprocess.TimeoutExpired:
        c.p.kill()
        check("poweroff_ends_qemu", False)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
