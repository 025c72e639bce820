/*
 * The group database, /etc/group: getgrnam, getgrgid (and their _r
 * forms), getgrent/setgrent/endgrent, getgrouplist and initgroups.
 *
 * An entry's members (the fourth field, comma-separated names) become
 * gr_mem, a NULL-terminated array kept in the caller's buffer after the
 * line's text, pointer-aligned.
 */
#include "posix_priv.h"

#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define GR_FIELDS 4
#define GR_LINE   1024
#define GR_MEMBERS 64

/* Fill gr from a split line whose text ends at `end` in buf[size]:
 * 0, -1 for a malformed id, or -ERANGE when the member array does not
 * fit. */
static int fill(struct group *gr, char **f, char *buf, size_t size)
{
	unsigned gid;
	if (__px_db_id(f[2], &gid))
		return -1;
	gr->gr_name = f[0];
	gr->gr_passwd = f[1];
	gr->gr_gid = (gid_t)gid;
	char *text_end = f[3] + strlen(f[3]) + 1;
	uintptr_t at = ((uintptr_t)text_end + sizeof(char *) - 1) & ~(uintptr_t)(sizeof(char *) - 1);
	size_t room = at > (uintptr_t)buf + size ? 0 : ((uintptr_t)buf + size - at) / sizeof(char *);
	char **mem = (char **)at;
	size_t n = 0;
	for (char *p = f[3]; *p;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (*p) {
			if (n + 1 >= room)
				return -ERANGE;
			mem[n++] = p;
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	if (n + 1 > room)
		return -ERANGE;
	mem[n] = NULL;
	gr->gr_mem = mem;
	return 0;
}

/* The group with this name (or, name NULL, this gid). 0, ENOENT or an
 * errno (ERANGE). */
static int find(const char *name, gid_t gid, struct group *gr, char *buf, size_t size)
{
	FILE *f = fopen(_PATH_GROUP, "r");
	if (!f)
		return errno;
	char *fields[GR_FIELDS];
	int r, err = ENOENT;
	while ((r = __px_db_next(f, buf, size, fields, GR_FIELDS)) != 0) {
		if (r < 0) {
			err = ERANGE;
			continue;
		}
		if (name && strcmp(fields[0], name) != 0)
			continue;
		r = fill(gr, fields, buf, size);
		if (r == -ERANGE) {
			err = ERANGE;
			continue;
		}
		if (r == 0 && (name || gr->gr_gid == gid)) {
			err = 0;
			break;
		}
	}
	fclose(f);
	return err;
}

static int find_r(const char *name, gid_t gid, struct group *gr, char *buf, size_t size,
		  struct group **result)
{
	*result = NULL;
	int r = find(name, gid, gr, buf, size);
	if (r == 0)
		*result = gr;
	return r == ENOENT ? 0 : r;
}

int getgrnam_r(const char *name, struct group *gr, char *buf, size_t size, struct group **result)
{
	return find_r(name, 0, gr, buf, size, result);
}

int getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t size, struct group **result)
{
	return find_r(NULL, gid, gr, buf, size, result);
}

static struct group entry;
static char line[GR_LINE + GR_MEMBERS * sizeof(char *)] __attribute__((aligned(8)));

struct group *getgrnam(const char *name)
{
	struct group *res;
	int r = getgrnam_r(name, &entry, line, sizeof(line), &res);
	if (r)
		errno = r;
	return res;
}

struct group *getgrgid(gid_t gid)
{
	struct group *res;
	int r = getgrgid_r(gid, &entry, line, sizeof(line), &res);
	if (r)
		errno = r;
	return res;
}

static FILE *ent_file;

void setgrent(void)
{
	if (ent_file)
		rewind(ent_file);
}

void endgrent(void)
{
	if (ent_file)
		fclose(ent_file);
	ent_file = NULL;
}

struct group *getgrent(void)
{
	if (!ent_file && !(ent_file = fopen(_PATH_GROUP, "r")))
		return NULL;
	char *fields[GR_FIELDS];
	int r;
	while ((r = __px_db_next(ent_file, line, GR_LINE, fields, GR_FIELDS)) != 0)
		if (r > 0 && fill(&entry, fields, line, sizeof(line)) == 0)
			return &entry;
	return NULL;
}

/* The groups `user` is a member of, `group` first: up to *ngroups into
 * groups. The number found, or -1 (with *ngroups set to it) when they do
 * not all fit, as the BSDs and glibc answer. */
int getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups)
{
	int n = 0, max = *ngroups;
	if (n < max)
		groups[n] = group;
	n++;
	FILE *f = fopen(_PATH_GROUP, "r");
	if (f) {
		static char buf[GR_LINE + GR_MEMBERS * sizeof(char *)] __attribute__((aligned(8)));
		char *fields[GR_FIELDS];
		struct group gr;
		int r;
		while ((r = __px_db_next(f, buf, GR_LINE, fields, GR_FIELDS)) != 0) {
			if (r < 0 || fill(&gr, fields, buf, sizeof(buf)) != 0 || gr.gr_gid == group)
				continue;
			for (char **m = gr.gr_mem; *m; m++) {
				if (strcmp(*m, user))
					continue;
				if (n < max)
					groups[n] = gr.gr_gid;
				n++;
				break;
			}
		}
		fclose(f);
	}
	*ngroups = n;
	return n <= max ? n : -1;
}

/* Make the caller's supplementary groups user's (uid 0 only: setgroups). */
int initgroups(const char *user, gid_t group)
{
	gid_t g[NGROUPS_MAX];
	int n = NGROUPS_MAX;
	if (getgrouplist(user, group, g, &n) < 0)
		n = NGROUPS_MAX;             /* the first NGROUPS_MAX of them */
	return setgroups(n, g);
}
