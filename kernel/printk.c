/*
 * The kernel log: every line goes to the serial console and into a ring
 * buffer (kept for a later dmesg-style getinfo).
 */
#include <stdarg.h>
#include <arch/arch.h>
#include "kernel.h"
#include "../lib/libfmt/format.h"

#define KLOG_SIZE 16384

static char klog[KLOG_SIZE];
static uint64_t klog_pos;      /* total bytes ever written */

static void klog_putc(char c, void *unused)
{
	(void)unused;
	klog[klog_pos++ % KLOG_SIZE] = c;
	arch_serial_putc(c);
}

void klog_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		klog_putc(s[i], NULL);
}

void printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vformat(klog_putc, NULL, fmt, ap);
	va_end(ap);
}
