/*
 * The server main-loop helpers, in the style of MINIX's SEF:
 *
 *   int main(void) {
 *       sef_startup();
 *       for (;;) {
 *           message m;
 *           if (sef_receive(&m) != OK) continue;
 *           switch (m.m_type) { ... }     // the server's message table
 *       }
 *   }
 */
#include <quire/syslib.h>
#include <quire/endpoints.h>

endpoint_t sef_self_endpoint = NONE;
char sef_self_name[PROC_NAME_LEN];

int sef_startup(void)
{
	return sys_whoami(&sef_self_endpoint, sef_self_name, sizeof(sef_self_name));
}

/* A ping from RS (a notification) is answered here, with a notification
 * back, and never reaches the server: a server that keeps calling
 * sef_receive stays alive for RS; one that stops answering for
 * RS_PING_MISSES pings is restarted (docs/rs.md). A process RS did not
 * start gets no pings. */
int sef_receive(message *m)
{
	for (;;) {
		int r = ipc_receive(ANY, m);
		if (r != OK || m->m_type != NOTIFY_MESSAGE || m->m_source != RS_PROC_NR)
			return r;
		ipc_notify(RS_PROC_NR);
	}
}

int ipc_reply_receive(endpoint_t to, message *m)
{
	if (to != NONE && ipc_replyrecv(to, m) == OK)
		return OK;
	return ipc_receive(ANY, m);    /* the answer could not go: lost, as with sendnb */
}

int sef_reply_receive(endpoint_t to, message *m)
{
	if (to != NONE && ipc_replyrecv(to, m) == OK) {
		if (m->m_type != NOTIFY_MESSAGE || m->m_source != RS_PROC_NR)
			return OK;
		ipc_notify(RS_PROC_NR);
	}
	return sef_receive(m);
}

int sef_sleep(uint64_t ticks)
{
	int r = sys_setalarm(ticks, 0);
	if (r != OK)
		return r;
	message m;
	do {
		r = ipc_receive(CLOCK, &m);
	} while (r == OK && m.m_source != CLOCK);
	return r;
}

int sef_fork(void)
{
	int r = pm_req_fork();
	if (r == 0)
		sef_startup();        /* the child: a new endpoint */
	return r;
}
