/* Test helper: answers pings and, on request, sends or notifies back. */
#include <quire/syslib.h>
#include "testproto.h"

int main(int argc, char **argv)
{
	printf("%s: ready to answer pings\n", sef_self_name);
	message m;
	endpoint_t answer = NONE;        /* a ping's answer goes with the next receive */
	for (;;) {
		int r = sef_reply_receive(answer, &m);
		answer = NONE;
		if (r != OK)
			continue;
		endpoint_t who = m.m_source;
		switch (m.m_type) {
		case TP_PING:
			m.m_i64.i[0]++;
			answer = who;
			break;
		case TP_SEND_BACK:
			ipc_send(who, &m);
			m.m_type = TP_PING_BACK;
			m.m_i64.i[0] = sef_self_endpoint;
			ipc_send(who, &m);      /* blocks until the caller receives */
			break;
		case TP_NOTIFY3:
			ipc_send(who, &m);
			for (int i = 0; i < 3; i++)
				ipc_notify(who);
			break;
		default:
			break;                  /* notifications, unknown requests */
		}
	}
}
