/*
 * Host tests for VM's resource-limit checks (limits.c): RLIMIT_AS over
 * every region, MAP_FIXED replacement counted once, RLIMIT_DATA and AS on
 * the heap's growth, the exec stack's length, VM_RLIMIT's callers, and
 * fork's copy of the limits. test_vm_harness.h describes the harness.
 */
#include "test_vm_harness.h"

static void test_new_process_defaults(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	assert_true(vmp->lim.as == VM_RLIM_INFINITY);
	assert_true(vmp->lim.data == VM_RLIM_INFINITY);
	assert_int_equal(vmp->lim.stack, VM_STACK_DEFAULT);
	assert_int_equal(limit_as(vmp, A, USER_TOP - A, false), OK);   /* no limit: anything */
}

static void test_as_counts_every_region(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	h_map(vmp, A, 4, RW, 0, &mem_anon, NULL);
	h_map(vmp, B, 2, RW, RF_SHARED, &mem_anon, NULL);
	vmp->lim.as = 10 * PG;
	assert_int_equal(limit_as(vmp, A + 100 * PG, 4 * PG, false), OK);      /* 6 + 4 = 10 */
	assert_int_equal(limit_as(vmp, A + 100 * PG, 5 * PG, false), -ENOMEM);
	assert_int_equal(limit_as(vmp, A + 100 * PG, USER_TOP, false), -ENOMEM); /* no wrap */
	vmp->lim.as = 3 * PG;                                                   /* below what is mapped */
	assert_int_equal(limit_as(vmp, A + 100 * PG, PG, false), -ENOMEM);
}

static void test_as_fixed_counts_only_what_it_adds(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	h_map(vmp, A, 4, RW, 0, &mem_anon, NULL);
	vmp->lim.as = 8 * PG;
	/* [A+2, A+8): 4 mapped, 2 of them replaced, 6 new: 4 - 2 + 6 = 8. */
	assert_int_equal(limit_as(vmp, A + 2 * PG, 6 * PG, true), OK);
	assert_int_equal(limit_as(vmp, A + 2 * PG, 7 * PG, true), -ENOMEM);
	assert_int_equal(limit_as(vmp, A, 4 * PG, true), OK);                  /* same place again */
	assert_int_equal(limit_as(vmp, A + 2 * PG, 6 * PG, false), -ENOMEM);   /* not a replacement */
}

static void test_brk_data_and_as(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	vmp->brk_start = A;
	vmp->lim.data = 8 * PG;
	assert_int_equal(limit_brk(vmp, A + 8 * PG), OK);
	assert_int_equal(limit_brk(vmp, A + 9 * PG), -ENOMEM);
	vmp->heap = h_map(vmp, A, 8, RW, RF_HEAP, &mem_anon, NULL);
	assert_int_equal(limit_brk(vmp, A + 2 * PG), OK);                      /* shrinking */
	vmp->lim.data = VM_RLIM_INFINITY;
	vmp->lim.as = 10 * PG;
	assert_int_equal(limit_brk(vmp, A + 10 * PG), OK);                     /* grows by 2: 10 */
	assert_int_equal(limit_brk(vmp, A + 11 * PG), -ENOMEM);
	vmp->heap = NULL;
}

static void test_stack_len(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	uint64_t reserve = 256ULL << 20;
	assert_int_equal(limit_stack_len(vmp, reserve), VM_STACK_DEFAULT);
	vmp->lim.stack = VM_RLIM_INFINITY;
	assert_int_equal(limit_stack_len(vmp, reserve), reserve);
	vmp->lim.stack = (1ULL << 20) + 100;                                    /* rounded down */
	assert_int_equal(limit_stack_len(vmp, reserve), 1ULL << 20);
	vmp->lim.stack = 0;                                                     /* room for the arguments */
	assert_int_equal(limit_stack_len(vmp, reserve), LIMIT_STACK_MIN);
	assert_int_equal(limit_stack_len(vmp, 4 * PG), 4 * PG);                 /* never more than asked */
}

static void test_rlimit_call_pm_only(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	message m;
	memset(&m, 0, sizeof(m));
	m.m_source = VFS_PROC_NR;
	m.m_vm_rlimit.ep = 10;
	m.m_vm_rlimit.as = m.m_vm_rlimit.data = m.m_vm_rlimit.stack = PG;
	assert_int_equal(do_rlimit(&m), -EPERM);
	assert_true(vmp->lim.as == VM_RLIM_INFINITY);
	m.m_source = PM_PROC_NR;
	m.m_vm_rlimit.ep = 11;
	assert_int_equal(do_rlimit(&m), -ESRCH);
	m.m_vm_rlimit.ep = 10;
	assert_int_equal(do_rlimit(&m), OK);
	assert_int_equal(vmp->lim.as, PG);
	assert_int_equal(vmp->lim.data, PG);
	assert_int_equal(vmp->lim.stack, PG);
}

static void test_fork_copies_limits(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(10), *c = h_proc_new(11);
	p->lim.as = 100 * PG;
	p->lim.data = 50 * PG;
	p->lim.stack = 20 * PG;
	assert_int_equal(vm_fork_regions(p, c), OK);
	assert_int_equal(c->lim.as, 100 * PG);
	assert_int_equal(c->lim.data, 50 * PG);
	assert_int_equal(c->lim.stack, 20 * PG);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, h_setup, h_teardown)
	const struct CMUnitTest tests[] = {
		T(test_new_process_defaults),
		T(test_as_counts_every_region),
		T(test_as_fixed_counts_only_what_it_adds),
		T(test_brk_data_and_as),
		T(test_stack_len),
		T(test_rlimit_call_pm_only),
		T(test_fork_copies_limits),
	};
#undef T
	return cmocka_run_group_tests_name("vm_limits", tests, h_group_setup, h_group_teardown);
}
