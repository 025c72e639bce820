/*
 * uname [-asnrvm]: the system's names (uname()). Without an option, -s.
 * -a prints every field in the order s n r v m.
 */
#include <stdio.h>
#include <sys/utsname.h>
#include "common.h"

int main(int argc, char **argv)
{
	char opt[128] = { 0 };
	progname = "uname";
	int i = parse_opts(argc, argv, "asnrvm", opt, "[-asnrvm]");
	if (i < argc)
		usage_exit("[-asnrvm]");
	struct utsname u;
	if (uname(&u) < 0) {
		warn_path("uname");
		return 1;
	}
	if (opt['a'])
		opt['s'] = opt['n'] = opt['r'] = opt['v'] = opt['m'] = 1;
	if (!opt['s'] && !opt['n'] && !opt['r'] && !opt['v'] && !opt['m'])
		opt['s'] = 1;
	const char *fields[] = { opt['s'] ? u.sysname : NULL, opt['n'] ? u.nodename : NULL,
				 opt['r'] ? u.release : NULL, opt['v'] ? u.version : NULL,
				 opt['m'] ? u.machine : NULL };
	int first = 1;
	for (unsigned k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
		if (!fields[k])
			continue;
		printf("%s%s", first ? "" : " ", fields[k]);
		first = 0;
	}
	putchar('\n');
	return finish_stdout(0);
}
