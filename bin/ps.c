/*
 * ps: one line for every process-table slot that holds a process:
 *   PID   PM's process id ("-" for a process PM does not manage)
 *   PPID  its parent's process id
 *   EP    the IPC endpoint
 *   STATE run, blocked, stopped or dead
 *   NAME  the kernel's name for it
 *   RSS   resident memory in KiB (pages mapped in its page tables)
 *   SHR   of that, KiB another holder shares too (another process, the
 *         page cache)
 *   WIRED KiB of its wired memory (mlock, mlockall, DMA buffers)
 * From quire_nr_procs(), quire_procinfo(), quire_pid_of() and
 * quire_memusage() (include/quire/qposix.h).
 */
#include "common.h"

#include <errno.h>
#include <stdio.h>

#include <quire/qposix.h>

#define PAGE_KIB 4      /* 4 KiB pages */

static const char *state_name(int s, char buf[16])
{
	switch (s) {
	case PS_RUNNABLE: return "run";
	case PS_BLOCKED:  return "blocked";
	case PS_STOPPED:  return "stopped";
	case PS_DEAD:     return "dead";
	}
	snprintf(buf, 16, "?%d", s);
	return buf;
}

int main(int argc, char **argv)
{
	char opt[128];
	int nr, status = 0;

	progname = "ps";
	parse_opts(argc, argv, "", opt, "");
	nr = quire_nr_procs();
	if (nr < 0) {
		warn_path("quire_nr_procs");
		return 1;
	}
	printf("%5s %5s %6s %-7s %-16s %8s %8s %8s\n",
	       "PID", "PPID", "EP", "STATE", "NAME", "RSS", "SHR", "WIRED");
	for (int slot = 0; slot < nr; slot++) {
		struct proc_info pi;
		mess_vm_usage mu;
		char pid[16] = "-", ppid[16] = "-", sbuf[16];
		char rss[24] = "-", shr[24] = "-", wired[24] = "-";
		int p, pp;

		if (quire_procinfo(slot, &pi) < 0) {
			char what[32];
			snprintf(what, sizeof what, "slot %d", slot);
			warn_path(what);
			status = 1;
			continue;
		}
		if (pi.state == PS_FREE)
			continue;
		if (quire_pid_of(pi.endpoint, &p, &pp) == 0) {
			snprintf(pid, sizeof pid, "%d", p);
			snprintf(ppid, sizeof ppid, "%d", pp);
		}
		if (quire_memusage(pi.endpoint, &mu) == 0) {
			snprintf(rss, sizeof rss, "%llu", (unsigned long long)mu.resident * PAGE_KIB);
			snprintf(shr, sizeof shr, "%llu", (unsigned long long)mu.shared * PAGE_KIB);
			snprintf(wired, sizeof wired, "%llu", (unsigned long long)mu.wired * PAGE_KIB);
		}
		printf("%5s %5s %6d %-7s %-16.*s %8s %8s %8s\n", pid, ppid,
		       (int)pi.endpoint, state_name(pi.state, sbuf),
		       PROC_NAME_LEN, pi.name, rss, shr, wired);
	}
	return finish_stdout(status);
}
