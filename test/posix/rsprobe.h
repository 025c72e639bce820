/*
 * The protocol of test/posix/helpers/rsprobe.c, a service t_rs starts
 * with `service up` to check what RS gives it (privileges) and what RS
 * does when it hangs or crashes. Test-only: not a system protocol.
 *   PROBE_TRY    -> OK; m_i64.i[0..3]: the results of IRQ_SETPOLICY on
 *                   IRQ 3, a sendnb to PM, inb(0x71), inb(0x80)
 *   PROBE_HANG   -> OK, then it never receives again (no pongs)
 *   PROBE_CRASH  -> no answer: it writes to address 0 (SIGSEGV)
 */
#ifndef TEST_POSIX_RSPROBE_H
#define TEST_POSIX_RSPROBE_H

#define PROBE_RQ_BASE 0xC00
#define PROBE_TRY     (PROBE_RQ_BASE + 0)
#define PROBE_HANG    (PROBE_RQ_BASE + 1)
#define PROBE_CRASH   (PROBE_RQ_BASE + 2)

#endif
