/*
 * The small rest: process groups (none
 * yet), sysconf, uname, getentropy, posix_memalign, and the JIS
 * conversion hooks newlib's towctrans_l wants.
 */
#include "posix_priv.h"

#include <limits.h>
#include <malloc.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <wchar.h>

#include <quire/kinfo.h>
#include <quire/vfs.h>

/* Users and groups: cred.c; getlogin: pwd.c. */

/* ---- process groups and sessions: not yet; each process is its own ---- */

pid_t getpgrp(void)
{
	return getpid();
}

pid_t getpgid(pid_t pid)
{
	return pid ? pid : getpid();
}

pid_t getsid(pid_t pid)
{
	return pid ? pid : getpid();
}

/* Only the group every process already is in (its own) can be chosen. */
int setpgid(pid_t pid, pid_t pgid)
{
	if (pid < 0 || pgid < 0) {
		errno = EINVAL;
		return -1;
	}
	pid_t self = pid ? pid : getpid();
	if (pgid && pgid != self) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

int setpgrp(void)
{
	return 0;
}

pid_t setsid(void)
{
	return getpid();
}

/* The terminal's foreground group: the tty makes whoever reads it the
 * foreground process, so report the caller's own group. */
pid_t tcgetpgrp(int fd)
{
	if (!isatty(fd))
		return -1;
	return getpgrp();
}

int tcsetpgrp(int fd, pid_t pgrp)
{
	(void)pgrp;
	return isatty(fd) ? 0 : -1;
}

/* ---- limits and names ---- */

long sysconf(int name)
{
	switch (name) {
	case _SC_ARG_MAX:
		return VFS_EXEC_IMAGE_MAX;       /* exec's stack image */
	case _SC_CHILD_MAX:
		return 256;
	case _SC_CLK_TCK:
		return CLOCKS_PER_SEC;           /* the unit of times() */
	case _SC_OPEN_MAX:
		return VFS_OPEN_MAX;
	case _SC_PAGESIZE:
		return 4096;
	case _SC_NPROCESSORS_CONF:
	case _SC_NPROCESSORS_ONLN:
		return 1;
	case _SC_LINE_MAX:
		return 2048;
	case _SC_NGROUPS_MAX:
		return 0;
	case _SC_JOB_CONTROL:
	case _SC_SAVED_IDS:
		return -1;
	case _SC_VERSION:
		return 200809L;
	case _SC_PHYS_PAGES:
	case _SC_AVPHYS_PAGES: {
		PX_MSG(m);
		struct kinfo k;
		memset(&k, 0, sizeof(k));
		m.m_krn_getinfo.what = GI_KINFO;
		m.m_krn_getinfo.buf = (uint64_t)(uintptr_t)&k;
		m.m_krn_getinfo.len = sizeof(k);
		int r = __px_kcall(KC_GETINFO, &m);
		if (r < 0)
			return __px_ret(r);
		return (long)((name == _SC_PHYS_PAGES ? k.mem_total : k.mem_free_boot) / 4096);
	}
	default:
		errno = EINVAL;
		return -1;
	}
}

int getpagesize(void)
{
	return 4096;
}

int getdtablesize(void)
{
	return VFS_OPEN_MAX;
}

static long path_limit(int name)
{
	switch (name) {
	case _PC_LINK_MAX:
		return 32000;
	case _PC_NAME_MAX:
		return 255;
	case _PC_PATH_MAX:
		return VFS_PATH_MAX;
	case _PC_PIPE_BUF:
		return 512;
	case _PC_NO_TRUNC:
		return 1;
	default:
		errno = EINVAL;
		return -1;
	}
}

long pathconf(const char *path, int name)
{
	(void)path;
	return path_limit(name);
}

long fpathconf(int fd, int name)
{
	(void)fd;
	return path_limit(name);
}

int uname(struct utsname *u)
{
	if (!u) {
		errno = EFAULT;
		return -1;
	}
	memset(u, 0, sizeof(*u));
	strcpy(u->sysname, "Quire");
	strcpy(u->nodename, "quire");
	strcpy(u->release, "0.1");
	strcpy(u->version, "Quire microkernel");
	strcpy(u->machine, "x86_64");
	return 0;
}

int gethostname(char *name, size_t len)
{
	static const char host[] = "quire";
	if (len < sizeof(host)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(name, host, sizeof(host));
	return 0;
}

/* The terminal's name: VFS's /dev/tty (devfs). */
int ttyname_r(int fd, char *buf, size_t len)
{
	static const char tty[] = "/dev/tty";
	if (!isatty(fd))
		return errno;
	if (len < sizeof(tty))
		return ERANGE;
	memcpy(buf, tty, sizeof(tty));
	return 0;
}

char *ttyname(int fd)
{
	static char buf[16];
	int r = ttyname_r(fd, buf, sizeof(buf));
	if (r) {
		errno = r;
		return NULL;
	}
	return buf;
}

/*
 * getentropy(): there is no entropy source yet. The bytes come from the
 * time-stamp counter, the uptime and the pid through splitmix64: they
 * differ between calls and processes but are NOT cryptographically
 * secure.
 */
static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

int getentropy(void *buf, size_t len)
{
	static uint64_t state;
	if (len > 256) {
		errno = EIO;
		return -1;
	}
	PX_MSG(m);
	m.m_krn_times.who = SELF;
	int r = __px_kcall(KC_TIMES, &m);
	if (r < 0)
		return (int)__px_ret(r);
	state ^= m.m_krn_times.tsc ^ (m.m_krn_times.uptime << 20) ^
		 (uint64_t)(uintptr_t)&m ^ ((uint64_t)getpid() << 40);
	uint8_t *p = buf;
	while (len) {
		uint64_t v = splitmix(&state);
		size_t n = len < 8 ? len : 8;
		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
	return 0;
}

/* ---- memory ---- */

int posix_memalign(void **out, size_t align, size_t size)
{
	if (align < sizeof(void *) || (align & (align - 1)))
		return EINVAL;
	void *p = memalign(align, size);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

/* ---- newlib's hooks for JIS locales, which Quire does not have ---- */

struct __locale_t;
wint_t _jp2uc_l(wint_t c, struct __locale_t *l)
{
	(void)l;
	return c;
}

wint_t _uc2jp_l(wint_t c, struct __locale_t *l)
{
	(void)l;
	return c;
}
