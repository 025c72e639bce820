/*
 * The local APIC timer drives the clock. Its rate is unknown, so it is
 * measured once against the PIT (channel 2, gate-controlled, no IRQ).
 */
#include <arch/arch.h>
#include <arch/vectors.h>
#include <arch/x86.h>
#include "kernel.h"

#define LAPIC_EOI     0x0B0
#define LAPIC_SVR     0x0F0
#define LAPIC_LVT_TMR 0x320
#define LAPIC_TMR_INIT 0x380
#define LAPIC_TMR_CUR 0x390
#define LAPIC_TMR_DIV 0x3E0
#define LVT_MASKED    (1u << 16)
#define LVT_PERIODIC  (1u << 17)

#define PIT_HZ 1193182u

static volatile uint32_t *lapic;

static uint32_t rd(unsigned reg) { return lapic[reg / 4]; }
static void wr(unsigned reg, uint32_t v) { lapic[reg / 4] = v; }

void lapic_eoi(void)
{
	wr(LAPIC_EOI, 0);
}

/* LAPIC timer counts (divide by 16) in 10 ms, measured with the PIT. */
static uint32_t calibrate(void)
{
	const uint32_t pit_count = PIT_HZ / 100;
	uint8_t gate = inb(0x61);
	outb(0x61, (gate & ~0x02) | 0x01);      /* speaker off, gate on */
	outb(0x43, 0xB0);                       /* channel 2, lo/hi, mode 0 */
	outb(0x42, pit_count & 0xff);
	outb(0x42, pit_count >> 8);
	gate = inb(0x61) & ~0x01;
	outb(0x61, gate);                       /* restart: gate low ... */
	wr(LAPIC_TMR_INIT, 0xFFFFFFFFu);
	outb(0x61, gate | 0x01);                /* ... then high */
	while (!(inb(0x61) & 0x20))
		;
	uint32_t elapsed = 0xFFFFFFFFu - rd(LAPIC_TMR_CUR);
	wr(LAPIC_TMR_INIT, 0);
	return elapsed;
}

void arch_timer_init(unsigned hz)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);
	wrmsr(MSR_APIC_BASE, base | (1u << 11));     /* global enable */
	lapic = arch_mmio_map(base & ~0xFFFULL, 4096);
	wr(LAPIC_SVR, 0x100 | VEC_SPURIOUS);
	wr(LAPIC_TMR_DIV, 0x3);                      /* divide by 16 */
	wr(LAPIC_LVT_TMR, LVT_MASKED);
	uint32_t per10ms = calibrate();
	if (per10ms == 0)
		panic("lapic: the timer does not count");
	uint32_t count = (uint32_t)((uint64_t)per10ms * 100 / hz);
	printk("clock: local APIC timer %u kHz, %u Hz tick\n",
	       (unsigned)((uint64_t)per10ms * 16 / 10), hz);
	wr(LAPIC_LVT_TMR, VEC_TIMER | LVT_PERIODIC);
	wr(LAPIC_TMR_INIT, count);
}
