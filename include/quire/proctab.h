/*
 * The public process table: who each process is, readable by every
 * process without a message (getpid, getppid, getuid and the rest).
 *
 * The kernel maps it read-only for user mode at PROCTAB_ADDR in the
 * kernel half that every address space shares; only the kernel writes it,
 * when PM publishes a process's identity (KC_PROCCTL PROCCTL_PUBLISH: at
 * fork, exec, set*id, setpgid/setsid, and when a parent's exit gives its
 * children to init). Entry n belongs to process slot n.
 *
 * A process finds its own entry through GS: in user mode GS.base is the
 * address of the running process's entry (the kernel sets it when it
 * switches processes), so no process needs to know its slot, and a child
 * of fork reads its own entry from its first instruction. The kernel
 * clears an entry when its slot gets a new process, and PM publishes the
 * new one before it first runs; an entry with pid 0 is not published yet
 * (ask PM). `seq` is odd while the kernel changes the entry: a reader
 * that sees it odd, or sees it change across its reads, reads again
 * (proctab_self below).
 */
#ifndef QUIRE_PROCTAB_H
#define QUIRE_PROCTAB_H

#include <quire/types.h>
#include <quire/ipc.h>

#define PROCTAB_ADDR 0xFFFFFF0000000000ULL   /* PML4 entry 510 */

struct proc_pub {
	volatile uint32_t seq;   /* even: stable; odd: being changed */
	endpoint_t endpoint;     /* whose entry this is; NONE: nobody's */
	int32_t pid, ppid, pgrp, sid;
	uint32_t uid, euid, gid, egid;
	uint32_t pad[6];
};

#define PROCTAB_SIZE (NR_PROCS * sizeof(struct proc_pub))   /* 16 KiB */

_Static_assert(sizeof(struct proc_pub) == 64, "one cache line per entry");

#define PROCTAB_FIELD(f, v) \
	__asm__ volatile("movl %%gs:%c1, %0" : "=r"(v) : "i"(__builtin_offsetof(struct proc_pub, f)))

/* Copy the running process's own entry into *out (user mode only); 0, or
 * -1 if PM has not published it yet. */
static inline int proctab_self(struct proc_pub *out)
{
	for (;;) {
		uint32_t seq, again;
		PROCTAB_FIELD(seq, seq);
		if (seq & 1)
			continue;
		PROCTAB_FIELD(endpoint, out->endpoint);
		PROCTAB_FIELD(pid, out->pid);
		PROCTAB_FIELD(ppid, out->ppid);
		PROCTAB_FIELD(pgrp, out->pgrp);
		PROCTAB_FIELD(sid, out->sid);
		PROCTAB_FIELD(uid, out->uid);
		PROCTAB_FIELD(euid, out->euid);
		PROCTAB_FIELD(gid, out->gid);
		PROCTAB_FIELD(egid, out->egid);
		PROCTAB_FIELD(seq, again);
		if (again != seq)
			continue;
		return out->pid > 0 ? 0 : -1;
	}
}

#endif
