/*
 * The tty's 16550 UART at COM1: polled output, interrupt-driven input
 * (the kernel turns IRQ 4 into a HARDWARE notification for main.c). The
 * kernel writes its log to the same UART with its own polled writes;
 * both wait for the transmitter to be empty, so they coexist.
 */
#include <quire/syslib.h>
#include "uart.h"

/* The 16550 UART at COM1. */
#define COM1         0x3F8
#define UART_RBR     0                 /* receive buffer (read) */
#define UART_THR     0                 /* transmit holding (write) */
#define UART_IER     1
#define UART_IIR     2                 /* interrupt identification (read) */
#define UART_FCR     2                 /* FIFO control (write) */
#define UART_MCR     4
#define UART_LSR     5
#define IER_RDA      0x01              /* received data available */
#define FCR_ENABLE   0x01              /* FIFO on, receive trigger at 1 byte */
#define IIR_FIFO     0xC0              /* both set: the FIFOs are on */
#define MCR_DTR      0x01
#define MCR_RTS      0x02
#define MCR_OUT2     0x08              /* routes the UART's interrupt to the PIC */
#define LSR_DR       0x01              /* a received byte is waiting */
#define LSR_BI       0x10              /* break: the byte is a 0 to ignore */
#define LSR_THRE     0x20              /* the transmitter's FIFO is empty */
#define THRE_POLLS   100000            /* give up waiting after this many reads */

/* How many bytes to write after each THRE: one FIFO minus the one byte
 * the kernel may have written in between (it too waits for THRE). */
#define TX_FIFO_BURST 15

static int tx_burst = 1;               /* TX_FIFO_BURST once the FIFO is known on */
static int tx_room;                    /* bytes we may still write without polling */

static uint32_t uart_in(int reg)
{
	uint32_t v = 0;
	sys_inb(COM1 + reg, &v);
	return v & 0xff;
}

static void uart_out(int reg, uint32_t v)
{
	sys_outb(COM1 + reg, v);
}

static void uart_putc(uint8_t c)
{
	if (tx_room == 0) {
		for (int i = 0; i < THRE_POLLS && !(uart_in(UART_LSR) & LSR_THRE); i++)
			;
		tx_room = tx_burst;
	}
	uart_out(UART_THR, c);
	tx_room--;
}

/* Bytes as they are, or with \n as \r\n. */
void uart_write(const char *s, size_t n, bool onlcr)
{
	for (size_t i = 0; i < n; i++) {
		if (onlcr && s[i] == '\n')
			uart_putc('\r');
		uart_putc((uint8_t)s[i]);
	}
	tx_room = 0;         /* the next write polls first: time has passed */
}

void uart_init(void)
{
	/* The kernel set 115200 8N1 and the FIFOs (receive trigger at 14
	 * bytes); keep the line settings, lower the trigger to one byte so
	 * every keystroke interrupts. */
	uart_out(UART_IER, 0);
	uart_out(UART_FCR, FCR_ENABLE);
	if ((uart_in(UART_IIR) & IIR_FIFO) == IIR_FIFO)
		tx_burst = TX_FIFO_BURST;
	uart_out(UART_MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
	int r = sys_irqsetpolicy(TTY_IRQ, TTY_HOOK);
	if (r != OK)
		panic("cannot claim IRQ %d: %d", TTY_IRQ, r);
	uart_out(UART_IER, IER_RDA);
}

bool uart_getc(uint8_t *c)
{
	for (;;) {
		uint32_t lsr = uart_in(UART_LSR);
		if (!(lsr & LSR_DR))
			return false;
		*c = (uint8_t)uart_in(UART_RBR);
		if (!(lsr & LSR_BI))
			return true;
	}
}

void uart_ack(void)
{
	(void)uart_in(UART_IIR);
}
