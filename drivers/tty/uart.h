/*
 * The serial port under the tty (uart.c): COM1, 115200 8N1 as the kernel
 * set it up.
 */
#ifndef TTY_UART_H
#define TTY_UART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TTY_IRQ      4
#define TTY_HOOK     0                 /* our bit in HARDWARE notifications */

/* Set the FIFOs and the receive interrupt, and claim the IRQ (panics if
 * it cannot). */
void uart_init(void);

/* Write n bytes, polling the transmitter; onlcr: \n as \r\n. */
void uart_write(const char *s, size_t n, bool onlcr);

/* The next received byte (breaks skipped): false when none is waiting. */
bool uart_getc(uint8_t *c);

/* Read the interrupt identification (acknowledges the interrupt). */
void uart_ack(void);

#endif
