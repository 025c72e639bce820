/*
 * init: the first user program, started by the kernel as a boot module.
 * It mounts the root file system, opens the console as descriptors 0, 1
 * and 2, and runs the shell (again, if it exits), collecting every orphan
 * on the way. In a test boot it runs the test runner instead (or, with
 * "bench" on the command line too, /bin/bench, given the group and repeat
 * count of "profile=GROUP,REPEAT" if there is one) and ends the boot with
 * its verdict.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <quire/qposix.h>

static char *const shell_env[] = { "PATH=/bin", "HOME=/", "TERM=dumb", NULL };

static void console(void)
{
	int fd = open("/dev/console", O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "init: /dev/console: %s\n", strerror(errno));
		return;
	}
	for (int i = 0; i < 3; i++)
		if (fd != i)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

static pid_t spawn(char *const argv[])
{
	pid_t pid = fork();
	if (pid == 0) {
		execve(argv[0], argv, shell_env);
		fprintf(stderr, "init: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

static char cmdline[128];

/* The word of the kernel command line that is `key`, or that starts
 * with `key` followed by '=' (then the value after it); NULL if none. */
static const char *boot_word(const char *key)
{
	static char line[sizeof(cmdline)];
	size_t n = strlen(key);
	memcpy(line, cmdline, sizeof(line));
	for (char *w = strtok(line, " "); w; w = strtok(NULL, " ")) {
		if (strcmp(w, key) == 0)
			return w + n;
		if (strncmp(w, key, n) == 0 && w[n] == '=')
			return w + n + 1;
	}
	return NULL;
}

/* Wait for `pid`, collecting orphans meanwhile; its status. */
static int wait_for(pid_t pid)
{
	for (;;) {
		int status;
		pid_t w = wait(&status);
		if (w == pid)
			return status;
		if (w < 0 && errno == ECHILD)
			return -1;
	}
}

int main(int argc, char **argv)
{
	if (quire_mount("ext2", "/") != 0) {
		fprintf(stderr, "init: cannot mount the root file system: %s\n", strerror(errno));
		for (;;)
			pause();
	}
	console();
	if (quire_kernel_cmdline(cmdline, sizeof(cmdline)) != 0)
		cmdline[0] = '\0';
	if (quire_test_mode()) {
		char *const runner[] = { "/bin/testrun", "/test", NULL };
		/* ./build.sh bench; ./build.sh profile adds profile=GROUP,REPEAT */
		static char prof[64];
		char *bench[] = { "/bin/bench", NULL, NULL, NULL };
		const char *p = boot_word("profile");
		if (p && *p) {
			snprintf(prof, sizeof(prof), "%s", p);
			char *comma = strchr(prof, ',');
			if (comma)
				*comma++ = '\0';
			bench[1] = prof;
			bench[2] = comma;
		}
		int status = wait_for(spawn(boot_word("bench") ? bench : runner));
		int verdict = (status >= 0 && WIFEXITED(status)) ? WEXITSTATUS(status) : 1;
		printf("init: test runner finished with status %d\n", verdict);
		quire_test_exit(verdict);
		return verdict;
	}
	printf("\nWelcome to Quire. Type commands; poweroff ends the session.\n");
	for (;;) {
		char *const sh[] = { "/bin/sh", NULL };
		int status = wait_for(spawn(sh));
		if (status < 0)
			sleep(1);
	}
}
