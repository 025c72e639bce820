/*
 * ls [-1adl] [path ...]: list files, one name per line, sorted by name
 * (byte order). A directory operand is listed by its entries (without
 * -d), any other operand by the name given. Files named as operands come
 * first, then each directory, under a "dir:" header when there is more
 * than one operand.
 *   -a  include entries whose names start with '.' (also "." and "..")
 *   -d  list directories themselves, not their entries
 *   -l  long format: mode string, link count, size in bytes, name, and
 *       for a symbolic link " -> target"; columns are right-aligned
 *       within each listing. (No owner, group or time: Quire has neither
 *       users nor a clock-set file system time worth showing yet.)
 *   -1  one per line (always so; accepted for compatibility)
 */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define USAGE "[-1adl] [path ...]"

static int opt_all, opt_dir, opt_long;

struct entry {
	char *name;     /* as shown */
	char *path;     /* for stat/readlink */
	struct stat st;
};

static void mode_string(mode_t m, char s[11])
{
	s[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' :
	       S_ISBLK(m) ? 'b' : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
	s[1] = m & 0400 ? 'r' : '-';
	s[2] = m & 0200 ? 'w' : '-';
	s[3] = m & 04000 ? (m & 0100 ? 's' : 'S') : (m & 0100 ? 'x' : '-');
	s[4] = m & 0040 ? 'r' : '-';
	s[5] = m & 0020 ? 'w' : '-';
	s[6] = m & 02000 ? (m & 0010 ? 's' : 'S') : (m & 0010 ? 'x' : '-');
	s[7] = m & 0004 ? 'r' : '-';
	s[8] = m & 0002 ? 'w' : '-';
	s[9] = m & 01000 ? (m & 0001 ? 't' : 'T') : (m & 0001 ? 'x' : '-');
	s[10] = '\0';
}

static int digits(unsigned long long v)
{
	int n = 1;
	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* Print entries (already stat'ed if -l). */
static int print_entries(struct entry *e, int n)
{
	int wlink = 1, wsize = 1, status = 0;

	if (!opt_long) {
		for (int i = 0; i < n; i++)
			puts(e[i].name);
		return 0;
	}
	for (int i = 0; i < n; i++) {
		int w = digits((unsigned long long)e[i].st.st_nlink);
		if (w > wlink)
			wlink = w;
		w = digits((unsigned long long)e[i].st.st_size);
		if (w > wsize)
			wsize = w;
	}
	for (int i = 0; i < n; i++) {
		char mode[11];
		mode_string(e[i].st.st_mode, mode);
		printf("%s %*llu %*lld %s", mode, wlink,
		       (unsigned long long)e[i].st.st_nlink, wsize,
		       (long long)e[i].st.st_size, e[i].name);
		if (S_ISLNK(e[i].st.st_mode)) {
			char buf[1024];
			ssize_t len = readlink(e[i].path, buf, sizeof buf - 1);
			if (len < 0) {
				putchar('\n');
				warn_path(e[i].path);
				status = 1;
				continue;
			}
			buf[len] = '\0';
			printf(" -> %s", buf);
		}
		putchar('\n');
	}
	return status;
}

static int cmp_entries(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
		      ((const struct entry *)b)->name);
}

static void free_entries(struct entry *e, int n)
{
	for (int i = 0; i < n; i++) {
		free(e[i].name);
		free(e[i].path);
	}
	free(e);
}

static int list_dir(const char *dir)
{
	char **names;
	struct entry *e;
	int n, m = 0, status = 0;

	n = read_dir_sorted(dir, opt_all, &names);
	if (n < 0) {
		warn_path(dir);
		return 1;
	}
	e = xmalloc((size_t)n * sizeof *e);
	for (int i = 0; i < n; i++) {
		if (!opt_all && names[i][0] == '.')
			continue;
		e[m].name = xstrdup(names[i]);
		e[m].path = path_join(dir, names[i]);
		if (opt_long && lstat(e[m].path, &e[m].st) < 0) {
			warn_path(e[m].path);
			free(e[m].name);
			free(e[m].path);
			status = 1;
			continue;
		}
		m++;
	}
	free_names(names, n);
	status |= print_entries(e, m);
	free_entries(e, m);
	return status;
}

int main(int argc, char **argv)
{
	char opt[128];
	char *dot[] = { ".", NULL };
	char **ops;
	int i, nops, nfiles = 0, ndirs = 0, status = 0;
	struct entry *files, *dirs;

	progname = "ls";
	i = parse_opts(argc, argv, "1adl", opt, USAGE);
	opt_all = opt['a'];
	opt_dir = opt['d'];
	opt_long = opt['l'];
	ops = argv + i;
	nops = argc - i;
	if (nops == 0) {
		ops = dot;
		nops = 1;
	}
	files = xmalloc((size_t)nops * sizeof *files);
	dirs = xmalloc((size_t)nops * sizeof *dirs);
	for (i = 0; i < nops; i++) {
		struct entry e = { 0 };
		/* -l shows a link operand itself; otherwise follow it (a
		 * dangling link is still shown). */
		int rc = opt_long ? lstat(ops[i], &e.st) : stat(ops[i], &e.st);
		if (rc < 0 && !opt_long && errno == ENOENT)
			rc = lstat(ops[i], &e.st);
		if (rc < 0) {
			warn_path(ops[i]);
			status = 1;
			continue;
		}
		e.name = xstrdup(ops[i]);
		e.path = xstrdup(ops[i]);
		if (S_ISDIR(e.st.st_mode) && !opt_dir)
			dirs[ndirs++] = e;
		else
			files[nfiles++] = e;
	}
	qsort(files, (size_t)nfiles, sizeof *files, cmp_entries);
	qsort(dirs, (size_t)ndirs, sizeof *dirs, cmp_entries);
	status |= print_entries(files, nfiles);
	for (i = 0; i < ndirs; i++) {
		if (nfiles > 0 || i > 0)
			putchar('\n');
		if (nops > 1)
			printf("%s:\n", dirs[i].name);
		status |= list_dir(dirs[i].path);
	}
	free_entries(files, nfiles);
	free_entries(dirs, ndirs);
	return finish_stdout(status);
}
