/*
 * sh: job control for an interactive shell (sh_job_control).
 *
 * Every pipeline runs in its own process group (its first process's pid)
 * and owns the terminal (tcsetpgrp) while the shell waits for it, so ^C,
 * ^Z and ^\ reach every member and never the shell. The shell ignores
 * SIGINT, SIGQUIT and SIGTSTP itself; its children get the defaults back.
 * A pipeline stopped by ^Z becomes a job: `jobs` lists them, `fg [%n]`
 * continues one in the foreground and waits for it, `bg [%n]` continues
 * one in the background. A pipeline ended by '&' starts as a running job
 * in its own group, which the terminal is not given; sh_jobs_reap
 * collects the ones that ended before each prompt. Without job control
 * (a script) '&' jobs are kept the same way, only collected, not shown.
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

static struct job *new_job(const pid_t *pids, size_t n, const char *name);

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
	struct job *j = n <= JOB_PIDS ? new_job(pids, n, name) : NULL;
	if (!j) {
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
	return wait_job(j);
}

static struct job *new_job(const pid_t *pids, size_t n, const char *name)
{
	for (int i = 0; i < MAX_JOBS; i++)
		if (!jobs[i].used) {
			struct job *j = &jobs[i];
			memset(j, 0, sizeof(*j));
			j->used = 1;
			j->pgid = pids[0];
			memcpy(j->pids, pids, n * sizeof(*pids));
			j->npids = n;
			snprintf(j->name, sizeof(j->name), "%s", name ? name : "");
			return j;
		}
	return NULL;
}

void sh_jobs_background(const pid_t *pids, size_t n, const char *name)
{
	struct job *j = n <= JOB_PIDS ? new_job(pids, n, name) : NULL;
	if (!j)
		return;                /* no room: init collects them in the end */
	if (sh_job_control) {
		printf("[%d] %d\n", (int)(j - jobs) + 1, (int)pids[n - 1]);
		fflush(stdout);
	}
}

void sh_jobs_reap(void)
{
	for (int i = 0; i < MAX_JOBS; i++) {
		struct job *j = &jobs[i];
		if (!j->used || j->stopped)
			continue;
		int left = 0, stopped = 0;
		for (size_t k = 0; k < j->npids; k++) {
			if (!j->pids[k])
				continue;
			int s;
			pid_t r = waitpid(j->pids[k], &s, WNOHANG | WUNTRACED);
			if (r == 0) {
				left = 1;
			} else if (r > 0 && WIFSTOPPED(s)) {
				left = stopped = 1;
			} else {
				j->pids[k] = 0;
				if (r > 0 && k + 1 == j->npids)
					j->last_status = status_of(s);
			}
		}
		if (stopped) {
			j->stopped = 1;
			if (sh_job_control)
				printf("[%d]+ Stopped  %s\n", i + 1, j->name);
		} else if (!left) {
			if (sh_job_control)
				printf("[%d]+ Done  %s\n", i + 1, j->name);
			j->used = 0;
		}
	}
	fflush(stdout);
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

/* wait: until every background job has ended (stopped ones are not
 * waited for); the status of the last one collected. */
int sh_b_wait(char **argv)
{
	(void)argv;
	int st = 0;
	for (int i = 0; i < MAX_JOBS; i++) {
		struct job *j = &jobs[i];
		if (!j->used || j->stopped)
			continue;
		for (size_t k = 0; k < j->npids; k++) {
			int s;
			pid_t r;
			if (!j->pids[k])
				continue;
			while ((r = waitpid(j->pids[k], &s, 0)) < 0 && errno == EINTR)
				;
			j->pids[k] = 0;
			if (r > 0 && k + 1 == j->npids)
				j->last_status = status_of(s);
		}
		st = j->last_status;
		j->used = 0;
	}
	return st;
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
