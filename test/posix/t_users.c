/* The user database (/etc/passwd, /etc/group) through getpw* and getgr*,
 * getgrouplist/initgroups, getlogin, and the id, chmod and chown tools. */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "ptest.h"

/* Run argv with stdout into out; the wait status. */
static int run(char *const argv[], char *out, size_t size)
{
	int p[2];
	if (pipe(p) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	size_t got = 0;
	ssize_t n;
	while (got + 1 < size && (n = read(p[0], out + got, size - 1 - got)) > 0)
		got += (size_t)n;
	out[got] = 0;
	close(p[0]);
	int status = -1;
	waitpid(pid, &status, 0);
	return status;
}

static void test_passwd(void)
{
	struct passwd *pw = getpwnam("root");
	CHECK("getpwnam_root", pw && pw->pw_uid == 0 && pw->pw_gid == 0 && !strcmp(pw->pw_shell, "/bin/sh"),
	      "%p", (void *)pw);
	pw = getpwnam("user");
	CHECK("getpwnam_user", pw && pw->pw_uid == 1000 && pw->pw_gid == 1000 &&
	      !strcmp(pw->pw_dir, "/home/user"), "%p", (void *)pw);
	pw = getpwuid(1000);
	CHECK("getpwuid_1000", pw && !strcmp(pw->pw_name, "user"), "%p", (void *)pw);
	CHECK("getpwnam_unknown", getpwnam("nobody-here") == NULL, "found");
	CHECK("getpwuid_unknown", getpwuid(4242) == NULL, "found");

	struct passwd e, *res = NULL;
	char buf[256];
	CHECK("getpwnam_r", getpwnam_r("user", &e, buf, sizeof(buf), &res) == 0 && res == &e &&
	      e.pw_uid == 1000, "res %p", (void *)res);
	CHECK("getpwuid_r_none", getpwuid_r(4242, &e, buf, sizeof(buf), &res) == 0 && res == NULL,
	      "res %p", (void *)res);
	char tiny[8];
	CHECK("getpwnam_r_erange", getpwnam_r("user", &e, tiny, sizeof(tiny), &res) == ERANGE &&
	      res == NULL, "res %p", (void *)res);

	int n = 0, saw_root = 0, saw_user = 0;
	setpwent();
	while ((pw = getpwent()) != NULL) {
		n++;
		saw_root |= !strcmp(pw->pw_name, "root");
		saw_user |= !strcmp(pw->pw_name, "user");
	}
	setpwent();
	pw = getpwent();
	CHECK("getpwent_all_then_rewind", n == 2 && saw_root && saw_user && pw &&
	      !strcmp(pw->pw_name, "root"), "n %d", n);
	endpwent();
}

static void test_group(void)
{
	struct group *gr = getgrnam("users");
	CHECK("getgrnam_users", gr && gr->gr_gid == 100 && gr->gr_mem[0] &&
	      !strcmp(gr->gr_mem[0], "user") && !gr->gr_mem[1], "%p", (void *)gr);
	gr = getgrgid(1000);
	CHECK("getgrgid_1000", gr && !strcmp(gr->gr_name, "user") && !gr->gr_mem[0], "%p", (void *)gr);
	CHECK("getgrnam_unknown", getgrnam("nogroup-here") == NULL, "found");
	int n = 0;
	setgrent();
	while (getgrent())
		n++;
	endgrent();
	CHECK("getgrent_all", n == 3, "n %d", n);

	gid_t g[8];
	int ng = 8;
	CHECK("getgrouplist_user", getgrouplist("user", 1000, g, &ng) == 2 && ng == 2 &&
	      g[0] == 1000 && g[1] == 100, "ng %d", ng);
	ng = 1;
	CHECK("getgrouplist_too_small", getgrouplist("user", 1000, g, &ng) == -1 && ng == 2, "ng %d", ng);

	pid_t pid = fork();
	if (pid == 0) {
		gid_t got[4];
		_exit(initgroups("user", 1000) == 0 && getgroups(4, got) == 2 && got[1] == 100 ? 0 : 1);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	CHECK("initgroups", WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %x", status);
}

static void test_login(void)
{
	unsetenv("LOGNAME");
	char *l = getlogin();
	CHECK("getlogin_from_uid", l && !strcmp(l, "root"), "%s", l ? l : "(null)");
	setenv("LOGNAME", "someone", 1);
	l = getlogin();
	CHECK("getlogin_from_logname", l && !strcmp(l, "someone"), "%s", l ? l : "(null)");
	unsetenv("LOGNAME");
}

static void test_tools(void)
{
	char out[256];
	int s = run((char *[]){ "/bin/id", NULL }, out, sizeof(out));
	CHECK("id_root", s == 0 && !strcmp(out, "uid=0(root) gid=0(root) groups=0(root)\n"), "[%s]", out);
	s = run((char *[]){ "/bin/id", "-un", NULL }, out, sizeof(out));
	CHECK("id_un", s == 0 && !strcmp(out, "root\n"), "[%s]", out);
	/* The user's view (groups as a login would set them). */
	int fds[2];
	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		gid_t g[] = { 100 };
		if (setgroups(1, g) || setgid(1000) || setuid(1000))
			_exit(2);
		execv("/bin/id", (char *[]){ "/bin/id", NULL });
		_exit(127);
	}
	close(fds[1]);
	ssize_t n = read(fds[0], out, sizeof(out) - 1);
	out[n > 0 ? n : 0] = 0;
	close(fds[0]);
	waitpid(pid, &s, 0);
	CHECK("id_user", !strcmp(out, "uid=1000(user) gid=1000(user) groups=1000(user),100(users)\n"),
	      "[%s]", out);
	s = run((char *[]){ "/bin/id", "-G", NULL }, out, sizeof(out));
	CHECK("id_G", s == 0 && !strcmp(out, "0\n"), "[%s]", out);

	FILE *f = fopen("/tmp/users_tool", "w");
	if (f)
		fclose(f);
	struct stat st;
	s = run((char *[]){ "/bin/chmod", "751", "/tmp/users_tool", NULL }, out, sizeof(out));
	CHECK("chmod_octal", s == 0 && stat("/tmp/users_tool", &st) == 0 && (st.st_mode & 07777) == 0751,
	      "mode %o", (unsigned)st.st_mode);
	s = run((char *[]){ "/bin/chmod", "u-x,g+w,o=r", "/tmp/users_tool", NULL }, out, sizeof(out));
	CHECK("chmod_symbolic", s == 0 && stat("/tmp/users_tool", &st) == 0 &&
	      (st.st_mode & 07777) == 0674, "mode %o", (unsigned)st.st_mode);
	s = run((char *[]){ "/bin/chmod", "a+X,u+s", "/tmp/users_tool", NULL }, out, sizeof(out));
	CHECK("chmod_X_and_s", s == 0 && stat("/tmp/users_tool", &st) == 0 &&
	      (st.st_mode & 07777) == 04775, "mode %o", (unsigned)st.st_mode);
	s = run((char *[]){ "/bin/chmod", "u+q", "/tmp/users_tool", NULL }, out, sizeof(out));
	CHECK("chmod_bad_mode", WIFEXITED(s) && WEXITSTATUS(s) == 1, "status %x", s);
	s = run((char *[]){ "/bin/chown", "user:users", "/tmp/users_tool", NULL }, out, sizeof(out));
	CHECK("chown_names", s == 0 && stat("/tmp/users_tool", &st) == 0 && st.st_uid == 1000 &&
	      st.st_gid == 100, "uid %d gid %d", st.st_uid, st.st_gid);
	s = run((char *[]){ "/bin/chown", "0:0", "/tmp/users_tool", NULL }, out, sizeof(out));
	CHECK("chown_numbers", s == 0 && stat("/tmp/users_tool", &st) == 0 && st.st_uid == 0 &&
	      st.st_gid == 0, "uid %d gid %d", st.st_uid, st.st_gid);
	s = run((char *[]){ "/bin/chown", "nosuchuser", "/tmp/users_tool", NULL }, out, sizeof(out));
	CHECK("chown_unknown_user", WIFEXITED(s) && WEXITSTATUS(s) == 1, "status %x", s);
	unlink("/tmp/users_tool");
	CHECK("home_is_the_users", stat("/home/user", &st) == 0 && st.st_uid == 1000 &&
	      st.st_gid == 1000 && S_ISDIR(st.st_mode), "uid %d", st.st_uid);
}

int main(void)
{
	PTEST_BEGIN("t_users");
	test_passwd();
	test_group();
	test_login();
	test_tools();
	return ptest_done();
}
