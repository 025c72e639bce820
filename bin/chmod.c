/*
 * chmod [-R] mode file ...: change permission bits. mode is octal
 * (0755) or symbolic, a comma-separated list of [ugoa]*[+-=][rwxXst]*
 * clauses (u+x, go-w, a=r, +X) as POSIX describes: without who, the
 * umask limits what is set. X: x only for a directory or a file that
 * already has an x bit. -R: directories' contents too (links are not
 * followed into).
 */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define USAGE "[-R] mode file ..."

static const char *mode_arg;
static mode_t cmask;

/* The new mode of a file whose mode is old; -1 for a bad mode string. */
static long apply(const char *s, mode_t old, int is_dir)
{
	if (*s >= '0' && *s <= '7') {
		char *end;
		long v = strtol(s, &end, 8);
		return *end || v > 07777 ? -1 : v;
	}
	mode_t mode = old & 07777;
	do {
		mode_t who = 0;
		for (; strchr("ugoa", *s) && *s; s++)
			who |= *s == 'u' ? 04700 : *s == 'g' ? 02070 : *s == 'o' ? 01007 : 07777;
		if (!strchr("+-=", *s) || !*s)
			return -1;
		while (*s && strchr("+-=", *s)) {
			char op = *s++;
			mode_t bits = 0;
			for (; *s && strchr("rwxXst", *s); s++) {
				switch (*s) {
				case 'r': bits |= 0444; break;
				case 'w': bits |= 0222; break;
				case 'x': bits |= 0111; break;
				case 'X': if (is_dir || (old & 0111)) bits |= 0111; break;
				case 's': bits |= 06000; break;
				case 't': bits |= 01000; break;
				}
			}
			mode_t mask = who ? who : (07777 & ~cmask);
			if (op == '=') {
				mode &= ~(who ? who : 07777);
				op = '+';
			}
			if (op == '+')
				mode |= bits & mask;
			else
				mode &= ~(bits & mask);
		}
	} while (*s == ',' && *++s);
	return *s ? -1 : (long)mode;
}

static int change(const char *path, int recurse)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		warn_path(path);
		return 1;
	}
	long mode = apply(mode_arg, st.st_mode, S_ISDIR(st.st_mode));
	if (mode < 0) {
		fprintf(stderr, "chmod: invalid mode: %s\n", mode_arg);
		exit(1);
	}
	int status = 0;
	if (chmod(path, (mode_t)mode) < 0) {
		warn_path(path);
		status = 1;
	}
	struct stat lst;
	if (recurse && S_ISDIR(st.st_mode) && lstat(path, &lst) == 0 && S_ISDIR(lst.st_mode)) {
		char **names;
		int n = read_dir_sorted(path, 0, &names);
		if (n < 0) {
			warn_path(path);
			return 1;
		}
		for (int i = 0; i < n; i++) {
			char *sub = path_join(path, names[i]);
			if (lstat(sub, &lst) == 0 && !S_ISLNK(lst.st_mode))
				status |= change(sub, 1);
			free(sub);
		}
		free_names(names, n);
	}
	return status;
}

int main(int argc, char **argv)
{
	char opt[128];
	progname = "chmod";
	int i = parse_opts(argc, argv, "R", opt, USAGE);
	if (argc - i < 2)
		usage_exit(USAGE);
	mode_arg = argv[i++];
	cmask = umask(0);
	umask(cmask);
	if (apply(mode_arg, 0, 0) < 0) {
		fprintf(stderr, "chmod: invalid mode: %s\n", mode_arg);
		return 1;
	}
	int status = 0;
	for (; i < argc; i++)
		status |= change(argv[i], opt['R']);
	return status;
}
