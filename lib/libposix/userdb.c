/*
 * The line reader shared by pwd.c and grp.c: /etc/passwd and /etc/group
 * are text files of colon-separated fields, one entry a line.
 */
#include "posix_priv.h"

#include <stdio.h>
#include <stdlib.h>

/* Read f's next entry of exactly n fields into buf (size bytes), split
 * in place: fields[i] point into buf. 1 for an entry, 0 at the end, or
 * -ERANGE when buf is too small for the line (which is skipped). Lines
 * with another number of fields, empty lines and comments are skipped. */
int __px_db_next(FILE *f, char *buf, size_t size, char **fields, int n)
{
	for (;;) {
		if (!fgets(buf, (int)size, f))
			return 0;
		size_t len = strlen(buf);
		if (len && buf[len - 1] == '\n')
			buf[--len] = '\0';
		else if (len == size - 1 && !feof(f)) {
			int c;
			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			return -ERANGE;
		}
		if (!len || buf[0] == '#')
			continue;
		int i = 0;
		char *p = buf;
		fields[i++] = p;
		for (; *p; p++) {
			if (*p != ':')
				continue;
			*p = '\0';
			if (i == n)
				break;
			fields[i++] = p + 1;
		}
		if (i == n && !*p)
			return 1;
	}
}

/* A decimal id field: 0 on success, -1 for anything else. */
int __px_db_id(const char *s, unsigned *out)
{
	if (!*s)
		return -1;
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (*end || v > 0xfffe)
		return -1;               /* uid_t is 16 bits; 0xffff is (uid_t)-1 */
	*out = (unsigned)v;
	return 0;
}
