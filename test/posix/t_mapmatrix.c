/*
 * System calls whose buffer is fresh memory with every page absent:
 * operations x targets x buffers.
 *   operations that fill the buffer: read, fstat, getdents, readlink,
 *     stat, read from a pipe;
 *   operations that take from it: write, write to a pipe, and the path
 *     of open, stat and symlink (the path bytes come from the buffer);
 *   targets: a regular file, a directory, /dev/zero, the RAM disk
 *     (/dev/ram), a pipe, where the operation applies;
 *   buffers: anonymous memory, a MAP_PRIVATE writable file mapping, a
 *     PROT_READ file mapping, each mapped afresh for each case; the bytes
 *     used straddle the boundary of its two pages.
 * A writable buffer gets exactly what the same call gives into ordinary
 * memory. A read-only buffer as a destination is EFAULT with nothing
 * partial: the buffer still holds its file's bytes, and the target is as
 * it was (the same call into ordinary memory right after gives the
 * reference answer: the offset did not move, the pipe kept its data).
 * As a source every buffer works.
 */
#include <dirent.h>
#include "maptest.h"

#ifdef __linux__
#include <sys/syscall.h>
/* glibc has no getdents(); the raw call is the same idea. */
static int mt_getdents(int fd, void *buf, size_t n)
{
	return (int)syscall(SYS_getdents64, fd, buf, n);
}
/* Linux hosts seldom give a user a RAM disk node (brd); a tmpfs file
 * stands in for it there, only to prove this program on the host. */
#define RAMDISK "/dev/shm/t_mapmatrix.ram"
#define RAM_CREATE O_CREAT
#define DE_RECLEN 16                     /* struct linux_dirent64's layout */
#define DE_NAME 19
#else
#define mt_getdents getdents             /* Quire's, from <sys/dirent.h> */
#define RAMDISK "/dev/ram"               /* the memory driver's RAM disk */
#define RAM_CREATE 0
#include <stddef.h>
#include <quire/stat.h>
#define DE_RECLEN offsetof(struct qdirent, reclen)
#define DE_NAME offsetof(struct qdirent, name)
#endif

#define DIR_PATH "/tmp/t_mapmatrix.dir"
#define BUF_FILE "/tmp/t_mapmatrix.buf"  /* 2 pages of pattern 21: file buffers */
#define PATH_FILE "/tmp/t_mapmatrix.paths" /* each target's path, see path_buf */
#define LINK "/tmp/t_mapmatrix.sl"
#define OFF (PG - 64)                    /* where in a buffer the bytes go */
#define RW_LEN 300                       /* bytes read or written */
#define PATH_AT 5                        /* path bytes before the page boundary */

enum { T_REG, T_DIR, T_ZERO, T_RAM, T_PIPE, NT };
enum { B_ANON, B_PRIVATE, B_READONLY, NB };
static const char *const bname[NB] = { "anon", "private", "readonly" };

static struct target {
	const char *name;
	const char *path;                /* NULL for the pipe */
	char link[48];                   /* a symlink to path */
	int fd;                          /* open on it (the pipe's read end) */
	int wfd;                         /* the pipe's write end */
} tg[NT] = {
	[T_REG] = { "reg", "/tmp/t_mapmatrix.reg" },
	[T_DIR] = { "dir", DIR_PATH },
	[T_ZERO] = { "zero", "/dev/zero" },
	[T_RAM] = { "ram", RAMDISK },
	[T_PIPE] = { "pipe", NULL },
};

static int buf_fd = -1, path_fd = -1;

/* A fresh 2-page buffer of kind b (file buffers show pattern 21), or NULL. */
static unsigned char *fresh_buf(int b)
{
	void *m = MAP_FAILED;
	if (b == B_ANON)
		m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	else if (b == B_PRIVATE)
		m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, buf_fd, 0);
	else
		m = mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, buf_fd, 0);
	return m == MAP_FAILED ? NULL : m;
}

/* A fresh 2-page buffer of kind b holding target t's path, which crosses
 * the page boundary (file buffers: PATH_FILE's pages 2t and 2t+1 hold the
 * path at PG - PATH_AT). Anonymous memory must be written to hold it: the
 * path ends at the boundary and its NUL is in the untouched second page.
 * *base gets the mapping; the path, or NULL. */
static char *path_buf(int b, int t, unsigned char **base)
{
	void *m;
	if (b == B_ANON)
		m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	else
		m = mmap(NULL, 2 * PG, b == B_PRIVATE ? PROT_READ | PROT_WRITE : PROT_READ,
			 b == B_PRIVATE ? MAP_PRIVATE : MAP_SHARED, path_fd, (off_t)t * 2 * PG);
	if (m == MAP_FAILED)
		return NULL;
	*base = m;
	if (b != B_ANON)
		return (char *)m + PG - PATH_AT;
	size_t n = strlen(tg[t].path);
	memcpy((char *)m + PG - n, tg[t].path, n);
	return (char *)m + PG - n;
}

/* ---- operations that fill the buffer ---- */
enum { D_READ, D_FSTAT, D_GETDENTS, D_READLINK, D_STAT, ND };
static const char *const dname[ND] = { "read", "fstat", "getdents", "readlink", "stat" };

static int applies(int op, int t)
{
	switch (op) {
	case D_READ: return t != T_DIR;
	case D_GETDENTS: return t == T_DIR;
	default: return t != T_PIPE;
	}
}

/* Put the target where the call starts from: offset 0, data in the pipe. */
static void reset(int op, int t)
{
	unsigned char data[RW_LEN];
	if (op == D_READ && t == T_PIPE) {
		mt_fill(data, 51, 0, RW_LEN);
		write(tg[t].wfd, data, RW_LEN);
	} else if (op == D_READ || op == D_GETDENTS) {
		lseek(tg[t].fd, 0, SEEK_SET);
	}
}

static long dest_op(int op, int t, void *buf)
{
	switch (op) {
	case D_READ: return read(tg[t].fd, buf, RW_LEN);
	case D_FSTAT: return fstat(tg[t].fd, buf);
	case D_GETDENTS: return mt_getdents(tg[t].fd, buf, PG);
	case D_READLINK: return readlink(tg[t].link, buf, 64);
	default: return stat(tg[t].path, buf);
	}
}

static int same_stat(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_mode == b->st_mode &&
	       a->st_nlink == b->st_nlink && a->st_rdev == b->st_rdev && a->st_size == b->st_size;
}

/* The same entries (inode and name, in order) in two getdents answers of
 * len bytes; the padding between records is left unspecified. */
static int same_dirents(const unsigned char *a, const unsigned char *b, long len)
{
	for (long at = 0; at < len;) {
		uint64_t ia, ib;
		uint16_t ra, rb;
		memcpy(&ia, a + at, 8);
		memcpy(&ib, b + at, 8);
		memcpy(&ra, a + at + DE_RECLEN, 2);
		memcpy(&rb, b + at + DE_RECLEN, 2);
		if (ia != ib || ra != rb || ra <= DE_NAME || at + ra > len ||
		    strncmp((const char *)a + at + DE_NAME, (const char *)b + at + DE_NAME, ra - DE_NAME))
			return 0;
		at += ra;
	}
	return 1;
}

/* The answers r (of the call into `got`) and rref (into `ref`) agree. */
static int same_answer(int op, long r, const void *got, long rref, const void *ref)
{
	if (r != rref || r < 0)
		return 0;
	if (op == D_FSTAT || op == D_STAT) {
		struct stat a;
		memcpy(&a, got, sizeof(a));      /* got may be unaligned for struct stat */
		return same_stat(&a, ref);
	}
	if (op == D_GETDENTS)
		return same_dirents(got, ref, r);
	return memcmp(got, ref, (size_t)r) == 0;
}

static void dest_case(int op, int t, int b)
{
	char name[64];
	snprintf(name, sizeof(name), "%s_%s_%s", dname[op], tg[t].name, bname[b]);
	_Alignas(16) unsigned char ref[PG], after[PG];
	/* the buffer first: if it cannot be mapped, the pipe stays empty */
	unsigned char *m = fresh_buf(b);
	if (!m) {
		CHECK(name, 0, "mmap: %s", strerror(errno));
		return;
	}
	reset(op, t);
	long rref = dest_op(op, t, ref);
	reset(op, t);
	unsigned char *at = m + OFF;
	if (op == D_FSTAT || op == D_STAT)
		at = m + PG - 64;                /* 8-aligned, across the boundary */
	errno = 0;
	long r = dest_op(op, t, at);
	int e = errno;
	if (b != B_READONLY) {
		CHECK(name, rref >= 0 && same_answer(op, r, at, rref, ref), "returned %ld errno %d (reference %ld)",
		      r, e, rref);
	} else {
		int kept = mt_diff(m, 21, 0, 2 * PG) < 0;
		long ra = dest_op(op, t, after);
		CHECK(name, r == -1 && e == EFAULT && kept && same_answer(op, ra, after, rref, ref),
		      "returned %ld errno %d, buffer %s, the same call after gives %ld (reference %ld)", r, e,
		      kept ? "kept" : "changed", ra, rref);
	}
	munmap(m, 2 * PG);
}

/* ---- operations that take from the buffer ---- */
enum { S_WRITE, S_OPEN, S_STAT, S_SYMLINK, NS };
static const char *const sname[NS] = { "write", "open_path", "stat_path", "symlink_path" };

/* write() of RW_LEN bytes at OFF of a fresh buffer to the target; the
 * target then holds them (the pipe gives them back, /dev/zero takes them
 * all). Anonymous buffers hold zeros, file buffers pattern 21. */
static void write_case(int t, int b)
{
	char name[64];
	snprintf(name, sizeof(name), "write_%s_%s", tg[t].name, bname[b]);
	unsigned char want[RW_LEN], got[RW_LEN];
	if (b == B_ANON)
		memset(want, 0, RW_LEN);
	else
		mt_fill(want, 21, OFF, RW_LEN);
	unsigned char *m = fresh_buf(b);
	if (!m) {
		CHECK(name, 0, "mmap: %s", strerror(errno));
		return;
	}
	if (t != T_PIPE)
		lseek(tg[t].fd, 0, SEEK_SET);
	errno = 0;
	ssize_t n = write(t == T_PIPE ? tg[t].wfd : tg[t].fd, m + OFF, RW_LEN);
	int e = errno;
	ssize_t back = RW_LEN;
	memcpy(got, want, RW_LEN);
	if (t == T_PIPE)
		back = n == RW_LEN ? read(tg[t].fd, got, RW_LEN) : -1;
	else if (t != T_ZERO)
		back = pread(tg[t].fd, got, RW_LEN, 0);
	CHECK(name, n == RW_LEN && back == RW_LEN && !memcmp(got, want, RW_LEN),
	      "write %zd errno %d, read back %zd", n, e, back);
	munmap(m, 2 * PG);
}

static void path_case(int op, int t, int b)
{
	char name[64];
	snprintf(name, sizeof(name), "%s_%s_%s", sname[op], tg[t].name, bname[b]);
	struct stat want, st;
	stat(tg[t].path, &want);
	unsigned char *base = NULL;
	char *p = path_buf(b, t, &base);
	if (!p) {
		CHECK(name, 0, "mmap: %s", strerror(errno));
		return;
	}
	int ok = 0, e = 0;
	errno = 0;
	if (op == S_OPEN) {
		int fd = open(p, O_RDONLY);
		e = errno;
		ok = fd >= 0 && fstat(fd, &st) == 0 && same_stat(&st, &want);
		close(fd);
	} else if (op == S_STAT) {
		ok = stat(p, &st) == 0 && same_stat(&st, &want);
		e = errno;
	} else {
		unlink(LINK);
		char got[64];
		ok = symlink(p, LINK) == 0;
		e = errno;
		ssize_t n = ok ? readlink(LINK, got, sizeof(got)) : -1;
		ok = ok && n == (ssize_t)strlen(tg[t].path) && !memcmp(got, tg[t].path, (size_t)n);
		unlink(LINK);
	}
	CHECK(name, ok, "errno %d", e);
	munmap(base, 2 * PG);
}

/* ---- setup ---- */
static int setup(void)
{
	int ok = 1;
	mkdir(DIR_PATH, 0755);
	for (int i = 0; i < 5; i++) {
		char f[64];
		snprintf(f, sizeof(f), DIR_PATH "/entry%d", i);
		int fd = open(f, O_WRONLY | O_CREAT, 0644);
		ok &= fd >= 0;
		close(fd);
	}
	buf_fd = mt_make(BUF_FILE, 21, 2 * PG);
	int reg = mt_make(tg[T_REG].path, 31, 2 * PG);
	close(reg);
	tg[T_REG].fd = open(tg[T_REG].path, O_RDWR);
	tg[T_DIR].fd = open(DIR_PATH, O_RDONLY);
	tg[T_ZERO].fd = open("/dev/zero", O_RDWR);
	tg[T_RAM].fd = open(RAMDISK, O_RDWR | RAM_CREATE, 0644);
	int p[2] = { -1, -1 };
	ok &= pipe(p) == 0;
	tg[T_PIPE].fd = p[0];
	tg[T_PIPE].wfd = p[1];
	ok &= buf_fd >= 0 && mt_write_pat(tg[T_RAM].fd, 41, 0, 2 * PG) == 0;
	/* the paths file: target t's path at page 2t + 1 less PATH_AT, NUL after */
	path_fd = open(PATH_FILE, O_RDWR | O_CREAT | O_TRUNC, 0644);
	for (int t = 0; t < T_PIPE; t++) {
		ok &= tg[t].fd >= 0;
		snprintf(tg[t].link, sizeof(tg[t].link), "/tmp/t_mapmatrix.l%s", tg[t].name);
		unlink(tg[t].link);
		ok &= symlink(tg[t].path, tg[t].link) == 0;
		size_t n = strlen(tg[t].path) + 1;
		ok &= pwrite(path_fd, tg[t].path, n, (off_t)(2 * t + 1) * PG - PATH_AT) == (ssize_t)n;
	}
	ok &= ftruncate(path_fd, 2 * T_PIPE * PG) == 0;
	CHECK("setup", ok, "a file, link or device would not open (%s)", strerror(errno));
	return ok;
}

static void cleanup(void)
{
	for (int t = 0; t < NT; t++) {
		close(tg[t].fd);
		if (t < T_PIPE)
			unlink(tg[t].link);
	}
	close(tg[T_PIPE].wfd);
	for (int i = 0; i < 5; i++) {
		char f[64];
		snprintf(f, sizeof(f), DIR_PATH "/entry%d", i);
		unlink(f);
	}
	rmdir(DIR_PATH);
	unlink(tg[T_REG].path);
	unlink(BUF_FILE);
	unlink(PATH_FILE);
#ifdef __linux__
	unlink(RAMDISK);
#endif
}

int main(void)
{
	PTEST_BEGIN("t_mapmatrix");
	if (setup()) {
		for (int op = 0; op < ND; op++)
			for (int t = 0; t < NT; t++)
				for (int b = 0; applies(op, t) && b < NB; b++)
					dest_case(op, t, b);
		for (int t = 0; t < NT; t++)
			for (int b = 0; t != T_DIR && b < NB; b++)
				write_case(t, b);
		for (int op = S_OPEN; op < NS; op++)
			for (int t = 0; t < T_PIPE; t++)
				for (int b = 0; b < NB; b++)
					path_case(op, t, b);
		/* no private store and no failed call reached the files */
		CHECK("buffer_files_unchanged", mt_file_is(buf_fd, 21, 0, 2 * PG), "the buffer file changed");
	}
	close(buf_fd);
	close(path_fd);
	cleanup();
	return ptest_done();
}
