/*
 * The protocol of test/posix/helpers/rsprobe.c, a service t_rs starts
 * with `service up` to check what RS gives it (privileges, arguments),
 * what DS lets it do, and what RS does when it hangs or crashes.
 * Test-only: not a system protocol.
 *   PROBE_TRY    -> OK; m_i64.i[0..4]: the results of IRQ_SETPOLICY on
 *                   IRQ 3, a sendnb to PM, inb(0x71), inb(0x80); its argc
 *   PROBE_DS     -> OK; i[0..3]: DS's answers to publishing "kvs" for
 *                   itself, "rsprobe_extra" for itself, "rsprobe_pm" for
 *                   PM's endpoint, and subscribing to "kv*"
 *   PROBE_EVENTS -> OK; i[0]: how many DS_CHECK answers named "kvs" since
 *                   PROBE_DS, i[1]: the last one's endpoint (NONE: deleted)
 *   PROBE_HANG   -> OK, then it never receives again (no pongs)
 *   PROBE_CRASH  -> no answer: it writes to address 0 (SIGSEGV)
 */
#ifndef TEST_POSIX_RSPROBE_H
#define TEST_POSIX_RSPROBE_H

#define PROBE_RQ_BASE 0xC00
#define PROBE_TRY     (PROBE_RQ_BASE + 0)
#define PROBE_HANG    (PROBE_RQ_BASE + 1)
#define PROBE_CRASH   (PROBE_RQ_BASE + 2)
#define PROBE_DS      (PROBE_RQ_BASE + 3)
#define PROBE_EVENTS  (PROBE_RQ_BASE + 4)

#endif
