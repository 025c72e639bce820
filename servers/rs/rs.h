/*
 * RS, the reincarnation server (docs/rs.md): starts services, watches
 * them and restarts the ones that end without being asked to.
 *
 * RS is single-threaded and the only writer of its table: no locks. It
 * calls VFS (the configuration file, exec through its child), PM (fork,
 * waitpid, credentials) and DS (names) with sendrec; none of them ever
 * calls RS (PM notifies it of ended children; services answer pings by
 * notification), so RS closes no cycle (docs/architecture.md).
 */
#ifndef RS_RS_H
#define RS_RS_H

#include <quire/syslib.h>
#include <quire/endpoints.h>
#include <quire/kinfo.h>
#include <quire/rs.h>
#include <quire/ds.h>
#include "../../lib/libmini/mini_string.h"
#include "config.h"

#define RS_SERVICES 16
#define RS_CONF_PATH "/etc/system.conf"
#define RS_CONF_MAX  16384

/* One service. state RSS_DOWN with used: brought down on purpose, kept
 * for `service list` until its name is reused. */
struct rservice {
	bool used;
	enum rs_state state;
	char path[RS_PATH_MAX];
	char args[RS_ARGS_MAX];
	struct rs_conf conf;       /* as read at `service up` */
	endpoint_t ep;             /* NONE while not running */
	int pid;
	uint32_t restarts;
	uint64_t up_ticks;         /* uptime at its last start */
	int missed;                /* pings sent and not answered */
	bool trimmed;              /* its final privileges are set (first pong) */
	bool stopping;             /* RS killed it on purpose: no restart */
	uint32_t quick_ends;       /* ends by itself soon after a start, in a row */
	uint32_t delayed;          /* restarts put off by the back-off */
	uint64_t restart_at;       /* RSS_RESTARTING: uptime to start it again */
};

extern struct rservice services[RS_SERVICES];

/* start.c */
int rs_read_config(const char *name, struct rs_conf *out);
int rs_start(struct rservice *s);            /* fork+exec, privileges, DS */
int rs_final_privileges(struct rservice *s); /* after its first pong */
/* watch.c */
void rs_ping_all(void);                     /* CLOCK: ping, kill the hung */
void rs_pings_arm(void);                    /* a service runs: pings needed */
void rs_pong(endpoint_t from);
void rs_reap(void);                          /* PM said a child ended */
void rs_ended(struct rservice *s, int status);
struct rservice *rs_by_name(const char *name);
struct rservice *rs_by_ep(endpoint_t ep);
/* request.c */
int do_up(message *m);
int do_down(message *m);
int do_restart(message *m);
int do_list(message *m);

#endif
