/*
 * The user database, /etc/passwd: getpwnam, getpwuid (and their _r
 * forms), getpwent/setpwent/endpwent, getlogin.
 *
 * Each lookup reads the file from the start (it is small); the
 * non-reentrant forms answer in one static entry that the next call
 * overwrites, as POSIX allows.
 */
#include "posix_priv.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define PW_FIELDS 7
#define PW_LINE   1024

/* Fill pw from a split line; 0, or -1 for a malformed id. */
static int fill(struct passwd *pw, char **f)
{
	unsigned uid, gid;
	if (__px_db_id(f[2], &uid) || __px_db_id(f[3], &gid))
		return -1;
	pw->pw_name = f[0];
	pw->pw_passwd = f[1];
	pw->pw_uid = (uid_t)uid;
	pw->pw_gid = (gid_t)gid;
	pw->pw_gecos = f[4];
	pw->pw_comment = f[4];
	pw->pw_dir = f[5];
	pw->pw_shell = f[6];
	return 0;
}

/* The entry with this name (or, name NULL, this uid) into pw, its
 * strings in buf. 0 found, ENOENT not there, or an errno. */
static int find(const char *name, uid_t uid, struct passwd *pw, char *buf, size_t size)
{
	FILE *f = fopen(_PATH_PASSWD, "r");
	if (!f)
		return errno == ENOENT ? ENOENT : errno;
	char *fields[PW_FIELDS];
	int r, err = ENOENT;
	while ((r = __px_db_next(f, buf, size, fields, PW_FIELDS)) != 0) {
		if (r < 0) {
			err = ERANGE;          /* a line too long for buf: maybe ours */
			continue;
		}
		if (fill(pw, fields))
			continue;
		if (name ? !strcmp(pw->pw_name, name) : pw->pw_uid == uid) {
			err = 0;
			break;
		}
	}
	fclose(f);
	return err;
}

/* The _r forms: 0 with *result set, or 0 with *result NULL (no such
 * entry), or an errno (ERANGE: buf too small). */
static int find_r(const char *name, uid_t uid, struct passwd *pw, char *buf, size_t size,
		  struct passwd **result)
{
	*result = NULL;
	int r = find(name, uid, pw, buf, size);
	if (r == 0)
		*result = pw;
	return r == ENOENT ? 0 : r;
}

int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t size,
	       struct passwd **result)
{
	return find_r(name, 0, pw, buf, size, result);
}

int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t size, struct passwd **result)
{
	return find_r(NULL, uid, pw, buf, size, result);
}

static struct passwd entry;
static char line[PW_LINE];

struct passwd *getpwnam(const char *name)
{
	struct passwd *res;
	int r = getpwnam_r(name, &entry, line, sizeof(line), &res);
	if (r)
		errno = r;
	return res;
}

struct passwd *getpwuid(uid_t uid)
{
	struct passwd *res;
	int r = getpwuid_r(uid, &entry, line, sizeof(line), &res);
	if (r)
		errno = r;
	return res;
}

/* ---- the whole file, an entry at a time ---- */

static FILE *ent_file;

void setpwent(void)
{
	if (ent_file)
		rewind(ent_file);
}

void endpwent(void)
{
	if (ent_file)
		fclose(ent_file);
	ent_file = NULL;
}

struct passwd *getpwent(void)
{
	if (!ent_file && !(ent_file = fopen(_PATH_PASSWD, "r")))
		return NULL;
	char *fields[PW_FIELDS];
	int r;
	while ((r = __px_db_next(ent_file, line, sizeof(line), fields, PW_FIELDS)) != 0)
		if (r > 0 && !fill(&entry, fields))
			return &entry;
	return NULL;
}

/* ---- the login name: $LOGNAME, else the real uid's name ---- */

int getlogin_r(char *name, size_t size)
{
	const char *s = getenv("LOGNAME");
	if (!s || !*s) {
		struct passwd *pw = getpwuid(getuid());
		if (!pw)
			return ENOENT;
		s = pw->pw_name;
	}
	if (strlen(s) >= size)
		return ERANGE;
	strcpy(name, s);
	return 0;
}

char *getlogin(void)
{
	static char name[64];
	int r = getlogin_r(name, sizeof(name));
	if (r) {
		errno = r;
		return NULL;
	}
	return name;
}
