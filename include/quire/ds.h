/*
 * DS, the name service (servers/ds, docs/rs.md): names -> endpoints.
 *
 * A system process publishes a name for an endpoint; anyone looks a name
 * up; a system process subscribes to names (an exact name, or a prefix
 * ending in '*') and gets a notification from DS whenever one of them is
 * published again or deleted, then asks DS_CHECK what changed.
 *
 * Rules DS enforces (the caller is m_source, set by the kernel):
 *   - only system processes (PRIV_SYS_PROC) publish, delete or subscribe;
 *   - a process publishes its own endpoint; RS publishes for the services
 *     it starts;
 *   - a name whose endpoint is a live process cannot be taken by another
 *     endpoint (EEXIST) except by RS; DS_DELETE: the owner or RS.
 * At start DS publishes the boot processes under their own names.
 *
 * Requests (payload m_ds; answers: OK or -errno in m_type):
 *   DS_PUBLISH   name, ep                      -> OK, EEXIST, EPERM, EINVAL
 *   DS_LOOKUP    name                          -> OK, ep; ESRCH if none (or its
 *                                                 process has ended)
 *   DS_SUBSCRIBE name (exact, or prefix "x*")  -> OK, ENOSPC, EPERM
 *   DS_CHECK     (none)                        -> OK, name, ep (NONE when deleted);
 *                                                 EAGAIN when nothing changed
 *   DS_DELETE    name                          -> OK, ESRCH, EPERM
 */
#ifndef QUIRE_DS_H
#define QUIRE_DS_H

#include <quire/types.h>

#define DS_RQ_BASE   0x900
#define DS_PUBLISH   (DS_RQ_BASE + 0)
#define DS_LOOKUP    (DS_RQ_BASE + 1)
#define DS_SUBSCRIBE (DS_RQ_BASE + 2)
#define DS_CHECK     (DS_RQ_BASE + 3)
#define DS_DELETE    (DS_RQ_BASE + 4)
#define DS_NR_CALLS  5

#define DS_NAME_MAX  32          /* with the NUL */

typedef struct {
	char name[DS_NAME_MAX];  /* NUL-terminated (DS checks) */
	endpoint_t ep;           /* DS_PUBLISH; DS_LOOKUP, DS_CHECK answer */
	int32_t pad;
} mess_ds;

/* The stubs (lib/libproto/ds.c). */
int ds_req_publish(const char *name, endpoint_t ep);
int ds_req_lookup(const char *name, endpoint_t *ep);
int ds_req_subscribe(const char *pattern);
int ds_req_check(char *name, size_t size, endpoint_t *ep);
int ds_req_delete(const char *name);

#endif
