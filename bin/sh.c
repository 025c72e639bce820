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
 *
 * This file holds the shell's state, its messages, growable strings,
 * reading lines, the read-parse-run loop and main(); sh.h lists the
 * other files (lexer and parser, expansion, running, builtins).
 */
#include "sh.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

int sh_last_status;             /* $? */
static int interactive;
int sh_script_fd = -1;          /* closed in children */
char **sh_params;               /* $0, $1, ... */
int sh_nparams;                 /* count including $0 */

void sh_err(const char *what, int err)
{
	fprintf(stderr, "sh: %s: %s\n", what, strerror(err));
}

void sh_msg(const char *msg)
{
	fprintf(stderr, "sh: %s\n", msg);
}

/* ---- growable strings ------------------------------------------------ */

void sh_str_addn(struct str *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sh_str_addc(struct str *b, char c)
{
	sh_str_addn(b, &c, 1);
}

void sh_str_adds(struct str *b, const char *s)
{
	sh_str_addn(b, s, strlen(s));
}

/* The string, never NULL; b is left empty. */
char *sh_str_take(struct str *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

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
	sh_str_addn(line, "", 0);
	if (in->mode == IN_STRING) {
		const char *s = in->str + in->pos, *nl;
		if (*s == '\0')
			return 0;
		nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		sh_str_addn(line, s, n);
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
		sh_str_addn(line, in->buf + in->start, take);
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

/* ---- the read-parse-run loop ----------------------------------------- */

static int run_input(struct input *in)
{
	struct str text = { 0 }, line = { 0 };

	for (;;) {
		struct tokens t = { 0 };
		struct list l = { 0 };
		int rc;

		sh_jobs_reap();                 /* "[n]+ Done" before the prompt */
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
		sh_str_adds(&text, line.s);
		for (;;) {
			rc = sh_lex(text.s, &t);
			if (rc == LEX_OK)
				rc = sh_parse(&t, &l);
			if (rc != LEX_MORE)
				break;
			sh_tokens_free(&t);
			sh_list_free(&l);
			if (interactive) {
				fputs("> ", stderr);
				fflush(stderr);
			}
			if (!read_line(in, &line)) {
				sh_msg("syntax error: unexpected end of input");
				rc = LEX_ERROR;
				break;
			}
			sh_str_addc(&text, '\n');
			sh_str_adds(&text, line.s);
		}
		if (rc == LEX_OK) {
			sh_run_list(&l);
		} else {
			sh_last_status = 2;
			if (!interactive) {
				sh_tokens_free(&t);
				sh_list_free(&l);
				break;
			}
		}
		sh_tokens_free(&t);
		sh_list_free(&l);
	}
	free(text.s);
	free(line.s);
	return sh_last_status;
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
		sh_params = argc > 3 ? argv + 3 : dflt;
		sh_nparams = argc > 3 ? argc - 3 : 1;
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
		sh_script_fd = fd;
		sh_params = argv + 1;
		sh_nparams = argc - 1;
		input_fd(&in, fd);
		return run_input(&in);
	}
	/* "sh" or "sh -": commands from standard input; $0 is "sh", and
	 * "sh - arg ..." gives $1 ... */
	static char *dflt[] = { "sh" };
	sh_params = argc > 2 ? argv + 1 : dflt;
	sh_nparams = argc > 2 ? argc - 1 : 1;
	if (argc > 2)
		argv[1] = argv[0];
	input_fd(&in, 0);
	interactive = in.mode == IN_TTY;
	if (interactive) {
		sh_job_control = 1;
		signal(SIGINT, SIG_IGN);
		sh_jobs_init();
	}
	return run_input(&in);
}
