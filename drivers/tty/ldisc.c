/* The tty's line discipline (see ldisc.h). No I/O, no libsys. */
#include <quire/chardev.h>
#include "ldisc.h"

static void echo(struct ldisc *ld, const char *s, size_t n)
{
	if (ld->echo)
		ld->echo(ld->echo_arg, s, n);
}

void ld_init(struct ldisc *ld, ld_echo_fn fn, void *arg)
{
	ld->mode = TTY_COOKED;
	ld->head = 0;
	ld->committed = 0;
	ld->line = 0;
	ld->dropped = 0;
	ld->echo = fn;
	ld->echo_arg = arg;
}

size_t ld_space(const struct ldisc *ld)
{
	return LD_BUFSZ - ld->committed - ld->line;
}

static size_t slot(const struct ldisc *ld, size_t i)
{
	return (ld->head + i) % LD_BUFSZ;
}

/* Append to the line being edited (the caller checked for space). */
static void push(struct ldisc *ld, uint16_t e)
{
	ld->q[slot(ld, ld->committed + ld->line)] = e;
	ld->line++;
}

static uint16_t line_last(const struct ldisc *ld)
{
	return ld->q[slot(ld, ld->committed + ld->line - 1)];
}

static bool is_ctl(uint8_t c)
{
	return c < 0x20 && c != '\t';
}

/* Echo a byte as the user should see it: control bytes as ^X. */
static void echo_byte(struct ldisc *ld, uint8_t c)
{
	if (is_ctl(c)) {
		char s[2] = { '^', (char)(c + '@') };
		echo(ld, s, 2);
	} else {
		echo(ld, (const char *)&c, 1);
	}
}

/* Erase the last character of the line: a whole UTF-8 sequence, and the
 * two columns of a ^X. */
static void erase_one(struct ldisc *ld)
{
	if (ld->line == 0)
		return;
	uint8_t c = (uint8_t)line_last(ld);
	ld->line--;
	if ((c & 0xC0) == 0x80) {
		/* A continuation byte: drop back to the sequence's lead byte. */
		while (ld->line > 0) {
			uint8_t p = (uint8_t)line_last(ld);
			ld->line--;
			if ((p & 0xC0) != 0x80)
				break;
		}
	}
	echo(ld, "\b \b", 3);
	if (is_ctl(c))
		echo(ld, "\b \b", 3);
}

static void commit_line(struct ldisc *ld)
{
	ld->committed += ld->line;
	ld->line = 0;
}

static int cooked_input(struct ldisc *ld, uint8_t c)
{
	switch (c) {
	case LD_ERASE:
	case LD_BS:
		erase_one(ld);
		return 0;
	case LD_KILL:
		while (ld->line > 0)
			erase_one(ld);
		return 0;
	case LD_INTR:
		ld->line = 0;
		echo(ld, "^C\r\n", 4);
		return LD_EV_INTR;
	case LD_SUSP:
		ld->line = 0;
		echo(ld, "^Z\r\n", 4);
		return LD_EV_SUSP;
	case LD_QUIT:
		ld->line = 0;
		echo(ld, "^\\\r\n", 4);
		return LD_EV_QUIT;
	case '\r':
	case '\n':
		if (ld_space(ld) < 1) {
			ld->dropped++;
			echo(ld, "\a", 1);
			return 0;
		}
		push(ld, '\n' | LD_EOL);
		echo(ld, "\r\n", 2);
		commit_line(ld);
		return LD_EV_DATA;
	case LD_EOF:
		if (ld_space(ld) < 1) {
			ld->dropped++;
			return 0;
		}
		push(ld, LD_EOT);
		commit_line(ld);
		return LD_EV_DATA;
	default:
		/* Keep the last entry for a line end. */
		if (ld_space(ld) < 2) {
			ld->dropped++;
			echo(ld, "\a", 1);
			return 0;
		}
		push(ld, c);
		echo_byte(ld, c);
		return 0;
	}
}

int ld_input(struct ldisc *ld, uint8_t c)
{
	if (ld->mode == TTY_COOKED)
		return cooked_input(ld, c);
	if (ld_space(ld) < 1) {
		ld->dropped++;
		return 0;
	}
	push(ld, c);
	commit_line(ld);
	return LD_EV_DATA;
}

bool ld_setmode(struct ldisc *ld, int mode, int *ev)
{
	*ev = 0;
	if (mode != TTY_COOKED && mode != TTY_RAW)
		return false;
	if (mode == TTY_RAW && ld->line > 0) {
		commit_line(ld);
		*ev = LD_EV_DATA;
	}
	ld->mode = mode;
	return true;
}

bool ld_readable(const struct ldisc *ld)
{
	return ld->committed > 0;
}

size_t ld_peek(const struct ldisc *ld, char *out, size_t max, size_t *entries)
{
	size_t n = 0, i = 0;
	bool cooked = ld->mode == TTY_COOKED;
	while (i < ld->committed) {
		uint16_t e = ld->q[slot(ld, i)];
		if (e & LD_EOT) {
			i++;                  /* the marker ends the read and goes with it */
			break;
		}
		if (n == max)
			break;
		out[n++] = (char)(e & 0xff);
		i++;
		if (cooked && (e & LD_EOL))
			break;
	}
	*entries = i;
	return n;
}

void ld_flush(struct ldisc *ld)
{
	ld->head = slot(ld, ld->committed + ld->line);
	ld->committed = 0;
	ld->line = 0;
}

void ld_consume(struct ldisc *ld, size_t entries)
{
	if (entries > ld->committed)
		entries = ld->committed;
	ld->head = slot(ld, entries);
	ld->committed -= entries;
}
