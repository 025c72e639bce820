/* Kernel calls that copy memory: vircopy, safecopy, vsafecopy, setgrant. */
#include <quire/syslib.h>
#include "../libmini/mini_string.h"

int sys_vircopy(endpoint_t src, vir_bytes src_addr, endpoint_t dst, vir_bytes dst_addr,
		vir_bytes bytes, int flags)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_vircopy.src_ep = src;
	m.m_krn_vircopy.src_addr = src_addr;
	m.m_krn_vircopy.dst_ep = dst;
	m.m_krn_vircopy.dst_addr = dst_addr;
	m.m_krn_vircopy.bytes = bytes;
	m.m_krn_vircopy.flags = flags;
	return _kernel_call(KC_VIRCOPY, &m);
}

static int safecopy(int call, endpoint_t granter, cp_grant_id_t grant, vir_bytes offset,
		    vir_bytes addr, vir_bytes bytes)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_safecopy.granter = granter;
	m.m_krn_safecopy.grant = grant;
	m.m_krn_safecopy.offset = offset;
	m.m_krn_safecopy.addr = addr;
	m.m_krn_safecopy.bytes = bytes;
	return _kernel_call(call, &m);
}

int sys_safecopyfrom(endpoint_t granter, cp_grant_id_t grant, vir_bytes offset,
		     vir_bytes addr, vir_bytes bytes)
{
	return safecopy(KC_SAFECOPYFROM, granter, grant, offset, addr, bytes);
}

int sys_safecopyto(endpoint_t granter, cp_grant_id_t grant, vir_bytes offset,
		   vir_bytes addr, vir_bytes bytes)
{
	return safecopy(KC_SAFECOPYTO, granter, grant, offset, addr, bytes);
}

int sys_vsafecopy(endpoint_t granter, cp_grant_id_t grant, const struct cp_iovec *v, int n,
		  int dir)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_safecopy.granter = granter;
	m.m_krn_safecopy.grant = grant;
	m.m_krn_safecopy.addr = (uint64_t)(uintptr_t)v;
	m.m_krn_safecopy.bytes = (uint64_t)n;
	m.m_krn_safecopy.flags = dir;
	return _kernel_call(KC_VSAFECOPY, &m);
}

int sys_setgrant(cp_grant_t *table, int count)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_krn_setgrant.addr = (uint64_t)(uintptr_t)table;
	m.m_krn_setgrant.count = count;
	return _kernel_call(KC_SETGRANT, &m);
}
