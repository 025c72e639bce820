/* Test helper: copies through grants on t_grant's request and reports. */
#include <quire/syslib.h>
#include "testproto.h"

static uint8_t buf[8192];

int main(int argc, char **argv)
{
	for (;;) {
		message m;
		if (sef_receive(&m) != OK)
			continue;
		endpoint_t granter = (endpoint_t)m.m_u64.u[0];
		cp_grant_id_t gid = (cp_grant_id_t)m.m_u64.u[1];
		uint64_t off = m.m_u64.u[2], bytes = m.m_u64.u[3];
		uint64_t n = bytes < sizeof(buf) ? bytes : sizeof(buf);
		int r;
		uint64_t sum = 0;
		switch (m.m_type) {
		case TP_COPY_FROM:
			r = sys_safecopyfrom(granter, gid, off, (vir_bytes)buf, bytes > sizeof(buf) ? bytes : n);
			for (uint64_t i = 0; r == OK && i < n; i++)
				sum += buf[i];
			break;
		case TP_COPY_TO:
			for (uint64_t i = 0; i < n; i++)
				buf[i] = (uint8_t)m.m_u64.u[4];
			r = sys_safecopyto(granter, gid, off, (vir_bytes)buf, bytes > sizeof(buf) ? bytes : n);
			break;
		default:
			continue;
		}
		m.m_i64.i[0] = r;
		m.m_u64.u[1] = sum;
		ipc_send(m.m_source, &m);
	}
}
