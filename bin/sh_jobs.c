/*
 * sh: job control for an interactive shell (sh_job_control).
 *
 * Every pipeline runs in its own process group (its first process's pid)
 * and owns the terminal (tcsetpgrp) while the shell waits for it, so ^C,
 * ^Z and ^\ reach every member and never the shell. The shell ignores
 * SIGINT, SIGQUIT and SIGTSTP itself; its children get the defaults back.
 * A pipeline stopped by ^Z becomes a job: `jobs` lists them, `fg [%n]`
 * continues one in the foreground and waits for it, `bg [%n]` continues
 * one in the background.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

#define MAX_JOBS  16
#define JOB_PIDS  16

static struct job {
	int used;
	pid_t pgid;
	pid_t pids[JOB_PIDS];      /* members not collected yet (0: collected) */
	size_t npids;
	int last_status;           /* the last member's, once collected */
	int stopped;
	char name[64];
} jobs[MAX_JOBS];

static pid_t shell_pgrp;

void sh_jobs_init(void)
{
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	if (getpgrp() != getpid())
		setpgid(0, 0);
	shell_pgrp = getpgrp();
	tcsetpgrp(0, shell_pgrp);
}

/* In a child, before exec: the default dispositions, and its group. */
void sh_jobs_child(pid_t pgid)
{
	signal(SIGQUIT, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	signal(SIGTTOU, SIG_DFL);
	signal(SIGTTIN, SIG_DFL);
	setpgid(0, pgid);
}

/* In the shell, for each child (both sides set it: no race). */
void sh_jobs_parent(pid_t pid, pid_t pgid)
{
	setpgid(pid, pgid);
}

static int status_of(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 1;
}

/*
 * Give the terminal to pgid and wait for pids (the pipeline's members, the
 * last one's status is the pipeline's). A member stopping makes the whole
 * pipeline a stopped job: its number is printed, and 128 + SIGTSTP
 * returned.
 */
static int wait_job(struct job *j)
{
	tcsetpgrp(0, j->pgid);
	int stopped = 0, st = 0;
	for (size_t i = 0; i < j->npids; i++) {
		if (!j->pids[i])
			continue;
		int s;
		pid_t r;
		while ((r = waitpid(j->pids[i], &s, WUNTRACED)) < 0 && errno == EINTR)
			;
		if (r < 0) {
			j->pids[i] = 0;
			continue;
		}
		if (WIFSTOPPED(s)) {
			stopped = WSTOPSIG(s);
			continue;
		}
		j->pids[i] = 0;
		if (i + 1 == j->npids)
			j->last_status = status_of(s);
	}
	tcsetpgrp(0, shell_pgrp);
	if (stopped) {
		j->stopped = 1;
		printf("\n[%d]+ Stopped  %s\n", (int)(j - jobs) + 1, j->name);
		fflush(stdout);
		return 128 + stopped;
	}
	st = j->last_status;
	j->used = 0;
	return st;
}

int sh_jobs_wait(const pid_t *pids, size_t n, const char *name)
{
	struct job *j = NULL;
	for (int i = 0; i < MAX_JOBS && !j; i++)
		if (!jobs[i].used)
			j = &jobs[i];
	if (!j || n > JOB_PIDS) {
		/* No room to keep it as a job: wait as a script would. */
		int st = 0;
		for (size_t i = 0; i < n; i++) {
			int s;
			while (waitpid(pids[i], &s, 0) < 0 && errno == EINTR)
				;
			if (i + 1 == n)
				st = status_of(s);
		}
		return st;
	}
	memset(j, 0, sizeof(*j));
	j->used = 1;
	j->pgid = pids[0];
	memcpy(j->pids, pids, n * sizeof(*pids));
	j->npids = n;
	snprintf(j->name, sizeof(j->name), "%s", name ? name : "");
	return wait_job(j);
}

/* "%n" or nothing (the most recent job). */
static struct job *find_job(char **argv)
{
	if (argv[1]) {
		const char *s = argv[1][0] == '%' ? argv[1] + 1 : argv[1];
		int n = atoi(s);
		if (n >= 1 && n <= MAX_JOBS && jobs[n - 1].used)
			return &jobs[n - 1];
		fprintf(stderr, "sh: %s: %s: no such job\n", argv[0], argv[1]);
		return NULL;
	}
	for (int i = MAX_JOBS - 1; i >= 0; i--)
		if (jobs[i].used)
			return &jobs[i];
	fprintf(stderr, "sh: %s: no current job\n", argv[0]);
	return NULL;
}

int sh_b_jobs(char **argv)
{
	(void)argv;
	for (int i = 0; i < MAX_JOBS; i++)
		if (jobs[i].used)
			printf("[%d] %s  %s\n", i + 1, jobs[i].stopped ? "Stopped" : "Running", jobs[i].name);
	return 0;
}

int sh_b_fg(char **argv)
{
	struct job *j = find_job(argv);
	if (!j)
		return 1;
	printf("%s\n", j->name);
	fflush(stdout);
	j->stopped = 0;
	kill(-j->pgid, SIGCONT);
	return wait_job(j);
}

int sh_b_bg(char **argv)
{
	struct job *j = find_job(argv);
	if (!j)
		return 1;
	j->stopped = 0;
	printf("[%d] %s &\n", (int)(j - jobs) + 1, j->name);
	return kill(-j->pgid, SIGCONT) < 0;
}
