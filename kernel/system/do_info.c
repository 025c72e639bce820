/* KC_GETINFO, KC_DIAGCTL. */
#include <quire/callnr.h>
#include <quire/kinfo.h>
#include <quire/pci.h>
#include "../kernel.h"
#include "../kmem.h"
#include "../mb2.h"
#include "../proc.h"
#include "system.h"

extern struct bootinfo bootinfo;

int system_target(struct proc *caller, endpoint_t ep, struct proc **out)
{
	if (ep == SELF) {
		*out = caller;
		return OK;
	}
	return proc_lookup(ep, out);
}

int do_getinfo(struct proc *caller, message *m)
{
	mess_krn_getinfo *g = &m->m_krn_getinfo;
	switch (g->what) {
	case GI_WHOAMI:
		g->arg = caller->endpoint;
		if (g->len)
			return copy_to_proc(caller, g->buf, caller->name,
					    g->len < PROC_NAME_LEN ? g->len : PROC_NAME_LEN);
		return OK;
	case GI_KINFO: {
		struct kinfo k;
		memset(&k, 0, sizeof(k));
		k.mem_total = kmem_total_bytes();
		k.mem_free_boot = kmem_free_bytes();
		k.nr_procs = NR_PROCS;
		k.nr_boot = nr_boot_procs;
		k.hz = HZ;
		k.test_mode = test_mode;
		strlcpy(k.cmdline, bootinfo.cmdline, sizeof(k.cmdline));
		if (g->len < sizeof(k))
			return -EINVAL;
		return copy_to_proc(caller, g->buf, &k, sizeof(k));
	}
	case GI_PROC: {
		if (g->arg < 0 || g->arg >= NR_PROCS)
			return -EINVAL;
		if (g->len < sizeof(struct proc_info))
			return -EINVAL;
		struct proc_info info;
		proc_info_fill(&proc_table[g->arg], &info);
		return copy_to_proc(caller, g->buf, &info, sizeof(info));
	}
	case GI_LOOKUP: {
		char name[PROC_NAME_LEN + 1];
		memcpy(name, g->name, PROC_NAME_LEN);
		name[PROC_NAME_LEN] = '\0';
		struct proc *p = proc_by_name(name);
		if (!p)
			return -ESRCH;
		g->arg = p->endpoint;
		return OK;
	}
	case GI_PCIDEV: {
		struct pci_devinfo d;
		int err = boot_pci_info(caller->slot, &d);
		if (err)
			return err;
		if (g->len < sizeof(d))
			return -EINVAL;
		return copy_to_proc(caller, g->buf, &d, sizeof(d));
	}
	default:
		return -EINVAL;
	}
}

int do_diagctl(struct proc *caller, message *m)
{
	mess_krn_diagctl *d = &m->m_krn_diagctl;
	if (d->code == DIAG_IPCFAST) {
		if (!(caller->priv.flags & PRIV_SYS_PROC))
			return -EPERM;
		if (d->len == 2) {
			d->len = ipc_fast_taken;
			return OK;
		}
		if (d->len > 1)
			return -EINVAL;
		bool was = ipc_fast_enabled;
		ipc_fast_enabled = d->len;
		d->len = was;               /* the answer: the old setting */
		return OK;
	}
	if (d->code != DIAG_PRINT)
		return -EINVAL;
	if (d->len > 4096)
		return -EINVAL;
	int err = check_proc_range(caller, d->buf, d->len, false);
	if (err)
		return err;   /* before printing anything: the call may run again */
	char buf[256];
	uint64_t done = 0;
	while (done < d->len) {
		uint64_t n = d->len - done < sizeof(buf) ? d->len - done : sizeof(buf);
		if (copy_from_proc(caller, d->buf + done, buf, n))
			return -EFAULT;
		klog_write(buf, n);
		done += n;
	}
	return OK;
}
