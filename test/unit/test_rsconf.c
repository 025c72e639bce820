/*
 * Host tests for RS's /etc/system.conf parser (servers/rs/config.c): the
 * keys and their values, the block lookup, and that bad input gives
 * -EINVAL with a message naming the line and the word.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include <quire/errno.h>
#include "../../servers/rs/config.h"

static char err[160];

static int parse(const char *text, const char *name, struct rs_conf *c)
{
	return rsconf_find(text, strlen(text), name, c, err, sizeof(err));
}

static void test_full_block(void **state)
{
	const char *t = "# comment\n"
			"service drv {\n"
			"  calls basic devio irqctl;  # trailing comment\n"
			"  ipc ds pm users;\n"
			"  io 0x80 0x70-0x71;\n"
			"  irq 3 8;\n"
			"  pci 1af4:1001;\n"
			"  mem 0xfee00000-0xfee00fff;\n"
			"};\n";
	struct rs_conf c;
	assert_int_equal(parse(t, "drv", &c), OK);
	assert_string_equal(c.name, "drv");
	assert_true(c.calls & (1u << KC_DEVIO));
	assert_true(c.calls & (1u << KC_IRQCTL));
	assert_true(c.calls & (1u << KC_SAFECOPYFROM));
	assert_false(c.calls & (1u << KC_PRIVCTL));
	assert_int_equal(c.nr_ipc, 2);
	assert_string_equal(c.ipc[0], "ds");
	assert_string_equal(c.ipc[1], "pm");
	assert_true(c.ipc_users);
	assert_int_equal(c.nr_io, 2);
	assert_int_equal(c.io[0].first, 0x80);
	assert_int_equal(c.io[0].last, 0x80);
	assert_int_equal(c.io[1].first, 0x70);
	assert_int_equal(c.io[1].last, 0x71);
	assert_int_equal(c.irqs, (1u << 3) | (1u << 8));
	assert_int_equal(c.pci_vendor, 0x1af4);
	assert_int_equal(c.pci_device, 0x1001);
	assert_int_equal(c.nr_mem, 1);
	assert_true(c.mem[0].first == 0xfee00000ULL && c.mem[0].last == 0xfee00fffULL);
}

static void test_picks_block_and_empty_block(void **state)
{
	const char *t = "service a { calls basic; };\nservice b { };\nservice c{ipc users;};";
	struct rs_conf c;
	assert_int_equal(parse(t, "b", &c), OK);
	assert_string_equal(c.name, "b");
	assert_int_equal(c.calls, 0);
	assert_int_equal(c.nr_ipc, 0);
	assert_int_equal(parse(t, "c", &c), OK);
	assert_true(c.ipc_users);
	assert_int_equal(parse(t, "zz", &c), -ENOENT);
	assert_int_equal(parse("", "a", &c), -ENOENT);
}

/* Each bad text: -EINVAL and the expected words in the message. */
static void expect_error(const char *text, const char *want)
{
	struct rs_conf c;
	err[0] = '\0';
	assert_int_equal(parse(text, "a", &c), -EINVAL);
	if (!strstr(err, want))
		fail_msg("error '%s' does not say '%s'", err, want);
}

static void test_errors_name_line_and_word(void **state)
{
	expect_error("service a {\n calls basic foo;\n};", "line 2: unknown kernel call 'foo'");
	expect_error("service a {\n\n color red;\n};", "line 3: unknown key 'color'");
	expect_error("serv a { };", "line 1: expected 'service', not 'serv'");
	expect_error("service a calls", "expected '{'");
	expect_error("service a { calls basic };", "missing ';' before '}'");
	expect_error("service a { calls; };", "a key with no value");
	expect_error("service a { calls basic;", "the text ends inside a block");
	expect_error("service a { } ", "expected ';' after '}'");
	expect_error("service { };", "a service name must follow");
	expect_error("service a { }; service a { };", "a second block for this service");
	/* an error in another block still fails the whole file */
	expect_error("service a { }; service b { irq 99; };", "bad IRQ");
}

static void test_numbers_checked(void **state)
{
	expect_error("service a { io 0x10000; };", "bad I/O port range");
	expect_error("service a { io 0x71-0x70; };", "bad I/O port range");
	expect_error("service a { io 0x; };", "bad I/O port range");
	expect_error("service a { io 12abc; };", "bad I/O port range");
	expect_error("service a { irq 2; };", "bad IRQ");
	expect_error("service a { irq 16; };", "bad IRQ");
	expect_error("service a { mem 0x2000-0x1000; };", "bad memory range");
	expect_error("service a { mem 0xfffffffffffffffff; };", "bad memory range");
	expect_error("service a { pci 1af4; };", "bad PCI device");
	expect_error("service a { pci 0x1af4:1001; };", "bad PCI device");
	expect_error("service a { pci 12345:1; };", "bad PCI device");
	expect_error("service a { pci ffff:1; };", "bad PCI device");
	expect_error("service a { pci 1:1 2:2; };", "a second PCI device");
	expect_error("service a { io 1 2 3 4 5; };", "too many I/O port ranges");
}

static void test_limits(void **state)
{
	char t[512];
	strcpy(t, "service a { ipc ");
	for (int i = 0; i <= RSC_IPC_MAX; i++)
		strcat(t, "x ");
	strcat(t, "; };");
	expect_error(t, "too many IPC targets");
	expect_error("service a { ipc abcdefghijabcdefghijabcdefghijabc; };", "IPC target name too long");
	expect_error("service abcdefghijabcdefghijabcdefghijabc { };", "service name too long");
	char big[200];
	memset(big, 'w', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	expect_error(big, "word too long");
	const char nul[] = "service a { calls basic; };\0service b { };";
	struct rs_conf c;
	assert_int_equal(rsconf_find(nul, sizeof(nul) - 1, "a", &c, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "NUL byte"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_block),
		cmocka_unit_test(test_picks_block_and_empty_block),
		cmocka_unit_test(test_errors_name_line_and_word),
		cmocka_unit_test(test_numbers_checked),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
