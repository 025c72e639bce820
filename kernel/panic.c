#include <stdarg.h>
#include <arch/arch.h>
#include "kernel.h"
#include "../lib/libfmt/format.h"

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk("\nKERNEL PANIC: %s\n", buf);
	arch_backtrace((uint64_t)__builtin_frame_address(0));
	kernel_stop();
}
