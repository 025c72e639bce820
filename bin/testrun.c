/*
 * testrun DIR: the test runner inside Quire. Runs every executable file
 * of DIR (in name order) with a time limit; each test prints its own
 * "PASS name" / "FAIL name: why" lines; the runner adds one line for a
 * test that crashed or hung, and "testrun: name exited with status N"
 * for one that ended by itself; it exits 0 only if every test passed.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_TESTS 128
#define TIME_LIMIT_MS 60000

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run(const char *dir, const char *name)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		printf("FAIL %s: fork: %s\n", name, strerror(errno));
		return 1;
	}
	if (pid == 0) {
		char *const argv[] = { path, NULL };
		char *const envp[] = { "PATH=/bin", "HOME=/", "QUIRE_TEST=1", NULL };
		execve(path, argv, envp);
		printf("FAIL %s: exec: %s\n", name, strerror(errno));
		_exit(126);
	}
	int status = 0;
	for (int waited = 0;; waited += 10) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (waited >= TIME_LIMIT_MS) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			printf("FAIL %s: no result within %d s\n", name, TIME_LIMIT_MS / 1000);
			return 1;
		}
		usleep(10000);
	}
	if (WIFSIGNALED(status)) {
		printf("FAIL %s: killed by signal %d\n", name, WTERMSIG(status));
		return 1;
	}
	/* One line per program that ran to its end: build.sh fails a test
	 * the log has no ending for. */
	printf("testrun: %s exited with status %d\n", name, WEXITSTATUS(status));
	return WEXITSTATUS(status) != 0;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/test";
	DIR *d = opendir(dir);
	if (!d) {
		printf("FAIL testrun: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	char *names[MAX_TESTS];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < MAX_TESTS) {
		char path[512];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_name[0] == '.' || stat(path, &st) != 0 || !S_ISREG(st.st_mode) || !(st.st_mode & 0111))
			continue;
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), cmp);
	printf("testrun: %d tests in %s\n", n, dir);
	int failed = 0;
	for (int i = 0; i < n; i++)
		failed += run(dir, names[i]);
	printf("testrun: %d of %d test programs failed\n", failed, n);
	return failed ? 1 : 0;
}
