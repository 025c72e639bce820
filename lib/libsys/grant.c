/*
 * The process's grant table. One static table, published to the kernel
 * on first use. Ids carry the entry's sequence number, bumped on every
 * revoke, so a stale id never names the entry's next grant.
 *
 * Ownership: only this file writes entries, except the kernel's
 * CPF_FAULTED mark. The entry is made valid last, after its fields are
 * filled in.
 */
#include <quire/syslib.h>
#include "../libmini/mini_string.h"

#define NR_GRANTS 64

static cp_grant_t table[NR_GRANTS];
static int published;

static int publish(void)
{
	if (published)
		return OK;
	int r = sys_setgrant(table, NR_GRANTS);
	if (r == OK)
		published = 1;
	return r;
}

static int alloc_entry(void)
{
	if (publish() != OK)
		return -1;
	for (int i = 0; i < NR_GRANTS; i++)
		if (!(table[i].cp_flags & CPF_USED))
			return i;
	return -1;
}

static cp_grant_id_t fill(int i, uint32_t flags)
{
	uint32_t seq = table[i].cp_seq;
	table[i].cp_flags = flags | CPF_USED | CPF_VALID;
	return GRANT_ID(i, seq);
}

cp_grant_id_t cpf_grant_direct_flags(endpoint_t to, vir_bytes addr, size_t len, int flags)
{
	if (flags & ~(CPF_ACCESS | CPF_TRY))
		return GRANT_INVALID;
	int i = alloc_entry();
	if (i < 0)
		return GRANT_INVALID;
	table[i].u.direct.to = to;
	table[i].u.direct.addr = addr;
	table[i].u.direct.len = len;
	return fill(i, CPF_DIRECT | (uint32_t)flags);
}

cp_grant_id_t cpf_grant_direct(endpoint_t to, vir_bytes addr, size_t len, int access)
{
	return cpf_grant_direct_flags(to, addr, len, access & CPF_ACCESS);
}

cp_grant_id_t cpf_grant_indirect(endpoint_t to, endpoint_t from, cp_grant_id_t gr)
{
	int i = alloc_entry();
	if (i < 0)
		return GRANT_INVALID;
	table[i].u.indirect.to = to;
	table[i].u.indirect.from = from;
	table[i].u.indirect.gid = gr;
	/* An indirect grant passes on whatever access the original allows. */
	return fill(i, CPF_INDIRECT | CPF_READ | CPF_WRITE);
}

cp_grant_id_t cpf_grant_magic(endpoint_t to, endpoint_t from, vir_bytes addr, size_t len,
			      int access)
{
	int i = alloc_entry();
	if (i < 0)
		return GRANT_INVALID;
	table[i].u.magic.to = to;
	table[i].u.magic.from = from;
	table[i].u.magic.addr = addr;
	table[i].u.magic.len = len;
	return fill(i, CPF_MAGIC | ((uint32_t)access & (CPF_ACCESS | CPF_TRY)));
}

int cpf_revoke(cp_grant_id_t gr)
{
	if (gr < 0)
		return -EINVAL;
	int i = GRANT_IDX(gr);
	if (i >= NR_GRANTS || !(table[i].cp_flags & CPF_USED) || table[i].cp_seq != GRANT_SEQ(gr))
		return -EINVAL;
	int faulted = (table[i].cp_flags & CPF_FAULTED) != 0;
	table[i].cp_flags = 0;
	table[i].cp_seq = (table[i].cp_seq + 1) & GRANT_SEQ_MAX;
	return faulted ? GRANT_FAULTED : OK;
}

cp_grant_t *cpf_table(int *count)
{
	publish();
	*count = NR_GRANTS;
	return table;
}
