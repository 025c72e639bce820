/*
 * init: the first user program, started by the kernel as a boot module.
 * It mounts the root file system, opens the console as descriptors 0, 1
 * and 2, and runs the shell (again, if it exits), collecting every orphan
 * on the way. In a test boot it runs the test runner instead (or, with
 * "bench" on the command line too, /bin/bench) and ends the boot with
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

/* Is `word` one of the words of the kernel command line? */
static int boot_word(const char *word)
{
	char line[128];
	if (quire_kernel_cmdline(line, sizeof(line)) != 0)
		return 0;
	for (char *w = strtok(line, " "); w; w = strtok(NULL, " "))
		if (strcmp(w, word) == 0)
			return 1;
	return 0;
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
	if (quire_test_mode()) {
		char *const runner[] = { "/bin/testrun", "/test", NULL };
		char *const bench[] = { "/bin/bench", NULL };   /* ./build.sh bench */
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
