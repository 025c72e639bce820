/*
 * Mounting (Quire): attach the file system served by the file-system
 * server named `fs` (a process name, for example "ext2") at the directory
 * `dir` (VFS_MOUNT; the same as quire_mount() in <quire/qposix.h>).
 * Returns 0, or -1 with errno set (ENODEV: no such server).
 */
#ifndef _SYS_MOUNT_H
#define _SYS_MOUNT_H

#ifdef __cplusplus
extern "C" {
#endif

int mount(const char *fs, const char *dir);

#ifdef __cplusplus
}
#endif

#endif
