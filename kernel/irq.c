/*
 * Device interrupts as notifications. A driver claims an IRQ line its
 * privileges name (IRQ_SETPOLICY); when the line fires the kernel masks
 * it, acknowledges the controller and notifies the driver from HARDWARE
 * with the hook bit set; the driver services the device and unmasks the
 * line again (IRQ_ENABLE). Masking until then keeps a level-triggered
 * line from interrupting forever.
 */
#include <arch/arch.h>
#include <quire/priv.h>
#include "kernel.h"
#include "proc.h"

static struct {
	struct proc *owner;
	int hook_bit;
} hooks[NR_IRQS];

void irq_handle(int irq)
{
	if (!arch_irq_ack(irq))
		return;                       /* spurious */
	arch_irq_mask(irq);
	struct proc *p = hooks[irq].owner;
	if (!p)
		return;                       /* nobody claimed it: stays masked */
	p->irq_pending |= 1ULL << hooks[irq].hook_bit;
	notify_from_kernel(p, KNOTIFY_HARDWARE);
}

static int check(struct proc *p, int irq)
{
	if (irq < 0 || irq >= NR_IRQS || irq == 2)
		return -EINVAL;
	if (!(p->priv.irqs & (1u << irq)))
		return -EPERM;
	if (hooks[irq].owner && hooks[irq].owner != p)
		return -EBUSY;
	return OK;
}

int irq_setpolicy(struct proc *p, int irq, int hook_bit)
{
	int err = check(p, irq);
	if (err)
		return err;
	if (hook_bit < 0 || hook_bit >= 64)
		return -EINVAL;
	hooks[irq].owner = p;
	hooks[irq].hook_bit = hook_bit;
	arch_irq_unmask(irq);
	return OK;
}

int irq_enable(struct proc *p, int irq, bool on)
{
	int err = check(p, irq);
	if (err)
		return err;
	if (hooks[irq].owner != p)
		return -EINVAL;               /* claim it first */
	if (on)
		arch_irq_unmask(irq);
	else
		arch_irq_mask(irq);
	return OK;
}

int irq_release(struct proc *p, int irq)
{
	int err = check(p, irq);
	if (err)
		return err;
	if (hooks[irq].owner != p)
		return -EINVAL;
	arch_irq_mask(irq);
	hooks[irq].owner = NULL;
	return OK;
}

void irq_proc_gone(struct proc *p)
{
	for (int i = 0; i < NR_IRQS; i++) {
		if (hooks[i].owner == p) {
			arch_irq_mask(i);
			hooks[i].owner = NULL;
		}
	}
}
