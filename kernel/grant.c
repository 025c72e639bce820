/* Grant checking (see grant.h). Pure: compiled on the host for unit tests. */
#include <stdbool.h>
#include "grant.h"

static bool range_inside(uint64_t len, uint64_t offset, uint64_t bytes)
{
	return offset <= len && bytes <= len - offset;
}

static int check_level(const struct grant_env *env, endpoint_t granter, cp_grant_id_t gid,
		       endpoint_t grantee, uint32_t access, uint64_t offset, uint64_t bytes,
		       struct grant_target *out, int depth)
{
	if (depth > GRANT_MAX_INDIRECT)
		return -ELOOP;
	if (gid < 0)
		return -EINVAL;
	cp_grant_t g;
	int err = env->fetch(env->ctx, granter, GRANT_IDX(gid), &g);
	if (err)
		return err;

	uint32_t f = g.cp_flags;
	uint32_t kind = f & CPF_KINDS;
	if ((f & (CPF_USED | CPF_VALID)) != (CPF_USED | CPF_VALID) || (f & ~CPF_ALLFLAGS) ||
	    (kind != CPF_DIRECT && kind != CPF_INDIRECT && kind != CPF_MAGIC) ||
	    g.cp_seq != GRANT_SEQ(gid))
		return -EINVAL;
	if ((access & f) != access)
		return -EPERM;

	switch (kind) {
	case CPF_DIRECT:
		if (g.u.direct.to != grantee || !range_inside(g.u.direct.len, offset, bytes))
			return -EPERM;
		out->mem_owner = granter;
		out->addr = g.u.direct.addr + offset;
		if (out->addr < g.u.direct.addr)
			return -EPERM;          /* wraps around */
		return OK;
	case CPF_MAGIC:
		if (g.u.magic.to != grantee || !range_inside(g.u.magic.len, offset, bytes))
			return -EPERM;
		if (!env->may_magic(env->ctx, granter))
			return -EPERM;
		out->mem_owner = g.u.magic.from;
		out->addr = g.u.magic.addr + offset;
		if (out->addr < g.u.magic.addr)
			return -EPERM;
		return OK;
	default: /* CPF_INDIRECT: the granter passes on a grant it was given */
		if (g.u.indirect.to != grantee)
			return -EPERM;
		return check_level(env, g.u.indirect.from, g.u.indirect.gid, granter,
				   access, offset, bytes, out, depth + 1);
	}
}

int grant_check(const struct grant_env *env, endpoint_t granter, cp_grant_id_t gid,
		endpoint_t grantee, uint32_t access, uint64_t offset, uint64_t bytes,
		struct grant_target *out)
{
	out->try_only = false;
	int err = check_level(env, granter, gid, grantee, access, offset, bytes, out, 0);
	if (err)
		return err;
	/* CPF_TRY comes from the grant the caller named. */
	cp_grant_t top;
	if (env->fetch(env->ctx, granter, GRANT_IDX(gid), &top) == OK)
		out->try_only = (top.cp_flags & CPF_TRY) != 0;
	return OK;
}
