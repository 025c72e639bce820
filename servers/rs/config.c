/*
 * The parser of /etc/system.conf (config.h). A hand-written tokenizer
 * (words, '{', '}', ';') and one function per key. Nothing here trusts
 * the text: every number is range-checked, every name length-checked,
 * and the first error stops the parse with a message naming the line.
 */
#include <quire/errno.h>
#include <quire/callnr.h>
#include "../../lib/libmini/mini_string.h"
#include "config.h"

#define WORD_MAX 64

struct parser {
	const char *p, *end;
	int line;
	char *err;
	size_t errlen;
	char word[WORD_MAX];       /* the current token */
};

/* The kernel calls a service may be given, by name (callnr.h). */
static const char *const call_names[NR_KERNEL_CALLS] = {
	[KC_GETINFO] = "getinfo", [KC_DIAGCTL] = "diagctl", [KC_EXIT] = "exit",
	[KC_KILL] = "kill", [KC_SETALARM] = "setalarm", [KC_TIMES] = "times",
	[KC_VIRCOPY] = "vircopy", [KC_SAFECOPYFROM] = "safecopyfrom",
	[KC_SAFECOPYTO] = "safecopyto", [KC_SETGRANT] = "setgrant", [KC_PRIVCTL] = "privctl",
	[KC_IRQCTL] = "irqctl", [KC_DEVIO] = "devio", [KC_ABORT] = "abort",
	[KC_VMCTL] = "vmctl", [KC_FORK] = "fork", [KC_PROCCTL] = "procctl", [KC_EXEC] = "exec",
	[KC_VSAFECOPY] = "vsafecopy", [KC_SIGSEND] = "sigsend", [KC_SIGRETURN] = "sigreturn",
	[KC_SETTIME] = "settime", [KC_YIELD] = "yield",
};

/* "basic": what every process may do (kernel/table.h's CALLS_BASIC). */
#define BIT(c) (1u << (c))
static const uint32_t calls_basic = BIT(KC_GETINFO) | BIT(KC_DIAGCTL) | BIT(KC_EXIT) |
	BIT(KC_TIMES) | BIT(KC_SETALARM) | BIT(KC_SAFECOPYFROM) | BIT(KC_SAFECOPYTO) |
	BIT(KC_VSAFECOPY) | BIT(KC_SETGRANT) | BIT(KC_SIGRETURN) | BIT(KC_YIELD);

const char *rsconf_call_name(int nr)
{
	return nr >= 0 && nr < NR_KERNEL_CALLS ? call_names[nr] : NULL;
}

static void copy_str(char *dst, size_t size, const char *src)
{
	size_t i = 0;
	for (; src[i] && i + 1 < size; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

/* err = "line N: " what " 'word'" (what and the word cut to fit). */
static int fail(struct parser *ps, const char *what)
{
	char buf[160];
	size_t n = 0;
	const char *pre = "line ";
	for (size_t i = 0; pre[i]; i++)
		buf[n++] = pre[i];
	char num[12];
	int k = 0, line = ps->line;
	do {
		num[k++] = (char)('0' + line % 10);
		line /= 10;
	} while (line && k < 11);
	while (k)
		buf[n++] = num[--k];
	buf[n++] = ':';
	buf[n++] = ' ';
	for (size_t i = 0; what[i] && n < 100; i++)
		buf[n++] = what[i];
	if (ps->word[0]) {
		buf[n++] = ' ';
		buf[n++] = '\'';
		for (size_t i = 0; ps->word[i] && n < 150; i++)
			buf[n++] = ps->word[i];
		buf[n++] = '\'';
	}
	buf[n] = '\0';
	if (ps->err && ps->errlen)
		copy_str(ps->err, ps->errlen, buf);
	return -EINVAL;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The next token into ps->word: 1, or 0 at the end of the text, or
 * -EINVAL (a word too long, a NUL byte). */
static int next(struct parser *ps)
{
	ps->word[0] = '\0';
	for (;;) {
		while (ps->p < ps->end && is_space(*ps->p)) {
			if (*ps->p == '\n')
				ps->line++;
			ps->p++;
		}
		if (ps->p < ps->end && *ps->p == '#') {
			while (ps->p < ps->end && *ps->p != '\n')
				ps->p++;
			continue;
		}
		break;
	}
	if (ps->p >= ps->end)
		return 0;
	char c = *ps->p;
	if (c == '{' || c == '}' || c == ';') {
		ps->word[0] = c;
		ps->word[1] = '\0';
		ps->p++;
		return 1;
	}
	size_t n = 0;
	while (ps->p < ps->end && !is_space(*ps->p) && *ps->p != '{' && *ps->p != '}' &&
	       *ps->p != ';' && *ps->p != '#') {
		if (*ps->p == '\0')
			return fail(ps, "NUL byte in the text");
		if (n + 1 >= WORD_MAX) {
			ps->word[n] = '\0';
			return fail(ps, "word too long:");
		}
		ps->word[n++] = *ps->p++;
	}
	ps->word[n] = '\0';
	return 1;
}

static bool is_punct(const char *w)
{
	return (w[0] == '{' || w[0] == '}' || w[0] == ';') && !w[1];
}

/* A number: decimal, or hex with 0x. Whole word, no overflow past max. */
static bool parse_num(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	int base = 10;
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		n -= 2;
	}
	if (n == 0)
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		int d;
		char c = s[i];
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		if (v > (max - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return true;
}

/* "a" or "a-b" with a <= b <= max. */
static bool parse_range(const char *w, uint64_t max, uint64_t *first, uint64_t *last)
{
	const char *dash = strchr(w, '-');
	size_t n = strlen(w);
	if (!dash)
		return parse_num(w, n, max, first) && (*last = *first, true);
	return parse_num(w, (size_t)(dash - w), max, first) &&
	       parse_num(dash + 1, n - (size_t)(dash - w) - 1, max, last) && *first <= *last;
}

static int key_calls(struct parser *ps, struct rs_conf *c)
{
	if (!strcmp(ps->word, "basic")) {
		c->calls |= calls_basic;
		return OK;
	}
	for (int i = 0; i < NR_KERNEL_CALLS; i++)
		if (call_names[i] && !strcmp(call_names[i], ps->word)) {
			c->calls |= 1u << i;
			return OK;
		}
	return fail(ps, "unknown kernel call");
}

static int key_ipc(struct parser *ps, struct rs_conf *c)
{
	if (!strcmp(ps->word, "users")) {
		c->ipc_users = true;
		return OK;
	}
	if (strlen(ps->word) >= RS_NAME_MAX)
		return fail(ps, "IPC target name too long:");
	if (c->nr_ipc >= RSC_IPC_MAX)
		return fail(ps, "too many IPC targets at");
	copy_str(c->ipc[c->nr_ipc++], RS_NAME_MAX, ps->word);
	return OK;
}

static int key_io(struct parser *ps, struct rs_conf *c)
{
	uint64_t a, b;
	if (!parse_range(ps->word, 0xFFFF, &a, &b))
		return fail(ps, "bad I/O port range (0x70 or 0x70-0x71, at most 0xffff):");
	if (c->nr_io >= PRIV_IO_RANGES)
		return fail(ps, "too many I/O port ranges at");
	c->io[c->nr_io].first = (uint16_t)a;
	c->io[c->nr_io].last = (uint16_t)b;
	c->nr_io++;
	return OK;
}

static int key_irq(struct parser *ps, struct rs_conf *c)
{
	uint64_t v;
	if (!parse_num(ps->word, strlen(ps->word), NR_IRQS - 1, &v) || v == 2)
		return fail(ps, "bad IRQ (0..15, not 2):");
	c->irqs |= 1u << v;
	return OK;
}

static int key_mem(struct parser *ps, struct rs_conf *c)
{
	uint64_t a, b;
	if (!parse_range(ps->word, UINT64_MAX, &a, &b))
		return fail(ps, "bad memory range (first-last):");
	if (c->nr_mem >= PRIV_MEM_RANGES)
		return fail(ps, "too many memory ranges at");
	c->mem[c->nr_mem].first = a;
	c->mem[c->nr_mem].last = b;
	c->nr_mem++;
	return OK;
}

static int key_pci(struct parser *ps, struct rs_conf *c)
{
	const char *colon = strchr(ps->word, ':');
	uint64_t v, d;
	if (c->pci_vendor)
		return fail(ps, "a second PCI device:");
	if (!colon || (ps->word[0] == '0' && (ps->word[1] == 'x' || ps->word[1] == 'X')))
		return fail(ps, "bad PCI device (vendor:device in hex, like 1af4:1001):");
	char hv[8] = "0x", hd[8] = "0x";
	size_t nv = (size_t)(colon - ps->word), nd = strlen(colon + 1);
	if (nv == 0 || nv > 4 || nd == 0 || nd > 4)
		return fail(ps, "bad PCI device (vendor:device in hex, like 1af4:1001):");
	memcpy(hv + 2, ps->word, nv);
	memcpy(hd + 2, colon + 1, nd);
	if (!parse_num(hv, nv + 2, 0xFFFF, &v) || !parse_num(hd, nd + 2, 0xFFFF, &d) ||
	    v == 0 || v == 0xFFFF)
		return fail(ps, "bad PCI device (vendor:device in hex, like 1af4:1001):");
	c->pci_vendor = (uint16_t)v;
	c->pci_device = (uint16_t)d;
	return OK;
}

typedef int (*key_fn)(struct parser *ps, struct rs_conf *c);

static const struct {
	const char *name;
	key_fn fn;
} keys[] = {
	{ "calls", key_calls }, { "ipc", key_ipc }, { "io", key_io },
	{ "irq", key_irq },     { "mem", key_mem }, { "pci", key_pci },
};

/* One "key value...;" inside a block; ps->word is the key. */
static int parse_key(struct parser *ps, struct rs_conf *c)
{
	key_fn fn = NULL;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(keys[i].name, ps->word))
			fn = keys[i].fn;
	if (!fn)
		return fail(ps, "unknown key");
	int values = 0;
	for (;;) {
		int r = next(ps);
		if (r < 0)
			return r;
		if (r == 0)
			return fail(ps, "the text ends inside a block");
		if (!strcmp(ps->word, ";"))
			return values ? OK : fail(ps, "a key with no value before");
		if (is_punct(ps->word))
			return fail(ps, "missing ';' before");
		r = fn(ps, c);
		if (r)
			return r;
		values++;
	}
}

/* "service NAME { key...; ... };" with ps->word == "service". */
static int parse_block(struct parser *ps, struct rs_conf *c)
{
	int r = next(ps);
	if (r <= 0 || is_punct(ps->word))
		return r < 0 ? r : fail(ps, "a service name must follow 'service', not");
	if (strlen(ps->word) >= RS_NAME_MAX)
		return fail(ps, "service name too long:");
	memset(c, 0, sizeof(*c));
	copy_str(c->name, sizeof(c->name), ps->word);
	r = next(ps);
	if (r <= 0 || strcmp(ps->word, "{"))
		return r < 0 ? r : fail(ps, "expected '{' after the service name, not");
	for (;;) {
		r = next(ps);
		if (r < 0)
			return r;
		if (r == 0)
			return fail(ps, "the text ends inside a block");
		if (!strcmp(ps->word, "}"))
			break;
		if (is_punct(ps->word))
			return fail(ps, "expected a key, not");
		r = parse_key(ps, c);
		if (r)
			return r;
	}
	r = next(ps);
	if (r <= 0 || strcmp(ps->word, ";"))
		return r < 0 ? r : fail(ps, "expected ';' after '}', not");
	return OK;
}

int rsconf_find(const char *text, size_t len, const char *name, struct rs_conf *out,
		char *err, size_t errlen)
{
	struct parser ps = { .p = text, .end = text + len, .line = 1, .err = err, .errlen = errlen };
	bool found = false;
	if (err && errlen)
		err[0] = '\0';
	for (;;) {
		int r = next(&ps);
		if (r < 0)
			return r;
		if (r == 0)
			break;
		if (strcmp(ps.word, "service"))
			return fail(&ps, "expected 'service', not");
		struct rs_conf c;
		int line = ps.line;
		r = parse_block(&ps, &c);
		if (r)
			return r;
		if (!strcmp(c.name, name)) {
			if (found) {
				ps.line = line;
				ps.word[0] = '\0';
				return fail(&ps, "a second block for this service");
			}
			*out = c;
			found = true;
		}
	}
	return found ? OK : -ENOENT;
}
