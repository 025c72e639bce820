/* KC_IRQCTL, KC_DEVIO: device access, limited to what the privilege set names. */
#include <quire/callnr.h>
#include <arch/x86.h>
#include "../kernel.h"
#include "../proc.h"
#include "system.h"

int do_irqctl(struct proc *caller, message *m)
{
	mess_krn_irqctl *q = &m->m_krn_irqctl;
	switch (q->op) {
	case IRQ_SETPOLICY: return irq_setpolicy(caller, q->irq, q->hook_bit);
	case IRQ_ENABLE:    return irq_enable(caller, q->irq, true);
	case IRQ_DISABLE:   return irq_enable(caller, q->irq, false);
	case IRQ_RELEASE:   return irq_release(caller, q->irq);
	default:            return -EINVAL;
	}
}

static bool port_allowed(const struct priv_spec *pr, uint32_t port, uint32_t size)
{
	uint32_t last = port + size - 1;
	if (last > 0xFFFF)
		return false;
	for (uint32_t i = 0; i < pr->nr_io && i < PRIV_IO_RANGES; i++)
		if (port >= pr->io[i].first && last <= pr->io[i].last)
			return true;
	return false;
}

int do_devio(struct proc *caller, message *m)
{
	mess_krn_devio *d = &m->m_krn_devio;
	uint32_t size;
	switch (d->op & 0x30) {
	case DIO_BYTE: size = 1; break;
	case DIO_WORD: size = 2; break;
	case DIO_LONG: size = 4; break;
	default: return -EINVAL;
	}
	if (d->op & ~0x31)
		return -EINVAL;
	if (!port_allowed(&caller->priv, d->port, size))
		return -EPERM;
	uint16_t port = (uint16_t)d->port;
	if (d->op & DIO_OUT) {
		switch (size) {
		case 1: outb(port, (uint8_t)d->value); break;
		case 2: outw(port, (uint16_t)d->value); break;
		default: outl(port, d->value); break;
		}
	} else {
		switch (size) {
		case 1: d->value = inb(port); break;
		case 2: d->value = inw(port); break;
		default: d->value = inl(port); break;
		}
	}
	return OK;
}
