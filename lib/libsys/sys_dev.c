/* Kernel calls for drivers: IRQs and I/O ports. */
#include <quire/syslib.h>
#include "../libmini/mini_string.h"

static int irqctl(int op, int irq, int hook_bit)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_irqctl.op = op;
	m.m_krn_irqctl.irq = irq;
	m.m_krn_irqctl.hook_bit = hook_bit;
	return _kernel_call(KC_IRQCTL, &m);
}

int sys_irqsetpolicy(int irq, int hook_bit) { return irqctl(IRQ_SETPOLICY, irq, hook_bit); }
int sys_irqenable(int irq) { return irqctl(IRQ_ENABLE, irq, 0); }
int sys_irqdisable(int irq) { return irqctl(IRQ_DISABLE, irq, 0); }
int sys_irqrelease(int irq) { return irqctl(IRQ_RELEASE, irq, 0); }

static int devio(int op, unsigned port, uint32_t *value)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_devio.op = op;
	m.m_krn_devio.port = port;
	m.m_krn_devio.value = *value;
	int r = _kernel_call(KC_DEVIO, &m);
	if (r == OK)
		*value = m.m_krn_devio.value;
	return r;
}

int sys_inb(unsigned port, uint32_t *v) { *v = 0; return devio(DIO_IN | DIO_BYTE, port, v); }
int sys_inw(unsigned port, uint32_t *v) { *v = 0; return devio(DIO_IN | DIO_WORD, port, v); }
int sys_inl(unsigned port, uint32_t *v) { *v = 0; return devio(DIO_IN | DIO_LONG, port, v); }
int sys_outb(unsigned port, uint32_t v) { return devio(DIO_OUT | DIO_BYTE, port, &v); }
int sys_outw(unsigned port, uint32_t v) { return devio(DIO_OUT | DIO_WORD, port, &v); }
int sys_outl(unsigned port, uint32_t v) { return devio(DIO_OUT | DIO_LONG, port, &v); }
