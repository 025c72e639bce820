/*
 * The virtio block driver through the block protocol: INFO, writes read
 * back at several positions and sizes (one sector, a page, 64 KiB, the
 * largest request crossing 64 KiB boundaries from an odd buffer address,
 * the last sector, a request cut short by the end), errors for requests
 * past the end, unaligned, for a bad minor or a bad grant (which leave the
 * disk alone), enough requests to wrap the ring several times, two
 * processes at once, and the driver still working after all that.
 *
 * Optional argument: the disk's size in bytes, to check INFO against.
 * The disk's contents are overwritten (in its first 4 MiB and last 64 KiB).
 */
#include "qtest.h"
#include "qproc.h"
#include <quire/endpoints.h>
#include <quire/blockdev.h>
#include "../../lib/libmini/mini_string.h"

#define BLK BLK_PROC_NR
#define KiB 1024ull
#define MiB (1024 * KiB)

static uint8_t wbuf[BDEV_MAX_IO + 2 * 4096] __attribute__((aligned(4096)));
static uint8_t rbuf[BDEV_MAX_IO + 2 * 4096] __attribute__((aligned(4096)));
static uint64_t seed;
static uint64_t disk;           /* bytes, from INFO */

/* The byte this boot writes at disk position pos (seeded per boot, so an
 * old disk image cannot make a check pass). */
static uint8_t pattern(uint64_t pos)
{
	uint64_t x = (pos >> 3) * 0x9E3779B97F4A7C15ull ^ seed;
	x ^= x >> 31;
	x *= 0xBF58476D1CE4E5B9ull;
	x ^= x >> 29;
	return (uint8_t)(x >> ((pos & 7) * 8));
}

static void fill(uint8_t *buf, uint64_t pos, uint64_t size)
{
	for (uint64_t i = 0; i < size; i++)
		buf[i] = pattern(pos + i);
}

/* Index of the first byte that differs from the pattern, or -1. */
static int64_t mismatch(const uint8_t *buf, uint64_t pos, uint64_t size)
{
	for (uint64_t i = 0; i < size; i++)
		if (buf[i] != pattern(pos + i))
			return (int64_t)i;
	return -1;
}

/* Read or write buf under a grant made for the occasion. */
static int xfer(int type, uint64_t pos, void *buf, uint64_t size)
{
	int access = type == BDEV_READ ? CPF_WRITE : CPF_READ;
	cp_grant_id_t g = cpf_grant_direct(BLK, (vir_bytes)buf, size ? size : 1, access);
	if (g == GRANT_INVALID)
		return -ENOMEM;
	int r = type == BDEV_READ ? bdev_req_read(BLK, 0, pos, g, size)
				  : bdev_req_write(BLK, 0, pos, g, size);
	cpf_revoke(g);
	return r;
}

static void test_info(int argc, char **argv)
{
	int o = bdev_req_open(BLK, 0);
	int o1 = bdev_req_open(BLK, 1);
	CHECK("open", o == OK && o1 == -ENXIO, "open minor 0: %d, minor 1: %d", o, o1);

	struct bdev_info info = { 0 };
	int r = bdev_req_info(BLK, 0, &info);
	disk = r == OK ? info.size : 0;
	uint64_t want = 0;
	if (argc > 1)
		for (const char *s = argv[1]; *s >= '0' && *s <= '9'; s++)
			want = want * 10 + (uint64_t)(*s - '0');
	printf("t_blk: the disk has %lu bytes\n", (unsigned long)disk);
	CHECK("info_size", r == OK && disk >= 8 * MiB && disk % BDEV_SECTOR == 0 &&
	      info.sector == BDEV_SECTOR && !(info.flags & BDEV_RDONLY) &&
	      (!want || disk == want),
	      "result %d size %lu (want %lu, at least 8 MiB) sector %u flags %x", r,
	      (unsigned long)disk, (unsigned long)want, info.sector, info.flags);
	if (r != OK || disk < 8 * MiB) {
		qtest_check("setup", 0, "no usable disk: the remaining checks would mean nothing");
		qtest_done();
	}
	int i3 = bdev_req_info(BLK, 3, NULL);
	CHECK("info_bad_minor_enxio", i3 == -ENXIO, "result %d", i3);
}

struct rw_case {
	const char *name;
	uint64_t pos;           /* from the start, or (if from_end) back from the end */
	uint64_t size;
	unsigned buf_off;       /* where in the buffer: not page-aligned when nonzero */
	bool from_end;
};

static const struct rw_case cases[] = {
	{ "rw_512_at_0",              0,                  512,           0, false },
	{ "rw_4096_at_4096",          4096,               4096,          0, false },
	{ "rw_64k_at_1m",             1 * MiB,            64 * KiB,      0, false },
	{ "rw_1k_across_64k_odd_buf", 64 * KiB - 512,     1024,          3, false },
	{ "rw_max_across_64k_odd_buf", 2 * MiB - 1536,    BDEV_MAX_IO,   7, false },
	{ "rw_sector_run_unaligned",  3 * MiB + 512,      9 * 512,    4095, false },
	{ "rw_last_64k",              64 * KiB,           64 * KiB,      0, true },
	{ "rw_last_sector",           512,                512,           0, true },
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

static uint64_t case_pos(const struct rw_case *c)
{
	return c->from_end ? disk - c->pos : c->pos;
}

/* Write the case's pattern, read it back into a poisoned buffer. */
static void test_rw(void)
{
	for (unsigned i = 0; i < NCASES; i++) {
		const struct rw_case *c = &cases[i];
		uint64_t pos = case_pos(c);
		fill(wbuf + c->buf_off, pos, c->size);
		int w = xfer(BDEV_WRITE, pos, wbuf + c->buf_off, c->size);
		memset(rbuf, 0xEE, sizeof(rbuf));
		int r = xfer(BDEV_READ, pos, rbuf + c->buf_off, c->size);
		int64_t bad = mismatch(rbuf + c->buf_off, pos, c->size);
		bool edges = rbuf[c->buf_off ? c->buf_off - 1 : sizeof(rbuf) - 1] == 0xEE &&
			     rbuf[c->buf_off + c->size] == 0xEE;
		CHECK(c->name, w == (int)c->size && r == (int)c->size && bad < 0 && edges,
		      "pos %lu size %lu: write %d read %d, first wrong byte %ld, bytes around %s",
		      (unsigned long)pos, (unsigned long)c->size, w, r, (long)bad,
		      edges ? "untouched" : "overwritten");
	}

	/* Data landed where it was meant to: part of a large write, read
	 * on its own. */
	uint64_t at = 1 * MiB + 8192 + 512;
	int r = xfer(BDEV_READ, at, rbuf, 1536);
	int64_t bad = mismatch(rbuf, at, 1536);
	CHECK("rw_part_of_large_write", r == 1536 && bad < 0, "read %d, first wrong byte %ld", r, (long)bad);

	/* No later write disturbed an earlier one. */
	int wrong = 0;
	for (unsigned i = 0; i < NCASES; i++) {
		uint64_t pos = case_pos(&cases[i]);
		r = xfer(BDEV_READ, pos, rbuf, cases[i].size);
		if (r != (int)cases[i].size || mismatch(rbuf, pos, cases[i].size) >= 0)
			wrong++;
	}
	CHECK("rw_all_regions_intact", wrong == 0, "%d regions read back wrong", wrong);

	int z = xfer(BDEV_READ, 0, rbuf, 0);
	int zw = xfer(BDEV_WRITE, 0, wbuf, 0);
	CHECK("rw_zero_bytes", z == 0 && zw == 0, "read %d write %d", z, zw);
}

static void test_end(void)
{
	/* A request that runs past the end does the part before it. */
	uint64_t pos = disk - 1024;
	fill(wbuf, pos, 4096);
	int w = xfer(BDEV_WRITE, pos, wbuf, 4096);
	memset(rbuf, 0xEE, 4096);
	int r = xfer(BDEV_READ, pos, rbuf, 4096);
	CHECK("end_cut_short", w == 1024 && r == 1024 && mismatch(rbuf, pos, 1024) < 0 &&
	      rbuf[1024] == 0xEE, "write %d read %d (want 1024 each)", w, r);

	int r1 = xfer(BDEV_READ, disk, rbuf, 512);
	int r2 = xfer(BDEV_READ, disk + 64 * KiB, rbuf, 4096);
	int r3 = xfer(BDEV_READ, ~0ull - 511, rbuf, 512);          /* pos + size wraps */
	int r4 = xfer(BDEV_WRITE, disk, wbuf, 512);
	int r5 = xfer(BDEV_WRITE, 1ull << 62, wbuf, 4096);
	CHECK("past_end_einval", r1 == -EINVAL && r2 == -EINVAL && r3 == -EINVAL &&
	      r4 == -EINVAL && r5 == -EINVAL,
	      "read at end %d, beyond %d, wrapping %d; write at end %d, far beyond %d",
	      r1, r2, r3, r4, r5);
}

static void test_invalid(void)
{
	int a = xfer(BDEV_READ, 0, rbuf, 100);
	int b = xfer(BDEV_READ, 100, rbuf, 512);
	int c = xfer(BDEV_WRITE, 4096 + 256, wbuf, 512);
	int d = xfer(BDEV_WRITE, 0, wbuf, 1000);
	int e = xfer(BDEV_READ, 0, rbuf, BDEV_MAX_IO + 512);
	CHECK("unaligned_or_too_large_einval", a == -EINVAL && b == -EINVAL && c == -EINVAL &&
	      d == -EINVAL && e == -EINVAL,
	      "size 100 %d, pos 100 %d, write pos 4352 %d, write size 1000 %d, too large %d",
	      a, b, c, d, e);

	cp_grant_id_t g = cpf_grant_direct(BLK, (vir_bytes)rbuf, 512, CPF_WRITE);
	int m1 = bdev_req_read(BLK, 1, 0, g, 512);
	int m2 = bdev_req_write(BLK, -1, 0, g, 512);
	int m3 = bdev_req_flush(BLK, 7);
	cpf_revoke(g);
	CHECK("bad_minor_enxio", m1 == -ENXIO && m2 == -ENXIO && m3 == -ENXIO,
	      "read %d write %d flush %d", m1, m2, m3);

	/* No stub makes an unknown request: the one message built by hand. */
	message um;
	memset(&um, 0, sizeof(um));
	um.m_type = BDEV_RQ_BASE + 99;
	int u = ipc_sendrec(BLK, &um);
	if (u == OK)
		u = um.m_type;
	CHECK("unknown_request_enosys", u == -ENOSYS, "result %d", u);
}

static void test_bad_grants(void)
{
	/* Sector 0 holds the first case's pattern; bad writes must not change it. */
	memset(wbuf, 0x5A, 4096);
	int r1 = bdev_req_write(BLK, 0, 0, GRANT_ID(5000, 0), 512);
	int r2 = bdev_req_read(BLK, 0, 0, -7, 512);
	CHECK("bad_grant_id_einval", r1 == -EINVAL && r2 == -EINVAL, "write %d read %d", r1, r2);

	cp_grant_id_t ro = cpf_grant_direct(BLK, (vir_bytes)rbuf, 4096, CPF_READ);
	cp_grant_id_t small = cpf_grant_direct(BLK, (vir_bytes)wbuf, 512, CPF_READ | CPF_WRITE);
	cp_grant_id_t other = cpf_grant_direct(PM_PROC_NR, (vir_bytes)wbuf, 4096, CPF_READ | CPF_WRITE);
	int r3 = bdev_req_read(BLK, 0, 0, ro, 4096);        /* the driver must write */
	int r4 = bdev_req_write(BLK, 0, 0, small, 4096);    /* grant shorter than the request */
	int r5 = bdev_req_write(BLK, 0, 0, other, 512);     /* granted to someone else */
	cpf_revoke(ro);
	cpf_revoke(small);
	cpf_revoke(other);
	CHECK("grant_wrong_access_or_range_eperm", r3 == -EPERM && r4 == -EPERM && r5 == -EPERM,
	      "read through read-only grant %d, short grant %d, other grantee %d", r3, r4, r5);

	cp_grant_id_t absent = cpf_grant_direct(BLK, 0x10000000, 4096, CPF_READ | CPF_WRITE);
	int r6 = bdev_req_write(BLK, 0, 0, absent, 4096);
	int r7 = bdev_req_read(BLK, 0, 0, absent, 4096);
	cpf_revoke(absent);
	CHECK("grant_unmapped_memory_efault", r6 == -EFAULT && r7 == -EFAULT, "write %d read %d", r6, r7);

	cp_grant_id_t revoked = cpf_grant_direct(BLK, (vir_bytes)wbuf, 4096, CPF_READ);
	cpf_revoke(revoked);
	int r8 = bdev_req_write(BLK, 0, 0, revoked, 4096);
	CHECK("grant_revoked_einval", r8 == -EINVAL, "write %d", r8);

	int r = xfer(BDEV_READ, 0, rbuf, 4096);
	CHECK("bad_grant_writes_left_disk_alone", r == 4096 && mismatch(rbuf, 0, 512) < 0,
	      "read %d, first sector %s", r, mismatch(rbuf, 0, 512) < 0 ? "intact" : "changed");
}

/* Enough small requests to go round the ring several times, each one
 * checked. */
static void test_many(void)
{
	int bad = 0, first_bad = 0;
	uint64_t base = 3 * MiB + 64 * KiB;
	for (int i = 0; i < 600 && bad < 5; i++) {
		uint64_t pos = base + (uint64_t)(i % 64) * 4096 + (uint64_t)(i % 7) * 512;
		uint64_t size = 512 * (uint64_t)(1 + i % 5);
		int r;
		if (i % 2 == 0) {
			fill(wbuf, pos, size);
			r = xfer(BDEV_WRITE, pos, wbuf, size);
		} else {
			uint64_t prev = base + (uint64_t)((i - 1) % 64) * 4096 + (uint64_t)((i - 1) % 7) * 512;
			uint64_t psize = 512 * (uint64_t)(1 + (i - 1) % 5);
			r = xfer(BDEV_READ, prev, rbuf, psize);
			if (r == (int)psize && mismatch(rbuf, prev, psize) >= 0)
				r = -1000;
			size = psize;
		}
		if (r != (int)size) {
			if (!bad)
				first_bad = i;
			bad++;
		}
	}
	CHECK("many_requests_wrap_the_ring", bad == 0, "%d bad, first at request %d", bad, first_bad);
}

/* Two processes at once: requests arriving while the device is busy
 * are served in turn. */
static uint64_t concurrent_base(int who)
{
	return 5 * MiB + (uint64_t)who * 512 * KiB;
}

static int hammer(int who)
{
	static uint8_t buf[32 * 1024];
	int bad = 0;
	for (int i = 0; i < 40; i++) {
		uint64_t pos = concurrent_base(who) + (uint64_t)(i % 16) * sizeof(buf);
		fill(buf, pos, sizeof(buf));
		if (xfer(BDEV_WRITE, pos, buf, sizeof(buf)) != (int)sizeof(buf))
			bad++;
		memset(buf, 0, sizeof(buf));
		if (xfer(BDEV_READ, pos, buf, sizeof(buf)) != (int)sizeof(buf) ||
		    mismatch(buf, pos, sizeof(buf)) >= 0)
			bad++;
	}
	return bad;
}

static int child_hammer(void *arg)
{
	(void)arg;
	return hammer(1) ? 1 : 0;
}

static void test_concurrent(void)
{
	int pid = sef_fork();
	if (pid == 0)
		sys_exit(child_hammer(NULL));
	int mine = hammer(0);
	int status = -1;
	int w = pid > 0 ? pm_req_waitpid(pid, &status, 0) : pid;
	CHECK("two_processes_at_once", pid > 0 && w == pid && QWIFEXITED(status) &&
	      QWEXITSTATUS(status) == 0 && mine == 0,
	      "fork %d wait %d status %x, parent errors %d", pid, w, status, mine);
}

static void test_after(void)
{
	int f = bdev_req_flush(BLK, 0);
	CHECK("flush", f == OK, "result %d", f);

	uint64_t pos = 4 * MiB;
	seed ^= 0x5555;        /* new bytes, so stale data cannot pass */
	fill(wbuf + 1, pos, 96 * KiB);
	int w = xfer(BDEV_WRITE, pos, wbuf + 1, 96 * KiB);
	memset(rbuf, 0, sizeof(rbuf));
	int r = xfer(BDEV_READ, pos, rbuf + 1, 96 * KiB);
	int f2 = bdev_req_flush(BLK, 0);
	CHECK("works_after_errors", w == 96 * KiB && r == 96 * KiB && mismatch(rbuf + 1, pos, 96 * KiB) < 0 &&
	      f2 == OK, "write %d read %d flush %d", w, r, f2);

	int c = bdev_req_close(BLK, 0);
	CHECK("close", c == OK, "result %d", c);
}

int main(int argc, char **argv)
{
	message t;
	memset(&t, 0, sizeof(t));
	t.m_krn_times.who = SELF;
	_kernel_call(KC_TIMES, &t);
	seed = t.m_krn_times.tsc * 0x2545F4914F6CDD1Dull + t.m_krn_times.uptime;

	test_info(argc, argv);
	test_rw();
	test_end();
	test_invalid();
	test_bad_grants();
	test_many();
	test_concurrent();
	test_after();
	qtest_done();
}
