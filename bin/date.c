/*
 * date [-u] [+FORMAT]: print the time of day (CLOCK_REALTIME), like
 * `date`: "Sat Dec  5 20:06:29 UTC 2026" by default, or FORMAT through
 * strftime. Quire has no time zones: local time is UTC, so -u changes
 * nothing but is accepted (scripts use it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "common.h"

int main(int argc, char **argv)
{
	char opt[128] = { 0 };
	progname = "date";
	int i = parse_opts(argc, argv, "u", opt, "[-u] [+format]");
	const char *fmt = "%a %b %e %H:%M:%S UTC %Y";
	if (i < argc) {
		if (argv[i][0] != '+' || i + 1 < argc)
			usage_exit("[-u] [+format]");
		fmt = argv[i] + 1;
	}
	time_t now = time(NULL);
	if (now == (time_t)-1) {
		warn_path("time");
		return 1;
	}
	struct tm tm;
	if (!gmtime_r(&now, &tm)) {
		warn_path("gmtime");
		return 1;
	}
	/* strftime's 0 is both "too long" and "empty": grow until it fits or
	 * the format is plainly empty. */
	size_t cap = 256;
	char *buf = xmalloc(cap);
	size_t n;
	while ((n = strftime(buf, cap, fmt, &tm)) == 0 && *fmt && cap < 65536)
		buf = xrealloc(buf, cap *= 2);
	fwrite(buf, 1, n, stdout);
	putchar('\n');
	free(buf);
	return finish_stdout(0);
}
