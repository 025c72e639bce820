/*
 * mincore, madvise, posix_madvise and msync do what they say, and refuse
 * what POSIX (and Linux's man pages, for mincore) say they refuse:
 *   - mincore: untouched anonymous pages are not resident, touched ones
 *     are; a file's pages read through read() are resident in a fresh
 *     mapping before it is touched (the page cache is VM's); EINVAL for
 *     an unaligned address, ENOMEM for unmapped memory, EFAULT for a
 *     vector that is not writable memory, with nothing written.
 *   - madvise(MADV_DONTNEED) of private anonymous memory: zeros after,
 *     and the pages are gone; of a MAP_SHARED file mapping: the data
 *     stays (it is the file's). MADV_WILLNEED brings a file's pages
 *     into the cache. Bad advice EINVAL; unaligned EINVAL; unmapped ENOMEM.
 *   - posix_madvise returns the error number instead of -1.
 *   - msync: MS_SYNC with MS_ASYNC is EINVAL, unknown flags EINVAL,
 *     unaligned EINVAL, unmapped ENOMEM.
 * Also passes on a Linux host: cc -O1 -Wall -o /tmp/x test/posix/t_madvise.c
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ptest.h"

#define PG 4096
#define FILE_PATH "/tmp/t_madvise.dat"

static void test_mincore(void)
{
	unsigned char vec[8];
	char *a = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("map", a != MAP_FAILED, "%s", strerror(errno));
	memset(vec, 0xee, sizeof(vec));
	CHECK("untouched_not_resident", mincore(a, 8 * PG, vec) == 0 && (vec[0] & 1) == 0 &&
	      (vec[7] & 1) == 0, "%s vec %x %x", strerror(errno), vec[0], vec[7]);
	a[2 * PG] = 1;
	a[5 * PG + 17] = 2;
	CHECK("touched_resident", mincore(a, 8 * PG, vec) == 0 && (vec[2] & 1) && (vec[5] & 1) &&
	      !(vec[3] & 1), "vec %x %x %x", vec[2], vec[5], vec[3]);
	/* The length need not be a multiple of the page size. */
	CHECK("partial_length", mincore(a + 2 * PG, 1, vec) == 0 && (vec[0] & 1), "%s", strerror(errno));
	errno = 0;
	CHECK("unaligned_einval", mincore(a + 1, PG, vec) == -1 && errno == EINVAL, "errno %d", errno);

	/* Bad vectors: EFAULT, nothing written anywhere. */
	errno = 0;
	CHECK("null_vec_efault", mincore(a, PG, NULL) == -1 && errno == EFAULT, "errno %d", errno);
	unsigned char *ro = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	errno = 0;
	CHECK("readonly_vec_efault", mincore(a, 8 * PG, ro) == -1 && errno == EFAULT && ro[0] == 0,
	      "errno %d ro[0] %d", errno, ro[0]);
	munmap(ro, PG);
	/* A vector that fits (it is in untouched memory: made present). */
	unsigned char *fresh = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("fresh_vec", mincore(a, 8 * PG, fresh) == 0 && (fresh[2] & 1) && !(fresh[0] & 1),
	      "%s", strerror(errno));
	munmap(fresh, PG);

	munmap(a + 4 * PG, PG);                     /* a hole in the range */
	errno = 0;
	CHECK("unmapped_enomem", mincore(a, 8 * PG, vec) == -1 && errno == ENOMEM, "errno %d", errno);
	munmap(a, 8 * PG);

	/* A file read with read() is in the page cache: a new mapping of it
	 * shows its pages resident before anything touches them. */
	int fd = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	char buf[PG];
	memset(buf, 'f', sizeof(buf));
	for (int i = 0; i < 4; i++)
		(void)!write(fd, buf, sizeof(buf));
	lseek(fd, 0, SEEK_SET);
	for (int i = 0; i < 4; i++)
		(void)!read(fd, buf, sizeof(buf));
	char *f = mmap(NULL, 4 * PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK("file_cached_resident", f != MAP_FAILED && mincore(f, 4 * PG, vec) == 0 &&
	      (vec[0] & 1) && (vec[3] & 1), "%s vec %x %x", strerror(errno), vec[0], vec[3]);
	munmap(f, 4 * PG);
	close(fd);
}

static void test_madvise(void)
{
	unsigned char vec[4];
	char *a = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(a, 'x', 4 * PG);
	CHECK("dontneed", madvise(a + PG, 2 * PG, MADV_DONTNEED) == 0, "%s", strerror(errno));
	CHECK("dontneed_zeros", a[PG] == 0 && a[3 * PG - 1] == 0 && a[0] == 'x' && a[3 * PG] == 'x',
	      "%d %d %d %d", a[PG], a[3 * PG - 1], a[0], a[3 * PG]);
	madvise(a + PG, PG, MADV_DONTNEED);
	CHECK("dontneed_not_resident", mincore(a, 4 * PG, vec) == 0 && !(vec[1] & 1) && (vec[0] & 1),
	      "vec %x %x", vec[0], vec[1]);
	CHECK("normal", madvise(a, 4 * PG, MADV_NORMAL) == 0, "%s", strerror(errno));
	errno = 0;
	CHECK("bad_advice_einval", madvise(a, PG, 12345) == -1 && errno == EINVAL, "errno %d", errno);
	errno = 0;
	CHECK("unaligned_einval", madvise(a + 5, PG, MADV_NORMAL) == -1 && errno == EINVAL, "errno %d", errno);
	munmap(a + 2 * PG, PG);
	errno = 0;
	CHECK("unmapped_enomem", madvise(a, 4 * PG, MADV_WILLNEED) == -1 && errno == ENOMEM,
	      "errno %d", errno);
	munmap(a, 4 * PG);

	/* A shared file mapping keeps its data through DONTNEED; WILLNEED
	 * on a file mapping succeeds and the data is the file's. */
	int fd = open(FILE_PATH, O_RDWR);
	char *f = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	f[10] = 'S';
	CHECK("shared_dontneed", madvise(f, 4 * PG, MADV_DONTNEED) == 0 && f[10] == 'S' && f[11] == 'f',
	      "%s %c %c", strerror(errno), f[10], f[11]);
	CHECK("willneed_file", madvise(f, 4 * PG, MADV_WILLNEED) == 0 && f[3 * PG] == 'f', "%s",
	      strerror(errno));
	munmap(f, 4 * PG);

	/* posix_madvise: the error number, not -1 and errno. */
	f = mmap(NULL, 4 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK("posix_madvise_ok", posix_madvise(f, 4 * PG, POSIX_MADV_SEQUENTIAL) == 0 &&
	      posix_madvise(f, 4 * PG, POSIX_MADV_WILLNEED) == 0 &&
	      posix_madvise(f, 4 * PG, POSIX_MADV_DONTNEED) == 0 && f[0] == 'f', "?");
	CHECK("posix_madvise_einval", posix_madvise(f, PG, 9999) == EINVAL, "?");
	munmap(f, 4 * PG);
	close(fd);
}

static void test_msync_errors(void)
{
	int fd = open(FILE_PATH, O_RDWR);
	char *f = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	errno = 0;
	CHECK("msync_sync_async_einval", msync(f, PG, MS_SYNC | MS_ASYNC) == -1 && errno == EINVAL,
	      "errno %d", errno);
	errno = 0;
	CHECK("msync_bad_flag_einval", msync(f, PG, 0x4000) == -1 && errno == EINVAL, "errno %d", errno);
	errno = 0;
	CHECK("msync_unaligned_einval", msync(f + 1, PG, MS_SYNC) == -1 && errno == EINVAL, "errno %d", errno);
	munmap(f + PG, PG);
	errno = 0;
	CHECK("msync_unmapped_enomem", msync(f, 4 * PG, MS_SYNC) == -1 && errno == ENOMEM, "errno %d", errno);
	munmap(f, 4 * PG);
	close(fd);
	unlink(FILE_PATH);
}

int main(void)
{
	PTEST_BEGIN("t_madvise");
	test_mincore();
	test_madvise();
	test_msync_errors();
	return ptest_done();
}
