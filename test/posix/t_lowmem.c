/*
 * Memory pressure without casualties. Runs in a boot with 64 MiB of
 * memory (test/posix/memsize.txt), where the file server's cache window
 * alone may hold 32 MiB:
 *   - a file larger than memory, mapped and read twice by two processes
 *     at once while a third allocates and frees memory: every word is
 *     right, all finish, and a reader's waits for file data count as
 *     major faults;
 *   - pages written through a MAP_SHARED mapping larger than the memory
 *     left reach the file under pressure: after munmap and a pass over
 *     the big file (which pushes them out of the cache), read() finds
 *     every word;
 *   - mlocked file pages stay resident (mincore) through that pressure;
 *   - a hog that allocates without end (there is no swap) is ended alone,
 *     by SIGKILL, and afterwards free memory is back to within a few
 *     pages of what it was, and a new process runs (servers, init and the
 *     shell went on).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <quire/qposix.h>

#include "ptest.h"

#define PG 4096
#define MiB (1024 * 1024)
#define BIG_PATH "/tmp/t_lowmem.big"
#define BIG_LEN (72 * MiB)          /* more than the machine's memory */
#define DIRTY_PATH "/tmp/t_lowmem.dirty"
#define DIRTY_LEN (24 * MiB)        /* more than the memory left to processes */
#define LOCK_PATH "/tmp/t_lowmem.lock"
#define LOCK_LEN (256 * 1024)

/* The word at byte offset off of file `seed`. */
static uint64_t word(uint64_t seed, uint64_t off)
{
	return (off * 0x9e3779b97f4a7c15ULL) ^ seed;
}

/* A file of len bytes of words, written with write(). */
static int make_file(const char *path, uint64_t seed, size_t len)
{
	static uint64_t buf[16384];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	for (size_t at = 0; at < len; at += sizeof(buf)) {
		for (size_t i = 0; i < sizeof(buf) / 8; i++)
			buf[i] = word(seed, at + i * 8);
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
			close(fd);
			return -1;
		}
	}
	close(fd);
	return 0;
}

/* Read the whole mapping twice: the number of wrong words (0), or -1. */
static long read_mapped_twice(const char *path, uint64_t seed, size_t len)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	const uint64_t *m = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return -1;
	long bad = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < len / 8; i += 64)   /* 2 words a 512-byte stride */
			bad += (m[i] != word(seed, i * 8)) + (m[i + 63] != word(seed, (i + 63) * 8));
	munmap((void *)m, len);
	return bad;
}

/* Allocate, touch and free 6 MiB at a time, rounds times. */
static int allocate_rounds(int rounds)
{
	for (int r = 0; r < rounds; r++) {
		size_t len = 6 * MiB;
		char *a = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (a == MAP_FAILED)
			return 1;
		for (size_t i = 0; i < len; i += PG)
			a[i] = (char)(r + i / PG);
		for (size_t i = 0; i < len; i += PG)
			if (a[i] != (char)(r + i / PG))
				return 2;
		munmap(a, len);
	}
	return 0;
}

static int wait_status(pid_t pid)
{
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static void test_big_mapped_read(void)
{
	CHECK("big_file_made", make_file(BIG_PATH, 1, BIG_LEN) == 0, "%s", strerror(errno));
	/* Wired file pages: they must stay through all that follows. */
	int lfd = open(LOCK_PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK("lock_file_made", lfd >= 0 && make_file(LOCK_PATH, 3, LOCK_LEN) == 0, "%s",
	      strerror(errno));
	char *locked = mmap(NULL, LOCK_LEN, PROT_READ, MAP_SHARED, lfd, 0);
	close(lfd);
	CHECK("lock_file_mlock", locked != MAP_FAILED && mlock(locked, LOCK_LEN) == 0, "%s",
	      strerror(errno));

	pid_t alloc = fork();
	if (alloc == 0)
		_exit(allocate_rounds(12));
	pid_t reader[2];
	for (int i = 0; i < 2; i++) {
		reader[i] = fork();
		if (reader[i] == 0) {
			struct rusage ru;
			long bad = read_mapped_twice(BIG_PATH, 1, BIG_LEN);
			if (bad != 0)
				_exit(bad < 0 ? 2 : 3);
			_exit(getrusage(RUSAGE_SELF, &ru) == 0 && ru.ru_majflt > 0 ? 0 : 4);
		}
	}
	int rs0 = wait_status(reader[0]), rs1 = wait_status(reader[1]), as = wait_status(alloc);
	CHECK("big_read_twice_correct", WIFEXITED(rs0) && WEXITSTATUS(rs0) == 0 && WIFEXITED(rs1) &&
	      WEXITSTATUS(rs1) == 0, "status %x, %x", rs0, rs1);
	CHECK("allocator_alongside", WIFEXITED(as) && WEXITSTATUS(as) == 0, "status %x", as);
	/* The reader's mapped pages had to be taken out of its mappings
	 * (the reverse map), and nobody was ended for it. */
	mess_vm_mstat ms;
	CHECK("mapped_pages_reclaimed", quire_memstat(&ms) == 0 && ms.unmapped > 0 &&
	      ms.oom_kills == 0, "unmapped %lu, kills %lu", (unsigned long)ms.unmapped,
	      (unsigned long)ms.oom_kills);

	unsigned char vec[LOCK_LEN / PG];
	int in = 0;
	if (mincore(locked, LOCK_LEN, vec) == 0)
		for (size_t i = 0; i < sizeof(vec); i++)
			in += vec[i] & 1;
	CHECK("mlocked_stay_resident", in == LOCK_LEN / PG, "%d of %d", in, LOCK_LEN / PG);
	CHECK("mlocked_data", ((uint64_t *)locked)[100] == word(3, 800), "wrong");
	munmap(locked, LOCK_LEN);
	unlink(LOCK_PATH);
}

/* Write every word of a MAP_SHARED mapping larger than the memory left. */
static int write_shared(const char *path, uint64_t seed, size_t len)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, (off_t)len) != 0)
		return 1;
	uint64_t *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return 2;
	for (size_t i = 0; i < len / 8; i++)
		m[i] = word(seed, i * 8);
	return munmap(m, len) == 0 ? 0 : 3;
}

static void test_dirty_shared(void)
{
	pid_t w = fork();
	if (w == 0)
		_exit(write_shared(DIRTY_PATH, 2, DIRTY_LEN));
	int st = wait_status(w);
	CHECK("dirty_shared_written", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %x", st);
	/* Push the file's pages out of the cache, then read it from disk. */
	CHECK("push_out", read_mapped_twice(BIG_PATH, 1, BIG_LEN) == 0, "wrong");
	int fd = open(DIRTY_PATH, O_RDONLY);
	static uint64_t buf[8192];
	long bad = fd < 0 ? -1 : 0;
	for (size_t at = 0; fd >= 0 && at < DIRTY_LEN; at += sizeof(buf)) {
		if (read(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
			bad = -1;
			break;
		}
		for (size_t i = 0; i < sizeof(buf) / 8; i++)
			bad += buf[i] != word(2, at + i * 8);
	}
	if (fd >= 0)
		close(fd);
	CHECK("dirty_shared_reached_file", bad == 0, "%ld wrong words", bad);
	unlink(DIRTY_PATH);
}

static uint64_t free_pages(void)
{
	mess_vm_info mi;
	return quire_meminfo(-1, &mi) == 0 ? mi.free_pages : 0;
}

static void test_hog(void)
{
	unlink(BIG_PATH);                /* its cache pages go: a steady baseline */
	sync();
	uint64_t before = free_pages();
	pid_t hog = fork();
	if (hog == 0) {
		size_t len = 1024UL * MiB;
		char *a = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);
		if (a == MAP_FAILED)
			_exit(1);
		for (size_t i = 0; i < len; i += PG)
			a[i] = 1;
		_exit(2);                /* 1 GiB at 64 MiB: never gets here */
	}
	int st = wait_status(hog);
	CHECK("hog_killed_by_sigkill", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "status %x", st);
	mess_vm_mstat ms;
	CHECK("one_oom_kill", quire_memstat(&ms) == 0 && ms.oom_kills == 1, "%lu kills",
	      (unsigned long)ms.oom_kills);
	uint64_t after = free_pages();
	printf("t_lowmem: %lu pages free before the hog, %lu after it\n", (unsigned long)before,
	       (unsigned long)after);
	CHECK("free_memory_back", after + 32 >= before, "%lu pages free before, %lu after",
	      (unsigned long)before, (unsigned long)after);
	/* A new process runs: free, whose figures go to the log. */
	fflush(stdout);
	pid_t t = fork();
	if (t == 0) {
		execl("/bin/free", "free", (char *)NULL);
		_exit(127);
	}
	st = wait_status(t);
	CHECK("system_goes_on", WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %x", st);
}

int main(void)
{
	PTEST_BEGIN("t_lowmem");
	test_big_mapped_read();
	test_dirty_shared();
	test_hog();
	return ptest_done();
}
