/*
 * poll, select and pselect inside Quire: pipes with and without data, a
 * closed writer (EOF readable, POLLHUP), a closed reader (POLLERR), a full
 * pipe for writing, timeouts 0 and small, a wakeup by another process,
 * EBADF/POLLNVAL, EINVAL for nfds, /dev/null and a regular file.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <sys/select.h>
#include <sys/wait.h>
#include "ptest.h"

static int64_t mono_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000ll + t.tv_nsec;
}

static void test_pipe_poll(void)
{
	int p[2];
	pipe(p);
	struct pollfd pf[2] = { { .fd = p[0], .events = POLLIN }, { .fd = p[1], .events = POLLOUT } };
	int n = poll(pf, 2, 0);
	CHECK("empty_pipe", n == 1 && pf[0].revents == 0 && pf[1].revents == POLLOUT,
	      "n %d rev %#x %#x", n, pf[0].revents, pf[1].revents);
	write(p[1], "x", 1);
	n = poll(pf, 2, 0);
	CHECK("pipe_data", n == 2 && pf[0].revents == POLLIN, "n %d rev %#x", n, pf[0].revents);
	char c;
	read(p[0], &c, 1);
	int64_t t0 = mono_ns();
	pf[1].fd = -1;                         /* skipped */
	n = poll(pf, 2, 50);
	CHECK("timeout_small", n == 0 && pf[0].revents == 0 && pf[1].revents == 0, "n %d", n);
	CHECK("timeout_waited", mono_ns() - t0 >= 50000000ll, "%lld", (long long)(mono_ns() - t0));
	close(p[1]);
	pf[1].fd = p[1];                       /* closed now: POLLNVAL */
	n = poll(pf, 2, -1);
	CHECK("writer_closed_hup", n == 2 && (pf[0].revents & POLLHUP) && !(pf[0].revents & POLLIN),
	      "n %d rev %#x", n, pf[0].revents);
	CHECK("pollnval", pf[1].revents == POLLNVAL, "rev %#x", pf[1].revents);
	close(p[0]);

	pipe(p);
	close(p[0]);
	struct pollfd w = { .fd = p[1], .events = POLLOUT };
	signal(SIGPIPE, SIG_IGN);
	n = poll(&w, 1, 0);
	CHECK("reader_closed_err", n == 1 && (w.revents & POLLERR), "rev %#x", w.revents);
	close(p[1]);

	CHECK("nfds_einval", poll(pf, 100000, 0) == -1 && errno == EINVAL, "errno %d", errno);
	CHECK("poll_efault", poll((struct pollfd *)8, 1, 0) == -1 && errno == EFAULT, "errno %d", errno);
	CHECK("poll_none_timeout", poll(NULL, 0, 20) == 0, "errno %d", errno);
}

static void test_pipe_full(void)
{
	int p[2];
	pipe(p);
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	static char buf[4096];
	while (write(p[1], buf, sizeof(buf)) > 0)
		;
	struct pollfd w = { .fd = p[1], .events = POLLOUT };
	CHECK("full_not_writable", poll(&w, 1, 0) == 0 && w.revents == 0, "rev %#x", w.revents);
	fd_set ws;
	FD_ZERO(&ws);
	FD_SET(p[1], &ws);
	struct timeval tv = { 0, 0 };
	CHECK("select_full", select(p[1] + 1, NULL, &ws, NULL, &tv) == 0 && !FD_ISSET(p[1], &ws), "?");
	read(p[0], buf, sizeof(buf));
	FD_SET(p[1], &ws);
	CHECK("select_room", select(p[1] + 1, NULL, &ws, NULL, &tv) == 1 && FD_ISSET(p[1], &ws), "?");
	close(p[0]);
	close(p[1]);
}

/* A child writes after a while: the parent's infinite poll wakes. */
static void test_wakeup(void)
{
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(50000);
		write(p[1], "y", 1);
		_exit(0);
	}
	close(p[1]);
	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	int n = select(p[0] + 1, &rs, NULL, NULL, NULL);
	CHECK("select_wakes", n == 1 && FD_ISSET(p[0], &rs), "n %d errno %d", n, errno);
	char c = 0;
	CHECK("select_data", read(p[0], &c, 1) == 1 && c == 'y', "%c", c);
	int st;
	waitpid(pid, &st, 0);
	/* The writer is gone: EOF is readable. */
	FD_SET(p[0], &rs);
	struct timeval tv = { 1, 0 };
	CHECK("select_eof", select(p[0] + 1, &rs, NULL, NULL, &tv) == 1 && FD_ISSET(p[0], &rs), "?");
	close(p[0]);
}

static void test_select_misc(void)
{
	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(40, &rs);
	struct timeval tv = { 0, 0 };
	CHECK("select_ebadf", select(41, &rs, NULL, NULL, &tv) == -1 && errno == EBADF, "errno %d", errno);
	CHECK("select_nfds_einval", select(-1, NULL, NULL, NULL, &tv) == -1 && errno == EINVAL, "errno %d", errno);
	tv.tv_usec = 2000000;
	CHECK("select_tv_einval", select(1, NULL, NULL, NULL, &tv) == -1 && errno == EINVAL, "errno %d", errno);
	int64_t t0 = mono_ns();
	tv = (struct timeval){ 0, 30000 };
	CHECK("select_timeout", select(0, NULL, NULL, NULL, &tv) == 0, "errno %d", errno);
	CHECK("select_timeout_waited", mono_ns() - t0 >= 30000000ll, "%lld", (long long)(mono_ns() - t0));
	struct timespec ts = { 0, 0 };
	CHECK("pselect_zero", pselect(0, NULL, NULL, NULL, &ts, NULL) == 0, "errno %d", errno);

	int dn = open("/dev/null", O_RDWR);
	int f = open("/tmp/t_select.f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	FD_ZERO(&rs);
	FD_SET(dn, &rs);
	FD_SET(f, &rs);
	fd_set ws = rs;
	int top = (dn > f ? dn : f) + 1;
	tv = (struct timeval){ 0, 0 };
	CHECK("devnull_file_ready", select(top, &rs, &ws, NULL, &tv) == 4 && FD_ISSET(dn, &rs) &&
	      FD_ISSET(f, &rs) && FD_ISSET(dn, &ws) && FD_ISSET(f, &ws), "?");
	struct pollfd pf = { .fd = f, .events = POLLIN | POLLOUT };
	CHECK("poll_file", poll(&pf, 1, 0) == 1 && pf.revents == (POLLIN | POLLOUT), "rev %#x", pf.revents);
	close(dn);
	close(f);
	unlink("/tmp/t_select.f");
}

int main(void)
{
	PTEST_BEGIN("t_select");
	test_pipe_poll();
	test_pipe_full();
	test_wakeup();
	test_select_misc();
	return ptest_done();
}
