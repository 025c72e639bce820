/*
 * ln [-sf] target [name]
 * ln [-sf] target ... dir
 * Make a hard link (or with -s a symbolic link) to each target. The link
 * is `name`, or dir/<last component of target>, or with a single operand
 * ./<last component of target>. -f removes an existing file at the
 * link's place first.
 */
#include "common.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define USAGE "[-sf] target [name] | [-sf] target ... dir"

static int symbolic, force;

static int make_link(const char *target, const char *name)
{
	struct stat st;
	int rc;

	if (force && lstat(name, &st) == 0 && !S_ISDIR(st.st_mode) &&
	    unlink(name) < 0) {
		warn_path(name);
		return -1;
	}
	rc = symbolic ? symlink(target, name) : link(target, name);
	if (rc < 0) {
		int err = errno;
		/* A hard link to nothing: name the missing target. */
		if (!symbolic && lstat(target, &st) < 0)
			warn_path(target);
		else
			warn_err(name, err);
		return -1;
	}
	return 0;
}

static int link_into(const char *target, const char *dir)
{
	char *base = base_name(target);
	char *name = path_join(dir, base);
	int rc = make_link(target, name);

	free(name);
	free(base);
	return rc;
}

int main(int argc, char **argv)
{
	char opt[128];
	struct stat st;
	int i, n, status = 0;

	progname = "ln";
	i = parse_opts(argc, argv, "sf", opt, USAGE);
	symbolic = opt['s'];
	force = opt['f'];
	n = argc - i;
	if (n < 1)
		usage_exit(USAGE);
	if (n == 1)
		return link_into(argv[i], ".") < 0;
	if (stat(argv[argc - 1], &st) == 0 && S_ISDIR(st.st_mode)) {
		for (; i < argc - 1; i++)
			if (link_into(argv[i], argv[argc - 1]) < 0)
				status = 1;
		return status;
	}
	if (n > 2) {
		warn_err(argv[argc - 1], ENOTDIR);
		return 1;
	}
	return make_link(argv[i], argv[i + 1]) < 0;
}
