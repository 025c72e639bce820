/*
 * mmap of a regular file: MAP_PRIVATE reads and copy-on-write, MAP_SHARED
 * stores seen by read() and by other mappings, write() seen by mappings,
 * msync, munmap, a mapping that outlives close() and unlink(), fork with
 * private and shared mappings, a mapping at an offset, PROT_READ and
 * mprotect. (Past-EOF behaviour is t_mapeof's.)
 */
#include "maptest.h"

#define F1 "/tmp/t_mapfile.1"
#define NPG 4                            /* pages in the test file */
#define LEN (NPG * PG)

/* F1 made afresh with NPG pages of pattern `seed`, as check `check`. */
static int fresh(const char *check, unsigned seed)
{
	int fd = mt_make(F1, seed, LEN);
	CHECK(check, fd >= 0, "%s: %s", F1, strerror(errno));
	return fd;
}

static void private_read_and_cow(void)
{
	int fd = fresh("private_setup", 1);
	if (fd < 0)
		return;
	unsigned char *p = mt_map("private_maps", NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	unsigned char *s = mt_map("private_cow_second_shared_maps", NULL, LEN, PROT_READ, MAP_SHARED, fd, 0);
	if (p && s) {
		long d = mt_diff(p, 1, 0, LEN);
		CHECK("private_reads_file_contents", d < 0, "byte %ld differs", d);
		p[PG + 5] = 0;                   /* the pattern never holds a 0 */
		memset(p + 3 * PG, 0xee, 16);
		CHECK("private_store_seen_in_own_mapping", p[PG + 5] == 0 && p[3 * PG + 15] == 0xee,
		      "lost a store");
		CHECK("private_store_not_in_file", mt_file_is(fd, 1, 0, LEN), "the file changed");
		d = mt_diff(s, 1, 0, LEN);
		CHECK("private_store_not_in_other_mapping", d < 0, "shared mapping byte %ld differs", d);
		d = mt_diff(p, 1, 0, PG);
		long d2 = mt_diff(p + 2 * PG, 1, 2 * PG, PG);
		CHECK("private_unwritten_pages_intact", d < 0 && d2 < 0, "bytes %ld %ld", d, d2);
	}
	if (p)
		munmap(p, LEN);
	if (s)
		munmap(s, LEN);
	close(fd);
}

static void shared_store_seen(void)
{
	int fd = fresh("shared_setup", 2);
	if (fd < 0)
		return;
	unsigned char *a = mt_map("shared_maps", NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	unsigned char *b = mt_map("shared_second_maps", NULL, LEN, PROT_READ, MAP_SHARED, fd, 0);
	if (a && b) {
		CHECK("shared_reads_file_contents", mt_diff(a, 2, 0, LEN) < 0 && mt_diff(b, 2, 0, LEN) < 0,
		      "contents differ");
		memcpy(a + PG - 3, "spans", 5);   /* across a page boundary */
		char got[6] = { 0 };
		ssize_t n = pread(fd, got, 5, PG - 3);
		CHECK("shared_store_seen_by_read_at_once", n == 5 && !memcmp(got, "spans", 5),
		      "read %zd '%s'", n, got);
		CHECK("shared_store_seen_by_second_mapping", !memcmp(b + PG - 3, "spans", 5),
		      "second mapping has '%.5s'", (char *)b + PG - 3);
		CHECK("shared_store_rest_intact",
		      mt_diff(a, 2, 0, PG - 3) < 0 && mt_diff(a + PG + 2, 2, PG + 2, LEN - PG - 2) < 0,
		      "a byte changed");
	}
	if (b)
		munmap(b, LEN);
	if (a)
		munmap(a, LEN);
	close(fd);
}

/* POSIX leaves open whether a MAP_PRIVATE mapping sees later writes to
 * the file; Linux and Quire agree that a page never written through the
 * mapping is the file's page and does. */
static void write_seen_by_mappings(void)
{
	int fd = fresh("write_seen_setup", 3);
	if (fd < 0)
		return;
	unsigned char *s = mt_map("write_seen_shared_maps", NULL, LEN, PROT_READ, MAP_SHARED, fd, 0);
	unsigned char *p = mt_map("write_seen_private_maps", NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE,
				  fd, 0);
	if (s && p) {
		(void)*(volatile unsigned char *)(p + PG);   /* page 1 read, page 2 untouched */
		CHECK("write_seen_setup_write",
		      pwrite(fd, "PWRITE", 6, PG + 100) == 6 && lseek(fd, 2 * PG + 7, SEEK_SET) >= 0 &&
			      write(fd, "WRITE", 5) == 5,
		      "%s", strerror(errno));
		CHECK("pwrite_seen_by_shared_mapping", !memcmp(s + PG + 100, "PWRITE", 6), "has '%.6s'",
		      (char *)s + PG + 100);
		CHECK("write_seen_by_shared_mapping", !memcmp(s + 2 * PG + 7, "WRITE", 5), "has '%.5s'",
		      (char *)s + 2 * PG + 7);
		CHECK("pwrite_seen_by_read_private_page", !memcmp(p + PG + 100, "PWRITE", 6), "has '%.6s'",
		      (char *)p + PG + 100);
		CHECK("write_seen_by_untouched_private_page", !memcmp(p + 2 * PG + 7, "WRITE", 5),
		      "has '%.5s'", (char *)p + 2 * PG + 7);
		/* once a private page is written it is the mapping's own copy */
		p[0] = 'P';
		CHECK("private_copy_setup_pwrite", pwrite(fd, "FILE", 4, 1) == 4, "%s", strerror(errno));
		CHECK("written_private_page_ignores_file_writes", p[0] == 'P' && mt_diff(p + 1, 3, 1, 4) < 0,
		      "has '%c' then a changed byte", p[0]);
	}
	if (s)
		munmap(s, LEN);
	if (p)
		munmap(p, LEN);
	close(fd);
}

/* Each msync flag returns 0 and leaves the data on the file: a new
 * descriptor's read() sees it. */
static void msync_flags(void)
{
	static const struct {
		const char *check;
		int flags;
	} cases[] = {
		{ "msync_sync_data_on_file", MS_SYNC },
		{ "msync_async_data_on_file", MS_ASYNC },
		{ "msync_invalidate_data_on_file", MS_INVALIDATE },
		{ "msync_sync_invalidate_data_on_file", MS_SYNC | MS_INVALIDATE },
	};
	int fd = fresh("msync_setup", 4);
	if (fd < 0)
		return;
	unsigned char *a = mt_map("msync_maps", NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	for (unsigned i = 0; a && i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned char *at = a + i * PG + 10 * i;
		memset(at, 'A' + i, 100);
		errno = 0;
		int r = msync(a, LEN, cases[i].flags);
		int e = errno;
		int fd2 = open(F1, O_RDONLY);
		char got[100];
		ssize_t n = pread(fd2, got, 100, (off_t)(i * PG + 10 * i));
		close(fd2);
		int same = n == 100;
		for (int k = 0; same && k < 100; k++)
			same = got[k] == (char)('A' + i);
		CHECK(cases[i].check, r == 0 && same && at[99] == 'A' + i, "msync %d errno %d, read %zd same %d",
		      r, e, n, same);
	}
	if (a) {
		/* after munmap the data is still the file's */
		memcpy(a + LEN - 8, "unmapped", 8);
		CHECK("munmap_returns_0", munmap(a, LEN) == 0, "%s", strerror(errno));
		char got[8];
		ssize_t n = pread(fd, got, 8, LEN - 8);
		CHECK("munmap_then_read_sees_data", n == 8 && !memcmp(got, "unmapped", 8), "read %zd", n);
	}
	close(fd);
}

static void outlives_close_and_unlink(void)
{
	int fd = fresh("outlives_setup", 5);
	if (fd < 0)
		return;
	int keep = open(F1, O_RDONLY);      /* to look at the unlinked file */
	unsigned char *a = mt_map("outlives_maps", NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK("outlives_close_unlink_ok", close(fd) == 0 && unlink(F1) == 0, "%s", strerror(errno));
	if (a) {
		long d = mt_diff(a, 5, 0, LEN);
		CHECK("outlives_keeps_data", d < 0, "byte %ld differs", d);
		memcpy(a + 3 * PG + 1, "orphan", 6);
		char got[6];
		ssize_t n = pread(keep, got, 6, 3 * PG + 1);
		CHECK("outlives_store_reaches_unlinked_file", a[3 * PG + 1] == 'o' && n == 6 &&
		      !memcmp(got, "orphan", 6), "read %zd", n);
		CHECK("outlives_munmap", munmap(a, LEN) == 0, "%s", strerror(errno));
	}
	close(keep);
}

/* Fork with a private and a shared mapping of the same file; the two
 * processes take turns through two pipes. */
static void fork_private_and_shared(void)
{
	int fd = fresh("fork_setup_file", 6);
	if (fd < 0)
		return;
	unsigned char *p = mt_map("fork_private_maps", NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	unsigned char *s = mt_map("fork_shared_maps", NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	int to_parent[2], to_child[2];
	if (!p || !s || pipe(to_parent) || pipe(to_child)) {
		CHECK("fork_setup", 0, "no mappings or pipes");
		goto out;
	}
	p[0] = 'b';                          /* private page written before fork */
	unsigned char orig1 = p[PG];
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		char t;
		int bad = 0;
		p[0] = 'c';                      /* the parent must keep 'b' */
		p[PG] = 'c';                     /* a page shared with the file until now */
		s[2 * PG] = 'S';                 /* must reach the parent and the file */
		write(to_parent[1], "x", 1);
		read(to_child[0], &t, 1);        /* the parent has written its pages */
		bad |= p[0] != 'c' || p[PG] != 'c';
		bad |= p[3 * PG] != mt_pat(6, 3 * PG);   /* the parent's private store */
		bad |= s[3 * PG + 1] != 'T';             /* the parent's shared store */
		_exit(bad);
	}
	char t;
	read(to_parent[0], &t, 1);
	CHECK("fork_child_private_stores_not_seen_by_parent", p[0] == 'b' && p[PG] == orig1,
	      "parent sees '%c' %d", p[0], p[PG]);
	CHECK("fork_child_shared_store_seen_by_parent", s[2 * PG] == 'S', "parent sees %d", s[2 * PG]);
	p[3 * PG] = 'p';
	s[3 * PG + 1] = 'T';
	write(to_child[1], "x", 1);
	CHECK("fork_parent_stores_private_kept_shared_seen_by_child", mt_wait_ok(c),
	      "the child saw the parent's private store or missed the shared one");
	CHECK("fork_private_stores_not_in_file", mt_file_is(fd, 6, 0, 1) && mt_file_is(fd, 6, PG, 1) &&
	      mt_file_is(fd, 6, 3 * PG, 1), "a private store reached the file");
	char got[1];
	CHECK("fork_shared_child_store_in_file", pread(fd, got, 1, 2 * PG) == 1 && got[0] == 'S',
	      "file has %d", got[0]);
	close(to_parent[0]);
	close(to_parent[1]);
	close(to_child[0]);
	close(to_child[1]);
out:
	if (p)
		munmap(p, LEN);
	if (s)
		munmap(s, LEN);
	close(fd);
}

static void at_offset(void)
{
	int fd = fresh("offset_setup", 7);
	if (fd < 0)
		return;
	unsigned char *a = mt_map("offset_maps", NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 2 * PG);
	if (a) {
		long d = mt_diff(a, 7, 2 * PG, 2 * PG);
		CHECK("offset_mapping_shows_file_at_offset", d < 0, "byte %ld differs", d);
		memcpy(a + PG + 9, "offset", 6);
		char got[6];
		ssize_t n = pread(fd, got, 6, 3 * PG + 9);
		CHECK("offset_store_lands_at_file_offset", n == 6 && !memcmp(got, "offset", 6) &&
		      mt_file_is(fd, 7, 0, 2 * PG), "read %zd", n);
		munmap(a, 2 * PG);
	}
	close(fd);
}

static void protections(void)
{
	int fd = fresh("prot_setup", 8);
	if (fd < 0)
		return;
	int ro = open(F1, O_RDONLY);
	unsigned char *r = mt_map("prot_read_maps", NULL, LEN, PROT_READ, MAP_SHARED, ro, 0);
	unsigned char *w = mt_map("mprotect_maps", NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (r) {
		int sig = mt_child_access(r + PG, MT_STORE);
		CHECK("prot_read_store_sigsegv", sig == SIGSEGV, "child ended with %d", sig);
		sig = mt_child_access(r + PG, MT_LOAD);
		CHECK("prot_read_load_ok", sig == 0 && r[PG] == mt_pat(8, PG), "child ended with %d", sig);
		errno = 0;
		int m = mprotect(r, PG, PROT_READ | PROT_WRITE);
		CHECK("mprotect_write_on_read_only_fd_eacces", m == -1 && errno == EACCES, "mprotect %d errno %d",
		      m, errno);
	}
	if (w) {
		CHECK("mprotect_read_only", mprotect(w, 2 * PG, PROT_READ) == 0, "%s", strerror(errno));
		int sig = mt_child_access(w + PG, MT_STORE);
		int sig2 = mt_child_access(w + 2 * PG, MT_STORE);
		CHECK("mprotect_read_only_store_sigsegv_rest_writable", sig == SIGSEGV && sig2 == 0,
		      "children ended with %d, %d", sig, sig2);
		CHECK("mprotect_read_only_loads", mt_diff(w, 8, 0, 2 * PG) < 0, "contents differ");
		CHECK("mprotect_back_to_write", mprotect(w, 2 * PG, PROT_READ | PROT_WRITE) == 0, "%s",
		      strerror(errno));
		w[PG] = 'W';
		char got[1];
		CHECK("mprotect_writable_store_in_file", pread(fd, got, 1, PG) == 1 && got[0] == 'W',
		      "file has %d", got[0]);
		CHECK("mprotect_none", mprotect(w, PG, PROT_NONE) == 0, "%s", strerror(errno));
		sig = mt_child_access(w, MT_LOAD);
		CHECK("mprotect_none_load_sigsegv", sig == SIGSEGV, "child ended with %d", sig);
	}
	if (r)
		munmap(r, LEN);
	if (w)
		munmap(w, LEN);
	close(ro);
	close(fd);
}

int main(void)
{
	PTEST_BEGIN("t_mapfile");
	private_read_and_cow();
	shared_store_seen();
	write_seen_by_mappings();
	msync_flags();
	outlives_close_and_unlink();
	fork_private_and_shared();
	at_offset();
	protections();
	unlink(F1);
	return ptest_done();
}
