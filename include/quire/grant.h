/*
 * Grants. A process publishes a table of cp_grant_t in its own memory with
 * KC_SETGRANT; entry i, together with its sequence number, is grant
 * id (seq << GRANT_SEQ_SHIFT | i). The kernel reads the table defensively
 * on every safecopy: a garbage entry is refused with EINVAL, an unreadable
 * table with EFAULT, never a crash.
 *
 * Kinds:
 *   direct   - `to` may read/write [addr, addr+len) of the owner.
 *   indirect - `to` may use, within the same access, the grant `gid` that
 *              process `from` gave the owner (re-delegation).
 *   magic    - `to` may access [addr, addr+len) of process `from`; only an
 *              owner with PRIV_MAGIC_GRANT may make such grants (VFS on
 *              behalf of a user process).
 * CPF_TRY: absent memory under this grant fails the copy with EFAULT at once
 * and the kernel sets CPF_FAULTED in the entry (see cpf_revoke).
 */
#ifndef QUIRE_GRANT_H
#define QUIRE_GRANT_H

#include <quire/types.h>

#define CPF_READ     0x0001  /* grantee may read the memory */
#define CPF_WRITE    0x0002  /* grantee may write the memory */
#define CPF_DIRECT   0x0010
#define CPF_INDIRECT 0x0020
#define CPF_MAGIC    0x0040
#define CPF_TRY      0x0100
#define CPF_USED     0x1000  /* the entry is in use */
#define CPF_VALID    0x2000  /* the entry is filled in and may be used */
#define CPF_FAULTED  0x4000  /* set by the kernel: a CPF_TRY copy hit absent memory */

#define CPF_KINDS    (CPF_DIRECT | CPF_INDIRECT | CPF_MAGIC)
#define CPF_ACCESS   (CPF_READ | CPF_WRITE)
#define CPF_ALLFLAGS (CPF_ACCESS | CPF_KINDS | CPF_TRY | CPF_USED | CPF_VALID | CPF_FAULTED)

#define GRANT_INVALID   ((cp_grant_id_t)-1)
#define GRANT_SEQ_SHIFT 16
#define GRANT_MAX_ENTRIES (1 << GRANT_SEQ_SHIFT)
#define GRANT_IDX(g)    ((int)((g) & (GRANT_MAX_ENTRIES - 1)))
#define GRANT_SEQ(g)    ((uint32_t)(g) >> GRANT_SEQ_SHIFT)
#define GRANT_ID(idx, seq) ((cp_grant_id_t)(((seq) << GRANT_SEQ_SHIFT) | (idx)))
#define GRANT_SEQ_MAX   0x7fff

/* How deep an indirect chain may go before the kernel refuses it. */
#define GRANT_MAX_INDIRECT 8

typedef struct {
	uint32_t cp_flags;
	uint32_t cp_seq;                 /* matches GRANT_SEQ of the id */
	union {
		struct {
			endpoint_t to;
			int32_t  pad;
			uint64_t addr;
			uint64_t len;
		} direct;
		struct {
			endpoint_t to;
			endpoint_t from;         /* who gave the owner `gid` */
			cp_grant_id_t gid;
			int32_t  pad;
			uint64_t pad2;
		} indirect;
		struct {
			endpoint_t to;
			endpoint_t from;         /* whose memory */
			uint64_t addr;
			uint64_t len;
		} magic;
	} u;
} cp_grant_t;

_Static_assert(sizeof(cp_grant_t) == 32, "grant entries are 32 bytes");

/*
 * KC_VSAFECOPY: up to VSC_MAX copies between the caller's memory and one
 * grant, in one kernel call (a file server's read fills a request from
 * many cache blocks so). Each entry moves len bytes between offset in the
 * granted range and addr in the caller. The kernel checks the grant once,
 * for the span from the lowest offset to the highest end; the copies are
 * made in order and the first failure ends the call (earlier entries have
 * been copied).
 */
struct cp_iovec {
	uint64_t offset;
	uint64_t addr;
	uint64_t len;
};
#define VSC_MAX   16
#define VSC_FROM  0         /* granter's memory -> caller's */
#define VSC_TO    1         /* caller's memory -> granter's */

#endif
