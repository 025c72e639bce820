/* Process groups and sessions: setpgid, getpgid, getpgrp, setsid,
 * getsid with their POSIX errors; kill(-pgid), killpg, kill(0),
 * waitpid by group. */
#define _GNU_SOURCE
#include <signal.h>
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

int main(void)
{
	PTEST_BEGIN("t_jobs");
	test_ids();
	test_new_group_and_session();
	test_kill_group();
	test_kill_own_group();
	test_waitpid_group();
	return ptest_done();
}
