/*
 * sh: what the shell's files share. bin/sh.c describes the shell; the
 * files, in the order a command line goes through them:
 *
 *   sh.c          state, messages, growable strings, reading lines, the
 *                 read-parse-run loop and main()
 *   sh_parse.c    lexer (tokens) and parser (a list of pipelines)
 *   sh_expand.c   expanding words and NAME=value assignments
 *   sh_exec.c     redirections, running pipelines and lists
 *   sh_builtin.c  cd, exit, export, unset, :
 */
#ifndef BIN_SH_H
#define BIN_SH_H

#include "common.h"

#include <stddef.h>

extern char **environ;

/* ---- shell state (sh.c) ---------------------------------------------- */

extern int sh_last_status;      /* $? */
extern int sh_script_fd;        /* closed in children */
extern char **sh_params;        /* $0, $1, ... */
extern int sh_nparams;          /* count including $0 */

/* "sh: what: strerror(err)" on stderr. */
void sh_err(const char *what, int err);
/* "sh: msg" on stderr. */
void sh_msg(const char *msg);

/* ---- growable strings and vectors (sh.c) ----------------------------- */

struct str {
	char *s;
	size_t len, cap;
};

void sh_str_addn(struct str *b, const char *s, size_t n);
void sh_str_addc(struct str *b, char c);
void sh_str_adds(struct str *b, const char *s);
/* The string, never NULL; b is left empty. */
char *sh_str_take(struct str *b);

#define VEC_PUSH(v, n, cap, x) do {                                     \
	if ((n) == (cap)) {                                             \
		(cap) = (cap) ? (cap) * 2 : 4;                          \
		(v) = xrealloc((v), (cap) * sizeof *(v));               \
	}                                                               \
	(v)[(n)++] = (x);                                               \
} while (0)

/* ---- tokens and the parsed list (sh_parse.c) ------------------------- */

enum tok {
	T_WORD, T_PIPE, T_SEMI, T_NL, T_AND, T_OR, T_BG,
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
	int bg;         /* ended by '&': runs without the shell waiting */
};

struct list {
	struct pipeline *v;
	size_t n, cap;
};

/* Split s into t, ending with T_END. LEX_OK, LEX_MORE (a quote is open or
 * the text ends in a backslash) or LEX_ERROR (reported). */
int sh_lex(const char *s, struct tokens *t);
void sh_tokens_free(struct tokens *t);
/* Parse tokens into l. LEX_OK, LEX_MORE (ends after | && ||) or LEX_ERROR.
 * The words in l point into t: free l before t. */
int sh_parse(struct tokens *t, struct list *l);
void sh_list_free(struct list *l);

/* ---- expansion (sh_expand.c) ----------------------------------------- */

struct expanded {
	char **argv;            /* NULL-terminated */
	size_t argc, acap;
	char **names, **values; /* leading assignments */
	size_t nassign, ncap, vcap;
};

/* One raw word expanded (~, $, quotes, backslashes), malloc'ed. */
char *sh_expand_simple(const char *raw);
/* Whether s is a NAME (a letter or _, then letters, digits, _). */
int sh_valid_name(const char *s);
/* c's words expanded into x: leading assignments, then the arguments
 * (unquoted words that expand to nothing are dropped). */
void sh_expand_cmd(const struct cmd *c, struct expanded *x);
void sh_expanded_free(struct expanded *x);
/* setenv() each of x's assignments: 0, or 1 after reporting an error. */
int sh_set_assignments(const struct expanded *x);

/* ---- running (sh_exec.c) and builtins (sh_builtin.c) ------------------ */

/* Run each pipeline of l as its connector says, setting $?. */
void sh_run_list(const struct list *l);

/* The builtin called name, or NULL. */
int (*sh_find_builtin(const char *name))(char **);

/* Interactive: the shell ignores ^C and tells the terminal which job runs
 * in the foreground (sh_exec.c). */
extern int sh_job_control;
extern pid_t sh_child_pgid;     /* sh_exec.c: the group a new child joins (0: its own) */
/* sh_jobs.c: job control of an interactive shell */
void sh_jobs_init(void);
void sh_jobs_child(pid_t pgid);
void sh_jobs_parent(pid_t pid, pid_t pgid);
int sh_jobs_wait(const pid_t *pids, size_t n, const char *name);
/* A pipeline started with '&': kept as a running job ("[n] pid"). */
void sh_jobs_background(const pid_t *pids, size_t n, const char *name);
/* Collect background jobs that have ended ("[n] Done"), before a prompt. */
void sh_jobs_reap(void);
int sh_b_jobs(char **argv);
int sh_b_fg(char **argv);
int sh_b_wait(char **argv);
int sh_b_bg(char **argv);

#endif
