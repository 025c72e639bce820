/*
 * Host stand-ins for the Quire-specific calls of include/quire/qposix.h,
 * so bin/ps.c, bin/free.c and bin/poweroff.c build and run on Linux for
 * test/host/run_tools.sh. Made-up figures: four slots, three processes.
 */
#include <errno.h>
#include <string.h>

#include <quire/qposix.h>
#include <quire/endpoints.h>

#define STUB_SLOTS 4

static const struct {
	int state;
	const char *name;
	int pid, ppid;          /* 0: not a PM process */
	unsigned resident, shared, wired;
} stub[STUB_SLOTS] = {
	{ PS_BLOCKED,  "pm",   0, 0, 30, 4, 0 },
	{ PS_FREE,     "",     0, 0, 0, 0, 0 },
	{ PS_RUNNABLE, "sh",   7, 1, 12, 9, 2 },
	{ PS_DEAD,     "ls",   9, 7, 0, 0, 0 },
};

int quire_nr_procs(void)
{
	return STUB_SLOTS;
}

int quire_procinfo(int slot, struct proc_info *out)
{
	if (slot < 0 || slot >= STUB_SLOTS) {
		errno = EINVAL;
		return -1;
	}
	memset(out, 0, sizeof *out);
	out->endpoint = stub[slot].state == PS_FREE ? NONE : BOOT_ENDPOINT(slot);
	out->state = stub[slot].state;
	strncpy(out->name, stub[slot].name, PROC_NAME_LEN);
	return 0;
}

static int slot_of(int endpoint)
{
	int s = _ENDPOINT_SLOT(endpoint);
	if (endpoint < 0 || s >= STUB_SLOTS || stub[s].state == PS_FREE)
		return -1;
	return s;
}

int quire_pid_of(int endpoint, int *pid, int *ppid)
{
	int s = slot_of(endpoint);
	if (s < 0 || stub[s].pid == 0) {
		errno = ESRCH;
		return -1;
	}
	*pid = stub[s].pid;
	*ppid = stub[s].ppid;
	return 0;
}

int quire_cachestat(mess_vm_cstat *out)
{
	memset(out, 0, sizeof *out);
	out->pages = 2000;              /* 8000 KiB */
	out->dirty = 3;
	out->mapped = 40;
	out->hits = 900;
	out->misses = 100;
	out->evictions = 7;
	out->file_faults = 25;
	return 0;
}

int quire_meminfo(int endpoint, mess_vm_info *out)
{
	memset(out, 0, sizeof *out);
	out->ep = endpoint;
	out->total_pages = 131072;      /* 512 MiB */
	out->free_pages = 120000;
	if (endpoint != -1) {
		int s = slot_of(endpoint);
		if (s < 0) {
			errno = ESRCH;
			return -1;
		}
		out->resident = stub[s].resident;
	}
	return 0;
}

int quire_memusage(int endpoint, mess_vm_usage *out)
{
	int s = slot_of(endpoint);
	if (s < 0) {
		errno = ESRCH;
		return -1;
	}
	memset(out, 0, sizeof *out);
	out->resident = stub[s].resident;
	out->shared = stub[s].shared;
	out->wired = stub[s].wired;
	return 0;
}

int quire_memstat(mess_vm_mstat *out)
{
	memset(out, 0, sizeof *out);
	out->wired = 128;               /* 512 KiB */
	out->reclaimed = 300;
	out->unmapped = 20;
	out->daemon_runs = 4;
	out->mem_waits = 6;
	out->oom_kills = 1;
	out->low_mark = 1000;
	return 0;
}

int quire_poweroff(void)
{
	errno = EPERM;          /* never switch the host off */
	return -1;
}
