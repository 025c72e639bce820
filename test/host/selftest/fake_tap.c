/*
 * Fake unit-test binaries for the runner's self-test (./build.sh test
 * selftest). Built once per case with -DCASE_<name>; each prints TAP the
 * way a cmocka binary does and then misbehaves in exactly one way (or,
 * for CASE_good and CASE_two_groups, not at all). build.sh runs the
 * real unit runner on each and checks the verdict and its reason.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

__attribute__((unused)) static void plan(int n)
{
	printf("1..%d\n", n);
}

__attribute__((unused)) static void ok(int i)
{
	printf("ok %d - test_fake_%d\n", i, i);
}

#ifdef CASE_sanitizer
/* A real UBSan report (signed overflow, recoverable): the binary goes on
 * and exits 0, so only the report tells. noinline keeps the addition at
 * run time. */
__attribute__((noinline)) static int add(int a, int b)
{
	return a + b;
}
#endif

int main(void)
{
#if defined(CASE_good)
	plan(3); ok(1); ok(2); ok(3);
	return 0;
#elif defined(CASE_two_groups)
	/* cmocka prints one plan per group, numbering from 1 again. */
	plan(2); ok(1); ok(2); printf("# ok - group_a\n");
	plan(1); ok(1); printf("# ok - group_b\n");
	return 0;
#elif defined(CASE_segv)
	plan(3); ok(1);
	fflush(stdout);
	raise(SIGSEGV);
	return 0;
#elif defined(CASE_abort)
	plan(3); ok(1);
	fflush(stdout);
	abort();
#elif defined(CASE_short)
	plan(3); ok(1); ok(2);
	return 0;
#elif defined(CASE_extra)
	plan(2); ok(1); ok(2); ok(3);
	return 0;
#elif defined(CASE_noplan)
	ok(1); ok(2); ok(3);
	return 0;
#elif defined(CASE_late_plan)
	ok(1); plan(2); ok(2);
	return 0;
#elif defined(CASE_exit)
	plan(2); ok(1); ok(2);
	return 1;
#elif defined(CASE_not_ok)
	plan(2); ok(1); printf("not ok 2 - test_fake_2\n");
	return 1;
#elif defined(CASE_skip)
	plan(2); ok(1); printf("ok 2 - test_fake_2 # SKIP not ready\n");
	return 0;
#elif defined(CASE_sanitizer)
	plan(1);
	fflush(stdout);
	volatile int big = 0x7fffffff;
	int r = add(big, 1);
	ok(1);
	return r == 0x7fffffff;
#elif defined(CASE_empty)
	plan(0);
	return 0;
#elif defined(CASE_hang)
	plan(1);
	fflush(stdout);
	for (;;)
		pause();
#else
#error "build with -DCASE_<name>"
#endif
}
