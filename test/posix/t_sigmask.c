/* The mask and pending set kept by PM: sigprocmask, sigpending,
 * sigsuspend, sigwait/sigwaitinfo/sigtimedwait, sigqueue, the set
 * functions' checks, and what exec keeps (mask, pending, SIG_IGN) and
 * resets (handlers). */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "ptest.h"

static volatile int hits;
static volatile int last_sig;

static void on_sig(int sig)
{
	hits++;
	last_sig = sig;
}

static sigset_t only(int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	return s;
}

static void test_set_functions(void)
{
	sigset_t s;
	sigemptyset(&s);
	errno = 0;
	CHECK("sigaddset_negative_einval", sigaddset(&s, -1) == -1 && errno == EINVAL, "errno %d", errno);
	errno = 0;
	CHECK("sigaddset_nsig_einval", sigaddset(&s, NSIG) == -1 && errno == EINVAL, "errno %d", errno);
	errno = 0;
	CHECK("sigdelset_zero_einval", sigdelset(&s, 0) == -1 && errno == EINVAL, "errno %d", errno);
	errno = 0;
	CHECK("sigismember_bad_einval", sigismember(&s, 99) == -1 && errno == EINVAL, "errno %d", errno);
	CHECK("sigaddset_then_member", sigaddset(&s, SIGINT) == 0 && sigismember(&s, SIGINT) == 1 &&
	      sigismember(&s, SIGTERM) == 0, "set %lx", (unsigned long)s);
}

static void test_mask_and_pending(void)
{
	signal(SIGUSR1, on_sig);
	hits = 0;
	sigset_t s = only(SIGUSR1), old, now, pend;
	int r = sigprocmask(SIG_BLOCK, &s, &old);
	raise(SIGUSR1);
	raise(SIGUSR1);                     /* not queued: one instance */
	sigpending(&pend);
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK("blocked_signal_held", r == 0 && hits == 0 && sigismember(&pend, SIGUSR1) == 1 &&
	      sigismember(&now, SIGUSR1) == 1 && sigismember(&old, SIGUSR1) == 0,
	      "r %d hits %d pending %lx mask %lx", r, hits, (unsigned long)pend, (unsigned long)now);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	sigpending(&pend);
	CHECK("unblock_delivers_before_return", hits == 1 && !sigismember(&pend, SIGUSR1),
	      "hits %d pending %lx", hits, (unsigned long)pend);

	sigset_t all;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	sigprocmask(SIG_SETMASK, NULL, &now);
	CHECK("sigkill_sigstop_never_blocked", !sigismember(&now, SIGKILL) && !sigismember(&now, SIGSTOP) &&
	      sigismember(&now, SIGTERM), "mask %lx", (unsigned long)now);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);

	errno = 0;
	CHECK("sigprocmask_bad_how_einval", sigprocmask(99, &s, NULL) == -1 && errno == EINVAL, "errno %d", errno);
	CHECK("pthread_sigmask_bad_how_einval", pthread_sigmask(99, &s, NULL) == EINVAL, "bad");
	CHECK("pthread_sigmask_blocks", pthread_sigmask(SIG_BLOCK, &s, NULL) == 0 &&
	      sigprocmask(SIG_SETMASK, NULL, &now) == 0 && sigismember(&now, SIGUSR1) == 1, "mask %lx",
	      (unsigned long)now);
	sigprocmask(SIG_UNBLOCK, &s, NULL);

	/* An ignored signal is discarded even while blocked. */
	signal(SIGUSR2, SIG_IGN);
	sigset_t s2 = only(SIGUSR2);
	sigprocmask(SIG_BLOCK, &s2, NULL);
	raise(SIGUSR2);
	sigpending(&pend);
	CHECK("ignored_signal_not_pending", !sigismember(&pend, SIGUSR2), "pending %lx", (unsigned long)pend);
	sigprocmask(SIG_UNBLOCK, &s2, NULL);
	signal(SIGUSR2, SIG_DFL);
	signal(SIGUSR1, SIG_DFL);
}

static void test_blocked_default_kill_on_unblock(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		sigset_t s = only(SIGTERM);
		sigprocmask(SIG_BLOCK, &s, NULL);
		raise(SIGTERM);
		write(1, "", 0);
		sigprocmask(SIG_UNBLOCK, &s, NULL);   /* dies here */
		_exit(9);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	CHECK("blocked_default_signal_acts_on_unblock", WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	      "status %x", st);
}

static void test_sigsuspend(void)
{
	signal(SIGUSR1, on_sig);
	sigset_t s = only(SIGUSR1), empty, now;
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &s, NULL);
	hits = 0;
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		usleep(50000);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	errno = 0;
	int r = sigsuspend(&empty);
	int err = errno;
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK("sigsuspend_eintr_after_handler", r == -1 && err == EINTR && hits == 1, "r %d errno %d hits %d",
	      r, err, hits);
	CHECK("sigsuspend_restores_mask", sigismember(&now, SIGUSR1) == 1, "mask %lx", (unsigned long)now);
	waitpid(pid, NULL, 0);
	/* Pending already: sigsuspend returns at once. */
	hits = 0;
	raise(SIGUSR1);
	r = sigsuspend(&empty);
	CHECK("sigsuspend_pending_returns_at_once", r == -1 && hits == 1, "r %d hits %d", r, hits);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	signal(SIGUSR1, SIG_DFL);
}

static void test_sigwait(void)
{
	sigset_t s = only(SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, NULL);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		union sigval v = { .sival_int = 4242 };
		usleep(30000);
		sigqueue(parent, SIGUSR2, v);
		_exit(0);
	}
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	int r = sigwaitinfo(&s, &si);
	CHECK("sigwaitinfo_sigqueue_value", r == SIGUSR2 && si.si_signo == SIGUSR2 && si.si_code == SI_QUEUE &&
	      si.si_pid == pid && si.si_value.sival_int == 4242, "r %d signo %d code %d pid %d value %d",
	      r, si.si_signo, si.si_code, si.si_pid, si.si_value.sival_int);
	waitpid(pid, NULL, 0);

	raise(SIGUSR2);
	int sig = 0;
	r = sigwait(&s, &sig);
	CHECK("sigwait_takes_pending", r == 0 && sig == SIGUSR2, "r %d sig %d", r, sig);

	struct timespec zero = { 0, 0 }, short_wait = { 0, 50000000 };
	errno = 0;
	r = sigtimedwait(&s, NULL, &zero);
	CHECK("sigtimedwait_zero_eagain", r == -1 && errno == EAGAIN, "r %d errno %d", r, errno);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	errno = 0;
	r = sigtimedwait(&s, NULL, &short_wait);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK("sigtimedwait_times_out", r == -1 && errno == EAGAIN && ms >= 50, "r %d errno %d ms %ld", r, errno, ms);
	struct timespec bad = { 0, 2000000000L };
	errno = 0;
	CHECK("sigtimedwait_bad_timeout_einval", sigtimedwait(&s, NULL, &bad) == -1 && errno == EINVAL,
	      "errno %d", errno);
	raise(SIGUSR2);
	memset(&si, 0, sizeof(si));
	r = sigtimedwait(&s, &si, &short_wait);
	CHECK("sigtimedwait_gets_pending", r == SIGUSR2 && si.si_code == SI_USER && si.si_pid == getpid(),
	      "r %d code %d pid %d", r, si.si_code, si.si_pid);
	sigprocmask(SIG_UNBLOCK, &s, NULL);

	union sigval v = { 0 };
	errno = 0;
	CHECK("sigqueue_bad_signal_einval", sigqueue(getpid(), -3, v) == -1 && errno == EINVAL, "errno %d", errno);
	errno = 0;
	CHECK("sigqueue_no_process_esrch", sigqueue(999999, SIGUSR2, v) == -1 && errno == ESRCH, "errno %d", errno);
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static void arm_itimer(long ms)
{
	struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };
	setitimer(ITIMER_REAL, &it, NULL);
}

/* sigtimedwait waits in PM (a deadline on PM's timer list, beside the
 * process's ITIMER_REAL): a signal from another process ends the wait at
 * once with its siginfo; the process's own ITIMER_REAL fires during the
 * wait, whether its SIGALRM is in the set, caught outside it (EINTR), or
 * blocked outside it (the wait goes on to its deadline). */
static void test_sigtimedwait_in_pm(void)
{
	sigset_t s = only(SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, NULL);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		struct timespec nap = { 0, 30000000 };
		nanosleep(&nap, NULL);
		union sigval v = { .sival_int = 77 };
		sigqueue(parent, SIGUSR2, v);
		_exit(0);
	}
	struct timespec t0, two_s = { 2, 0 };
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int r = sigtimedwait(&s, &si, &two_s);
	long ms = ms_since(&t0);
	CHECK("sigtimedwait_child_signal_wakes", r == SIGUSR2 && si.si_code == SI_QUEUE && si.si_pid == pid &&
	      si.si_value.sival_int == 77 && ms < 1000, "r %d code %d pid %d/%d value %d ms %ld",
	      r, si.si_code, si.si_pid, pid, si.si_value.sival_int, ms);
	waitpid(pid, NULL, 0);

	/* SIGALRM in the set: the itimer's signal is the one taken. */
	sigset_t both = only(SIGUSR2);
	sigaddset(&both, SIGALRM);
	sigprocmask(SIG_BLOCK, &both, NULL);
	arm_itimer(50);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = sigtimedwait(&both, &si, &two_s);
	ms = ms_since(&t0);
	CHECK("sigtimedwait_takes_own_itimer_signal", r == SIGALRM && ms >= 50 && ms < 1000,
	      "r %d errno %d ms %ld", r, errno, ms);

	/* SIGALRM blocked, not in the set: the wait runs to its own deadline,
	 * and the alarm is pending after it. */
	arm_itimer(50);
	struct timespec w150 = { 0, 150000000 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	errno = 0;
	r = sigtimedwait(&s, NULL, &w150);
	ms = ms_since(&t0);
	sigset_t p;
	sigpending(&p);
	CHECK("sigtimedwait_deadline_beside_itimer", r == -1 && errno == EAGAIN && ms >= 150 &&
	      sigismember(&p, SIGALRM) == 1, "r %d errno %d ms %ld pending alrm %d", r, errno, ms,
	      sigismember(&p, SIGALRM));
	sigwaitinfo(&both, NULL);            /* take the SIGALRM */

	/* The wait's deadline before the itimer's: EAGAIN first, the alarm
	 * still comes on time after it. */
	arm_itimer(200);
	struct timespec w50 = { 0, 50000000 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	errno = 0;
	r = sigtimedwait(&s, NULL, &w50);
	long ms_wait = ms_since(&t0);
	r = r == -1 && errno == EAGAIN ? 0 : r;
	int got = sigtimedwait(&both, NULL, &two_s);
	ms = ms_since(&t0);
	CHECK("sigtimedwait_timeout_keeps_itimer", r == 0 && ms_wait >= 50 && ms_wait < 200 && got == SIGALRM &&
	      ms >= 200 && ms < 1000, "r %d wait %ld got %d at %ld", r, ms_wait, got, ms);

	/* SIGALRM caught, not in the set: its handler ends the wait, EINTR. */
	sigset_t alrm = only(SIGALRM);
	sigprocmask(SIG_UNBLOCK, &alrm, NULL);
	signal(SIGALRM, on_sig);
	hits = 0;
	arm_itimer(50);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	errno = 0;
	r = sigtimedwait(&s, NULL, &two_s);
	ms = ms_since(&t0);
	CHECK("sigtimedwait_itimer_handler_eintr", r == -1 && errno == EINTR && hits == 1 && last_sig == SIGALRM &&
	      ms >= 50 && ms < 1000, "r %d errno %d hits %d ms %ld", r, errno, hits, ms);
	signal(SIGALRM, SIG_DFL);

	/* A zero timeout only looks; a pending one is taken. */
	raise(SIGUSR2);
	struct timespec zero = { 0, 0 };
	CHECK("sigtimedwait_zero_takes_pending", sigtimedwait(&s, NULL, &zero) == SIGUSR2, "errno %d", errno);
	struct timespec neg = { -1, 0 };
	errno = 0;
	CHECK("sigtimedwait_negative_einval", sigtimedwait(&s, NULL, &neg) == -1 && errno == EINVAL,
	      "errno %d", errno);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
}

/* After exec: handlers are SIG_DFL, SIG_IGN stays, the mask and the
 * pending set stay. Exit status: one bit per thing found wrong. */
static int exec_check(void)
{
	struct sigaction a;
	int bad = 0;
	sigaction(SIGUSR1, NULL, &a);
	bad |= a.sa_handler != SIG_DFL;
	sigaction(SIGINT, NULL, &a);
	bad |= (a.sa_handler != SIG_IGN) << 1;
	sigset_t m, p;
	sigprocmask(SIG_BLOCK, NULL, &m);
	bad |= (sigismember(&m, SIGUSR1) != 1) << 2;
	sigpending(&p);
	bad |= (sigismember(&p, SIGUSR1) != 1) << 3;
	return bad;
}

static void test_exec(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGUSR1, on_sig);
		signal(SIGINT, SIG_IGN);
		sigset_t s = only(SIGUSR1);
		sigprocmask(SIG_BLOCK, &s, NULL);
		raise(SIGUSR1);
		char *argv[] = { "/test/t_sigmask", "exec-check", NULL };
		execv(argv[0], argv);
		_exit(100);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	CHECK("exec_resets_handlers_keeps_ign_mask_pending", WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "status %x", st);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exec-check"))
		return exec_check();
	PTEST_BEGIN("t_sigmask");
	test_set_functions();
	test_mask_and_pending();
	test_blocked_default_kill_on_unblock();
	test_sigsuspend();
	test_sigwait();
	test_sigtimedwait_in_pm();
	test_exec();
	return ptest_done();
}
