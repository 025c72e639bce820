/*
 * printf to the kernel log. Output is collected per line (or until the
 * buffer fills) so that lines from different processes do not interleave
 * character by character.
 */
#include <quire/syslib.h>
#include "../libfmt/format.h"

struct linebuf {
	char buf[160];
	size_t len;
};

static void flush(struct linebuf *lb)
{
	if (lb->len)
		sys_diagctl_print(lb->buf, lb->len);
	lb->len = 0;
}

static void put(char c, void *arg)
{
	struct linebuf *lb = arg;
	lb->buf[lb->len++] = c;
	if (c == '\n' || lb->len == sizeof(lb->buf))
		flush(lb);
}

int vprintf(const char *fmt, va_list ap)
{
	struct linebuf lb = { .len = 0 };
	int n = vformat(put, &lb, fmt, ap);
	flush(&lb);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s: panic: ", sef_self_name[0] ? sef_self_name : "?");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	sys_exit(255);
}
