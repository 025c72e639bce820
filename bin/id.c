/*
 * id [-u | -g | -G] [-n] [-r]: print the process's user and group ids.
 * Without options: "uid=0(root) gid=0(root) groups=0(root),..." (euid=
 * and egid= too when they differ from the real ones). -u, -g: the
 * effective uid or gid (-r: the real one); -G: every group id; -n:
 * names instead of numbers.
 */
#include "common.h"

#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

#define USAGE "[-u | -g | -G] [-n] [-r]"

static void print_user(uid_t uid, int names)
{
	struct passwd *pw = getpwuid(uid);
	if (names && pw)
		printf("%s", pw->pw_name);
	else
		printf("%u", (unsigned)uid);
}

static void print_group(gid_t gid, int names)
{
	struct group *gr = getgrgid(gid);
	if (names && gr)
		printf("%s", gr->gr_name);
	else
		printf("%u", (unsigned)gid);
}

/* "id(name)", the name only when there is one. */
static void print_both(unsigned id, const char *name)
{
	printf("%u", id);
	if (name)
		printf("(%s)", name);
}

static const char *user_name(uid_t uid)
{
	struct passwd *pw = getpwuid(uid);
	return pw ? pw->pw_name : NULL;
}

static const char *group_name(gid_t gid)
{
	struct group *gr = getgrgid(gid);
	return gr ? gr->gr_name : NULL;
}

int main(int argc, char **argv)
{
	char opt[128];
	progname = "id";
	int i = parse_opts(argc, argv, "ugGnr", opt, USAGE);
	if (i != argc || opt['u'] + opt['g'] + opt['G'] > 1)
		usage_exit(USAGE);
	uid_t ruid = getuid(), euid = geteuid();
	gid_t rgid = getgid(), egid = getegid();
	gid_t groups[NGROUPS_MAX];
	int n = getgroups(NGROUPS_MAX, groups);
	if (n < 0)
		n = 0;

	if (opt['u']) {
		print_user(opt['r'] ? ruid : euid, opt['n']);
	} else if (opt['g']) {
		print_group(opt['r'] ? rgid : egid, opt['n']);
	} else if (opt['G']) {
		print_group(egid, opt['n']);
		for (int k = 0; k < n; k++) {
			if (groups[k] == egid)
				continue;
			printf(" ");
			print_group(groups[k], opt['n']);
		}
	} else {
		printf("uid=");
		print_both(ruid, user_name(ruid));
		printf(" gid=");
		print_both(rgid, group_name(rgid));
		if (euid != ruid) {
			printf(" euid=");
			print_both(euid, user_name(euid));
		}
		if (egid != rgid) {
			printf(" egid=");
			print_both(egid, group_name(egid));
		}
		printf(" groups=");
		print_both(egid, group_name(egid));
		for (int k = 0; k < n; k++) {
			if (groups[k] == egid)
				continue;
			printf(",");
			print_both(groups[k], group_name(groups[k]));
		}
	}
	printf("\n");
	return finish_stdout(0);
}
