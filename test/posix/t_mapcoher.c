/*
 * The coherence engine: a file changed at random through write(),
 * pwrite(), stores through two MAP_SHARED mappings (one at an offset),
 * msync, munmap + mmap again and ftruncate, checked after every operation
 * against a model of the file in ordinary memory (the touched range, read
 * back another way than it was written) and in full at intervals. The
 * PRNG is the test's own with a fixed seed, so a failure is reproducible;
 * the seed and the operation count are printed.
 *
 * The rules the model follows are POSIX's: bytes past EOF are zero (in
 * the partial last page of a mapping too; ftruncate that shrinks zeroes
 * them, growth reads zeros); stores go only below EOF (a store past it is
 * t_mapeof's); whole pages past EOF are never touched (SIGBUS).
 *
 * Working set: FILE_MAX (512 KiB) is far below the ext2 server's 8192
 * block buffers (32 MiB); t_mapcoherbig runs the same engine over a file
 * larger than those.
 */
#include "maptest.h"

/* t_mapcoherbig.c includes this file with its own name and sizes. */
#ifndef COHER_NAME
#define COHER_NAME "t_mapcoher"
#define FILE_MAX (512 * 1024)            /* the most the file grows to */
#define OPS 3000
#define FULL_EVERY 250
#endif
#define F "/tmp/" COHER_NAME
#define FILE_MIN (FILE_MAX / 2)          /* ftruncate stays within [MIN, MAX] */
#define WIN_PAGES 48                     /* the second mapping's length */
#define SEED 0x9e3779b97f4a7c15ULL

enum { OP_WRITE, OP_PWRITE, OP_STORE1, OP_STORE2, OP_MSYNC, OP_REMAP, OP_TRUNC, OP_READ, OP_LOAD, NOPS };
static const char *const opname[NOPS] = { "write", "pwrite", "store", "store_at_offset", "msync",
					  "remap", "ftruncate", "read", "load" };

static unsigned char model[FILE_MAX];
static size_t size;                      /* the file's size in the model */
static int fd;
static unsigned char *m1;                /* [0, FILE_MAX) shared */
static unsigned char *m2;                /* WIN_PAGES pages at win_off, shared */
static size_t win_off;
static uint64_t rng = SEED;
static int fails[NOPS];                  /* checks failed after each kind of step */
static char first_why[NOPS][160];        /* the first failure of each kind */
static int unmapped;                     /* an mmap again failed: stop */

static void fail(int op, long step, const char *fmt, size_t a, size_t b)
{
	if (!fails[op]++) {
		int n = snprintf(first_why[op], sizeof(first_why[op]), "step %ld: ", step);
		snprintf(first_why[op] + n, sizeof(first_why[op]) - (size_t)n, fmt, a, b);
	}
}

static void random_bytes(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i += 8) {
		uint64_t x = mt_rand(&rng);
		memcpy(p + i, &x, n - i < 8 ? n - i : 8);
	}
}

/* A random range of length 1.. within [lo, hi): mostly short, sometimes
 * a few pages across page boundaries. *len 0 if the range is empty. */
static size_t pick(size_t lo, size_t hi, size_t *len)
{
	*len = 0;
	if (hi <= lo)
		return lo;
	size_t off = lo + mt_below(&rng, hi - lo);
	size_t max = mt_below(&rng, 4) ? 64 : 3 * PG;
	size_t n = 1 + mt_below(&rng, max);
	*len = n < hi - off ? n : hi - off;
	return off;
}

/* The first offset in [off, off+len) where the file (pread) differs from
 * the model, or -1. */
static long file_diff(size_t off, size_t len)
{
	static unsigned char buf[3 * PG + PG];
	while (len) {
		size_t n = len < sizeof(buf) ? len : sizeof(buf);
		if (pread(fd, buf, n, (off_t)off) != (ssize_t)n)
			return (long)off;
		for (size_t i = 0; i < n; i++)
			if (buf[i] != model[off + i])
				return (long)(off + i);
		off += n;
		len -= n;
	}
	return -1;
}

/* The first offset in [off, off+len) where mapping m (which shows the
 * file from offset base) differs from the model, or -1. */
static long map_diff(const unsigned char *m, size_t base, size_t off, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (m[off - base + i] != model[off + i])
			return (long)(off + i);
	return -1;
}

/* Bytes of the model's file visible through a mapping: below EOF, and the
 * zeros up to the end of EOF's page. */
static size_t visible(void)
{
	size_t end = (size + PG - 1) / PG * PG;
	return end < FILE_MAX ? end : FILE_MAX;
}

static int map_both(void)
{
	m1 = mmap(NULL, FILE_MAX, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	win_off = (size_t)mt_below(&rng, FILE_MAX / PG - WIN_PAGES + 1) * PG;
	m2 = mmap(NULL, WIN_PAGES * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)win_off);
	return m1 != MAP_FAILED && m2 != MAP_FAILED;
}

static void step(long i)
{
	static unsigned char data[3 * PG];
	int op = (int)mt_below(&rng, NOPS);
	size_t off, len;
	long d = -1;
	switch (op) {
	case OP_WRITE:
	case OP_PWRITE:
		/* may extend the file: the gap up to off reads zeros (it is in the model) */
		off = pick(0, FILE_MAX, &len);
		random_bytes(data, len);
		ssize_t n = op == OP_WRITE ? (lseek(fd, (off_t)off, SEEK_SET), write(fd, data, len))
					   : pwrite(fd, data, len, (off_t)off);
		if (n != (ssize_t)len)
			fail(op, i, "wrote %zu of %zu bytes", (size_t)n, len);
		memcpy(model + off, data, len);
		if (off + len > size)
			size = off + len;
		d = map_diff(m1, 0, off, len);   /* a write() is seen by the mapping at once */
		break;
	case OP_STORE1:
		off = pick(0, size, &len);
		random_bytes(data, len);
		memcpy(m1 + off, data, len);
		memcpy(model + off, data, len);
		d = file_diff(off, len);          /* a store is seen by read() at once */
		break;
	case OP_STORE2: {
		size_t end = win_off + WIN_PAGES * PG < size ? win_off + WIN_PAGES * PG : size;
		off = pick(win_off, end, &len);
		random_bytes(data, len);
		memcpy(m2 + off - win_off, data, len);
		memcpy(model + off, data, len);
		d = map_diff(m1, 0, off, len);    /* and by the other mapping */
		if (d < 0)
			d = file_diff(off, len);
		break;
	}
	case OP_MSYNC: {
		static const int how[] = { MS_SYNC, MS_ASYNC, MS_INVALIDATE, MS_SYNC | MS_INVALIDATE };
		int which = (int)mt_below(&rng, 2);
		int fl = how[mt_below(&rng, 4)];
		if ((which ? msync(m2, WIN_PAGES * PG, fl) : msync(m1, FILE_MAX, fl)) != 0)
			fail(op, i, "msync flags %zu errno %zu", (size_t)fl, (size_t)errno);
		off = pick(0, size, &len);
		d = file_diff(off, len);
		break;
	}
	case OP_REMAP:
		munmap(m1, FILE_MAX);
		munmap(m2, WIN_PAGES * PG);
		if (!map_both()) {
			fail(op, i, "mmap again failed (errno %zu)%.0zu", (size_t)errno, 0);
			unmapped = 1;
			return;
		}
		off = pick(0, visible(), &len);
		d = map_diff(m1, 0, off, len);
		break;
	case OP_TRUNC: {
		size_t to = FILE_MIN + mt_below(&rng, FILE_MAX - FILE_MIN + 1);
		if (ftruncate(fd, (off_t)to) != 0)
			fail(op, i, "ftruncate to %zu: errno %zu", to, (size_t)errno);
		if (to < size)
			memset(model + to, 0, size - to);
		size = to;
		if (mt_size(fd) != (long long)size)
			fail(op, i, "size %zu, not %zu", (size_t)mt_size(fd), size);
		/* around the new EOF: data, then zeros to the page's end */
		off = to > PG ? to - PG : 0;
		d = map_diff(m1, 0, off, visible() - off);
		break;
	}
	case OP_READ:
		off = pick(0, size, &len);
		d = file_diff(off, len);
		break;
	default: /* OP_LOAD */
		if (mt_below(&rng, 2)) {
			off = pick(0, visible(), &len);
			d = map_diff(m1, 0, off, len);
		} else {
			size_t end = win_off + WIN_PAGES * PG < visible() ? win_off + WIN_PAGES * PG : visible();
			off = pick(win_off, end, &len);
			d = map_diff(m2, win_off, off, len);
		}
		break;
	}
	if (d >= 0)
		fail(op, i, "byte %zu differs from the model (size %zu)", (size_t)d, size);
}

/* Everything, every way: read(), both mappings. */
static long full_diff(void)
{
	long d = file_diff(0, size);
	if (d < 0 && mt_size(fd) != (long long)size)
		d = (long)size;
	if (d < 0)
		d = map_diff(m1, 0, 0, visible());
	size_t end = win_off + WIN_PAGES * PG < visible() ? win_off + WIN_PAGES * PG : visible();
	if (d < 0 && end > win_off)
		d = map_diff(m2, win_off, win_off, end - win_off);
	return d;
}

int main(void)
{
	PTEST_BEGIN(COHER_NAME);
	printf(COHER_NAME ": seed %#llx, %d operations on a file of up to %d KiB\n", (unsigned long long)SEED, OPS,
	       FILE_MAX / 1024);
	fd = open(F, O_RDWR | O_CREAT | O_TRUNC, 0644);
	random_bytes(model, FILE_MAX);
	size = FILE_MAX;
	int ok = fd >= 0 && pwrite(fd, model, FILE_MAX, 0) == FILE_MAX;
	CHECK("setup_file", ok, "%s", strerror(errno));
	ok = ok && map_both();
	CHECK("setup_mappings", ok, "mmap: %s", strerror(errno));
	if (ok) {
		long bad_full = -1, at = -1;
		for (long i = 0; i < OPS; i++) {
			step(i);
			if (unmapped)
				break;           /* no mappings left to go on with */
			if ((i + 1) % FULL_EVERY == 0 && bad_full < 0 && (bad_full = full_diff()) >= 0)
				at = i;
		}
		for (int op = 0; op < NOPS; op++) {
			char name[48];
			snprintf(name, sizeof(name), "%s_coherent", opname[op]);
			CHECK(name, !fails[op], "%d failures; first: %s", fails[op], first_why[op]);
		}
		CHECK("full_compare_at_intervals", bad_full < 0, "byte %ld differs after step %ld", bad_full, at);
		if (!unmapped) {
			CHECK("msync_at_end", msync(m1, FILE_MAX, MS_SYNC) == 0, "%s", strerror(errno));
			munmap(m1, FILE_MAX);
			munmap(m2, WIN_PAGES * PG);
		}
	}
	/* the file as another descriptor sees it after everything is unmapped */
	close(fd);
	fd = open(F, O_RDONLY);
	long d = fd >= 0 ? file_diff(0, size) : 0;
	CHECK("file_after_unmap_and_reopen", ok && d < 0 && mt_size(fd) == (long long)size, "byte %ld, size %lld", d,
	      mt_size(fd));
	close(fd);
	unlink(F);
	return ptest_done();
}
