/*
 * The small rest: uname, getentropy, posix_memalign, and the JIS
 * conversion hooks newlib's towctrans_l wants.
 */
#include "posix_priv.h"

#include <limits.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <wchar.h>

#include <quire/kinfo.h>
#include <quire/vfs.h>

/* Users and groups: cred.c; getlogin: pwd.c. */

/* The terminal's foreground process group (drivers/tty: TTY_SETPGRP).
 * Until one is set, the caller's group is reported. */
pid_t tcgetpgrp(int fd)
{
	int pg = 0;
	if (ioctl(fd, TTY_GETPGRP, &pg) < 0)
		return -1;
	return pg > 0 ? pg : getpgrp();
}

int tcsetpgrp(int fd, pid_t pgrp)
{
	if (pgrp <= 0) {
		errno = EINVAL;
		return -1;
	}
	int pg = pgrp;
	return ioctl(fd, TTY_SETPGRP, &pg);
}

/* ---- names (sysconf, pathconf: sysconf.c) ---- */

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

/* The controlling terminal's name: Quire has one terminal. */
char *ctermid(char *s)
{
	static char buf[L_ctermid];
	char *out = s ? s : buf;
	strcpy(out, "/dev/tty");
	return out;
}

/* confstr: _CS_PATH, where the standard utilities are. Others: EINVAL. */
size_t confstr(int name, char *buf, size_t len)
{
	static const char path[] = "/bin";
	if (name != _CS_PATH) {
		errno = EINVAL;
		return 0;
	}
	if (buf && len > 0) {
		size_t n = len < sizeof(path) ? len - 1 : sizeof(path) - 1;
		memcpy(buf, path, n);
		buf[n] = '\0';
	}
	return sizeof(path);
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
