/* kill [-SIGNAL] PID...: send a signal (default SIGTERM) to processes. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "common.h"

#define USAGE "usage: kill [-SIGNAL] pid..."

static const struct {
	const char *name;
	int sig;
} names[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "KILL", SIGKILL },
	{ "TERM", SIGTERM }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 }, { "PIPE", SIGPIPE },
	{ "ALRM", SIGALRM }, { "CHLD", SIGCHLD }, { "SEGV", SIGSEGV },
};

static int parse_signal(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (*s && !*end)
		return (int)n;
	if (!strncmp(s, "SIG", 3))
		s += 3;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i].name, s))
			return names[i].sig;
	return -1;
}

int main(int argc, char **argv)
{
	progname = "kill";
	int sig = SIGTERM, i = 1, status = 0;
	if (i < argc && argv[i][0] == '-' && argv[i][1]) {
		sig = parse_signal(argv[i] + 1);
		if (sig < 0)
			usage_exit(USAGE);
		i++;
	}
	if (i >= argc)
		usage_exit(USAGE);
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (!*argv[i] || *end || pid <= 0) {
			warn_err(argv[i], EINVAL);
			status = 1;
		} else if (kill((pid_t)pid, sig) != 0) {
			warn_path(argv[i]);
			status = 1;
		}
	}
	return status;
}
