/* Helpers shared by Quire's user programs; see common.h. */
#include "common.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *progname = "?";

void warn_err(const char *what, int err)
{
	fprintf(stderr, "%s: %s: %s\n", progname, what, strerror(err));
}

void warn_path(const char *what)
{
	warn_err(what, errno);
}

int finish_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warn_path("stdout");
		return 1;
	}
	return status;
}

int parse_opts(int argc, char **argv, const char *valid, char opt[128],
	       const char *usage)
{
	int i;

	memset(opt, 0, 128);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-' || a[1] == '\0')
			break;
		if (strcmp(a, "--") == 0)
			return i + 1;
		for (a++; *a; a++) {
			unsigned char c = (unsigned char)*a;
			if (c >= 128 || !strchr(valid, c)) {
				fprintf(stderr, "%s: -%c: unknown option\n",
					progname, c);
				usage_exit(usage);
			}
			opt[c] = 1;
		}
	}
	return i;
}

void usage_exit(const char *usage)
{
	fprintf(stderr, "usage: %s %s\n", progname, usage);
	exit(1);
}

static void out_of_memory(void)
{
	warn_err("malloc", ENOMEM);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

char *path_join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	int slash = dl > 0 && dir[dl - 1] != '/';
	char *p = xmalloc(dl + slash + nl + 1);

	memcpy(p, dir, dl);
	if (slash)
		p[dl] = '/';
	memcpy(p + dl + slash, name, nl + 1);
	return p;
}

char *base_name(const char *path)
{
	size_t end = strlen(path), start;
	char *p;

	while (end > 1 && path[end - 1] == '/')
		end--;
	start = end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	if (end == 1 && path[0] == '/')
		start = 0;
	p = xmalloc(end - start + 1);
	memcpy(p, path + start, end - start);
	p[end - start] = '\0';
	return p;
}

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int copy_fd(int in, int out, int *write_failed)
{
	static char buf[16384];

	*write_failed = 0;
	for (;;) {
		ssize_t n = read(in, buf, sizeof buf);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return 0;
		if (write_all(out, buf, (size_t)n) < 0) {
			*write_failed = 1;
			return -1;
		}
	}
}

int copy_file(const char *src, const char *dst, mode_t mode)
{
	struct stat ss, ds;
	int in, out, wfail, rc = 0;

	in = open(src, O_RDONLY);
	if (in < 0) {
		warn_path(src);
		return -1;
	}
	if (fstat(in, &ss) == 0 && stat(dst, &ds) == 0 &&
	    ss.st_dev == ds.st_dev && ss.st_ino == ds.st_ino) {
		fprintf(stderr, "%s: %s: same file as %s\n", progname, dst, src);
		close(in);
		return -1;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, mode & 0777);
	if (out < 0) {
		warn_path(dst);
		close(in);
		return -1;
	}
	if (copy_fd(in, out, &wfail) < 0) {
		warn_path(wfail ? dst : src);
		rc = -1;
	}
	close(in);
	if (close(out) < 0 && rc == 0) {
		warn_path(dst);
		rc = -1;
	}
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int read_dir_sorted(const char *path, int with_dots, char ***names)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char **v = NULL;
	int n = 0, cap = 0, err;

	if (!d)
		return -1;
	for (;;) {
		errno = 0;
		e = readdir(d);
		if (!e)
			break;
		if (!with_dots && (strcmp(e->d_name, ".") == 0 ||
				   strcmp(e->d_name, "..") == 0))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, (size_t)cap * sizeof *v);
		}
		v[n++] = xstrdup(e->d_name);
	}
	err = errno;
	closedir(d);
	if (err) {
		free_names(v, n);
		errno = err;
		return -1;
	}
	if (n > 1)
		qsort(v, (size_t)n, sizeof *v, cmp_names);
	*names = v;
	return n;
}

void free_names(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int to_target(int argc, char **argv, int first, int (*op)(const char *src, const char *dst))
{
	struct stat st;
	int status = 0;
	if (stat(argv[argc - 1], &st) == 0 && S_ISDIR(st.st_mode)) {
		for (int i = first; i < argc - 1; i++) {
			char *base = base_name(argv[i]);
			char *dst = path_join(argv[argc - 1], base);
			if (op(argv[i], dst) < 0)
				status = 1;
			free(dst);
			free(base);
		}
		return status;
	}
	if (argc - first > 2) {
		warn_err(argv[argc - 1], ENOTDIR);
		return 1;
	}
	return op(argv[first], argv[first + 1]) < 0;
}
