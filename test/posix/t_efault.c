/* Bad pointers passed to system calls give EFAULT and disturb nothing. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ptest.h"

int main(void)
{
	PTEST_BEGIN("t_efault");
	void *const bad = (void *)0x10;
	void *const kernel = (void *)0xFFFF800000000000ULL;
	int fd = open("/tmp/t_efault", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "intact", 6);

	lseek(fd, 0, SEEK_SET);
	errno = 0;
	ssize_t r1 = read(fd, bad, 6);
	int e1 = errno;
	lseek(fd, 0, SEEK_SET);
	ssize_t r2 = read(fd, kernel, 6);
	int e2 = errno;
	CHECK("read_into_bad_pointer_efault", r1 == -1 && e1 == EFAULT && r2 == -1 && e2 == EFAULT,
	      "read %zd/%d, %zd/%d", r1, e1, r2, e2);

	ssize_t w = write(fd, bad, 6);
	int e3 = errno;
	CHECK("write_from_bad_pointer_efault", w == -1 && e3 == EFAULT, "write %zd errno %d", w, e3);

	struct stat st;
	int s1 = stat((const char *)bad, &st);
	int e4 = errno;
	int s2 = stat("/tmp/t_efault", (struct stat *)bad);
	int e5 = errno;
	CHECK("stat_bad_pointers_efault", s1 == -1 && e4 == EFAULT && s2 == -1 && e5 == EFAULT,
	      "stat path %d/%d, buffer %d/%d", s1, e4, s2, e5);

	int o = open((const char *)kernel, O_RDONLY);
	int e6 = errno;
	CHECK("open_bad_path_efault", o == -1 && e6 == EFAULT, "open %d errno %d", o, e6);

	char buf[8] = { 0 };
	ssize_t r3 = pread(fd, buf, 6, 0);
	CHECK("file_undisturbed", r3 == 6 && !memcmp(buf, "intact", 6), "read %zd '%s'", r3, buf);
	close(fd);

	/* VFS copies try-first: into and out of fresh anonymous memory whose
	 * pages were never touched, every call works in full; into memory
	 * that cannot be written it is EFAULT, and a pipe keeps its data. */
	char *fresh = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int st_ok = fresh != MAP_FAILED && stat("/tmp/t_efault", (struct stat *)fresh) == 0 &&
		    ((struct stat *)fresh)->st_size == 6;
	char *cwd = fresh != MAP_FAILED ? getcwd(fresh + 4096, 64) : NULL;
	int pfd[2];
	int piped = pipe(pfd) == 0 && write(pfd[1], "pipe", 4) == 4 &&
		    read(pfd[0], fresh + 2 * 4096, 4) == 4 && !memcmp(fresh + 2 * 4096, "pipe", 4);
	char *rd = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	write(pfd[1], "kept", 4);
	errno = 0;
	ssize_t into_ro = read(pfd[0], rd, 4);
	int e7 = errno;
	char kept[4] = { 0 };
	ssize_t after = read(pfd[0], kept, 4);
	CHECK("copies_into_untouched_memory_succeed", st_ok && cwd && !strcmp(cwd, "/") && piped,
	      "stat %d getcwd %s pipe %d", st_ok, cwd ? cwd : "(null)", piped);
	CHECK("copy_into_read_only_memory_efault_keeps_pipe_data",
	      into_ro == -1 && e7 == EFAULT && after == 4 && !memcmp(kept, "kept", 4),
	      "read %zd errno %d, then %zd '%.4s'", into_ro, e7, after, kept);
	close(pfd[0]);
	close(pfd[1]);

	/* readlink and getdents into untouched pages of a second fresh map;
	 * stat, getcwd and readlink into read-only pages are EFAULT and
	 * leave those pages as they were (all zero). */
	symlink("/tmp/t_efault", "/tmp/t_efault_ln");
	char *fresh2 = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ssize_t rl = fresh2 != MAP_FAILED ? readlink("/tmp/t_efault_ln", fresh2, 64) : -1;
	int dfd = open("/", O_RDONLY);
	int gd = fresh2 != MAP_FAILED ? getdents(dfd, fresh2 + 4096, 4096) : -1;
	close(dfd);
	CHECK("readlink_and_getdents_into_untouched_memory_succeed",
	      rl == 13 && !memcmp(fresh2, "/tmp/t_efault", 13) && gd > 0,
	      "readlink %zd getdents %d", rl, gd);
	errno = 0;
	int s_ro = stat("/tmp/t_efault", (struct stat *)rd);
	int e8 = errno;
	errno = 0;
	char *c_ro = getcwd(rd, 64);
	int e9 = errno;
	errno = 0;
	ssize_t l_ro = readlink("/tmp/t_efault_ln", rd, 64);
	int e10 = errno;
	int zero = 1;
	for (int i = 0; i < 4096; i++)
		zero &= rd[i] == 0;
	CHECK("stat_getcwd_readlink_into_read_only_memory_efault_unchanged",
	      s_ro == -1 && e8 == EFAULT && !c_ro && e9 == EFAULT && l_ro == -1 && e10 == EFAULT && zero,
	      "stat %d/%d getcwd %p/%d readlink %zd/%d zero %d", s_ro, e8, (void *)c_ro, e9, l_ro, e10, zero);

	/* A copy that straddles a writable page and a read-only one (the
	 * kernel's copies check every page of both sides before a byte
	 * moves): EFAULT, the writable bytes untouched, the data kept. */
	char *two = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int ok2 = two != MAP_FAILED && mprotect(two + 4096, 4096, PROT_READ) == 0;
	if (ok2)
		memset(two, 'x', 4096);
	int sp[2];
	ok2 = ok2 && pipe(sp) == 0 && write(sp[1], "straddle-0123456", 16) == 16;
	errno = 0;
	ssize_t st_r = ok2 ? read(sp[0], two + 4096 - 8, 16) : 0;
	int e11 = errno;
	int untouched = ok2;
	for (int i = 0; ok2 && i < 4096; i++)
		untouched &= two[i] == 'x';
	char whole[16] = { 0 };
	ssize_t st_after = ok2 ? read(sp[0], whole, 16) : 0;
	CHECK("straddling_copy_efault_writes_nothing",
	      ok2 && st_r == -1 && e11 == EFAULT && untouched && st_after == 16 &&
	      !memcmp(whole, "straddle-0123456", 16),
	      "setup %d read %zd errno %d untouched %d then %zd", ok2, st_r, e11, untouched, st_after);
	/* The other way: a write from a buffer whose second page cannot be
	 * read sends nothing. */
	int wp_ok = ok2 && mprotect(two + 4096, 4096, PROT_NONE) == 0;
	errno = 0;
	ssize_t st_w = wp_ok ? write(sp[1], two + 4096 - 8, 16) : 0;
	int e12 = errno;
	fcntl(sp[0], F_SETFL, O_NONBLOCK);
	errno = 0;
	ssize_t st_left = read(sp[0], whole, 16);
	int e13 = errno;
	CHECK("straddling_write_efault_sends_nothing",
	      wp_ok && st_w == -1 && e12 == EFAULT && st_left == -1 && e13 == EAGAIN,
	      "setup %d write %zd errno %d, pipe gave %zd errno %d", wp_ok, st_w, e12, st_left, e13);

	unlink("/tmp/t_efault_ln");
	unlink("/tmp/t_efault");
	return ptest_done();
}
