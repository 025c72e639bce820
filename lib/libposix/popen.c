/*
 * popen and pclose: a child running `/bin/sh -c command` with one end of
 * a pipe as its stdin ("w") or stdout ("r"); the other end is the
 * returned stream. The child's pid is kept with the stream's descriptor
 * so pclose can wait for exactly that child. Streams opened earlier by
 * popen are closed in every new child, as POSIX requires.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* One open popen stream; a singly linked list, not shared between
 * processes (a forked child drops its copy: see the loop in popen). */
struct popen_ent {
	struct popen_ent *next;
	FILE *fp;
	pid_t pid;
};

static struct popen_ent *popen_list;

FILE *popen(const char *command, const char *mode)
{
	if (!command || !mode || (strcmp(mode, "r") != 0 && strcmp(mode, "w") != 0 &&
				  strcmp(mode, "re") != 0 && strcmp(mode, "we") != 0)) {
		errno = EINVAL;
		return NULL;
	}
	int reading = mode[0] == 'r';
	struct popen_ent *ent = malloc(sizeof(*ent));
	if (!ent)
		return NULL;
	int fds[2];
	if (pipe(fds) < 0) {
		free(ent);
		return NULL;
	}
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(fds[0]);
		close(fds[1]);
		free(ent);
		errno = e;
		return NULL;
	}
	if (pid == 0) {
		for (struct popen_ent *p = popen_list; p; p = p->next)
			close(fileno(p->fp));
		int child_end = reading ? fds[1] : fds[0];
		int want = reading ? STDOUT_FILENO : STDIN_FILENO;
		close(reading ? fds[0] : fds[1]);
		if (child_end != want) {
			dup2(child_end, want);
			close(child_end);
		}
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(127);
	}
	close(reading ? fds[1] : fds[0]);
	FILE *fp = fdopen(reading ? fds[0] : fds[1], reading ? "r" : "w");
	if (!fp) {
		int e = errno;
		close(reading ? fds[0] : fds[1]);
		waitpid(pid, NULL, 0);
		free(ent);
		errno = e;
		return NULL;
	}
	ent->fp = fp;
	ent->pid = pid;
	ent->next = popen_list;
	popen_list = ent;
	return fp;
}

/* Closes the stream, waits for its child and returns the child's wait
 * status; -1 with ECHILD for a stream popen did not open. */
int pclose(FILE *fp)
{
	struct popen_ent **pp = &popen_list;
	while (*pp && (*pp)->fp != fp)
		pp = &(*pp)->next;
	if (!*pp) {
		errno = ECHILD;
		return -1;
	}
	struct popen_ent *ent = *pp;
	*pp = ent->next;
	pid_t pid = ent->pid;
	free(ent);
	fclose(fp);
	int status;
	pid_t r;
	while ((r = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	return r < 0 ? -1 : status;
}
