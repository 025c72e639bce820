/* File I/O at all sizes and offsets, holes, a file through triple
 * indirect blocks, rename over a file, unlink while open, truncate. */
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ptest.h"

static unsigned char wbuf[70000], rbuf[70000];

static void fill(unsigned char *b, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)((i * 131 + seed * 7) >> 3);
}

static void test_sizes_and_offsets(void)
{
	const size_t sizes[] = { 1, 511, 512, 4095, 4096, 4097, 8192, 12289, 70000 };
	const off_t offs[] = { 0, 1, 4095, 4096, 4097, 8191, 40960, 123457 };
	int fd = open("/tmp/t_files.io", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int bad = 0, cases = 0;
	for (unsigned s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		for (unsigned o = 0; o < sizeof(offs) / sizeof(offs[0]); o++) {
			fill(wbuf, sizes[s], s * 10 + o);
			ssize_t w = pwrite(fd, wbuf, sizes[s], offs[o]);
			memset(rbuf, 0xEE, sizes[s]);
			ssize_t r = pread(fd, rbuf, sizes[s], offs[o]);
			cases++;
			if (w != (ssize_t)sizes[s] || r != (ssize_t)sizes[s] || memcmp(wbuf, rbuf, sizes[s])) {
				if (bad++ < 3)
					printf("  size %zu at %ld: wrote %zd read %zd\n", sizes[s], (long)offs[o], w, r);
			}
		}
	}
	CHECK("pwrite_pread_all_sizes_offsets", fd >= 0 && bad == 0, "%d of %d cases wrong", bad, cases);
	struct stat st;
	fstat(fd, &st);
	CHECK("size_is_furthest_write", st.st_size == 123457 + 70000, "size %ld", (long)st.st_size);

	/* Sequential read() and write() move the offset. */
	lseek(fd, 0, SEEK_SET);
	fill(wbuf, 10000, 99);
	ssize_t a = write(fd, wbuf, 5000), b = write(fd, wbuf + 5000, 5000);
	off_t here = lseek(fd, 0, SEEK_CUR);
	lseek(fd, 0, SEEK_SET);
	ssize_t c = read(fd, rbuf, 10000);
	CHECK("sequential_write_read", a == 5000 && b == 5000 && here == 10000 && c == 10000 &&
	      !memcmp(wbuf, rbuf, 10000), "writes %zd %zd, offset %ld, read %zd", a, b, (long)here, c);
	off_t end = lseek(fd, 0, SEEK_END);
	ssize_t eof = read(fd, rbuf, 100);
	CHECK("read_at_end_returns_0", end == st.st_size && eof == 0, "end %ld read %zd", (long)end, eof);
	close(fd);
	unlink("/tmp/t_files.io");
}

static void test_holes(void)
{
	int fd = open("/tmp/t_files.sparse", O_RDWR | O_CREAT | O_TRUNC, 0644);
	pwrite(fd, "x", 1, 1 << 20);
	memset(rbuf, 0x55, 8192);
	ssize_t r = pread(fd, rbuf, 8192, 300000);
	int nonzero = 0;
	for (int i = 0; i < 8192; i++)
		nonzero += rbuf[i] != 0;
	struct stat st;
	fstat(fd, &st);
	CHECK("holes_read_zero", r == 8192 && nonzero == 0 && st.st_size == (1 << 20) + 1,
	      "read %zd, %d nonzero, size %ld", r, nonzero, (long)st.st_size);
	CHECK("sparse_file_uses_few_blocks", st.st_blocks <= 64, "%ld blocks", (long)st.st_blocks);
	int t = ftruncate(fd, 100);
	fstat(fd, &st);
	ssize_t r2 = pread(fd, rbuf, 10, 1 << 20);
	CHECK("ftruncate_shrinks", t == 0 && st.st_size == 100 && r2 == 0, "truncate %d size %ld read %zd",
	      t, (long)st.st_size, r2);
	close(fd);
	unlink("/tmp/t_files.sparse");
}

static void test_triple_indirect(void)
{
	/* With 4 KiB blocks, triple indirect blocks start after
	 * 12 + 1024 + 1024*1024 blocks: about 4.0 GiB. */
	const off_t far = 4300000000LL;
	int fd = open("/tmp/t_files.big", O_RDWR | O_CREAT | O_TRUNC, 0644);
	fill(wbuf, 9000, 7);
	ssize_t w = pwrite(fd, wbuf, 9000, far);
	memset(rbuf, 0, 9000);
	ssize_t r = pread(fd, rbuf, 9000, far);
	ssize_t h = pread(fd, rbuf + 9000, 100, far - 5000);
	int nonzero = 0;
	for (int i = 0; i < 100; i++)
		nonzero += rbuf[9000 + i] != 0;
	struct stat st;
	fstat(fd, &st);
	CHECK("triple_indirect_write_read", fd >= 0 && w == 9000 && r == 9000 && !memcmp(wbuf, rbuf, 9000),
	      "write %zd read %zd", w, r);
	CHECK("triple_indirect_size_and_hole", st.st_size == far + 9000 && h == 100 && nonzero == 0,
	      "size %lld hole read %zd nonzero %d", (long long)st.st_size, h, nonzero);
	close(fd);
	CHECK("triple_indirect_unlink", unlink("/tmp/t_files.big") == 0, "%s", strerror(errno));
}

static void test_rename_over(void)
{
	int a = open("/tmp/t_files.a", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	write(a, "new contents", 12);
	close(a);
	int b = open("/tmp/t_files.b", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	write(b, "old", 3);
	close(b);
	int r = rename("/tmp/t_files.a", "/tmp/t_files.b");
	char buf[32] = { 0 };
	int fd = open("/tmp/t_files.b", O_RDONLY);
	ssize_t n = read(fd, buf, sizeof(buf));
	close(fd);
	struct stat st;
	int gone = stat("/tmp/t_files.a", &st) != 0 && errno == ENOENT;
	CHECK("rename_over_existing", r == 0 && n == 12 && !memcmp(buf, "new contents", 12) && gone,
	      "rename %d read %zd old name gone %d", r, n, gone);
	unlink("/tmp/t_files.b");
}

static void test_unlink_open(void)
{
	int fd = open("/tmp/t_files.ul", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "still here", 10);
	int u = unlink("/tmp/t_files.ul");
	struct stat st;
	int gone = stat("/tmp/t_files.ul", &st) != 0;
	char buf[16] = { 0 };
	ssize_t w = pwrite(fd, "!", 1, 10);
	ssize_t r = pread(fd, buf, 11, 0);
	fstat(fd, &st);
	CHECK("unlinked_file_usable_while_open", u == 0 && gone && w == 1 && r == 11 &&
	      !memcmp(buf, "still here!", 11) && st.st_nlink == 0,
	      "unlink %d gone %d write %zd read %zd nlink %d", u, gone, w, r, (int)st.st_nlink);
	CHECK("close_unlinked", close(fd) == 0, "%s", strerror(errno));
}

int main(void)
{
	PTEST_BEGIN("t_files");
	test_sizes_and_offsets();
	test_holes();
	test_triple_indirect();
	test_rename_over();
	test_unlink_open();
	return ptest_done();
}
