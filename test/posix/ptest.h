/*
 * The check library for POSIX tests run inside Quire by /bin/testrun.
 * CHECK prints "PASS <test>.<name>" or "FAIL <test>.<name>: <why>";
 * ptest_done() prints "ptest: <test>: P passed, F failed" and returns
 * the exit status, 0 only if every check passed.
 */
#ifndef TEST_POSIX_PTEST_H
#define TEST_POSIX_PTEST_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *ptest_name = "?";
static int ptest_failed, ptest_passed;

#define PTEST_BEGIN(name) (ptest_name = (name), setvbuf(stdout, NULL, _IOLBF, 0))

#define CHECK(check, cond, ...)                                                 \
	do {                                                                    \
		if (cond) {                                                     \
			printf("PASS %s.%s\n", ptest_name, check);               \
			ptest_passed++;                                         \
		} else {                                                        \
			printf("FAIL %s.%s: ", ptest_name, check);               \
			printf(__VA_ARGS__);                                    \
			printf("\n");                                           \
			ptest_failed++;                                         \
		}                                                               \
	} while (0)

/* The program's totals, which build.sh compares with its PASS/FAIL lines
 * in the log: a lost or missing result line fails the test. */
static inline int ptest_done(void)
{
	printf("ptest: %s: %d passed, %d failed\n", ptest_name, ptest_passed, ptest_failed);
	fflush(stdout);
	return ptest_failed ? 1 : 0;
}

#endif
