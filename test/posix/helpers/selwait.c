/*
 * selwait MS: select() on standard input with a timeout of MS
 * milliseconds, as a program waiting for a person would; used by the
 * console session (test/console/session.py), which types while it waits.
 * Prints one of
 *   selwait: readable after N ms: [the line read]
 *   selwait: timed out after N ms
 *   selwait: error ...
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/select.h>

static int64_t mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	int ms = argc > 1 ? atoi(argv[1]) : 10000;
	fd_set r;
	FD_ZERO(&r);
	FD_SET(0, &r);
	struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 };
	int64_t t0 = mono_ms();
	int n = select(1, &r, NULL, NULL, &tv);
	int64_t took = mono_ms() - t0;
	if (n < 0) {
		printf("selwait: error %s\n", strerror(errno));
		return 1;
	}
	if (n == 0) {
		printf("selwait: timed out after %s %d ms\n", took >= ms ? "at least" : "less than", ms);
		return 0;
	}
	char line[128];
	ssize_t got = FD_ISSET(0, &r) ? read(0, line, sizeof(line) - 1) : -1;
	if (got < 0) {
		printf("selwait: error: select said %d but read failed\n", n);
		return 1;
	}
	line[got] = 0;
	line[strcspn(line, "\n")] = 0;
	printf("selwait: readable %s: [%s]\n", took < ms / 2 ? "early" : "late", line);
	return 0;
}
