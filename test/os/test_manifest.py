#!/usr/bin/env python3
"""Host tests for test/os/manifest.py, with TAP output like the cmocka
unit tests (test/os/os.mk installs this as build/unit/test_manifest).

The real manifest gives the lists and the table the boot tests need; each
kind of bad line is refused with its line number; one-test images carry
what that test needs; the kernel check sees names only in loaded sections.
Run from the top of the tree.
"""
import os
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import manifest  # noqa: E402

MANIFEST = "test/os/manifest.txt"
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def parse_text(text):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(text)
    try:
        return manifest.parse(f.name)
    finally:
        os.unlink(f.name)


def refused(text, words):
    """The manifest text is refused, and the message holds every word."""
    try:
        parse_text(text)
    except manifest.ManifestError as err:
        msg = str(err)
        for w in words:
            assert w in msg, "%r not in %r" % (w, msg)
        return
    raise AssertionError("accepted: %r" % text)


def output(fn, *args):
    import contextlib
    import io
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        fn(*args)
    return buf.getvalue()


GOOD = "pm system\nrunner runner src=runner.c ipc=*\n"


@test
def real_manifest_runner_waits_for_every_test():
    entries = manifest.parse(MANIFEST)
    tests = [e["name"] for e in entries if e["kind"] == "test"]
    assert len(tests) >= 11 and "t_vm" in tests
    lines = output(manifest.cmd_modules, entries, "test", []).splitlines()
    runner = [l for l in lines if l.startswith("bin/runner ")]
    assert runner == ["bin/runner runner " + " ".join(tests)], runner
    assert output(lambda: [print(e["name"]) for e in manifest.tests(entries)]).split() == tests


@test
def real_manifest_bench_image_is_pm_vm_pong_kbench():
    entries = manifest.parse(MANIFEST)
    lines = [l for l in output(manifest.cmd_modules, entries, "bench", []).splitlines()
             if not l.startswith("#")]
    assert lines == ["bin/pm pm", "bin/vm vm", "bin/pong pong", "bin/kbench kbench"], lines


@test
def table_holds_every_program_and_no_system_process():
    entries = manifest.parse(MANIFEST)
    c = output(manifest.cmd_table, entries)
    for e in entries:
        quoted = '{ "%s",' % e["name"]
        assert (quoted in c) == (e["kind"] != "system"), e["name"]
    assert "C(KC_KILL)" in c and ".irqs = 1u << 5" in c and "{ 0x3FF, 0x3FF }" in c


@test
def module_arguments_follow_the_name():
    entries = manifest.parse(MANIFEST)
    assert "bin/t_blk t_blk 67108864" in output(manifest.cmd_modules, entries, "test", [])


@test
def one_test_image_has_its_helpers_runner_and_system():
    entries = manifest.parse(MANIFEST)
    lines = [l.split()[1] for l in output(manifest.cmd_modules, entries, "test",
                                          ["t_fault"]).splitlines() if not l.startswith("#")]
    assert lines == ["pm", "vm", "virtio_blk", "runner", "pong", "fault_null",
                     "fault_priv", "t_fault"], lines
    runner = [l for l in output(manifest.cmd_modules, entries, "test", ["t_fault"]).splitlines()
              if l.startswith("bin/runner")]
    assert runner == ["bin/runner runner t_fault"], runner


@test
def one_test_image_refuses_an_unknown_test():
    entries = manifest.parse(MANIFEST)
    try:
        output(manifest.cmd_modules, entries, "test", ["pong"])
    except manifest.ManifestError as err:
        assert "pong is not a test" in str(err)
        return
    raise AssertionError("a helper was taken for a test")


@test
def unknown_key_is_refused_with_its_line():
    refused(GOOD + "t_x test src=t_x.c colour=red\n", [":3:", "colour=red"])


@test
def unknown_kind_is_refused():
    refused(GOOD + "t_x tset src=t_x.c\n", [":3:", "tset"])


@test
def unknown_call_and_flag_are_refused():
    refused(GOOD + "t_x test src=t_x.c calls=reboot\n", [":3:", "reboot", "KC_"])
    refused(GOOD + "t_x test src=t_x.c flags=root\n", [":3:", "root", "PRIV_"])


@test
def duplicate_name_is_refused():
    refused(GOOD + "t_x test src=a.c\nt_x test src=b.c\n", [":4:", "twice"])


@test
def test_named_like_a_system_process_is_refused():
    refused(GOOD + "vfs test src=t_x.c\n", [":3:", "system name"])


@test
def system_entry_not_in_the_production_table_is_refused():
    refused(GOOD + "t_x system\n", [":3:", "not in the production boot table"])


@test
def system_entry_with_privileges_is_refused():
    refused(GOOD + "vm system calls=kill\n", [":3:", "kernel/table.c"])


@test
def program_without_sources_is_refused():
    refused(GOOD + "t_x test ipc=runner\n", [":3:", "src="])


@test
def ipc_target_nobody_is_is_refused():
    refused(GOOD + "t_x test src=t_x.c ipc=runner,ghost\n", [":3:", "ghost"])


@test
def ipc_list_longer_than_the_kernel_reads_is_refused():
    names = ",".join("pm" for _ in range(50))
    refused(GOOD + "t_x test src=t_x.c ipc=%s\n" % names, [":3:", "longer"])


@test
def ipc_star_with_names_is_refused():
    refused(GOOD + "t_x test src=t_x.c ipc=*,pm\n", [":3:", "ipc=*"])


@test
def needs_of_a_non_helper_is_refused():
    refused(GOOD + "t_x test src=t_x.c needs=runner\n", [":3:", "not a helper"])


@test
def bad_priority_quantum_irq_and_io_are_refused():
    refused(GOOD + "t_x test src=t_x.c prio=16\n", [":3:", "prio"])
    refused(GOOD + "t_x test src=t_x.c quantum=0\n", [":3:", "quantum"])
    refused(GOOD + "t_x test src=t_x.c irqs=2\n", [":3:", "cascade"])
    refused(GOOD + "t_x test src=t_x.c io=3ff-3f8\n", [":3:", "io range"])
    refused(GOOD + "t_x test src=t_x.c io=1-1,2-2,3-3,4-4,5-5\n", [":3:", "at most"])


@test
def bad_or_long_name_is_refused():
    refused(GOOD + "T_X test src=t_x.c\n", [":3:", "lower case"])
    refused(GOOD + "t_" + "x" * 14 + " test src=t_x.c\n", [":3:", "at most 15"])


def fake_elf(sections):
    """A minimal ELF64 file: sections as (flags, bytes)."""
    body = b"".join(data for _, data in sections)
    shoff = 64 + len(body)
    eh = bytearray(64)
    eh[0:4] = b"\x7fELF"
    eh[4] = 2
    struct.pack_into("<Q", eh, 0x28, shoff)
    struct.pack_into("<HH", eh, 0x3a, 64, len(sections))
    shdrs, off = b"", 64
    for flags, data in sections:
        shdrs += struct.pack("<IIQQQQIIQQ", 0, 1, flags, 0, off, len(data), 0, 0, 1, 0)
        off += len(data)
    return bytes(eh) + body + shdrs


def check_fake(sections, want):
    entries = parse_text(GOOD + "t_x test src=t_x.c\n")
    with tempfile.NamedTemporaryFile(delete=False) as f:
        f.write(fake_elf(sections))
    try:
        manifest.cmd_check_kernel(entries, f.name, want)
        return True
    except manifest.ManifestError:
        return False
    finally:
        os.unlink(f.name)


@test
def kernel_check_finds_a_name_in_a_loaded_section():
    loaded = [(2, b"\0pm\0runner\0t_x\0")]   # every non-system name
    assert not check_fake(loaded, "absent")
    assert check_fake(loaded, "present")
    assert not check_fake([(2, b"\0ping t_x\0")], "absent")   # a merged string tail


@test
def kernel_check_ignores_debug_info_and_longer_names():
    assert check_fake([(0, b"\0t_x\0"), (2, b"\0pm\0")], "absent")   # not SHF_ALLOC
    assert check_fake([(2, b"\0at_x\0t_xy\0")], "absent")
    assert not check_fake([(2, b"\0pm\0runner\0")], "present")   # t_x missing


def main():
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    print("1..%d" % len(TESTS))
    failed = 0
    for i, fn in enumerate(TESTS, 1):
        try:
            fn()
            print("ok %d - %s" % (i, fn.__name__))
        except Exception as err:  # noqa: BLE001 - every failure is reported
            failed += 1
            print("not ok %d - %s: %s: %s" % (i, fn.__name__, type(err).__name__, err))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
