/*
 * The deadlock VFS must avoid (docs: BRIEF "The deadlock VFS must avoid"):
 * the file system is asked to copy to or from a user buffer whose pages
 * it must itself supply. Buffers here span two adjacent, never-touched
 * mappings of two files on the same file system (MAP_FIXED side by side):
 *   - write() to a third file from two MAP_SHARED mappings;
 *   - read() from a file into two MAP_PRIVATE writable mappings;
 *   - read() into a PROT_READ file mapping: EFAULT, nothing changed.
 * The issue also asks for the caches to be flushed first; a program has
 * no portable way to empty the page cache (and Quire's cache may hold
 * 32 MiB), so these run right after the files are written and again after
 * they were rewritten through O_TRUNC (new blocks, new pages). A file's
 * mapping is also the source of a write() into that same file.
 * (The operation x target x buffer matrix is t_mapmatrix.)
 */
#include "maptest.h"

#define FA "/tmp/t_mapcopy.a"
#define FB "/tmp/t_mapcopy.b"
#define FC "/tmp/t_mapcopy.c"
#define FD "/tmp/t_mapcopy.d"
#define NP 3                             /* pages in each of A and B */

/* A (pattern 1) and B (pattern 2) of NP pages each, mapped side by side
 * at one address with `prot` and `flags`: the base, or NULL. */
static unsigned char *adjacent(const char *check, int prot, int flags)
{
	int a = open(FA, O_RDWR), b = open(FB, O_RDWR);
	unsigned char *base = mmap(NULL, 2 * NP * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *ma = MAP_FAILED, *mb = MAP_FAILED;
	if (a >= 0 && b >= 0 && base != MAP_FAILED) {
		ma = mmap(base, NP * PG, prot, flags | MAP_FIXED, a, 0);
		mb = mmap(base + NP * PG, NP * PG, prot, flags | MAP_FIXED, b, 0);
	}
	int e = errno;
	close(a);
	close(b);
	int ok = base != MAP_FAILED && ma == base && mb == base + NP * PG;
	CHECK(check, ok, "reserve %p, A at %p, B at %p: %s", (void *)base, (void *)ma, (void *)mb, strerror(e));
	if (!ok && base != MAP_FAILED) {
		munmap(base, 2 * NP * PG);
		base = NULL;
	}
	return ok ? base : NULL;
}

/* Write A and B afresh (patterns 1 and 2) and D (pattern 4). */
static int make_files(const char *check)
{
	int a = mt_make(FA, 1, NP * PG), b = mt_make(FB, 2, NP * PG), d = mt_make(FD, 4, 2 * NP * PG);
	int ok = a >= 0 && b >= 0 && d >= 0;
	CHECK(check, ok, "%s", strerror(errno));
	close(a);
	close(b);
	close(d);
	return ok;
}

/* A's pages 1-2 and B's pages 0-1, less 100 bytes at each end. */
#define SPAN_OFF (PG + 100)
#define SPAN_LEN ((size_t)(4 * PG - 200))

/* write() to C from the span of the shared mappings: C gets A's bytes
 * then B's, and A and B are unchanged. */
static void write_from_shared(const char *tag)
{
	char name[64];
	snprintf(name, sizeof(name), "%s_shared_adjacent_maps", tag);
	unsigned char *m = adjacent(name, PROT_READ | PROT_WRITE, MAP_SHARED);
	if (!m)
		return;
	int c = open(FC, O_RDWR | O_CREAT | O_TRUNC, 0644);
	errno = 0;
	ssize_t n = write(c, m + SPAN_OFF, SPAN_LEN);
	int e = errno;
	snprintf(name, sizeof(name), "%s_write_from_two_shared_mappings", tag);
	CHECK(name, n == (ssize_t)SPAN_LEN, "write %zd errno %d", n, e);
	size_t in_a = NP * PG - SPAN_OFF;
	snprintf(name, sizeof(name), "%s_write_from_shared_data_right", tag);
	unsigned char buf[4 * PG];
	ssize_t r = pread(c, buf, SPAN_LEN, 0);
	CHECK(name, r == (ssize_t)SPAN_LEN && mt_diff(buf, 1, SPAN_OFF, in_a) < 0 &&
	      mt_diff(buf + in_a, 2, 0, SPAN_LEN - in_a) < 0, "read %zd, wrong bytes", r);
	int a = open(FA, O_RDONLY), b = open(FB, O_RDONLY);
	snprintf(name, sizeof(name), "%s_write_from_shared_sources_intact", tag);
	CHECK(name, mt_file_is(a, 1, 0, NP * PG) && mt_file_is(b, 2, 0, NP * PG) &&
	      mt_diff(m, 1, 0, NP * PG) < 0 && mt_diff(m + NP * PG, 2, 0, NP * PG) < 0, "a source changed");
	close(a);
	close(b);
	close(c);
	munmap(m, 2 * NP * PG);
}

/* read() from D into the span of fresh private mappings: the span holds
 * D's bytes, the rest A's and B's; A and B on disk are unchanged. */
static void read_into_private(const char *tag)
{
	char name[64];
	snprintf(name, sizeof(name), "%s_private_adjacent_maps", tag);
	unsigned char *m = adjacent(name, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	if (!m)
		return;
	int d = open(FD, O_RDONLY);
	lseek(d, 5, SEEK_SET);
	errno = 0;
	ssize_t n = read(d, m + SPAN_OFF, SPAN_LEN);
	int e = errno;
	snprintf(name, sizeof(name), "%s_read_into_two_private_mappings", tag);
	CHECK(name, n == (ssize_t)SPAN_LEN && mt_diff(m + SPAN_OFF, 4, 5, SPAN_LEN) < 0, "read %zd errno %d", n, e);
	snprintf(name, sizeof(name), "%s_read_into_private_rest_intact", tag);
	size_t end = SPAN_OFF + SPAN_LEN;    /* in B's mapping, at B's offset end - NP * PG */
	CHECK(name, mt_diff(m, 1, 0, SPAN_OFF) < 0 && mt_diff(m + end, 2, end - NP * PG, 100) < 0 &&
	      mt_diff(m + 2 * NP * PG - PG, 2, (NP - 1) * PG, PG) < 0, "a byte outside the span changed");
	int a = open(FA, O_RDONLY), b = open(FB, O_RDONLY);
	snprintf(name, sizeof(name), "%s_read_into_private_files_intact", tag);
	CHECK(name, mt_file_is(a, 1, 0, NP * PG) && mt_file_is(b, 2, 0, NP * PG), "a private store reached a file");
	close(a);
	close(b);
	close(d);
	munmap(m, 2 * NP * PG);
}

/* read() into a read-only file mapping: EFAULT, nothing changed
 * (the file, the mapping, the source's offset). */
static void read_into_read_only(const char *tag)
{
	char name[64];
	snprintf(name, sizeof(name), "%s_read_only_adjacent_maps", tag);
	unsigned char *m = adjacent(name, PROT_READ, MAP_SHARED);
	if (!m)
		return;
	int d = open(FD, O_RDONLY);
	errno = 0;
	ssize_t n = read(d, m + SPAN_OFF, SPAN_LEN);
	int e = errno;
	snprintf(name, sizeof(name), "%s_read_into_read_only_mapping_efault", tag);
	CHECK(name, n == -1 && e == EFAULT, "read %zd errno %d", n, e);
	snprintf(name, sizeof(name), "%s_read_into_read_only_unchanged", tag);
	int a = open(FA, O_RDONLY), b = open(FB, O_RDONLY);
	CHECK(name, mt_diff(m, 1, 0, NP * PG) < 0 && mt_diff(m + NP * PG, 2, 0, NP * PG) < 0 &&
	      mt_file_is(a, 1, 0, NP * PG) && mt_file_is(b, 2, 0, NP * PG), "a mapping or file changed");
	/* the source kept its offset: Linux and Quire move it only by what
	 * was copied, and nothing was */
	snprintf(name, sizeof(name), "%s_read_into_read_only_offset_kept", tag);
	off_t at = lseek(d, 0, SEEK_CUR);
	CHECK(name, at == 0, "offset %lld", (long long)at);
	close(a);
	close(b);
	close(d);
	munmap(m, 2 * NP * PG);
}

/* One mapping of A reaching across into a page of B's mapping, with both
 * pages of the buffer in one file: the FS copies from the very file it
 * writes (write() of A's own pages into A, at another offset). */
static void write_file_into_itself(void)
{
	int a = open(FA, O_RDWR);
	unsigned char *m = mt_map("self_maps", NULL, NP * PG, PROT_READ, MAP_SHARED, a, 0);
	if (m) {
		/* A's page 0 and the first half of page 1, written at page 2 */
		ssize_t n = pwrite(a, m + 10, PG + PG / 2, (NP - 1) * PG);
		CHECK("self_write_from_own_mapping", n == PG + PG / 2, "pwrite %zd errno %d", n, errno);
		CHECK("self_write_data_right", mt_file_is(a, 1, 0, (NP - 1) * PG) &&
		      mt_diff(m + (NP - 1) * PG, 1, 10, PG) < 0, "wrong bytes");
		CHECK("self_write_grew_file", mt_size(a) == (NP - 1) * PG + PG + PG / 2, "size %lld", mt_size(a));
		munmap(m, NP * PG);
	}
	close(a);
}

int main(void)
{
	PTEST_BEGIN("t_mapcopy");
	if (make_files("setup_files")) {
		write_from_shared("fresh");
		read_into_private("fresh");
		read_into_read_only("fresh");
	}
	/* again, with the files written anew through O_TRUNC: their blocks
	 * were freed and allocated again, so the pages are new ones */
	if (make_files("setup_files_again")) {
		write_from_shared("again");
		read_into_private("again");
		read_into_read_only("again");
	}
	write_file_into_itself();
	unlink(FA);
	unlink(FB);
	unlink(FC);
	unlink(FD);
	return ptest_done();
}
