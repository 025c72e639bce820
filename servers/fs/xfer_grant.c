/*
 * Moving request data through VFS's grants (Quire only): the copy_in and
 * copy_out of struct fs_xfer, on sys_safecopyfrom/to. The FS never sees
 * a raw pointer into another process.
 *
 * VFS grants user buffers with CPF_TRY: a copy touching an absent page
 * fails at once with EFAULT instead of waiting for VM (which might need
 * this very server to bring the page in). The EFAULT goes back to VFS as
 * the request's answer; VFS makes the range present and retries.
 */
#include <quire/syslib.h>
#include "fs.h"

static int grant_out(struct fs_xfer *x, uint64_t off, const void *src, size_t len)
{
	if (len == 0)
		return OK;
	if (off > x->len || len > x->len - off)
		return -EINVAL;
	return sys_safecopyto(x->who, x->grant, off, (vir_bytes)(uintptr_t)src, len);
}

static int grant_in(struct fs_xfer *x, uint64_t off, void *dst, size_t len)
{
	if (len == 0)
		return OK;
	if (off > x->len || len > x->len - off)
		return -EINVAL;
	return sys_safecopyfrom(x->who, x->grant, off, (vir_bytes)(uintptr_t)dst, len);
}

/* The pieces in one KC_VSAFECOPY. */
static int grant_out_v(struct fs_xfer *x, const struct fs_piece *p, int n)
{
	struct cp_iovec v[VSC_MAX];
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (p[i].off > x->len || p[i].len > x->len - p[i].off)
			return -EINVAL;
		if (p[i].len == 0)
			continue;
		v[k++] = (struct cp_iovec){ p[i].off, (uint64_t)(uintptr_t)p[i].src, p[i].len };
	}
	return k ? sys_vsafecopy(x->who, x->grant, v, k, VSC_TO) : OK;
}

_Static_assert(FS_PIECES <= VSC_MAX, "a gathered copy fits one KC_VSAFECOPY");

void xfer_grant_init(struct fs_xfer *x, endpoint_t who, cp_grant_id_t grant, uint64_t len)
{
	memset(x, 0, sizeof(*x));
	x->copy_out = grant_out;
	x->copy_in = grant_in;
	x->copy_out_v = grant_out_v;
	x->who = who;
	x->grant = grant;
	x->len = len;
}
