/*
 * The IPC fast path: the common halves of a call to a server, taken
 * straight from the system-call entry without the general dispatch
 * (ipc.c, kernel_syscall):
 *
 *   sendrec to a process blocked in receive (from ANY or from the caller):
 *     the request moves into the server's inbox, the server wakes, the
 *     caller waits for the answer;
 *   send or sendnb to a process blocked in receive (the server's answer
 *     to a client in the receive half of its sendrec):
 *     the answer moves into the client's inbox, the client wakes;
 *   receive from ANY with nothing waiting for the caller (no kernel
 *     message, notification or sender): the caller blocks;
 *   replyrecv: the send half, then the receive half, as above.
 *
 * The message goes from the sender's own addresses (its address space
 * is loaded) into the receiver's inbox; the scheduler writes it into the
 * receiver's buffer when it switches to it (ipc_flush_inbox), through the
 * receiver's own addresses. No page table is walked by software.
 *
 * The rule that keeps it honest: every condition the general path
 * checks is checked here before anything changes, and when one is not
 * met, or the sender's buffer is not plainly there (a page fault, a
 * buffer that crosses a page, a receiver that waits for VM or has a
 * signal to report), the fast path returns false having changed nothing
 * and the general path runs the call from the start. So every error,
 * every wait and every rare case has one implementation, the general
 * path's; what the fast path commits is what the general path would
 * commit for the same call, in the same order. One exception: a
 * replyrecv whose answer went out by the fast path becomes a plain
 * receive (arch_set_syscall), which the general path then runs when the
 * fast path cannot: exactly what do_replyrecv does after its send.
 * t_ipcfast runs the same calls with the fast path on and off
 * (DIAG_IPCFAST) and compares.
 */
#include <quire/callnr.h>
#include <arch/arch.h>
#include "kernel.h"
#include "proc.h"

_Static_assert(NR_PROCS / 64 == 4, "the receive case reads four words of notify_pending");

bool ipc_fast_enabled = true;
uint64_t ipc_fast_taken;

/* The live process ep names, blocked in receive and wanting a message
 * from caller, which may send to it: what wants_from and the checks of
 * do_send ask, for a receiver with nothing else to do first. */
static struct proc *waiting_receiver(const struct proc *caller, endpoint_t ep)
{
	if (ep < 0 || _ENDPOINT_SLOT(ep) >= NR_PROCS)
		return NULL;
	struct proc *r = &proc_table[_ENDPOINT_SLOT(ep)];
	/* rts == RTS_RECEIVING exactly: alive, not waiting for VM, not
	 * stopped; a receive half of a sendrec waits for one peer only. */
	if (r->endpoint != ep || r->rts != RTS_RECEIVING || r == caller || r->sig_report)
		return NULL;
	if (r->getfrom != ANY && r->getfrom != caller->endpoint)
		return NULL;
	if (!(caller->priv.ipc_to[r->slot / 64] & (1ULL << (r->slot % 64))))
		return NULL;
	return r;
}

/* Copy the caller's message at uaddr into r's inbox. The caller's buffer
 * must lie in one page of its loaded address space; a sendrec's must be
 * writable too (the answer comes back into it). False if it is not so
 * (nothing changed that matters: r's inbox is unused while r waits). */
static bool take_message(struct proc *caller, uint64_t uaddr, bool write, struct proc *r)
{
	if (!proc_loaded(caller) || !user_range_ok(uaddr, sizeof(message)) ||
	    user_page_left(uaddr) < sizeof(message))
		return false;
	if (write && arch_user_probe((void *)uaddr, true))
		return false;
	if (arch_user_copy(&r->inbox, (void *)uaddr, sizeof(message)))
		return false;
	r->inbox.m_source = caller->endpoint;
	return true;
}

/* r waits for the message now in its inbox: it is r's (ipc_deliver). */
static void deliver_inbox(struct proc *r)
{
	r->inbox_pending = true;
	ipc_wake(r, RTS_RECEIVING, OK);
}

/* A receive from ANY with nothing waiting for the caller (do_receive's
 * order: kernel messages, notifications, senders; with none it blocks). */
static bool fast_receive(struct proc *caller, uint64_t uaddr)
{
	if (caller->kq_head || caller->senders || caller->kernel_notify ||
	    (caller->notify_pending[0] | caller->notify_pending[1] |
	     caller->notify_pending[2] | caller->notify_pending[3]))
		return false;
	if (!proc_loaded(caller) || !user_range_ok(uaddr, sizeof(message)) ||
	    user_page_left(uaddr) < sizeof(message) || arch_user_probe((void *)uaddr, true))
		return false;
	caller->getfrom = ANY;
	caller->msgbuf = uaddr;
	proc_block(caller, RTS_RECEIVING);
	ipc_fast_taken++;
	return true;
}

/* The send half of sendrec, send, sendnb and replyrecv to a receiver
 * that waits: the message moves into its inbox and it wakes. */
static bool fast_send(struct proc *caller, endpoint_t ep, uint64_t uaddr, bool write)
{
	struct proc *r = waiting_receiver(caller, ep);
	if (!r || !take_message(caller, uaddr, write, r))
		return false;
	deliver_inbox(r);
	ipc_fast_taken++;
	return true;
}

bool ipc_fast_call(struct proc *caller, uint64_t op, endpoint_t ep, uint64_t uaddr)
{
	switch (op) {
	case IPC_SENDREC:
		if (!fast_send(caller, ep, uaddr, true))
			return false;
		caller->msgbuf = uaddr;
		caller->in_sendrec = true;
		caller->getfrom = ep;
		proc_block(caller, RTS_RECEIVING);
		return true;
	case IPC_SEND:
	case IPC_SENDNB:
		if (!fast_send(caller, ep, uaddr, false))
			return false;
		arch_set_result(caller, OK);
		return true;
	case IPC_REPLYRECV:
		if (!fast_send(caller, ep, uaddr, true))
			return false;
		/* The answer has gone: what is left is a plain receive
		 * (do_replyrecv does the same). If it cannot be taken here,
		 * the general path runs that receive. */
		arch_set_syscall(caller, IPC_RECEIVE, ANY);
		return fast_receive(caller, uaddr);
	case IPC_RECEIVE:
		return ep == ANY && fast_receive(caller, uaddr);
	default:
		return false;
	}
}
