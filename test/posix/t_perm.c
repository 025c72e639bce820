/* Permissions as an ordinary user (uid 1000, gid 1000): refused where
 * POSIX says (EACCES, EPERM), allowed on its own files and through its
 * groups; uid 0's bypass; new files' owner and umask; the sticky /tmp. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>
#include "ptest.h"
#include "asuser.h"

#define D "/tmp/perm"

static void mkfile(const char *path, mode_t mode, uid_t uid, gid_t gid)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		write(fd, "data\n", 5);
		close(fd);
	}
	chown(path, uid, gid);
	chmod(path, mode);
}

static void setup(void)
{
	unlink(D "/userdir/mine");           /* from an earlier run */
	rmdir(D "/userdir/sub");
	unlink(D "/sgid/f");
	mkdir(D, 0755);
	chmod(D, 0755);
	mkfile(D "/secret", 0600, 0, 0);
	mkfile(D "/public", 0644, 0, 0);
	mkfile(D "/shared", 0666, 0, 0);
	mkfile(D "/grpfile", 0640, 0, 500);
	mkfile(D "/noexec", 0644, 0, 0);
	mkdir(D "/nosearch", 0700);
	mkfile(D "/nosearch/f", 0644, 0, 0);
	mkdir(D "/userdir", 0755);
	chown(D "/userdir", USER_UID, USER_GID);
	mkfile(D "/userdir/g0", 0644, USER_UID, 0);
	mkdir(D "/sgid", 0777);
	chown(D "/sgid", 0, 500);
	chmod(D "/sgid", 02777);
	mkfile("/tmp/perm_rootfile", 0666, 0, 0);
}

/* Moving a directory to another parent rewrites its "..": the mover must
 * be allowed to write it, besides both parents (EACCES). Both parents
 * here are writable by everyone; mv_a/rootsub is root's, mode 0755;
 * mv_a/usersub is the user's. */
static void setup_rename_dir(void)
{
	rmdir(D "/mv_a/rootsub");
	rmdir(D "/mv_b/rootsub");
	rmdir(D "/mv_a/rootsub2");
	rmdir(D "/mv_a/usersub");
	rmdir(D "/mv_b/usersub");
	mkdir(D "/mv_a", 0777);
	chmod(D "/mv_a", 0777);
	mkdir(D "/mv_b", 0777);
	chmod(D "/mv_b", 0777);
	mkdir(D "/mv_a/rootsub", 0755);
	chmod(D "/mv_a/rootsub", 0755);
	mkdir(D "/mv_a/usersub", 0755);
	chown(D "/mv_a/usersub", USER_UID, USER_GID);
}
static int rename_rootdir_across(void) { return err_of(rename(D "/mv_a/rootsub", D "/mv_b/rootsub")); }
static int rename_rootdir_within(void) { return err_of(rename(D "/mv_a/rootsub", D "/mv_a/rootsub2")); }
static int rename_owndir_across(void) { return err_of(rename(D "/mv_a/usersub", D "/mv_b/usersub")); }

static int read_secret(void) { return err_of(open(D "/secret", O_RDONLY)); }
static int write_public(void) { return err_of(open(D "/public", O_WRONLY)); }
static int trunc_public(void) { return err_of(open(D "/public", O_RDONLY | O_TRUNC)); }
static int read_public(void) { return err_of(open(D "/public", O_RDONLY)); }
static int create_in_rootdir(void) { return err_of(open(D "/new", O_WRONLY | O_CREAT, 0644)); }
static int mkdir_in_rootdir(void) { return err_of(mkdir(D "/newdir", 0755)); }
static int unlink_in_rootdir(void) { return err_of(unlink(D "/public")); }
static int search_nosearch(void) { struct stat st; return err_of(stat(D "/nosearch/f", &st)); }
static int chdir_nosearch(void) { return err_of(chdir(D "/nosearch")); }
static int exec_noexec(void)
{
	char *argv[] = { D "/noexec", NULL };
	execv(argv[0], argv);
	return errno;
}
static int unlink_sticky(void) { return err_of(unlink("/tmp/perm_rootfile")); }
static int rename_sticky(void) { return err_of(rename("/tmp/perm_rootfile", "/tmp/perm_mine")); }
static int own_in_sticky(void)
{
	int fd = open("/tmp/perm_userfile", O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0)
		return errno;
	close(fd);
	return err_of(unlink("/tmp/perm_userfile"));
}
static int chmod_other(void) { return err_of(chmod(D "/shared", 0777)); }
static int chown_other(void) { return err_of(chown(D "/shared", USER_UID, USER_GID)); }
static int truncate_public(void) { return err_of(truncate(D "/public", 0)); }
static int setuid_back(void) { return err_of(setuid(0)); }
static int utime_now_shared(void) { return err_of(utime(D "/shared", NULL)); }
static int utime_set_shared(void)
{
	struct utimbuf t = { 1000, 2000 };
	return err_of(utime(D "/shared", &t));
}

/* In its own directory: create, mode with the umask, owner, chown to one
 * of its groups and not to others, chmod, explicit times. 0, or the step
 * that failed (100 + n). */
static int own_files(void)
{
	umask(027);
	int fd = open(D "/userdir/mine", O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (fd < 0)
		return 101;
	close(fd);
	struct stat st;
	if (stat(D "/userdir/mine", &st) != 0)
		return 102;
	if (st.st_uid != USER_UID || st.st_gid != USER_GID || (st.st_mode & 07777) != 0640)
		return 103;
	if (chmod(D "/userdir/mine", 0604) != 0)
		return 104;
	if (chown(D "/userdir/mine", 0, (gid_t)-1) == 0 || errno != EPERM)
		return 105;                  /* giving it away */
	if (chown(D "/userdir/mine", (uid_t)-1, 0) == 0 || errno != EPERM)
		return 106;                  /* a group it is not in */
	if (chown(D "/userdir/mine", (uid_t)-1, 500) != 0)
		return 107;                  /* its supplementary group */
	struct utimbuf t = { 1000000, 2000000 };
	if (utime(D "/userdir/mine", &t) != 0)
		return 108;
	if (stat(D "/userdir/mine", &st) != 0 || st.st_gid != 500 || st.st_mtime != 2000000 ||
	    st.st_atime != 1000000)
		return 109;
	if (mkdir(D "/userdir/sub", 0777) != 0 || stat(D "/userdir/sub", &st) != 0 ||
	    (st.st_mode & 07777) != 0750 || st.st_uid != USER_UID)
		return 110;
	/* chmod keeps set-group-ID on a file of one of its groups... */
	if (chown(D "/userdir/mine", (uid_t)-1, USER_GID) != 0 ||
	    chmod(D "/userdir/mine", 02644) != 0 || stat(D "/userdir/mine", &st) != 0 ||
	    (st.st_mode & 07777) != 02644)
		return 111;
	/* ...and clears it on one whose group it is not in (root set it up). */
	if (chmod(D "/userdir/g0", 02644) != 0 || stat(D "/userdir/g0", &st) != 0 ||
	    (st.st_mode & 07777) != 0644)
		return 112;
	return 0;
}

/* A new file in a set-group-ID directory takes the directory's group. */
static int sgid_dir(void)
{
	int fd = open(D "/sgid/f", O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0)
		return 101;
	close(fd);
	struct stat st;
	if (stat(D "/sgid/f", &st) != 0 || st.st_gid != 500 || st.st_uid != USER_UID)
		return 102;
	return 0;
}

static int kill_root(void) { return err_of(kill(getppid(), 0)); }
static int kill_own(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	int r = err_of(kill(pid, SIGTERM));
	waitpid(pid, NULL, 0);
	return r;
}

static int read_grpfile(void) { return err_of(open(D "/grpfile", O_RDONLY)); }

int main(void)
{
	PTEST_BEGIN("t_perm");
	setup();
	int r;
	r = as_user(read_secret);
	CHECK("read_0600_refused", r == EACCES, "got %d", r);
	r = as_user(read_public);
	CHECK("read_0644_allowed", r == 0, "got %d", r);
	r = as_user(write_public);
	CHECK("write_0644_refused", r == EACCES, "got %d", r);
	r = as_user(trunc_public);
	CHECK("o_trunc_needs_write", r == EACCES, "got %d", r);
	r = as_user(truncate_public);
	CHECK("truncate_needs_write", r == EACCES, "got %d", r);
	r = as_user(create_in_rootdir);
	CHECK("create_in_0755_root_dir_refused", r == EACCES, "got %d", r);
	r = as_user(mkdir_in_rootdir);
	CHECK("mkdir_in_0755_root_dir_refused", r == EACCES, "got %d", r);
	r = as_user(unlink_in_rootdir);
	CHECK("unlink_in_0755_root_dir_refused", r == EACCES, "got %d", r);
	r = as_user(search_nosearch);
	CHECK("search_0700_dir_refused", r == EACCES, "got %d", r);
	r = as_user(chdir_nosearch);
	CHECK("chdir_0700_dir_refused", r == EACCES, "got %d", r);
	r = as_user(exec_noexec);
	CHECK("exec_0644_refused", r == EACCES, "got %d", r);
	r = exec_noexec();
	CHECK("exec_0644_refused_to_root_too", r == EACCES, "got %d", r);
	r = as_user(unlink_sticky);
	CHECK("sticky_tmp_unlink_others_refused", r == EPERM, "got %d", r);
	r = as_user(rename_sticky);
	CHECK("sticky_tmp_rename_others_refused", r == EPERM, "got %d", r);
	r = as_user(own_in_sticky);
	CHECK("sticky_tmp_own_file_allowed", r == 0, "got %d", r);
	r = as_user(chmod_other);
	CHECK("chmod_others_file_refused", r == EPERM, "got %d", r);
	r = as_user(chown_other);
	CHECK("chown_others_file_refused", r == EPERM, "got %d", r);
	r = as_user(setuid_back);
	CHECK("setuid_0_refused", r == EPERM, "got %d", r);
	r = as_user(utime_now_shared);
	CHECK("utime_now_with_write_access", r == 0, "got %d", r);
	r = as_user(utime_set_shared);
	CHECK("utime_explicit_not_owner_refused", r == EPERM, "got %d", r);
	r = as_user(kill_root);
	CHECK("kill_root_process_refused", r == EPERM, "got %d", r);
	r = as_user(kill_own);
	CHECK("kill_own_process_allowed", r == 0, "got %d", r);
	gid_t g500[] = { 500 };
	r = as_user_groups(USER_UID, USER_GID, 1, g500, own_files);
	CHECK("own_files_umask_owner_chown_utime", r == 0, "step %d", r);
	r = as_user_groups(USER_UID, USER_GID, 1, g500, read_grpfile);
	CHECK("group_bits_through_supplementary_group", r == 0, "got %d", r);
	r = as_user(read_grpfile);
	CHECK("group_bits_refused_outside_the_group", r == EACCES, "got %d", r);
	r = as_user(sgid_dir);
	CHECK("setgid_dir_gives_its_group", r == 0, "step %d", r);

	setup_rename_dir();
	struct stat mst;
	r = as_user(rename_rootdir_across);
	CHECK("rename_dir_across_needs_write_on_it", r == EACCES && stat(D "/mv_a/rootsub", &mst) == 0,
	      "got %d", r);
	r = as_user(rename_owndir_across);
	CHECK("rename_own_dir_across_allowed", r == 0 && stat(D "/mv_b/usersub", &mst) == 0, "got %d", r);
	r = as_user(rename_rootdir_within);
	CHECK("rename_dir_within_parent_allowed", r == 0 && stat(D "/mv_a/rootsub2", &mst) == 0, "got %d", r);
	CHECK("rename_dir_across_root_allowed", rename(D "/mv_a/rootsub2", D "/mv_b/rootsub") == 0,
	      "errno %d", errno);

	/* uid 0 reads and writes anything. */
	chmod(D "/secret", 0);
	int fd = open(D "/secret", O_RDWR);
	CHECK("root_bypasses_rw", fd >= 0, "errno %d", errno);
	if (fd >= 0)
		close(fd);
	struct stat st;
	CHECK("root_chown", chown(D "/shared", 7, 8) == 0 && stat(D "/shared", &st) == 0 &&
	      st.st_uid == 7 && st.st_gid == 8, "errno %d", errno);
	chmod(D "/public", 06755);
	CHECK("chown_clears_setid", chown(D "/public", 0, 0) == 0 && stat(D "/public", &st) == 0 &&
	      (st.st_mode & 07777) == 0755, "mode %o", (unsigned)st.st_mode);
	unlink("/tmp/perm_rootfile");
	return ptest_done();
}
