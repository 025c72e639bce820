/*
 * sh: running commands. Redirections (kept and put back around a builtin
 * that runs in the shell itself), finding and executing a program,
 * pipelines of children, and lists joined by ; && ||.
 */
#include "sh.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- redirections ---------------------------------------------------- */

#define SAVE_BASE 40    /* saved descriptors live at SAVE_BASE + fd */
#define SAVE_MAX  10    /* fds 0..9 can be redirected around a builtin */

struct saved {
	int used[SAVE_MAX];
	int was_open[SAVE_MAX];
};

/* Perform c's redirections. With `save`, first keep each fd it changes so
 * restore_fds() can put it back (for builtins run in the shell itself). */
static int do_redirs(const struct cmd *c, struct saved *save)
{
	for (size_t i = 0; i < c->nredirs; i++) {
		const struct redir *r = &c->redirs[i];
		int fd = r->fd >= 0 ? r->fd
			 : (r->type == T_LT || r->type == T_DUPIN) ? 0 : 1;
		char *t = sh_expand_simple(r->target);
		int nfd;

		if (save) {
			if (fd >= SAVE_MAX) {
				sh_err(t, EBADF);
				free(t);
				return -1;
			}
			if (!save->used[fd]) {
				save->used[fd] = 1;
				save->was_open[fd] =
					dup2(fd, SAVE_BASE + fd) >= 0;
			}
		}
		if (r->type == T_DUPIN || r->type == T_DUPOUT) {
			if (strcmp(t, "-") == 0) {
				close(fd);
			} else if (t[0] && strspn(t, "0123456789") == strlen(t)) {
				int from = atoi(t);
				if (from != fd && dup2(from, fd) < 0) {
					sh_err(t, errno);
					free(t);
					return -1;
				}
			} else {
				sh_err(t, EBADF);
				free(t);
				return -1;
			}
			free(t);
			continue;
		}
		if (r->type == T_LT)
			nfd = open(t, O_RDONLY);
		else if (r->type == T_GT)
			nfd = open(t, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		else
			nfd = open(t, O_WRONLY | O_CREAT | O_APPEND, 0666);
		if (nfd < 0) {
			sh_err(t, errno);
			free(t);
			return -1;
		}
		if (nfd != fd) {
			if (dup2(nfd, fd) < 0) {
				sh_err(t, errno);
				close(nfd);
				free(t);
				return -1;
			}
			close(nfd);
		}
		free(t);
	}
	return 0;
}

static void restore_fds(struct saved *save)
{
	for (int fd = 0; fd < SAVE_MAX; fd++) {
		if (!save->used[fd])
			continue;
		if (save->was_open[fd]) {
			dup2(SAVE_BASE + fd, fd);
			close(SAVE_BASE + fd);
		} else {
			close(fd);
		}
	}
}

/* ---- running commands ------------------------------------------------ */

/* execve, and for a file the kernel will not run (ENOEXEC: a script
 * without "#!"), run it with /bin/sh as POSIX shells do. */
static void try_exec(const char *file, char **argv)
{
	execve(file, argv, environ);
	if (errno == ENOEXEC) {
		size_t n = 0;
		while (argv[n])
			n++;
		char **av = xmalloc((n + 2) * sizeof *av);
		av[0] = "sh";
		av[1] = (char *)file;
		memcpy(av + 2, argv + 1, n * sizeof *av);   /* with the NULL */
		execve("/bin/sh", av, environ);
		free(av);
		errno = ENOEXEC;
	}
}

/* In a child: run argv[0] by path or through $PATH. Never returns. */
static void exec_cmd(char **argv)
{
	const char *path, *p;
	int err = ENOENT;

	if (strchr(argv[0], '/')) {
		try_exec(argv[0], argv);
		err = errno;
		sh_err(argv[0], err);
		_exit(err == ENOENT ? 127 : 126);
	}
	path = getenv("PATH");
	if (!path || !*path)
		path = "/bin";
	for (p = path;; p++) {
		const char *e = strchr(p, ':');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		struct str full = { 0 };

		sh_str_addn(&full, n ? p : ".", n ? n : 1);
		sh_str_addc(&full, '/');
		sh_str_adds(&full, argv[0]);
		try_exec(full.s, argv);
		if (errno != ENOENT && errno != ENOTDIR)
			err = errno;    /* e.g. EACCES: report it if nothing runs */
		free(full.s);
		if (!e)
			break;
		p = e;
	}
	sh_err(argv[0], err);
	_exit(err == ENOENT ? 127 : 126);
}

static int child_bg;               /* the next child is part of an '&' pipeline */

/* In a child: expand and run one command of a pipeline. Never returns. */
static void run_in_child(const struct cmd *c)
{
	struct expanded x;
	int (*fn)(char **);

	if (sh_script_fd > 2)
		close(sh_script_fd);
	if (sh_job_control) {
		signal(SIGINT, SIG_DFL);       /* the shell ignores ^C; its jobs do not */
		sh_jobs_child(sh_child_pgid);
	} else if (child_bg) {
		/* Without job control an '&' job reads /dev/null, not the
		 * shell's input, unless it redirects (POSIX). */
		int fd = open("/dev/null", O_RDONLY);
		if (fd > 0) {
			dup2(fd, 0);
			close(fd);
		}
	}
	sh_expand_cmd(c, &x);
	if (do_redirs(c, NULL) < 0)
		_exit(1);
	if (sh_set_assignments(&x))
		_exit(1);
	if (x.argc == 0)
		_exit(0);
	fn = sh_find_builtin(x.argv[0]);
	if (fn) {
		int st = fn(x.argv);
		fflush(stdout);
		_exit(st);
	}
	exec_cmd(x.argv);
}

int sh_job_control;
pid_t sh_child_pgid;               /* the group the next child joins (0: its own) */

/* Tell the terminal which pid ^C should reach while we wait (0: none). */
static void foreground(pid_t pid)
{
#ifdef TTY_SETFG
	if (sh_job_control) {
		int p = (int)pid;
		ioctl(0, TTY_SETFG, &p);
	}
#else
	(void)pid;
#endif
}

static int wait_status(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			sh_err("waitpid", errno);
			return 1;
		}
	}
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 1;
}

/* A single command whose name is a builtin (or that has no name) runs in
 * the shell; anything else in a child. */
static int run_simple(const struct cmd *c)
{
	struct expanded x;
	int (*fn)(char **) = NULL;
	int st;

	sh_expand_cmd(c, &x);
	if (x.argc > 0)
		fn = sh_find_builtin(x.argv[0]);
	if (x.argc == 0 || fn) {
		struct saved save = { { 0 }, { 0 } };
		if (do_redirs(c, &save) < 0) {
			st = 1;
		} else if (x.argc == 0) {
			st = sh_set_assignments(&x);
		} else {
			/* Assignments before a builtin stay set. */
			st = sh_set_assignments(&x);
			if (st == 0)
				st = fn(x.argv);
		}
		restore_fds(&save);
		sh_expanded_free(&x);
		return st;
	}
	sh_expanded_free(&x);

	pid_t pid = fork();
	if (pid < 0) {
		sh_err("fork", errno);
		return 1;
	}
	if (pid == 0)
		run_in_child(c);
	if (sh_job_control) {
		sh_jobs_parent(pid, pid);
		return sh_jobs_wait(&pid, 1, c->nwords ? c->words[0] : "");
	}
	foreground(pid);
	st = wait_status(pid);
	foreground(0);
	return st;
}

static int run_pipeline(const struct pipeline *p)
{
	pid_t *pids;
	int prev = -1, st = 0;
	size_t started = 0;

	if (p->ncmds == 1 && !p->bg)
		return run_simple(&p->cmds[0]);

	/* Every command in a child ('&': a builtin too, as in a subshell). */
	pids = xmalloc(p->ncmds * sizeof *pids);
	sh_child_pgid = 0;
	for (size_t i = 0; i < p->ncmds; i++) {
		int fds[2] = { -1, -1 };
		int last = i + 1 == p->ncmds;

		child_bg = p->bg && i == 0;     /* the first reads /dev/null (run_in_child) */
		if (!last && pipe(fds) < 0) {
			sh_err("pipe", errno);
			st = 1;
			break;
		}
		pid_t pid = fork();
		if (pid < 0) {
			sh_err("fork", errno);
			if (!last) {
				close(fds[0]);
				close(fds[1]);
			}
			st = 1;
			break;
		}
		if (pid == 0) {
			if (prev >= 0) {
				dup2(prev, 0);
				close(prev);
			}
			if (!last) {
				close(fds[0]);
				if (fds[1] != 1) {
					dup2(fds[1], 1);
					close(fds[1]);
				}
			}
			run_in_child(&p->cmds[i]);
		}
		pids[started++] = pid;
		if (sh_job_control) {
			sh_jobs_parent(pid, pids[0]);
			sh_child_pgid = pids[0];
		}
		if (prev >= 0)
			close(prev);
		if (!last) {
			close(fds[1]);
			prev = fds[0];
		}
	}
	if (prev >= 0 && started < p->ncmds)
		close(prev);
	child_bg = 0;
	if (p->bg) {
		sh_child_pgid = 0;
		if (started)
			sh_jobs_background(pids, started, p->cmds[0].nwords ? p->cmds[0].words[0] : "");
		free(pids);
		return started == p->ncmds ? 0 : st;
	}
	if (sh_job_control && started) {
		sh_child_pgid = 0;
		int s = sh_jobs_wait(pids, started, p->cmds[0].nwords ? p->cmds[0].words[0] : "");
		free(pids);
		return started == p->ncmds ? s : st;
	}
	if (started)
		foreground(pids[started - 1]);
	for (size_t i = 0; i < started; i++) {
		int s = wait_status(pids[i]);
		if (i + 1 == p->ncmds)
			st = s;
	}
	foreground(0);
	free(pids);
	return st;
}

void sh_run_list(const struct list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct pipeline *p = &l->v[i];
		if (p->conn == T_AND && sh_last_status != 0)
			continue;
		if (p->conn == T_OR && sh_last_status == 0)
			continue;
		sh_last_status = run_pipeline(p);
	}
}
