/*
 * Many processes faulting on one file at once: N children map the same
 * file (half MAP_SHARED, half MAP_PRIVATE), wait together on a pipe the
 * parent closes, then all touch every page (each from another start, so
 * faults on one page meet), check the data and exit 0. Meanwhile another
 * child faults on anonymous memory and must finish too: a fault that
 * waits for file data must not hold up anonymous faults (VM parks file
 * faults and goes on serving others). Then a longer file child (map,
 * touch, unmap, again) runs beside an anonymous one.
 *
 * Each child is waited for with a deadline, so a hang is a FAIL line
 * naming the child and not a silent stop (the child is killed).
 */
#include "maptest.h"

#define F "/tmp/t_mapmany"
#define G "/tmp/t_mapmany.2"
#define NCHILD 6
#define FPAGES 64                        /* 256 KiB */
#define ANON_PAGES 256                   /* 1 MiB of anonymous faults */
/* What all waits of the program may take together (testrun allows 60 s
 * for the whole program); a child still running then is killed. */
static int budget_ms = 40000;

/* Wait for c within what is left of budget_ms: its exit status, -1 if it
 * was killed by a signal, -2 if it did not end in time (it is killed). */
static int wait_deadline(pid_t c)
{
	int st = 0;
	for (; budget_ms > 0; budget_ms -= 10) {
		pid_t w = waitpid(c, &st, WNOHANG);
		if (w == c)
			return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		if (w < 0)
			return -1;
		usleep(10000);
	}
	kill(c, SIGKILL);
	waitpid(c, &st, 0);
	return -2;
}

/* Child body: block until the parent closes the start pipe (none if
 * go is NULL). */
static void wait_start(int *go)
{
	char c;
	if (!go)
		return;
	close(go[1]);
	while (read(go[0], &c, 1) > 0)
		;
	close(go[0]);
}

/* Map path's npages pages (pattern seed) with flags, wait for the start,
 * touch every page starting at page `first`, check all: exit status 0 if
 * right, 2 if the map failed, 1 if a byte was wrong. */
static void file_child(const char *path, unsigned seed, int npages, int flags, int first, int *go)
{
	int fd = open(path, O_RDONLY);
	unsigned char *m = mmap(NULL, (size_t)npages * PG, PROT_READ, flags, fd, 0);
	close(fd);
	wait_start(go);
	if (m == MAP_FAILED)
		_exit(2);
	volatile unsigned sum = 0;
	for (int i = 0; i < npages; i++)
		sum += m[(size_t)((first + i) % npages) * PG + (size_t)i % PG];
	(void)sum;
	_exit(mt_diff(m, seed, 0, (size_t)npages * PG) < 0 ? 0 : 1);
}

/* Fault in `pages` fresh anonymous pages `rounds` times, writing and
 * checking each: exit status 0 if right. */
static void anon_child(int pages, int rounds, int *go)
{
	wait_start(go);
	for (int r = 0; r < rounds; r++) {
		unsigned char *m = mmap(NULL, (size_t)pages * PG, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			_exit(2);
		for (int i = 0; i < pages; i++)
			m[(size_t)i * PG + (size_t)r] = (unsigned char)(i + r + 1);
		for (int i = 0; i < pages; i++)
			if (m[(size_t)i * PG + (size_t)r] != (unsigned char)(i + r + 1) || m[(size_t)i * PG + PG - 1])
				_exit(1);
		munmap(m, (size_t)pages * PG);
	}
	_exit(0);
}

/* fork() with stdout flushed; the child runs fn and never returns. */
#define SPAWN(pid, call)                                                       \
	do {                                                                   \
		fflush(stdout);                                                \
		(pid) = fork();                                                \
		if ((pid) == 0) {                                              \
			call;                                                  \
			_exit(3);                                              \
		}                                                              \
	} while (0)

static void same_pages_at_once(void)
{
	int fd = mt_make(F, 5, FPAGES * PG);
	CHECK("many_setup", fd >= 0, "%s", strerror(errno));
	if (fd < 0)
		return;
	close(fd);
	int go[2];
	if (pipe(go) != 0) {
		CHECK("many_pipe", 0, "%s", strerror(errno));
		return;
	}
	pid_t kids[NCHILD], anon;
	for (int i = 0; i < NCHILD; i++)
		SPAWN(kids[i], file_child(F, 5, FPAGES, i % 2 ? MAP_PRIVATE : MAP_SHARED, i * FPAGES / NCHILD, go));
	SPAWN(anon, anon_child(ANON_PAGES, 1, go));
	close(go[0]);
	close(go[1]);                        /* everyone starts */
	for (int i = 0; i < NCHILD; i++) {
		char name[48];
		snprintf(name, sizeof(name), "many_child%d_%s_same_data", i, i % 2 ? "private" : "shared");
		int st = kids[i] > 0 ? wait_deadline(kids[i]) : -3;
		CHECK(name, st == 0, "child ended with %d (1 wrong data, 2 mmap failed, -1 signal, -2 hung)", st);
	}
	int st = anon > 0 ? wait_deadline(anon) : -3;
	CHECK("many_anonymous_faults_finish_meanwhile", st == 0, "child ended with %d", st);
	unlink(F);
}

/* A file child that maps, touches and unmaps a file several times beside
 * one that faults on anonymous memory all along: both finish, both right. */
static void file_and_anon_side_by_side(void)
{
	int fd = mt_make(G, 6, 2 * FPAGES * PG);
	CHECK("side_setup", fd >= 0, "%s", strerror(errno));
	if (fd < 0)
		return;
	close(fd);
	int go[2];
	if (pipe(go) != 0) {
		CHECK("side_pipe", 0, "%s", strerror(errno));
		return;
	}
	pid_t file, anon;
	SPAWN(file, {
		wait_start(go);
		for (int r = 0; r < 3; r++) {
			pid_t c = fork();     /* each pass a fresh process: all pages absent */
			if (c == 0)
				file_child(G, 6, 2 * FPAGES, MAP_SHARED, r * 7, NULL);
			if (!mt_wait_ok(c))
				_exit(1);
		}
		_exit(0);
	});
	SPAWN(anon, anon_child(ANON_PAGES / 2, 4, go));
	close(go[0]);
	close(go[1]);
	int sf = file > 0 ? wait_deadline(file) : -3;
	int sa = anon > 0 ? wait_deadline(anon) : -3;
	CHECK("side_file_faults_right", sf == 0, "file child ended with %d", sf);
	CHECK("side_anonymous_faults_right", sa == 0, "anonymous child ended with %d", sa);
	unlink(G);
}

int main(void)
{
	PTEST_BEGIN("t_mapmany");
	same_pages_at_once();
	file_and_anon_side_by_side();
	return ptest_done();
}
