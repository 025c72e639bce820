/*
 * printf-style formatting without a C library, shared by the kernel's
 * printk and libsys's printf. Supports %d %i %u %x %X %o %p %s %c %%,
 * the length modifiers l, ll, z, h, hh, field width, '-' and '0' flags,
 * and precision for %s.
 */
#ifndef LIBFMT_FORMAT_H
#define LIBFMT_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*fmt_put_fn)(char c, void *arg);

/* Format to a character sink; returns the number of characters produced. */
int vformat(fmt_put_fn put, void *arg, const char *fmt, va_list ap);

/* Format into buf (always NUL-terminated when size > 0); returns the length
 * the whole output would have had, like C's vsnprintf. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
