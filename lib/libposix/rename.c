/*
 * rename() and remove(), replacing newlib's (which emulate rename with
 * link + unlink and cannot remove a directory). Each defines the _r form
 * too, so newlib's objects for them are never linked beside these.
 */
#include "posix_priv.h"

#include <stdio.h>
#include <unistd.h>
#include <sys/reent.h>
#include <sys/stat.h>

#include <quire/vfs.h>

int rename(const char *old, const char *new)
{
	return (int)__px_ret(vfs_req_rename(old, new));
}

int _rename_r(struct _reent *re, const char *old, const char *new)
{
	(void)re;
	return rename(old, new);
}

/* C's remove(): unlink a file, or remove an empty directory. */
int remove(const char *path)
{
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return rmdir(path);
	return unlink(path);
}

int _remove_r(struct _reent *re, const char *path)
{
	(void)re;
	return remove(path);
}
