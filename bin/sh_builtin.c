/*
 * sh: the builtins, which run in the shell itself (or in a child when
 * they are part of a pipeline): cd, exit, export, unset and :.
 */
#include "sh.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
		sh_str_adds(&w, "cd: ");
		sh_str_adds(&w, dir);
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
	int st = sh_last_status;

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
		if (!sh_valid_name(name)) {
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
	{ "jobs", sh_b_jobs }, { "fg", sh_b_fg }, { "bg", sh_b_bg }, { "wait", sh_b_wait },
};

int (*sh_find_builtin(const char *name))(char **)
{
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return builtins[i].fn;
	return NULL;
}
