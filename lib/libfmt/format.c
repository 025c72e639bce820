#include "format.h"
#include <stdint.h>
#include <stdbool.h>

struct spec {
	bool left;        /* '-' */
	bool zero;        /* '0' */
	int width;
	int precision;    /* -1: none */
	int length;       /* 0 int, 1 long, 2 long long, -1 short, -2 char */
};

static int emit_padded(fmt_put_fn put, void *arg, const char *s, int len,
		       const struct spec *sp, char pad)
{
	int n = 0;
	int fill = sp->width > len ? sp->width - len : 0;
	if (!sp->left)
		for (; fill > 0; fill--, n++)
			put(pad, arg);
	for (int i = 0; i < len; i++, n++)
		put(s[i], arg);
	for (; fill > 0; fill--, n++)
		put(' ', arg);
	return n;
}

static int emit_number(fmt_put_fn put, void *arg, uint64_t v, bool negative,
		       unsigned base, bool upper, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int len = 0;
	do {
		buf[sizeof(buf) - 1 - len++] = digits[v % base];
		v /= base;
	} while (v);
	int n = 0;
	if (negative) {
		if (sp->zero) {
			put('-', arg);
			n++;
			struct spec s2 = *sp;
			s2.width = sp->width > 0 ? sp->width - 1 : 0;
			return n + emit_padded(put, arg, buf + sizeof(buf) - len, len, &s2, '0');
		}
		buf[sizeof(buf) - 1 - len++] = '-';
	}
	return n + emit_padded(put, arg, buf + sizeof(buf) - len, len, sp,
			       sp->zero && !sp->left ? '0' : ' ');
}

static int64_t signed_arg(va_list *ap, int length)
{
	switch (length) {
	case 2: return va_arg(*ap, long long);
	case 1: return va_arg(*ap, long);
	case -1: return (short)va_arg(*ap, int);
	case -2: return (signed char)va_arg(*ap, int);
	default: return va_arg(*ap, int);
	}
}

static uint64_t unsigned_arg(va_list *ap, int length)
{
	switch (length) {
	case 2: return va_arg(*ap, unsigned long long);
	case 1: return va_arg(*ap, unsigned long);
	case -1: return (unsigned short)va_arg(*ap, unsigned);
	case -2: return (unsigned char)va_arg(*ap, unsigned);
	default: return va_arg(*ap, unsigned);
	}
}

int vformat(fmt_put_fn put, void *arg, const char *fmt, va_list ap_in)
{
	va_list ap;
	va_copy(ap, ap_in);
	int n = 0;
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(*fmt, arg);
			n++;
			continue;
		}
		struct spec sp = { .precision = -1 };
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '0')
				sp.zero = true;
			else
				break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			fmt++;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			sp.width = sp.width * 10 + (*fmt - '0');
		if (*fmt == '.') {
			fmt++;
			sp.precision = 0;
			if (*fmt == '*') {
				sp.precision = va_arg(ap, int);
				fmt++;
			}
			for (; *fmt >= '0' && *fmt <= '9'; fmt++)
				sp.precision = sp.precision * 10 + (*fmt - '0');
		}
		for (;; fmt++) {
			if (*fmt == 'l')
				sp.length++;
			else if (*fmt == 'h')
				sp.length--;
			else if (*fmt == 'z')
				sp.length = 1;
			else
				break;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = signed_arg(&ap, sp.length);
			uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			n += emit_number(put, arg, mag, v < 0, 10, false, &sp);
			break;
		}
		case 'u':
			n += emit_number(put, arg, unsigned_arg(&ap, sp.length), false, 10, false, &sp);
			break;
		case 'x':
		case 'X':
			n += emit_number(put, arg, unsigned_arg(&ap, sp.length), false, 16, *fmt == 'X', &sp);
			break;
		case 'o':
			n += emit_number(put, arg, unsigned_arg(&ap, sp.length), false, 8, false, &sp);
			break;
		case 'p': {
			uint64_t v = (uint64_t)(uintptr_t)va_arg(ap, void *);
			put('0', arg);
			put('x', arg);
			n += 2 + emit_number(put, arg, v, false, 16, false, &sp);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			int len = 0;
			while ((sp.precision < 0 || len < sp.precision) && s[len])
				len++;
			n += emit_padded(put, arg, s, len, &sp, ' ');
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			n += emit_padded(put, arg, &c, 1, &sp, ' ');
			break;
		}
		case '%':
			put('%', arg);
			n++;
			break;
		case '\0':
			fmt--;          /* a lone '%' at the end */
			break;
		default:            /* unknown conversion: print it as it stands */
			put('%', arg);
			put(*fmt, arg);
			n += 2;
			break;
		}
	}
	va_end(ap);
	return n;
}

struct sbuf {
	char *buf;
	size_t size;
	size_t pos;
};

static void sbuf_put(char c, void *arg)
{
	struct sbuf *s = arg;
	if (s->pos + 1 < s->size)
		s->buf[s->pos] = c;
	s->pos++;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sbuf s = { buf, size, 0 };
	int n = vformat(sbuf_put, &s, fmt, ap);
	if (size > 0)
		buf[s.pos < size ? s.pos : size - 1] = '\0';
	return n;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
