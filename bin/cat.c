/*
 * cat [file ...]: copy each file, or standard input for "-" or when no
 * file is named, to standard output. An unreadable file is reported and
 * skipped; the status is then 1.
 */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static int cat_fd(int fd, const char *name)
{
	int wfail;

	if (copy_fd(fd, 1, &wfail) < 0) {
		warn_path(wfail ? "stdout" : name);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char opt[128];
	int i, status = 0;

	progname = "cat";
	i = parse_opts(argc, argv, "u", opt, "[-u] [file ...]");
	if (i == argc)
		return cat_fd(0, "stdin");
	for (; i < argc; i++) {
		int fd;
		if (strcmp(argv[i], "-") == 0) {
			status |= cat_fd(0, "stdin");
			continue;
		}
		fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			warn_path(argv[i]);
			status = 1;
			continue;
		}
		status |= cat_fd(fd, argv[i]);
		close(fd);
	}
	return status;
}
