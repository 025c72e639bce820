/*
 * IPC: ping-pong, receive from a specific endpoint, notify coalescing,
 * send cycles, non-blocking send, dead and stale endpoints, bad message
 * pointers, unknown primitives.
 */
#include "qtest.h"
#include "testproto.h"
#include "../../lib/libmini/mini_string.h"

static endpoint_t pong, pong2;

static int ping(endpoint_t to, int64_t v, int64_t *reply)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = TP_PING;
	m.m_i64.i[0] = v;
	int r = ipc_sendrec(to, &m);
	if (r == OK && m.m_source != to)
		return -EINVAL;
	*reply = m.m_i64.i[0];
	return r;
}

static int request(endpoint_t to, int type)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = type;
	return ipc_sendrec(to, &m);
}

static void test_pingpong(void)
{
	int bad = 0;
	for (int64_t i = 0; i < 1000; i++) {
		int64_t reply;
		if (ping(pong, i, &reply) != OK || reply != i + 1)
			bad++;
	}
	CHECK("pingpong_1000", bad == 0, "%d of 1000 round trips wrong", bad);
}

static void test_receive_specific(void)
{
	int r1 = request(pong, TP_SEND_BACK);
	int r2 = request(pong2, TP_SEND_BACK);
	sef_sleep(2);          /* both helpers are now blocked sending to us */
	message m;
	int r3 = ipc_receive(pong2, &m);
	bool first_ok = r3 == OK && m.m_source == pong2 && m.m_type == TP_PING_BACK;
	int r4 = ipc_receive(pong, &m);
	bool second_ok = r4 == OK && m.m_source == pong && m.m_type == TP_PING_BACK;
	CHECK("receive_from_specific", r1 == OK && r2 == OK && first_ok && second_ok,
	      "requests %d %d, receive(pong2) %d ok=%d, receive(pong) %d ok=%d",
	      r1, r2, r3, first_ok, r4, second_ok);
}

static void test_notify_coalescing(void)
{
	int r = request(pong, TP_NOTIFY3);
	sef_sleep(3);          /* pong has sent its three notifications */
	message m;
	int r1 = ipc_receive(ANY, &m);
	bool got = r1 == OK && m.m_type == NOTIFY_MESSAGE && m.m_source == pong;
	/* A second receive must find nothing more from pong: the alarm's
	 * notification comes first. */
	sys_setalarm(2, 0);
	int r2 = ipc_receive(ANY, &m);
	bool coalesced = r2 == OK && m.m_source == CLOCK;
	CHECK("notify_coalesces", r == OK && got && coalesced,
	      "request %d, first receive %d (src %d type %x), second from %d",
	      r, r1, m.m_source, m.m_type, m.m_source);
}

static void test_send_cycle(void)
{
	int r = request(pong, TP_SEND_BACK);
	struct proc_info pi;
	int w = qtest_wait_state(pong, PS_BLOCKED, 50, &pi);
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = TP_PING;
	int s = ipc_send(pong, &m);      /* pong is sending to us: a cycle */
	CHECK("send_cycle_elocked", r == OK && w == OK && s == -ELOCKED,
	      "request %d, wait %d, send returned %d", r, w, s);
	int r2 = ipc_receive(pong, &m);  /* let pong go on */
	CHECK("cycle_partner_continues", r2 == OK && m.m_type == TP_PING_BACK,
	      "receive %d type %x", r2, m.m_type);
	CHECK("send_to_self_elocked", ipc_send(sef_self_endpoint, &m) == -ELOCKED, "no ELOCKED");
}

static void test_sendnb(void)
{
	endpoint_t spin = qtest_lookup("spin");
	message m;
	memset(&m, 0, sizeof(m));
	int r = ipc_sendnb(spin, &m);
	CHECK("sendnb_not_ready", r == -ENOTREADY, "sendnb returned %d", r);
}

static void test_dead_and_stale(void)
{
	endpoint_t victim = qtest_lookup("victim");
	int k = sys_kill(victim, 9);
	message m;
	memset(&m, 0, sizeof(m));
	int r = ipc_send(victim, &m);
	CHECK("send_to_dead_endpoint", k == OK && r == -EDEADSRCDST, "kill %d, send %d", k, r);

	endpoint_t stale = _ENDPOINT(_ENDPOINT_GEN(pong) + 1, _ENDPOINT_SLOT(pong));
	r = ipc_send(stale, &m);
	int r2 = ipc_sendrec(stale, &m);
	int r3 = ipc_notify(stale);
	CHECK("send_to_stale_endpoint", r == -EDEADSRCDST && r2 == -EDEADSRCDST && r3 == -EDEADSRCDST,
	      "send %d sendrec %d notify %d", r, r2, r3);

	r = ipc_send(_ENDPOINT(1, 4000), &m);
	CHECK("send_to_bad_endpoint", r == -EINVAL, "send returned %d", r);
}

static void test_bad_pointers(void)
{
	void *const bad[] = { (void *)0, (void *)0x10, (void *)0x00007FFFFFFFFFF8ULL,
			      (void *)0xFFFF800000000000ULL, (void *)0xFFFFFFFF80100000ULL };
	int wrong = 0;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (_ipc_trap(IPC_SEND, pong, bad[i]) != -EFAULT)
			wrong++;
		if (_ipc_trap(IPC_SENDREC, pong, bad[i]) != -EFAULT)
			wrong++;
		if (_ipc_trap(IPC_RECEIVE, ANY, bad[i]) != -EFAULT)
			wrong++;
		if (_ipc_trap(IPC_KERNELCALL, 0, bad[i]) != -EFAULT)
			wrong++;
	}
	int64_t reply = 0;
	int r = ping(pong, 41, &reply);
	CHECK("bad_message_pointer_efault", wrong == 0, "%d calls did not return EFAULT", wrong);
	CHECK("server_fine_after_bad_pointers", r == OK && reply == 42, "ping %d reply %ld", r, (long)reply);
}

static void test_bad_primitive(void)
{
	message m;
	int r = _ipc_trap(99, pong, &m);
	CHECK("unknown_primitive", r == -EBADCALL, "returned %d", r);
}

int main(int argc, char **argv)
{
	pong = qtest_lookup("pong");
	pong2 = qtest_lookup("pong2");
	test_pingpong();
	test_receive_specific();
	test_notify_coalescing();
	test_send_cycle();
	test_sendnb();
	test_dead_and_stale();
	test_bad_pointers();
	test_bad_primitive();
	qtest_done();
}
