/*
 * Host tests for the outcomes of VM's real fault path (fault.c): which
 * accesses become SIGSEGV and change nothing, out of memory (SIGKILL,
 * nothing mapped), how faults are counted, vm_fault_range(); and the
 * kernel-message glue (fault_msg.c): which VMCTL request answers which
 * outcome, and to whom. test_vm_harness.h describes the harness.
 */
#include "test_vm_harness.h"

/* vm_fault() that must fail with sig and leave the process as it was. */
static void expect_refused(struct vmproc *vmp, uint64_t addr, bool write, bool exec, int sig)
{
	uint64_t f0 = physmem.nr_free, resident = vmp->resident, ptes = host_pt_count(vmp->pml4);
	uint64_t minor = vmp->minor_faults, cow = vmp->cow_faults;
	struct fault_result res = { .pfn = 0xdeadbeef };
	assert_int_equal(vm_fault(vmp, addr, write, exec, &res), sig);
	assert_int_equal(res.pfn, 0xdeadbeef);                /* not written on failure */
	assert_int_equal(h_pte_at(vmp, page_down(addr)), 0);
	assert_int_equal(host_pt_count(vmp->pml4), ptes);
	assert_int_equal(vmp->resident, resident);
	assert_int_equal(vmp->minor_faults, minor);
	assert_int_equal(vmp->cow_faults, cow);
	if (sig == QSIGSEGV)
		assert_int_equal(physmem.nr_free, f0);         /* a refusal allocates nothing */
}

/* ---- SIGSEGV ------------------------------------------------------------------ */

static void test_fault_outside_every_region_is_sigsegv(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	h_map(vmp, A, 2, RW, 0, &mem_anon, NULL);
	expect_refused(vmp, 0, false, false, QSIGSEGV);           /* NULL */
	expect_refused(vmp, A - 1, false, false, QSIGSEGV);       /* just below */
	expect_refused(vmp, A + 2 * PG, true, false, QSIGSEGV);   /* just past the end */
	expect_refused(vmp, USER_TOP - 1, false, false, QSIGSEGV);
	/* The last byte of the region is inside it. */
	assert_int_equal(vm_fault(vmp, A + 2 * PG - 1, false, false, NULL), OK);
	assert_int_equal(vmp->resident, 1);
}

static void test_write_to_read_only_region_is_sigsegv(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	h_map(vmp, A, 2, PROT_READ, 0, &mem_anon, NULL);
	expect_refused(vmp, A, true, false, QSIGSEGV);
	/* Reading is allowed; writing the page now mapped still is not, and
	 * its PTE stays read-only. */
	assert_int_equal(vm_fault(vmp, A, false, false, NULL), OK);
	assert_int_equal(vm_fault(vmp, A, true, false, NULL), QSIGSEGV);
	assert_true(h_pte_at(vmp, A) & PTE_P);
	assert_false(h_pte_at(vmp, A) & PTE_W);
	assert_int_equal(vmp->minor_faults, 1);
}

static void test_prot_none_region_is_sigsegv_for_every_access(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	h_map(vmp, A, 2, PROT_NONE, 0, &mem_anon, NULL);
	expect_refused(vmp, A, false, false, QSIGSEGV);
	expect_refused(vmp, A + PG, true, false, QSIGSEGV);
	expect_refused(vmp, A, false, true, QSIGSEGV);
	/* After mprotect to read, the same read succeeds. */
	assert_int_equal(region_protect_range(vmp, A, 2 * PG, PROT_READ), OK);
	assert_int_equal(vm_fault(vmp, A, false, false, NULL), OK);
}

static void test_exec_without_prot_exec_is_sigsegv(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	h_map(vmp, A, 1, RW, 0, &mem_anon, NULL);
	h_map(vmp, B, 1, PROT_READ | PROT_EXEC, 0, &mem_anon, NULL);
	expect_refused(vmp, A, false, true, QSIGSEGV);
	assert_int_equal(vm_fault(vmp, B, false, true, NULL), OK);
	assert_true(h_pte_at(vmp, B) & PTE_P);
	assert_false(h_pte_at(vmp, B) & PTE_NX);                /* executable */
	assert_int_equal(vm_fault(vmp, A, false, false, NULL), OK);
	assert_true(h_pte_at(vmp, A) & PTE_NX);
}

/* ---- out of memory --------------------------------------------------------------- */

static void test_out_of_memory_is_sigkill_and_maps_nothing(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	h_map(vmp, A, 4, RW, 0, &mem_anon, NULL);
	uint64_t saved = physmem.reserve;
	physmem.reserve = physmem.nr_free;                   /* no page for users */
	expect_refused(vmp, A, true, false, QSIGKILL);
	/* A read needs no user page: the zero page is mapped. */
	assert_int_equal(vm_fault(vmp, A + PG, false, false, NULL), OK);
	assert_int_equal(h_pfn_at(vmp, A + PG), zero_pfn);
	/* Writing it needs a copy: out of memory too, the zero page stays. */
	assert_int_equal(vm_fault(vmp, A + PG, true, false, NULL), QSIGKILL);
	assert_int_equal(h_pfn_at(vmp, A + PG), zero_pfn);
	assert_false(h_pte_at(vmp, A + PG) & PTE_W);
	physmem.reserve = saved;
	/* With memory back the same write succeeds. */
	struct fault_result res = h_touch(vmp, A, true);
	assert_true(res.writable);
	assert_int_equal(vmp->resident, 2);
}

/* ---- counting ---------------------------------------------------------------------- */

static void test_faults_are_counted_minor_or_cow(void **state)
{
	(void)state;
	struct vmproc *p = h_proc_new(10), *c = h_proc_new(11);
	struct region *r = h_map(p, A, 4, RW, 0, &mem_anon, NULL);
	h_touch(p, A, false);                                  /* zero page: minor */
	assert_int_equal(p->minor_faults, 1);
	assert_int_equal(p->cow_faults, 0);
	h_touch(p, A, true);                                   /* replaces the zero page */
	assert_int_equal(p->cow_faults, 1);
	h_touch(p, A + PG, true);                              /* fresh page: minor */
	assert_int_equal(p->minor_faults, 2);
	assert_int_equal(p->cow_faults, 1);

	h_fork_region(c, r);
	assert_int_equal(c->minor_faults, 0);                  /* fork maps, no faults */
	assert_int_equal(c->cow_faults, 0);
	h_touch(c, A, true);                                   /* shared with p: copied */
	assert_int_equal(c->cow_faults, 1);
	/* p is now the page's last holder: it takes it over without a copy,
	 * which counts as minor. */
	h_touch(p, A, true);
	assert_int_equal(p->cow_faults, 1);
	assert_int_equal(p->minor_faults, 3);
	assert_int_equal(c->minor_faults, 0);
	assert_int_equal(c->cow_faults, 1);
}

/* ---- ranges --------------------------------------------------------------------------- */

static void test_range_maps_what_is_missing_only(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	h_map(vmp, A, 4, RW, 0, &mem_anon, NULL);
	h_touch(vmp, A + PG, true);
	h_touch(vmp, A + 2 * PG, false);                       /* zero page, read-only */
	assert_int_equal(vm_fault_range(vmp, A + 10, 3 * PG, false), OK);
	assert_int_equal(vmp->resident, 4);                    /* page 0 and 3 added */
	assert_int_equal(vmp->minor_faults, 4);
	assert_int_equal(h_pfn_at(vmp, A + 2 * PG), zero_pfn);  /* a read keeps it */
	/* For writing, the read-only pages are made writable, the others left. */
	pfn_t kept = h_pfn_at(vmp, A + PG);
	assert_int_equal(vm_fault_range(vmp, A, 4 * PG, true), OK);
	assert_int_equal(h_pfn_at(vmp, A + PG), kept);
	for (int k = 0; k < 4; k++)
		assert_true(h_pte_at(vmp, A + (uint64_t)k * PG) & PTE_W);
	assert_int_not_equal(h_pfn_at(vmp, A + 2 * PG), zero_pfn);
	/* Everything present and writable: nothing more happens. */
	uint64_t minor = vmp->minor_faults, cow = vmp->cow_faults;
	assert_int_equal(vm_fault_range(vmp, A, 4 * PG, true), OK);
	assert_int_equal(vmp->minor_faults, minor);
	assert_int_equal(vmp->cow_faults, cow);
}

static void test_range_stops_at_a_hole_or_the_top(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	h_map(vmp, A, 2, RW, 0, &mem_anon, NULL);
	assert_int_equal(vm_fault_range(vmp, A, 3 * PG, false), QSIGSEGV);
	assert_int_equal(vmp->resident, 2);                    /* the pages before it */
	assert_int_equal(vm_fault_range(vmp, USER_TOP - PG, 2 * PG, false), QSIGSEGV);
	assert_int_equal(vm_fault_range(vmp, A, UINT64_MAX, false), QSIGSEGV);   /* wraps */
	assert_int_equal(vmp->resident, 2);
}

static void test_range_out_of_memory_is_sigkill(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	h_map(vmp, A, 4, RW, 0, &mem_anon, NULL);
	h_touch(vmp, A + 3 * PG, false);                       /* the set's node exists now */
	uint64_t saved = physmem.reserve;
	physmem.reserve = physmem.nr_free - 1;               /* one user page left */
	assert_int_equal(vm_fault_range(vmp, A, 4 * PG, true), QSIGKILL);
	physmem.reserve = saved;
	assert_int_equal(vmp->resident, 2);                    /* page 0 (and 3, read before) */
	assert_true(h_pte_at(vmp, A) & PTE_W);
	assert_int_equal(h_pte_at(vmp, A + PG), 0);
}

/* ---- the kernel's messages (fault_msg.c) ---------------------------------------------- */

static void kernel_page_fault(endpoint_t ep, uint64_t addr, int err)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_source = KERNEL;
	m.m_type = VM_KPAGEFAULT;
	m.m_vm_kfault.ep = ep;
	m.m_vm_kfault.addr = addr;
	m.m_vm_kfault.err = err;
	m.m_vm_kfault.rip = 0x401000;
	host_vmctl_reset();
	do_kpagefault(&m);
}

static void kernel_range(endpoint_t requestor, endpoint_t target, uint64_t addr, uint64_t len,
			 bool write)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_source = KERNEL;
	m.m_type = VM_KRANGE;
	m.m_vm_krange.requestor = requestor;
	m.m_vm_krange.target = target;
	m.m_vm_krange.addr = addr;
	m.m_vm_krange.len = len;
	m.m_vm_krange.write = write;
	host_vmctl_reset();
	do_krange(&m);
}

static void expect_vmctl(int op, endpoint_t ep, uint64_t arg1)
{
	struct host_vmctl v = host_vmctl_last();
	assert_int_equal(v.calls, 1);
	assert_int_equal(v.op, op);
	assert_int_equal(v.ep, ep);
	assert_int_equal(v.arg1, arg1);
}

static void test_kernel_page_fault_resumes_or_signals(void **state)
{
	(void)state;
	struct vmproc *vmp = h_proc_new(10);
	h_map(vmp, A, 2, PROT_READ, 0, &mem_anon, NULL);
	h_map(vmp, B, 1, RW, 0, &mem_anon, NULL);
	kernel_page_fault(10, A + 8, 0);
	expect_vmctl(VMCTL_RESUME, 10, 0);
	assert_true(h_pte_at(vmp, A) & PTE_P);
	kernel_page_fault(10, 0, 0);                                   /* NULL */
	expect_vmctl(VMCTL_SIGNAL, 10, QSIGSEGV);
	kernel_page_fault(10, A + PG, PF_WRITE | PF_USER);             /* read-only */
	expect_vmctl(VMCTL_SIGNAL, 10, QSIGSEGV);
	assert_int_equal(h_pte_at(vmp, A + PG), 0);
	kernel_page_fault(10, B, PF_EXEC | PF_USER);                   /* no PROT_EXEC */
	expect_vmctl(VMCTL_SIGNAL, 10, QSIGSEGV);
	kernel_page_fault(10, B, PF_WRITE | PF_USER);
	expect_vmctl(VMCTL_RESUME, 10, 0);
	assert_true(h_pte_at(vmp, B) & PTE_W);
	kernel_page_fault(77, A, 0);                                   /* unknown to VM */
	expect_vmctl(VMCTL_SIGNAL, 77, QSIGSEGV);
}

static void test_kernel_page_fault_out_of_memory_is_sigkill(void **state)
{
	(void)state;
	h_map(h_proc_new(10), A, 1, RW, 0, &mem_anon, NULL);
	uint64_t saved = physmem.reserve;
	physmem.reserve = physmem.nr_free;
	kernel_page_fault(10, A, PF_WRITE | PF_USER);
	physmem.reserve = saved;
	expect_vmctl(VMCTL_SIGNAL, 10, QSIGKILL);
}

static void test_kernel_range_answers_the_requestor(void **state)
{
	(void)state;
	struct vmproc *t = h_proc_new(10);
	h_map(t, A, 2, RW, 0, &mem_anon, NULL);
	kernel_range(20, 10, A, 2 * PG, true);                 /* 20 copies into 10 */
	expect_vmctl(VMCTL_RESUME, 20, 0);
	assert_true(h_pte_at(t, A + PG) & PTE_W);
	kernel_range(20, 10, A + PG, 2 * PG, false);           /* runs into a hole */
	expect_vmctl(VMCTL_FAIL, 20, 0);
	kernel_range(20, 77, A, PG, false);                    /* unknown target */
	expect_vmctl(VMCTL_FAIL, 20, 0);
	kernel_range(20, 10, USER_TOP - PG, 2 * PG, false);    /* past user space */
	expect_vmctl(VMCTL_FAIL, 20, 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, h_setup, h_teardown)
	const struct CMUnitTest tests[] = {
		T(test_fault_outside_every_region_is_sigsegv),
		T(test_write_to_read_only_region_is_sigsegv),
		T(test_prot_none_region_is_sigsegv_for_every_access),
		T(test_exec_without_prot_exec_is_sigsegv),
		T(test_out_of_memory_is_sigkill_and_maps_nothing),
		T(test_faults_are_counted_minor_or_cow),
		T(test_range_maps_what_is_missing_only),
		T(test_range_stops_at_a_hole_or_the_top),
		T(test_range_out_of_memory_is_sigkill),
		T(test_kernel_page_fault_resumes_or_signals),
		T(test_kernel_page_fault_out_of_memory_is_sigkill),
		T(test_kernel_range_answers_the_requestor),
	};
#undef T
	return cmocka_run_group_tests_name("vm_fault_path", tests, h_group_setup, h_group_teardown);
}
