/*
 * RS, DS and the `service` tool (docs/rs.md): a service started at run
 * time, found through DS, killed and restarted under the same name,
 * brought down and up again; root only; the privileges of its config
 * block and no more; a hung service (no pongs) and a crashed one are
 * restarted. Waits poll RS's list a bounded number of times: they check
 * that a thing happened, not how fast.
 */
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <quire/rs.h>
#include <quire/ds.h>
#include <quire/ipc.h>

#include "ptest.h"
#include "asuser.h"
#include "rsprobe.h"

int __quire_sendrec(endpoint_t dst, message *m);

/* Run argv; its stdout into out (NUL-terminated); the exit status or -1. */
static int run(char *const argv[], char *out, size_t size)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	size_t n = 0;
	ssize_t r;
	char sink[256];
	while ((r = read(fds[0], out && n + 1 < size ? out + n : sink,
			 out && n + 1 < size ? size - 1 - n : sizeof(sink))) > 0)
		if (out && n + 1 < size)
			n += (size_t)r;
	if (out)
		out[n] = '\0';
	close(fds[0]);
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static int find(const char *name, struct rs_status *out)
{
	static struct rs_status st[32];
	int n = rs_req_list(st, 32);
	for (int i = 0; i < n && i < 32; i++)
		if (!strcmp(st[i].name, name)) {
			*out = st[i];
			return 0;
		}
	return -1;
}

static void nap(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	nanosleep(&ts, NULL);
}

/* Poll until name is up with `restarts` restarts (at most ~600 polls). */
static int wait_up(const char *name, uint32_t restarts, struct rs_status *st)
{
	for (int i = 0; i < 600; i++) {
		if (find(name, st) == 0 && st->state == RSS_UP && st->restarts == restarts)
			return 0;
		nap();
	}
	return -1;
}

static int probe(const char *name, int type, message *m)
{
	endpoint_t ep;
	int r = ds_req_lookup(name, &ep);
	if (r < 0)
		return r;
	memset(m, 0, sizeof(*m));
	m->m_type = type;
	r = __quire_sendrec(ep, m);
	return r < 0 ? r : m->m_type;
}

static int user_list(void)
{
	struct rs_status st[4];
	int n = rs_req_list(st, 4);
	return n >= 1 ? 0 : n < 0 ? -n : 1;
}

static int user_down(void)
{
	return -rs_req_down("kvs");
}

static int user_up(void)
{
	static struct rs_up_req req = { "/sbin/kvs", "kvs2", "" };
	return -rs_req_up(&req, NULL);
}

static void kvs_cycle(void)
{
	char out[512];
	char *up[] = { "/bin/service", "up", "/sbin/kvs", "-config", "kvs", NULL };
	char *put[] = { "/bin/kv", "put", "color", "blue", NULL };
	char *get[] = { "/bin/kv", "get", "color", NULL };
	char *list[] = { "/bin/service", "list", NULL };
	char *down[] = { "/bin/service", "down", "kvs", NULL };

	CHECK("service_up", run(up, out, sizeof(out)) == 0, "service up: %s", out);
	CHECK("kv_put", run(put, NULL, 0) == 0, "kv put failed");
	CHECK("kv_get", run(get, out, sizeof(out)) == 0 && !strcmp(out, "blue\n"), "got '%s'", out);
	struct rs_status st;
	CHECK("kvs_comes_up", wait_up("kvs", 0, &st) == 0, "state %d", st.state);
	CHECK("service_list", run(list, out, sizeof(out)) == 0 && strstr(out, "kvs") &&
	      strstr(out, " up "), "list: %s", out);

	/* SIGKILL: RS restarts it; DS maps the name to the new endpoint. */
	endpoint_t old = st.ep;
	CHECK("kill_kvs", kill(st.pid, SIGKILL) == 0, "%s", strerror(errno));
	CHECK("kvs_restarted", wait_up("kvs", 1, &st) == 0 && st.ep != old,
	      "state %d restarts %u ep %d (was %d)", st.state, st.restarts, st.ep, old);
	endpoint_t now = -1;
	CHECK("ds_new_endpoint", ds_req_lookup("kvs", &now) == 0 && now == st.ep,
	      "DS says %d, RS %d", now, st.ep);
	CHECK("kv_get_after_restart_empty", run(get, NULL, 0) == 1, "the store should be new");
	CHECK("kv_put_after_restart", run(put, NULL, 0) == 0, "kv put failed");
	CHECK("kv_get_after_restart", run(get, out, sizeof(out)) == 0 && !strcmp(out, "blue\n"),
	      "got '%s'", out);
	char *line = run(list, out, sizeof(out)) == 0 ? strstr(out, "\nkvs ") : NULL;
	char nm[32], state[16];
	int lep = 0, lpid = 0;
	unsigned restarts = 99;
	CHECK("list_restarts_1", line && sscanf(line + 1, "%31s %d %d %15s %u", nm, &lep, &lpid,
						state, &restarts) == 5 &&
	      restarts == 1 && lep == st.ep && !strcmp(state, "up"), "%s", out);

	char *restart[] = { "/bin/service", "restart", "kvs", NULL };
	old = st.ep;
	CHECK("service_restart", run(restart, out, sizeof(out)) == 0, "%s", out);
	CHECK("restarted_on_request", wait_up("kvs", 2, &st) == 0 && st.ep != old,
	      "state %d restarts %u", st.state, st.restarts);
	CHECK("kv_after_service_restart", run(get, NULL, 0) == 1 && run(put, NULL, 0) == 0,
	      "kv does not reach the new kvs");

	CHECK("user_may_list", as_user(user_list) == 0, "a user cannot list");
	CHECK("user_cannot_down", as_user(user_down) == EPERM, "not EPERM");
	CHECK("user_cannot_up", as_user(user_up) == EPERM, "not EPERM");

	/* down: the client gets a clean error, not a hang. */
	CHECK("service_down", run(down, NULL, 0) == 0, "service down failed");
	CHECK("kv_after_down", run(get, NULL, 0) == 2, "kv should say: not running");
	CHECK("ds_forgets", ds_req_lookup("kvs", NULL) == -ESRCH, "still in DS");
	CHECK("down_stays_down", find("kvs", &st) == 0 && st.state == RSS_DOWN, "state %d", st.state);
	CHECK("service_up_again", run(up, out, sizeof(out)) == 0, "%s", out);
	CHECK("kv_put_again", run(put, NULL, 0) == 0, "kv put failed");
	CHECK("kv_get_again", run(get, out, sizeof(out)) == 0 && !strcmp(out, "blue\n"), "'%s'", out);
	CHECK("up_twice_eexist", run(up, NULL, 0) == 1, "a second up should fail");
	CHECK("down_cleanup", rs_req_down("kvs") == 0, "down failed");
}

static void start_probe(const char *name, const char *args)
{
	struct rs_up_req req;
	memset(&req, 0, sizeof(req));
	strcpy(req.path, "/test/helpers/rsprobe");
	strcpy(req.name, name);
	strcpy(req.args, args);
	int r = rs_req_up(&req, NULL);
	CHECK(name, r == 0, "service up %s: %s", name, strerror(-r));
}

static void privileges(void)
{
	struct rs_status st;
	message m;
	start_probe("rsprobe", "");
	CHECK("probe_up", wait_up("rsprobe", 0, &st) == 0, "state %d", st.state);
	int r = probe("rsprobe", PROBE_TRY, &m);
	CHECK("probe_answers", r == 0, "%d", r);
	CHECK("no_irqctl_eperm", m.m_i64.i[0] == -EPERM, "irqctl: %lld", (long long)m.m_i64.i[0]);
	CHECK("no_ipc_pm_eperm", m.m_i64.i[1] == -EPERM, "send to pm: %lld", (long long)m.m_i64.i[1]);
	CHECK("no_port_0x71_eperm", m.m_i64.i[2] == -EPERM, "inb 0x71: %lld", (long long)m.m_i64.i[2]);
	CHECK("port_0x80_allowed", m.m_i64.i[3] == 0, "inb 0x80: %lld", (long long)m.m_i64.i[3]);

	start_probe("rsprobe_all", "x  y");
	CHECK("probe_all_up", wait_up("rsprobe_all", 0, &st) == 0, "state %d", st.state);
	r = probe("rsprobe_all", PROBE_TRY, &m);
	CHECK("probe_all_answers", r == 0, "%d", r);
	CHECK("all_allowed", m.m_i64.i[0] == 0 && m.m_i64.i[1] == 0 && m.m_i64.i[2] == 0 &&
	      m.m_i64.i[3] == 0, "%lld %lld %lld %lld", (long long)m.m_i64.i[0],
	      (long long)m.m_i64.i[1], (long long)m.m_i64.i[2], (long long)m.m_i64.i[3]);
	CHECK("args_given", m.m_i64.i[4] == 3, "argc %lld, not 3", (long long)m.m_i64.i[4]);
	CHECK("no_args", probe("rsprobe", PROBE_TRY, &m) == 0 && m.m_i64.i[4] == 1, "argc %lld",
	      (long long)m.m_i64.i[4]);

	/* A hang: no more pongs; RS kills it after RS_PING_MISSES pings. */
	endpoint_t old = st.ep;
	CHECK("hang_answers", probe("rsprobe", PROBE_HANG, &m) == 0, "no answer");
	CHECK("hung_restarted", wait_up("rsprobe", 1, &st) == 0 && st.ep != old,
	      "state %d restarts %u", st.state, st.restarts);
	/* The restarted one has the same (small) set. */
	r = probe("rsprobe", PROBE_TRY, &m);
	CHECK("restarted_same_privileges", r == 0 && m.m_i64.i[2] == -EPERM && m.m_i64.i[3] == 0,
	      "%d %lld", r, (long long)m.m_i64.i[2]);

	/* A crash (a fault inside the service). */
	r = probe("rsprobe_all", PROBE_CRASH, &m);
	CHECK("crash_no_answer", r < 0, "answered %d", r);
	CHECK("crashed_restarted", wait_up("rsprobe_all", 1, &st) == 0, "state %d restarts %u",
	      st.state, st.restarts);
	CHECK("crashed_answers", probe("rsprobe_all", PROBE_TRY, &m) == 0, "no answer");
	CHECK("crash_not_delayed", st.delayed == 0, "delayed %u", st.delayed);
	/* A crash loop: two more crashes, each right after the restart
	 * before it; at least the last restart is put off (rs.h: the
	 * back-off; whether the first crash counts depends on how long the
	 * probe ran before it), and the service does come back. */
	CHECK("crash_2", probe("rsprobe_all", PROBE_CRASH, &m) < 0, "answered");
	CHECK("crash_2_restarted", wait_up("rsprobe_all", 2, &st) == 0,
	      "state %d restarts %u delayed %u", st.state, st.restarts, st.delayed);
	uint32_t delayed = st.delayed;
	CHECK("crash_3", probe("rsprobe_all", PROBE_CRASH, &m) < 0, "answered");
	CHECK("crash_3_delayed_then_up", wait_up("rsprobe_all", 3, &st) == 0 &&
	      st.delayed == delayed + 1, "state %d restarts %u delayed %u (was %u)", st.state,
	      st.restarts, st.delayed, delayed);

	CHECK("probe_down", rs_req_down("rsprobe") == 0, "down failed");
}

/* DS's rules for a system process, and its subscriptions: the probe
 * (a service, so a system process) watches "kv*" while kvs restarts and
 * goes down. */
static void ds_events(void)
{
	struct rs_status st;
	message m;
	struct rs_up_req req = { "/sbin/kvs", "kvs", "" };
	CHECK("ds_kvs_up", rs_req_up(&req, NULL) == 0 && wait_up("kvs", 0, &st) == 0, "no kvs");
	CHECK("ds_probe_answers", probe("rsprobe_all", PROBE_DS, &m) == 0, "no answer");
	CHECK("ds_taken_name_eexist", m.m_i64.i[0] == -EEXIST, "%lld", (long long)m.m_i64.i[0]);
	CHECK("ds_publish_self", m.m_i64.i[1] == 0, "%lld", (long long)m.m_i64.i[1]);
	CHECK("ds_publish_other_eperm", m.m_i64.i[2] == -EPERM, "%lld", (long long)m.m_i64.i[2]);
	CHECK("ds_subscribe", m.m_i64.i[3] == 0, "%lld", (long long)m.m_i64.i[3]);
	endpoint_t ep = -1;
	CHECK("ds_lookup_published", ds_req_lookup("rsprobe_extra", &ep) == 0, "not found");
	CHECK("ds_user_subscribe_eperm", ds_req_subscribe("kvs") == -EPERM, "not EPERM");

	CHECK("ds_kill_kvs", kill(st.pid, SIGKILL) == 0, "%s", strerror(errno));
	CHECK("ds_kvs_restarted", wait_up("kvs", 1, &st) == 0, "state %d", st.state);
	int r = probe("rsprobe_all", PROBE_EVENTS, &m);
	CHECK("ds_told_of_restart", r == 0 && m.m_i64.i[0] >= 1 && m.m_i64.i[1] == st.ep,
	      "%d: %lld events, last %lld, kvs is %d", r, (long long)m.m_i64.i[0],
	      (long long)m.m_i64.i[1], st.ep);
	CHECK("ds_kvs_down", rs_req_down("kvs") == 0, "down failed");
	r = probe("rsprobe_all", PROBE_EVENTS, &m);
	CHECK("ds_told_of_delete", r == 0 && m.m_i64.i[1] == NONE, "%d: last %lld", r,
	      (long long)m.m_i64.i[1]);
	CHECK("probe_all_down", rs_req_down("rsprobe_all") == 0, "down failed");
	CHECK("ds_dead_name_esrch", ds_req_lookup("rsprobe_extra", NULL) == -ESRCH,
	      "the name of an ended process still resolves");
}

static void refusals(void)
{
	struct rs_up_req req;
	memset(&req, 0, sizeof(req));
	strcpy(req.path, "/sbin/nonexistent");
	strcpy(req.name, "kvs");
	CHECK("up_missing_program", rs_req_up(&req, NULL) == -ENOENT, "not ENOENT");
	strcpy(req.path, "/sbin/kvs");
	strcpy(req.name, "noconfig");
	CHECK("up_missing_config", rs_req_up(&req, NULL) == -ENOENT, "not ENOENT");
	strcpy(req.name, "vfs");
	CHECK("up_boot_name_eexist", rs_req_up(&req, NULL) == -EEXIST, "not EEXIST");
	strcpy(req.name, "bad name");
	CHECK("up_bad_name", rs_req_up(&req, NULL) == -EINVAL, "not EINVAL");
	CHECK("down_unknown", rs_req_down("nothing") == -ESRCH, "not ESRCH");
	strcpy(req.path, "/test/helpers/rsprobe");
	static const char *const greedy[] = { "rsprobe_greedy", "rsprobe_greedy2", "rsprobe_greedy3" };
	for (int i = 0; i < 3; i++) {
		strcpy(req.name, greedy[i]);
		int r = rs_req_up(&req, NULL);
		CHECK(greedy[i], r == -EPERM, "more than RS holds: %d, not EPERM", r);
	}
	strcpy(req.path, "/sbin/kvs");
	CHECK("up_bad_address_efault", rs_req_up((const struct rs_up_req *)16, NULL) == -EFAULT,
	      "not EFAULT");
	CHECK("ds_publish_user_eperm", ds_req_publish("mine", getpid()) == -EPERM, "not EPERM");
}

int main(void)
{
	PTEST_BEGIN("t_rs");
	refusals();
	kvs_cycle();
	privileges();
	ds_events();
	return ptest_done();
}
