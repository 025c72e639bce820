/*
 * The terminal under poll/select and job control, inside Quire (the
 * console: nobody types during the system tests, so its input is empty):
 *   - poll and select on the tty with no input wait for their timeout
 *     and report it not readable; it is always writable; /dev/null and
 *     /dev/zero stay always ready;
 *   - SIGTTOU: with TOSTOP set, a background writer stops with its group
 *     (WSTOPSIG == SIGTTOU), one that ignores or blocks SIGTTOU writes;
 *     without TOSTOP it writes; tcsetpgrp, tcsetattr, tcflush and tcdrain
 *     from the background stop it whatever TOSTOP says;
 *   - an orphaned background group is not stopped: EIO for its write
 *     (under TOSTOP) and its read.
 * Input arriving while select waits is the console session's
 * (test/console/session.py, test/posix/helpers/selwait.c).
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/wait.h>
#include "ptest.h"

static int tty = -1;

static int64_t mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void test_tty_poll_waits(void)
{
	struct pollfd pf = { .fd = tty, .events = POLLIN };
	int64_t t0 = mono_ms();
	int n = poll(&pf, 1, 200);
	int64_t took = mono_ms() - t0;
	CHECK("poll_tty_no_input_times_out", n == 0 && pf.revents == 0 && took >= 200 && took < 2000,
	      "n %d revents %#x took %lld ms", n, pf.revents, (long long)took);

	fd_set r;
	FD_ZERO(&r);
	FD_SET(tty, &r);
	struct timeval tv = { .tv_sec = 0, .tv_usec = 200000 };
	t0 = mono_ms();
	n = select(tty + 1, &r, NULL, NULL, &tv);
	took = mono_ms() - t0;
	CHECK("select_tty_no_input_times_out", n == 0 && !FD_ISSET(tty, &r) && took >= 200 && took < 2000,
	      "n %d took %lld ms", n, (long long)took);

	pf = (struct pollfd){ .fd = tty, .events = POLLIN };
	n = poll(&pf, 1, 0);
	CHECK("poll_tty_zero_timeout_not_ready", n == 0 && pf.revents == 0, "n %d revents %#x", n, pf.revents);

	/* Writable at once, even while a read would wait. */
	pf = (struct pollfd){ .fd = tty, .events = POLLIN | POLLOUT };
	t0 = mono_ms();
	n = poll(&pf, 1, 5000);
	took = mono_ms() - t0;
	CHECK("poll_tty_writable_not_readable", n == 1 && pf.revents == POLLOUT && took < 1000,
	      "n %d revents %#x took %lld ms", n, pf.revents, (long long)took);
}

/* A pipe readable during a poll that also waits on the tty ends it. */
static void test_tty_and_pipe(void)
{
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(100000);
		write(p[1], "x", 1);
		_exit(0);
	}
	struct pollfd pf[2] = { { .fd = tty, .events = POLLIN }, { .fd = p[0], .events = POLLIN } };
	int64_t t0 = mono_ms();
	int n = poll(pf, 2, 5000);
	int64_t took = mono_ms() - t0;
	CHECK("poll_tty_and_pipe_pipe_wakes", n == 1 && pf[0].revents == 0 && pf[1].revents == POLLIN &&
	      took < 3000, "n %d rev %#x %#x took %lld", n, pf[0].revents, pf[1].revents, (long long)took);
	waitpid(pid, NULL, 0);
	close(p[0]);
	close(p[1]);
}

static void test_memory_devices_ready(void)
{
	int dn = open("/dev/null", O_RDWR), dz = open("/dev/zero", O_RDONLY);
	struct pollfd pf[2] = { { .fd = dn, .events = POLLIN | POLLOUT }, { .fd = dz, .events = POLLIN } };
	int n = poll(pf, 2, 1000);
	CHECK("dev_null_and_zero_always_ready", n == 2 && pf[0].revents == (POLLIN | POLLOUT) &&
	      pf[1].revents == POLLIN, "n %d rev %#x %#x", n, pf[0].revents, pf[1].revents);
	close(dn);
	close(dz);
}

/* ---- SIGTTOU ---------------------------------------------------------- */

static int set_tostop(bool on)
{
	struct termios t;
	if (tcgetattr(tty, &t) < 0)
		return -1;
	if (on)
		t.c_lflag |= TOSTOP;
	else
		t.c_lflag &= ~(tcflag_t)TOSTOP;
	return tcsetattr(tty, TCSANOW, &t);
}

enum what { DO_WRITE, DO_SETPGRP, DO_SETATTR, DO_FLUSH, DO_DRAIN };

static int act(enum what w)
{
	struct termios t;
	switch (w) {
	case DO_WRITE:    return write(tty, "\r", 1) == 1 ? 0 : -1;
	case DO_SETPGRP:  return tcsetpgrp(tty, getpgrp());
	case DO_SETATTR:  return tcgetattr(tty, &t) < 0 ? -1 : tcsetattr(tty, TCSANOW, &t);
	case DO_FLUSH:    return tcflush(tty, TCIFLUSH);
	case DO_DRAIN:    return tcdrain(tty);
	}
	return -1;
}

/* A child in a background group of its own that does w; how = 0: the
 * default for SIGTTOU, 1: ignored, 2: blocked. Its wait status (stopped
 * children are killed after being seen). */
static int background(enum what w, int how)
{
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		if (how == 1)
			signal(SIGTTOU, SIG_IGN);
		if (how == 2) {
			sigset_t s;
			sigemptyset(&s);
			sigaddset(&s, SIGTTOU);
			sigprocmask(SIG_BLOCK, &s, NULL);
		}
		_exit(act(w) == 0 ? 0 : 9);
	}
	setpgid(pid, pid);
	int st = 0;
	pid_t r = waitpid(pid, &st, WUNTRACED);
	if (r == pid && WIFSTOPPED(st)) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	return r == pid ? st : -1;
}

static bool stopped_by_ttou(int st)
{
	return st != -1 && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTOU;
}

static bool exited_ok(int st)
{
	return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static void test_sigttou(void)
{
	int st = background(DO_WRITE, 0);
	CHECK("background_write_without_tostop_writes", exited_ok(st), "status %#x", st);

	int r = set_tostop(true);
	struct termios t;
	tcgetattr(tty, &t);
	CHECK("tostop_set_and_read_back", r == 0 && (t.c_lflag & TOSTOP), "r %d lflag %#x", r, t.c_lflag);

	st = background(DO_WRITE, 0);
	CHECK("background_write_tostop_stops_sigttou", stopped_by_ttou(st), "status %#x", st);
	st = background(DO_WRITE, 1);
	CHECK("background_write_ignoring_sigttou_writes", exited_ok(st), "status %#x", st);
	st = background(DO_WRITE, 2);
	CHECK("background_write_blocking_sigttou_writes", exited_ok(st), "status %#x", st);
	CHECK("foreground_write_tostop_writes", act(DO_WRITE) == 0, "errno %d", errno);
	st = background(DO_SETATTR, 0);
	CHECK("background_tcsetattr_stops_sigttou", stopped_by_ttou(st), "status %#x", st);
	set_tostop(false);

	st = background(DO_SETPGRP, 0);
	CHECK("background_tcsetpgrp_stops_sigttou", stopped_by_ttou(st), "status %#x", st);
	CHECK("foreground_unchanged_after_stop", tcgetpgrp(tty) == getpgrp(), "fg %d", tcgetpgrp(tty));
	st = background(DO_SETPGRP, 1);
	CHECK("background_tcsetpgrp_ignoring_sigttou_sets", exited_ok(st), "status %#x", st);
	tcsetpgrp(tty, getpgrp());
	st = background(DO_FLUSH, 0);
	CHECK("background_tcflush_stops_sigttou", stopped_by_ttou(st), "status %#x", st);
	st = background(DO_DRAIN, 0);
	CHECK("background_tcdrain_stops_sigttou", stopped_by_ttou(st), "status %#x", st);
	st = background(DO_DRAIN, 2);
	CHECK("background_tcdrain_blocking_sigttou_drains", exited_ok(st), "status %#x", st);

	/* Continued while still in the background, it stops again (the
	 * call runs again); once in the foreground, it goes ahead. */
	set_tostop(true);
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		_exit(act(DO_WRITE) == 0 ? 0 : 9);
	}
	setpgid(pid, pid);
	int st1 = 0, st2 = 0, st3 = 0;
	waitpid(pid, &st1, WUNTRACED);
	kill(pid, SIGCONT);
	waitpid(pid, &st2, WUNTRACED);
	tcsetpgrp(tty, pid);
	kill(pid, SIGCONT);
	waitpid(pid, &st3, 0);
	signal(SIGTTOU, SIG_IGN);              /* we are in the background now */
	tcsetpgrp(tty, getpgrp());
	signal(SIGTTOU, SIG_DFL);
	set_tostop(false);
	CHECK("continued_in_background_stops_again_then_writes_in_foreground",
	      stopped_by_ttou(st1) && stopped_by_ttou(st2) && exited_ok(st3),
	      "status %#x %#x %#x", st1, st2, st3);
}

/* An orphaned group: a new session's leader A makes B (its own group)
 * and C (A's group, kept as the terminal's foreground group), then ends;
 * B's parent is now init, of another session. B's write under TOSTOP and
 * its read fail with EIO instead of stopping it. */
static void test_orphaned_group(void)
{
	int p[2];
	pipe(p);
	set_tostop(true);
	pid_t a = fork();
	if (a == 0) {
		setsid();
		pid_t c = fork();
		if (c == 0) {
			sleep(10);
			_exit(0);
		}
		tcsetpgrp(tty, getpgrp());
		pid_t me = getpid();
		pid_t b = fork();
		if (b == 0) {
			setpgid(0, 0);
			for (int i = 0; i < 200 && getppid() == me; i++)
				usleep(10000);
			char res[3] = { 'w', 'r', 'o' };
			errno = 0;
			if (write(tty, "\r", 1) == -1 && errno == EIO)
				res[0] = 'W';
			char ch;
			errno = 0;
			if (read(tty, &ch, 1) == -1 && errno == EIO)
				res[1] = 'R';
			if (getppid() != me)
				res[2] = 'O';
			write(p[1], res, 3);
			_exit(0);
		}
		setpgid(b, b);
		_exit(0);
	}
	close(p[1]);
	waitpid(a, NULL, 0);
	struct pollfd pf = { .fd = p[0], .events = POLLIN };
	char res[4] = "";
	ssize_t n = poll(&pf, 1, 10000) == 1 ? read(p[0], res, 3) : -1;
	CHECK("orphaned_group_write_and_read_eio", n == 3 && !memcmp(res, "WRO", 3), "n %zd got %.3s", n, res);
	kill(-a, SIGKILL);                     /* C, in A's group */
	tcsetpgrp(tty, getpgrp());
	set_tostop(false);
	close(p[0]);
}

int main(void)
{
	PTEST_BEGIN("t_ttysel");
	tty = open("/dev/console", O_RDWR);
	CHECK("open_console", tty >= 0, "errno %d", errno);
	test_tty_poll_waits();
	test_tty_and_pipe();
	test_memory_devices_ready();
	tcsetpgrp(tty, getpgrp());
	test_sigttou();
	test_orphaned_group();
	int none = 0;
	ioctl(tty, TIOCSPGRP, &none);          /* back to no foreground group */
	close(tty);
	return ptest_done();
}
