/*
 * Grant checking: may `grantee` access `bytes` at `offset` under grant
 * `gid` of `granter`, and if so, whose memory and where?
 *
 * Pure logic over an environment that fetches table entries, so the same
 * code runs in the kernel (entries read from the owner's memory) and in
 * host unit tests (entries from arrays).
 *
 * Errors:
 *   -EINVAL       the id is outside the table, the entry is unused,
 *                 revoked (sequence mismatch) or malformed (garbage)
 *   -EPERM        the entry names another grantee, lacks the access, the
 *                 range is outside the grant, or a magic grant's owner may
 *                 not make magic grants
 *   -EFAULT       the table itself cannot be read
 *   -EDEADSRCDST  a process in the chain is dead
 *   -ELOOP        an indirect chain deeper than GRANT_MAX_INDIRECT
 */
#ifndef KERNEL_GRANT_H
#define KERNEL_GRANT_H

#include <quire/grant.h>
#include <quire/errno.h>

struct grant_env {
	/* Entry idx of owner's table; returns OK or a negative error. */
	int (*fetch)(void *ctx, endpoint_t owner, int idx, cp_grant_t *out);
	/* May owner make magic grants? */
	bool (*may_magic)(void *ctx, endpoint_t owner);
	void *ctx;
};

struct grant_target {
	endpoint_t mem_owner;   /* whose memory the copy touches */
	uint64_t addr;          /* address of the first byte in mem_owner */
	bool try_only;          /* the top-level grant has CPF_TRY */
};

int grant_check(const struct grant_env *env, endpoint_t granter, cp_grant_id_t gid,
		endpoint_t grantee, uint32_t access, uint64_t offset, uint64_t bytes,
		struct grant_target *out);

#endif
