/* Resource limits: RLIMIT_NOFILE enforced (EMFILE on open, dup, pipe),
 * soft <= hard (EINVAL), raising a hard limit needs uid 0 (EPERM), bad
 * resources (EINVAL), inheritance on fork; RLIMIT_AS and RLIMIT_DATA
 * enforced by VM (mmap, brk: ENOMEM), RLIMIT_STACK the exec stack's size
 * (overflow: SIGSEGV), RLIMIT_CPU (SIGXCPU, then SIGKILL); getrusage. */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/resource.h>
#include <unistd.h>
#include "ptest.h"
#include "asuser.h"

static int raise_hard(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_CORE, &rl) != 0)
		return 101;
	rl.rlim_max = 0;                     /* lowering: allowed */
	rl.rlim_cur = 0;
	if (setrlimit(RLIMIT_CORE, &rl) != 0)
		return 102;
	rl.rlim_max = 4096;
	return err_of(setrlimit(RLIMIT_CORE, &rl));
}

/* RLIMIT_FSIZE 10 with SIGXFSZ ignored: a write crossing it is cut
 * short, one at it is EFBIG. 0 or the failing step. */
static int fsize_ignored(void)
{
	signal(SIGXFSZ, SIG_IGN);
	struct rlimit rl = { 10, RLIM_INFINITY };
	if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
		return 101;
	int fd = open("/tmp/rlimit_fsize", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return 102;
	char buf[20] = "0123456789abcdefghi";
	if (write(fd, buf, 20) != 10)
		return 103;
	if (write(fd, buf, 1) != -1 || errno != EFBIG)
		return 104;
	close(fd);
	return 0;
}

static int fsize_default(void)
{
	struct rlimit rl = { 4, RLIM_INFINITY };
	setrlimit(RLIMIT_FSIZE, &rl);
	int fd = open("/tmp/rlimit_fsize", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	write(fd, "0123", 4);
	write(fd, "4", 1);                   /* SIGXFSZ ends us here */
	return 0;
}


#define MiB (1024UL * 1024)

static void *map_anon(size_t len)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

/* RLIMIT_AS 256 MiB: mmap past it is ENOMEM (nothing mapped), below it
 * works; mapped memory adds up; MAP_FIXED over a mapping replaces it
 * without counting twice; munmap gives room back. 0 or the failing step. */
static int as_mmap(void)
{
	struct rlimit rl = { 256 * MiB, RLIM_INFINITY };
	if (setrlimit(RLIMIT_AS, &rl) != 0)
		return 101;
	errno = 0;
	if (map_anon(512 * MiB) != MAP_FAILED || errno != ENOMEM)
		return 102;
	char *a = map_anon(100 * MiB);
	if (a == MAP_FAILED)
		return 103;
	a[0] = 1;
	a[100 * MiB - 1] = 2;
	char *b = map_anon(100 * MiB);
	if (b == MAP_FAILED)
		return 104;
	errno = 0;
	if (map_anon(100 * MiB) != MAP_FAILED || errno != ENOMEM)
		return 105;                  /* 300 MiB with the program: past it */
	if (mmap(a, 100 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != a)
		return 106;                  /* a replacement, not an addition */
	if (a[0] != 0)
		return 107;
	if (munmap(b, 100 * MiB) != 0)
		return 108;
	char *c = map_anon(100 * MiB);
	if (c == MAP_FAILED)
		return 109;
	return 0;
}

/* RLIMIT_DATA 1 MiB: the heap may grow to it, not past (sbrk ENOMEM,
 * malloc NULL), and shrinking is always allowed. */
static int data_brk(void)
{
	struct rlimit rl = { 1 * MiB, RLIM_INFINITY };
	if (setrlimit(RLIMIT_DATA, &rl) != 0)
		return 101;
	errno = 0;
	if (sbrk(2 * MiB) != (void *)-1 || errno != ENOMEM)
		return 102;
	char *p = sbrk(256 * 1024);
	if (p == (void *)-1)
		return 103;
	p[256 * 1024 - 1] = 1;
	if (malloc(4 * MiB) != NULL)
		return 104;
	if (sbrk(-256 * 1024) == (void *)-1)
		return 105;
	return 0;
}

/* RLIMIT_AS also bounds the heap's growth. */
static int as_brk(void)
{
	struct rlimit rl = { 64 * MiB, RLIM_INFINITY };
	if (setrlimit(RLIMIT_AS, &rl) != 0)
		return 101;
	errno = 0;
	if (sbrk(128 * MiB) != (void *)-1 || errno != ENOMEM)
		return 102;
	return sbrk(1 * MiB) == (void *)-1 ? 103 : 0;
}

/* The limits go to a fork child: its mmap past them fails too. */
static int as_inherited(void)
{
	struct rlimit rl = { 128 * MiB, RLIM_INFINITY };
	if (setrlimit(RLIMIT_AS, &rl) != 0)
		return 101;
	pid_t pid = fork();
	if (pid == 0)
		_exit(map_anon(256 * MiB) == MAP_FAILED && errno == ENOMEM ? 0 : 1);
	int st = -1;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 102;
}

/* Use about kib KiB of stack: each frame's array is handed to the next
 * call, so the compiler cannot turn the recursion into a loop. */
static int __attribute__((noinline)) deep_in(int kib, volatile char *up)
{
	volatile char frame[1024];
	frame[0] = (char)kib;
	frame[1023] = up ? up[0] : 0;
	if (kib <= 1)
		return frame[0];
	return deep_in(kib - 1, frame) + frame[1023];
}

static int deep(int kib)
{
	return deep_in(kib, NULL);
}

/* Run by exec with RLIMIT_STACK 512 KiB (and RLIMIT_AS 1 GiB): the
 * limits came through exec; 256 KiB of stack is fine; 2 MiB runs off the
 * stack region: SIGSEGV. Exit 0, or the failing step. */
static int stack_after_exec(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_STACK, &rl) != 0 || rl.rlim_cur != 512 * 1024)
		return 101;
	if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur != 1024 * MiB)
		return 102;
	errno = 0;
	if (map_anon(2048 * MiB) != MAP_FAILED || errno != ENOMEM)
		return 103;
	deep(256);
	pid_t pid = fork();
	if (pid == 0) {
		deep(2048);
		_exit(0);
	}
	int st = -1;
	waitpid(pid, &st, 0);
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV ? 0 : 104;
}

static int stack_exec(void)
{
	struct rlimit rl = { 512 * 1024, 8 * MiB };
	if (setrlimit(RLIMIT_STACK, &rl) != 0)
		return 91;
	rl.rlim_cur = 1024 * MiB;
	rl.rlim_max = RLIM_INFINITY;
	if (setrlimit(RLIMIT_AS, &rl) != 0)
		return 92;
	char *argv[] = { "/test/t_rlimit", "stack-check", NULL };
	execv(argv[0], argv);
	return 93;
}

/* The default 8 MiB stack holds 2 MiB of frames. */
static int stack_default(void)
{
	deep(2048);
	return 0;
}

static int xcpu_fd = -1;
static void on_xcpu(int sig)
{
	(void)sig;
	write(xcpu_fd, "x", 1);
}

/* RLIMIT_CPU 1 s soft, 2 s hard: SIGXCPU after a second of CPU time,
 * then SIGKILL at two. Does not return. */
static int cpu_spin(void)
{
	signal(SIGXCPU, on_xcpu);
	struct rlimit rl = { 1, 2 };
	if (setrlimit(RLIMIT_CPU, &rl) != 0)
		return 101;
	for (volatile unsigned long i = 0;; i++)
		;
	return 102;
}

static int run_child(int (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn());
	int status = -1;
	waitpid(pid, &status, 0);
	return status;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "stack-check"))
		return stack_after_exec();
	PTEST_BEGIN("t_rlimit");
	struct rlimit rl;
	CHECK("nofile_default", getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur == 64 &&
	      rl.rlim_max == 64, "%llu %llu", rl.rlim_cur, rl.rlim_max);
	CHECK("bad_resource_get", getrlimit(99, &rl) == -1 && errno == EINVAL, "errno %d", errno);
	rl.rlim_cur = 10;
	rl.rlim_max = 5;
	CHECK("soft_above_hard", setrlimit(RLIMIT_NOFILE, &rl) == -1 && errno == EINVAL,
	      "errno %d", errno);
	CHECK("bad_resource_set", setrlimit(-1, &rl) == -1 && errno == EINVAL, "errno %d", errno);

	/* Descriptors 0-2 are open: a limit of 5 leaves room for 3 and 4. */
	rl.rlim_cur = 5;
	rl.rlim_max = 64;
	CHECK("nofile_lowered", setrlimit(RLIMIT_NOFILE, &rl) == 0, "errno %d", errno);
	int a = open("/etc/version", O_RDONLY), b = open("/etc/version", O_RDONLY);
	int c = open("/etc/version", O_RDONLY);
	CHECK("open_emfile_at_limit", a == 3 && b == 4 && c == -1 && errno == EMFILE,
	      "%d %d %d errno %d", a, b, c, errno);
	int d = dup(0);
	CHECK("dup_emfile_at_limit", d == -1 && errno == EMFILE, "%d errno %d", d, errno);
	close(b);
	int p[2];
	CHECK("pipe_emfile_at_limit", pipe(p) == -1 && errno == EMFILE, "errno %d", errno);
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit crl;
		_exit(getrlimit(RLIMIT_NOFILE, &crl) == 0 && crl.rlim_cur == 5 ? 0 : 1);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	CHECK("limit_inherited_on_fork", WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %x",
	      status);
	close(a);
	rl.rlim_cur = 64;
	CHECK("nofile_raised_back", setrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	      open("/etc/version", O_RDONLY) == 3, "errno %d", errno);
	close(3);

	int r = as_user(raise_hard);
	CHECK("user_raising_hard_limit_refused", r == EPERM, "got %d", r);
	rl.rlim_cur = 0;
	rl.rlim_max = 0;
	setrlimit(RLIMIT_CORE, &rl);
	rl.rlim_max = RLIM_INFINITY;
	CHECK("root_raises_hard_limit", setrlimit(RLIMIT_CORE, &rl) == 0, "errno %d", errno);

	int st = run_child(fsize_ignored);
	CHECK("fsize_cut_short_then_efbig", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %x", st);
	st = run_child(fsize_default);
	CHECK("fsize_sigxfsz_ends_the_writer", WIFSIGNALED(st) && WTERMSIG(st) == SIGXFSZ,
	      "status %x", st);
	unlink("/tmp/rlimit_fsize");

	st = run_child(as_mmap);
	CHECK("as_mmap_enomem_past_limit", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %x", st);
	st = run_child(data_brk);
	CHECK("data_brk_enomem_past_limit", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %x", st);
	st = run_child(as_brk);
	CHECK("as_bounds_brk", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %x", st);
	st = run_child(as_inherited);
	CHECK("as_inherited_on_fork", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %x", st);
	st = run_child(stack_default);
	CHECK("stack_default_holds_2mib", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %x", st);
	st = run_child(stack_exec);
	CHECK("stack_limit_sizes_exec_stack_overflow_segv", WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "status %x", st);
	rl.rlim_cur = RLIM_INFINITY;
	rl.rlim_max = RLIM_INFINITY;
	CHECK("core_any_limit_accepted", setrlimit(RLIMIT_CORE, &rl) == 0 && getrlimit(RLIMIT_CORE, &rl) == 0 &&
	      rl.rlim_cur == RLIM_INFINITY, "errno %d", errno);

	int xp[2];
	pipe(xp);
	xcpu_fd = xp[1];
	pid_t cpid = fork();
	if (cpid == 0)
		_exit(cpu_spin());
	close(xp[1]);
	waitpid(cpid, &st, 0);
	char xb[8];
	int nx = (int)read(xp[0], xb, sizeof(xb));
	close(xp[0]);
	CHECK("cpu_sigxcpu_at_soft_sigkill_at_hard", nx >= 1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "sigxcpu %d status %x", nx, st);

	struct rusage ru;
	CHECK("getrusage_self", getrusage(RUSAGE_SELF, &ru) == 0 && ru.ru_utime.tv_usec < 1000000,
	      "errno %d", errno);
	CHECK("getrusage_children", getrusage(RUSAGE_CHILDREN, &ru) == 0, "errno %d", errno);
	CHECK("getrusage_bad_who", getrusage(5, &ru) == -1 && errno == EINVAL, "errno %d", errno);
	return ptest_done();
}
