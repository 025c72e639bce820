/* The servers with fixed slots, so everyone knows their endpoints. */
#ifndef QUIRE_ENDPOINTS_H
#define QUIRE_ENDPOINTS_H

#include <quire/ipc.h>

#define PM_SLOT    0
#define VM_SLOT    1
#define VFS_SLOT   2
#define TTY_SLOT   3
#define MEM_SLOT   4
#define BLK_SLOT   5     /* virtio_blk */
#define FS_SLOT    6     /* the ext2 server of the root file system */
#define INIT_SLOT  7
#define RS_SLOT    8     /* the reincarnation server (docs/rs.md) */
#define DS_SLOT    9     /* the name service */
#define NR_FIXED_SLOTS 16   /* slots below this are only ever the servers above */

#define PM_PROC_NR   BOOT_ENDPOINT(PM_SLOT)
#define VM_PROC_NR   BOOT_ENDPOINT(VM_SLOT)
#define VFS_PROC_NR  BOOT_ENDPOINT(VFS_SLOT)
#define TTY_PROC_NR  BOOT_ENDPOINT(TTY_SLOT)
#define MEM_PROC_NR  BOOT_ENDPOINT(MEM_SLOT)
#define BLK_PROC_NR  BOOT_ENDPOINT(BLK_SLOT)
#define FS_PROC_NR   BOOT_ENDPOINT(FS_SLOT)
#define INIT_PROC_NR BOOT_ENDPOINT(INIT_SLOT)
#define RS_PROC_NR   BOOT_ENDPOINT(RS_SLOT)
#define DS_PROC_NR   BOOT_ENDPOINT(DS_SLOT)

#endif
