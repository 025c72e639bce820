/*
 * Host tests for grant checking (kernel/grant.c), over a fake environment:
 * each fake process has an array of cp_grant_t, and fetch reads from it
 * the way the kernel reads a published table (id beyond the table:
 * EINVAL; an unreadable table or a dead process: the error it is set to).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "grant.h"

#define NR_FAKE    6
#define TABLE_SIZE 16

/* Endpoints of the fake processes: deliberately not 0..n. */
#define FS      100
#define DRIVER  101
#define USER    102
#define PM      103
#define VFS     104
#define NOBODY  105

struct fake_proc {
	endpoint_t ep;
	cp_grant_t table[TABLE_SIZE];
	int count;                /* entries published */
	int fetch_err;            /* nonzero: every fetch fails with it */
	bool magic;               /* may make magic grants */
};

static struct fake_proc procs[NR_FAKE];
static int fetches;

static struct fake_proc *find(endpoint_t ep)
{
	for (int i = 0; i < NR_FAKE; i++)
		if (procs[i].ep == ep)
			return &procs[i];
	return NULL;
}

static int fake_fetch(void *ctx, endpoint_t owner, int idx, cp_grant_t *out)
{
	assert_ptr_equal(ctx, procs);
	fetches++;
	struct fake_proc *p = find(owner);
	if (!p)
		return -EDEADSRCDST;
	if (p->fetch_err)
		return p->fetch_err;
	if (idx < 0 || idx >= p->count)
		return -EINVAL;
	*out = p->table[idx];
	return OK;
}

static bool fake_may_magic(void *ctx, endpoint_t owner)
{
	assert_ptr_equal(ctx, procs);
	struct fake_proc *p = find(owner);
	return p && p->magic;
}

static const struct grant_env env = {
	.fetch = fake_fetch,
	.may_magic = fake_may_magic,
	.ctx = procs,
};

static struct grant_target tgt;

static int setup(void **state)
{
	memset(procs, 0, sizeof(procs));
	for (int i = 0; i < NR_FAKE; i++) {
		procs[i].ep = FS + i;
		procs[i].count = TABLE_SIZE;
	}
	fetches = 0;
	memset(&tgt, 0x5a, sizeof(tgt));
	return 0;
}

/* Fill entry idx of owner's table; returns the grant id. */
static cp_grant_id_t direct(endpoint_t owner, int idx, uint32_t seq, endpoint_t to,
			    uint64_t addr, uint64_t len, uint32_t flags)
{
	cp_grant_t *g = &find(owner)->table[idx];
	memset(g, 0, sizeof(*g));
	g->cp_flags = CPF_USED | CPF_VALID | CPF_DIRECT | flags;
	g->cp_seq = seq;
	g->u.direct.to = to;
	g->u.direct.addr = addr;
	g->u.direct.len = len;
	return GRANT_ID(idx, seq);
}

static cp_grant_id_t indirect(endpoint_t owner, int idx, uint32_t seq, endpoint_t to,
			      endpoint_t from, cp_grant_id_t gid, uint32_t flags)
{
	cp_grant_t *g = &find(owner)->table[idx];
	memset(g, 0, sizeof(*g));
	g->cp_flags = CPF_USED | CPF_VALID | CPF_INDIRECT | flags;
	g->cp_seq = seq;
	g->u.indirect.to = to;
	g->u.indirect.from = from;
	g->u.indirect.gid = gid;
	return GRANT_ID(idx, seq);
}

static cp_grant_id_t magic(endpoint_t owner, int idx, uint32_t seq, endpoint_t to,
			   endpoint_t from, uint64_t addr, uint64_t len, uint32_t flags)
{
	cp_grant_t *g = &find(owner)->table[idx];
	memset(g, 0, sizeof(*g));
	g->cp_flags = CPF_USED | CPF_VALID | CPF_MAGIC | flags;
	g->cp_seq = seq;
	g->u.magic.to = to;
	g->u.magic.from = from;
	g->u.magic.addr = addr;
	g->u.magic.len = len;
	return GRANT_ID(idx, seq);
}

static int check(endpoint_t granter, cp_grant_id_t gid, endpoint_t grantee,
		 uint32_t access, uint64_t offset, uint64_t bytes)
{
	return grant_check(&env, granter, gid, grantee, access, offset, bytes, &tgt);
}

/* ---- direct grants ------------------------------------------------------ */

static void direct_read_gives_owner_and_address(void **state)
{
	cp_grant_id_t g = direct(FS, 3, 7, DRIVER, 0x10000, 0x1000, CPF_READ);
	assert_int_equal(g, (7 << GRANT_SEQ_SHIFT) | 3);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0x100, 0x200), OK);
	assert_int_equal(tgt.mem_owner, FS);
	assert_int_equal(tgt.addr, 0x10100);
	assert_false(tgt.try_only);
}

static void direct_whole_range_is_allowed(void **state)
{
	cp_grant_id_t g = direct(FS, 0, 1, DRIVER, 0x10000, 0x1000, CPF_READ | CPF_WRITE);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0, 0x1000), OK);
	assert_int_equal(tgt.addr, 0x10000);
	assert_int_equal(check(FS, g, DRIVER, CPF_WRITE, 0, 0x1000), OK);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ | CPF_WRITE, 0xfff, 1), OK);
	assert_int_equal(tgt.addr, 0x10fff);
}

static void direct_wrong_grantee_is_eperm(void **state)
{
	cp_grant_id_t g = direct(FS, 0, 1, DRIVER, 0x10000, 0x1000, CPF_READ);
	assert_int_equal(check(FS, g, USER, CPF_READ, 0, 1), -EPERM);
	assert_int_equal(check(FS, g, FS, CPF_READ, 0, 1), -EPERM);
}

static void read_only_grant_used_for_write_is_eperm(void **state)
{
	cp_grant_id_t g = direct(FS, 0, 1, DRIVER, 0x10000, 0x1000, CPF_READ);
	assert_int_equal(check(FS, g, DRIVER, CPF_WRITE, 0, 1), -EPERM);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ | CPF_WRITE, 0, 1), -EPERM);
}

static void write_only_grant_used_for_read_is_eperm(void **state)
{
	cp_grant_id_t g = direct(FS, 0, 1, DRIVER, 0x10000, 0x1000, CPF_WRITE);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0, 1), -EPERM);
	assert_int_equal(check(FS, g, DRIVER, CPF_WRITE, 0, 1), OK);
}

static void range_past_the_grant_is_eperm(void **state)
{
	cp_grant_id_t g = direct(FS, 0, 1, DRIVER, 0x10000, 0x1000, CPF_READ);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0x800, 0x801), -EPERM);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0, 0x1001), -EPERM);
}

static void offset_past_the_grant_is_eperm(void **state)
{
	cp_grant_id_t g = direct(FS, 0, 1, DRIVER, 0x10000, 0x1000, CPF_READ);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0x1001, 0), -EPERM);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0x2000, 1), -EPERM);
}

static void offset_near_uint64_max_does_not_overflow(void **state)
{
	cp_grant_id_t g = direct(FS, 0, 1, DRIVER, 0x10000, 0x1000, CPF_READ);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, UINT64_MAX, 2), -EPERM);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, UINT64_MAX - 0x10, 0x20), -EPERM);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0x10, UINT64_MAX), -EPERM);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0x10, UINT64_MAX - 0xf), -EPERM);
}

static void zero_byte_copy_at_end_of_grant_is_allowed(void **state)
{
	cp_grant_id_t g = direct(FS, 0, 1, DRIVER, 0x10000, 0x1000, CPF_READ);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0x1000, 0), OK);
	assert_int_equal(tgt.addr, 0x11000);
}

static void zero_length_grant_allows_only_zero_bytes(void **state)
{
	cp_grant_id_t g = direct(FS, 0, 1, DRIVER, 0x10000, 0, CPF_READ);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0, 0), OK);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0, 1), -EPERM);
}

static void grant_address_wrapping_around_is_eperm(void **state)
{
	cp_grant_id_t g = direct(FS, 0, 1, DRIVER, UINT64_MAX - 0xff, 0x1000, CPF_READ);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0x100, 1), -EPERM);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0xff, 1), OK);
	assert_int_equal(tgt.addr, UINT64_MAX);
}

static void try_flag_is_reported_in_try_only(void **state)
{
	cp_grant_id_t g = direct(FS, 0, 1, DRIVER, 0x10000, 0x1000, CPF_READ | CPF_TRY);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0, 1), OK);
	assert_true(tgt.try_only);
}

static void faulted_flag_does_not_invalidate_the_grant(void **state)
{
	cp_grant_id_t g = direct(FS, 0, 1, DRIVER, 0x10000, 0x1000,
				 CPF_READ | CPF_TRY | CPF_FAULTED);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0, 1), OK);
	assert_true(tgt.try_only);
}

/* ---- ids and entries that are not grants -------------------------------- */

static void revoked_grant_with_other_sequence_is_einval(void **state)
{
	cp_grant_id_t old = direct(FS, 2, 5, DRIVER, 0x10000, 0x1000, CPF_READ);
	cp_grant_id_t now = direct(FS, 2, 6, DRIVER, 0x20000, 0x1000, CPF_READ);
	assert_int_equal(check(FS, old, DRIVER, CPF_READ, 0, 1), -EINVAL);
	assert_int_equal(check(FS, now, DRIVER, CPF_READ, 0, 1), OK);
	assert_int_equal(tgt.addr, 0x20000);
}

static void unused_entry_is_einval(void **state)
{
	cp_grant_id_t g = direct(FS, 0, 1, DRIVER, 0x10000, 0x1000, CPF_READ);
	find(FS)->table[0].cp_flags = 0;
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0, 1), -EINVAL);
	assert_int_equal(check(FS, GRANT_ID(1, 0), DRIVER, 0, 0, 0), -EINVAL);   /* all zero */
}

static void used_but_not_valid_entry_is_einval(void **state)
{
	cp_grant_id_t g = direct(FS, 0, 1, DRIVER, 0x10000, 0x1000, CPF_READ);
	find(FS)->table[0].cp_flags &= ~CPF_VALID;
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0, 1), -EINVAL);
	find(FS)->table[0].cp_flags = CPF_VALID | CPF_DIRECT | CPF_READ;
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0, 1), -EINVAL);
}

static void garbage_flags_are_einval(void **state)
{
	cp_grant_id_t g = direct(FS, 0, 1, DRIVER, 0x10000, 0x1000, CPF_READ);
	find(FS)->table[0].cp_flags |= 0x80000000u;     /* unknown bit */
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0, 1), -EINVAL);
	find(FS)->table[0].cp_flags = 0xffffffffu;
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0, 1), -EINVAL);
}

static void entry_of_two_kinds_is_einval(void **state)
{
	cp_grant_id_t g = direct(FS, 0, 1, DRIVER, 0x10000, 0x1000, CPF_READ | CPF_MAGIC);
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0, 1), -EINVAL);
	find(FS)->table[0].cp_flags = CPF_USED | CPF_VALID | CPF_READ | CPF_KINDS;
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0, 1), -EINVAL);
}

static void entry_of_no_kind_is_einval(void **state)
{
	cp_grant_id_t g = direct(FS, 0, 1, DRIVER, 0x10000, 0x1000, CPF_READ);
	find(FS)->table[0].cp_flags &= ~CPF_DIRECT;
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0, 1), -EINVAL);
}

static void id_beyond_the_table_is_einval(void **state)
{
	direct(FS, 0, 1, DRIVER, 0x10000, 0x1000, CPF_READ);
	find(FS)->count = 4;
	assert_int_equal(check(FS, GRANT_ID(4, 1), DRIVER, CPF_READ, 0, 1), -EINVAL);
	assert_int_equal(check(FS, GRANT_ID(GRANT_MAX_ENTRIES - 1, 1), DRIVER, CPF_READ, 0, 1),
			 -EINVAL);
	find(FS)->count = 0;
	assert_int_equal(check(FS, GRANT_ID(0, 1), DRIVER, CPF_READ, 0, 1), -EINVAL);
}

static void unreadable_table_propagates_efault(void **state)
{
	cp_grant_id_t g = direct(FS, 0, 1, DRIVER, 0x10000, 0x1000, CPF_READ);
	find(FS)->fetch_err = -EFAULT;
	assert_int_equal(check(FS, g, DRIVER, CPF_READ, 0, 1), -EFAULT);
}

static void dead_granter_propagates_edeadsrcdst(void **state)
{
	assert_int_equal(check(999, GRANT_ID(0, 1), DRIVER, CPF_READ, 0, 1), -EDEADSRCDST);
}

static void negative_id_is_einval_without_a_fetch(void **state)
{
	direct(FS, 0, 0, DRIVER, 0x10000, 0x1000, CPF_READ);
	assert_int_equal(check(FS, GRANT_INVALID, DRIVER, CPF_READ, 0, 1), -EINVAL);
	assert_int_equal(check(FS, INT32_MIN, DRIVER, CPF_READ, 0, 1), -EINVAL);
	assert_int_equal(fetches, 0);
}

/* ---- indirect grants ---------------------------------------------------- */

static void indirect_resolves_to_the_original_owners_memory(void **state)
{
	/* USER lets FS read its buffer; FS passes that on to DRIVER. */
	cp_grant_id_t ug = direct(USER, 1, 3, FS, 0x7000000, 0x2000, CPF_READ | CPF_WRITE);
	cp_grant_id_t fg = indirect(FS, 4, 9, DRIVER, USER, ug, CPF_READ | CPF_WRITE);
	assert_int_equal(check(FS, fg, DRIVER, CPF_WRITE, 0x100, 0x100), OK);
	assert_int_equal(tgt.mem_owner, USER);
	assert_int_equal(tgt.addr, 0x7000100);
}

static void indirect_checks_the_original_grantee_is_the_intermediate(void **state)
{
	/* USER's grant names VFS, not FS: FS cannot pass it on. */
	cp_grant_id_t ug = direct(USER, 1, 3, VFS, 0x7000000, 0x2000, CPF_READ);
	cp_grant_id_t fg = indirect(FS, 4, 9, DRIVER, USER, ug, CPF_READ);
	assert_int_equal(check(FS, fg, DRIVER, CPF_READ, 0, 1), -EPERM);
}

static void indirect_wrong_grantee_is_eperm(void **state)
{
	cp_grant_id_t ug = direct(USER, 1, 3, FS, 0x7000000, 0x2000, CPF_READ);
	cp_grant_id_t fg = indirect(FS, 4, 9, DRIVER, USER, ug, CPF_READ);
	assert_int_equal(check(FS, fg, NOBODY, CPF_READ, 0, 1), -EPERM);
	/* The original grantee cannot use the indirect grant either. */
	assert_int_equal(check(FS, fg, FS, CPF_READ, 0, 1), -EPERM);
}

static void indirect_cannot_widen_access(void **state)
{
	cp_grant_id_t ug = direct(USER, 1, 3, FS, 0x7000000, 0x2000, CPF_READ);
	cp_grant_id_t fg = indirect(FS, 4, 9, DRIVER, USER, ug, CPF_READ | CPF_WRITE);
	assert_int_equal(check(FS, fg, DRIVER, CPF_WRITE, 0, 1), -EPERM);
	assert_int_equal(check(FS, fg, DRIVER, CPF_READ, 0, 1), OK);
}

static void indirect_can_narrow_access(void **state)
{
	cp_grant_id_t ug = direct(USER, 1, 3, FS, 0x7000000, 0x2000, CPF_READ | CPF_WRITE);
	cp_grant_id_t fg = indirect(FS, 4, 9, DRIVER, USER, ug, CPF_READ);
	assert_int_equal(check(FS, fg, DRIVER, CPF_WRITE, 0, 1), -EPERM);
	assert_int_equal(check(FS, fg, DRIVER, CPF_READ, 0, 1), OK);
}

static void indirect_range_is_checked_against_the_original(void **state)
{
	cp_grant_id_t ug = direct(USER, 1, 3, FS, 0x7000000, 0x2000, CPF_READ);
	cp_grant_id_t fg = indirect(FS, 4, 9, DRIVER, USER, ug, CPF_READ);
	assert_int_equal(check(FS, fg, DRIVER, CPF_READ, 0x1fff, 1), OK);
	assert_int_equal(check(FS, fg, DRIVER, CPF_READ, 0x1fff, 2), -EPERM);
}

static void indirect_to_a_revoked_original_is_einval(void **state)
{
	cp_grant_id_t ug = direct(USER, 1, 3, FS, 0x7000000, 0x2000, CPF_READ);
	cp_grant_id_t fg = indirect(FS, 4, 9, DRIVER, USER, ug, CPF_READ);
	find(USER)->table[1].cp_seq = 4;
	assert_int_equal(check(FS, fg, DRIVER, CPF_READ, 0, 1), -EINVAL);
}

static void indirect_to_an_unreadable_table_is_efault(void **state)
{
	cp_grant_id_t ug = direct(USER, 1, 3, FS, 0x7000000, 0x2000, CPF_READ);
	cp_grant_id_t fg = indirect(FS, 4, 9, DRIVER, USER, ug, CPF_READ);
	find(USER)->fetch_err = -EFAULT;
	assert_int_equal(check(FS, fg, DRIVER, CPF_READ, 0, 1), -EFAULT);
}

static void indirect_with_negative_inner_id_is_einval(void **state)
{
	cp_grant_id_t fg = indirect(FS, 4, 9, DRIVER, USER, GRANT_INVALID, CPF_READ);
	assert_int_equal(check(FS, fg, DRIVER, CPF_READ, 0, 1), -EINVAL);
}

/* An indirect chain `levels` deep over a direct grant of FS to VFS:
 * level i lives in entry i of FS (even i) or VFS (odd i) and passes on
 * level i-1; the top level is given to DRIVER. Returns the top's owner
 * and id. */
static void build_chain(int levels, endpoint_t *top_owner, cp_grant_id_t *top_id)
{
	endpoint_t owner[GRANT_MAX_INDIRECT + 3];
	cp_grant_id_t id[GRANT_MAX_INDIRECT + 3];
	assert_true(levels <= GRANT_MAX_INDIRECT + 1);
	for (int i = 0; i <= levels + 1; i++)
		owner[i] = (i % 2) ? VFS : FS;
	owner[levels + 1] = DRIVER;
	id[0] = direct(FS, 0, 1, owner[1], 0x5000, 0x100, CPF_READ);
	for (int i = 1; i <= levels; i++)
		id[i] = indirect(owner[i], i, 1, owner[i + 1], owner[i - 1], id[i - 1], CPF_READ);
	*top_owner = owner[levels];
	*top_id = id[levels];
}

static void indirect_chain_of_max_depth_is_allowed(void **state)
{
	endpoint_t owner;
	cp_grant_id_t id;
	build_chain(GRANT_MAX_INDIRECT, &owner, &id);
	assert_int_equal(check(owner, id, DRIVER, CPF_READ, 0x10, 0x10), OK);
	assert_int_equal(tgt.mem_owner, FS);
	assert_int_equal(tgt.addr, 0x5010);
}

static void indirect_chain_one_too_deep_is_eloop(void **state)
{
	endpoint_t owner;
	cp_grant_id_t id;
	build_chain(GRANT_MAX_INDIRECT + 1, &owner, &id);
	assert_int_equal(check(owner, id, DRIVER, CPF_READ, 0, 1), -ELOOP);
}

static void indirect_cycle_is_eloop(void **state)
{
	/* FS entry 0 passes on VFS's entry 0, which passes on FS's entry 0. */
	cp_grant_id_t a = GRANT_ID(0, 1), b = GRANT_ID(0, 2);
	indirect(FS, 0, 1, VFS, VFS, b, CPF_READ);
	indirect(VFS, 0, 2, FS, FS, a, CPF_READ);
	assert_int_equal(check(FS, a, VFS, CPF_READ, 0, 1), -ELOOP);
	assert_true(fetches <= GRANT_MAX_INDIRECT + 2);
}

static void self_referencing_indirect_is_eloop(void **state)
{
	/* FS entry 0 passes on itself to FS: a one-element cycle. */
	cp_grant_id_t a = GRANT_ID(0, 1);
	indirect(FS, 0, 1, FS, FS, a, CPF_READ);
	assert_int_equal(check(FS, a, FS, CPF_READ, 0, 1), -ELOOP);
}

static void try_only_comes_from_the_top_level_grant(void **state)
{
	cp_grant_id_t ug = direct(USER, 1, 3, FS, 0x7000000, 0x2000, CPF_READ | CPF_TRY);
	cp_grant_id_t fg = indirect(FS, 4, 9, DRIVER, USER, ug, CPF_READ);
	assert_int_equal(check(FS, fg, DRIVER, CPF_READ, 0, 1), OK);
	assert_false(tgt.try_only);

	ug = direct(USER, 1, 3, FS, 0x7000000, 0x2000, CPF_READ);
	fg = indirect(FS, 4, 9, DRIVER, USER, ug, CPF_READ | CPF_TRY);
	assert_int_equal(check(FS, fg, DRIVER, CPF_READ, 0, 1), OK);
	assert_true(tgt.try_only);
}

/* ---- magic grants ------------------------------------------------------- */

static void magic_grant_by_a_privileged_owner_targets_the_third_process(void **state)
{
	find(VFS)->magic = true;
	cp_grant_id_t g = magic(VFS, 2, 4, FS, USER, 0x9000000, 0x3000, CPF_WRITE);
	assert_int_equal(check(VFS, g, FS, CPF_WRITE, 0x1000, 0x2000), OK);
	assert_int_equal(tgt.mem_owner, USER);
	assert_int_equal(tgt.addr, 0x9001000);
}

static void magic_grant_by_an_unprivileged_owner_is_eperm(void **state)
{
	find(VFS)->magic = false;
	find(USER)->magic = true;            /* the memory owner's privilege is irrelevant */
	cp_grant_id_t g = magic(VFS, 2, 4, FS, USER, 0x9000000, 0x3000, CPF_WRITE);
	assert_int_equal(check(VFS, g, FS, CPF_WRITE, 0, 1), -EPERM);
}

static void magic_grant_checks_grantee_access_and_range(void **state)
{
	find(VFS)->magic = true;
	cp_grant_id_t g = magic(VFS, 2, 4, FS, USER, 0x9000000, 0x3000, CPF_READ);
	assert_int_equal(check(VFS, g, DRIVER, CPF_READ, 0, 1), -EPERM);
	assert_int_equal(check(VFS, g, FS, CPF_WRITE, 0, 1), -EPERM);
	assert_int_equal(check(VFS, g, FS, CPF_READ, 0x2fff, 2), -EPERM);
	assert_int_equal(check(VFS, g, FS, CPF_READ, UINT64_MAX, 2), -EPERM);
	assert_int_equal(check(VFS, g, FS, CPF_READ, 0x3000, 0), OK);
}

static void magic_grant_passed_on_indirectly_still_needs_the_privilege(void **state)
{
	cp_grant_id_t vg = magic(VFS, 2, 4, FS, USER, 0x9000000, 0x3000, CPF_READ);
	cp_grant_id_t fg = indirect(FS, 0, 1, DRIVER, VFS, vg, CPF_READ);
	find(VFS)->magic = false;
	assert_int_equal(check(FS, fg, DRIVER, CPF_READ, 0, 1), -EPERM);
	find(VFS)->magic = true;
	assert_int_equal(check(FS, fg, DRIVER, CPF_READ, 0x10, 1), OK);
	assert_int_equal(tgt.mem_owner, USER);
	assert_int_equal(tgt.addr, 0x9000010);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(direct_read_gives_owner_and_address),
		T(direct_whole_range_is_allowed),
		T(direct_wrong_grantee_is_eperm),
		T(read_only_grant_used_for_write_is_eperm),
		T(write_only_grant_used_for_read_is_eperm),
		T(range_past_the_grant_is_eperm),
		T(offset_past_the_grant_is_eperm),
		T(offset_near_uint64_max_does_not_overflow),
		T(zero_byte_copy_at_end_of_grant_is_allowed),
		T(zero_length_grant_allows_only_zero_bytes),
		T(grant_address_wrapping_around_is_eperm),
		T(try_flag_is_reported_in_try_only),
		T(faulted_flag_does_not_invalidate_the_grant),
		T(revoked_grant_with_other_sequence_is_einval),
		T(unused_entry_is_einval),
		T(used_but_not_valid_entry_is_einval),
		T(garbage_flags_are_einval),
		T(entry_of_two_kinds_is_einval),
		T(entry_of_no_kind_is_einval),
		T(id_beyond_the_table_is_einval),
		T(unreadable_table_propagates_efault),
		T(dead_granter_propagates_edeadsrcdst),
		T(negative_id_is_einval_without_a_fetch),
		T(indirect_resolves_to_the_original_owners_memory),
		T(indirect_checks_the_original_grantee_is_the_intermediate),
		T(indirect_wrong_grantee_is_eperm),
		T(indirect_cannot_widen_access),
		T(indirect_can_narrow_access),
		T(indirect_range_is_checked_against_the_original),
		T(indirect_to_a_revoked_original_is_einval),
		T(indirect_to_an_unreadable_table_is_efault),
		T(indirect_with_negative_inner_id_is_einval),
		T(indirect_chain_of_max_depth_is_allowed),
		T(indirect_chain_one_too_deep_is_eloop),
		T(indirect_cycle_is_eloop),
		T(self_referencing_indirect_is_eloop),
		T(try_only_comes_from_the_top_level_grant),
		T(magic_grant_by_a_privileged_owner_targets_the_third_process),
		T(magic_grant_by_an_unprivileged_owner_is_eperm),
		T(magic_grant_checks_grantee_access_and_range),
		T(magic_grant_passed_on_indirectly_still_needs_the_privilege),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
