/*
 * Host tests for the tty's line discipline (drivers/tty/ldisc.c): echo,
 * editing, line ends, ^D, ^C, raw mode and a full input queue. The echo
 * goes into a buffer the tests compare.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <quire/chardev.h>
#include "../../drivers/tty/ldisc.h"

static struct ldisc ld;
static char echoed[4 * LD_BUFSZ + 64];
static size_t echoed_len;

static void echo(void *arg, const char *s, size_t n)
{
	assert_ptr_equal(arg, &ld);
	assert_true(echoed_len + n <= sizeof(echoed));
	memcpy(echoed + echoed_len, s, n);
	echoed_len += n;
}

static int setup(void **state)
{
	ld_init(&ld, echo, &ld);
	echoed_len = 0;
	return 0;
}

/* Type a string; returns the OR of the events. */
static int type(const char *s)
{
	int ev = 0;
	for (; *s; s++)
		ev |= ld_input(&ld, (uint8_t)*s);
	return ev;
}

static void assert_echo(const char *want)
{
	assert_int_equal(echoed_len, strlen(want));
	assert_memory_equal(echoed, want, echoed_len);
	echoed_len = 0;
}

/* What a read of max bytes gets; -1 when it would have to wait. */
static int rd(char *out, size_t max)
{
	size_t entries;
	size_t n = ld_peek(&ld, out, max, &entries);
	if (entries == 0) {
		assert_false(ld_readable(&ld));
		return -1;
	}
	ld_consume(&ld, entries);
	out[n] = '\0';
	return (int)n;
}

static void assert_read(size_t max, const char *want)
{
	char buf[LD_BUFSZ + 1];
	assert_int_equal(rd(buf, max), (int)strlen(want));
	assert_string_equal(buf, want);
}

static void assert_nothing(void)
{
	char buf[8];
	assert_int_equal(rd(buf, sizeof(buf) - 1), -1);
}

static void test_echo_and_line(void **state)
{
	assert_int_equal(type("ls -l"), 0);
	assert_echo("ls -l");
	assert_false(ld_readable(&ld));
	assert_nothing();
	assert_int_equal(type("\r"), LD_EV_DATA);
	assert_echo("\r\n");
	assert_true(ld_readable(&ld));
	assert_read(100, "ls -l\n");
	assert_nothing();
}

static void test_newline_also_ends(void **state)
{
	assert_int_equal(type("a\n"), LD_EV_DATA);
	assert_echo("a\r\n");
	assert_read(100, "a\n");
}

static void test_one_line_per_read(void **state)
{
	type("one\rtwo\r");
	assert_read(100, "one\n");
	assert_read(100, "two\n");
	assert_nothing();
}

static void test_short_reads(void **state)
{
	type("abcdef\r");
	assert_read(4, "abcd");
	assert_read(4, "ef\n");
	assert_nothing();
}

static void test_control_echo(void **state)
{
	type("a\x1b");
	assert_echo("a^[");
	type("\x7f");
	assert_echo("\b \b\b \b");        /* two columns */
	type("\r");
	assert_read(100, "a\n");
}

static void test_erase(void **state)
{
	type("cat\x7fr");
	assert_echo("cat\b \br");
	type("\b");
	assert_echo("\b \b");
	type("\r");
	assert_read(100, "ca\n");
}

static void test_erase_empty_line(void **state)
{
	type("\x7f\b");
	assert_echo("");
	type("x\r");
	assert_read(100, "x\n");
}

static void test_erase_stops_at_committed(void **state)
{
	type("ab\r\x7f\x7f\x7f");
	assert_echo("ab\r\n");
	type("c\r");
	assert_read(100, "ab\n");
	assert_read(100, "c\n");
}

static void test_erase_utf8(void **state)
{
	type("x\xc3\xa9");                /* x, e-acute */
	echoed_len = 0;
	type("\x7f");
	assert_echo("\b \b");
	type("\r");
	assert_read(100, "x\n");
}

static void test_kill(void **state)
{
	type("rm -rf\x15");
	assert_echo("rm -rf\b \b\b \b\b \b\b \b\b \b\b \b");
	assert_false(ld_readable(&ld));
	type("ls\r");
	assert_read(100, "ls\n");
}

static void test_eof_at_start(void **state)
{
	assert_int_equal(type("\x04"), LD_EV_DATA);
	assert_echo("");
	assert_true(ld_readable(&ld));
	assert_read(100, "");                 /* end of file */
	assert_nothing();
}

static void test_eof_after_line(void **state)
{
	type("x\r\x04");
	assert_read(100, "x\n");
	assert_read(100, "");
	assert_nothing();
}

static void test_eof_mid_line(void **state)
{
	assert_int_equal(type("par"), 0);
	assert_int_equal(type("\x04"), LD_EV_DATA);
	assert_echo("par");
	assert_read(100, "par");              /* the partial line, no newline */
	assert_nothing();                     /* the ^D went with it */
}

static void test_eof_mid_line_exact_size(void **state)
{
	type("abc\x04");
	assert_read(3, "abc");
	assert_nothing();                     /* not an end of file */
}

static void test_intr(void **state)
{
	type("sleep 10");
	echoed_len = 0;
	assert_int_equal(type("\x03"), LD_EV_INTR);
	assert_echo("^C\r\n");
	assert_false(ld_readable(&ld));
	type("ls\r");
	assert_read(100, "ls\n");             /* the interrupted line is gone */
}

static void test_susp_and_quit_drop_the_line_and_report(void **state)
{
	type("vi notes");
	echoed_len = 0;
	assert_int_equal(type("\x1a"), LD_EV_SUSP);
	assert_echo("^Z\r\n");
	assert_false(ld_readable(&ld));
	type("cat");
	echoed_len = 0;
	assert_int_equal(type("\x1c"), LD_EV_QUIT);
	assert_echo("^\\\r\n");
	type("ls\r");
	assert_read(100, "ls\n");
}

static void test_intr_keeps_typeahead(void **state)
{
	type("one\rtw\x03");
	assert_read(100, "one\n");
	assert_nothing();
}

static void test_raw(void **state)
{
	int ev;
	assert_int_equal(ld.mode, TTY_COOKED);
	assert_true(ld_setmode(&ld, TTY_RAW, &ev));
	assert_int_equal(ev, 0);
	assert_int_equal(ld.mode, TTY_RAW);
	assert_int_equal(type("a"), LD_EV_DATA);
	assert_int_equal(type("\x7f\x03\x04\x15\r"), LD_EV_DATA);
	assert_echo("");
	char buf[16];
	assert_int_equal(rd(buf, 3), 3);
	assert_memory_equal(buf, "a\x7f\x03", 3);
	assert_int_equal(rd(buf, 10), 3);
	assert_memory_equal(buf, "\x04\x15\r", 3);
	assert_nothing();
}

static void test_raw_commits_line(void **state)
{
	int ev;
	type("hal");
	assert_false(ld_readable(&ld));
	assert_true(ld_setmode(&ld, TTY_RAW, &ev));
	assert_int_equal(ev, LD_EV_DATA);
	assert_read(100, "hal");
	type("f");
	assert_true(ld_setmode(&ld, TTY_COOKED, &ev));
	assert_int_equal(ev, 0);
	assert_read(100, "f");                /* raw bytes stay readable */
	type("g\r");
	assert_read(100, "g\n");
}

static void test_bad_mode(void **state)
{
	int ev;
	assert_false(ld_setmode(&ld, 2, &ev));
	assert_false(ld_setmode(&ld, -1, &ev));
	assert_int_equal(ld.mode, TTY_COOKED);
}

static void test_full_cooked(void **state)
{
	/* A line as long as the queue: the last entry waits for the line end. */
	for (int i = 0; i < LD_BUFSZ + 10; i++)
		ld_input(&ld, 'x');
	assert_int_equal(ld_space(&ld), 1);
	assert_int_equal(ld.dropped, 11);
	assert_false(ld_readable(&ld));
	echoed_len = 0;
	ld_input(&ld, 'y');
	assert_echo("\a");
	assert_int_equal(ld_input(&ld, '\r'), LD_EV_DATA);
	assert_int_equal(ld_space(&ld), 0);
	/* Nothing fits now, not even a line end. */
	assert_int_equal(ld_input(&ld, '\r'), 0);
	assert_int_equal(ld_input(&ld, 'z'), 0);
	assert_int_equal(ld.dropped, 14);
	char buf[LD_BUFSZ + 1];
	assert_int_equal(rd(buf, sizeof(buf) - 1), LD_BUFSZ);
	assert_int_equal(buf[LD_BUFSZ - 2], 'x');
	assert_int_equal(buf[LD_BUFSZ - 1], '\n');
	assert_int_equal(ld_space(&ld), LD_BUFSZ);
	/* The ring wrapped: it still works. */
	type("again\r");
	assert_read(100, "again\n");
}

static void test_full_editing_still_works(void **state)
{
	for (int i = 0; i < LD_BUFSZ; i++)
		ld_input(&ld, 'x');
	ld_input(&ld, '\x7f');
	ld_input(&ld, '\x7f');
	assert_int_equal(ld_space(&ld), 3);
	ld_input(&ld, '\x15');
	assert_int_equal(ld_space(&ld), LD_BUFSZ);
	type("ok\r");
	assert_read(100, "ok\n");
}

static void test_full_raw(void **state)
{
	int ev;
	ld_setmode(&ld, TTY_RAW, &ev);
	for (int i = 0; i < LD_BUFSZ; i++)
		assert_int_equal(ld_input(&ld, (uint8_t)i), LD_EV_DATA);
	assert_int_equal(ld_input(&ld, 'z'), 0);
	assert_int_equal(ld.dropped, 1);
	char buf[LD_BUFSZ + 1];
	assert_int_equal(rd(buf, 10), 10);
	assert_int_equal(ld_input(&ld, 'z'), LD_EV_DATA);
	assert_int_equal(rd(buf, LD_BUFSZ), LD_BUFSZ - 9);
	assert_int_equal((uint8_t)buf[0], 10);
	assert_int_equal(buf[LD_BUFSZ - 10], 'z');
}

static void test_wraparound_many_lines(void **state)
{
	char line[32], want[32];
	for (int i = 0; i < 3 * LD_BUFSZ / 5; i++) {
		snprintf(line, sizeof(line), "l%d\r", i);
		snprintf(want, sizeof(want), "l%d\n", i);
		type(line);
		if (i % 2)
			type("\x04");
		assert_read(100, want);
		if (i % 2)
			assert_read(100, "");
	}
	assert_nothing();
	assert_int_equal(ld_space(&ld), LD_BUFSZ);
}

static void test_peek_does_not_consume(void **state)
{
	type("keep\r");
	char buf[16];
	size_t entries;
	assert_int_equal(ld_peek(&ld, buf, sizeof(buf), &entries), 5);
	assert_int_equal(entries, 5);
	/* A failed copy does not consume: the same line is there again. */
	assert_read(100, "keep\n");
}

static void test_no_echo_fn(void **state)
{
	ld_init(&ld, NULL, NULL);
	type("quiet\x7f\r");
	assert_read(100, "quie\n");
}

/* tcflush(TCIFLUSH): committed lines and the line being edited go; the
 * queue works as before afterwards, across the ring's end. */
static void test_flush_discards_all_input(void **state)
{
	type("one\ntwo\nthr");
	assert_true(ld_readable(&ld));
	ld_flush(&ld);
	assert_false(ld_readable(&ld));
	assert_int_equal(ld_space(&ld), LD_BUFSZ);
	char buf[8];
	assert_int_equal(rd(buf, sizeof(buf) - 1), -1);
	echoed_len = 0;
	type("ee\n");                         /* "thr" was dropped too */
	assert_read(16, "ee\n");
	for (int i = 0; i < 1000; i++) {       /* wrap the ring a few times */
		type("abcdefgh\n");
		ld_flush(&ld);
	}
	type("x\n");
	assert_read(16, "x\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_echo_and_line, setup),
		cmocka_unit_test_setup(test_newline_also_ends, setup),
		cmocka_unit_test_setup(test_one_line_per_read, setup),
		cmocka_unit_test_setup(test_short_reads, setup),
		cmocka_unit_test_setup(test_control_echo, setup),
		cmocka_unit_test_setup(test_erase, setup),
		cmocka_unit_test_setup(test_erase_empty_line, setup),
		cmocka_unit_test_setup(test_erase_stops_at_committed, setup),
		cmocka_unit_test_setup(test_erase_utf8, setup),
		cmocka_unit_test_setup(test_kill, setup),
		cmocka_unit_test_setup(test_eof_at_start, setup),
		cmocka_unit_test_setup(test_eof_after_line, setup),
		cmocka_unit_test_setup(test_eof_mid_line, setup),
		cmocka_unit_test_setup(test_eof_mid_line_exact_size, setup),
		cmocka_unit_test_setup(test_intr, setup),
		cmocka_unit_test_setup(test_susp_and_quit_drop_the_line_and_report, setup),
		cmocka_unit_test_setup(test_intr_keeps_typeahead, setup),
		cmocka_unit_test_setup(test_raw, setup),
		cmocka_unit_test_setup(test_raw_commits_line, setup),
		cmocka_unit_test_setup(test_bad_mode, setup),
		cmocka_unit_test_setup(test_full_cooked, setup),
		cmocka_unit_test_setup(test_full_editing_still_works, setup),
		cmocka_unit_test_setup(test_full_raw, setup),
		cmocka_unit_test_setup(test_wraparound_many_lines, setup),
		cmocka_unit_test_setup(test_peek_does_not_consume, setup),
		cmocka_unit_test_setup(test_no_echo_fn, setup),
		cmocka_unit_test_setup(test_flush_discards_all_input, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
