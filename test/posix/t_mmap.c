/*
 * mmap of a descriptor goes through VFS (servers/vfs/mmap.c): every POSIX
 * error in its order, /dev/zero private and shared across fork, and a
 * regular file's first page (the file mapping suite is t_map*.c).
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "ptest.h"

#define PG 4096

/* mmap's errno, or 0 if it mapped (the mapping is undone). */
static int map_err(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	errno = 0;
	void *p = mmap(addr, len, prot, flags, fd, off);
	if (p != MAP_FAILED) {
		munmap(p, len);
		return 0;
	}
	return errno;
}

static void errors(void)
{
	int zero = open("/dev/zero", O_RDWR);
	int e;
	e = map_err(NULL, 0, PROT_READ, MAP_PRIVATE, zero, 0);
	CHECK("length_zero_einval", e == EINVAL, "errno %d", e);
	e = map_err(NULL, PG, PROT_READ, 0, zero, 0);
	CHECK("neither_shared_nor_private_einval", e == EINVAL, "errno %d", e);
	e = map_err(NULL, PG, PROT_READ, MAP_SHARED | MAP_PRIVATE, zero, 0);
	CHECK("both_shared_and_private_einval", e == EINVAL, "errno %d", e);
	e = map_err(NULL, PG, PROT_READ, MAP_PRIVATE | 0x40000000, zero, 0);
	CHECK("unknown_flag_einval", e == EINVAL, "errno %d", e);
	e = map_err(NULL, PG, PROT_READ, MAP_PRIVATE, zero, 100);
	CHECK("offset_unaligned_einval", e == EINVAL, "errno %d", e);
	e = map_err(NULL, PG, PROT_READ, MAP_PRIVATE, zero, (off_t)INT64_MAX - PG + 1);
	CHECK("offset_plus_length_overflow_einval", e == EINVAL, "errno %d", e);
	e = map_err((void *)0x40000001, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, zero, 0);
	CHECK("fixed_unaligned_einval", e == EINVAL, "errno %d", e);
	/* EINVAL comes before EBADF */
	e = map_err(NULL, 0, PROT_READ, MAP_PRIVATE, 99, 0);
	CHECK("einval_before_ebadf", e == EINVAL, "errno %d", e);
	/* the same argument errors for anonymous memory (VM's checks) */
	e = map_err(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int e2 = map_err(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0);
	CHECK("anonymous_same_einval", e == EINVAL && e2 == EINVAL, "errno %d %d", e, e2);

	e = map_err(NULL, PG, PROT_READ, MAP_PRIVATE, 99, 0);
	CHECK("fd_not_open_ebadf", e == EBADF, "errno %d", e);
	e = map_err(NULL, PG, PROT_READ, MAP_PRIVATE, -1, 0);
	CHECK("fd_minus_one_not_anonymous_ebadf", e == EBADF, "errno %d", e);

	int wo = open("/dev/zero", O_WRONLY);
	e = map_err(NULL, PG, PROT_NONE, MAP_PRIVATE, wo, 0);
	CHECK("write_only_fd_eacces", e == EACCES, "errno %d", e);
	close(wo);
	int ro = open("/dev/zero", O_RDONLY);
	e = map_err(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
	CHECK("shared_write_on_read_only_fd_eacces", e == EACCES, "errno %d", e);
	e = map_err(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
	CHECK("private_write_on_read_only_fd_ok", e == 0, "errno %d", e);
	close(ro);

	int p[2];
	pipe(p);
	e = map_err(NULL, PG, PROT_READ, MAP_PRIVATE, p[0], 0);
	CHECK("pipe_enodev", e == ENODEV, "errno %d", e);
	close(p[0]);
	close(p[1]);
	int tty = open("/dev/tty", O_RDWR);
	if (tty < 0)
		tty = dup(0);
	e = map_err(NULL, PG, PROT_READ, MAP_PRIVATE, tty, 0);
	CHECK("tty_enodev", e == ENODEV, "errno %d", e);
	close(tty);
	int dir = open("/", O_RDONLY);
	e = map_err(NULL, PG, PROT_READ, MAP_PRIVATE, dir, 0);
	CHECK("directory_enodev", e == ENODEV, "errno %d", e);
	close(dir);
	int null = open("/dev/null", O_RDWR);
	e = map_err(NULL, PG, PROT_READ, MAP_PRIVATE, null, 0);
	CHECK("dev_null_enodev", e == ENODEV, "errno %d", e);
	close(null);
	close(zero);
}

static void dev_zero_private(void)
{
	int fd = open("/dev/zero", O_RDWR);
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	close(fd);                       /* the mapping outlives the descriptor */
	CHECK("zero_private_maps", p != MAP_FAILED, "errno %d", errno);
	if (p == MAP_FAILED)
		return;
	int zeroed = 1;
	for (int i = 0; i < 2 * PG; i++)
		zeroed &= p[i] == 0;
	CHECK("zero_private_zeroed", zeroed, "a byte was not 0");
	p[0] = 'p';
	p[PG + 7] = 'q';
	CHECK("zero_private_writable_after_close", p[0] == 'p' && p[PG + 7] == 'q', "lost a store");
	pid_t c = fork();
	if (c == 0) {
		p[0] = 'c';                      /* copy on write: the parent keeps 'p' */
		_exit(p[0] == 'c' ? 0 : 1);
	}
	int st = -1;
	waitpid(c, &st, 0);
	CHECK("zero_private_not_shared_with_child", WIFEXITED(st) && WEXITSTATUS(st) == 0 && p[0] == 'p',
	      "status %d, parent sees %c", st, p[0]);
	CHECK("zero_private_munmap", munmap(p, 2 * PG) == 0, "errno %d", errno);
}

static void dev_zero_shared(void)
{
	int fd = open("/dev/zero", O_RDWR);
	volatile char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	CHECK("zero_shared_maps", p != MAP_FAILED, "errno %d", errno);
	if (p == MAP_FAILED)
		return;
	CHECK("zero_shared_zeroed", p[0] == 0 && p[PG - 1] == 0, "not zero");
	pid_t c = fork();
	if (c == 0) {
		p[10] = 's';
		_exit(0);
	}
	int st = -1;
	waitpid(c, &st, 0);
	CHECK("zero_shared_child_store_seen_by_parent", WIFEXITED(st) && p[10] == 's',
	      "status %d, parent sees %d", st, p[10]);
	CHECK("zero_shared_munmap", munmap((void *)p, PG) == 0, "errno %d", errno);
}

/* A regular file maps: its bytes, then zeros to the end of the page. */
static void regular_file(void)
{
	int fd = open("/tmp/t_mmap", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK("regular_file_written", write(fd, "file data", 9) == 9, "errno %d", errno);
	char *p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK("regular_file_maps", p != MAP_FAILED, "errno %d", errno);
	close(fd);
	unlink("/tmp/t_mmap");
	if (p == MAP_FAILED)
		return;
	int tail_zero = 1;
	for (int i = 9; i < PG; i++)
		tail_zero &= p[i] == 0;
	CHECK("regular_file_data", memcmp(p, "file data", 9) == 0, "read %.9s", p);
	CHECK("regular_file_tail_zero", tail_zero, "a byte past the end was not 0");
	CHECK("regular_file_munmap", munmap(p, PG) == 0, "errno %d", errno);
}

int main(void)
{
	PTEST_BEGIN("t_mmap");
	errors();
	dev_zero_private();
	dev_zero_shared();
	regular_file();
	return ptest_done();
}
