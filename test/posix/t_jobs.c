/* Process groups and sessions: setpgid, getpgid, getpgrp, setsid,
 * getsid with their POSIX errors; kill(-pgid), killpg, kill(0),
 * waitpid by group. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "ptest.h"

/* A child that waits to be killed; exits 7 after 5 s otherwise. */
static pid_t sleeper(pid_t pgid)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (pgid >= 0)
			setpgid(0, pgid);
		sleep(5);
		_exit(7);
	}
	if (pgid >= 0)
		setpgid(pid, pgid);   /* both sides, as a shell does: no race */
	return pid;
}

static void test_ids(void)
{
	pid_t me = getpid();
	pid_t g = getpgrp(), s = getsid(0);
	CHECK("getpgrp_is_getpgid0", g > 0 && getpgid(0) == g && getpgid(me) == g, "pgrp %d", g);
	CHECK("getsid_self", s > 0 && getsid(me) == s, "sid %d", s);
	errno = 0;
	CHECK("getpgid_no_process_esrch", getpgid(999999) == -1 && errno == ESRCH, "errno %d", errno);
	errno = 0;
	CHECK("getsid_no_process_esrch", getsid(999999) == -1 && errno == ESRCH, "errno %d", errno);
	errno = 0;
	CHECK("setpgid_negative_einval", setpgid(0, -1) == -1 && errno == EINVAL, "errno %d", errno);
	errno = 0;
	CHECK("setpgid_not_a_child_esrch", setpgid(getppid(), 0) == -1 && errno == ESRCH, "errno %d", errno);
}

static void test_new_group_and_session(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		int bad = 0;
		pid_t me = getpid();
		/* A new group led by me, then a new session: EPERM while I lead a group. */
		bad |= setpgid(0, 0) != 0 || getpgrp() != me;
		errno = 0;
		bad |= (setsid() != -1 || errno != EPERM) << 1;
		_exit(bad);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	CHECK("setpgid_own_group_then_setsid_eperm", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %x", st);

	pid = fork();
	if (pid == 0) {
		int bad = 0;
		pid_t me = getpid();
		pid_t s = setsid();
		bad |= s != me || getsid(0) != me || getpgrp() != me;
		/* A session leader may not change its group. */
		errno = 0;
		bad |= (setpgid(0, 0) != -1 || errno != EPERM) << 1;
		_exit(bad);
	}
	waitpid(pid, &st, 0);
	CHECK("setsid_new_session_leader", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %x", st);

	/* A group in another session cannot be joined. */
	pid_t other = fork();
	if (other == 0) {
		setsid();
		sleep(5);
		_exit(0);
	}
	usleep(50000);
	errno = 0;
	int r = setpgid(0, other);
	CHECK("setpgid_group_of_other_session_eperm", r == -1 && errno == EPERM, "r %d errno %d", r, errno);
	kill(other, SIGKILL);
	waitpid(other, NULL, 0);
}

static void test_kill_group(void)
{
	pid_t a = sleeper(0);            /* leads its own group */
	pid_t b = sleeper(a);            /* joins it */
	pid_t c = sleeper(-1);           /* stays in mine */
	usleep(50000);
	int r = kill(-a, SIGTERM);
	int sa = 0, sb = 0;
	waitpid(a, &sa, 0);
	waitpid(b, &sb, 0);
	int left = kill(c, 0);
	CHECK("kill_negative_pgid_hits_group", r == 0 && WIFSIGNALED(sa) && WTERMSIG(sa) == SIGTERM &&
	      WIFSIGNALED(sb) && WTERMSIG(sb) == SIGTERM && left == 0, "r %d a %x b %x c alive %d", r, sa, sb, left);
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);

	a = sleeper(0);
	usleep(50000);
	r = killpg(a, SIGUSR1);
	waitpid(a, &sa, 0);
	CHECK("killpg_hits_group", r == 0 && WIFSIGNALED(sa) && WTERMSIG(sa) == SIGUSR1, "r %d a %x", r, sa);
	errno = 0;
	CHECK("kill_empty_group_esrch", kill(-999999, SIGTERM) == -1 && errno == ESRCH, "errno %d", errno);
	errno = 0;
	CHECK("killpg_negative_einval", killpg(-5, SIGTERM) == -1 && errno == EINVAL, "errno %d", errno);
	CHECK("kill_all_sig0_finds_someone", kill(-1, 0) == 0, "errno %d", errno);
}

static void test_kill_own_group(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		pid_t kid = fork();
		if (kid == 0) {
			sleep(5);
			_exit(7);
		}
		signal(SIGUSR2, SIG_IGN);    /* I survive my own kill(0) */
		kill(0, SIGUSR2);
		int st = 0;
		waitpid(kid, &st, 0);
		_exit(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR2 ? 0 : 1);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	CHECK("kill_zero_hits_own_group", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %x", st);
}

static void test_waitpid_group(void)
{
	pid_t a = fork();
	if (a == 0) {
		setpgid(0, 0);
		_exit(3);
	}
	setpgid(a, a);
	pid_t b = fork();
	if (b == 0)
		_exit(4);
	int st = 0;
	pid_t r = waitpid(-a, &st, 0);
	CHECK("waitpid_negative_pgid_takes_that_group", r == a && WEXITSTATUS(st) == 3, "r %d (a %d) st %x", r, a, st);
	r = waitpid(0, &st, 0);
	CHECK("waitpid_zero_takes_my_group", r == b && WEXITSTATUS(st) == 4, "r %d (b %d) st %x", r, b, st);
}

static volatile int chld_hits, chld_code, chld_status;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	chld_hits++;
	chld_code = si->si_code;
	chld_status = si->si_status;
}

static void test_stop_continue(void)
{
	volatile long *count = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	*count = 0;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGCHLD, &sa, NULL);
	pid_t pid = fork();
	if (pid == 0) {
		for (;;)
			(*count)++;
	}
	usleep(50000);
	chld_hits = 0;
	int r = kill(pid, SIGSTOP);
	int st = 0;
	pid_t w = waitpid(pid, &st, WUNTRACED);
	CHECK("stopped_child_seen_with_wuntraced", r == 0 && w == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP,
	      "r %d w %d status %x", r, w, st);
	CHECK("sigchld_cld_stopped", chld_hits == 1 && chld_code == CLD_STOPPED && chld_status == SIGSTOP,
	      "hits %d code %d status %d", chld_hits, chld_code, chld_status);
	long c1 = *count;
	usleep(100000);
	long c2 = *count;
	CHECK("stopped_child_does_not_run", c1 == c2 && c1 > 0, "count %ld then %ld", c1, c2);
	w = waitpid(pid, &st, WUNTRACED | WNOHANG);
	CHECK("stop_reported_once", w == 0, "w %d", w);
	chld_hits = 0;
	kill(pid, SIGCONT);
	w = waitpid(pid, &st, WCONTINUED);
	CHECK("continued_child_seen_with_wcontinued", w == pid && WIFCONTINUED(st) && chld_hits == 1 &&
	      chld_code == CLD_CONTINUED, "w %d status %x hits %d code %d", w, st, chld_hits, chld_code);
	usleep(50000);
	CHECK("continued_child_runs", *count > c2, "count %ld (was %ld)", *count, c2);

	/* SA_NOCLDSTOP: no SIGCHLD for stops; waitpid still sees them. */
	sa.sa_flags = SA_SIGINFO | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	chld_hits = 0;
	kill(pid, SIGTSTP);
	w = waitpid(pid, &st, WUNTRACED);
	CHECK("nocldstop_no_sigchld_for_stop", w == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP && chld_hits == 0,
	      "w %d status %x hits %d", w, st, chld_hits);
	/* SIGKILL ends a stopped process. */
	kill(pid, SIGKILL);
	w = waitpid(pid, &st, 0);
	CHECK("sigkill_ends_stopped_child", w == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "w %d status %x",
	      w, st);
	signal(SIGCHLD, SIG_DFL);
	errno = 0;
	CHECK("waitpid_bad_options_einval", waitpid(-1, &st, 0x100) == -1 && errno == EINVAL, "errno %d", errno);
	munmap((void *)count, 4096);
}

/* An ignored SIGTSTP does not stop; a stopped process still ends by a
 * terminating signal. */
static void test_ignored_tstp_and_term_while_stopped(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGTSTP, SIG_IGN);
		for (;;)
			pause();
	}
	usleep(50000);
	kill(pid, SIGTSTP);
	int st = 0;
	usleep(50000);
	pid_t w = waitpid(pid, &st, WUNTRACED | WNOHANG);
	CHECK("ignored_tstp_does_not_stop", w == 0, "w %d status %x", w, st);
	kill(pid, SIGSTOP);
	waitpid(pid, &st, WUNTRACED);
	kill(pid, SIGTERM);
	w = waitpid(pid, &st, 0);
	CHECK("sigterm_ends_stopped_child", w == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "w %d status %x",
	      w, st);
}

static int note_fd;

static void on_usr1(int sig)
{
	(void)sig;
	write(note_fd, "u", 1);
}

/* A caught signal sent while the process is stopped: its handler runs
 * only once the process is continued. */
static void test_handler_waits_for_continue(void)
{
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		note_fd = p[1];
		signal(SIGUSR1, on_usr1);
		for (;;)
			pause();
	}
	close(p[1]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	usleep(50000);
	int st = 0;
	kill(pid, SIGSTOP);
	waitpid(pid, &st, WUNTRACED);
	kill(pid, SIGUSR1);
	usleep(100000);
	char c = 0;
	ssize_t n1 = read(p[0], &c, 1);
	kill(pid, SIGCONT);
	ssize_t n2 = -1;
	for (int i = 0; i < 100 && n2 != 1; i++) {
		usleep(10000);
		n2 = read(p[0], &c, 1);
	}
	CHECK("caught_signal_waits_for_sigcont", n1 == -1 && n2 == 1 && c == 'u', "before %zd after %zd", n1, n2);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(p[0]);
}

static void test_terminal_foreground_group(void)
{
	int fd = open("/dev/console", O_RDWR);
	pid_t g = getpgrp();
	pid_t before = tcgetpgrp(fd);
	int r = tcsetpgrp(fd, g);
	pid_t after = tcgetpgrp(fd);
	CHECK("tcsetpgrp_then_tcgetpgrp", fd >= 0 && before > 0 && r == 0 && after == g,
	      "fd %d before %d r %d after %d (pgrp %d)", fd, before, r, after, g);
	errno = 0;
	CHECK("tcsetpgrp_bad_group_einval", tcsetpgrp(fd, -4) == -1 && errno == EINVAL, "errno %d", errno);
	int p[2];
	pipe(p);
	errno = 0;
	CHECK("tcgetpgrp_not_a_tty_enotty", tcgetpgrp(p[0]) == -1 && errno == ENOTTY, "errno %d", errno);
	close(p[0]);
	close(p[1]);

	/* A background reader stops with SIGTTIN; one that ignores it gets EIO. */
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		char c;
		ssize_t n = read(fd, &c, 1);
		_exit(n == 1 ? 0 : 9);
	}
	setpgid(pid, pid);
	int st = 0;
	pid_t w = waitpid(pid, &st, WUNTRACED);
	CHECK("background_read_stops_with_sigttin", w == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN,
	      "w %d status %x", w, st);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		signal(SIGTTIN, SIG_IGN);
		char c;
		errno = 0;
		ssize_t n = read(fd, &c, 1);
		_exit(n == -1 && errno == EIO ? 0 : 9);
	}
	setpgid(pid, pid);
	w = waitpid(pid, &st, 0);
	CHECK("background_read_ignoring_sigttin_eio", w == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "w %d status %x", w, st);
	int none = 0;
	ioctl(fd, TIOCSPGRP, &none);         /* back to no foreground group */
	close(fd);
}

int main(void)
{
	PTEST_BEGIN("t_jobs");
	test_ids();
	test_new_group_and_session();
	test_kill_group();
	test_kill_own_group();
	test_waitpid_group();
	test_stop_continue();
	test_ignored_tstp_and_term_while_stopped();
	test_handler_waits_for_continue();
	test_terminal_foreground_group();
	return ptest_done();
}
