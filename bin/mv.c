/*
 * mv source dest
 * mv source ... dir
 * Rename (move) files and directories, also from one directory to
 * another. When dest is an existing directory, each source goes into it
 * under its last component. Across file systems (EXDEV) a regular file is
 * copied and then removed; anything else is reported.
 */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define USAGE "source dest | source ... dir"

static int move(const char *src, const char *dst)
{
	struct stat st;

	if (rename(src, dst) == 0)
		return 0;
	int err = errno;
	if (lstat(src, &st) < 0) {
		warn_path(src);
		return -1;
	}
	if (err == EXDEV && S_ISREG(st.st_mode)) {
		if (copy_file(src, dst, st.st_mode) < 0)
			return -1;
		if (unlink(src) < 0) {
			warn_path(src);
			return -1;
		}
		return 0;
	}
	warn_err(err == ENOENT || err == ENOTDIR || err == EISDIR ||
		 err == EEXIST || err == ENOTEMPTY ? dst : src, err);
	return -1;
}

int main(int argc, char **argv)
{
	char opt[128];
	int i;

	progname = "mv";
	i = parse_opts(argc, argv, "f", opt, USAGE);
	if (argc - i < 2)
		usage_exit(USAGE);
	return to_target(argc, argv, i, move);
}
