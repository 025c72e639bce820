/* KC_VIRCOPY, KC_SAFECOPYFROM, KC_SAFECOPYTO, KC_VSAFECOPY, KC_SETGRANT. */
#include <quire/callnr.h>
#include "../kernel.h"
#include "../proc.h"
#include "../grant.h"
#include "system.h"

#define COPY_MAX (1ULL << 40)   /* refuse absurd lengths before walking */

int do_vircopy(struct proc *caller, message *m)
{
	mess_krn_vircopy *v = &m->m_krn_vircopy;
	struct proc *src, *dst;
	int err = system_target(caller, v->src_ep, &src);
	if (!err)
		err = system_target(caller, v->dst_ep, &dst);
	if (err)
		return err;
	if (v->flags & ~VCP_TRY)
		return -EINVAL;
	if (v->bytes > COPY_MAX)
		return -EINVAL;
	int r = copy_proc_to_proc(src, v->src_addr, dst, v->dst_addr, v->bytes);
	if (r == -EVMFAULT && (v->flags & VCP_TRY))
		return -EFAULT;
	return r;
}

/* Grant table entries come from the owner's memory; anything odd about
 * the table itself is an error for the caller, never a crash. */
static int fetch_entry(void *ctx, endpoint_t owner_ep, int idx, cp_grant_t *out)
{
	(void)ctx;
	struct proc *owner;
	int err = proc_lookup(owner_ep, &owner);
	if (err)
		return err;
	if (!owner->grant_table || idx < 0 || (uint32_t)idx >= owner->grant_count)
		return -EINVAL;
	return copy_from_proc(owner, owner->grant_table + (uint64_t)idx * sizeof(cp_grant_t),
			      out, sizeof(*out));
}

static bool may_magic(void *ctx, endpoint_t owner_ep)
{
	(void)ctx;
	struct proc *owner;
	return proc_lookup(owner_ep, &owner) == OK && (owner->priv.flags & PRIV_MAGIC_GRANT);
}

/* After a CPF_TRY copy hit absent memory, mark the entry so that the
 * granter's cpf_revoke can tell. Best effort: the table was readable a
 * moment ago, and a failure here only loses the mark. */
static void mark_faulted(struct proc *granter, cp_grant_id_t gid)
{
	cp_grant_t g;
	uint64_t at = granter->grant_table + (uint64_t)GRANT_IDX(gid) * sizeof(g);
	if (copy_from_proc(granter, at, &g, sizeof(g)) == OK) {
		g.cp_flags |= CPF_FAULTED;
		copy_to_proc(granter, at, &g.cp_flags, sizeof(g.cp_flags));
	}
}

/* The grant's memory for [offset, offset+bytes): its owner and address
 * (t), after every check the grant chain asks for. */
static int resolve(struct proc *caller, endpoint_t granter_ep, cp_grant_id_t grant, bool from_granter,
		   uint64_t offset, uint64_t bytes, struct grant_target *t, struct proc **owner)
{
	struct grant_env env = { fetch_entry, may_magic, NULL };
	int err = grant_check(&env, granter_ep, grant, caller->endpoint,
			      from_granter ? CPF_READ : CPF_WRITE, offset, bytes, t);
	return err ? err : proc_lookup(t->mem_owner, owner);
}

/* One copy between the caller's addr and the grant's memory at gaddr. */
static int copy_one(struct proc *caller, uint64_t addr, struct proc *owner, uint64_t gaddr,
		    uint64_t bytes, bool from_granter)
{
	/* The caller's own buffer first: its faults are not the grant's. */
	int err = check_proc_range(caller, addr, bytes, from_granter);
	if (err)
		return err;
	if (from_granter)
		return copy_proc_to_proc(owner, gaddr, caller, addr, bytes);
	return copy_proc_to_proc(caller, addr, owner, gaddr, bytes);
}

/* A fault on the grant's side of a CPF_TRY grant is EFAULT at once. */
static int fault_result(struct proc *granter, cp_grant_id_t grant, const struct grant_target *t, int err)
{
	if ((err == -EVMFAULT || err == -EFAULT) && t->try_only) {
		mark_faulted(granter, grant);
		return -EFAULT;
	}
	return err;
}

static int safecopy(struct proc *caller, message *m, bool from_granter)
{
	mess_krn_safecopy *s = &m->m_krn_safecopy;
	struct proc *granter, *owner;
	int err = proc_lookup(s->granter, &granter);
	if (err)
		return err;
	if (s->bytes > COPY_MAX)
		return -EINVAL;
	struct grant_target t;
	err = resolve(caller, s->granter, s->grant, from_granter, s->offset, s->bytes, &t, &owner);
	if (err)
		return err;
	err = copy_one(caller, s->addr, owner, t.addr, s->bytes, from_granter);
	return fault_result(granter, s->grant, &t, err);
}

int do_safecopyfrom(struct proc *caller, message *m)
{
	return safecopy(caller, m, true);
}

int do_safecopyto(struct proc *caller, message *m)
{
	return safecopy(caller, m, false);
}

/* KC_VSAFECOPY (grant.h): the grant is checked once, for the span of
 * every entry; each entry's part of the caller's memory is checked as it
 * is copied. */
int do_vsafecopy(struct proc *caller, message *m)
{
	mess_krn_safecopy *s = &m->m_krn_safecopy;
	struct cp_iovec v[VSC_MAX];
	struct proc *granter, *owner;
	if (s->bytes == 0 || s->bytes > VSC_MAX || (s->flags != VSC_FROM && s->flags != VSC_TO))
		return -EINVAL;
	int err = proc_lookup(s->granter, &granter);
	if (err)
		return err;
	if (copy_from_proc(caller, s->addr, v, s->bytes * sizeof(v[0])) != OK)
		return -EFAULT;
	uint64_t lo = UINT64_MAX, hi = 0;
	for (uint64_t i = 0; i < s->bytes; i++) {
		if (v[i].len > COPY_MAX || v[i].offset > UINT64_MAX - v[i].len)
			return -EINVAL;
		if (v[i].offset < lo)
			lo = v[i].offset;
		if (v[i].offset + v[i].len > hi)
			hi = v[i].offset + v[i].len;
	}
	bool from_granter = s->flags == VSC_FROM;
	struct grant_target t;
	err = resolve(caller, s->granter, s->grant, from_granter, lo, hi - lo, &t, &owner);
	if (err)
		return err;
	for (uint64_t i = 0; err == OK && i < s->bytes; i++)
		err = copy_one(caller, v[i].addr, owner, t.addr + (v[i].offset - lo), v[i].len,
			       from_granter);
	return err ? fault_result(granter, s->grant, &t, err) : OK;
}

int do_setgrant(struct proc *caller, message *m)
{
	mess_krn_setgrant *g = &m->m_krn_setgrant;
	if (g->count < 0 || g->count > GRANT_MAX_ENTRIES)
		return -EINVAL;
	if (g->addr == 0 || g->count == 0) {
		caller->grant_table = 0;
		caller->grant_count = 0;
		return OK;
	}
	/* The table may be filled in later; only its place is checked now. */
	if (check_proc_range(caller, g->addr, (uint64_t)g->count * sizeof(cp_grant_t), false))
		return -EFAULT;
	caller->grant_table = g->addr;
	caller->grant_count = (uint32_t)g->count;
	return OK;
}
