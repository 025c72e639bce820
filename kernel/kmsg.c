/*
 * Messages from the kernel to the VM server and PM.
 *
 * The kernel never blocks, so it cannot send: instead, the process a
 * message is about (a faulting process, one with a signal, one that
 * ended) carries the message in p->kmsg and waits in the server's queue.
 * The server receives it like any message, with m_source == KERNEL, which
 * no process can forge. A process is in at most one queue at a time.
 */
#include "kernel.h"
#include "proc.h"

struct proc *vm_proc;     /* the process with PRIV_VM, once booted */
struct proc *pm_proc;     /* the process with PRIV_PM */

static bool server_waits(const struct proc *s)
{
	return (s->rts & RTS_RECEIVING) && !(s->rts & RTS_VMREQ) && !s->in_sendrec &&
	       (s->getfrom == ANY || s->getfrom == KERNEL);
}

void kmsg_post(struct proc *server, struct proc *p)
{
	KASSERT(!p->kmsg_server);
	p->kmsg.m_source = KERNEL;
	p->kmsg_server = server;
	p->kmsg_next = NULL;
	if (server->kq_tail)
		server->kq_tail->kmsg_next = p;
	else
		server->kq_head = p;
	server->kq_tail = p;

	if (server_waits(server)) {
		message m;
		struct proc *q = kmsg_take(server, server->getfrom, &m);
		if (q && ipc_deliver(server, &m) != OK)
			kmsg_put_back(server, q);
	}
}

static void unlink(struct proc *server, struct proc *p)
{
	struct proc *prev = NULL;
	for (struct proc *q = server->kq_head; q; prev = q, q = q->kmsg_next) {
		if (q != p)
			continue;
		if (prev)
			prev->kmsg_next = p->kmsg_next;
		else
			server->kq_head = p->kmsg_next;
		if (server->kq_tail == p)
			server->kq_tail = prev;
		break;
	}
	p->kmsg_next = NULL;
	p->kmsg_server = NULL;
}

struct proc *kmsg_take(struct proc *server, endpoint_t src, message *m)
{
	if ((src != ANY && src != KERNEL) || !server->kq_head)
		return NULL;
	struct proc *p = server->kq_head;
	*m = p->kmsg;
	unlink(server, p);
	return p;
}

/* The server's buffer could not take it: first in line again. */
void kmsg_put_back(struct proc *server, struct proc *p)
{
	p->kmsg_server = server;
	p->kmsg_next = server->kq_head;
	server->kq_head = p;
	if (!server->kq_tail)
		server->kq_tail = p;
}

void kmsg_cancel(struct proc *p)
{
	if (p->kmsg_server)
		unlink(p->kmsg_server, p);
}

/* Stop p with signal sig and let PM decide what happens to it. */
void raise_signal(struct proc *p, int sig)
{
	if (!pm_proc || p == pm_proc || p == vm_proc) {
		proc_end(p, END_SIGNAL, sig, 0);
		return;
	}
	proc_block(p, RTS_SIGNAL);
	memset(&p->kmsg, 0, sizeof(p->kmsg));
	p->kmsg.m_type = PM_KSIG;
	p->kmsg.m_pm_kernel.ep = p->endpoint;
	p->kmsg.m_pm_kernel.sig = sig;
	p->kmsg.m_pm_kernel.code = p->fault_vec;       /* -1: not a CPU fault */
	p->kmsg.m_pm_kernel.addr = p->fault_vec >= 0 ? p->fault_addr : 0;
	p->kmsg.m_pm_kernel.si_code = p->fault_code;
	kmsg_post(pm_proc, p);
}
