/*
 * The IPC fast path (kernel/ipc_fast.c) against the general path: the
 * same sequence of calls, once with the fast path off and once with it
 * on (DIAG_IPCFAST), must give the same results, the right ones: round
 * trips, sends to a waiting receiver, receives with nothing pending, and
 * every case the fast path must leave to the general path (a message
 * across a page boundary, in a read-only page, at a bad address; a
 * receive buffer in a page not yet there; replyrecv's send half refused
 * and its answer coming back; to itself, a stale, a bad or a forbidden endpoint; a
 * receiver that is busy; queued senders and notifications).
 */
#include "qtest.h"
#include "testproto.h"
#include <quire/mman.h>
#include "../../lib/libmini/mini_string.h"

#define MAX_OUT   160
#define N_PINGS   64

struct outcome {
	int r;                /* the call's result */
	int type;             /* what came back (0 if nothing did) */
	endpoint_t src;
	int64_t v;
};

static endpoint_t pong, spin, forbidden;
static struct outcome out[2][MAX_OUT];
static int n_out[2];

static void note(int mode, int r, const message *m)
{
	if (n_out[mode] >= MAX_OUT)
		return;
	struct outcome *o = &out[mode][n_out[mode]++];
	o->r = r;
	o->type = m ? m->m_type : 0;
	o->src = m ? m->m_source : 0;
	/* A notification's payload is the time: not part of the result. */
	o->v = m && m->m_type != NOTIFY_MESSAGE ? m->m_i64.i[0] : 0;
}

static int ping_at(message *m, endpoint_t to, int64_t v)
{
	memset(m, 0, sizeof(*m));
	m->m_type = TP_PING;
	m->m_i64.i[0] = v;
	return ipc_sendrec(to, m);
}

static char *map(size_t len, int prot)
{
	void *p = NULL;
	if (vm_req_mmap(0, NULL, len, prot, MAP_PRIVATE | MAP_ANON, -1, 0, &p, NULL) != OK)
		return NULL;
	return p;
}

/* One run of every case; the outcomes go to out[mode]. */
static void run(int mode)
{
	message m, *mp;
	int r;

	/* Round trips to a server that waits: the fast path's case. */
	for (int64_t i = 0; i < N_PINGS; i++) {
		r = ping_at(&m, pong, i * 7);
		note(mode, r, &m);
	}

	/* A message across a page boundary, in a page not yet present, in
	 * a read-only page, at bad addresses. */
	char *two = map(2 * 4096, PROT_READ | PROT_WRITE);
	char *fresh = map(2 * 4096, PROT_READ | PROT_WRITE);  /* untouched */
	char *ro = map(4096, PROT_READ);
	if (!two || !fresh || !ro) {
		note(mode, -12345, NULL);
		return;
	}
	mp = (message *)(two + 4096 - 24);
	r = ping_at(mp, pong, 100);
	note(mode, r, mp);
	r = _ipc_trap(IPC_SENDREC, pong, (message *)ro);
	note(mode, r, NULL);
	r = _ipc_trap(IPC_SENDREC, pong, (message *)0);
	note(mode, r, NULL);
	r = _ipc_trap(IPC_SENDREC, pong, (message *)0x00007FFFFFFFFFF8ULL);
	note(mode, r, NULL);
	r = _ipc_trap(IPC_SEND, pong, (message *)0x10);
	note(mode, r, NULL);
	r = _ipc_trap(IPC_RECEIVE, ANY, (message *)ro);
	note(mode, r, NULL);

	/* Endpoints the fast path must refuse to judge. */
	r = ping_at(&m, sef_self_endpoint, 1);
	note(mode, r, NULL);
	r = ping_at(&m, _ENDPOINT(_ENDPOINT_GEN(pong) + 1, _ENDPOINT_SLOT(pong)), 1);
	note(mode, r, NULL);
	r = ping_at(&m, _ENDPOINT(1, 4000), 1);
	note(mode, r, NULL);
	r = ping_at(&m, forbidden, 1);
	note(mode, r, NULL);

	/* send and sendnb to a waiting receiver (pong ignores the type),
	 * sendnb to one that never receives. */
	memset(&m, 0, sizeof(m));
	m.m_type = 0x7ff;
	r = ipc_send(pong, &m);
	note(mode, r, NULL);
	r = ipc_sendnb(pong, &m);
	note(mode, r, NULL);
	r = ipc_sendnb(spin, &m);
	note(mode, r, NULL);
	r = ping_at(&m, pong, 400);
	note(mode, r, &m);

	/* A queued sender: pong answers, then blocks sending to us. A send
	 * to it now would close a cycle. */
	memset(&m, 0, sizeof(m));
	m.m_type = TP_SEND_BACK;
	r = ipc_sendrec(pong, &m);
	note(mode, r, &m);
	struct proc_info pi;
	qtest_wait_state(pong, PS_BLOCKED, 50, &pi);
	r = ping_at(&m, pong, 1);
	note(mode, r, NULL);
	mp = (message *)fresh;           /* the kernel's copy brings it in */
	r = ipc_receive(ANY, mp);
	note(mode, r, mp);

	/* Pending notifications come before the receive blocks. */
	memset(&m, 0, sizeof(m));
	m.m_type = TP_NOTIFY3;
	r = ipc_sendrec(pong, &m);
	note(mode, r, &m);
	sef_sleep(3);
	memset(&m, 0, sizeof(m));
	r = ipc_receive(ANY, &m);
	note(mode, r, &m);
	sys_setalarm(2, 0);
	mp = (message *)(fresh + 4096);  /* nothing pending: it blocks, once VM has the page */
	r = ipc_receive(ANY, mp);
	note(mode, r, mp);

	/* replyrecv (a server's answer and its next receive): to one that
	 * never receives, a stale endpoint, itself, a forbidden one, from a
	 * read-only buffer: the send's error, nothing received. To pong,
	 * which waits: its answer comes back through the receive half. */
	endpoint_t stale = _ENDPOINT(_ENDPOINT_GEN(pong) + 1, _ENDPOINT_SLOT(pong));
	const endpoint_t refused[] = { spin, stale, sef_self_endpoint, forbidden };
	for (int i = 0; i < 4; i++) {
		memset(&m, 0, sizeof(m));
		m.m_type = 0x7ff;
		r = _ipc_trap(IPC_REPLYRECV, refused[i], &m);
		note(mode, r, &m);
	}
	r = _ipc_trap(IPC_REPLYRECV, pong, (message *)ro);
	note(mode, r, NULL);
	memset(&m, 0, sizeof(m));
	m.m_type = TP_PING;
	m.m_i64.i[0] = 500;
	r = _ipc_trap(IPC_REPLYRECV, pong, &m);
	note(mode, r, &m);

	vm_req_munmap(two, 2 * 4096);
	vm_req_munmap(fresh, 2 * 4096);
	vm_req_munmap(ro, 4096);
}

static bool same(const struct outcome *a, const struct outcome *b)
{
	return a->r == b->r && a->type == b->type && a->src == b->src && a->v == b->v;
}

int main(int argc, char **argv)
{
	pong = qtest_lookup("pong");
	spin = qtest_lookup("spin");
	forbidden = qtest_lookup("pong2");

	uint64_t was = 9, ignored, t[4] = { 0 };
	int r0 = sys_diagctl_ipcfast(0, &was);
	sys_diagctl_ipcfast(2, &t[0]);
	run(0);
	sys_diagctl_ipcfast(2, &t[1]);
	int r1 = sys_diagctl_ipcfast(1, &ignored);
	sys_diagctl_ipcfast(2, &t[2]);
	run(1);
	sys_diagctl_ipcfast(2, &t[3]);
	sys_diagctl_ipcfast((int)was, &ignored);
	uint64_t taken_slow = t[1] - t[0], taken_fast = t[3] - t[2];
	int bad_arg = sys_diagctl_ipcfast(3, &ignored);

	CHECK("switch_answers", r0 == OK && r1 == OK && was == 1 && bad_arg == -EINVAL,
	      "off %d (was %lu), on %d, bad argument %d", r0, (unsigned long)was, r1, bad_arg);
	CHECK("slow_run_takes_no_fast_path", taken_slow == 0, "%lu calls took it",
	      (unsigned long)taken_slow);
	/* Each ping is a sendrec, pong's answer and pong's next receive. */
	CHECK("fast_run_takes_fast_path", taken_fast >= 3 * N_PINGS, "%lu calls took it",
	      (unsigned long)taken_fast);

	int first_diff = -1;
	for (int i = 0; i < n_out[0] && first_diff < 0; i++)
		if (!same(&out[0][i], &out[1][i]))
			first_diff = i;
	const struct outcome *a = first_diff >= 0 ? &out[0][first_diff] : &out[0][0];
	const struct outcome *b = first_diff >= 0 ? &out[1][first_diff] : &out[1][0];
	CHECK("fast_equals_slow", n_out[0] == n_out[1] && first_diff < 0,
	      "%d and %d outcomes; #%d: slow r=%d type=%x src=%d v=%ld, fast r=%d type=%x src=%d v=%ld",
	      n_out[0], n_out[1], first_diff, a->r, a->type, a->src, (long)a->v,
	      b->r, b->type, b->src, (long)b->v);

	/* And both are right. */
	for (int mode = 0; mode < 2; mode++) {
		const struct outcome *o = out[mode];
		int bad = 0;
		for (int i = 0; i < N_PINGS; i++)
			if (o[i].r != OK || o[i].src != pong || o[i].v != i * 7 + 1)
				bad++;
		o += N_PINGS;
		static const int want_r[] = {
			OK, -EFAULT, -EFAULT, -EFAULT, -EFAULT, -EFAULT,
			-ELOCKED, -EDEADSRCDST, -EINVAL, -EPERM,
			OK, OK, -ENOTREADY, OK,
			OK, -ELOCKED, OK,
			OK, OK, OK,
			-ENOTREADY, -EDEADSRCDST, -ELOCKED, -EPERM, -EFAULT, OK,
		};
		int n_want = (int)(sizeof(want_r) / sizeof(want_r[0]));
		for (int i = 0; i < n_want; i++)
			if (o[i].r != want_r[i])
				bad++;
		bad += o[0].v != 101;             /* across a page */
		bad += o[13].v != 401;
		bad += o[16].type != TP_PING_BACK || o[16].src != pong;
		bad += o[18].type != NOTIFY_MESSAGE || o[18].src != pong;
		bad += o[19].type != NOTIFY_MESSAGE || o[19].src != CLOCK;
		for (int i = 20; i < 24; i++)     /* nothing received: the message as it was */
			bad += o[i].type != 0x7ff || o[i].src != 0;
		bad += o[25].type != TP_PING || o[25].src != pong || o[25].v != 501;
		bad += n_out[mode] != N_PINGS + n_want;
		CHECK(mode ? "fast_results_right" : "slow_results_right", bad == 0,
		      "%d wrong of %d", bad, n_out[mode]);
	}
	qtest_done();
}
