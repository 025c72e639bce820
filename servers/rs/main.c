/*
 * RS's main loop and message table (include/quire/rs.h, docs/rs.md).
 * Notifications: CLOCK (time to ping), PM (a child ended), a service (a
 * pong). Requests: the `service` tool's.
 */
#include "rs.h"

typedef int (*rs_call)(message *m);

static const rs_call calls[RS_NR_CALLS] = {
	[RS_UP - RS_RQ_BASE]      = do_up,        /* request.c */
	[RS_DOWN - RS_RQ_BASE]    = do_down,      /* request.c */
	[RS_RESTART - RS_RQ_BASE] = do_restart,   /* request.c */
	[RS_LIST - RS_RQ_BASE]    = do_list,      /* request.c */
};

static void notified(endpoint_t from)
{
	if (from == CLOCK) {
		rs_ping_all();          /* and re-arms while a service runs */
	} else if (from == PM_PROC_NR) {
		rs_reap();
	} else {
		rs_pong(from);
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (int i = 0; i < RS_SERVICES; i++)
		services[i].ep = NONE;
	printf("rs: reincarnation server ready\n");
	for (;;) {
		message m;
		if (ipc_receive(ANY, &m) != OK)
			continue;
		if (m.m_type == NOTIFY_MESSAGE) {
			notified(m.m_source);
			continue;
		}
		int call = m.m_type - RS_RQ_BASE;
		rs_call fn = call >= 0 && call < RS_NR_CALLS ? calls[call] : NULL;
		m.m_type = fn ? fn(&m) : -ENOSYS;
		ipc_sendnb(m.m_source, &m);
	}
}
