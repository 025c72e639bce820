/*
 * getpwuid for programs that only want a home directory (SQLite's shell):
 * a lookup in /etc/passwd ("name:passwd:uid:gid:gecos:dir:shell" lines).
 * It is weak on purpose: the users work of issue 11 brings the full
 * <pwd.h> family, whose strong getpwuid replaces this one at link time
 * (then this file can go). No entry, or no /etc/passwd: NULL, errno kept.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct passwd pw_ent;
static char pw_line[512];

/* Splits pw_line at ':' into the fields of pw_ent; 0 if malformed. */
static int pw_parse(void)
{
	char *f[7];
	char *s = pw_line;
	s[strcspn(s, "\n")] = '\0';
	for (int i = 0; i < 7; i++) {
		f[i] = s;
		s = strchr(s, ':');
		if (!s && i < 6)
			return 0;
		if (s)
			*s++ = '\0';
	}
	pw_ent.pw_name = f[0];
	pw_ent.pw_passwd = f[1];
	pw_ent.pw_uid = (uid_t)strtoul(f[2], NULL, 10);
	pw_ent.pw_gid = (gid_t)strtoul(f[3], NULL, 10);
	pw_ent.pw_comment = f[4];
	pw_ent.pw_gecos = f[4];
	pw_ent.pw_dir = f[5];
	pw_ent.pw_shell = f[6];
	return 1;
}

__attribute__((weak)) struct passwd *getpwuid(uid_t uid)
{
	FILE *f = fopen("/etc/passwd", "r");
	if (!f)
		return NULL;
	struct passwd *found = NULL;
	while (fgets(pw_line, sizeof(pw_line), f)) {
		if (pw_parse() && pw_ent.pw_uid == uid) {
			found = &pw_ent;
			break;
		}
	}
	fclose(f);
	return found;
}
