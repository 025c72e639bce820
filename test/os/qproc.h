/* Helpers for boot tests that fork: run a function in a child and see
 * how the child ended. */
#ifndef TEST_OS_QPROC_H
#define TEST_OS_QPROC_H

#include <quire/syslib.h>
#include <quire/signal.h>
#include <quire/mman.h>

/* Fork; the child runs fn(arg) and exits with its return value. Returns
 * the child's wait status, or a negative error. */
int run_in_child(int (*fn)(void *arg), void *arg);

/* Free pages according to VM. */
uint64_t free_pages(void);

#endif
