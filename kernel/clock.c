/*
 * Time: the tick count, CPU-time accounting, quanta and alarms.
 */
#include <arch/arch.h>
#include <arch/cpu.h>
#include <arch/x86.h>
#include "kernel.h"
#include "proc.h"
#include "sched.h"
#include "rtc.h"

uint64_t uptime;               /* ticks since the clock started */
uint64_t tsc_per_tick;         /* measured over the first ticks */
/* The time of day at uptime 0 (ns since the epoch): from the CMOS clock at
 * boot, moved by KC_SETTIME. The time of day is boot_time_ns + uptime. */
int64_t boot_time_ns;
static uint64_t next_alarm;    /* earliest alarm_at of any process; 0: none */
static uint64_t first_tsc;

static void fire_alarms(void)
{
	uint64_t next = 0;
	for (int i = 0; i < NR_PROCS; i++) {
		struct proc *p = &proc_table[i];
		if (!p->alarm_at)
			continue;
		if (p->alarm_at <= uptime) {
			p->alarm_at = 0;
			notify_from_kernel(p, KNOTIFY_CLOCK);
		} else if (!next || p->alarm_at < next) {
			next = p->alarm_at;
		}
	}
	next_alarm = next;
}

void clock_set_alarm(struct proc *p, uint64_t at)
{
	p->alarm_at = at;
	if (at && (!next_alarm || at < next_alarm))
		next_alarm = at;
}

void clock_init_realtime(void)
{
	int64_t t = arch_rtc_read();
	boot_time_ns = t * 1000000000ll;
	printk("clock: %s, %ld seconds since the epoch\n",
	       t ? "CMOS real-time clock" : "no real-time clock", (long)t);
}

void clock_tick(void)
{
	uptime++;
	if (uptime == 1)
		first_tsc = rdtsc();
	else if (uptime == 11)
		tsc_per_tick = (rdtsc() - first_tsc) / 10;

	struct proc *p = this_cpu()->current;   /* NULL when idle */
	if (p && p->rts == 0) {
		p->user_ticks++;
		if (--p->ticks_left <= 0) {
			p->ticks_left = p->quantum;
			runq_rotate(&ready, p);
		}
	}
	if (next_alarm && next_alarm <= uptime)
		fire_alarms();
	if (dump_every && uptime % dump_every == 0)
		proc_dump();
}
