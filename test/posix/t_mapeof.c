/*
 * The end of a mapped file: the partial last page reads the file's bytes
 * then zeros, and what is stored past EOF there never reaches the file; a
 * whole page past EOF is SIGBUS (seen as a child's kill status: Quire has
 * no signal handlers yet); ftruncate of a mapped file takes effect in
 * every mapping, shrinking (SIGBUS on the cut pages, the rest kept) and
 * growing (the new pages read zeros and can be written).
 *
 * POSIX: "The system shall always zero-fill any partial page at the end
 * of an object. Further, the system shall never write out any modified
 * portions of the last page of an object which are beyond its end", and
 * references to whole pages past the end "shall result in delivery of a
 * SIGBUS signal". A file grown by ftruncate reads as zeros. (Linux's ext4
 * agrees with all of this; its tmpfs does not zero the stored tail on
 * growth, which is why these tests run on a disk file system.)
 */
#include "maptest.h"

#define F "/tmp/t_mapeof"
#define TAIL 100                         /* bytes of the file in its last page */

/* Pages 0-1 whole, page 2 partial (TAIL bytes), page 3 past EOF. */
static void partial_page_and_past_eof(void)
{
	int fd = mt_make(F, 1, 2 * PG + TAIL);
	CHECK("tail_setup", fd >= 0, "%s", strerror(errno));
	if (fd < 0)
		return;
	unsigned char *s = mt_map("tail_shared_maps", NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	unsigned char *p = mt_map("tail_private_maps", NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (s) {
		long d = mt_diff(s, 1, 0, 2 * PG + TAIL);
		CHECK("tail_shared_file_bytes", d < 0, "byte %ld differs", d);
		CHECK("tail_shared_zero_past_eof", mt_zero(s + 2 * PG + TAIL, PG - TAIL), "a nonzero byte");
	}
	if (p) {
		long d = mt_diff(p, 1, 0, 2 * PG + TAIL);
		CHECK("tail_private_file_bytes", d < 0, "byte %ld differs", d);
		CHECK("tail_private_zero_past_eof", mt_zero(p + 2 * PG + TAIL, PG - TAIL), "a nonzero byte");
	}
	if (s) {
		/* a store past EOF in the last page stays in memory only */
		memset(s + 2 * PG + TAIL, 'Z', 50);
		s[3 * PG - 1] = 'Z';
		s[2 * PG] = 'E';                 /* and one before EOF, which must land */
		int m = msync(s, 3 * PG, MS_SYNC);
		CHECK("tail_msync", m == 0, "%s", strerror(errno));
		char got[TAIL + 1];
		ssize_t n = pread(fd, got, sizeof(got), 2 * PG);
		CHECK("tail_store_before_eof_reaches_file", n == TAIL && got[0] == 'E', "read %zd", n);
		CHECK("tail_store_past_eof_size_unchanged", mt_size(fd) == 2 * PG + TAIL, "size %lld",
		      mt_size(fd));
		CHECK("tail_store_past_eof_not_readable", pread(fd, got, 1, 2 * PG + TAIL) == 0, "read past EOF");
	}
	if (p && s) {
		/* The private mapping's untouched last page is the file's page:
		 * POSIX leaves open whether it shows the shared store at 2 * PG;
		 * Linux and Quire agree it does. */
		CHECK("tail_private_sees_shared_store_before_eof", p[2 * PG] == 'E', "has %d", p[2 * PG]);
	}
	/* whole pages past EOF */
	if (s) {
		int l = mt_child_access(s + 3 * PG, MT_LOAD);
		int w = mt_child_access(s + 3 * PG + 17, MT_STORE);
		CHECK("past_eof_shared_load_sigbus", l == SIGBUS, "child ended with %d", l);
		CHECK("past_eof_shared_store_sigbus", w == SIGBUS, "child ended with %d", w);
	}
	if (p) {
		int l = mt_child_access(p + 3 * PG + PG - 1, MT_LOAD);
		int w = mt_child_access(p + 3 * PG, MT_STORE);
		CHECK("past_eof_private_load_sigbus", l == SIGBUS, "child ended with %d", l);
		CHECK("past_eof_private_store_sigbus", w == SIGBUS, "child ended with %d", w);
	}
	CHECK("past_eof_children_changed_nothing", mt_size(fd) == 2 * PG + TAIL, "size %lld", mt_size(fd));
	/* Growing the file: the bytes stored past the old EOF read 0. */
	if (s) {
		CHECK("grow_after_tail_store", ftruncate(fd, 4 * PG) == 0, "%s", strerror(errno));
		CHECK("grow_tail_store_reads_zero", mt_file_zero(fd, 2 * PG + TAIL, 2 * PG - TAIL),
		      "a byte stored past the old EOF reached the file");
		CHECK("grow_tail_store_gone_from_mapping", mt_zero(s + 2 * PG + TAIL, 2 * PG - TAIL),
		      "the mapping still shows a byte stored past the old EOF");
		CHECK("grow_kept_data", mt_file_is(fd, 1, 0, 2 * PG) && mt_file_is(fd, 1, 2 * PG + 1, TAIL - 1),
		      "the old data changed");
		int l = mt_child_access(s + 3 * PG, MT_LOAD);
		CHECK("grow_page_past_old_eof_readable", l == 0, "child ended with %d", l);
	}
	if (s)
		munmap(s, 4 * PG);
	if (p)
		munmap(p, 4 * PG);
	close(fd);
	unlink(F);
}

/* A 6-page file mapped shared and private is cut to 2 pages + 50 bytes. */
static void truncate_shrinks(void)
{
	int fd = mt_make(F, 2, 6 * PG);
	CHECK("shrink_setup", fd >= 0, "%s", strerror(errno));
	if (fd < 0)
		return;
	unsigned char *s = mt_map("shrink_shared_maps", NULL, 6 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	unsigned char *s2 = mt_map("shrink_second_shared_maps", NULL, 3 * PG, PROT_READ, MAP_SHARED, fd, 3 * PG);
	unsigned char *p = mt_map("shrink_private_maps", NULL, 6 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (!s || !s2 || !p)
		goto out;
	/* make every page present, and give the private mapping its own
	 * copies of page 0 (kept) and page 4 (to be cut) */
	for (int i = 0; i < 6; i++) {
		(void)*(volatile unsigned char *)(s + i * PG + 1);
		(void)*(volatile unsigned char *)(p + i * PG + 1);
	}
	(void)*(volatile unsigned char *)s2;
	p[0] = 'k';
	p[4 * PG] = 'c';
	s[1 * PG] = 'S';
	CHECK("shrink_ftruncate", ftruncate(fd, 2 * PG + 50) == 0, "%s", strerror(errno));

	/* POSIX (ftruncate): "whole pages beyond the new end shall be
	 * discarded", and "references to discarded pages shall result in the
	 * generation of a SIGBUS signal": a private copy too (Linux agrees) */
	static const struct {
		const char *check;
		int which;                       /* 0 s, 1 s2, 2 p */
		unsigned off;
	} cut[] = {
		{ "shrink_shared_page3_sigbus", 0, 3 * PG },
		{ "shrink_shared_page5_sigbus", 0, 5 * PG + 7 },
		{ "shrink_offset_mapping_sigbus", 1, 0 },
		{ "shrink_offset_mapping_last_sigbus", 1, 2 * PG + 8 },
		{ "shrink_private_untouched_cut_page_sigbus", 2, 3 * PG },
		{ "shrink_private_copied_cut_page_sigbus", 2, 4 * PG },
	};
	for (unsigned i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		unsigned char *base = cut[i].which == 0 ? s : cut[i].which == 1 ? s2 : p;
		int sig = mt_child_access(base + cut[i].off, MT_LOAD);
		CHECK(cut[i].check, sig == SIGBUS, "child ended with %d", sig);
	}
	int w = mt_child_access(s + 4 * PG, MT_STORE);
	CHECK("shrink_shared_store_cut_page_sigbus", w == SIGBUS, "child ended with %d", w);
	CHECK("shrink_shared_kept_pages",
	      mt_diff(s, 2, 0, PG) < 0 && s[PG] == 'S' && mt_diff(s + PG + 1, 2, PG + 1, PG + 49) < 0,
	      "kept data changed");
	CHECK("shrink_shared_new_tail_zero", mt_zero(s + 2 * PG + 50, PG - 50), "a nonzero byte past the new EOF");
	/* p's page 1 was never written: it is the file's and shows 'S' (see
	 * t_mapfile's write_seen_by_mappings) */
	CHECK("shrink_private_kept_pages", p[0] == 'k' && mt_diff(p + 1, 2, 1, PG - 1) < 0 && p[PG] == 'S' &&
	      mt_diff(p + 2 * PG, 2, 2 * PG, 50) < 0, "kept data changed");
	CHECK("shrink_file_size", mt_size(fd) == 2 * PG + 50, "size %lld", mt_size(fd));

	/* growing again: every mapping reads zeros in the new pages */
	CHECK("regrow_ftruncate", ftruncate(fd, 6 * PG) == 0, "%s", strerror(errno));
	CHECK("regrow_shared_zeros", mt_zero(s + 2 * PG + 50, 4 * PG - 50), "old data came back");
	CHECK("regrow_offset_mapping_zeros", mt_zero(s2, 3 * PG), "old data came back");
	CHECK("regrow_private_zeros", mt_zero(p + 3 * PG, 3 * PG), "old data came back");
	memcpy(s + 5 * PG + 1, "grown", 5);
	char got[5];
	CHECK("regrow_shared_store_reaches_file", pread(fd, got, 5, 5 * PG + 1) == 5 && !memcmp(got, "grown", 5),
	      "not in the file");
	CHECK("regrow_store_seen_by_offset_mapping", !memcmp(s2 + 2 * PG + 1, "grown", 5), "not seen");
out:
	if (s)
		munmap(s, 6 * PG);
	if (s2)
		munmap(s2, 3 * PG);
	if (p)
		munmap(p, 6 * PG);
	close(fd);
	unlink(F);
}

/* A 1-page file mapped 4 pages long grows under the mapping. */
static void truncate_grows(void)
{
	int fd = mt_make(F, 3, PG);
	CHECK("grow_setup", fd >= 0, "%s", strerror(errno));
	if (fd < 0)
		return;
	unsigned char *s = mt_map("grow_shared_maps", NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (s) {
		int l = mt_child_access(s + 2 * PG, MT_LOAD);
		CHECK("grow_before_sigbus", l == SIGBUS, "child ended with %d", l);
		CHECK("grow_ftruncate", ftruncate(fd, 3 * PG + 10) == 0, "%s", strerror(errno));
		CHECK("grow_new_pages_zero", mt_zero(s + PG, 3 * PG), "a nonzero byte");
		CHECK("grow_old_page_kept", mt_diff(s, 3, 0, PG) < 0, "changed");
		s[2 * PG + 3] = 'g';
		s[3 * PG + 9] = 'h';
		char got[2];
		CHECK("grow_new_page_store_reaches_file",
		      pread(fd, got, 1, 2 * PG + 3) == 1 && got[0] == 'g' && pread(fd, got + 1, 1, 3 * PG + 9) == 1 &&
			      got[1] == 'h', "not in the file");
		CHECK("grow_size_kept", mt_size(fd) == 3 * PG + 10, "size %lld", mt_size(fd));
		munmap(s, 4 * PG);
	}
	close(fd);
	unlink(F);
}

int main(void)
{
	PTEST_BEGIN("t_mapeof");
	partial_page_and_past_eof();
	truncate_shrinks();
	truncate_grows();
	return ptest_done();
}
