/* The checks that keep a forged signal frame from harming the kernel
 * (kernel/arch/x86_64/sigcheck.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <arch/arch.h>
#include <arch/layout.h>
#include <arch/x86.h>
#include <quire/sigframe.h>

#define MASK 0xFFFF

static void good(uint64_t *g)
{
	memset(g, 0, QREG_NR * sizeof(*g));
	g[QREG_RIP] = 0x401000;
	g[QREG_RSP] = 0x7fff0000;
	g[QREG_RFLAGS] = 0x202;
}

static void test_a_real_context_passes(void **state)
{
	uint64_t g[QREG_NR];
	good(g);
	assert_true(arch_sigframe_ok(g, 0x1f80, MASK));
	g[QREG_RFLAGS] = 0x202 | RFLAGS_DF | RFLAGS_TF | RFLAGS_AC | 0x8d5;   /* user flags */
	assert_true(arch_sigframe_ok(g, 0x1f80, MASK));
	g[QREG_RIP] = USER_END - 1;
	assert_true(arch_sigframe_ok(g, 0x1f80, MASK));
}

static void test_kernel_or_noncanonical_rip_or_rsp_fails(void **state)
{
	uint64_t g[QREG_NR];
	const uint64_t bad[] = { USER_END, 0xffffffff80100000ULL, 0x0000900000000000ULL, ~0ULL };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		good(g);
		g[QREG_RIP] = bad[i];
		assert_false(arch_sigframe_ok(g, 0x1f80, MASK));
		good(g);
		g[QREG_RSP] = bad[i];
		assert_false(arch_sigframe_ok(g, 0x1f80, MASK));
	}
}

static void test_privileged_rflags_fail(void **state)
{
	uint64_t g[QREG_NR];
	const uint64_t bad[] = { RFLAGS_IOPL, 1u << 12, RFLAGS_NT, 1u << 16 /* RF */, 1u << 17 /* VM */,
				 1u << 19 /* VIF */, 1ULL << 40 };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		good(g);
		g[QREG_RFLAGS] |= bad[i];
		assert_false(arch_sigframe_ok(g, 0x1f80, MASK));
	}
}

static void test_mxcsr_reserved_bits_fail(void **state)
{
	uint64_t g[QREG_NR];
	good(g);
	assert_false(arch_sigframe_ok(g, 0x10000, MASK));
	assert_false(arch_sigframe_ok(g, 0x0040, 0xFFBF));   /* DAZ where the CPU has none */
	assert_true(arch_sigframe_ok(g, 0x0040, 0xFFFF));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_real_context_passes),
		cmocka_unit_test(test_kernel_or_noncanonical_rip_or_rsp_fails),
		cmocka_unit_test(test_privileged_rflags_fail),
		cmocka_unit_test(test_mxcsr_reserved_bits_fail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
