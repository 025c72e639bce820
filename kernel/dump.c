/*
 * A process-table dump for debugging hangs: boot with "dump=N" on the
 * kernel command line and the table is printed N seconds after the clock
 * starts (and every N seconds after that). And the address-space names
 * of a profiling boot.
 */
#include "kernel.h"
#include "proc.h"

uint64_t dump_every;      /* ticks; 0: never */
bool profile_names;       /* "profile=..." on the command line */

/*
 * ./build.sh profile counts instructions by process slot from outside
 * (test/bench/qprof.c); these lines tell it which program a slot holds.
 * Printed when a process gets an address space or a new program, only
 * in a profiling boot.
 */
void profile_note_program(const struct proc *p)
{
	if (profile_names)
		printk("profile: slot %d %s\n", (int)(p - proc_table), p->name);
}

static const char *peer(endpoint_t ep, char *buf)
{
	switch (ep) {
	case ANY: return "ANY";
	case NONE: return "-";
	case KERNEL: return "KERNEL";
	case CLOCK: return "CLOCK";
	case HARDWARE: return "HARDWARE";
	default:
		buf[0] = '\0';
		if (ep >= 0 && _ENDPOINT_SLOT(ep) < NR_PROCS)
			strlcpy(buf, proc_table[_ENDPOINT_SLOT(ep)].name, PROC_NAME_LEN);
		return buf;
	}
}

void proc_dump(void)
{
	printk("---- processes at tick %lu ----\n", uptime);
	for (int i = 0; i < NR_PROCS; i++) {
		struct proc *p = &proc_table[i];
		if (p->rts & RTS_SLOT_FREE)
			continue;
		char a[PROC_NAME_LEN], b[PROC_NAME_LEN];
		printk("%3d %-12s ep %6d rts %02x%s%s to %-10s from %-10s rip %lx %s%s\n", i, p->name,
		       p->endpoint, p->rts, p->in_sendrec ? " sendrec" : "",
		       p->restart_syscall ? " restart" : "",
		       (p->rts & RTS_SENDING) ? peer(p->sendto, a) : "-",
		       (p->rts & RTS_RECEIVING) ? peer(p->getfrom, b) : "-", p->regs.rip,
		       p->kmsg_server ? "queued for " : "", p->kmsg_server ? p->kmsg_server->name : "");
	}
}
