/*
 * Memory: demand-zero anonymous memory, mprotect and PROT_NONE, munmap in
 * the middle, SIGSEGV for unmapped memory, brk, and bad arguments.
 */
#include "qtest.h"
#include "qproc.h"

#define MIB (1024 * 1024)

static void test_zero_and_readback(void)
{
	void *p;
	int r = vm_req_mmap(0, NULL, 8 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
			    -1, 0, &p, NULL);
	uint64_t *w = p;
	size_t n = 8 * MIB / 8;
	int nonzero = 0, wrong = 0;
	for (size_t i = 0; r == OK && i < n; i += 512)
		nonzero += w[i] != 0;
	CHECK("anon_pages_read_zero", r == OK && nonzero == 0, "mmap %d, %d nonzero words", r, nonzero);
	for (size_t i = 0; r == OK && i < n; i += 97)
		w[i] = i * 2654435761u;
	for (size_t i = 0; r == OK && i < n; i += 97)
		wrong += w[i] != i * 2654435761u;
	CHECK("anon_write_read_many_pages", r == OK && wrong == 0, "%d words wrong", wrong);
	mess_vm_info info;
	int ri = vm_req_info(SELF, &info);
	CHECK("vm_info_counts_faults", ri == OK && info.resident >= 2048 && info.minor_faults >= 2048,
	      "info %d resident %lu minor %lu", ri, info.resident, info.minor_faults);
	vm_req_munmap(p, 8 * MIB);
}

static int write_to(void *arg)
{
	*(volatile int *)arg = 1;
	return 0;
}

static int read_from(void *arg)
{
	return *(volatile int *)arg == 12345 ? 7 : 8;
}

static void test_protection(void)
{
	void *p;
	vm_req_mmap(0, NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
		    -1, 0, &p, NULL);
	int *v = p;
	v[0] = 12345;
	int r = vm_req_mprotect(0, p, 4096, PROT_READ);
	int st = run_in_child(write_to, p);
	int st2 = run_in_child(read_from, p);
	CHECK("mprotect_readonly_write_sigsegv",
	      r == OK && QWIFSIGNALED(st) && QWTERMSIG(st) == QSIGSEGV && QWIFEXITED(st2) && QWEXITSTATUS(st2) == 7,
	      "mprotect %d, writer status %x, reader status %x", r, st, st2);
	r = vm_req_mprotect(0, p, 4096, PROT_NONE);
	st = run_in_child(read_from, p);
	int r2 = vm_req_mprotect(0, p, 4096, PROT_READ | PROT_WRITE);
	bool kept = v[0] == 12345;
	v[0] = 1;
	CHECK("prot_none_read_sigsegv_then_restore",
	      r == OK && QWIFSIGNALED(st) && QWTERMSIG(st) == QSIGSEGV && r2 == OK && kept,
	      "mprotect %d, reader status %x, restore %d, contents kept %d", r, st, r2, kept);

	void *ro;
	r = vm_req_mmap(0, NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANON, -1, 0, &ro, NULL);
	int zero = *(volatile int *)ro;
	st = run_in_child(write_to, ro);
	CHECK("readonly_anon_reads_zero_write_sigsegv",
	      r == OK && zero == 0 && QWIFSIGNALED(st) && QWTERMSIG(st) == QSIGSEGV,
	      "mmap %d read %d writer status %x", r, zero, st);
	vm_req_munmap(p, 4 * 4096);
	vm_req_munmap(ro, 4096);
}

static void test_munmap_middle(void)
{
	void *p;
	vm_req_mmap(0, NULL, 16 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
		    -1, 0, &p, NULL);
	char *c = p;
	for (int i = 0; i < 16; i++)
		c[i * 4096] = (char)(i + 1);
	int r = vm_req_munmap(c + 4 * 4096, 8 * 4096);
	bool sides = c[0] == 1 && c[3 * 4096] == 4 && c[12 * 4096] == 13 && c[15 * 4096] == 16;
	c[1] = 9;
	c[15 * 4096 + 1] = 9;
	int st = run_in_child(read_from, c + 6 * 4096);
	CHECK("munmap_middle_sides_usable", r == OK && sides, "munmap %d sides intact %d", r, sides);
	CHECK("unmapped_access_sigsegv_in_wait_status", QWIFSIGNALED(st) && QWTERMSIG(st) == QSIGSEGV,
	      "status %x", st);
	/* Unmap across both remaining regions and the hole between them. */
	r = vm_req_munmap(c + 2 * 4096, 12 * 4096);
	int st2 = run_in_child(read_from, c + 13 * 4096);
	CHECK("munmap_across_regions", r == OK && c[0] == 1 && c[15 * 4096] == 16 &&
	      QWIFSIGNALED(st2), "munmap %d status %x", r, st2);
	vm_req_munmap(p, 16 * 4096);
	int st3 = run_in_child(read_from, (void *)0x10);
	CHECK("null_page_sigsegv", QWIFSIGNALED(st3) && QWTERMSIG(st3) == QSIGSEGV, "status %x", st3);
}

static void test_brk(void)
{
	void *base;
	int r = vm_req_brk(NULL, &base);
	uint64_t b = (uint64_t)base;
	void *got;
	int r2 = vm_req_brk((void *)(b + 10 * 4096), &got);
	char *h = base;
	for (int i = 0; i < 10 * 4096; i += 512)
		h[i] = 0x5a;
	int r3 = vm_req_brk((void *)(b + 2 * 4096), &got);
	int r4 = vm_req_brk((void *)(b + 10 * 4096), &got);
	int nonzero = 0;
	for (int i = 2 * 4096; i < 10 * 4096; i += 512)
		nonzero += h[i] != 0;
	bool low_kept = h[0] == 0x5a && h[4096 + 512] == 0x5a;
	CHECK("brk_shrink_regrow_reads_zero", r == OK && r2 == OK && r3 == OK && r4 == OK &&
	      nonzero == 0 && low_kept, "brk %d %d %d %d, %d nonzero, low part kept %d",
	      r, r2, r3, r4, nonzero, low_kept);
	int r5 = vm_req_brk((void *)(b - 4096 * 1000), &got);
	CHECK("brk_below_start_enomem", r5 == -ENOMEM, "returned %d", r5);
	vm_req_brk(base, &got);
}

static void test_bad_arguments(void)
{
	void *p;
	int bad = 0;
	struct { void *addr; size_t len; int prot, flags, want; } cases[] = {
		{ NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANON, -EINVAL },
		{ NULL, 4096, 0x80, MAP_PRIVATE | MAP_ANON, -EINVAL },
		{ NULL, 4096, PROT_READ, MAP_ANON, -EINVAL },
		{ NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_SHARED | MAP_ANON, -EINVAL },
		{ NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANON | 0x40000000, -EINVAL },
		{ (void *)0x10000001, 4096, PROT_READ, MAP_PRIVATE | MAP_ANON | MAP_FIXED, -EINVAL },
		{ (void *)0x7ffffffff000, 0x10000, PROT_READ, MAP_PRIVATE | MAP_ANON | MAP_FIXED, -EINVAL },
		{ NULL, ~0UL - 100, PROT_READ, MAP_PRIVATE | MAP_ANON, -ENOMEM },
		{ NULL, 4096, PROT_READ, MAP_PRIVATE, -ENODEV },
		{ NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANON | MAP_CONTIG, -EPERM },
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = vm_req_mmap(0, cases[i].addr, cases[i].len, cases[i].prot, cases[i].flags,
				    -1, 0, &p, NULL);
		if (r != cases[i].want) {
			printf("t_vm: mmap case %u returned %d, wanted %d\n", i, r, cases[i].want);
			bad++;
		}
	}
	int u1 = vm_req_munmap((void *)0x10000001, 4096);
	int u2 = vm_req_munmap((void *)0x10000000, 0);
	int u3 = vm_req_munmap((void *)0x7ffffffff000, 0x100000);
	int m1 = vm_req_mprotect(0, (void *)0x10000001, 4096, PROT_READ);
	int m2 = vm_req_mprotect(0, (void *)0x50000000, 4096, PROT_READ);     /* not mapped */
	uint64_t ph;
	int mp = vm_req_map_phys(0xFEE00000, 4096, (void **)&ph);
	CHECK("bad_mmap_arguments", bad == 0, "%d mmap cases wrong", bad);
	CHECK("bad_munmap_mprotect_arguments", u1 == -EINVAL && u2 == -EINVAL && u3 == -EINVAL &&
	      m1 == -EINVAL && m2 == -ENOMEM && mp == -EPERM,
	      "munmap %d %d %d mprotect %d %d map_phys %d", u1, u2, u3, m1, m2, mp);
}

static void test_fixed_and_hint(void)
{
	void *p, *q;
	int r = vm_req_mmap(0, (void *)0x200000000, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
			    -1, 0, &p, NULL);
	int r2 = vm_req_mmap(0, (void *)0x200000000, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
			     -1, 0, &q, NULL);
	*(int *)p = 5;
	void *f;
	int r3 = vm_req_mmap(0, p, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON | MAP_FIXED,
			     -1, 0, &f, NULL);
	CHECK("mmap_hint_and_fixed", r == OK && p == (void *)0x200000000 && r2 == OK && q != p &&
	      r3 == OK && f == p && *(int *)f == 0,
	      "hint %d at %p, second %d at %p, fixed %d at %p", r, p, r2, q, r3, f);
	vm_req_munmap(p, 4096);
	vm_req_munmap(q, 4096);
}

int main(int argc, char **argv)
{
	test_zero_and_readback();
	test_protection();
	test_munmap_middle();
	test_brk();
	test_bad_arguments();
	test_fixed_and_hint();
	qtest_done();
}
