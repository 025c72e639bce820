/*
 * Wired memory and what getrusage counts of memory:
 *   - mlock makes the pages present (mincore) and succeeds for anonymous
 *     and file memory; an unaligned address is rounded down (as Linux);
 *     munlock undoes it; a range with a hole is ENOMEM for both, a range
 *     that wraps EINVAL; mlockall flags 0 or unknown EINVAL.
 *   - mlockall(MCL_CURRENT) makes everything present; MCL_FUTURE makes a
 *     new mapping present before it is touched; munlockall ends both.
 *   - RLIMIT_MEMLOCK: getrlimit gives the default (8 MiB); an ordinary
 *     user with a limit of 0 gets EPERM, past a finite limit ENOMEM, and a
 *     new mapping under MCL_FUTURE past it EAGAIN; munmap gives the
 *     wiring back; root is exempt.
 *   - fork: the child inherits neither the locks (it may lock as much as
 *     its limit allows, though its parent holds locks) nor MCL_FUTURE.
 *   - getrusage: touching pages counts minor faults; ru_maxrss (KiB)
 *     covers them; RUSAGE_CHILDREN has an ended child's faults and size.
 *   - Quire's figures: VM counts the wired pages of the process and of
 *     the system (what ps and free print), and ps and free run.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <quire/endpoints.h>
#include <quire/qposix.h>

#include "ptest.h"
#include "asuser.h"

#define PG 4096
#define FILE_PATH "/tmp/t_mlock.dat"

static void *anon(size_t len)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

/* How many of the n pages from a are resident; -1 if mincore failed. */
static int resident(void *a, int n)
{
	unsigned char vec[64];
	if (n > 64 || mincore(a, (size_t)n * PG, vec) != 0)
		return -1;
	int k = 0;
	for (int i = 0; i < n; i++)
		k += vec[i] & 1;
	return k;
}

static void test_lock_basics(void)
{
	char *a = anon(8 * PG);
	CHECK("map", a != MAP_FAILED, "%s", strerror(errno));
	CHECK("untouched_not_resident", resident(a, 8) == 0, "%d", resident(a, 8));
	CHECK("mlock", mlock(a, 8 * PG) == 0, "%s", strerror(errno));
	CHECK("mlock_makes_resident", resident(a, 8) == 8, "%d", resident(a, 8));
	CHECK("locked_memory_reads_zeros", a[0] == 0 && a[7 * PG + 100] == 0, "%d", a[0]);
	a[3 * PG] = 7;
	CHECK("locked_memory_writable", a[3 * PG] == 7, "lost");
	CHECK("munlock", munlock(a, 8 * PG) == 0, "%s", strerror(errno));
	CHECK("mlock_twice", mlock(a, PG) == 0 && mlock(a, PG) == 0 && munlock(a, PG) == 0,
	      "%s", strerror(errno));
	CHECK("mlock_unaligned_rounds_down", mlock(a + 10, 10) == 0 && munlock(a + 10, 10) == 0,
	      "%s", strerror(errno));
	CHECK("mlock_zero_length", mlock(a, 0) == 0, "%s", strerror(errno));

	munmap(a + 4 * PG, PG);                     /* a hole in the range */
	errno = 0;
	CHECK("mlock_hole_enomem", mlock(a, 8 * PG) == -1 && errno == ENOMEM, "errno %d", errno);
	errno = 0;
	CHECK("munlock_hole_enomem", munlock(a, 8 * PG) == -1 && errno == ENOMEM, "errno %d", errno);
	errno = 0;
	CHECK("mlock_wrap_einval", mlock(a, SIZE_MAX - 100) == -1 && errno == EINVAL,
	      "errno %d", errno);
	munmap(a, 8 * PG);

	errno = 0;
	CHECK("mlockall_zero_einval", mlockall(0) == -1 && errno == EINVAL, "errno %d", errno);
	errno = 0;
	CHECK("mlockall_unknown_einval", mlockall(MCL_CURRENT | 0x40) == -1 && errno == EINVAL,
	      "errno %d", errno);
}

static void test_lock_file(void)
{
	int fd = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	char buf[PG];
	memset(buf, 'f', sizeof(buf));
	int ok = fd >= 0;
	for (int i = 0; ok && i < 4; i++)
		ok = write(fd, buf, PG) == PG;
	CHECK("file_made", ok, "%s", strerror(errno));
	char *m = mmap(NULL, 4 * PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK("file_map", m != MAP_FAILED, "%s", strerror(errno));
	CHECK("file_mlock", mlock(m, 4 * PG) == 0, "%s", strerror(errno));
	CHECK("file_locked_resident", resident(m, 4) == 4 && m[3 * PG] == 'f', "%d",
	      resident(m, 4));
	CHECK("file_munmap_unlocks", munmap(m, 4 * PG) == 0, "%s", strerror(errno));
	close(fd);
	unlink(FILE_PATH);
}

static void test_lockall(void)
{
	char *a = anon(4 * PG);
	CHECK("lockall_current", mlockall(MCL_CURRENT) == 0, "%s", strerror(errno));
	CHECK("lockall_current_resident", resident(a, 4) == 4, "%d", resident(a, 4));
	CHECK("lockall_future", mlockall(MCL_CURRENT | MCL_FUTURE) == 0, "%s", strerror(errno));
	char *b = anon(4 * PG);
	CHECK("future_mapping_resident", b != MAP_FAILED && resident(b, 4) == 4, "%d",
	      resident(b, 4));
	CHECK("munlockall", munlockall() == 0, "%s", strerror(errno));
	char *c = anon(4 * PG);
	CHECK("after_munlockall_not_resident", c != MAP_FAILED && resident(c, 4) == 0, "%d",
	      resident(c, 4));
	munmap(a, 4 * PG);
	munmap(b, 4 * PG);
	munmap(c, 4 * PG);
}

static int set_memlock(rlim_t cur)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_MEMLOCK, &rl) != 0)
		return -1;
	rl.rlim_cur = cur;
	return setrlimit(RLIMIT_MEMLOCK, &rl);
}

/* As an ordinary user: the limit 0 refuses all wiring. */
static int user_limit_zero(void)
{
	char *a = anon(PG);
	if (set_memlock(0) != 0)
		return 90;
	if (mlock(a, PG) == 0)
		return 91;
	if (errno != EPERM)
		return errno;
	if (mlockall(MCL_FUTURE) == 0 || errno != EPERM)
		return 92;
	return 0;
}

/* As an ordinary user with a limit of 2 pages. */
static int user_limit_two(void)
{
	char *a = anon(4 * PG);
	if (set_memlock(2 * PG) != 0)
		return 90;
	if (mlock(a, 2 * PG) != 0)
		return 91;
	if (mlock(a + 2 * PG, PG) == 0 || errno != ENOMEM)
		return 92;
	if (mlock(a, PG) != 0)                      /* already wired: nothing more */
		return 93;
	if (munmap(a, PG) != 0 || mlock(a + 2 * PG, PG) != 0)   /* munmap gave one back */
		return 94;
	/* fork: the child holds no locks, so it may wire its two pages. */
	pid_t pid = fork();
	if (pid == 0)
		_exit(mlock(a + 2 * PG, 2 * PG) == 0 ? 0 : 95);
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return 96;
	/* munlockall gives everything back: two fresh pages fit again. */
	if (munlockall() != 0 || mlock(a + 2 * PG, 2 * PG) != 0)
		return 100;
	if (munlockall() != 0 || mlockall(MCL_FUTURE) != 0)
		return 97;
	void *big = anon(3 * PG);
	if (big != MAP_FAILED || errno != EAGAIN)
		return 98;
	return munlockall() == 0 ? 0 : 99;
}

static void test_limits(void)
{
	struct rlimit rl;
	CHECK("getrlimit_default", getrlimit(RLIMIT_MEMLOCK, &rl) == 0 &&
	      rl.rlim_cur == 8u << 20 && rl.rlim_max == 8u << 20, "%s cur %llu",
	      strerror(errno), (unsigned long long)rl.rlim_cur);
	CHECK("user_limit_zero_eperm", as_user(user_limit_zero) == 0, "%d",
	      as_user(user_limit_zero));
	int r = as_user(user_limit_two);
	CHECK("user_limit_two_pages", r == 0, "step %d", r);

	/* Root is exempt. */
	char *a = anon(4 * PG);
	CHECK("root_exempt", set_memlock(0) == 0 && mlock(a, 4 * PG) == 0, "%s", strerror(errno));
	set_memlock(8u << 20);
	munmap(a, 4 * PG);
}

/* fork does not pass MCL_FUTURE on. */
static void test_fork_future(void)
{
	CHECK("future_before_fork", mlockall(MCL_FUTURE) == 0, "%s", strerror(errno));
	pid_t pid = fork();
	if (pid == 0) {
		char *b = anon(2 * PG);
		_exit(b != MAP_FAILED && resident(b, 2) == 0 ? 0 : 1);
	}
	int st = 0;
	CHECK("child_no_future_lock", pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 0, "status %x", st);
	munlockall();
}

static void test_rusage(void)
{
	struct rusage before, after;
	CHECK("getrusage_self", getrusage(RUSAGE_SELF, &before) == 0, "%s", strerror(errno));
	char *a = anon(64 * PG);
	for (int i = 0; i < 64; i++)
		a[i * PG] = 1;
	getrusage(RUSAGE_SELF, &after);
	CHECK("minflt_counts_touches", after.ru_minflt - before.ru_minflt >= 64, "%ld -> %ld",
	      before.ru_minflt, after.ru_minflt);
	CHECK("maxrss_covers_them", after.ru_maxrss >= 64 * 4, "%ld KiB", after.ru_maxrss);
	munmap(a, 64 * PG);

	pid_t pid = fork();
	if (pid == 0) {
		char *b = anon(200 * PG);
		for (int i = 0; i < 200; i++)
			b[i * PG] = 1;
		_exit(0);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	struct rusage ch;
	CHECK("getrusage_children", getrusage(RUSAGE_CHILDREN, &ch) == 0, "%s", strerror(errno));
	CHECK("children_minflt", ch.ru_minflt >= 200, "%ld", ch.ru_minflt);
	CHECK("children_maxrss", ch.ru_maxrss >= 200 * 4, "%ld KiB", ch.ru_maxrss);
	errno = 0;
	CHECK("getrusage_bad_who", getrusage(5, &ch) == -1 && errno == EINVAL, "errno %d", errno);
}

static int run(const char *path)
{
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 1);
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static void test_figures(void)
{
	mess_vm_usage u;
	mess_vm_mstat ms0, ms1;
	char *a = anon(16 * PG);
	CHECK("memusage_before", quire_memusage(SELF, &u) == 0 && u.wired == 0, "%s wired %lu",
	      strerror(errno), (unsigned long)u.wired);
	CHECK("memstat_before", quire_memstat(&ms0) == 0, "%s", strerror(errno));
	mlock(a, 16 * PG);
	CHECK("memusage_wired", quire_memusage(SELF, &u) == 0 && u.wired == 16 &&
	      u.resident >= 16 && u.shared <= u.resident, "wired %lu resident %lu shared %lu",
	      (unsigned long)u.wired, (unsigned long)u.resident, (unsigned long)u.shared);
	CHECK("memstat_wired", quire_memstat(&ms1) == 0 && ms1.wired == ms0.wired + 16 &&
	      ms1.low_mark > 0, "wired %lu -> %lu", (unsigned long)ms0.wired,
	      (unsigned long)ms1.wired);
	munmap(a, 16 * PG);
	CHECK("memusage_after_munmap", quire_memusage(SELF, &u) == 0 && u.wired == 0, "wired %lu",
	      (unsigned long)u.wired);
	CHECK("ps_runs", run("/bin/ps") == 0, "status %x", run("/bin/ps"));
	CHECK("free_runs", run("/bin/free") == 0, "status %x", run("/bin/free"));
}

int main(void)
{
	PTEST_BEGIN("t_mlock");
	test_lock_basics();
	test_lock_file();
	test_lockall();
	test_limits();
	test_fork_future();
	test_rusage();
	test_figures();
	return ptest_done();
}
