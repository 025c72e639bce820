/* Messages between the boot tests, their helpers and the runner. */
#ifndef TEST_OS_TESTPROTO_H
#define TEST_OS_TESTPROTO_H

#include <quire/ipc.h>

/* To the runner: a test program finished (m_u64.u[0] passed, u[1] failed). */
#define TP_DONE          0x700
/* To the runner: wait until no other test program runs (for tests that
 * measure system-wide figures such as free memory); answered when it is
 * this program's turn, which lasts until it finishes. */
#define TP_EXCLUSIVE     0x701

/* To pong/pong2. */
#define TP_PING          0x710   /* reply m_i64.i[0] + 1 */
#define TP_SEND_BACK     0x711   /* reply, then send the caller TP_PING_BACK */
#define TP_NOTIFY3       0x712   /* reply, then notify the caller three times */
#define TP_PING_BACK     0x713

/* To grantee: copy through a grant (u[0] granter, u[1] grant, u[2] offset,
 * u[3] bytes); reply m_i64.i[0] = result, u[1] = sum of bytes copied. */
#define TP_COPY_FROM     0x720
#define TP_COPY_TO       0x721   /* writes bytes of value u[4] */
/* KC_VSAFECOPY: u[3] pieces of 100 bytes at grant offsets u[2] + 300 i;
 * TO writes piece i as bytes of value u[4] + i; FROM sums what it read. */
#define TP_VCOPY_FROM    0x722
#define TP_VCOPY_TO      0x723
#define TP_VCOPY_BAD     0x724   /* a malformed call, u[4] says which: the result */

#endif
