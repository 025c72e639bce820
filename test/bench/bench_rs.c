/* The RS rows of bench (see bench.c for the metrics and how they are
 * reported). */
#include "bench.h"
#ifndef __linux__
#include <quire/rs.h>
#include <quire/ds.h>
#include <quire/kvs.h>
#endif

#define N_KVS       1000
#define N_RESTART   5

/*
 * kvs_roundtrip and rs_restart (Quire only): the example server of
 * docs/writing-a-server.md, started with RS. kvs_roundtrip is a KVS_GET
 * and its answer: the same two messages and two switches as one of RS's
 * heartbeat pings and its pong (which are notifications, cheaper still),
 * so the heartbeat costs at most this per service every RS_PING_TICKS.
 * rs_restart: from kill(SIGKILL) of kvs to the first request the new kvs
 * answers, found again through DS: RS's collection of the end, fork,
 * exec, privileges and DS publication, as a client sees them.
 */
#ifdef __linux__
void bench_rs(void)
{
	unsupported("kvs_roundtrip", "no RS in Linux");
	unsupported("rs_restart", "no RS in Linux");
}
#else
static int kvs_status(struct rs_status *out)
{
	static struct rs_status st[16];
	int n = rs_req_list(st, 16);
	for (int i = 0; i < n && i < 16; i++)
		if (!strcmp(st[i].name, "kvs")) {
			*out = st[i];
			return 0;
		}
	return -1;
}

/* Wait until kvs answered RS's first ping (a crash before that is not
 * restarted: docs/rs.md). */
static int kvs_wait_up(uint32_t restarts, struct rs_status *st)
{
	for (int i = 0; i < 2000; i++) {
		if (kvs_status(st) == 0 && st->state == RSS_UP && st->restarts == restarts)
			return 0;
		sched_yield();
	}
	return -1;
}

void bench_rs(void)
{
	static const struct rs_up_req req = { "/sbin/kvs", "kvs", "" };
	struct rs_status st;
	char val[KVS_VAL_MAX];
	endpoint_t ep;
	if (rs_req_up(&req, &ep) < 0 || kvs_wait_up(0, &st) < 0) {
		fail("kvs_roundtrip", "service up kvs");
		return;
	}
	for (int i = 0; i < N_KVS; i++) {
		uint64_t t0 = tsc();
		int r = kvs_req_get(st.ep, "k", val, sizeof(val));
		samples[i] = tsc() - t0;
		if (r != -ENOENT) {
			fail("kvs_roundtrip", "KVS_GET");
			rs_req_down("kvs");
			return;
		}
	}
	report("kvs_roundtrip", median(samples, N_KVS), "ticks");
	for (int i = 0; i < N_RESTART; i++) {
		if (kvs_wait_up((uint32_t)i, &st) < 0) {
			fail("rs_restart", "kvs did not come back");
			rs_req_down("kvs");
			return;
		}
		uint64_t t0 = tsc();
		kill(st.pid, SIGKILL);
		int tries = 0;
		while (++tries < 100000 &&
		       !(ds_req_lookup("kvs", &ep) == 0 && ep != st.ep &&
			 kvs_req_get(ep, "k", val, sizeof(val)) == -ENOENT))
			sched_yield();
		samples[i] = tsc() - t0;
		if (tries == 100000) {
			fail("rs_restart", "the restarted kvs never answered");
			rs_req_down("kvs");
			return;
		}
	}
	report("rs_restart", median(samples, N_RESTART), "ticks");
	rs_req_down("kvs");
}
#endif
