/*
 * Time inside Quire: clocks (realtime from the CMOS clock, monotonic,
 * CPU time), sleeps, alarm and setitimer (SIGALRM's default action ends
 * the process), times() with children, sysconf and uname.
 * No upper bound on any duration is asserted (the machine may be slow).
 */
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include "ptest.h"

static int64_t ns(const struct timespec *t)
{
	return (int64_t)t->tv_sec * 1000000000ll + t->tv_nsec;
}

static int64_t mono_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return ns(&t);
}

static void test_clocks(void)
{
	struct timespec rt, m1, m2, res;
	CHECK("realtime", clock_gettime(CLOCK_REALTIME, &rt) == 0, "errno %d", errno);
	struct tm tm;
	gmtime_r(&rt.tv_sec, &tm);
	CHECK("realtime_year", tm.tm_year + 1900 >= 2024, "year %d", tm.tm_year + 1900);
	time_t t0 = time(NULL);
	CHECK("time_matches", t0 >= rt.tv_sec && t0 - rt.tv_sec < 5, "%ld vs %ld", (long)t0, (long)rt.tv_sec);
	struct timeval tv;
	CHECK("gettimeofday", gettimeofday(&tv, NULL) == 0 && tv.tv_sec >= rt.tv_sec &&
	      tv.tv_usec >= 0 && tv.tv_usec < 1000000, "%ld", (long)tv.tv_sec);
	CHECK("monotonic", clock_gettime(CLOCK_MONOTONIC, &m1) == 0, "errno %d", errno);
	CHECK("getres", clock_getres(CLOCK_MONOTONIC, &res) == 0 && ns(&res) > 0 &&
	      ns(&res) <= 10000000, "%lld", (long long)ns(&res));
	CHECK("getres_bad", clock_getres((clockid_t)99, &res) == -1 && errno == EINVAL, "errno %d", errno);
	CHECK("gettime_bad", clock_gettime((clockid_t)99, &m2) == -1 && errno == EINVAL, "errno %d", errno);
	/* A second apart, realtime and monotonic both move, monotonically. */
	sleep(1);
	struct timespec rt2;
	clock_gettime(CLOCK_REALTIME, &rt2);
	clock_gettime(CLOCK_MONOTONIC, &m2);
	CHECK("monotonic_moves", ns(&m2) - ns(&m1) >= 1000000000ll, "%lld", (long long)(ns(&m2) - ns(&m1)));
	CHECK("realtime_moves", ns(&rt2) - ns(&rt) >= 1000000000ll - 20000000ll,
	      "%lld", (long long)(ns(&rt2) - ns(&rt)));
	int64_t prev = mono_ns(), back = 0;
	for (int i = 0; i < 1000; i++) {
		int64_t now = mono_ns();
		if (now < prev)
			back++;
		prev = now;
	}
	CHECK("monotonic_never_back", back == 0, "%lld", (long long)back);
	/* CPU time: a busy loop uses some. */
	struct timespec c1, c2;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	int64_t until = mono_ns() + 100000000ll;
	volatile unsigned x = 0;
	while (mono_ns() < until)
		x++;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c2);
	CHECK("cputime_moves", ns(&c2) > ns(&c1), "%lld %lld", (long long)ns(&c1), (long long)ns(&c2));
}

static void test_settime(void)
{
	struct timespec now, after;
	clock_gettime(CLOCK_REALTIME, &now);
	struct timespec set = { .tv_sec = now.tv_sec + 3600, .tv_nsec = now.tv_nsec };
	CHECK("settime", clock_settime(CLOCK_REALTIME, &set) == 0, "errno %d", errno);
	clock_gettime(CLOCK_REALTIME, &after);
	CHECK("settime_moved", after.tv_sec >= set.tv_sec && after.tv_sec - set.tv_sec < 5,
	      "%ld", (long)after.tv_sec);
	set.tv_sec = now.tv_sec;
	clock_settime(CLOCK_REALTIME, &set);
	clock_gettime(CLOCK_REALTIME, &after);
	CHECK("settime_back", after.tv_sec - now.tv_sec < 5, "%ld", (long)(after.tv_sec - now.tv_sec));
	CHECK("settime_mono_einval", clock_settime(CLOCK_MONOTONIC, &set) == -1 && errno == EINVAL,
	      "errno %d", errno);
	struct timespec bad = { .tv_sec = 1, .tv_nsec = 1000000000L };
	CHECK("settime_nsec_einval", clock_settime(CLOCK_REALTIME, &bad) == -1 && errno == EINVAL,
	      "errno %d", errno);
	/* Only the superuser sets the clock. */
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(1000) != 0)
			_exit(2);
		int r = clock_settime(CLOCK_REALTIME, &now);
		_exit(r == -1 && errno == EPERM ? 0 : 1);
	}
	int st = -1;
	waitpid(pid, &st, 0);
	CHECK("settime_user_eperm", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %#x", st);
}

static void test_nanosleep(void)
{
	struct timespec req = { 0, 50000000L }, rem = { 7, 7 };
	int64_t t0 = mono_ns();
	CHECK("nanosleep", nanosleep(&req, &rem) == 0, "errno %d", errno);
	CHECK("nanosleep_long_enough", mono_ns() - t0 >= 50000000ll, "%lld", (long long)(mono_ns() - t0));
	struct timespec bad = { 0, 1000000000L };
	CHECK("nanosleep_einval", nanosleep(&bad, NULL) == -1 && errno == EINVAL, "errno %d", errno);
	bad.tv_nsec = -1;
	CHECK("nanosleep_neg_einval", nanosleep(&bad, NULL) == -1 && errno == EINVAL, "errno %d", errno);
	CHECK("clock_nanosleep_einval", clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL) == EINVAL, "?");
	/* Absolute: until 30 ms from now on CLOCK_MONOTONIC. */
	struct timespec abs;
	clock_gettime(CLOCK_MONOTONIC, &abs);
	int64_t target = ns(&abs) + 30000000ll;
	abs.tv_sec = target / 1000000000ll;
	abs.tv_nsec = target % 1000000000ll;
	CHECK("clock_nanosleep_abs", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL) == 0, "?");
	CHECK("clock_nanosleep_abs_reached", mono_ns() >= target, "%lld", (long long)(target - mono_ns()));
	t0 = mono_ns();
	CHECK("usleep", usleep(20000) == 0 && mono_ns() - t0 >= 20000000ll, "errno %d", errno);
}

/* A child that sets a timer and then waits: SIGALRM's default action ends
 * it. Its wait status says SIGALRM; the time it took is at least `min`. */
static void expect_alarm(const char *name, void (*arm)(void), int64_t min)
{
	int64_t t0 = mono_ns();
	pid_t pid = fork();
	if (pid == 0) {
		arm();
		for (;;)
			pause();
	}
	int st = 0;
	pid_t w = waitpid(pid, &st, 0);
	int64_t took = mono_ns() - t0;
	CHECK(name, w == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM, "status %#x", st);
	char n[64];
	snprintf(n, sizeof(n), "%s_after", name);
	CHECK(n, took >= min, "%lld ns", (long long)took);
}

static void arm_alarm(void) { alarm(1); }

static void arm_itimer(void)
{
	struct itimerval v = { .it_interval = { 0, 30000 }, .it_value = { 0, 30000 } };
	setitimer(ITIMER_REAL, &v, NULL);
}

/* The interval reloads: ignore SIGALRM, count three expiries with
 * getitimer showing a reload, then take the default back. */
static void arm_interval(void)
{
	signal(SIGALRM, SIG_IGN);
	struct itimerval v = { .it_interval = { 0, 20000 }, .it_value = { 0, 20000 } };
	setitimer(ITIMER_REAL, &v, NULL);
	int64_t until = mono_ns() + 100000000ll;     /* several periods */
	while (mono_ns() < until)
		;
	struct itimerval g;
	getitimer(ITIMER_REAL, &g);
	if (g.it_interval.tv_usec != 20000 || (g.it_value.tv_sec == 0 && g.it_value.tv_usec == 0))
		_exit(3);                                 /* not reloaded */
	signal(SIGALRM, SIG_DFL);
}

static void test_timers(void)
{
	expect_alarm("alarm_kills", arm_alarm, 1000000000ll);
	expect_alarm("itimer_kills", arm_itimer, 30000000ll);
	expect_alarm("itimer_interval", arm_interval, 100000000ll);

	CHECK("alarm_none", alarm(10) == 0, "?");
	unsigned left = alarm(0);
	CHECK("alarm_cancel_left", left >= 9 && left <= 10, "%u", left);
	CHECK("alarm_cancelled", alarm(0) == 0, "?");
	struct itimerval g;
	CHECK("getitimer_off", getitimer(ITIMER_REAL, &g) == 0 && g.it_value.tv_sec == 0 &&
	      g.it_value.tv_usec == 0, "%ld", (long)g.it_value.tv_sec);
	struct itimerval v = { .it_interval = { 0, 0 }, .it_value = { 0, 2000000 } };
	CHECK("setitimer_einval", setitimer(ITIMER_REAL, &v, NULL) == -1 && errno == EINVAL, "errno %d", errno);
	CHECK("getitimer_virtual_einval", getitimer(ITIMER_VIRTUAL, &g) == -1 && errno == EINVAL,
	      "errno %d", errno);
	/* fork clears the child's timer; the parent's stays. */
	alarm(100);
	pid_t pid = fork();
	if (pid == 0)
		_exit(alarm(0) == 0 ? 0 : 1);
	int st = 0;
	waitpid(pid, &st, 0);
	CHECK("fork_clears_alarm", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %#x", st);
	left = alarm(0);
	CHECK("parent_keeps_alarm", left >= 99 && left <= 100, "%u", left);
}

static void test_times(void)
{
	struct tms before, after;
	times(&before);
	pid_t pid = fork();
	if (pid == 0) {
		int64_t until = mono_ns() + 200000000ll;   /* 0.2 s of CPU */
		volatile unsigned x = 0;
		while (mono_ns() < until)
			x++;
		_exit(0);
	}
	struct tms mid;
	times(&mid);
	int st;
	waitpid(pid, &st, 0);
	clock_t r = times(&after);
	CHECK("times_returns", r != (clock_t)-1, "errno %d", errno);
	CHECK("times_children_before_wait", mid.tms_cutime + mid.tms_cstime == before.tms_cutime + before.tms_cstime,
	      "%ld", (long)mid.tms_cutime);
	CHECK("times_children", after.tms_cutime + after.tms_cstime - before.tms_cutime - before.tms_cstime >=
	      CLOCKS_PER_SEC / 10, "%ld %ld", (long)after.tms_cutime, (long)after.tms_cstime);
	CHECK("clocks_per_sec", CLOCKS_PER_SEC == 1000000, "%ld", (long)CLOCKS_PER_SEC);
	CHECK("clk_tck", sysconf(_SC_CLK_TCK) > 0, "%ld", sysconf(_SC_CLK_TCK));
}

static void test_sysconf(void)
{
	CHECK("sc_pagesize", sysconf(_SC_PAGESIZE) == 4096, "%ld", sysconf(_SC_PAGESIZE));
	CHECK("sc_open_max", sysconf(_SC_OPEN_MAX) >= 20, "%ld", sysconf(_SC_OPEN_MAX));
	CHECK("sc_arg_max", sysconf(_SC_ARG_MAX) >= 4096, "%ld", sysconf(_SC_ARG_MAX));
	CHECK("sc_nprocessors", sysconf(_SC_NPROCESSORS_ONLN) >= 1, "%ld", sysconf(_SC_NPROCESSORS_ONLN));
	CHECK("sc_phys_pages", sysconf(_SC_PHYS_PAGES) > 0, "%ld", sysconf(_SC_PHYS_PAGES));
	CHECK("sc_monotonic", sysconf(_SC_MONOTONIC_CLOCK) > 0, "%ld", sysconf(_SC_MONOTONIC_CLOCK));
	CHECK("sc_timers", sysconf(_SC_TIMERS) == -1 || sysconf(_SC_TIMERS) > 0, "?");
	errno = 0;
	CHECK("sc_unknown", sysconf(-5) == -1 && errno == EINVAL, "errno %d", errno);
	CHECK("pc_name_max", pathconf("/", _PC_NAME_MAX) == 255, "%ld", pathconf("/", _PC_NAME_MAX));
	struct utsname u;
	CHECK("uname", uname(&u) == 0 && strcmp(u.sysname, "Quire") == 0 && u.machine[0], "%s", u.sysname);
}

/* Timers meet handlers: SIGALRM caught interrupts what the process is
 * blocked in. nanosleep reports the time left; a pipe read gets EINTR
 * (ERESTART under SA_RESTART: it goes on and gets the data); poll and
 * select end with EINTR even under SA_RESTART, as POSIX says. */
static volatile sig_atomic_t alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

static void catch_alarm(int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = flags;
	sigaction(SIGALRM, &sa, NULL);
	alarms = 0;
}

static void arm_ms(long ms)
{
	struct itimerval v = { .it_interval = { 0, 0 }, .it_value = { ms / 1000, (ms % 1000) * 1000 } };
	setitimer(ITIMER_REAL, &v, NULL);
}

static void test_alarm_handlers(void)
{
	catch_alarm(0);
	arm_ms(100);
	struct timespec req = { 5, 0 }, rem = { 0, 0 };
	int r = nanosleep(&req, &rem);
	int err = errno;
	CHECK("nanosleep_alarm_eintr", r == -1 && err == EINTR && alarms == 1, "r %d errno %d alarms %d",
	      r, err, (int)alarms);
	CHECK("nanosleep_rem", rem.tv_sec >= 3 && rem.tv_sec <= 5 && rem.tv_nsec >= 0 &&
	      rem.tv_nsec < 1000000000L, "%ld.%09ld", (long)rem.tv_sec, rem.tv_nsec);

	catch_alarm(0);
	arm_ms(100);
	CHECK("sleep_alarm_left", sleep(5) >= 4 && alarms == 1, "alarms %d", (int)alarms);

	int p[2];
	pipe(p);
	catch_alarm(0);
	arm_ms(100);
	char c;
	ssize_t n = read(p[0], &c, 1);
	err = errno;
	CHECK("alarm_interrupts_read", n == -1 && err == EINTR && alarms == 1, "n %zd errno %d", n, err);

	/* SA_RESTART: the read goes on; a child writes after the alarm. */
	catch_alarm(SA_RESTART);
	arm_ms(50);
	pid_t pid = fork();
	if (pid == 0) {
		struct timespec d = { 0, 300000000L };
		nanosleep(&d, NULL);
		write(p[1], "x", 1);
		_exit(0);
	}
	n = read(p[0], &c, 1);
	err = errno;
	CHECK("alarm_restarts_read", n == 1 && c == 'x' && alarms == 1, "n %zd errno %d alarms %d",
	      n, err, (int)alarms);
	int st;
	waitpid(pid, &st, 0);

	catch_alarm(SA_RESTART);
	arm_ms(100);
	struct pollfd pf = { .fd = p[0], .events = POLLIN };
	r = poll(&pf, 1, 5000);
	err = errno;
	CHECK("alarm_interrupts_poll", r == -1 && err == EINTR && alarms == 1, "r %d errno %d", r, err);

	arm_ms(100);
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	struct timeval tv = { 5, 0 };
	r = select(p[0] + 1, &rd, NULL, NULL, &tv);
	err = errno;
	CHECK("alarm_interrupts_select", r == -1 && err == EINTR && alarms == 2, "r %d errno %d", r, err);
	close(p[0]);
	close(p[1]);
	signal(SIGALRM, SIG_DFL);
}

/* POSIX timers: a signal with SI_TIMER and the sigval, periodic timers,
 * SIGEV_NONE counting down, TIMER_ABSTIME, overruns, the errors, and
 * none in a forked child. */
static void test_posix_timers(void)
{
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	struct sigevent ev;
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	ev.sigev_value.sival_int = 4242;
	timer_t t;
	CHECK("timer_create", timer_create(CLOCK_MONOTONIC, &ev, &t) == 0, "%s", strerror(errno));
	struct itimerspec v = { .it_interval = { 0, 0 }, .it_value = { 0, 50000000 } };
	int64_t t0 = mono_ns();
	CHECK("timer_settime", timer_settime(t, 0, &v, NULL) == 0, "%s", strerror(errno));
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	int sig = sigwaitinfo(&set, &si);
	int64_t waited = mono_ns() - t0;
	CHECK("timer_signal_siginfo", sig == SIGUSR1 && si.si_code == SI_TIMER && si.si_value.sival_int == 4242 &&
	      waited >= 50000000ll, "sig %d code %d value %d waited %lld", sig, si.si_code,
	      si.si_value.sival_int, (long long)waited);
	struct itimerspec g;
	CHECK("timer_oneshot_disarmed", timer_gettime(t, &g) == 0 && g.it_value.tv_sec == 0 &&
	      g.it_value.tv_nsec == 0, "%ld.%09ld", (long)g.it_value.tv_sec, g.it_value.tv_nsec);

	/* Periodic: three signals, each at least a period apart in all. */
	v.it_value.tv_nsec = v.it_interval.tv_nsec = 20000000;
	t0 = mono_ns();
	timer_settime(t, 0, &v, NULL);
	int got = 0;
	for (int i = 0; i < 3; i++)
		got += sigwaitinfo(&set, &si) == SIGUSR1;
	waited = mono_ns() - t0;
	CHECK("timer_periodic", got == 3 && waited >= 60000000ll, "got %d in %lld ns", got, (long long)waited);
	/* Left alone for a while, one pending signal stands for many. */
	int64_t until = mono_ns() + 150000000ll;
	while (mono_ns() < until)
		;
	sig = sigwaitinfo(&set, &si);
	int over = timer_getoverrun(t);
	CHECK("timer_overrun", sig == SIGUSR1 && over >= 3, "sig %d overrun %d", sig, over);
	struct itimerspec prev;
	v.it_value.tv_nsec = v.it_interval.tv_nsec = 0;
	CHECK("timer_disarm_reports_old", timer_settime(t, 0, &v, &prev) == 0 &&
	      prev.it_interval.tv_nsec >= 20000000, "%ld", prev.it_interval.tv_nsec);
	CHECK("timer_delete", timer_delete(t) == 0, "%s", strerror(errno));
	errno = 0;
	CHECK("timer_deleted_einval", timer_gettime(t, &g) == -1 && errno == EINVAL, "errno %d", errno);

	/* SIGEV_NONE: no signal, but it counts down; TIMER_ABSTIME. */
	ev.sigev_notify = SIGEV_NONE;
	CHECK("timer_none_create", timer_create(CLOCK_REALTIME, &ev, &t) == 0, "%s", strerror(errno));
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	v.it_value.tv_sec = now.tv_sec + 10;
	v.it_value.tv_nsec = now.tv_nsec;
	CHECK("timer_abstime", timer_settime(t, TIMER_ABSTIME, &v, NULL) == 0 && timer_gettime(t, &g) == 0 &&
	      g.it_value.tv_sec >= 8 && g.it_value.tv_sec <= 10, "%ld", (long)g.it_value.tv_sec);
	pid_t pid = fork();
	if (pid == 0)
		_exit(timer_gettime(t, &g) == -1 && errno == EINVAL ? 0 : 1);
	int st = -1;
	waitpid(pid, &st, 0);
	CHECK("timer_not_inherited", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %#x", st);
	timer_delete(t);

	/* Errors. */
	errno = 0;
	CHECK("timer_bad_clock_einval", timer_create((clockid_t)99, NULL, &t) == -1 && errno == EINVAL,
	      "errno %d", errno);
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = 999;
	errno = 0;
	CHECK("timer_bad_signal_einval", timer_create(CLOCK_MONOTONIC, &ev, &t) == -1 && errno == EINVAL,
	      "errno %d", errno);
	CHECK("timer_default_create", timer_create(CLOCK_MONOTONIC, NULL, &t) == 0, "%s", strerror(errno));
	v.it_value.tv_sec = 0;
	v.it_value.tv_nsec = 1000000000L;
	errno = 0;
	CHECK("timer_bad_nsec_einval", timer_settime(t, 0, &v, NULL) == -1 && errno == EINVAL, "errno %d", errno);
	timer_delete(t);
	errno = 0;
	CHECK("timer_bad_id_einval", timer_delete((timer_t)77) == -1 && errno == EINVAL, "errno %d", errno);
	/* Past the process's limit (8 in Quire): EAGAIN. */
	int made = 0;
	timer_t many[64];
	errno = 0;
	while (made < 64 && timer_create(CLOCK_MONOTONIC, NULL, &many[made]) == 0)
		made++;
	int err = errno;
	CHECK("timer_limit_eagain", made >= 8 && (made == 64 || err == EAGAIN), "made %d errno %d", made, err);
	for (int i = 0; i < made; i++)
		timer_delete(many[i]);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

int main(void)
{
	PTEST_BEGIN("t_time");
	test_clocks();
	test_settime();
	test_nanosleep();
	test_timers();
	test_alarm_handlers();
	test_posix_timers();
	test_times();
	test_sysconf();
	return ptest_done();
}
