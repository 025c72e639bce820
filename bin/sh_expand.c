/*
 * sh: expansion. Words are expanded just before their command runs: a
 * leading ~, $ substitutions ($?, $$, $#, $0-$9, $@, $*, $NAME, ${NAME}),
 * quote removal and backslashes; and a command's leading NAME=value
 * words become assignments.
 */
#include "sh.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* ---- expansion ------------------------------------------------------- */

static int is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static void add_int(struct str *b, long v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%ld", v);
	sh_str_adds(b, buf);
}

static void add_var(struct str *b, const char *name, size_t n)
{
	char *key = xmalloc(n + 1);
	const char *v;

	memcpy(key, name, n);
	key[n] = '\0';
	v = getenv(key);
	if (v)
		sh_str_adds(b, v);
	free(key);
}

/* Expand the $ at p into b; return where the text goes on. */
static const char *expand_dollar(const char *p, struct str *b)
{
	const char *q = p + 1;

	if (*q == '?') {
		add_int(b, sh_last_status);
		return q + 1;
	}
	if (*q == '$') {
		add_int(b, (long)getpid());
		return q + 1;
	}
	if (*q == '#') {
		add_int(b, sh_nparams > 0 ? sh_nparams - 1 : 0);
		return q + 1;
	}
	if (*q >= '0' && *q <= '9') {
		int k = *q - '0';
		if (k < sh_nparams)
			sh_str_adds(b, sh_params[k]);
		return q + 1;
	}
	if (*q == '@' || *q == '*') {
		for (int k = 1; k < sh_nparams; k++) {
			if (k > 1)
				sh_str_addc(b, ' ');
			sh_str_adds(b, sh_params[k]);
		}
		return q + 1;
	}
	if (*q == '{') {
		const char *e = q + 1;
		while (is_name_char(*e))
			e++;
		if (*e == '}' && e > q + 1 && is_name_start(q[1])) {
			add_var(b, q + 1, (size_t)(e - q - 1));
			return e + 1;
		}
		if (*e == '}' && e == q + 2 && q[1] == '?') {
			add_int(b, sh_last_status);
			return e + 1;
		}
		sh_str_addc(b, '$');       /* not a substitution we know */
		return q;
	}
	if (is_name_start(*q)) {
		const char *e = q;
		while (is_name_char(*e))
			e++;
		add_var(b, q, (size_t)(e - q));
		return e;
	}
	sh_str_addc(b, '$');
	return q;
}

/*
 * Expand one raw word: a leading ~, $ substitutions outside single
 * quotes, quote removal, backslashes. *quoted tells whether any part was
 * quoted or escaped (an unquoted word that expands to nothing is dropped).
 */
static char *expand(const char *p, int *quoted)
{
	struct str b = { 0 };

	*quoted = 0;
	if (p[0] == '~' && (p[1] == '/' || p[1] == '\0')) {
		const char *home = getenv("HOME");
		sh_str_adds(&b, home ? home : "~");
		p++;
	}
	while (*p) {
		if (*p == '\\') {
			if (p[1] == '\n') {
				p += 2;
			} else if (p[1]) {
				sh_str_addc(&b, p[1]);
				*quoted = 1;
				p += 2;
			} else {
				sh_str_addc(&b, *p++);
			}
		} else if (*p == '\'') {
			*quoted = 1;
			for (p++; *p && *p != '\''; p++)
				sh_str_addc(&b, *p);
			if (*p)
				p++;
		} else if (*p == '"') {
			*quoted = 1;
			for (p++; *p && *p != '"';) {
				if (*p == '\\' && p[1] && strchr("$`\"\\\n", p[1])) {
					if (p[1] != '\n')
						sh_str_addc(&b, p[1]);
					p += 2;
				} else if (*p == '$') {
					p = expand_dollar(p, &b);
				} else {
					sh_str_addc(&b, *p++);
				}
			}
			if (*p)
				p++;
		} else if (*p == '$') {
			p = expand_dollar(p, &b);
		} else {
			sh_str_addc(&b, *p++);
		}
	}
	return sh_str_take(&b);
}

char *sh_expand_simple(const char *raw)
{
	int q;
	return expand(raw, &q);
}

int sh_valid_name(const char *s)
{
	if (!is_name_start(*s))
		return 0;
	while (is_name_char(*s))
		s++;
	return *s == '\0';
}

/* Length of the NAME in a raw "NAME=value" word, or 0. */
static size_t assignment_name(const char *w)
{
	size_t n = 0;

	if (!is_name_start(w[0]))
		return 0;
	while (is_name_char(w[n]))
		n++;
	return w[n] == '=' ? n : 0;
}

void sh_expand_cmd(const struct cmd *c, struct expanded *x)
{
	memset(x, 0, sizeof *x);
	for (size_t i = 0; i < c->nwords; i++) {
		const char *w = c->words[i];
		size_t n = x->argc == 0 ? assignment_name(w) : 0;
		if (n) {
			char *name = xmalloc(n + 1);
			memcpy(name, w, n);
			name[n] = '\0';
			size_t k = x->nassign;
			VEC_PUSH(x->names, x->nassign, x->ncap, name);
			VEC_PUSH(x->values, k, x->vcap, sh_expand_simple(w + n + 1));
			continue;
		}
		int quoted;
		char *a = expand(w, &quoted);
		if (a[0] == '\0' && !quoted) {
			free(a);
			continue;
		}
		VEC_PUSH(x->argv, x->argc, x->acap, a);
	}
	VEC_PUSH(x->argv, x->argc, x->acap, NULL);
	x->argc--;
}

void sh_expanded_free(struct expanded *x)
{
	for (size_t i = 0; i < x->argc; i++)
		free(x->argv[i]);
	for (size_t i = 0; i < x->nassign; i++) {
		free(x->names[i]);
		free(x->values[i]);
	}
	free(x->argv);
	free(x->names);
	free(x->values);
}

int sh_set_assignments(const struct expanded *x)
{
	for (size_t i = 0; i < x->nassign; i++) {
		if (setenv(x->names[i], x->values[i], 1) < 0) {
			sh_err(x->names[i], errno);
			return 1;
		}
	}
	return 0;
}
