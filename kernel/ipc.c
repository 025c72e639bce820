/*
 * The IPC primitives: send, receive, sendrec, notify, sendnb.
 *
 * A sender's message is copied into the kernel (p->sendmsg) when it
 * sends, so a bad sender buffer fails its own call with EFAULT at once. It
 * is copied out when a receiver takes it; if the receiver's buffer is bad,
 * the receiver's call fails with EFAULT and the message stays with the
 * sender, so nothing is lost.
 *
 * Blocking: a sender waits in the destination's `senders` FIFO with
 * RTS_SENDING; a receiver waits with RTS_RECEIVING and `getfrom`. A
 * sendrec is a send whose caller then waits (in_sendrec) for a message
 * from the same peer only; notifications are not delivered in between.
 *
 * Receive order: pending kernel notifications (HARDWARE, CLOCK), then
 * process notifications by slot, then senders in arrival order.
 */
#include <quire/callnr.h>
#include <arch/arch.h>
#include "kernel.h"
#include "proc.h"
#include "sched.h"

void ipc_wake(struct proc *p, uint32_t rts_bit, int result)
{
	arch_set_result(p, result);
	p->in_sendrec = false;
	proc_unblock(p, rts_bit);
}

/* Give m to receiver r, which waits for it, and make r runnable with OK.
 * The message is r's from now on. Into r's buffer at once when r's
 * address space is loaded; otherwise it waits in r's inbox until r is
 * about to run (ipc_flush_inbox), when the copy goes through r's own
 * addresses instead of a walk of its page tables. If the buffer needs VM
 * first, r waits for VM (vmreq.c). */
int ipc_deliver(struct proc *r, const message *m)
{
	if (!proc_loaded(r)) {
		r->inbox = *m;
		r->inbox_pending = true;
		ipc_wake(r, RTS_RECEIVING, OK);
		return OK;
	}
	int err = copy_to_proc(r, r->msgbuf, m, sizeof(*m));
	if (err == -EVMFAULT && vm_can_help(r, r)) {
		r->inbox = *m;
		vm_suspend_receiver(r);
		return OK;
	}
	if (err)
		return -EFAULT;
	ipc_wake(r, RTS_RECEIVING, OK);
	return OK;
}

/* p is about to run with a message in its inbox (ipc_deliver): write it
 * into p's receive buffer, p's address space loaded. False if p must
 * wait for VM first (it is blocked then; vm_resume finishes the copy). A
 * buffer that cannot be written at all turns p's result into EFAULT. */
bool ipc_flush_inbox(struct proc *p)
{
	p->inbox_pending = false;
	arch_load_as(p->as_root);
	int err = copy_to_proc(p, p->msgbuf, &p->inbox, sizeof(message));
	if (err == -EVMFAULT && vm_can_help(p, p)) {
		vm_suspend_receiver(p);
		return false;
	}
	if (err)
		arch_set_result(p, -EFAULT);
	return true;
}

static bool wants_from(const struct proc *r, endpoint_t src)
{
	return (r->rts & RTS_RECEIVING) && !(r->rts & RTS_VMREQ) &&
	       (r->getfrom == ANY || r->getfrom == src);
}

/* Would caller blocking on dst close a cycle of blocked senders? */
static bool send_cycle(const struct proc *caller, const struct proc *dst)
{
	const struct proc *p = dst;
	for (int hops = 0; hops < NR_PROCS && (p->rts & RTS_SENDING); hops++) {
		struct proc *next;
		if (proc_lookup(p->sendto, &next) != OK)
			return false;
		if (next == caller)
			return true;
		p = next;
	}
	return false;
}

static void senders_append(struct proc *dst, struct proc *s)
{
	struct proc **pp = &dst->senders;
	while (*pp)
		pp = &(*pp)->next_sender;
	s->next_sender = NULL;
	*pp = s;
}

static void senders_remove(struct proc *dst, struct proc *s)
{
	for (struct proc **pp = &dst->senders; *pp; pp = &(*pp)->next_sender) {
		if (*pp == s) {
			*pp = s->next_sender;
			s->next_sender = NULL;
			return;
		}
	}
}

static int do_send(struct proc *caller, endpoint_t dst_ep, uint64_t uaddr, bool block)
{
	struct proc *dst;
	int err = proc_lookup(dst_ep, &dst);
	if (err)
		return err;
	if (dst == caller)
		return -ELOCKED;
	if (!priv_may_send(caller, dst->slot))
		return -EPERM;
	int cerr = copy_from_proc(caller, uaddr, &caller->sendmsg, sizeof(message));
	if (cerr)
		return cerr;
	caller->sendmsg.m_source = caller->endpoint;

	if (wants_from(dst, caller->endpoint) && ipc_deliver(dst, &caller->sendmsg) == OK)
		return OK;
	if (!block)
		return -ENOTREADY;
	if (send_cycle(caller, dst))
		return -ELOCKED;
	caller->sendto = dst_ep;
	proc_block(caller, RTS_SENDING);
	senders_append(dst, caller);
	return SUSPEND;
}

/* The notification message from src, in m. */
static void notify_msg(message *m, endpoint_t src)
{
	memset(m, 0, sizeof(*m));
	m->m_type = NOTIFY_MESSAGE;
	m->m_source = src;
	m->m_notify.uptime = uptime;
}

/* Build the notification for the first pending source that src allows. */
static bool take_notification(struct proc *p, endpoint_t src, message *m)
{
	_Static_assert(NR_PROCS / 64 == 4, "the quick test below reads four words");
	if (!p->kernel_notify && !(p->notify_pending[0] | p->notify_pending[1] |
				   p->notify_pending[2] | p->notify_pending[3]))
		return false;                 /* nothing pending: the common case */
	if ((p->kernel_notify & KNOTIFY_HARDWARE) && (src == ANY || src == HARDWARE)) {
		p->kernel_notify &= ~KNOTIFY_HARDWARE;
		notify_msg(m, HARDWARE);
		m->m_notify.irqs = p->irq_pending;
		p->irq_pending = 0;
		return true;
	}
	if ((p->kernel_notify & KNOTIFY_CLOCK) && (src == ANY || src == CLOCK)) {
		p->kernel_notify &= ~KNOTIFY_CLOCK;
		notify_msg(m, CLOCK);
		return true;
	}
	for (int w = 0; w < NR_PROCS / 64; w++) {
		uint64_t bits = p->notify_pending[w];
		while (bits) {
			int b = __builtin_ctzll(bits);
			bits &= bits - 1;
			struct proc *s = &proc_table[w * 64 + b];
			if (src != ANY && src != s->endpoint)
				continue;
			p->notify_pending[w] &= ~(1ULL << b);
			notify_msg(m, s->endpoint);
			return true;
		}
	}
	return false;
}

/* Undo take_notification when the message could not be delivered. */
static void put_back_notification(struct proc *p, const message *m)
{
	if (m->m_source == HARDWARE) {
		p->kernel_notify |= KNOTIFY_HARDWARE;
		p->irq_pending |= m->m_notify.irqs;
	} else if (m->m_source == CLOCK) {
		p->kernel_notify |= KNOTIFY_CLOCK;
	} else {
		int s = _ENDPOINT_SLOT(m->m_source);
		p->notify_pending[s / 64] |= 1ULL << (s % 64);
	}
}

static int do_receive(struct proc *caller, endpoint_t src, uint64_t uaddr)
{
	if (src != ANY && src != HARDWARE && src != CLOCK && src != KERNEL) {
		struct proc *s;
		int err = proc_lookup(src, &s);
		if (err)
			return err;
		if (s == caller)
			return -ELOCKED;
	}
	int cerr = check_proc_range(caller, uaddr, sizeof(message), true);
	if (cerr)
		return cerr;

	message m;
	struct proc *about = caller->in_sendrec ? NULL : kmsg_take(caller, src, &m);
	if (about) {
		if (copy_to_proc(caller, uaddr, &m, sizeof(m))) {
			kmsg_put_back(caller, about);
			return -EFAULT;
		}
		return OK;
	}
	if (!caller->in_sendrec && take_notification(caller, src, &m)) {
		if (copy_to_proc(caller, uaddr, &m, sizeof(m))) {
			put_back_notification(caller, &m);
			return -EFAULT;
		}
		return OK;
	}
	for (struct proc *s = caller->senders; s; s = s->next_sender) {
		if (src != ANY && src != s->endpoint)
			continue;
		if (copy_to_proc(caller, uaddr, &s->sendmsg, sizeof(message)))
			return -EFAULT;
		senders_remove(caller, s);
		if (s->in_sendrec) {
			/* The sender's send half is done; it now waits for us. */
			s->rts &= ~RTS_SENDING;
			s->getfrom = caller->endpoint;
			s->rts |= RTS_RECEIVING;
		} else {
			ipc_wake(s, RTS_SENDING, OK);
		}
		return OK;
	}
	caller->getfrom = src;
	caller->msgbuf = uaddr;
	proc_block(caller, RTS_RECEIVING);
	return SUSPEND;
}

static int do_sendrec(struct proc *caller, endpoint_t dst, uint64_t uaddr)
{
	int cerr = check_proc_range(caller, uaddr, sizeof(message), true);
	if (cerr)
		return cerr;
	caller->msgbuf = uaddr;
	caller->in_sendrec = true;
	int r = do_send(caller, dst, uaddr, true);
	if (r == OK) {
		caller->getfrom = dst;
		proc_block(caller, RTS_RECEIVING);
		return SUSPEND;
	}
	if (r != SUSPEND)
		caller->in_sendrec = false;
	return r;
}

/* A server's answer, then its next request (IPC_REPLYRECV). The buffer
 * is checked for the answer's way back first, so that once the send is
 * done the receive cannot fail; from then on the call is a plain receive
 * (a restart for VM, or a wait, never sends again). */
static int do_replyrecv(struct proc *caller, endpoint_t dst, uint64_t uaddr)
{
	int r = check_proc_range(caller, uaddr, sizeof(message), true);
	if (!r)
		r = do_send(caller, dst, uaddr, false);
	if (r)
		return r;
	arch_set_syscall(caller, IPC_RECEIVE, ANY);
	return do_receive(caller, ANY, uaddr);
}

/* Deliver the notification at once if dst waits for it, else mark it
 * pending (pending marks coalesce: one bit per source). */
static void notify_deliver_or_pend(struct proc *dst, endpoint_t src)
{
	if (wants_from(dst, src) && !dst->in_sendrec) {
		message m;
		if (take_notification(dst, src, &m)) {
			if (ipc_deliver(dst, &m) == OK)
				return;
			put_back_notification(dst, &m);
			/* A bad receive buffer: the receiver learns at once. */
			ipc_wake(dst, RTS_RECEIVING, -EFAULT);
		}
	}
}

static int do_notify(struct proc *caller, endpoint_t dst_ep)
{
	struct proc *dst;
	int err = proc_lookup(dst_ep, &dst);
	if (err)
		return err;
	if (!priv_may_send(caller, dst->slot))
		return -EPERM;
	dst->notify_pending[caller->slot / 64] |= 1ULL << (caller->slot % 64);
	notify_deliver_or_pend(dst, caller->endpoint);
	return OK;
}

void notify_from_kernel(struct proc *dst, uint32_t knotify_bit)
{
	if (!proc_alive(dst))
		return;
	dst->kernel_notify |= knotify_bit;
	notify_deliver_or_pend(dst, knotify_bit == KNOTIFY_CLOCK ? CLOCK : HARDWARE);
}

void kernel_syscall(struct proc *p, uint64_t op, uint64_t a1, uint64_t a2)
{
	endpoint_t ep = (endpoint_t)a1;
	int r;
	switch (op) {
	case IPC_SEND:       r = do_send(p, ep, a2, true); break;
	case IPC_SENDNB:     r = do_send(p, ep, a2, false); break;
	case IPC_RECEIVE:    r = do_receive(p, ep, a2); break;
	case IPC_SENDREC:    r = do_sendrec(p, ep, a2); break;
	case IPC_NOTIFY:     r = do_notify(p, ep); break;
	case IPC_KERNELCALL: r = kernel_call(p, a2); break;
	case IPC_REPLYRECV:  r = do_replyrecv(p, ep, a2); break;
	default:             r = -EBADCALL; break;
	}
	if (r == -EVMFAULT)
		r = vm_suspend_syscall(p);
	if (r != SUSPEND && proc_alive(p))
		arch_set_result(p, r);
}

/* p has ended: nobody may stay blocked on it, and its slot's notification
 * bits must not outlive it (the slot's next occupant is someone else). */
void ipc_proc_gone(struct proc *p)
{
	if (p->rts & RTS_SENDING) {
		struct proc *dst;
		if (proc_lookup(p->sendto, &dst) == OK)
			senders_remove(dst, p);
	}
	p->senders = NULL;
	for (int i = 0; i < NR_PROCS; i++) {
		struct proc *q = &proc_table[i];
		q->notify_pending[p->slot / 64] &= ~(1ULL << (p->slot % 64));
		if (!proc_alive(q))
			continue;
		if ((q->rts & RTS_SENDING) && q->sendto == p->endpoint) {
			q->next_sender = NULL;
			ipc_wake(q, RTS_SENDING, -EDEADSRCDST);
		} else if ((q->rts & RTS_RECEIVING) && q->getfrom == p->endpoint) {
			ipc_wake(q, RTS_RECEIVING, -EDEADSRCDST);
		}
	}
}
