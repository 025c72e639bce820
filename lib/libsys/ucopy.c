/*
 * Copies between a server and a user's memory, try-first (VFS and PM;
 * include/quire/syslib.h).
 *
 * A server must never be suspended by the kernel while VM brings a user's
 * page in: with file-backed memory, VM may need a file system that is
 * itself waiting for VFS (or for PM), and nothing would move. So every
 * copy such a server makes to or from a user address is a vircopy with
 * VCP_TRY, which fails at once with EFAULT when a page is absent (or
 * read-only for a write) instead of waiting. Then the server asks VM to
 * make the range present (VM_PREFAULT, a call VFS and PM may make:
 * docs/architecture.md, the call order) and tries again. A truly bad
 * address is one VM refuses to fix: EFAULT.
 *
 * The kernel checks the whole range before it copies a byte, so a failed
 * copy changed nothing. Callers copy before they change their own state
 * (a pipe consumes its data only after the copy to the reader worked).
 */
#include <quire/syslib.h>
#include <quire/vm.h>

/* Pages can be taken away between the prefault and the retry (by a
 * concurrent munmap in a future with threads, or reclaim): a few tries. */
#define UCOPY_TRIES 4

static int ucopy(endpoint_t src, vir_bytes src_addr, endpoint_t dst, vir_bytes dst_addr,
		 uint64_t len, endpoint_t user, uint64_t uaddr, bool user_written)
{
	if (len == 0)
		return OK;
	for (int i = 0; i < UCOPY_TRIES; i++) {
		int r = sys_vircopy(src, src_addr, dst, dst_addr, len, VCP_TRY);
		if (r == OK)
			return OK;
		if (r != -EFAULT)
			return -EFAULT;          /* a gone process, a bad range */
		if (vm_req_prefault(user, uaddr, len, user_written) != OK)
			return -EFAULT;
	}
	return -EFAULT;
}

int ucopy_to(endpoint_t ep, uint64_t uaddr, const void *buf, uint64_t len)
{
	return ucopy(SELF, (vir_bytes)buf, ep, uaddr, len, ep, uaddr, true);
}

int ucopy_from(endpoint_t ep, uint64_t uaddr, void *buf, uint64_t len)
{
	return ucopy(ep, uaddr, SELF, (vir_bytes)buf, len, ep, uaddr, false);
}
