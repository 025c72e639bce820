/*
 * The requests of the `service` tool (include/quire/rs.h). Changing a
 * service needs an effective uid of 0, which PM vouches for.
 */
#include "rs.h"
#include <quire/pm.h>
#include <quire/signal.h>
#include <quire/stat.h>

static int caller_is_root(endpoint_t ep)
{
	struct pm_cred c;
	int r = pm_req_proccred(ep, &c);
	if (r != OK)
		return r;
	return c.euid == 0 ? OK : -EPERM;
}

/* A NUL-terminated, non-empty name of [A-Za-z0-9_-] (it is a DS name and
 * a config block name). */
static int check_name(const char *name, size_t size)
{
	size_t n = strnlen(name, size);
	if (n == 0 || n == size)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return -EINVAL;
	}
	return OK;
}

int do_up(message *m)
{
	static struct rs_up_req req;
	int r = caller_is_root(m->m_source);
	if (r != OK)
		return r;
	if (m->m_rs.len != sizeof(req))
		return -EINVAL;
	/* Written first: after a fork RS's own pages are copy-on-write, and
	 * the try-first copy fails on a read-only destination (ucopy.c
	 * makes only the user's side present). */
	memset(&req, 0, sizeof(req));
	r = ucopy_from(m->m_source, m->m_rs.addr, &req, sizeof(req));
	if (r != OK)
		return r;
	if (check_name(req.name, sizeof(req.name)) || req.path[0] != '/' ||
	    strnlen(req.path, sizeof(req.path)) == sizeof(req.path) ||
	    strnlen(req.args, sizeof(req.args)) == sizeof(req.args))
		return -EINVAL;
	struct rservice *s = rs_by_name(req.name);
	if (s && s->state != RSS_DOWN)
		return -EEXIST;
	if (ds_req_lookup(req.name, NULL) == OK && !s)
		return -EEXIST;            /* a boot process's name */
	struct qstat st;
	r = vfs_req_stat(req.path, &st);
	if (r != OK)
		return r;
	for (int i = 0; i < RS_SERVICES && !s; i++)
		if (!services[i].used)
			s = &services[i];
	for (int i = 0; i < RS_SERVICES && !s; i++)
		if (services[i].state == RSS_DOWN)
			s = &services[i];      /* forget one brought down */
	if (!s)
		return -ENOSPC;
	struct rs_conf conf;
	r = rs_read_config(req.name, &conf);
	if (r != OK)
		return r;
	if (conf.pci_vendor) {
		printf("rs: %s: PCI devices are given only to boot drivers so far\n", req.name);
		return -ENOSYS;
	}
	memset(s, 0, sizeof(*s));
	s->conf = conf;
	strlcpy(s->path, req.path, sizeof(s->path));
	strlcpy(s->args, req.args, sizeof(s->args));
	s->ep = NONE;
	r = rs_start(s);
	if (r != OK) {
		s->used = false;
		return r;
	}
	s->used = true;
	m->m_rs.ep = s->ep;
	return OK;
}

/* Kill s and wait for PM to report its end (the kernel ends it at once,
 * so the wait is short; PM never waits for RS). */
static void kill_and_collect(struct rservice *s)
{
	int pid = s->pid, status = 0;
	sys_kill(s->ep, QSIGKILL);
	if (pm_req_waitpid(pid, &status, 0) == pid)
		rs_ended(s, status);
}

static struct rservice *running_by_name(message *m)
{
	m->m_rs.name[RS_NAME_MAX - 1] = '\0';
	struct rservice *s = rs_by_name(m->m_rs.name);
	return s && s->ep != NONE ? s : NULL;
}

int do_down(message *m)
{
	int r = caller_is_root(m->m_source);
	if (r != OK)
		return r;
	m->m_rs.name[RS_NAME_MAX - 1] = '\0';
	struct rservice *s = rs_by_name(m->m_rs.name);
	if (s && s->state == RSS_RESTARTING && s->ep == NONE) {
		s->state = RSS_DOWN;               /* a put-off restart: cancelled */
		ds_req_delete(s->conf.name);
		return OK;
	}
	s = running_by_name(m);
	if (!s)
		return -ESRCH;
	s->stopping = true;
	ds_req_delete(s->conf.name);       /* clients stop finding it now */
	kill_and_collect(s);
	return OK;
}

int do_restart(message *m)
{
	int r = caller_is_root(m->m_source);
	if (r != OK)
		return r;
	struct rservice *s = running_by_name(m);
	if (!s)
		return -ESRCH;
	s->state = RSS_UP;                 /* a restart, even before its first pong */
	kill_and_collect(s);
	if (s->ep == NONE)
		return -EIO;               /* could not start again (logged) */
	m->m_rs.ep = s->ep;
	return OK;
}

int do_list(message *m)
{
	struct rs_status st;
	uint64_t room = m->m_rs.len / sizeof(st), n = 0;
	uint64_t now = sys_uptime();
	for (int i = 0; i < RS_SERVICES; i++) {
		struct rservice *s = &services[i];
		if (!s->used)
			continue;
		if (n < room) {
			memset(&st, 0, sizeof(st));
			strlcpy(st.name, s->conf.name, sizeof(st.name));
			st.ep = s->ep;
			st.pid = s->pid;
			st.state = s->state;
			st.restarts = s->restarts;
			st.delayed = s->delayed;
			st.up_ticks = s->up_ticks;
			st.now_ticks = now;
			int r = ucopy_to(m->m_source, m->m_rs.addr + n * sizeof(st), &st, sizeof(st));
			if (r != OK)
				return r;
		}
		n++;
	}
	return (int)n;
}
