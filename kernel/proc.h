/*
 * The process table.
 *
 * A process is runnable when its rts ("reasons not to run") word is 0; the
 * scheduler keeps exactly the runnable processes in its queues
 * (proc_block/proc_unblock keep that invariant). The kernel is not
 * preemptible and runs on one CPU with interrupts off, so every field is
 * owned by "the kernel" as a whole and needs no lock; SMP will need one
 * per process, taken in slot order.
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <quire/ipc.h>
#include <quire/priv.h>
#include <quire/kinfo.h>
#include <arch/regs.h>
#include <arch/cpu.h>
#include <arch/x86.h>

/* rts bits: why a process may not run. */
#define RTS_SLOT_FREE  0x01   /* no process in this slot */
#define RTS_SENDING    0x02   /* blocked sending to p->sendto */
#define RTS_RECEIVING  0x04   /* blocked receiving from p->getfrom */
#define RTS_DEAD       0x08   /* ended; kept for its end report */
#define RTS_BOOTING    0x10   /* created, not started yet */
#define RTS_VMREQ      0x20   /* waiting for VM: a page fault or a range request */
#define RTS_SIGNAL     0x40   /* stopped by a signal, waiting for PM's decision (KC_SIGSEND lifts it) */
#define RTS_STOPPED    0x80   /* job control: stopped by SIGSTOP & co. until SIGCONT (PM) */

/* Kernel notification sources pending for a process (kernel_notify). */
#define KNOTIFY_CLOCK     0x1
#define KNOTIFY_HARDWARE  0x2

#define NR_SCHED_QUEUES 16    /* 0 is the highest priority */
#define USER_PRIORITY   8

struct proc {
	/* Saved state; touched by arch code on every entry and exit. */
	struct trapframe regs;
	struct fpu_state fpu;
	uint64_t as_root;              /* address space (PML4, physical) */

	/* Identity. */
	int slot;
	int gen;                       /* bumped when the slot is reused */
	endpoint_t endpoint;
	char name[PROC_NAME_LEN];
	uint32_t rts;

	/* Scheduling: the ready queues (sched.c) link through next_ready. */
	int priority;
	int quantum;                   /* ticks per turn */
	int ticks_left;
	struct proc *next_ready;
	uint64_t user_ticks;
	uint64_t sys_tsc;              /* TSC cycles spent in the kernel for it */

	/* IPC (ipc.c). */
	endpoint_t sendto;             /* RTS_SENDING: destination */
	endpoint_t getfrom;            /* RTS_RECEIVING: ANY, or whom */
	uint64_t msgbuf;               /* RTS_RECEIVING: user buffer to fill */
	bool in_sendrec;               /* the receive half of a sendrec is owed */
	message sendmsg;               /* RTS_SENDING: the message, copied in */
	struct proc *senders;          /* processes blocked sending to me, FIFO */
	struct proc *next_sender;
	uint64_t notify_pending[NR_PROCS / 64];   /* by sender slot */
	uint32_t kernel_notify;        /* KNOTIFY_* */
	uint64_t irq_pending;          /* hook bits for the HARDWARE notification */

	/* Kernel messages (kmsg.c). A process stopped for VM or PM carries the
	 * message about it in kmsg and waits in that server's queue
	 * (kmsg_server); as a server, a process owns the queue kq_head/kq_tail. */
	message kmsg;
	struct proc *kmsg_server;
	struct proc *kmsg_next;
	struct proc *kq_head, *kq_tail;

	/* Waiting for VM (vmreq.c). Either the syscall is re-executed when VM
	 * resumes us, or a message accepted for us (inbox) is written into
	 * our receive buffer then. */
	bool restart_syscall;
	bool inbox_full;
	message inbox;
	/* A message accepted for us while another address space was loaded
	 * (ipc_deliver): we are runnable (our receive is over, rax holds OK)
	 * and inbox is written into msgbuf just before we next run, with our
	 * own address space loaded (ipc_flush_inbox). Set only as we wake, so
	 * never while we are blocked: fork, exec and signal delivery, which
	 * need a blocked process or a user boundary, keep their meaning. */
	bool inbox_pending;

	/* Clock (clock.c): 0 = no alarm. */
	uint64_t alarm_at;

	/* Grants: the table the process published (grant.c). */
	uint64_t grant_table;
	uint32_t grant_count;

	struct priv_spec priv;

	/* How it ended (RTS_DEAD). fault_vec/fault_addr name the CPU fault
	 * behind the end: set by proc_end for END_FAULT, or earlier by
	 * proc_note_fault when a fault became the signal that stopped the
	 * process (they stay if that signal ends it). fault_vec -1: none. */
	int end_reason;                /* END_* */
	int64_t end_code;
	int fault_vec;
	uint64_t fault_addr;

	/* Signals (system/do_signal.c): PM wants to hear when p's current
	 * call is over; proc_unblock then stops p (RTS_SIGNAL) and reports. */
	bool sig_report;
	int fault_code;                /* VMCTL_SIGNAL's si_code (0: none), for PM_KSIG */
};

extern struct proc proc_table[NR_PROCS];

void proc_init(void);
struct proc *proc_alloc(int slot);           /* slot < 0: any free slot */
int proc_lookup(endpoint_t ep, struct proc **out);   /* OK, -EINVAL, -EDEADSRCDST */
struct proc *proc_by_name(const char *name);
void proc_block(struct proc *p, uint32_t rts_bit);
void proc_unblock(struct proc *p, uint32_t rts_bit);
void proc_end(struct proc *p, int reason, int64_t code, uint64_t addr);
void proc_reap(struct proc *p);
void proc_fault(struct proc *p, int vec, uint64_t err, uint64_t addr);
void proc_note_fault(struct proc *p, int vec, uint64_t addr);
void proc_info_fill(const struct proc *p, struct proc_info *out);
bool priv_may_call(const struct proc *p, int call);
bool priv_may_send(const struct proc *p, int slot);

static inline bool proc_alive(const struct proc *p)
{
	return !(p->rts & (RTS_SLOT_FREE | RTS_DEAD));
}

/* Kernel time is charged per CPU: from an entry on behalf of p until
 * this CPU leaves the kernel (inline: every entry and exit pays it). */
static inline void kernel_enter(struct proc *p)
{
	struct cpu *c = this_cpu();
	c->entered_by = p;
	c->entered_at = rdtsc();
}

static inline void kernel_leave(void)
{
	struct cpu *c = this_cpu();
	if (c->entered_by && proc_alive(c->entered_by))
		c->entered_by->sys_tsc += rdtsc() - c->entered_at;
	c->entered_by = NULL;
}

#include "copy.h"

#endif
