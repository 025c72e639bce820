/*
 * sh: Quire's shell. docs/shell.md describes the language it accepts.
 *
 *   sh                   read commands from standard input ("$ " prompt
 *                        on stderr when it is a terminal)
 *   sh -c 'cmds' [name [arg ...]]
 *   sh script [arg ...]
 *
 * A command line is read, split into tokens (the lexer only finds where
 * words end; it keeps their quotes), parsed into a list of pipelines, and
 * run. Words are expanded ($?, $NAME, quotes, backslashes) just before
 * each command runs, so `X=1; echo $X` and `false; echo $?` work.
 *
 * It uses fork, execve, waitpid, pipe, dup2, close, open, chdir, getcwd,
 * getenv/setenv/unsetenv, read, write, lseek and isatty: nothing else,
 * and no signals.
 */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int last_status;         /* $? */
static int interactive;
static int script_fd = -1;      /* closed in children */
static char **params;           /* $0, $1, ... */
static int nparams;             /* count including $0 */

static void sh_err(const char *what, int err)
{
	fprintf(stderr, "sh: %s: %s\n", what, strerror(err));
}

static void sh_msg(const char *msg)
{
	fprintf(stderr, "sh: %s\n", msg);
}

/* ---- growable strings and vectors ------------------------------------ */

struct str {
	char *s;
	size_t len, cap;
};

static void str_addn(struct str *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void str_addc(struct str *b, char c)
{
	str_addn(b, &c, 1);
}

static void str_adds(struct str *b, const char *s)
{
	str_addn(b, s, strlen(s));
}

/* The string, never NULL; b is left empty. */
static char *str_take(struct str *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

#define VEC_PUSH(v, n, cap, x) do {                                     \
	if ((n) == (cap)) {                                             \
		(cap) = (cap) ? (cap) * 2 : 4;                          \
		(v) = xrealloc((v), (cap) * sizeof *(v));               \
	}                                                               \
	(v)[(n)++] = (x);                                               \
} while (0)

/* ---- input ----------------------------------------------------------- */

enum { IN_STRING, IN_TTY, IN_SEEK, IN_BYTE };

struct input {
	int mode;
	int fd;
	const char *str;        /* IN_STRING */
	size_t pos;
	char buf[512];
	size_t start, end;
	int eof;
};

static void input_fd(struct input *in, int fd)
{
	memset(in, 0, sizeof *in);
	in->fd = fd;
	if (isatty(fd))
		in->mode = IN_TTY;      /* a read returns at most a line */
	else if (lseek(fd, 0, SEEK_CUR) != (off_t)-1)
		in->mode = IN_SEEK;     /* read ahead, then seek back */
	else
		in->mode = IN_BYTE;     /* a pipe: leave the rest to children */
}

static void input_string(struct input *in, const char *s)
{
	memset(in, 0, sizeof *in);
	in->mode = IN_STRING;
	in->fd = -1;
	in->str = s;
}

/*
 * Read one line (without its newline) into `line`. Reads never go past
 * the newline as far as the file offset is concerned, so commands run by
 * the shell read their standard input from where the shell stopped.
 * Returns 1, or 0 at the end of the input.
 */
static int read_line(struct input *in, struct str *line)
{
	int got = 0;

	line->len = 0;
	str_addn(line, "", 0);
	if (in->mode == IN_STRING) {
		const char *s = in->str + in->pos, *nl;
		if (*s == '\0')
			return 0;
		nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		str_addn(line, s, n);
		in->pos += n + (nl != NULL);
		return 1;
	}
	for (;;) {
		char *nl;
		size_t take;

		if (in->start == in->end) {
			ssize_t n;
			if (in->eof)
				return got;
			n = read(in->fd, in->buf,
				 in->mode == IN_BYTE ? 1 : sizeof in->buf);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				sh_err("read", errno);
			if (n <= 0) {
				in->eof = 1;
				return got;
			}
			in->start = 0;
			in->end = (size_t)n;
		}
		nl = memchr(in->buf + in->start, '\n', in->end - in->start);
		take = nl ? (size_t)(nl - (in->buf + in->start))
			  : in->end - in->start;
		str_addn(line, in->buf + in->start, take);
		got = 1;
		in->start += take;
		if (nl) {
			in->start++;
			if (in->mode == IN_SEEK && in->start < in->end) {
				lseek(in->fd, -(off_t)(in->end - in->start),
				      SEEK_CUR);
				in->start = in->end;
			}
			return 1;
		}
	}
}

/* ---- lexer ----------------------------------------------------------- */

enum tok {
	T_WORD, T_PIPE, T_SEMI, T_NL, T_AND, T_OR,
	T_LT, T_GT, T_APPEND, T_DUPIN, T_DUPOUT, T_END
};

struct token {
	enum tok type;
	char *word;     /* T_WORD: raw text, quotes kept */
	int io_fd;      /* redirections: the fd before the operator, or -1 */
};

struct tokens {
	struct token *v;
	size_t n, cap;
};

enum { LEX_OK, LEX_MORE, LEX_ERROR };

static int is_op_char(char c)
{
	return c == '|' || c == ';' || c == '&' || c == '<' || c == '>';
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Where the word starting at s ends, or NULL if a quote is not closed or
 * the text ends in a backslash (more input is needed). */
static const char *word_end(const char *s)
{
	while (*s && !is_blank(*s) && *s != '\n' && !is_op_char(*s)) {
		if (*s == '\\') {
			if (s[1] == '\0')
				return NULL;
			s += 2;
		} else if (*s == '\'') {
			s = strchr(s + 1, '\'');
			if (!s)
				return NULL;
			s++;
		} else if (*s == '"') {
			for (s++; *s != '"'; s++) {
				if (*s == '\0')
					return NULL;
				if (*s == '\\') {
					if (s[1] == '\0')
						return NULL;
					s++;
				}
			}
			s++;
		} else {
			s++;
		}
	}
	return s;
}

static void tok_push(struct tokens *t, enum tok type, char *word, int io_fd)
{
	struct token k = { type, word, io_fd };
	VEC_PUSH(t->v, t->n, t->cap, k);
}

static void tokens_free(struct tokens *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].word);
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

static int lex(const char *s, struct tokens *t)
{
	for (;;) {
		int io_fd = -1;

		while (is_blank(*s) || (s[0] == '\\' && s[1] == '\n'))
			s += is_blank(*s) ? 1 : 2;
		if (*s == '\\' && s[1] == '\0')
			return LEX_MORE;
		if (*s == '\0') {
			tok_push(t, T_END, NULL, -1);
			return LEX_OK;
		}
		if (*s == '#') {
			while (*s && *s != '\n')
				s++;
			continue;
		}
		if (*s == '\n') {
			tok_push(t, T_NL, NULL, -1);
			s++;
			continue;
		}
		if (!is_op_char(*s)) {
			const char *e = word_end(s);
			if (!e)
				return LEX_MORE;
			/* "2>file": digits right before a redirection */
			if ((*e == '<' || *e == '>') &&
			    strspn(s, "0123456789") == (size_t)(e - s) &&
			    e - s <= 4) {
				io_fd = atoi(s);
				s = e;
			} else {
				char *w = xmalloc((size_t)(e - s) + 1);
				memcpy(w, s, (size_t)(e - s));
				w[e - s] = '\0';
				tok_push(t, T_WORD, w, -1);
				s = e;
				continue;
			}
		}
		switch (*s) {
		case '|':
			if (s[1] == '|') {
				tok_push(t, T_OR, NULL, -1);
				s += 2;
			} else {
				tok_push(t, T_PIPE, NULL, -1);
				s++;
			}
			break;
		case '&':
			if (s[1] != '&') {
				sh_msg("syntax error: '&' (background jobs) "
				       "is not supported");
				return LEX_ERROR;
			}
			tok_push(t, T_AND, NULL, -1);
			s += 2;
			break;
		case ';':
			tok_push(t, T_SEMI, NULL, -1);
			s++;
			break;
		case '<':
			if (s[1] == '&') {
				tok_push(t, T_DUPIN, NULL, io_fd);
				s += 2;
			} else {
				tok_push(t, T_LT, NULL, io_fd);
				s++;
			}
			break;
		case '>':
			if (s[1] == '>') {
				tok_push(t, T_APPEND, NULL, io_fd);
				s += 2;
			} else if (s[1] == '&') {
				tok_push(t, T_DUPOUT, NULL, io_fd);
				s += 2;
			} else {
				tok_push(t, T_GT, NULL, io_fd);
				s++;
			}
			break;
		}
	}
}

/* ---- parser ---------------------------------------------------------- */

struct redir {
	enum tok type;  /* T_LT, T_GT, T_APPEND, T_DUPIN, T_DUPOUT */
	int fd;         /* -1: the default (0 or 1) */
	char *target;   /* raw word */
};

struct cmd {
	char **words;   /* raw words */
	size_t nwords, wcap;
	struct redir *redirs;
	size_t nredirs, rcap;
};

struct pipeline {
	enum tok conn;  /* how it follows the previous one: T_SEMI, T_AND, T_OR */
	struct cmd *cmds;
	size_t ncmds, ccap;
};

struct list {
	struct pipeline *v;
	size_t n, cap;
};

static void list_free(struct list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct pipeline *p = &l->v[i];
		for (size_t j = 0; j < p->ncmds; j++) {
			/* the strings belong to the tokens */
			free(p->cmds[j].words);
			free(p->cmds[j].redirs);
		}
		free(p->cmds);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static const char *tok_text(const struct token *k)
{
	switch (k->type) {
	case T_WORD:   return k->word;
	case T_PIPE:   return "|";
	case T_SEMI:   return ";";
	case T_NL:     return "newline";
	case T_AND:    return "&&";
	case T_OR:     return "||";
	case T_LT:     return "<";
	case T_GT:     return ">";
	case T_APPEND: return ">>";
	case T_DUPIN:  return "<&";
	case T_DUPOUT: return ">&";
	case T_END:    return "newline";    /* the text always ends a line */
	}
	return "?";
}

static int syntax_error(const struct token *k)
{
	fprintf(stderr, "sh: syntax error near '%s'\n", tok_text(k));
	return LEX_ERROR;
}

static int is_redir(enum tok t)
{
	return t == T_LT || t == T_GT || t == T_APPEND || t == T_DUPIN ||
	       t == T_DUPOUT;
}

/* Parse tokens into l. LEX_OK, LEX_MORE (ends after | && ||) or LEX_ERROR. */
static int parse(struct tokens *t, struct list *l)
{
	size_t i = 0;
	enum tok conn = T_SEMI;

	for (;;) {
		struct pipeline p = { conn, NULL, 0, 0 };

		while (t->v[i].type == T_NL)
			i++;
		if (t->v[i].type == T_END) {
			if (conn != T_SEMI)
				return LEX_MORE;
			return LEX_OK;
		}
		for (;;) {
			struct cmd c = { 0 };
			while (t->v[i].type == T_WORD ||
			       is_redir(t->v[i].type)) {
				if (t->v[i].type == T_WORD) {
					VEC_PUSH(c.words, c.nwords, c.wcap,
						 t->v[i].word);
					i++;
					continue;
				}
				struct redir r = { t->v[i].type,
						   t->v[i].io_fd, NULL };
				if (t->v[i + 1].type != T_WORD) {
					free(c.words);
					free(c.redirs);
					VEC_PUSH(l->v, l->n, l->cap, p);
					return syntax_error(&t->v[i + 1]);
				}
				r.target = t->v[i + 1].word;
				VEC_PUSH(c.redirs, c.nredirs, c.rcap, r);
				i += 2;
			}
			if (c.nwords == 0 && c.nredirs == 0) {
				VEC_PUSH(l->v, l->n, l->cap, p);
				return syntax_error(&t->v[i]);
			}
			VEC_PUSH(p.cmds, p.ncmds, p.ccap, c);
			if (t->v[i].type != T_PIPE)
				break;
			i++;
			while (t->v[i].type == T_NL)
				i++;
			if (t->v[i].type == T_END) {
				VEC_PUSH(l->v, l->n, l->cap, p);
				return LEX_MORE;
			}
		}
		VEC_PUSH(l->v, l->n, l->cap, p);
		switch (t->v[i].type) {
		case T_END:
			return LEX_OK;
		case T_SEMI:
		case T_NL:
			conn = T_SEMI;
			i++;
			break;
		case T_AND:
		case T_OR:
			conn = t->v[i].type;
			i++;
			break;
		default:
			return syntax_error(&t->v[i]);
		}
	}
}

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
	str_adds(b, buf);
}

static void add_var(struct str *b, const char *name, size_t n)
{
	char *key = xmalloc(n + 1);
	const char *v;

	memcpy(key, name, n);
	key[n] = '\0';
	v = getenv(key);
	if (v)
		str_adds(b, v);
	free(key);
}

/* Expand the $ at p into b; return where the text goes on. */
static const char *expand_dollar(const char *p, struct str *b)
{
	const char *q = p + 1;

	if (*q == '?') {
		add_int(b, last_status);
		return q + 1;
	}
	if (*q == '$') {
		add_int(b, (long)getpid());
		return q + 1;
	}
	if (*q == '#') {
		add_int(b, nparams > 0 ? nparams - 1 : 0);
		return q + 1;
	}
	if (*q >= '0' && *q <= '9') {
		int k = *q - '0';
		if (k < nparams)
			str_adds(b, params[k]);
		return q + 1;
	}
	if (*q == '@' || *q == '*') {
		for (int k = 1; k < nparams; k++) {
			if (k > 1)
				str_addc(b, ' ');
			str_adds(b, params[k]);
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
			add_int(b, last_status);
			return e + 1;
		}
		str_addc(b, '$');       /* not a substitution we know */
		return q;
	}
	if (is_name_start(*q)) {
		const char *e = q;
		while (is_name_char(*e))
			e++;
		add_var(b, q, (size_t)(e - q));
		return e;
	}
	str_addc(b, '$');
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
		str_adds(&b, home ? home : "~");
		p++;
	}
	while (*p) {
		if (*p == '\\') {
			if (p[1] == '\n') {
				p += 2;
			} else if (p[1]) {
				str_addc(&b, p[1]);
				*quoted = 1;
				p += 2;
			} else {
				str_addc(&b, *p++);
			}
		} else if (*p == '\'') {
			*quoted = 1;
			for (p++; *p && *p != '\''; p++)
				str_addc(&b, *p);
			if (*p)
				p++;
		} else if (*p == '"') {
			*quoted = 1;
			for (p++; *p && *p != '"';) {
				if (*p == '\\' && p[1] && strchr("$`\"\\\n", p[1])) {
					if (p[1] != '\n')
						str_addc(&b, p[1]);
					p += 2;
				} else if (*p == '$') {
					p = expand_dollar(p, &b);
				} else {
					str_addc(&b, *p++);
				}
			}
			if (*p)
				p++;
		} else if (*p == '$') {
			p = expand_dollar(p, &b);
		} else {
			str_addc(&b, *p++);
		}
	}
	return str_take(&b);
}

static char *expand_simple(const char *raw)
{
	int q;
	return expand(raw, &q);
}

static int valid_name(const char *s)
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

struct expanded {
	char **argv;            /* NULL-terminated */
	size_t argc, acap;
	char **names, **values; /* leading assignments */
	size_t nassign, ncap, vcap;
};

static void expand_cmd(const struct cmd *c, struct expanded *x)
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
			VEC_PUSH(x->values, k, x->vcap, expand_simple(w + n + 1));
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

static void expanded_free(struct expanded *x)
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

static int set_assignments(const struct expanded *x)
{
	for (size_t i = 0; i < x->nassign; i++) {
		if (setenv(x->names[i], x->values[i], 1) < 0) {
			sh_err(x->names[i], errno);
			return 1;
		}
	}
	return 0;
}

/* ---- redirections ---------------------------------------------------- */

#define SAVE_BASE 40    /* saved descriptors live at SAVE_BASE + fd */
#define SAVE_MAX  10    /* fds 0..9 can be redirected around a builtin */

struct saved {
	int used[SAVE_MAX];
	int was_open[SAVE_MAX];
};

/* Perform c's redirections. With `save`, first keep each fd it changes so
 * restore_fds() can put it back (for builtins run in the shell itself). */
static int do_redirs(const struct cmd *c, struct saved *save)
{
	for (size_t i = 0; i < c->nredirs; i++) {
		const struct redir *r = &c->redirs[i];
		int fd = r->fd >= 0 ? r->fd
			 : (r->type == T_LT || r->type == T_DUPIN) ? 0 : 1;
		char *t = expand_simple(r->target);
		int nfd;

		if (save) {
			if (fd >= SAVE_MAX) {
				sh_err(t, EBADF);
				free(t);
				return -1;
			}
			if (!save->used[fd]) {
				save->used[fd] = 1;
				save->was_open[fd] =
					dup2(fd, SAVE_BASE + fd) >= 0;
			}
		}
		if (r->type == T_DUPIN || r->type == T_DUPOUT) {
			if (strcmp(t, "-") == 0) {
				close(fd);
			} else if (t[0] && strspn(t, "0123456789") == strlen(t)) {
				int from = atoi(t);
				if (from != fd && dup2(from, fd) < 0) {
					sh_err(t, errno);
					free(t);
					return -1;
				}
			} else {
				sh_err(t, EBADF);
				free(t);
				return -1;
			}
			free(t);
			continue;
		}
		if (r->type == T_LT)
			nfd = open(t, O_RDONLY);
		else if (r->type == T_GT)
			nfd = open(t, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		else
			nfd = open(t, O_WRONLY | O_CREAT | O_APPEND, 0666);
		if (nfd < 0) {
			sh_err(t, errno);
			free(t);
			return -1;
		}
		if (nfd != fd) {
			if (dup2(nfd, fd) < 0) {
				sh_err(t, errno);
				close(nfd);
				free(t);
				return -1;
			}
			close(nfd);
		}
		free(t);
	}
	return 0;
}

static void restore_fds(struct saved *save)
{
	for (int fd = 0; fd < SAVE_MAX; fd++) {
		if (!save->used[fd])
			continue;
		if (save->was_open[fd]) {
			dup2(SAVE_BASE + fd, fd);
			close(SAVE_BASE + fd);
		} else {
			close(fd);
		}
	}
}

/* ---- builtins -------------------------------------------------------- */

static int b_cd(char **argv)
{
	const char *dir = argv[1];
	char cwd[1024];
	int print = 0;

	if (!dir) {
		dir = getenv("HOME");
		if (!dir || !*dir)
			dir = "/";
	} else if (strcmp(dir, "-") == 0) {
		dir = getenv("OLDPWD");
		if (!dir) {
			sh_msg("cd: OLDPWD not set");
			return 1;
		}
		print = 1;
	}
	if (argv[1] && argv[2]) {
		sh_msg("cd: too many arguments");
		return 1;
	}
	char *old = getcwd(cwd, sizeof cwd) ? xstrdup(cwd) : NULL;
	if (chdir(dir) < 0) {
		struct str w = { 0 };
		str_adds(&w, "cd: ");
		str_adds(&w, dir);
		sh_err(w.s, errno);
		free(w.s);
		free(old);
		return 1;
	}
	if (old)
		setenv("OLDPWD", old, 1);
	free(old);
	if (getcwd(cwd, sizeof cwd)) {
		setenv("PWD", cwd, 1);
		if (print) {
			fprintf(stdout, "%s\n", cwd);
			fflush(stdout);
		}
	}
	return 0;
}

static int parse_status(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno)
		return -1;
	*out = (int)(v & 0xff);
	return 0;
}

static int b_exit(char **argv)
{
	int st = last_status;

	if (argv[1] && parse_status(argv[1], &st) < 0) {
		fprintf(stderr, "sh: exit: %s: numeric argument required\n",
			argv[1]);
		st = 2;
	}
	fflush(stdout);
	exit(st);
}

static int b_export(char **argv)
{
	int st = 0;

	if (!argv[1]) {
		for (char **e = environ; e && *e; e++)
			printf("export %s\n", *e);
		fflush(stdout);
		return 0;
	}
	/* Every variable is in the environment already: only NAME=value
	 * needs doing. */
	for (int i = 1; argv[i]; i++) {
		char *eq = strchr(argv[i], '=');
		size_t n = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
		char *name = xmalloc(n + 1);
		memcpy(name, argv[i], n);
		name[n] = '\0';
		if (!valid_name(name)) {
			fprintf(stderr, "sh: export: %s: not a valid name\n",
				argv[i]);
			st = 1;
		} else if (eq && setenv(name, eq + 1, 1) < 0) {
			sh_err(name, errno);
			st = 1;
		}
		free(name);
	}
	return st;
}

static int b_unset(char **argv)
{
	for (int i = 1; argv[i]; i++)
		unsetenv(argv[i]);
	return 0;
}

static int b_colon(char **argv)
{
	(void)argv;
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(char **argv);
} builtins[] = {
	{ "cd", b_cd }, { "exit", b_exit }, { "export", b_export },
	{ "unset", b_unset }, { ":", b_colon },
};

static int (*find_builtin(const char *name))(char **)
{
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return builtins[i].fn;
	return NULL;
}

/* ---- running commands ------------------------------------------------ */

/* execve, and for a file the kernel will not run (ENOEXEC: a script
 * without "#!"), run it with /bin/sh as POSIX shells do. */
static void try_exec(const char *file, char **argv)
{
	execve(file, argv, environ);
	if (errno == ENOEXEC) {
		size_t n = 0;
		while (argv[n])
			n++;
		char **av = xmalloc((n + 2) * sizeof *av);
		av[0] = "sh";
		av[1] = (char *)file;
		memcpy(av + 2, argv + 1, n * sizeof *av);   /* with the NULL */
		execve("/bin/sh", av, environ);
		free(av);
		errno = ENOEXEC;
	}
}

/* In a child: run argv[0] by path or through $PATH. Never returns. */
static void exec_cmd(char **argv)
{
	const char *path, *p;
	int err = ENOENT;

	if (strchr(argv[0], '/')) {
		try_exec(argv[0], argv);
		err = errno;
		sh_err(argv[0], err);
		_exit(err == ENOENT ? 127 : 126);
	}
	path = getenv("PATH");
	if (!path || !*path)
		path = "/bin";
	for (p = path;; p++) {
		const char *e = strchr(p, ':');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		struct str full = { 0 };

		str_addn(&full, n ? p : ".", n ? n : 1);
		str_addc(&full, '/');
		str_adds(&full, argv[0]);
		try_exec(full.s, argv);
		if (errno != ENOENT && errno != ENOTDIR)
			err = errno;    /* e.g. EACCES: report it if nothing runs */
		free(full.s);
		if (!e)
			break;
		p = e;
	}
	sh_err(argv[0], err);
	_exit(err == ENOENT ? 127 : 126);
}

/* In a child: expand and run one command of a pipeline. Never returns. */
static void run_in_child(const struct cmd *c)
{
	struct expanded x;
	int (*fn)(char **);

	if (script_fd > 2)
		close(script_fd);
	expand_cmd(c, &x);
	if (do_redirs(c, NULL) < 0)
		_exit(1);
	if (set_assignments(&x))
		_exit(1);
	if (x.argc == 0)
		_exit(0);
	fn = find_builtin(x.argv[0]);
	if (fn) {
		int st = fn(x.argv);
		fflush(stdout);
		_exit(st);
	}
	exec_cmd(x.argv);
}

static int wait_status(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			sh_err("waitpid", errno);
			return 1;
		}
	}
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 1;
}

/* A single command whose name is a builtin (or that has no name) runs in
 * the shell; anything else in a child. */
static int run_simple(const struct cmd *c)
{
	struct expanded x;
	int (*fn)(char **) = NULL;
	int st;

	expand_cmd(c, &x);
	if (x.argc > 0)
		fn = find_builtin(x.argv[0]);
	if (x.argc == 0 || fn) {
		struct saved save = { { 0 }, { 0 } };
		if (do_redirs(c, &save) < 0) {
			st = 1;
		} else if (x.argc == 0) {
			st = set_assignments(&x);
		} else {
			/* Assignments before a builtin stay set. */
			st = set_assignments(&x);
			if (st == 0)
				st = fn(x.argv);
		}
		restore_fds(&save);
		expanded_free(&x);
		return st;
	}
	expanded_free(&x);

	pid_t pid = fork();
	if (pid < 0) {
		sh_err("fork", errno);
		return 1;
	}
	if (pid == 0)
		run_in_child(c);
	return wait_status(pid);
}

static int run_pipeline(const struct pipeline *p)
{
	pid_t *pids;
	int prev = -1, st = 0;
	size_t started = 0;

	if (p->ncmds == 1)
		return run_simple(&p->cmds[0]);

	pids = xmalloc(p->ncmds * sizeof *pids);
	for (size_t i = 0; i < p->ncmds; i++) {
		int fds[2] = { -1, -1 };
		int last = i + 1 == p->ncmds;

		if (!last && pipe(fds) < 0) {
			sh_err("pipe", errno);
			st = 1;
			break;
		}
		pid_t pid = fork();
		if (pid < 0) {
			sh_err("fork", errno);
			if (!last) {
				close(fds[0]);
				close(fds[1]);
			}
			st = 1;
			break;
		}
		if (pid == 0) {
			if (prev >= 0) {
				dup2(prev, 0);
				close(prev);
			}
			if (!last) {
				close(fds[0]);
				if (fds[1] != 1) {
					dup2(fds[1], 1);
					close(fds[1]);
				}
			}
			run_in_child(&p->cmds[i]);
		}
		pids[started++] = pid;
		if (prev >= 0)
			close(prev);
		if (!last) {
			close(fds[1]);
			prev = fds[0];
		}
	}
	if (prev >= 0 && started < p->ncmds)
		close(prev);
	for (size_t i = 0; i < started; i++) {
		int s = wait_status(pids[i]);
		if (i + 1 == p->ncmds)
			st = s;
	}
	free(pids);
	return st;
}

static void run_list(const struct list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct pipeline *p = &l->v[i];
		if (p->conn == T_AND && last_status != 0)
			continue;
		if (p->conn == T_OR && last_status == 0)
			continue;
		last_status = run_pipeline(p);
	}
}

/* ---- the read-parse-run loop ----------------------------------------- */

static int run_input(struct input *in)
{
	struct str text = { 0 }, line = { 0 };

	for (;;) {
		struct tokens t = { 0 };
		struct list l = { 0 };
		int rc;

		if (interactive) {
			fputs("$ ", stderr);
			fflush(stderr);
		}
		if (!read_line(in, &line)) {
			if (interactive)
				fputs("\n", stderr);   /* end the prompt's line */
			break;
		}
		text.len = 0;
		str_adds(&text, line.s);
		for (;;) {
			rc = lex(text.s, &t);
			if (rc == LEX_OK)
				rc = parse(&t, &l);
			if (rc != LEX_MORE)
				break;
			tokens_free(&t);
			list_free(&l);
			if (interactive) {
				fputs("> ", stderr);
				fflush(stderr);
			}
			if (!read_line(in, &line)) {
				sh_msg("syntax error: unexpected end of input");
				rc = LEX_ERROR;
				break;
			}
			str_addc(&text, '\n');
			str_adds(&text, line.s);
		}
		if (rc == LEX_OK) {
			run_list(&l);
		} else {
			last_status = 2;
			if (!interactive) {
				tokens_free(&t);
				list_free(&l);
				break;
			}
		}
		tokens_free(&t);
		list_free(&l);
	}
	free(text.s);
	free(line.s);
	return last_status;
}

int main(int argc, char **argv)
{
	struct input in;

	progname = "sh";
	if (argc >= 2 && strcmp(argv[1], "-c") == 0) {
		if (argc < 3) {
			sh_msg("-c: option requires an argument");
			return 2;
		}
		static char *dflt[] = { "sh" };
		params = argc > 3 ? argv + 3 : dflt;
		nparams = argc > 3 ? argc - 3 : 1;
		input_string(&in, argv[2]);
		return run_input(&in);
	}
	if (argc >= 2 && argv[1][0] == '-' && strcmp(argv[1], "-") != 0) {
		fprintf(stderr, "sh: %s: unknown option\n"
			"usage: sh [-c command [name [arg ...]] | script [arg ...]]\n",
			argv[1]);
		return 2;
	}
	if (argc >= 2 && strcmp(argv[1], "-") != 0) {
		int fd = open(argv[1], O_RDONLY);
		if (fd < 0) {
			int err = errno;
			sh_err(argv[1], err);
			return err == ENOENT ? 127 : 126;
		}
		script_fd = fd;
		params = argv + 1;
		nparams = argc - 1;
		input_fd(&in, fd);
		return run_input(&in);
	}
	/* "sh" or "sh -": commands from standard input; $0 is "sh", and
	 * "sh - arg ..." gives $1 ... */
	static char *dflt[] = { "sh" };
	params = argc > 2 ? argv + 1 : dflt;
	nparams = argc > 2 ? argc - 1 : 1;
	if (argc > 2)
		argv[1] = argv[0];
	input_fd(&in, 0);
	interactive = in.mode == IN_TTY;
	return run_input(&in);
}
