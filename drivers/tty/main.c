/*
 * tty: the serial console (COM1) as character device minor 0.
 *
 * Input is interrupt driven: the UART raises IRQ 4 when its receive FIFO
 * holds data, the kernel turns it into a HARDWARE notification, and we
 * drain the FIFO into the line discipline (ldisc.c), which echoes and
 * edits. Output is polled: wait for the transmitter to be empty, then
 * write up to a FIFO's worth of bytes (the UART itself: uart.c).
 *
 * VFS is the only client (chardev.h). A read that finds no complete line
 * is answered CDEV_SUSPENDED and kept here; when input completes it we
 * copy the data, queue its result and notify VFS, which collects results
 * with CDEV_STATUS. We never block on VFS: every answer is ipc_sendnb.
 *
 * select/poll (CDEV_SELECT): readable when a read would complete now
 * (ld_readable: a whole line or end of file in cooked mode, any byte in
 * raw mode), always writable (output is polled out at once). Asked with
 * CDEV_SEL_NOTIFY while not readable, we remember it (sel_want); when
 * input makes the terminal readable we queue one select event
 * (sel_ready), notify VFS, and hand the event over at its CDEV_STATUS.
 *
 * Job control: a user outside the foreground group that reads, writes
 * while TOSTOP is set (TTY_SETFLAGS), or changes the terminal (mode,
 * flags, foreground group, flush, drain) is PM's to judge (PM_BGTTY with
 * SIGTTIN or SIGTTOU, docs/signals.md): we answer its EIO or ERESTART.
 *
 * The foreground process group (TTY_SETPGRP, tcsetpgrp) gets ^C (SIGINT),
 * ^Z (SIGTSTP) and ^\ (SIGQUIT), the whole group through PM. Without one,
 * ^C and ^\ signal the job an interactive shell says it runs in the
 * foreground (TTY_SETFG, a pid) and the most recent reader of the
 * terminal unless that is the shell itself; ^Z then does nothing (it
 * would stop the shell).
 */
#include <quire/syslib.h>
#include <quire/endpoints.h>
#include <quire/signal.h>
#include "../../lib/libmini/mini_string.h"
#include "ldisc.h"
#include "uart.h"

#define NR_RQ        32                /* reads waiting or finished, not collected */
#define WRITE_CHUNK  512

static struct ldisc ld;
static endpoint_t foreground = NONE;   /* user of the most recent CDEV_READ */
static int fg_pid;                     /* TTY_SETFG: the job a shell runs now, or 0 */
static endpoint_t fg_setter = NONE;    /* the shell that set it */
static int fg_pgrp;                    /* TTY_SETPGRP: the foreground process group, or 0 */
static int tty_flags;                  /* TTY_SETFLAGS: TTY_F_* */
static int sel_want;                   /* CDEV_SEL_RD: VFS waits to hear it is readable */
static int sel_ready;                  /* a select event for VFS's next CDEV_STATUS */

enum { RQ_FREE, RQ_WAITING, RQ_DONE };

/* A suspended read, and then its result until VFS collects it. */
static struct rq {
	int state;
	int32_t id;                        /* VFS's request id */
	cp_grant_id_t grant;
	uint64_t size;
	endpoint_t user;
	uint64_t seq;                      /* arrival order, then completion order */
	int32_t result;
} rqs[NR_RQ];
static uint64_t rq_seq;

static void echo(void *arg, const char *s, size_t n)
{
	uart_write(s, n, false);
}

/* ---- reads ---------------------------------------------------------- */

static struct rq *oldest(int state)
{
	struct rq *best = NULL;
	for (int i = 0; i < NR_RQ; i++)
		if (rqs[i].state == state && (!best || rqs[i].seq < best->seq))
			best = &rqs[i];
	return best;
}

static struct rq *rq_alloc(void)
{
	for (int i = 0; i < NR_RQ; i++)
		if (rqs[i].state == RQ_FREE)
			return &rqs[i];
	return NULL;
}

/* Give a read what the line discipline has for it: bytes (0 at end of
 * file) or a copy error, in which case the input stays queued. */
static int deliver(cp_grant_id_t grant, uint64_t size)
{
	static char buf[LD_BUFSZ];
	size_t max = size < sizeof(buf) ? (size_t)size : sizeof(buf);
	size_t entries;
	size_t n = ld_peek(&ld, buf, max, &entries);
	if (n > 0) {
		int r = sys_safecopyto(VFS_PROC_NR, grant, 0, (vir_bytes)buf, n);
		if (r != OK)
			return r;
	}
	ld_consume(&ld, entries);
	return (int)n;
}

/* Input was committed: complete waiting reads, oldest first, while
 * there is input for them; then, if input is left and VFS waits to hear
 * of it, a select event. Tell VFS if either happened. */
static void complete_reads(void)
{
	bool any = false;
	struct rq *r;
	while (ld_readable(&ld) && (r = oldest(RQ_WAITING)) != NULL) {
		r->result = deliver(r->grant, r->size);
		r->state = RQ_DONE;
		r->seq = ++rq_seq;
		any = true;
	}
	if ((sel_want & CDEV_SEL_RD) && ld_readable(&ld)) {
		sel_want &= ~CDEV_SEL_RD;
		sel_ready |= CDEV_SEL_RD;
		any = true;
	}
	if (any)
		ipc_notify(VFS_PROC_NR);
}

/* A user outside the foreground group: PM stops its group with sig, or
 * says EIO, or lets it go on (OK). No foreground group: no job control. */
static int job_check(endpoint_t user, int sig)
{
	if (fg_pgrp <= 0)
		return OK;
	int r = pm_req_bgtty(user, fg_pgrp, sig);
	return r == -EIO || r == -ERESTART ? r : OK;
}

static int do_read(message *m)
{
	mess_cdev *c = &m->m_cdev;
	if (c->minor != 0)
		return -ENXIO;
	foreground = c->user;
	int t = job_check(c->user, QSIGTTIN);
	if (t != OK)
		return t;
	if (c->size == 0)
		return 0;
	/* Earlier reads wait only while there is no input: take our turn. */
	if (ld_readable(&ld) && !oldest(RQ_WAITING))
		return deliver(c->grant, c->size > VFS_IO_MAX ? VFS_IO_MAX : c->size);
	if (c->flags & CDEV_NONBLOCK)
		return -EAGAIN;
	struct rq *r = rq_alloc();
	if (!r)
		return -EBUSY;
	r->state = RQ_WAITING;
	r->id = c->id;
	r->grant = c->grant;
	r->size = c->size > VFS_IO_MAX ? VFS_IO_MAX : c->size;
	r->user = c->user;
	r->seq = ++rq_seq;
	return CDEV_SUSPENDED;
}

static int do_cancel(message *m)
{
	for (int i = 0; i < NR_RQ; i++)
		if (rqs[i].state != RQ_FREE && rqs[i].id == m->m_cdev.id)
			rqs[i].state = RQ_FREE;
	return OK;
}

/* CDEV_SELECT: what is ready now; remember to tell VFS when a read
 * becomes possible if it asks. Writes never wait. */
static int do_select(message *m)
{
	mess_cdev *c = &m->m_cdev;
	if (c->minor != 0)
		return -ENXIO;
	int ops = c->ops, ready = ops & CDEV_SEL_WR;
	if ((ops & CDEV_SEL_RD) && ld_readable(&ld))
		ready |= CDEV_SEL_RD;
	if ((ops & CDEV_SEL_NOTIFY) && (ops & CDEV_SEL_RD) && !(ready & CDEV_SEL_RD))
		sel_want |= CDEV_SEL_RD;
	return ready;
}

/* A select event first, then one finished read per request, oldest first. */
static int do_status(message *m)
{
	if (sel_ready) {
		m->m_cdev.minor = 0;
		m->m_cdev.ops = sel_ready;
		sel_ready = 0;
		return CDEV_SEL_REPLY;
	}
	struct rq *r = oldest(RQ_DONE);
	if (!r)
		return CDEV_NO_STATUS;
	m->m_cdev.minor = 0;
	m->m_cdev.id = r->id;
	m->m_cdev.result = r->result;
	m->m_cdev.user = r->user;
	r->state = RQ_FREE;
	return CDEV_REPLY;
}

/* ---- writes, ioctls, open and close ----------------------------------- */

static int do_write(message *m)
{
	mess_cdev *c = &m->m_cdev;
	if (c->minor != 0)
		return -ENXIO;
	if (tty_flags & TTY_F_TOSTOP) {
		int t = job_check(c->user, QSIGTTOU);
		if (t != OK)
			return t;
	}
	static char buf[WRITE_CHUNK];
	uint64_t size = c->size > VFS_IO_MAX ? VFS_IO_MAX : c->size, done = 0;
	while (done < size) {
		size_t n = size - done < WRITE_CHUNK ? (size_t)(size - done) : WRITE_CHUNK;
		int r = sys_safecopyfrom(VFS_PROC_NR, c->grant, done, (vir_bytes)buf, n);
		if (r != OK)
			return done ? (int)done : r;
		uart_write(buf, n, true);
		done += n;
	}
	return (int)done;
}

/* The ioctls that change the terminal: SIGTTOU from the background. */
static bool changes_terminal(uint64_t request)
{
	return request == TTY_SETMODE || request == TTY_SETPGRP || request == TTY_SETFLAGS ||
	       request == TTY_FLUSH || request == TTY_DRAIN;
}

static int do_ioctl(message *m)
{
	mess_cdev *c = &m->m_cdev;
	if (c->minor != 0)
		return -ENXIO;
	int mode, r, ev;
	if (changes_terminal(c->size)) {
		r = job_check(c->user, QSIGTTOU);
		if (r != OK)
			return r;
	}
	switch (c->size) {
	case TTY_GETMODE:
		mode = ld.mode;
		return sys_safecopyto(VFS_PROC_NR, c->grant, 0, (vir_bytes)&mode, sizeof(mode));
	case TTY_SETFG:
		r = sys_safecopyfrom(VFS_PROC_NR, c->grant, 0, (vir_bytes)&mode, sizeof(mode));
		if (r != OK)
			return r;
		if (mode < 0)
			return -EINVAL;
		fg_pid = mode;
		fg_setter = c->user;
		return OK;
	case TTY_GETPGRP:
		return sys_safecopyto(VFS_PROC_NR, c->grant, 0, (vir_bytes)&fg_pgrp, sizeof(fg_pgrp));
	case TTY_SETPGRP:
		r = sys_safecopyfrom(VFS_PROC_NR, c->grant, 0, (vir_bytes)&mode, sizeof(mode));
		if (r != OK)
			return r;
		if (mode < 0)
			return -EINVAL;
		fg_pgrp = mode;
		return OK;
	case TTY_GETFLAGS:
		return sys_safecopyto(VFS_PROC_NR, c->grant, 0, (vir_bytes)&tty_flags, sizeof(tty_flags));
	case TTY_SETFLAGS:
		r = sys_safecopyfrom(VFS_PROC_NR, c->grant, 0, (vir_bytes)&mode, sizeof(mode));
		if (r != OK)
			return r;
		if (mode & ~TTY_F_TOSTOP)
			return -EINVAL;
		tty_flags = mode;
		return OK;
	case TTY_FLUSH:
		r = sys_safecopyfrom(VFS_PROC_NR, c->grant, 0, (vir_bytes)&mode, sizeof(mode));
		if (r != OK)
			return r;
		if (mode & ~(TTY_FLUSH_IN | TTY_FLUSH_OUT) || !mode)
			return -EINVAL;
		if (mode & TTY_FLUSH_IN)
			ld_flush(&ld);
		return OK;                     /* output: nothing is ever queued */
	case TTY_DRAIN:
		return OK;                     /* output is written before a write returns */
	case TTY_SETMODE:
		r = sys_safecopyfrom(VFS_PROC_NR, c->grant, 0, (vir_bytes)&mode, sizeof(mode));
		if (r != OK)
			return r;
		if (!ld_setmode(&ld, mode, &ev))
			return -EINVAL;
		if (ev & LD_EV_DATA)
			complete_reads();
		return OK;
	default:
		return -ENOTTY;
	}
}

static int do_open(message *m)
{
	return m->m_cdev.minor == 0 ? OK : -ENXIO;
}

/* ---- input ---------------------------------------------------------- */

static void kill_one(int pid, endpoint_t ep, int sig)
{
	int r = pm_req_kill(pid, ep, sig);           /* pid 0: by endpoint; < 0: a group */
	if (r != OK && r != -ESRCH)
		printf("tty: signal %d to pid %d / endpoint %d failed: %d\n", sig, pid, ep, r);
}

/* ^C, ^\, ^Z: to the foreground process group. Without one (^C, ^\
 * only): to the job a shell said runs in the foreground (TTY_SETFG), and
 * to the last reader of the terminal unless that is the shell itself (so
 * "cat | cat" loses both); without a job, the last reader alone. */
static void signal_foreground(int sig)
{
	if (fg_pgrp > 0) {
		if (pm_req_kill(-fg_pgrp, NONE, sig) == -ESRCH)
			fg_pgrp = 0;                 /* the group is gone */
		else
			return;
	}
	if (sig == QSIGTSTP)
		return;
	if (fg_pid > 0)
		kill_one(fg_pid, NONE, sig);
	if (foreground != NONE && !(fg_pid > 0 && foreground == fg_setter))
		kill_one(0, foreground, sig);
}

/* Take every byte the UART holds. */
static void drain(void)
{
	int ev = 0;
	uint8_t c;
	while (uart_getc(&c))
		ev |= ld_input(&ld, c);
	if (ev & LD_EV_INTR)
		signal_foreground(QSIGINT);
	if (ev & LD_EV_QUIT)
		signal_foreground(QSIGQUIT);
	if (ev & LD_EV_SUSP)
		signal_foreground(QSIGTSTP);
	if (ev & LD_EV_DATA)
		complete_reads();
}

static void uart_interrupt(void)
{
	uart_ack();
	drain();
	sys_irqenable(TTY_IRQ);
	/* A byte that came after the last look but before the line was
	 * unmasked raises a new interrupt; taking it now only makes that one
	 * find the FIFO empty. */
	drain();
}

/* ---- the main loop --------------------------------------------------- */

/* Requests from VFS (include/quire/chardev.h): the answer, >= 0, -errno,
 * CDEV_SUSPENDED, or for CDEV_STATUS CDEV_REPLY / CDEV_NO_STATUS. */
typedef int (*tty_call)(message *m);

static const tty_call calls[CDEV_NR_CALLS] = {
	[CDEV_OPEN - CDEV_RQ_BASE]   = do_open,
	[CDEV_CLOSE - CDEV_RQ_BASE]  = do_open,     /* nothing to release */
	[CDEV_READ - CDEV_RQ_BASE]   = do_read,
	[CDEV_WRITE - CDEV_RQ_BASE]  = do_write,
	[CDEV_CANCEL - CDEV_RQ_BASE] = do_cancel,
	[CDEV_IOCTL - CDEV_RQ_BASE]  = do_ioctl,
	[CDEV_STATUS - CDEV_RQ_BASE] = do_status,
	[CDEV_SELECT - CDEV_RQ_BASE] = do_select,
	/* CDEV_REPLY, CDEV_NO_STATUS: answers, never requests */
};

int main(int argc, char **argv)
{
	ld_init(&ld, echo, NULL);
	uart_init();
	drain();                               /* typed before we started */
	printf("tty: serial console on COM1 (IRQ %d), minor 0\n", TTY_IRQ);
	for (;;) {
		message m;
		if (sef_receive(&m) != OK)
			continue;
		if (is_notify(m.m_type)) {
			if (m.m_source == HARDWARE && (m.m_notify.irqs & (1ULL << TTY_HOOK)))
				uart_interrupt();
			continue;
		}
		int call = m.m_type - CDEV_RQ_BASE, r;
		if (m.m_source != VFS_PROC_NR)
			r = -EPERM;
		else if (call >= 0 && call < CDEV_NR_CALLS && calls[call])
			r = calls[call](&m);
		else
			r = -ENOSYS;
		m.m_type = r;
		ipc_sendnb(m.m_source, &m);
	}
}
