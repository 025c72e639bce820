/*
 * Users and groups of a process, and its resource limits: PM keeps them
 * (servers/pm/cred.c, rlimit.c); these are the stubs.
 *
 * newlib's uid_t and gid_t are 16 bits: (uid_t)-1 is 0xffff here and
 * PM_ID_NONE ("unchanged") in PM's 32-bit ids.
 */
#include "posix_priv.h"

#include <unistd.h>
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/time.h>

#include <quire/pm.h>
#include <quire/proctab.h>

static uint32_t id_of(unsigned id, unsigned none)
{
	return id == none ? PM_ID_NONE : id;
}

static struct pm_cred cred_now(void)
{
	struct pm_cred c;
	memset(&c, 0, sizeof(c));
	pm_req_getcred(&c);           /* cannot fail for a live process */
	return c;
}

/* The real and effective ids from the public process table
 * (quire/proctab.h) without a message; from PM until it has published. */
uid_t getuid(void)
{
	struct proc_pub me;
	return (uid_t)(proctab_self(&me) == 0 ? me.uid : cred_now().ruid);
}

uid_t geteuid(void)
{
	struct proc_pub me;
	return (uid_t)(proctab_self(&me) == 0 ? me.euid : cred_now().euid);
}

gid_t getgid(void)
{
	struct proc_pub me;
	return (gid_t)(proctab_self(&me) == 0 ? me.gid : cred_now().rgid);
}

gid_t getegid(void)
{
	struct proc_pub me;
	return (gid_t)(proctab_self(&me) == 0 ? me.egid : cred_now().egid);
}

static int setid(int op, unsigned a, unsigned b, unsigned none)
{
	return (int)__px_ret(pm_req_setid(op, id_of(a, none), id_of(b, none)));
}

int setuid(uid_t uid) { return setid(SETID_UID, uid, 0, (uid_t)-1); }
int seteuid(uid_t uid) { return setid(SETID_EUID, uid, 0, (uid_t)-1); }
int setgid(gid_t gid) { return setid(SETID_GID, gid, 0, (gid_t)-1); }
int setegid(gid_t gid) { return setid(SETID_EGID, gid, 0, (gid_t)-1); }
int setreuid(uid_t ruid, uid_t euid) { return setid(SETID_REUID, ruid, euid, (uid_t)-1); }
int setregid(gid_t rgid, gid_t egid) { return setid(SETID_REGID, rgid, egid, (gid_t)-1); }

/* PM moves 32-bit ids; the caller's array has 16-bit ones. */
int getgroups(int size, gid_t list[])
{
	uint32_t g[PM_NGROUPS];
	if (size < 0)
		return (int)__px_ret(-EINVAL);
	/* More room than PM_NGROUPS is never needed. */
	int n = pm_req_getgroups(size > PM_NGROUPS ? PM_NGROUPS : size, g);
	if (n < 0 || size == 0)
		return (int)__px_ret(n);
	for (int i = 0; i < n; i++)
		list[i] = (gid_t)g[i];
	return n;
}

int setgroups(int n, const gid_t *list)
{
	uint32_t g[PM_NGROUPS];
	if (n < 0 || n > PM_NGROUPS)
		return (int)__px_ret(-EINVAL);
	for (int i = 0; i < n; i++)
		g[i] = list[i];
	return (int)__px_ret(pm_req_setgroups(n, g));
}

/* Did this program start set-user-ID or set-group-ID (or change ids)? */
int issetugid(void)
{
	struct pm_cred c = cred_now();
	return c.ruid != c.euid || c.rgid != c.egid;
}

int getrlimit(int resource, struct rlimit *rlp)
{
	if (!rlp)
		return (int)__px_ret(-EFAULT);
	uint64_t cur, max;
	int r = pm_req_getrlimit(resource, &cur, &max);
	if (r < 0)
		return (int)__px_ret(r);
	rlp->rlim_cur = cur;
	rlp->rlim_max = max;
	return 0;
}

int setrlimit(int resource, const struct rlimit *rlp)
{
	if (!rlp)
		return (int)__px_ret(-EFAULT);
	return (int)__px_ret(pm_req_setrlimit(resource, rlp->rlim_cur, rlp->rlim_max));
}
