/* Basic types shared by the kernel, servers and programs. */
#ifndef QUIRE_TYPES_H
#define QUIRE_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

typedef int32_t endpoint_t;     /* a process's name for IPC; see ipc.h */
typedef int32_t cp_grant_id_t;  /* a grant's name in its owner's table */
typedef uint64_t vir_bytes;     /* a virtual address or length */
typedef uint64_t phys_bytes;    /* a physical address or length */
typedef uint64_t clock_t_q;     /* clock ticks since boot */

#endif
