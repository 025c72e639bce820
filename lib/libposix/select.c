/*
 * poll, select, pselect: one VFS request, VFS_POLL (servers/vfs/select.c).
 *
 * select() is poll() over the descriptors named in the three sets:
 * readable = POLLIN or POLLHUP or POLLERR (a read will not block: end of
 * file or an error), writable = POLLOUT or POLLERR, and "exceptional" =
 * POLLPRI. A descriptor in a set that is not open gives EBADF (poll's
 * POLLNVAL). The sets are rewritten only on success, as POSIX says.
 */
#include "posix_priv.h"

#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/time.h>

_Static_assert(sizeof(struct pollfd) == sizeof(struct q_pollfd), "VFS's pollfd");
_Static_assert(POLLIN == Q_POLLIN && POLLOUT == Q_POLLOUT && POLLNVAL == Q_POLLNVAL &&
	       POLLHUP == Q_POLLHUP && POLLERR == Q_POLLERR, "VFS's poll bits");

int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	if (nfds > VFS_POLL_MAX)
		return (int)__px_ret(-EINVAL);
	return (int)__px_ret(vfs_req_poll(fds, nfds, timeout < 0 ? -1 : timeout));
}

/* Milliseconds, rounded up (a select never returns before its time);
 * -1: wait for ever. EINVAL for a bad time. */
static int to_ms(int64_t sec, int64_t nsec, int *ms)
{
	if (sec < 0 || nsec < 0 || nsec >= 1000000000ll)
		return -EINVAL;
	int64_t v = sec * 1000 + (nsec + 999999) / 1000000;
	*ms = v > 0x7fffffff ? 0x7fffffff : (int)v;
	return 0;
}

static int do_select(int n, fd_set *r, fd_set *w, fd_set *e, int ms)
{
	if (n < 0 || n > FD_SETSIZE)
		return (int)__px_ret(-EINVAL);
	struct pollfd pf[FD_SETSIZE];
	int count = 0;
	for (int fd = 0; fd < n; fd++) {
		short ev = 0;
		if (r && FD_ISSET(fd, r))
			ev |= POLLIN;
		if (w && FD_ISSET(fd, w))
			ev |= POLLOUT;
		if (e && FD_ISSET(fd, e))
			ev |= POLLPRI;
		if (ev)
			pf[count++] = (struct pollfd){ .fd = fd, .events = ev };
	}
	int k = vfs_req_poll(pf, (uint32_t)count, ms);
	if (k < 0)
		return (int)__px_ret(k);
	for (int i = 0; i < count; i++)
		if (pf[i].revents & POLLNVAL)
			return (int)__px_ret(-EBADF);
	int ready = 0;
	for (int i = 0; i < count; i++) {
		int fd = pf[i].fd;
		short ev = pf[i].events, rev = pf[i].revents;
		bool rd = (ev & POLLIN) && (rev & (POLLIN | POLLHUP | POLLERR));
		bool wr = (ev & POLLOUT) && (rev & (POLLOUT | POLLERR));
		bool ex = (ev & POLLPRI) && (rev & POLLPRI);
		if (r && !rd) FD_CLR(fd, r);
		if (w && !wr) FD_CLR(fd, w);
		if (e && !ex) FD_CLR(fd, e);
		ready += rd + wr + ex;
	}
	return ready;
}

int select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv)
{
	int ms = -1;
	if (tv) {
		int err = to_ms(tv->tv_sec, (int64_t)tv->tv_usec * 1000, &ms);
		if (err || tv->tv_usec >= 1000000)
			return (int)__px_ret(-EINVAL);
	}
	return do_select(n, r, w, e, ms);
}

/*
 * pselect: select with a timespec and a signal mask for the wait. The
 * mask is set around the wait with sigprocmask, which is not atomic: a
 * signal arriving between the two calls is delivered before the wait
 * instead of interrupting it (the signals work can close the gap by
 * passing the mask to VFS_POLL).
 */
int pselect(int n, fd_set *r, fd_set *w, fd_set *e, const struct timespec *ts,
	    const sigset_t *mask)
{
	int ms = -1;
	if (ts && to_ms(ts->tv_sec, ts->tv_nsec, &ms) < 0)
		return (int)__px_ret(-EINVAL);
	sigset_t old;
	if (mask && sigprocmask(SIG_SETMASK, mask, &old) < 0)
		return -1;
	int k = do_select(n, r, w, e, ms);
	if (mask) {
		int saved = errno;
		sigprocmask(SIG_SETMASK, &old, NULL);
		errno = saved;
	}
	return k;
}
