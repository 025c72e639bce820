/* COM1, polled: the kernel log's console. */
#include <arch/arch.h>
#include <arch/x86.h>

#define COM1 0x3F8

void arch_serial_init(void)
{
	outb(COM1 + 1, 0x00);     /* no interrupts */
	outb(COM1 + 3, 0x80);     /* DLAB */
	outb(COM1 + 0, 0x01);     /* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);     /* 8N1 */
	outb(COM1 + 2, 0xC7);     /* FIFO on, cleared */
	outb(COM1 + 4, 0x03);     /* DTR, RTS */
}

void arch_serial_putc(char c)
{
	if (c == '\n')
		arch_serial_putc('\r');
	for (int i = 0; i < 100000 && !(inb(COM1 + 5) & 0x20); i++)
		;
	outb(COM1, (uint8_t)c);
}
