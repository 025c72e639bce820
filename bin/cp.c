/*
 * cp [-r] source dest
 * cp [-r] source ... dir
 * Copy files. When dest is an existing directory, each source is copied
 * into it under its last component. A new file gets the source's
 * permission bits. With -r (or -R) a directory is copied with everything
 * in it, and symbolic links inside are copied as links; without it,
 * directories are refused and links are followed.
 */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define USAGE "[-rR] source dest | [-rR] source ... dir"

static int recursive;

/* The first directory cp made: never copied into itself. */
static int guard_set;
static dev_t guard_dev;
static ino_t guard_ino;

static int copy(const char *src, const char *dst);

static int copy_dir(const char *src, const char *dst, mode_t mode)
{
	struct stat st;
	char **names;
	int n, rc = 0;

	if (mkdir(dst, (mode & 0777) | 0700) < 0 &&
	    (errno != EEXIST || stat(dst, &st) < 0 || !S_ISDIR(st.st_mode))) {
		if (errno == EEXIST)
			errno = ENOTDIR;
		warn_path(dst);
		return -1;
	}
	if (!guard_set && stat(dst, &st) == 0) {
		guard_set = 1;
		guard_dev = st.st_dev;
		guard_ino = st.st_ino;
	}
	n = read_dir_sorted(src, 0, &names);
	if (n < 0) {
		warn_path(src);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char *s = path_join(src, names[i]);
		char *d = path_join(dst, names[i]);
		if (lstat(s, &st) == 0 && S_ISDIR(st.st_mode) && guard_set &&
		    st.st_dev == guard_dev && st.st_ino == guard_ino) {
			/* the copy itself, inside its source */
		} else if (copy(s, d) < 0) {
			rc = -1;
		}
		free(s);
		free(d);
	}
	free_names(names, n);
	if (chmod(dst, mode & 07777) < 0) {
		warn_path(dst);
		rc = -1;
	}
	return rc;
}

static int copy_link(const char *src, const char *dst)
{
	size_t size = 256;
	char *buf;
	ssize_t n;

	for (;;) {
		buf = xmalloc(size);
		n = readlink(src, buf, size);
		if (n < 0) {
			warn_path(src);
			free(buf);
			return -1;
		}
		if ((size_t)n < size)
			break;
		free(buf);
		size *= 2;
	}
	buf[n] = '\0';
	if (symlink(buf, dst) < 0 &&
	    (errno != EEXIST || unlink(dst) < 0 || symlink(buf, dst) < 0)) {
		warn_path(dst);
		free(buf);
		return -1;
	}
	free(buf);
	return 0;
}

static int copy(const char *src, const char *dst)
{
	struct stat st;

	if ((recursive ? lstat(src, &st) : stat(src, &st)) < 0) {
		warn_path(src);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!recursive) {
			warn_err(src, EISDIR);
			return -1;
		}
		return copy_dir(src, dst, st.st_mode);
	}
	if (S_ISLNK(st.st_mode))
		return copy_link(src, dst);
	return copy_file(src, dst, st.st_mode);
}

int main(int argc, char **argv)
{
	char opt[128];
	int i;

	progname = "cp";
	i = parse_opts(argc, argv, "rR", opt, USAGE);
	recursive = opt['r'] || opt['R'];
	if (argc - i < 2)
		usage_exit(USAGE);
	return to_target(argc, argv, i, copy);
}
