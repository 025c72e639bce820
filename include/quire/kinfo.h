/* What KC_GETINFO reports. */
#ifndef QUIRE_KINFO_H
#define QUIRE_KINFO_H

#include <quire/types.h>

#define PROC_NAME_LEN 16

struct kinfo {
	uint64_t mem_total;      /* bytes of usable physical memory */
	uint64_t mem_free_boot;  /* bytes free when the boot processes were loaded */
	uint32_t nr_procs;       /* process-table slots */
	uint32_t nr_boot;        /* boot processes */
	uint32_t hz;             /* clock ticks per second */
	uint32_t test_mode;      /* booted with "test" on the command line */
	char     cmdline[128];
};

/* Process states as getinfo reports them. */
#define PS_FREE     0   /* slot unused */
#define PS_RUNNABLE 1
#define PS_BLOCKED  2   /* waiting in send/receive */
#define PS_STOPPED  3   /* stopped by a fault, waiting for its handler */
#define PS_DEAD     4   /* ended; the slot is kept until reaped */

/* Why a process stopped or ended. */
#define END_NONE    0
#define END_EXIT    1   /* called exit: `code` is the status */
#define END_SIGNAL  2   /* killed: `code` is the signal */
#define END_FAULT   3   /* a CPU exception: `code` is the vector */

struct proc_info {
	endpoint_t endpoint;
	int32_t  state;          /* PS_* */
	char     name[PROC_NAME_LEN];
	int32_t  priority;
	int32_t  end_reason;     /* END_* */
	int64_t  end_code;
	uint64_t fault_addr;     /* fault_vector >= 0: cr2 for a page fault, else rip */
	uint64_t user_ticks;
	uint64_t sys_ticks;
	endpoint_t blocked_on;   /* PS_BLOCKED: the peer, ANY, or NONE */
	/* The CPU exception behind the end: END_FAULT's own, or the fault
	 * that raised the signal of END_SIGNAL (a page fault VM refused, a
	 * privileged instruction). -1: the end had no fault behind it. */
	int32_t  fault_vector;
};

#endif
