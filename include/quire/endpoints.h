/* The servers with fixed slots, so everyone knows their endpoints. */
#ifndef QUIRE_ENDPOINTS_H
#define QUIRE_ENDPOINTS_H

#include <quire/ipc.h>

#define PM_SLOT   0
#define VM_SLOT   1

#define PM_PROC_NR BOOT_ENDPOINT(PM_SLOT)
#define VM_PROC_NR BOOT_ENDPOINT(VM_SLOT)

#endif
