/*
 * Shared helpers of the file-mapping tests (test/posix/t_map*.c): page
 * patterns that differ by file and by page, scratch files, a child that
 * touches memory and is judged by its wait status, a fixed-seed PRNG.
 *
 * The tests are plain POSIX programs: each one also passes on a Linux
 * host (cc -O1 -Wall -Werror test/posix/t_mapX.c), which is how they were
 * proven before Quire had file-backed memory. Everything here is
 * `static inline` so a program that leaves a helper unused still builds
 * with -Werror.
 *
 * Scratch files live in /tmp (ext2 inside Quire), named after the
 * program, and are unlinked before the program ends.
 */
#ifndef TEST_POSIX_MAPTEST_H
#define TEST_POSIX_MAPTEST_H

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "ptest.h"

#define PG 4096

/* The byte at file offset `off` of a file written with pattern `seed`:
 * never 0 (so a zero page is told apart from data), and different for
 * each (seed, page, offset) so a page of another file or another offset
 * is caught. */
static inline unsigned char mt_pat(unsigned seed, uint64_t off)
{
	uint32_t x = seed * 2654435761u ^ (uint32_t)(off / PG) * 40503u ^ (uint32_t)off * 2246822519u;
	x ^= x >> 15;
	x *= 0x2c1b3c6dU;
	x ^= x >> 12;
	return (unsigned char)(x % 255 + 1);
}

/* Fill buf with the pattern of `seed` for file range [off, off+len). */
static inline void mt_fill(void *buf, unsigned seed, uint64_t off, size_t len)
{
	unsigned char *p = buf;
	for (size_t i = 0; i < len; i++)
		p[i] = mt_pat(seed, off + i);
}

/* The first index in [0, len) where p differs from the pattern of `seed`
 * at off, or -1 if every byte matches. */
static inline long mt_diff(const volatile void *buf, unsigned seed, uint64_t off, size_t len)
{
	const volatile unsigned char *p = buf;
	for (size_t i = 0; i < len; i++)
		if (p[i] != mt_pat(seed, off + i))
			return (long)i;
	return -1;
}

/* 1 if the len bytes at p are all 0. */
static inline int mt_zero(const volatile void *buf, size_t len)
{
	const volatile unsigned char *p = buf;
	for (size_t i = 0; i < len; i++)
		if (p[i])
			return 0;
	return 1;
}

/* Write len bytes of pattern `seed` at file offset off, in page-sized
 * pieces; 0 on success, -1 on a short or failed write. */
static inline int mt_write_pat(int fd, unsigned seed, uint64_t off, size_t len)
{
	unsigned char buf[PG];
	while (len) {
		size_t n = len < PG ? len : PG;
		mt_fill(buf, seed, off, n);
		if (pwrite(fd, buf, n, (off_t)off) != (ssize_t)n)
			return -1;
		off += n;
		len -= n;
	}
	return 0;
}

/* Create (or empty) path and give it len bytes of pattern `seed`; the
 * descriptor (O_RDWR), or -1. */
static inline int mt_make(const char *path, unsigned seed, size_t len)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	if (mt_write_pat(fd, seed, 0, len) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* 1 if the file range [off, off+len) reads back (with pread) as pattern
 * `seed`; a short read is a mismatch. */
static inline int mt_file_is(int fd, unsigned seed, uint64_t off, size_t len)
{
	unsigned char buf[PG];
	while (len) {
		size_t n = len < PG ? len : PG;
		if (pread(fd, buf, n, (off_t)off) != (ssize_t)n || mt_diff(buf, seed, off, n) >= 0)
			return 0;
		off += n;
		len -= n;
	}
	return 1;
}

/* 1 if the file range [off, off+len) reads back as zeros. */
static inline int mt_file_zero(int fd, uint64_t off, size_t len)
{
	unsigned char buf[PG];
	while (len) {
		size_t n = len < PG ? len : PG;
		if (pread(fd, buf, n, (off_t)off) != (ssize_t)n || !mt_zero(buf, n))
			return 0;
		off += n;
		len -= n;
	}
	return 1;
}

/* mmap, as the check `check`: PASS if it mapped, FAIL with the errno if
 * not (the caller then skips what needed the mapping). The mapping or
 * NULL. */
static inline unsigned char *mt_map(const char *check, void *addr, size_t len, int prot, int flags,
				    int fd, off_t off)
{
	errno = 0;
	void *p = mmap(addr, len, prot, flags, fd, off);
	int e = errno;
	CHECK(check, p != MAP_FAILED, "mmap(len %zu, prot %d, flags %#x, off %lld): %s", len, prot,
	      flags, (long long)off, strerror(e));
	return p == MAP_FAILED ? NULL : p;
}

/* The file's size, or -1. */
static inline long long mt_size(int fd)
{
	struct stat st;
	return fstat(fd, &st) == 0 ? (long long)st.st_size : -1;
}

/*
 * What a child that touches memory ends with. Quire has no signal
 * handlers yet, so SIGBUS/SIGSEGV are tested as the kill status of a
 * child: it does one access at addr and exits 0 if the access returned.
 * The result is the signal that killed it, 0 if it exited 0, or -1 for
 * anything else (a fork failure, another exit status).
 */
enum { MT_LOAD, MT_STORE };

static inline int mt_child_access(volatile unsigned char *addr, int how)
{
	fflush(stdout);
	pid_t c = fork();
	if (c < 0)
		return -1;
	if (c == 0) {
		if (how == MT_STORE)
			*addr = 0x5a;
		else
			(void)*addr;
		_exit(0);
	}
	int st = 0;
	if (waitpid(c, &st, 0) != c)
		return -1;
	if (WIFSIGNALED(st))
		return WTERMSIG(st);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* Wait for child c; 1 if it exited with status 0. */
static inline int mt_wait_ok(pid_t c)
{
	int st = 0;
	if (c < 0 || waitpid(c, &st, 0) != c)
		return 0;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* xorshift64*: the tests' own PRNG, so a seed means the same run on every
 * system (newlib's and glibc's rand() differ). */
static inline uint64_t mt_rand(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* A uniform-enough number in [0, n). */
static inline uint64_t mt_below(uint64_t *s, uint64_t n)
{
	return n ? mt_rand(s) % n : 0;
}

#endif
