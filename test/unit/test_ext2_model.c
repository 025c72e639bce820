/*
 * Host test for the ext2 server: a long random run of writes, reads,
 * truncates, creates, unlinks, renames and stores through MAP_SHARED
 * mappings over two directories, checked against an in-memory model after
 * every read, with remounts and e2fsck along the way. The working set is
 * many times the harness's 256-block cache, so eviction and write-back
 * run all the time, and evicted blocks come back from the fake of VM's
 * page cache. A store is made the way VM would: page the page in (or fill
 * a hole) through the server's work loop, then store into VM's page;
 * some stores land past the end of the file in its last page, which must
 * never become file data. Before each remount the stores are written back
 * (VMW_WRITEBACK). The seed is fixed: a failure repeats.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ext2_harness.h"

#define SLOTS     24            /* names per directory */
#define MAX_SIZE  (1 << 20)
#define OPS       1500

struct mfile {
	bool exists;
	uint64_t size;
	uint8_t *data;              /* MAX_SIZE bytes; past size all zero */
};

static struct mfile model[2][SLOTS];
static uint64_t dirs[2];
static uint64_t rng = 88172645463325252ull;

static uint64_t rnd(uint64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng % n;
}

static void name_of(char *buf, int slot)
{
	snprintf(buf, 16, "m%02d", slot);
}

static uint64_t open_file(int d, int s)
{
	char name[16];
	name_of(name, s);
	return h_ino(dirs[d], name);
}

static void op_write(int d, int s)
{
	struct mfile *f = &model[d][s];
	uint64_t pos = rnd(MAX_SIZE - 1);
	uint64_t len = 1 + rnd(70000);
	if (pos + len > MAX_SIZE)
		len = MAX_SIZE - pos;
	uint8_t *buf = malloc(len);
	for (uint64_t i = 0; i < len; i++)
		buf[i] = (uint8_t)rnd(256);
	uint64_t ino = open_file(d, s);
	assert_int_equal(h_write(ino, pos, buf, len), (int64_t)len);
	assert_int_equal(h_put(ino, 1), OK);
	memcpy(f->data + pos, buf, len);
	if (pos + len > f->size)
		f->size = pos + len;
	free(buf);
}

static void op_read(int d, int s)
{
	struct mfile *f = &model[d][s];
	uint64_t pos = rnd(MAX_SIZE);
	uint64_t len = 1 + rnd(150000);
	uint8_t *buf = malloc(len);
	uint64_t ino = open_file(d, s);
	int64_t n = h_read(ino, pos, buf, len);
	assert_int_equal(h_put(ino, 1), OK);
	uint64_t want = pos >= f->size ? 0 : (len < f->size - pos ? len : f->size - pos);
	assert_int_equal(n, (int64_t)want);
	if (want && memcmp(buf, f->data + pos, want) != 0)
		fail_msg("dir %d slot %d: read at %lu len %lu differs", d, s, (unsigned long)pos,
			 (unsigned long)want);
	free(buf);
}

static void op_trunc(int d, int s)
{
	struct mfile *f = &model[d][s];
	uint64_t size = rnd(MAX_SIZE);
	uint64_t ino = open_file(d, s);
	assert_int_equal(h_trunc(ino, size), OK);
	assert_int_equal(h_put(ino, 1), OK);
	if (size < f->size)
		memset(f->data + size, 0, f->size - size);
	f->size = size;
}

static void op_create(int d, int s)
{
	char name[16];
	name_of(name, s);
	uint64_t ino;
	assert_int_equal(h_create(dirs[d], name, 0644, &ino), OK);
	assert_int_equal(h_put(ino, 1), OK);
	model[d][s].exists = true;
	model[d][s].size = 0;
}

static void op_unlink(int d, int s)
{
	char name[16];
	name_of(name, s);
	assert_int_equal(h_unlink(dirs[d], name), OK);
	memset(model[d][s].data, 0, model[d][s].size);
	model[d][s].exists = false;
	model[d][s].size = 0;
}

static void op_rename(int d, int s, int d2, int s2)
{
	char a[16], b[16];
	name_of(a, s);
	name_of(b, s2);
	assert_int_equal(h_rename(dirs[d], a, dirs[d2], b), OK);
	if (d == d2 && s == s2)
		return;
	struct mfile *src = &model[d][s], *dst = &model[d2][s2];
	uint8_t *spare = dst->data;
	memset(spare, 0, dst->size);
	*dst = *src;
	src->data = spare;
	src->exists = false;
	src->size = 0;
}

/* One VM_CACHE_WORK item through the server's loop; its result. */
static int work(int kind, uint64_t ino, uint64_t index, uint64_t count)
{
	int id = fvm_queue(kind, ino, index, count);
	vmwork_serve(false);
	return fvm_result(id);
}

static void op_store(int d, int s)
{
	struct mfile *f = &model[d][s];
	if (f->size == 0)
		return;                 /* a mapping of an empty file has no page */
	uint64_t ino = open_file(d, s);
	uint64_t pages = (f->size + 4095) / 4096;
	/* The last page a third of the time: stores past the end there. */
	uint64_t index = rnd(3) == 0 ? pages - 1 : rnd(pages);
	int r = work(VMW_PAGEIN, ino, index, 1 + rnd(8));
	if (r == VMW_HOLE)
		r = work(VMW_FILL, ino, index, 1);
	assert_int_equal(r, OK);
	uint8_t *page = fvm_file_page(ino, index);
	assert_non_null(page);
	for (int n = 1 + (int)rnd(20); n > 0; n--) {
		unsigned off = (unsigned)rnd(4096);
		uint8_t v = (uint8_t)rnd(256);
		page[off] = v;
		if (index * 4096 + off < f->size)
			f->data[index * 4096 + off] = v;        /* past the end: not data */
	}
	assert_int_equal(h_put(ino, 1), OK);
}

/* What VM does before the cache goes (msync, munmap, exit): write every
 * page stored into back. */
static void write_back_all(void)
{
	for (int d = 0; d < 2; d++)
		for (int s = 0; s < SLOTS; s++) {
			if (!model[d][s].exists)
				continue;
			uint64_t ino = open_file(d, s);
			assert_int_equal(work(VMW_WRITEBACK, ino, 0, (model[d][s].size + 4095) / 4096), OK);
			assert_int_equal(h_put(ino, 1), OK);
		}
}

/* A new mapping of each file's partial last page sees zeroes past the
 * end, whatever was stored there before. */
static void check_tails(void)
{
	for (int d = 0; d < 2; d++)
		for (int s = 0; s < SLOTS; s++) {
			uint64_t size = model[d][s].size;
			if (!model[d][s].exists || size % 4096 == 0)
				continue;
			uint64_t ino = open_file(d, s);
			int r = work(VMW_PAGEIN, ino, size / 4096, 1);
			if (r == OK) {
				const uint8_t *page = fvm_file_page(ino, size / 4096);
				assert_non_null(page);
				for (unsigned k = size % 4096; k < 4096; k++)
					if (page[k] != 0)
						fail_msg("dir %d slot %d: byte %u past the end is %u", d, s, k,
							 page[k]);
			} else {
				assert_int_equal(r, VMW_HOLE);
			}
			assert_int_equal(h_put(ino, 1), OK);
		}
}

static void check_all(void)
{
	for (int d = 0; d < 2; d++)
		for (int s = 0; s < SLOTS; s++) {
			char name[16];
			name_of(name, s);
			assert_int_equal(h_has(dirs[d], name), model[d][s].exists);
			if (!model[d][s].exists)
				continue;
			uint64_t ino = open_file(d, s);
			struct qstat st;
			assert_int_equal(h_stat(ino, &st), OK);
			assert_int_equal(st.size, model[d][s].size);
			assert_true(st.blocks <= (model[d][s].size + 4095) / 4096 * 8 + 8);
			/* All of it, and a page past the end (nothing there). */
			uint64_t size = model[d][s].size;
			uint8_t *buf = malloc(size + 4096);
			assert_int_equal(h_read(ino, 0, buf, size + 4096), (int64_t)size);
			if (memcmp(buf, model[d][s].data, size) != 0)
				fail_msg("dir %d slot %d: contents differ", d, s);
			free(buf);
			assert_int_equal(h_put(ino, 1), OK);
		}
}

static void test_random_operations_match_a_model(void **state)
{
	for (int d = 0; d < 2; d++)
		for (int s = 0; s < SLOTS; s++)
			model[d][s].data = calloc(1, MAX_SIZE);
	dirs[0] = h_root;
	assert_int_equal(h_mkdir(h_root, "md", 0755, &dirs[1]), OK);
	uint64_t found = 0;             /* blocks VM had when the cache had not */

	for (int op = 1; op <= OPS; op++) {
		int d = (int)rnd(2), s = (int)rnd(SLOTS);
		struct mfile *f = &model[d][s];
		if (!f->exists) {
			op_create(d, s);
			continue;
		}
		switch (rnd(12)) {
		case 0: case 1: case 2: op_write(d, s); break;
		case 3: case 4: case 5: op_read(d, s); break;
		case 6: op_trunc(d, s); break;
		case 7: op_unlink(d, s); break;
		case 8: case 9: op_store(d, s); break;
		default: op_rename(d, s, (int)rnd(2), (int)rnd(SLOTS)); break;
		}
		if (op % 250 == 0) {
			check_all();
			h_fsck();
		}
		if (op % 500 == 0) {
			write_back_all();
			found += lmfs_get_stats()->backing_found;   /* mounting zeroes it */
			assert_int_equal(h_put(dirs[1], 1), OK);
			h_unmount();
			h_mount();
			dirs[0] = h_root;
			dirs[1] = h_ino(h_root, "md");
			check_all();    /* everything, stores included, was on the disk */
			check_tails();
		}
	}
	check_all();
	uint64_t total = 0;
	int files = 0;
	for (int d = 0; d < 2; d++)
		for (int s = 0; s < SLOTS; s++) {
			total += model[d][s].size;
			files += model[d][s].exists;
			free(model[d][s].data);
		}
	print_message("model: %d files, %lu bytes at the end\n", files, (unsigned long)total);
	/* The cache was much smaller than the data: VM gave blocks back. */
	assert_true(found > 0);
	assert_int_equal(lmfs_get_stats()->backing_exists, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_random_operations_match_a_model,
						h_setup_standard, h_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
