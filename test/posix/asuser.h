/*
 * For the permission tests: run a function in a child that has dropped
 * to an ordinary user (setgroups, setgid, setuid, in that order, as a
 * login does). The function returns 0 for success or an errno value;
 * as_user returns it (the child's exit status), or -1 when the child
 * could not become the user or did not exit normally.
 */
#ifndef TEST_POSIX_ASUSER_H
#define TEST_POSIX_ASUSER_H

#include <errno.h>
#include <grp.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define USER_UID 1000
#define USER_GID 1000

static int as_user_groups(uid_t uid, gid_t gid, int ngroups, const gid_t *groups, int (*fn)(void))
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (setgroups(ngroups, groups) != 0 || setgid(gid) != 0 || setuid(uid) != 0)
			_exit(250);
		if (getuid() != uid || geteuid() != uid || getgid() != gid || getegid() != gid)
			_exit(251);
		_exit(fn() & 0xff);
	}
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status) >= 250 ? -1 : WEXITSTATUS(status);
}

static int as_user(int (*fn)(void))
{
	return as_user_groups(USER_UID, USER_GID, 0, NULL, fn);
}

/* 0 if r succeeded, else errno: the value a test function returns. */
static inline int err_of(int r)
{
	return r < 0 ? errno : 0;
}

#endif
