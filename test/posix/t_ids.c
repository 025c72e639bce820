/* User and group ids: the set*id rules for uid 0 and for an ordinary
 * user, supplementary groups, inheritance on fork, access() with the
 * real ids against eaccess() with the effective ones, and exec of a
 * set-user-ID program. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ptest.h"
#include "asuser.h"

#define HELPER "/test/helpers/ids"

/* As the user (groups 500, 501): 0 or the failing step (100 + n). */
static int user_rules(void)
{
	if (getuid() != USER_UID || geteuid() != USER_UID || getgid() != USER_GID)
		return 101;
	if (getgroups(0, NULL) != 2)
		return 102;
	gid_t g[NGROUPS_MAX];
	if (getgroups(1, g) != -1 || errno != EINVAL)
		return 103;
	if (getgroups(NGROUPS_MAX, g) != 2 || g[0] != 500 || g[1] != 501)
		return 104;
	if (setuid(0) != -1 || errno != EPERM)
		return 105;
	if (seteuid(0) != -1 || errno != EPERM)
		return 106;
	if (setgid(0) != -1 || errno != EPERM)
		return 107;
	if (setegid(0) != -1 || errno != EPERM)
		return 108;
	if (setgroups(0, NULL) != -1 || errno != EPERM)
		return 109;
	if (setreuid(0, (uid_t)-1) != -1 || errno != EPERM)
		return 110;
	if (setuid((uid_t)-1) != -1 || errno != EINVAL)
		return 111;
	if (setuid(USER_UID) != 0 || seteuid(USER_UID) != 0 || setreuid((uid_t)-1, (uid_t)-1) != 0)
		return 112;                  /* to its own ids: allowed */
	/* fork keeps them all. */
	pid_t pid = fork();
	if (pid == 0)
		_exit(getuid() == USER_UID && geteuid() == USER_UID && getegid() == USER_GID &&
		      getgroups(0, NULL) == 2 ? 0 : 1);
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return 113;
	return 0;
}

/* Still uid 0 really, effective 1000: access() (real) vs eaccess()
 * (effective), then back to 0 through the saved uid. */
static int real_vs_effective(void)
{
	if (seteuid(USER_UID) != 0 || getuid() != 0 || geteuid() != USER_UID)
		return 101;
	if (access("/tmp/ids_secret", R_OK) != 0)
		return 102;
	if (eaccess("/tmp/ids_secret", R_OK) != -1 || errno != EACCES)
		return 103;
	if (faccessat(AT_FDCWD, "/tmp/ids_secret", R_OK, AT_EACCESS) != -1 || errno != EACCES)
		return 104;
	if (open("/tmp/ids_secret", O_RDONLY) != -1 || errno != EACCES)
		return 105;                  /* open checks the effective ids */
	if (access("/tmp/ids_secret", F_OK) != 0 || access("/tmp/ids_nothing", F_OK) != -1 ||
	    errno != ENOENT)
		return 106;
	/* The real ids search the path too: root's 0700 directory. */
	struct stat st;
	if (access("/tmp/ids_dir/f", F_OK) != 0 || eaccess("/tmp/ids_dir/f", F_OK) != -1 ||
	    errno != EACCES || stat("/tmp/ids_dir/f", &st) != -1 || errno != EACCES)
		return 111;
	if (seteuid(0) != 0 || geteuid() != 0)
		return 107;                  /* the saved uid is 0 */
	/* setreuid(1000, -1) as root: real 1000; the saved uid follows
	 * the effective one (0). */
	if (setreuid(USER_UID, (uid_t)-1) != 0 || getuid() != USER_UID || geteuid() != 0)
		return 108;
	if (access("/tmp/ids_secret", R_OK) != -1 || errno != EACCES)
		return 109;
	/* setuid as root changes all three: no way back. */
	if (setuid(USER_UID) != 0 || seteuid(0) != -1 || errno != EPERM)
		return 110;
	return 0;
}

static int run_helper(void)
{
	char *argv[] = { HELPER, NULL };
	execv(argv[0], argv);
	return 99;
}

int main(void)
{
	PTEST_BEGIN("t_ids");
	CHECK("root_at_start", getuid() == 0 && geteuid() == 0 && getgid() == 0 && getegid() == 0,
	      "%d %d %d %d", getuid(), geteuid(), getgid(), getegid());
	CHECK("no_groups_at_start", getgroups(0, NULL) == 0, "%d", getgroups(0, NULL));
	CHECK("setgroups_too_many", setgroups(NGROUPS_MAX + 1, (gid_t[NGROUPS_MAX + 1]){ 0 }) == -1 &&
	      errno == EINVAL, "errno %d", errno);

	gid_t groups[] = { 500, 501 };
	int r = as_user_groups(USER_UID, USER_GID, 2, groups, user_rules);
	CHECK("user_set_id_rules", r == 0, "step %d", r);

	int fd = open("/tmp/ids_secret", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0)
		close(fd);
	mkdir("/tmp/ids_dir", 0700);
	fd = open("/tmp/ids_dir/f", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0)
		close(fd);
	pid_t pid = fork();
	if (pid == 0)
		_exit(real_vs_effective());
	int status = -1;
	waitpid(pid, &status, 0);
	CHECK("access_real_vs_effective", WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "step %d", WEXITSTATUS(status));

	/* Set-user-ID exec: the user runs a root-owned 4755 program. */
	chmod(HELPER, 04755);
	r = as_user(run_helper);
	CHECK("setuid_exec_gives_owner_euid", r == (1 | 2 | 8), "helper says %d", r);
	chmod(HELPER, 0755);
	r = as_user(run_helper);
	CHECK("plain_exec_keeps_user_ids", r == 2, "helper says %d", r);
	chmod(HELPER, 02755);
	r = as_user(run_helper);
	CHECK("setgid_exec_gives_group_egid", r == (2 | 4), "helper says %d", r);
	chmod(HELPER, 0755);
	unlink("/tmp/ids_secret");
	unlink("/tmp/ids_dir/f");
	rmdir("/tmp/ids_dir");
	return ptest_done();
}
