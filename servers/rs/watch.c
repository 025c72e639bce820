/*
 * Watching services (docs/rs.md, "Watching"): pings, pongs, ends and
 * restarts.
 *
 * Every RS_PING_TICKS RS notifies each running service and counts the
 * ping as missed until the service notifies back (sef_receive does that
 * for it). A service with RS_PING_MISSES unanswered pings is killed; its
 * end then comes like any other.
 *
 * An end: PM notifies RS (a system process's child ended) and RS collects
 * every ended child with waitpid(WNOHANG). A service RS brought down on
 * purpose (stopping) goes to RSS_DOWN; one that ended before it ever
 * answered a ping goes to RSS_DOWN too (a program that cannot start would
 * otherwise be restarted for ever); any other is started again at once,
 * under the same name in DS, unless it is in a crash loop (rs.h: the
 * back-off), when the ping alarm starts it later.
 */
#include "rs.h"
#include <quire/signal.h>

struct rservice services[RS_SERVICES];

static void restart(struct rservice *s);

struct rservice *rs_by_name(const char *name)
{
	for (int i = 0; i < RS_SERVICES; i++)
		if (services[i].used && !strcmp(services[i].conf.name, name))
			return &services[i];
	return NULL;
}

struct rservice *rs_by_ep(endpoint_t ep)
{
	for (int i = 0; i < RS_SERVICES; i++)
		if (services[i].used && services[i].ep == ep && ep != NONE)
			return &services[i];
	return NULL;
}

static struct rservice *by_pid(int pid)
{
	for (int i = 0; i < RS_SERVICES; i++)
		if (services[i].used && services[i].ep != NONE && services[i].pid == pid)
			return &services[i];
	return NULL;
}

static bool running(const struct rservice *s)
{
	return s->used && s->ep != NONE && (s->state == RSS_STARTING || s->state == RSS_UP);
}

/* The ping alarm runs only while some service runs: with none, RS costs
 * nothing. alarm_armed: a CLOCK notification is due. */
static bool alarm_armed;

void rs_pings_arm(void)
{
	if (!alarm_armed && sys_setalarm(RS_PING_TICKS, 0) == OK)
		alarm_armed = true;
}

void rs_ping_all(void)
{
	bool any = false;
	uint64_t now = sys_uptime();
	alarm_armed = false;
	for (int i = 0; i < RS_SERVICES; i++) {
		struct rservice *s = &services[i];
		if (s->used && s->state == RSS_RESTARTING && s->ep == NONE) {
			if (now >= s->restart_at)
				restart(s);
			any = true;
			continue;
		}
		if (!running(s) || s->stopping)
			continue;
		any = true;
		/* Before its first pong a service is still being exec'd (VFS
		 * reads the program from the disk): a longer budget. */
		int budget = s->state == RSS_STARTING ? RS_START_MISSES : RS_PING_MISSES;
		if (s->missed >= budget) {
			printf("rs: %s (endpoint %d) missed %d pings: killing it\n", s->conf.name,
			       s->ep, s->missed);
			sys_kill(s->ep, QSIGKILL);   /* its end comes from PM */
			continue;
		}
		s->missed++;
		ipc_notify(s->ep);
	}
	if (any)
		rs_pings_arm();
}

/* Services whose config names `changed` as an IPC target get their set
 * again: its endpoint (and maybe slot) is new. */
static void refresh_dependents(const struct rservice *changed)
{
	for (int i = 0; i < RS_SERVICES; i++) {
		struct rservice *s = &services[i];
		if (s == changed || !running(s) || !s->trimmed)
			continue;
		for (int k = 0; k < s->conf.nr_ipc; k++)
			if (!strcmp(s->conf.ipc[k], changed->conf.name)) {
				rs_final_privileges(s);
				break;
			}
	}
}

void rs_pong(endpoint_t from)
{
	struct rservice *s = rs_by_ep(from);
	if (!s || !running(s))
		return;
	s->missed = 0;
	if (s->trimmed)
		return;
	if (rs_final_privileges(s) != OK) {
		s->stopping = true;         /* it must not keep the exec set */
		sys_kill(s->ep, QSIGKILL);
		return;
	}
	s->state = RSS_UP;
	refresh_dependents(s);
}

/* Start s again now; on failure it is down. */
static void restart(struct rservice *s)
{
	s->restarts++;
	int r = rs_start(s);
	if (r != OK) {
		printf("rs: cannot restart %s: %d\n", s->conf.name, r);
		s->state = RSS_DOWN;
		ds_req_delete(s->conf.name);
	}
}

/* s ended by itself (not SIGKILL) soon after its start: how long to wait
 * before starting it again (0: at once). */
static uint64_t backoff(struct rservice *s, int status)
{
	bool killed = (status & 0x7f) == QSIGKILL;
	if (killed || sys_uptime() - s->up_ticks >= RS_STABLE_TICKS) {
		s->quick_ends = 0;
		return 0;
	}
	if (++s->quick_ends < 2)
		return 0;
	uint32_t shift = s->quick_ends - 2;
	if (shift > RS_BACKOFF_MAX_SHIFT)
		shift = RS_BACKOFF_MAX_SHIFT;
	return (uint64_t)RS_PING_TICKS << shift;
}

/* s (pid) ended with wait status `status`. */
void rs_ended(struct rservice *s, int status)
{
	bool came_up = s->state == RSS_UP;
	printf("rs: %s (pid %d) ended (status 0x%x)%s\n", s->conf.name, s->pid, status,
	       s->stopping ? "" : came_up ? ": restarting" : " before it came up");
	s->ep = NONE;
	s->pid = 0;
	if (s->stopping || !came_up) {
		s->state = RSS_DOWN;
		s->stopping = false;
		ds_req_delete(s->conf.name);
		return;
	}
	s->state = RSS_RESTARTING;
	uint64_t wait = backoff(s, status);
	if (wait == 0) {
		restart(s);
		return;
	}
	printf("rs: %s ended %u times in a row soon after starting: restart in %llu ticks\n",
	       s->conf.name, s->quick_ends, (unsigned long long)wait);
	s->delayed++;
	s->restart_at = sys_uptime() + wait;
	rs_pings_arm();
}

void rs_reap(void)
{
	for (;;) {
		int status = 0;
		int pid = pm_req_waitpid(-1, &status, WNOHANG);
		if (pid <= 0)
			return;
		struct rservice *s = by_pid(pid);
		if (s)
			rs_ended(s, status);
	}
}
