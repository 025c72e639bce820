/*
 * sh: the lexer, which splits a command line into tokens (words keep
 * their quotes; it only finds where they end), and the parser, which
 * turns the tokens into a list of pipelines (sh.h has the types).
 */
#include "sh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- lexer ----------------------------------------------------------- */

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

void sh_tokens_free(struct tokens *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].word);
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

int sh_lex(const char *s, struct tokens *t)
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
				tok_push(t, T_BG, NULL, -1);
				s++;
				break;
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

void sh_list_free(struct list *l)
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
	case T_BG:     return "&";
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
int sh_parse(struct tokens *t, struct list *l)
{
	size_t i = 0;
	enum tok conn = T_SEMI;

	for (;;) {
		struct pipeline p = { conn, NULL, 0, 0, 0 };

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
		case T_BG:
			l->v[l->n - 1].bg = 1;
			conn = T_SEMI;
			i++;
			break;
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
