/* pwd: print the current working directory. */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char opt[128];
	size_t size = 256;
	char *buf;

	progname = "pwd";
	parse_opts(argc, argv, "LP", opt, "[-L|-P]");
	for (;;) {
		buf = xmalloc(size);
		if (getcwd(buf, size))
			break;
		if (errno != ERANGE) {
			warn_path(".");
			return 1;
		}
		free(buf);
		size *= 2;
	}
	puts(buf);
	free(buf);
	return finish_stdout(0);
}
