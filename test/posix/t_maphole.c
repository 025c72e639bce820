/*
 * Files with holes under mmap: holes map as zero pages; a store into a
 * hole through MAP_SHARED allocates a block (st_blocks grows) and read()
 * sees it; a private store into a hole allocates nothing; truncating to
 * make holes again (ftruncate down, then up) leaves zeros in a fresh
 * mapping and in one that was kept, so VM forgot the freed blocks.
 */
#include "maptest.h"

#define F "/tmp/t_maphole"
#define FAR 100                          /* a page past ext2's 12 direct blocks */

static long long blocks(int fd)
{
	struct stat st;
	return fstat(fd, &st) == 0 ? (long long)st.st_blocks : -1;
}

/* Check `check`: the mapping of pages [0, n) shows `seed`'s data where
 * data[i] is 1 and zeros where it is 0 (data[] of n entries, or NULL:
 * data only in the first and last page). */
static void shows(const char *check, const unsigned char *m, unsigned seed, int n, const char *data)
{
	int bad = -1;
	for (int i = 0; i < n && bad < 0; i++) {
		int want = data ? data[i] == '1' : i == 0 || i == n - 1;
		const unsigned char *pg = m + (size_t)i * PG;
		if (want ? mt_diff(pg, seed, (uint64_t)i * PG, PG) >= 0 : !mt_zero(pg, PG))
			bad = i;
	}
	CHECK(check, bad < 0, "page %d is wrong", bad);
}

/* Page 0 and page 3 written, pages 1 and 2 holes. */
static int holey(const char *check, unsigned seed, int last)
{
	int fd = open(F, O_RDWR | O_CREAT | O_TRUNC, 0644);
	unsigned char buf[PG];
	mt_fill(buf, seed, 0, PG);
	int ok = fd >= 0 && write(fd, buf, PG) == PG && lseek(fd, (off_t)last * PG, SEEK_SET) == (off_t)last * PG;
	mt_fill(buf, seed, (uint64_t)last * PG, PG);
	ok = ok && write(fd, buf, PG) == PG;
	CHECK(check, ok, "%s", strerror(errno));
	if (!ok && fd >= 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static void holes_map_as_zeros(void)
{
	int fd = holey("hole_setup", 1, 3);
	if (fd < 0)
		return;
	long long b0 = blocks(fd);
	/* two 4-KiB blocks (in 512-byte units) and no more: the holes are real */
	CHECK("hole_file_has_holes", b0 > 0 && b0 <= 2 * PG / 512, "st_blocks %lld", b0);
	unsigned char *p = mt_map("hole_private_maps", NULL, 4 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
	unsigned char *s = mt_map("hole_shared_maps", NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p)
		shows("hole_private_data_zero_zero_data", p, 1, 4, "1001");
	if (s)
		shows("hole_shared_data_zero_zero_data", s, 1, 4, "1001");
	if (s) {
		memcpy(s + PG + 300, "filled", 6);
		CHECK("hole_store_msync", msync(s, 4 * PG, MS_SYNC) == 0, "%s", strerror(errno));
		char got[6];
		ssize_t n = pread(fd, got, 6, PG + 300);
		CHECK("hole_store_seen_by_read", n == 6 && !memcmp(got, "filled", 6), "read %zd", n);
		long long b1 = blocks(fd);
		CHECK("hole_store_allocated_block", b1 > b0, "st_blocks %lld then %lld", b0, b1);
		CHECK("hole_rest_of_page_zero", mt_file_zero(fd, PG, 300) && mt_file_zero(fd, PG + 306, PG - 306),
		      "a nonzero byte");
		CHECK("hole_other_hole_untouched", mt_file_zero(fd, 2 * PG, PG) && mt_zero(s + 2 * PG, PG),
		      "the second hole is not zero");
		if (p)
			CHECK("hole_store_seen_by_private_mapping", !memcmp(p + PG + 300, "filled", 6),
			      "has '%.6s'", (char *)p + PG + 300);
		unsigned char *f = mt_map("hole_fresh_maps", NULL, 4 * PG, PROT_READ, MAP_SHARED, fd, 0);
		if (f) {
			CHECK("hole_fresh_mapping_sees_store", !memcmp(f + PG + 300, "filled", 6) &&
			      mt_zero(f + 2 * PG, PG) && mt_diff(f + 3 * PG, 1, 3 * PG, PG) < 0, "wrong contents");
			munmap(f, 4 * PG);
		}
	}
	if (p)
		munmap(p, 4 * PG);
	if (s)
		munmap(s, 4 * PG);
	close(fd);
	unlink(F);
}

/* A private store into a hole is the mapping's own: no block, no data. */
static void private_store_in_hole(void)
{
	int fd = holey("private_hole_setup", 2, 3);
	if (fd < 0)
		return;
	long long b0 = blocks(fd);
	unsigned char *p = mt_map("private_hole_maps", NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (p) {
		memset(p + 2 * PG, 'p', PG);
		CHECK("private_hole_store_kept", p[2 * PG] == 'p' && p[3 * PG - 1] == 'p', "lost");
		munmap(p, 4 * PG);
		CHECK("private_hole_still_hole", blocks(fd) == b0 && mt_file_zero(fd, 2 * PG, PG),
		      "st_blocks %lld then %lld", b0, blocks(fd));
	}
	close(fd);
	unlink(F);
}

/* Data in every page, then ftruncate down to one page and back up: the
 * cut pages are holes again, and no mapping shows their old data. */
static void truncate_makes_holes(void)
{
	int fd = mt_make(F, 3, 4 * PG);
	CHECK("retrunc_setup", fd >= 0, "%s", strerror(errno));
	if (fd < 0)
		return;
	unsigned char *kept = mt_map("retrunc_kept_maps", NULL, 4 * PG, PROT_READ, MAP_SHARED, fd, 0);
	unsigned char *m = mt_map("retrunc_first_maps", NULL, 4 * PG, PROT_READ, MAP_SHARED, fd, 0);
	if (m) {
		shows("retrunc_all_data", m, 3, 4, "1111");
		munmap(m, 4 * PG);
	}
	long long b0 = blocks(fd);
	CHECK("retrunc_down_up", ftruncate(fd, PG) == 0 && ftruncate(fd, 4 * PG) == 0, "%s", strerror(errno));
	long long b1 = blocks(fd);
	CHECK("retrunc_blocks_freed", b1 < b0 && b1 <= PG / 512, "st_blocks %lld then %lld", b0, b1);
	m = mt_map("retrunc_fresh_maps", NULL, 4 * PG, PROT_READ, MAP_SHARED, fd, 0);
	if (m)
		shows("retrunc_fresh_mapping_zeros", m, 3, 4, "1000");
	if (kept)
		shows("retrunc_kept_mapping_zeros", kept, 3, 4, "1000");
	/* new data in a re-made hole shows up, never the old */
	unsigned char buf[PG];
	mt_fill(buf, 4, 2 * PG, PG);
	CHECK("retrunc_rewrite", pwrite(fd, buf, PG, 2 * PG) == PG, "%s", strerror(errno));
	if (m)
		CHECK("retrunc_rewrite_seen", mt_diff(m + 2 * PG, 4, 2 * PG, PG) < 0 && mt_zero(m + PG, PG) &&
		      mt_zero(m + 3 * PG, PG), "wrong contents");
	if (m)
		munmap(m, 4 * PG);
	if (kept)
		munmap(kept, 4 * PG);
	close(fd);
	unlink(F);
}

/* A hole across the direct/indirect boundary: page 0 and page FAR. */
static void far_hole(void)
{
	int fd = holey("far_setup", 5, FAR);
	if (fd < 0)
		return;
	size_t len = (size_t)(FAR + 1) * PG;
	unsigned char *p = mt_map("far_private_maps", NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p) {
		shows("far_data_zeros_data", p, 5, FAR + 1, NULL);
		munmap(p, len);
	}
	unsigned char *s = mt_map("far_shared_maps", NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (s) {
		s[50 * PG + 50] = 'm';           /* needs an indirect block too */
		CHECK("far_store_msync", msync(s, len, MS_SYNC) == 0, "%s", strerror(errno));
		char got[1] = { 0 };
		CHECK("far_store_in_file", pread(fd, got, 1, 50 * PG + 50) == 1 && got[0] == 'm', "has %d", got[0]);
		CHECK("far_neighbours_zero", mt_zero(s + 49 * PG, PG) && mt_zero(s + 51 * PG, PG) &&
		      mt_diff(s + (size_t)FAR * PG, 5, (uint64_t)FAR * PG, PG) < 0, "wrong contents");
		munmap(s, len);
	}
	close(fd);
	unlink(F);
}

int main(void)
{
	PTEST_BEGIN("t_maphole");
	holes_map_as_zeros();
	private_store_in_hole();
	truncate_makes_holes();
	far_hole();
	return ptest_done();
}
