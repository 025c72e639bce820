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
		case TP_VCOPY_FROM:
		case TP_VCOPY_TO: {
			struct cp_iovec v[VSC_MAX + 1];
			uint64_t k = bytes <= VSC_MAX ? bytes : VSC_MAX;
			for (uint64_t i = 0; i < k; i++) {
				v[i] = (struct cp_iovec){ off + 300 * i, (uint64_t)(uintptr_t)(buf + 100 * i), 100 };
				for (int j = 0; j < 100; j++)
					buf[100 * i + j] = m.m_type == TP_VCOPY_TO ? (uint8_t)(m.m_u64.u[4] + i) : 0;
			}
			r = sys_vsafecopy(granter, gid, v, (int)k, m.m_type == TP_VCOPY_TO ? VSC_TO : VSC_FROM);
			for (uint64_t i = 0; r == OK && m.m_type == TP_VCOPY_FROM && i < 100 * k; i++)
				sum += buf[i];
			break;
		}
		case TP_VCOPY_BAD: {
			struct cp_iovec v[VSC_MAX + 1];
			for (int i = 0; i <= VSC_MAX; i++)
				v[i] = (struct cp_iovec){ off, (uint64_t)(uintptr_t)buf, 10 };
			switch (m.m_u64.u[4]) {
			case 0: r = sys_vsafecopy(granter, gid, v, 0, VSC_FROM); break;
			case 1: r = sys_vsafecopy(granter, gid, v, VSC_MAX + 1, VSC_FROM); break;
			case 2: r = sys_vsafecopy(granter, gid, v, 1, 7); break;
			case 3: r = sys_vsafecopy(granter, gid, (const struct cp_iovec *)8, 1, VSC_FROM); break;
			case 4:
				v[1].offset = ~0ULL - 5;
				r = sys_vsafecopy(granter, gid, v, 2, VSC_FROM);
				break;
			default:               /* the caller's side unmapped: EFAULT */
				v[0].addr = 8;
				r = sys_vsafecopy(granter, gid, v, 1, VSC_FROM);
				break;
			}
			break;
		}
		default:
			continue;
		}
		m.m_i64.i[0] = r;
		m.m_u64.u[1] = sum;
		ipc_send(m.m_source, &m);
	}
}
