/*
 * Who am I: getpid, getppid, getpgrp, getuid and the rest read the public
 * process table (quire/proctab.h) without a message; PM's own answer (a
 * PM_GETPID or PM_GETCRED request, the slow path) must always agree.
 * Checked in a fresh child of fork (from its first instruction: a signal
 * handler that ran before fork() returned would see its entry too), after
 * setpgid and setsid, after set*id, and for an orphan whose parent exits
 * (getppid must change to init's pid at once).
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <quire/pm.h>
#include "ptest.h"

/* PM's answers, asked directly. */
static int pm_pid(void) { return pm_req_getpid(NULL); }
static int pm_ppid(void)
{
	int ppid = -1;
	return pm_req_getpid(&ppid) < 0 ? -1 : ppid;
}

static int agree(void)
{
	struct pm_cred c;
	memset(&c, 0, sizeof(c));
	pm_req_getcred(&c);
	return getpid() == pm_pid() && getppid() == pm_ppid() && getpgrp() == getpgid(0) &&
	       getuid() == (uid_t)c.ruid && geteuid() == (uid_t)c.euid &&
	       getgid() == (gid_t)c.rgid && getegid() == (gid_t)c.egid;
}

static void test_self(void)
{
	CHECK("self_agrees_with_pm", agree(), "pid %d/%d ppid %d/%d", getpid(), pm_pid(), getppid(),
	      pm_ppid());
	CHECK("pid_positive", getpid() > 1, "pid %d", getpid());
}

/* The child's view against the parent's, through a pipe. */
static void test_fork(void)
{
	int p[2];
	pipe(p);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		int v[3] = { getpid(), getppid(), agree() };
		write(p[1], v, sizeof(v));
		_exit(0);
	}
	int v[3] = { 0 };
	ssize_t n = read(p[0], v, sizeof(v));
	int st;
	waitpid(pid, &st, 0);
	close(p[0]);
	close(p[1]);
	CHECK("child_pid_is_forks_answer", n == sizeof(v) && v[0] == pid, "child says %d, fork said %d",
	      v[0], pid);
	CHECK("child_ppid_is_parent", v[1] == parent, "child's ppid %d, parent %d", v[1], parent);
	CHECK("child_agrees_with_pm", v[2] == 1, "disagreed");
}

static volatile pid_t seen_in_handler;
static void on_usr1(int sig)
{
	(void)sig;
	seen_in_handler = getpid();
}

/* Many forks, each child signalled at once by its parent: the handler may
 * run before the child's fork() returns; it must see the child's pid. */
static void test_fork_signal(void)
{
	int bad = 0;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	for (int i = 0; i < 20; i++) {
		int p[2];
		pipe(p);
		pid_t pid = fork();
		if (pid == 0) {
			while (seen_in_handler == 0)
				;
			pid_t v = seen_in_handler;
			write(p[1], &v, sizeof(v));
			_exit(0);
		}
		kill(pid, SIGUSR1);
		pid_t v = 0;
		read(p[0], &v, sizeof(v));
		int st;
		waitpid(pid, &st, 0);
		close(p[0]);
		close(p[1]);
		if (v != pid)
			bad++;
	}
	signal(SIGUSR1, SIG_DFL);
	CHECK("handler_in_new_child_sees_child", bad == 0, "%d of 20 saw another pid", bad);
}

static pid_t mid_pid;

/* An orphan: its parent exits; getppid must follow PM at once. */
static void test_orphan(void)
{
	int p[2], go[2];
	pipe(p);
	pipe(go);
	pid_t mid = fork();
	if (mid == 0) {
		mid_pid = getpid();
		pid_t g = fork();
		if (g == 0) {
			char c;
			close(go[1]);
			read(go[0], &c, 1);          /* EOF: the middle process has gone */
			/* PM may learn of the exit a moment after VFS closed its files */
			for (int i = 0; i < 500 && pm_ppid() == mid_pid; i++)
				usleep(1000);
			int v[3] = { getppid(), pm_ppid(), 0 };
			write(p[1], v, sizeof(v));
			_exit(0);
		}
		_exit(0);
	}
	close(go[0]);
	close(go[1]);                            /* only the grandchild holds go now... */
	int st;
	waitpid(mid, &st, 0);                    /* ...until the middle one is gone too */
	int v[3] = { 0 };
	ssize_t n = read(p[0], v, sizeof(v));
	close(p[0]);
	close(p[1]);
	CHECK("orphan_ppid_changes", n == sizeof(v) && v[0] != mid && v[0] == v[1],
	      "orphan's getppid %d, PM says %d, dead parent %d", v[0], v[1], mid);
}

static void test_pgrp(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		int ok = setpgid(0, 0) == 0 && getpgrp() == getpid() && agree();
		pid_t s = setsid();
		ok = ok && s < 0;                /* a group leader: EPERM */
		_exit(ok ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK("setpgid_seen", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %x", st);
	pid = fork();
	if (pid == 0) {
		pid_t s = setsid();
		_exit(s == getpid() && getpgrp() == getpid() && getsid(0) == getpid() && agree() ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	CHECK("setsid_seen", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %x", st);
}

static void test_ids(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		uid_t u = getuid();
		/* a non-root process may set its effective id to its real one */
		int ok = seteuid(u) == 0 && geteuid() == u && agree();
		ok = ok && (u == 0 || (setuid(0) < 0 && getuid() == u && agree()));
		_exit(ok ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK("ids_agree_after_setid", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %x", st);
}

int main(void)
{
	PTEST_BEGIN("t_ident");
	test_self();
	test_fork();
	test_fork_signal();
	test_orphan();
	test_pgrp();
	test_ids();
	return ptest_done();
}
