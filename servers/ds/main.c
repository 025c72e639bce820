/*
 * DS, the name service (include/quire/ds.h, docs/rs.md): a table of names
 * -> endpoints, and subscriptions that are told when a name changes.
 *
 * DS calls nobody: it answers with sendnb and tells subscribers with
 * notifications, so any server may call it without risking a cycle.
 *
 * Ownership: an entry belongs to the endpoint it names. A name whose
 * endpoint is a live process is never given to another endpoint, except
 * by RS (which restarts services and republishes them). DS is
 * single-threaded: no locks.
 */
#include <quire/syslib.h>
#include <quire/endpoints.h>
#include <quire/kinfo.h>
#include <quire/priv.h>
#include "../../lib/libmini/mini_string.h"

#define DS_ENTRIES 64
#define DS_SUBS    16

struct ds_entry {
	bool used;
	char name[DS_NAME_MAX];
	endpoint_t ep;            /* NONE once deleted (kept for DS_CHECK) */
};

/* A subscriber: its pattern, and which entries changed since it last
 * asked (bit i: entry i). */
struct ds_sub {
	endpoint_t who;           /* NONE: slot free */
	char pattern[DS_NAME_MAX];
	uint64_t changed;
};

static struct ds_entry entries[DS_ENTRIES];
static struct ds_sub subs[DS_SUBS];

_Static_assert(DS_ENTRIES <= 64, "changed is a 64-bit mask");

static bool is_alive(endpoint_t ep)
{
	struct proc_info pi;
	if (ep < 0 || sys_getprocinfo(_ENDPOINT_SLOT(ep), &pi) != OK)
		return false;
	return pi.endpoint == ep && pi.state != PS_FREE && pi.state != PS_DEAD;
}

static bool is_system(endpoint_t ep)
{
	struct priv_spec pr;
	return sys_privctl(ep, PRIVCTL_GET, &pr) == OK && (pr.flags & PRIV_SYS_PROC);
}

/* The name of a request: NUL-terminated and not empty, or EINVAL. */
static int check_name(const message *m)
{
	size_t n = strnlen(m->m_ds.name, DS_NAME_MAX);
	return n == 0 || n == DS_NAME_MAX ? -EINVAL : OK;
}

static struct ds_entry *find(const char *name)
{
	for (int i = 0; i < DS_ENTRIES; i++)
		if (entries[i].used && !strcmp(entries[i].name, name))
			return &entries[i];
	return NULL;
}

static bool matches(const char *pattern, const char *name)
{
	size_t n = strlen(pattern);
	if (n && pattern[n - 1] == '*')
		return !strncmp(pattern, name, n - 1);
	return !strcmp(pattern, name);
}

/* Entry e changed: mark it for every subscriber that watches it and
 * tell them (a notification: DS never waits). */
static void changed(struct ds_entry *e)
{
	int idx = (int)(e - entries);
	for (int i = 0; i < DS_SUBS; i++) {
		if (subs[i].who == NONE || !matches(subs[i].pattern, e->name))
			continue;
		if (!is_alive(subs[i].who)) {
			subs[i].who = NONE;    /* a subscriber that ended */
			continue;
		}
		subs[i].changed |= 1ULL << idx;
		ipc_notify(subs[i].who);
	}
}

static int do_publish(message *m)
{
	endpoint_t caller = m->m_source, ep = m->m_ds.ep;
	if (check_name(m))
		return -EINVAL;
	if (!is_system(caller))
		return -EPERM;
	if (ep != caller && caller != RS_PROC_NR)
		return -EPERM;             /* only RS publishes for others */
	if (!is_alive(ep))
		return -EINVAL;
	struct ds_entry *e = find(m->m_ds.name);
	if (e && e->ep == ep)
		return OK;
	if (e && e->ep != NONE && is_alive(e->ep) && caller != RS_PROC_NR)
		return -EEXIST;
	if (!e) {
		for (int i = 0; i < DS_ENTRIES && !e; i++)
			if (!entries[i].used)
				e = &entries[i];
		if (!e)
			return -ENOSPC;
		e->used = true;
		strlcpy(e->name, m->m_ds.name, sizeof(e->name));
	}
	e->ep = ep;
	changed(e);
	return OK;
}

static int do_lookup(message *m)
{
	if (check_name(m))
		return -EINVAL;
	struct ds_entry *e = find(m->m_ds.name);
	if (!e || e->ep == NONE || !is_alive(e->ep))
		return -ESRCH;             /* never published, deleted, or ended */
	m->m_ds.ep = e->ep;
	return OK;
}

/* The entry stays, with ep NONE, so subscribers learn of the deletion;
 * a later publish of the name reuses it. */
static int do_delete(message *m)
{
	if (check_name(m))
		return -EINVAL;
	struct ds_entry *e = find(m->m_ds.name);
	if (!e || e->ep == NONE)
		return -ESRCH;
	if (m->m_source != e->ep && m->m_source != RS_PROC_NR)
		return -EPERM;
	e->ep = NONE;
	changed(e);
	return OK;
}

static int do_subscribe(message *m)
{
	if (check_name(m))
		return -EINVAL;
	if (!is_system(m->m_source))
		return -EPERM;
	struct ds_sub *free_sub = NULL;
	for (int i = 0; i < DS_SUBS; i++) {
		if (subs[i].who == m->m_source && !strcmp(subs[i].pattern, m->m_ds.name))
			return OK;
		if (!free_sub && (subs[i].who == NONE || !is_alive(subs[i].who)))
			free_sub = &subs[i];
	}
	if (!free_sub)
		return -ENOSPC;
	free_sub->who = m->m_source;
	strlcpy(free_sub->pattern, m->m_ds.name, sizeof(free_sub->pattern));
	free_sub->changed = 0;
	return OK;
}

/* One changed name for the caller (any of its subscriptions). */
static int do_check(message *m)
{
	for (int i = 0; i < DS_SUBS; i++) {
		struct ds_sub *s = &subs[i];
		if (s->who != m->m_source || !s->changed)
			continue;
		int idx = __builtin_ctzll(s->changed);
		s->changed &= ~(1ULL << idx);
		memset(&m->m_ds, 0, sizeof(m->m_ds));
		strlcpy(m->m_ds.name, entries[idx].name, sizeof(m->m_ds.name));
		m->m_ds.ep = entries[idx].ep;
		return OK;
	}
	return -EAGAIN;
}

/* The boot processes, under the names the kernel gave them. */
static void publish_boot_processes(void)
{
	int n = 0;
	for (int slot = 0; slot < NR_FIXED_SLOTS && n < DS_ENTRIES; slot++) {
		struct proc_info pi;
		if (sys_getprocinfo(slot, &pi) != OK || pi.state == PS_FREE || pi.state == PS_DEAD)
			continue;
		entries[n].used = true;
		strlcpy(entries[n].name, pi.name, sizeof(entries[n].name));
		entries[n].ep = pi.endpoint;
		n++;
	}
}

typedef int (*ds_call)(message *m);

static const ds_call calls[DS_NR_CALLS] = {
	[DS_PUBLISH - DS_RQ_BASE]   = do_publish,
	[DS_LOOKUP - DS_RQ_BASE]    = do_lookup,
	[DS_SUBSCRIBE - DS_RQ_BASE] = do_subscribe,
	[DS_CHECK - DS_RQ_BASE]     = do_check,
	[DS_DELETE - DS_RQ_BASE]    = do_delete,
};

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (int i = 0; i < DS_SUBS; i++)
		subs[i].who = NONE;
	publish_boot_processes();
	printf("ds: name service ready\n");
	for (;;) {
		message m;
		if (sef_receive(&m) != OK || m.m_type == NOTIFY_MESSAGE)
			continue;
		int call = m.m_type - DS_RQ_BASE;
		ds_call fn = call >= 0 && call < DS_NR_CALLS ? calls[call] : NULL;
		m.m_type = fn ? fn(&m) : -ENOSYS;
		ipc_sendnb(m.m_source, &m);
	}
}
