/*
 * Inode and block reuse under mmap. Round after round, files are made,
 * grown past ext2's 12 direct blocks into indirect ones, mapped and
 * checked, then unlinked or truncated so that the next round's files get
 * the same inode and block numbers again (ext2 hands freed numbers out
 * first). Every page of every new mapping must show the new file's
 * pattern (or zeros for a hole), never a page an old file left in VM's
 * cache under the same (device, block) or (inode, offset).
 *
 * Three ways a file gets its data each round, by slot:
 *   0: write() the pattern, then map it;
 *   1: ftruncate to size (all holes), map shared, check zeros, then
 *      write() the pattern and check the existing mapping sees it;
 *   2: ftruncate to size, map shared, store the pattern through the
 *      mapping, msync, and check read() sees it.
 * Slots 0 and 2 are unlinked at the end of a round (inode and blocks
 * freed); slot 1 is truncated to 0 by the next round's O_TRUNC (blocks
 * freed, inode kept).
 */
#include "maptest.h"

#define ROUNDS 6
#define SLOTS 3
#define SIZE(round, slot) ((size_t)(56 + 96 * (((round) + (slot)) % 4)) * 1024 + 123 * (slot))

static const char *const path[SLOTS] = { "/tmp/t_mapreuse.0", "/tmp/t_mapreuse.1", "/tmp/t_mapreuse.2" };

/* Bytes of the mapping [0, len) against pattern seed; the first bad page
 * or -1. The partial last page must read zeros past len. */
static long bad_page(const unsigned char *m, unsigned seed, size_t len)
{
	size_t mlen = (len + PG - 1) / PG * PG;
	for (size_t off = 0; off < len; off += PG) {
		size_t n = len - off < PG ? len - off : PG;
		if (mt_diff(m + off, seed, off, n) >= 0)
			return (long)(off / PG);
	}
	return mt_zero(m + len, mlen - len) ? -1 : (long)(len / PG);
}

/* One slot of one round: 1 if the file showed only its own data, else 0
 * with the reason in why. *ino gets the file's inode number. */
static int one_file(int round, int slot, ino_t *ino, char *why, size_t whylen)
{
	unsigned seed = (unsigned)(1000 + round * SLOTS + slot);
	size_t len = SIZE(round, slot);
	size_t mlen = (len + PG - 1) / PG * PG;
	int fd = open(path[slot], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		snprintf(why, whylen, "open %s: %s", path[slot], strerror(errno));
		return 0;
	}
	int ok = 1;
	unsigned char *m = NULL;
	if (slot == 0) {
		ok = mt_write_pat(fd, seed, 0, len) == 0;
		if (ok)
			m = mmap(NULL, mlen, PROT_READ, MAP_SHARED, fd, 0);
	} else {
		ok = ftruncate(fd, (off_t)len) == 0;
		if (ok)
			m = mmap(NULL, mlen, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	}
	if (!ok || m == MAP_FAILED) {
		snprintf(why, whylen, "slot %d setup: %s", slot, strerror(errno));
		close(fd);
		return 0;
	}
	long bad = -1;
	if (slot != 0) {
		/* a fresh file of holes: no old block's data may show */
		for (size_t off = 0; off < mlen && bad < 0; off += PG)
			if (!mt_zero(m + off, PG))
				bad = (long)(off / PG);
		if (bad >= 0) {
			snprintf(why, whylen, "slot %d: hole page %ld not zero", slot, bad);
			ok = 0;
		}
		if (slot == 1) {
			ok &= mt_write_pat(fd, seed, 0, len) == 0;
		} else {
			mt_fill(m, seed, 0, len);
			ok &= msync(m, mlen, MS_SYNC) == 0;
			ok &= mt_file_is(fd, seed, 0, len);
			if (!ok && !*why)
				snprintf(why, whylen, "slot 2: read() does not see the stores");
		}
	}
	bad = bad_page(m, seed, len);
	if (bad >= 0) {
		snprintf(why, whylen, "slot %d: page %ld of the new mapping is not the new data", slot, bad);
		ok = 0;
	}
	/* and a second, fresh mapping of the whole file */
	unsigned char *m2 = mmap(NULL, mlen, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m2 == MAP_FAILED || (bad = bad_page(m2, seed, len)) >= 0) {
		snprintf(why, whylen, "slot %d: fresh private mapping wrong at page %ld", slot, bad);
		ok = 0;
	}
	if (m2 != MAP_FAILED)
		munmap(m2, mlen);
	munmap(m, mlen);
	struct stat st;
	*ino = fstat(fd, &st) == 0 ? st.st_ino : 0;
	close(fd);
	if (slot != 1)
		unlink(path[slot]);
	return ok;
}

int main(void)
{
	static const char *const how[SLOTS] = { "write_then_map", "map_holes_then_write", "map_holes_then_store" };
	PTEST_BEGIN("t_mapreuse");
	ino_t seen[ROUNDS * SLOTS];
	int nseen = 0, reused = 0;
	for (int round = 0; round < ROUNDS; round++) {
		for (int slot = 0; slot < SLOTS; slot++) {
			char why[160] = "", name[48];
			ino_t ino = 0;
			int ok = one_file(round, slot, &ino, why, sizeof(why));
			snprintf(name, sizeof(name), "round%d_%s_new_data_only", round, how[slot]);
			CHECK(name, ok, "%s", why);
			/* for the log only: the checks are about data, whatever
			 * numbers ext2 picks */
			int again = 0;
			for (int i = 0; i < nseen; i++)
				again |= seen[i] == ino;
			reused += again;
			if (!again)
				seen[nseen++] = ino;
		}
	}
	/* a round of files made while the last ones are still mapped: the old
	 * mapping keeps the old data, the new file shows its own */
#define ML (80 * 1024)
	int fd = mt_make(path[0], 7, ML);   /* fd -1: the mmap check fails with EBADF */
	unsigned char *old = mt_map("mapped_unlink_maps", NULL, ML, PROT_READ, MAP_SHARED, fd, 0);
	CHECK("mapped_unlink_setup", fd >= 0 && unlink(path[0]) == 0, "%s", strerror(errno));
	close(fd);
	int fd2 = mt_make(path[0], 8, ML);
	unsigned char *nw = mt_map("mapped_unlink_new_maps", NULL, ML, PROT_READ, MAP_SHARED, fd2, 0);
	if (old && nw) {
		long a = bad_page(old, 7, ML), b = bad_page(nw, 8, ML);
		CHECK("mapped_unlink_old_keeps_old_new_shows_new", a < 0 && b < 0, "old page %ld, new page %ld", a, b);
	}
	if (old)
		munmap(old, ML);
	if (nw)
		munmap(nw, ML);
	close(fd2);
	unlink(path[0]);
	unlink(path[1]);
	unlink(path[2]);
	printf("t_mapreuse: %d rounds of %d files, inode numbers came back %d times\n", ROUNDS, SLOTS, reused);
	return ptest_done();
}
