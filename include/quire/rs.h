/*
 * RS, the reincarnation server (servers/rs, docs/rs.md): starts services
 * from programs on the disk with privileges from /etc/system.conf, watches
 * them (exit notifications from PM, heartbeat pings) and restarts them.
 *
 * Requests (payload m_rs; answers: OK or -errno in m_type). RS reads the
 * caller's buffers itself (vircopy), so a caller passes plain addresses.
 * RS_UP, RS_DOWN and RS_RESTART need an effective uid of 0 (EPERM).
 *   RS_UP       addr, len: a struct rs_up_req   -> OK, endpoint in ep;
 *                  EEXIST (name in use), ENOENT (no such config block or
 *                  program), EINVAL (bad config), ENOSPC, EPERM
 *   RS_DOWN     name                          -> OK (the service ended, no
 *                  restart); ESRCH
 *   RS_RESTART  name                          -> OK, new ep; ESRCH
 *   RS_LIST     addr, len: room for struct rs_status[] -> the number of
 *                  services (entries beyond len/sizeof not copied)
 *
 * Pings: RS notifies every service it started each RS_PING_TICKS; the
 * service's sef_receive() answers with a notification back (libsys). A
 * service that leaves RS_PING_MISSES pings unanswered is killed and
 * restarted.
 *
 * Back-off: a service that ends by itself (exit or fault, not SIGKILL)
 * within RS_STABLE_TICKS of its start, twice in a row or more, is started
 * again only after RS_PING_TICKS << (n - 2) ticks (n: such ends in a row,
 * the shift at most RS_BACKOFF_MAX_SHIFT).
 */
#ifndef QUIRE_RS_H
#define QUIRE_RS_H

#include <quire/types.h>

#define RS_RQ_BASE   0xA00
#define RS_UP        (RS_RQ_BASE + 0)
#define RS_DOWN      (RS_RQ_BASE + 1)
#define RS_RESTART   (RS_RQ_BASE + 2)
#define RS_LIST      (RS_RQ_BASE + 3)
#define RS_NR_CALLS  4

#define RS_NAME_MAX   32        /* a service's name, = DS_NAME_MAX */
#define RS_PATH_MAX   128
#define RS_ARGS_MAX   128
#define RS_PING_TICKS  50       /* half a second at 100 Hz */
#define RS_PING_MISSES 4
#define RS_START_MISSES 16      /* before the first pong (exec takes time) */
#define RS_STABLE_TICKS 1000    /* 10 s */
#define RS_BACKOFF_MAX_SHIFT 6  /* at most 64 ping periods: 32 s */

typedef struct {
	char name[RS_NAME_MAX];  /* RS_DOWN, RS_RESTART */
	uint64_t addr;           /* RS_UP, RS_LIST */
	uint64_t len;
	endpoint_t ep;           /* RS_UP, RS_RESTART answer */
	int32_t pad;
} mess_rs;

/* RS_UP's request, in the caller's memory. */
struct rs_up_req {
	char path[RS_PATH_MAX];    /* absolute path of the program */
	char name[RS_NAME_MAX];    /* the config block, and the name in DS */
	char args[RS_ARGS_MAX];    /* arguments, separated by spaces ("" none) */
};

/* RS_LIST's answer, one per service. */
enum rs_state { RSS_STARTING = 1, RSS_UP, RSS_RESTARTING, RSS_DOWN };
struct rs_status {
	char name[RS_NAME_MAX];
	endpoint_t ep;
	int32_t pid;
	int32_t state;             /* enum rs_state */
	uint32_t restarts;
	uint32_t delayed;          /* restarts RS put off (a crash loop) */
	uint32_t pad;
	uint64_t up_ticks;         /* uptime ticks when it last started */
	uint64_t now_ticks;        /* RS's uptime at the answer */
};

/* The stubs (lib/libproto/rs.c). */
int rs_req_up(const struct rs_up_req *req, endpoint_t *ep);
int rs_req_down(const char *name);
int rs_req_restart(const char *name, endpoint_t *ep);
int rs_req_list(struct rs_status *buf, size_t count);

#endif
