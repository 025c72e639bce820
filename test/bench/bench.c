/*
 * bench: the POSIX benchmark, one source for Quire and for Linux.
 *
 *   Quire: built against newlib and libposix (test/bench/posix.mk), it is
 *          /bin/bench on the disk; init runs it when the kernel command
 *          line has "test bench", and ends the boot with its status.
 *   Linux: built with the host's compiler as a static binary
 *          (test/bench/linux-peer.sh), it is /init of an initramfs and
 *          powers the machine off when done.
 *
 * Every figure is in TSC ticks, read with lfence; rdtsc; lfence. Under
 * QEMU with -icount shift=0 a tick is one retired guest instruction (see
 * docs/performance.md for what that hides). Each figure is the median of
 * many samples. One line per metric:
 *
 *     BENCH <metric> <value> <unit>
 *     BENCH <metric> unsupported
 *
 * "unsupported" is printed only when the system says so (for a file
 * mapping: mmap fails with ENODEV); any other failure prints a
 * "bench: ..." line, no figure, and makes the exit status 1.
 *
 * Metrics, in order:
 *   getppid          a null system call (Quire: no kernel entry) ticks
 *   sched_yield      a system call that enters the kernel only    ticks
 *   signal_roundtrip kill() to itself, the handler runs, returns  ticks
 *   pipe_roundtrip   1 byte to a child and back through two pipes ticks
 *   select_ready     select() on a pipe with data, timeout 0      ticks
 *   anon_fault       first write to a page of 64 MiB anonymous     ticks/page
 *   cow_fault        write to a page shared with a forked child    ticks/page
 *   zero_read_fault  first read of a page of a PROT_READ mapping   ticks/page
 *   fork_exit_wait   fork, the child _exits, waitpid               ticks
 *   fork_exec_wait   fork, the child execs /bin/nop, waitpid       ticks
 *   file_write_2m, file_read_2m    write() / cached read() of 2 MiB   ticks/MiB
 *   file_write_16m, file_read_16m  the same with 16 MiB               ticks/MiB
 *   mmap_file_fault  first read of each page of the mapped 16 MiB file ticks/page
 *   sqlite_insert, sqlite_indexed, sqlite_scan, sqlite_update
 *                    one run of the SQLite shell per phase        ticks
 *   kvs_roundtrip    a request to the run-time kvs server and its answer ticks
 *   rs_restart       SIGKILL of kvs to the first request the restarted
 *                    kvs answers (RS, DS; docs/rs.md)                 ticks
 * Per-page and per-call figures are medians of single samples; per-MiB
 * and mmap_file_fault figures are medians of whole passes.
 */
#include "bench.h"
#ifdef __linux__
#include <sys/mount.h>
#include <sys/reboot.h>
#endif

#define FILE_LEN    (16u << 20)               /* the file benchmarks' file */
#define SMALL_LEN   (2u << 20)                /* ... and one that Quire can cache */
#define FILE_PATH   "/tmp/bench.dat"
#define SMALL_PATH  "/tmp/bench-small.dat"
#define NOP_PATH    "/bin/nop"
#define SH_PATH     "/bin/sh"
#define N_SHELLS    10

#define N_SYSCALL   2000
#define N_PIPE      1000
#define N_SIGNAL    1000
#define N_FORK      200
#define N_EXEC      100
#define N_FILE      5                         /* passes over the file */

uint64_t samples[ANON_PAGES];
char iobuf[IO_CHUNK];
int failures;

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

uint64_t median(uint64_t *s, size_t n)
{
	qsort(s, n, sizeof(*s), cmp_u64);
	return s[n / 2];
}

void report(const char *metric, uint64_t value, const char *unit)
{
	printf("BENCH %s %llu %s\n", metric, (unsigned long long)value, unit);
	fflush(stdout);
}

void unsupported(const char *metric, const char *why)
{
	printf("BENCH %s unsupported\n", metric);
	printf("bench: %s: %s\n", metric, why);
	fflush(stdout);
}

void fail(const char *metric, const char *what)
{
	printf("bench: %s: %s failed: %s\n", metric, what, strerror(errno));
	fflush(stdout);
	failures++;
}

/* Map `len` bytes of anonymous memory; 4 KiB pages on Linux too. */
static char *map_anon(size_t len, int prot)
{
	char *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_NOHUGEPAGE
	/* Linux: no transparent huge pages (and no huge zero page), so both
	 * systems take one fault per 4 KiB page. */
	madvise(p, len, MADV_NOHUGEPAGE);
#endif
	return p;
}

static void reap(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
}

/* ---- metrics ------------------------------------------------------------ */

static void bench_getppid(void)
{
	for (int i = 0; i < 100; i++)
		(void)getppid();
	for (int i = 0; i < N_SYSCALL; i++) {
		uint64_t t0 = tsc();
		(void)getppid();
		samples[i] = tsc() - t0;
	}
	report("getppid", median(samples, N_SYSCALL), "ticks");
}

/* sched_yield with nothing else to run: a system call that enters the
 * kernel and comes straight back (getppid no longer does, on Quire). */
static void bench_yield(void)
{
	for (int i = 0; i < 100; i++)
		sched_yield();
	for (int i = 0; i < N_SYSCALL; i++) {
		uint64_t t0 = tsc();
		sched_yield();
		samples[i] = tsc() - t0;
	}
	report("sched_yield", median(samples, N_SYSCALL), "ticks");
}

/* pm_roundtrip (Quire only): a request to PM and its answer, the
 * shortest server call there is (PM_GETPID, sent directly: libposix's
 * getpid no longer asks PM). It is the kernel's IPC fast path as a
 * client sees it: sendrec, PM's receive and its reply. */
#ifdef __linux__
static void bench_ipc(void)
{
	unsupported("pm_roundtrip", "no message passing in Linux");
}
#else
#include <quire/pm.h>
#include <quire/endpoints.h>
int __quire_sendrec(endpoint_t dst, message *m);

static void bench_ipc(void)
{
	message m;
	for (int i = 0; i < 100 + N_SYSCALL; i++) {
		memset(&m, 0, sizeof(m));
		m.m_type = PM_GETPID;
		uint64_t t0 = tsc();
		int r = __quire_sendrec(PM_PROC_NR, &m);
		uint64_t t = tsc() - t0;
		if (r != 0 || m.m_type != getpid()) {
			fail("pm_roundtrip", "PM_GETPID did not answer the caller's pid");
			return;
		}
		if (i >= 100)
			samples[i - 100] = t;
	}
	report("pm_roundtrip", median(samples, N_SYSCALL), "ticks");
}
#endif

static volatile int signal_hits;

static void on_bench_signal(int sig)
{
	(void)sig;
	signal_hits++;
}

/* A signal to oneself: kill() returns after the handler has run and
 * returned (POSIX), so one sample is the whole round trip. */
static void bench_signal(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_bench_signal;
	if (sigaction(SIGUSR1, &sa, NULL) != 0) {
		fail("signal_roundtrip", "sigaction");
		return;
	}
	pid_t me = getpid();
	signal_hits = 0;
	for (int i = 0; i < 100; i++)
		kill(me, SIGUSR1);
	for (int i = 0; i < N_SIGNAL; i++) {
		uint64_t t0 = tsc();
		kill(me, SIGUSR1);
		samples[i] = tsc() - t0;
	}
	signal(SIGUSR1, SIG_DFL);
	if (signal_hits != 100 + N_SIGNAL) {
		fail("signal_roundtrip", "a handler did not run");
		return;
	}
	report("signal_roundtrip", median(samples, N_SIGNAL), "ticks");
}

/* One byte to a child and one byte back, through two pipes. */
static void bench_pipe(void)
{
	int to[2], from[2];
	if (pipe(to) < 0 || pipe(from) < 0) {
		fail("pipe_roundtrip", "pipe");
		return;
	}
	pid_t pid = fork();
	if (pid < 0) {
		fail("pipe_roundtrip", "fork");
		return;
	}
	if (pid == 0) {
		char c;
		close(to[1]);
		close(from[0]);
		while (read(to[0], &c, 1) == 1)
			if (write(from[1], &c, 1) != 1)
				break;
		_exit(0);
	}
	close(to[0]);
	close(from[1]);
	char c = 'x';
	int ok = 1;
	for (int i = -50; i < N_PIPE && ok; i++) {
		uint64_t t0 = tsc();
		ok = write(to[1], &c, 1) == 1 && read(from[0], &c, 1) == 1;
		uint64_t t = tsc() - t0;
		if (i >= 0)
			samples[i] = t;
	}
	close(to[1]);
	close(from[0]);
	reap(pid);
	if (!ok) {
		fail("pipe_roundtrip", "read/write");
		return;
	}
	report("pipe_roundtrip", median(samples, N_PIPE), "ticks");
}

/* select() on the read end of a pipe that holds a byte: ready at once. */
static void bench_select(void)
{
	int p[2];
	if (pipe(p) < 0 || write(p[1], "x", 1) != 1) {
		fail("select_ready", "pipe");
		return;
	}
	int ok = 1;
	for (int i = -50; i < N_PIPE && ok; i++) {
		fd_set rs;
		FD_ZERO(&rs);
		FD_SET(p[0], &rs);
		struct timeval tv = { 0, 0 };
		uint64_t t0 = tsc();
		ok = select(p[0] + 1, &rs, NULL, NULL, &tv) == 1;
		uint64_t t = tsc() - t0;
		if (i >= 0)
			samples[i] = t;
	}
	close(p[0]);
	close(p[1]);
	if (!ok) {
		fail("select_ready", "select");
		return;
	}
	report("select_ready", median(samples, N_PIPE), "ticks");
}

/* First touch (write) of each page of 64 MiB, then copy-on-write of each
 * page while a forked child holds them all. */
static void bench_anon_and_cow(void)
{
	char *p = map_anon(ANON_LEN, PROT_READ | PROT_WRITE);
	if (!p) {
		fail("anon_fault", "mmap");
		return;
	}
	for (size_t i = 0; i < ANON_PAGES; i++) {
		uint64_t t0 = tsc();
		p[i * PAGE] = 1;
		samples[i] = tsc() - t0;
	}
	report("anon_fault", median(samples, ANON_PAGES), "ticks/page");

	pid_t pid = fork();
	if (pid < 0) {
		fail("cow_fault", "fork");
		munmap(p, ANON_LEN);
		return;
	}
	if (pid == 0) {
		for (;;)
			pause();
	}
	for (size_t i = 0; i < ANON_PAGES; i++) {
		uint64_t t0 = tsc();
		p[i * PAGE] = 2;
		samples[i] = tsc() - t0;
	}
	kill(pid, SIGKILL);
	reap(pid);
	report("cow_fault", median(samples, ANON_PAGES), "ticks/page");
	munmap(p, ANON_LEN);
}

/* Read each page of a fresh read-only mapping: the shared zero page. */
static void bench_zero_read(void)
{
	char *p = map_anon(ANON_LEN, PROT_READ);
	if (!p) {
		fail("zero_read_fault", "mmap");
		return;
	}
	for (size_t i = 0; i < ANON_PAGES; i++) {
		uint64_t t0 = tsc();
		(void)*(volatile char *)(p + i * PAGE);
		samples[i] = tsc() - t0;
	}
	report("zero_read_fault", median(samples, ANON_PAGES), "ticks/page");
	munmap(p, ANON_LEN);
}

static void bench_fork_exit(void)
{
	for (int i = -5; i < N_FORK; i++) {
		uint64_t t0 = tsc();
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid < 0) {
			fail("fork_exit_wait", "fork");
			return;
		}
		reap(pid);
		uint64_t t = tsc() - t0;
		if (i >= 0)
			samples[i] = t;
	}
	report("fork_exit_wait", median(samples, N_FORK), "ticks");
}

static void bench_fork_exec(void)
{
	char *const argv[] = { "nop", NULL };
	char *const envp[] = { "PATH=/bin", NULL };
	struct stat st;
	if (stat(NOP_PATH, &st) < 0) {
		fail("fork_exec_wait", "stat " NOP_PATH);
		return;
	}
	for (int i = -3; i < N_EXEC; i++) {
		uint64_t t0 = tsc();
		pid_t pid = fork();
		if (pid == 0) {
			execve(NOP_PATH, argv, envp);
			_exit(127);
		}
		if (pid < 0) {
			fail("fork_exec_wait", "fork");
			return;
		}
		int status;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		uint64_t t = tsc() - t0;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			errno = ENOEXEC;
			fail("fork_exec_wait", "exec " NOP_PATH);
			return;
		}
		if (i >= 0)
			samples[i] = t;
	}
	report("fork_exec_wait", median(samples, N_EXEC), "ticks");
}

/*
 * ten_shells: the memory ten idle shells take, in KiB: the fall of VM's
 * free memory (page cache not counted: it is given back first) when ten
 * more shells are started, each waiting on an empty pipe for commands.
 * One shell runs first, so the program's pages are already in the cache
 * and the figure is what each further shell costs: with exec mapping text
 * and read-only data from the page cache, those pages are shared.
 * Quire only (the Linux peer's initramfs has no shell).
 */
#ifdef __linux__
static void bench_ten_shells(void)
{
	unsupported("ten_shells", "no shell in the Linux peer's initramfs");
}
#else
static uint64_t free_pages(void)
{
	mess_vm_info mi;
	return quire_meminfo(-1, &mi) < 0 ? 0 : mi.free_pages;
}

/* A shell reading commands from the pipe p (stdin); its pid or -1. */
static pid_t start_shell(int p[2])
{
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[0], 0);
		close(p[0]);
		close(p[1]);
		char *const argv[] = { "sh", NULL };
		char *const envp[] = { "PATH=/bin", NULL };
		execve(SH_PATH, argv, envp);
		_exit(127);
	}
	return pid;
}

static void bench_ten_shells(void)
{
	int p[2];
	pid_t pids[N_SHELLS + 1];
	int n = 0;
	if (pipe(p) < 0) {
		fail("ten_shells", "pipe");
		return;
	}
	pids[n++] = start_shell(p);
	sleep(1);                                   /* it waits in read() */
	uint64_t before = free_pages();
	while (n < N_SHELLS + 1 && (pids[n] = start_shell(p)) > 0)
		n++;
	sleep(1);
	uint64_t after = free_pages();
	close(p[1]);                                /* end of file: they exit */
	close(p[0]);
	for (int i = 0; i < n; i++)
		if (pids[i] > 0)
			reap(pids[i]);
	if (n != N_SHELLS + 1 || before == 0 || after == 0) {
		fail("ten_shells", "start the shells");
		return;
	}
	report("ten_shells", (before > after ? before - after : 0) * (PAGE / 1024), "KiB");
}
#endif

/* Read the whole file (len bytes) from offset 0; 0 or -1. */
static int read_all(int fd, size_t len)
{
	if (lseek(fd, 0, SEEK_SET) != 0)
		return -1;
	size_t done = 0;
	while (done < len) {
		ssize_t n = read(fd, iobuf, IO_CHUNK);
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

static int write_all(int fd, size_t len)
{
	for (size_t done = 0; done < len; ) {
		ssize_t n = write(fd, iobuf, IO_CHUNK);
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

/*
 * write() `len` bytes into a truncated file, N_FILE times (the fsync
 * after each pass is not timed), then read() it back N_FILE times after
 * one warming pass; ticks per MiB, the median pass. Returns the file,
 * open for reading, or -1.
 */
static int bench_file_rw(const char *path, size_t len, const char *wname, const char *rname)
{
	uint64_t s[N_FILE];
	uint64_t mib = len >> 20;
	for (int r = 0; r < N_FILE; r++) {
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0) {
			fail(wname, "open");
			return -1;
		}
		uint64_t t0 = tsc();
		int err = write_all(fd, len);
		s[r] = (tsc() - t0) / mib;
		if (err < 0 || fsync(fd) < 0) {
			fail(wname, "write/fsync");
			close(fd);
			return -1;
		}
		close(fd);
	}
	report(wname, median(s, N_FILE), "ticks/MiB");

	int fd = open(path, O_RDONLY);
	if (fd < 0 || read_all(fd, len) < 0) {      /* warm the cache */
		fail(rname, "open/read");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	for (int r = 0; r < N_FILE; r++) {
		uint64_t t0 = tsc();
		if (read_all(fd, len) < 0) {
			fail(rname, "read");
			close(fd);
			return -1;
		}
		s[r] = (tsc() - t0) / mib;
	}
	report(rname, median(s, N_FILE), "ticks/MiB");
	return fd;
}

/* Touch each page of a read-only mapping of the file; one figure per
 * pass is the pass's ticks over its pages (Linux maps up to 16 cached
 * pages per fault, "fault-around", so single-page samples would mostly
 * show no fault at all). */
static void bench_mmap_file(int fd, size_t len)
{
	uint64_t s[N_FILE];
	size_t pages = len / PAGE;
	for (int r = 0; r < N_FILE; r++) {
		char *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED) {
			if (errno == ENODEV)
				unsupported("mmap_file_fault", "mmap of a file: ENODEV");
			else
				fail("mmap_file_fault", "mmap");
			return;
		}
		uint64_t t0 = tsc();
		for (size_t i = 0; i < pages; i++)
			(void)*(volatile char *)(p + i * PAGE);
		s[r] = (tsc() - t0) / pages;
		munmap(p, len);
	}
	report("mmap_file_fault", median(s, N_FILE), "ticks/page");
}

/* Files: a small one that fits Quire's block cache (4 MiB today), then
 * the 16 MiB one, which is also mapped. */
static void bench_files(void)
{
	for (size_t i = 0; i < IO_CHUNK; i++)
		iobuf[i] = (char)(i * 7 + 1);
	int fd = bench_file_rw(SMALL_PATH, SMALL_LEN, "file_write_2m", "file_read_2m");
	if (fd >= 0)
		close(fd);
	unlink(SMALL_PATH);
	fd = bench_file_rw(FILE_PATH, FILE_LEN, "file_write_16m", "file_read_16m");
	if (fd >= 0) {
		bench_mmap_file(fd, FILE_LEN);
		close(fd);
	}
	unlink(FILE_PATH);
}

#ifdef __linux__
/* As /init of an initramfs: make sure of a console and a /tmp. */
static void linux_init(void)
{
	if (fcntl(1, F_GETFD) < 0) {
		mkdir("/dev", 0755);
		mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
		int fd = open("/dev/console", O_RDWR);
		if (fd >= 0) {
			for (int i = 0; i < 3; i++)
				if (fd != i)
					dup2(fd, i);
			if (fd > 2)
				close(fd);
		}
	}
	mkdir("/tmp", 01777);
}
#endif

/* The groups of metrics, in the order of a full run. `./build.sh profile
 * GROUP` runs one of them again and again (main's arguments). */
static const struct group {
	const char *name;
	void (*run)(void);
} groups[] = {
	{ "getppid", bench_getppid },   { "yield", bench_yield },
	{ "ipc", bench_ipc },
	{ "signal", bench_signal },
	{ "pipe", bench_pipe },         { "select", bench_select },
	{ "anon", bench_anon_and_cow }, { "zero_read", bench_zero_read },
	{ "fork_exit", bench_fork_exit }, { "fork_exec", bench_fork_exec },
	{ "ten_shells", bench_ten_shells }, { "files", bench_files },
	{ "sqlite", bench_sqlite },     { "rs", bench_rs },
};
#define N_GROUPS (int)(sizeof(groups) / sizeof(groups[0]))

/* bench [GROUP [REPEAT]]: all groups once, or GROUP REPEAT times between
 * two "bench: profile" lines that ./build.sh profile samples between. */
int main(int argc, char **argv)
{
#ifdef __linux__
	linux_init();
	if (getpid() == 1)
		argc = 1;       /* /init: argv holds kernel parameters, not a group */
	printf("bench: starting (Linux)\n");
#else
	printf("bench: starting (Quire)\n");
#endif
	fflush(stdout);
	if (argc > 1) {
		int repeat = argc > 2 ? atoi(argv[2]) : 1;
		const struct group *g = NULL;
		for (int i = 0; i < N_GROUPS; i++)
			if (strcmp(groups[i].name, argv[1]) == 0)
				g = &groups[i];
		if (!g || repeat < 0) {
			printf("bench: usage: bench [GROUP [REPEAT]]; groups:");
			for (int i = 0; i < N_GROUPS; i++)
				printf(" %s", groups[i].name);
			printf("\n");
			return 2;
		}
		g->run();                       /* warm: caches, first faults */
		printf("bench: profile start %s x%d\n", g->name, repeat);
		fflush(stdout);
		for (int i = 0; i < repeat; i++)
			g->run();
		printf("bench: profile end\n");
	} else {
		for (int i = 0; i < N_GROUPS; i++)
			groups[i].run();
	}
	printf("bench: done, %d failure%s\n", failures, failures == 1 ? "" : "s");
	fflush(stdout);
#ifdef __linux__
	if (getpid() == 1) {
		sync();
		reboot(RB_POWER_OFF);
	}
#endif
	return failures ? 1 : 0;
}
