/*
 * The 8259 pair: device IRQs 0..15 arrive at vectors 32..47. All lines
 * start masked; a line is unmasked only for a driver that claimed it
 * (kernel/irq.c), and masked again while its notification is pending.
 */
#include <arch/arch.h>
#include <arch/x86.h>
#include "kernel.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1

static uint16_t mask = 0xFFFF & ~(1u << 2);   /* the cascade line stays open */

static void write_mask(void)
{
	outb(PIC1_DATA, mask & 0xff);
	outb(PIC2_DATA, mask >> 8);
}

void arch_pic_init(void)
{
	outb(PIC1_CMD, 0x11);
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, 32);      /* master vectors 32..39 */
	outb(PIC2_DATA, 40);      /* slave vectors 40..47 */
	outb(PIC1_DATA, 4);
	outb(PIC2_DATA, 2);
	outb(PIC1_DATA, 0x01);
	outb(PIC2_DATA, 0x01);
	write_mask();
}

void arch_irq_mask(int irq)
{
	mask |= (uint16_t)(1u << irq);
	write_mask();
}

void arch_irq_unmask(int irq)
{
	mask &= (uint16_t)~(1u << irq);
	write_mask();
}

/* Acknowledge irq; returns false for a spurious IRQ 7 or 15, which must
 * not be handled (nor, for 7, acknowledged). */
bool arch_irq_ack(int irq)
{
	if (irq == 7 || irq == 15) {
		uint16_t cmd = irq == 7 ? PIC1_CMD : PIC2_CMD;
		outb(cmd, 0x0B);                    /* read ISR */
		if (!(inb(cmd) & 0x80)) {
			if (irq == 15)
				outb(PIC1_CMD, 0x20);   /* the master saw the cascade */
			return false;
		}
	}
	if (irq >= 8)
		outb(PIC2_CMD, 0x20);
	outb(PIC1_CMD, 0x20);
	return true;
}
