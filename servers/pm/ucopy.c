/*
 * Copies between PM and a user's memory (the group lists of getgroups and
 * setgroups), and into VFS's buffer for PM_EV_CRED.
 *
 * The same try-first rule as VFS's (servers/vfs/ucopy.c): a vircopy with
 * VCP_TRY fails at once when a page is absent instead of suspending PM
 * while VM brings it in; PM then asks VM to make the range present
 * (VM_PREFAULT: PM may call VM, which never waits for PM) and tries
 * again. A range VM refuses is the caller's EFAULT.
 */
#include "pm.h"
#include <quire/vm.h>

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
			return -EFAULT;
		if (vm_req_prefault(user, uaddr, len, user_written) != OK)
			return -EFAULT;
	}
	return -EFAULT;
}

int pm_ucopy_from(endpoint_t ep, uint64_t uaddr, void *buf, uint64_t len)
{
	return ucopy(ep, uaddr, SELF, (vir_bytes)buf, len, ep, uaddr, false);
}

int pm_ucopy_to(endpoint_t ep, uint64_t uaddr, const void *buf, uint64_t len)
{
	return ucopy(SELF, (vir_bytes)buf, ep, uaddr, len, ep, uaddr, true);
}
