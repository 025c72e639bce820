/* Pipes (EOF, SIGPIPE, EPIPE), dup2 redirection, exec with arguments and
 * environment, exec errors, the shell running a pipeline. */
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <quire/endpoints.h>
#include <quire/qposix.h>
#include "ptest.h"

static int run_and_capture(char *const argv[], char *const envp[], char *out, size_t size)
{
	int p[2];
	if (pipe(p) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	close(p[1]);
	size_t got = 0;
	ssize_t n;
	while (got + 1 < size && (n = read(p[0], out + got, size - 1 - got)) > 0)
		got += (size_t)n;
	out[got] = 0;
	close(p[0]);
	int status;
	waitpid(pid, &status, 0);
	return status;
}

static void test_pipe_eof(void)
{
	int p[2];
	int r = pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		for (int i = 0; i < 100; i++)
			write(p[1], "0123456789", 10);
		_exit(0);
	}
	close(p[1]);
	char buf[256];
	size_t total = 0;
	ssize_t n;
	while ((n = read(p[0], buf, sizeof(buf))) > 0)
		total += (size_t)n;
	int status;
	waitpid(pid, &status, 0);
	CHECK("pipe_data_then_eof", r == 0 && total == 1000 && n == 0, "pipe %d read %zu last %zd", r, total, n);
	close(p[0]);
}

static void test_pipe_big(void)
{
	/* More than the pipe holds: the writer must wait for the reader. */
	static char big[100000];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7);
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		ssize_t w = write(p[1], big, sizeof(big));
		_exit(w == (ssize_t)sizeof(big) ? 0 : 1);
	}
	close(p[1]);
	static char got[100000];
	size_t total = 0;
	ssize_t n;
	while ((n = read(p[0], got + total, sizeof(got) - total)) > 0)
		total += (size_t)n;
	int status;
	waitpid(pid, &status, 0);
	CHECK("pipe_large_write_blocks_and_completes", total == sizeof(big) && !memcmp(big, got, total) &&
	      WIFEXITED(status) && WEXITSTATUS(status) == 0, "read %zu status %x", total, status);
	close(p[0]);
}

static void test_sigpipe(void)
{
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		sleep(1);
		write(p[1], "x", 1);       /* nobody reads: SIGPIPE */
		_exit(0);
	}
	close(p[0]);
	close(p[1]);
	int status;
	waitpid(pid, &status, 0);
	CHECK("write_without_reader_sigpipe", WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE,
	      "status %x", status);

	signal(SIGPIPE, SIG_IGN);
	pipe(p);
	close(p[0]);
	ssize_t w = write(p[1], "x", 1);
	int e = errno;
	CHECK("write_without_reader_epipe_when_ignored", w == -1 && e == EPIPE, "write %zd errno %d", w, e);
	close(p[1]);
	signal(SIGPIPE, SIG_DFL);
}

static void test_dup2(void)
{
	int fd = open("/tmp/t_procs.out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fd, 1);
		close(fd);
		printf("through stdout\n");
		fflush(stdout);
		_exit(0);
	}
	close(fd);
	int status;
	waitpid(pid, &status, 0);
	char buf[64] = { 0 };
	fd = open("/tmp/t_procs.out", O_RDONLY);
	read(fd, buf, sizeof(buf) - 1);
	close(fd);
	CHECK("dup2_redirects_stdout", !strcmp(buf, "through stdout\n"), "file holds '%s'", buf);
	unlink("/tmp/t_procs.out");
}

static void test_exec(void)
{
	char out[512];
	char *const argv[] = { "/test/helpers/showargs", "one", "two words", "", NULL };
	char *const envp[] = { "FOO=bar", "EMPTY=", NULL };
	int st = run_and_capture(argv, envp, out, sizeof(out));
	CHECK("exec_passes_args_and_env", WIFEXITED(st) && WEXITSTATUS(st) == 0 &&
	      !strcmp(out, "argc=4\n[/test/helpers/showargs]\n[one]\n[two words]\n[]\nFOO=bar\nEMPTY=\n"),
	      "status %x output '%s'", st, out);

	char *const nothere[] = { "/test/helpers/nothere", NULL };
	int e1 = execve(nothere[0], nothere, envp) == -1 && errno == ENOENT;
	int fd = open("/tmp/t_procs.script", O_WRONLY | O_CREAT | O_TRUNC, 0755);
	write(fd, "not an ELF file\n", 16);
	close(fd);
	char *const notelf[] = { "/tmp/t_procs.script", NULL };
	int e2 = execve(notelf[0], notelf, envp) == -1 && errno == ENOEXEC;
	chmod("/tmp/t_procs.script", 0644);
	int e3 = execve(notelf[0], notelf, envp) == -1 && errno == EACCES;
	char *const dir[] = { "/tmp", NULL };
	int e4 = execve(dir[0], dir, envp) == -1 && errno == EACCES;
	unlink("/tmp/t_procs.script");
	static char huge[200000];
	memset(huge, 'x', sizeof(huge) - 1);
	char *const toobig[] = { "/test/helpers/showargs", huge, NULL };
	int e5 = execve(toobig[0], toobig, envp) == -1 && errno == E2BIG;
	CHECK("exec_errors", e1 && e2 && e3 && e4 && e5, "enoent %d enoexec %d eacces %d %d e2big %d",
	      e1, e2, e3, e4, e5);
}

static void test_shell_pipeline(void)
{
	char out[256];
	char *const argv[] = { "/bin/sh", "-c", "echo hello pipeline | cat | cat > /tmp/t_procs.sh; cat < /tmp/t_procs.sh", NULL };
	char *const envp[] = { "PATH=/bin", NULL };
	int st = run_and_capture(argv, envp, out, sizeof(out));
	CHECK("shell_runs_pipeline_and_redirection", WIFEXITED(st) && WEXITSTATUS(st) == 0 &&
	      !strcmp(out, "hello pipeline\n"), "status %x output '%s'", st, out);
	unlink("/tmp/t_procs.sh");
}

/* A child whose parent exits passes to init, which collects it. */
static void test_orphan(void)
{
	int p[2];
	pipe(p);
	pid_t child = fork();
	if (child == 0) {
		pid_t grandchild = fork();
		if (grandchild == 0) {
			sleep(1);                     /* its parent is gone by now */
			pid_t pp = getppid();
			write(p[1], &pp, sizeof(pp));
			_exit(0);
		}
		_exit(0);
	}
	close(p[1]);
	int status;
	waitpid(child, &status, 0);
	pid_t pp = -1;
	ssize_t n = read(p[0], &pp, sizeof(pp));
	close(p[0]);
	int init_pid = -1, init_ppid;
	quire_pid_of(INIT_PROC_NR, &init_pid, &init_ppid);
	CHECK("orphan_passes_to_init", n == sizeof(pp) && pp == init_pid && pp != child,
	      "read %zd, new parent %d, init %d, old parent %d", n, (int)pp, init_pid, (int)child);
}

/* The kill and sleep tools. */
static void test_kill_tool(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *const argv[] = { "/bin/sleep", "30", NULL };
		char *const envp[] = { NULL };
		execve(argv[0], argv, envp);
		_exit(127);
	}
	char cmd[64];
	snprintf(cmd, sizeof(cmd), "kill -KILL %d", (int)pid);
	char out[64];
	char *const argv[] = { "/bin/sh", "-c", cmd, NULL };
	char *const envp[] = { "PATH=/bin", NULL };
	int st = run_and_capture(argv, envp, out, sizeof(out));
	int status;
	pid_t w = waitpid(pid, &status, 0);
	CHECK("kill_tool_kills_sleeping_child", WIFEXITED(st) && WEXITSTATUS(st) == 0 && w == pid &&
	      WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "kill status %x, child status %x",
	      st, status);
	char *const bad[] = { "/bin/kill", "-NOPE", "1", NULL };
	st = run_and_capture(bad, envp, out, sizeof(out));
	CHECK("kill_tool_bad_signal_fails", WIFEXITED(st) && WEXITSTATUS(st) != 0, "status %x", st);
}

int main(void)
{
	PTEST_BEGIN("t_procs");
	test_kill_tool();
	test_orphan();
	test_pipe_eof();
	test_pipe_big();
	test_sigpipe();
	test_dup2();
	test_exec();
	test_shell_pipeline();
	return ptest_done();
}
