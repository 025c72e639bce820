/*
 * Mounting (Quire): attach the file system on the block device `special`
 * (for example "/dev/vdb") at the directory `dir` (VFS_MOUNT).
 * Returns 0, or -1 with errno set.
 */
#ifndef _SYS_MOUNT_H
#define _SYS_MOUNT_H

#ifdef __cplusplus
extern "C" {
#endif

int mount(const char *special, const char *dir);

#ifdef __cplusplus
}
#endif

#endif
