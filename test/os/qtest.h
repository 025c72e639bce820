/*
 * The boot-test library. A test program calls CHECK() once per check;
 * each prints one line the host harness counts:
 *     PASS <program>.<check>
 *     FAIL <program>.<check>: <what was seen>
 * qtest_done() reports the totals to the runner and ends the program.
 */
#ifndef TEST_OS_QTEST_H
#define TEST_OS_QTEST_H

#include <quire/syslib.h>

void qtest_check(const char *name, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
__attribute__((noreturn)) void qtest_done(void);

/* CHECK(name, condition, "format for the failure", ...) */
#define CHECK(name, cond, ...) qtest_check(name, (cond) ? 1 : 0, __VA_ARGS__)

/* Wait until every other test program has finished; from then on this
 * one runs alone until it is done. */
void qtest_exclusive(void);

/* Look up a boot process or fail the whole program. */
endpoint_t qtest_lookup(const char *name);
/* Wait until slot's process is in `state` (PS_*), at most `ticks`. */
int qtest_wait_state(endpoint_t ep, int state, uint64_t ticks, struct proc_info *out);

#endif
