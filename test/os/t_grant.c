/*
 * Grants: a copy under a grant works; out of range, wrong grantee, wrong
 * access, revoked and garbage-table grants are refused with the documented
 * errors; KC_VSAFECOPY gathers pieces under one grant; CPF_TRY marks the
 * grant; vircopy for the privileged.
 */
#include "qtest.h"
#include "testproto.h"
#include <quire/mman.h>
#include "../../lib/libmini/mini_string.h"

static endpoint_t grantee;
static uint8_t data[4096 * 3];

/* Ask grantee to copy; returns the kernel's result, *sum its checksum. */
static int ask(int type, cp_grant_id_t gid, uint64_t off, uint64_t bytes, uint8_t fill, uint64_t *sum)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = type;
	m.m_u64.u[0] = (uint64_t)sef_self_endpoint;
	m.m_u64.u[1] = (uint64_t)(uint32_t)gid;
	m.m_u64.u[2] = off;
	m.m_u64.u[3] = bytes;
	m.m_u64.u[4] = fill;
	int r = ipc_sendrec(grantee, &m);
	if (r != OK)
		return r;
	if (sum)
		*sum = m.m_u64.u[1];
	return (int)m.m_i64.i[0];
}

static void test_allowed(void)
{
	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	cp_grant_id_t g = cpf_grant_direct(grantee, (vir_bytes)data, sizeof(data), CPF_READ | CPF_WRITE);
	uint64_t sum = 0, want = 0;
	for (unsigned i = 100; i < 100 + 5000; i++)
		want += (uint8_t)i;
	int r = ask(TP_COPY_FROM, g, 100, 5000, 0, &sum);
	CHECK("grant_copy_from_allowed", g >= 0 && r == OK && sum == want,
	      "grant %d result %d sum %lu want %lu", g, r, sum, want);

	r = ask(TP_COPY_TO, g, 4000, 200, 0xAB, NULL);
	int ok = 1;
	for (unsigned i = 4000; i < 4200; i++)
		ok &= data[i] == 0xAB;
	ok &= data[3999] == (uint8_t)3999 && data[4200] == (uint8_t)4200;
	CHECK("grant_copy_to_allowed", r == OK && ok, "result %d, bytes right %d", r, ok);

	r = ask(TP_COPY_FROM, g, sizeof(data), 0, 0, NULL);
	CHECK("grant_zero_bytes_at_end", r == OK, "result %d", r);
	cpf_revoke(g);
}

static void test_refused(void)
{
	cp_grant_id_t g = cpf_grant_direct(grantee, (vir_bytes)data, 1000, CPF_READ);
	int r1 = ask(TP_COPY_FROM, g, 900, 101, 0, NULL);
	int r2 = ask(TP_COPY_FROM, g, 1001, 0, 0, NULL);
	int r3 = ask(TP_COPY_FROM, g, ~0ULL - 10, 20, 0, NULL);
	CHECK("grant_out_of_range_eperm", r1 == -EPERM && r2 == -EPERM && r3 == -EPERM,
	      "past end %d, offset past end %d, wrapping offset %d", r1, r2, r3);

	int r4 = ask(TP_COPY_TO, g, 0, 10, 1, NULL);
	CHECK("grant_wrong_access_eperm", r4 == -EPERM, "write through read grant %d", r4);

	endpoint_t other = qtest_lookup("pong");
	cp_grant_id_t g2 = cpf_grant_direct(other, (vir_bytes)data, 1000, CPF_READ);
	int r5 = ask(TP_COPY_FROM, g2, 0, 10, 0, NULL);
	CHECK("grant_wrong_grantee_eperm", r5 == -EPERM, "result %d", r5);

	int rv = cpf_revoke(g);
	int r6 = ask(TP_COPY_FROM, g, 0, 10, 0, NULL);
	/* The entry's next grant must not answer to the old id either. */
	cp_grant_id_t g3 = cpf_grant_direct(grantee, (vir_bytes)data, 1000, CPF_READ);
	int r7 = ask(TP_COPY_FROM, g, 0, 10, 0, NULL);
	int r8 = ask(TP_COPY_FROM, g3, 0, 10, 0, NULL);
	CHECK("grant_revoked_einval", rv == OK && r6 == -EINVAL && r7 == -EINVAL && r8 == OK,
	      "revoke %d, use after revoke %d, old id after reuse %d, new id %d", rv, r6, r7, r8);
	cpf_revoke(g2);
	cpf_revoke(g3);

	int r9 = ask(TP_COPY_FROM, GRANT_ID(5000, 0), 0, 10, 0, NULL);
	int r10 = ask(TP_COPY_FROM, -5, 0, 10, 0, NULL);
	CHECK("grant_bad_id_einval", r9 == -EINVAL && r10 == -EINVAL, "beyond table %d, negative %d", r9, r10);
}

/* KC_VSAFECOPY: many pieces under one grant, both ways; the grant is
 * checked for the whole span before anything moves. */
static void test_vsafecopy(void)
{
	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	cp_grant_id_t g = cpf_grant_direct(grantee, (vir_bytes)data, sizeof(data), CPF_READ | CPF_WRITE);
	int r = ask(TP_VCOPY_TO, g, 10, VSC_MAX, 0x40, NULL);
	int ok = 1;
	for (unsigned i = 0; i < VSC_MAX; i++)
		for (unsigned j = 0; j < 300; j++)
			ok &= data[10 + 300 * i + j] == (j < 100 ? (uint8_t)(0x40 + i) : (uint8_t)(10 + 300 * i + j));
	CHECK("vsafecopy_to_pieces", r == OK && ok && data[9] == 9, "result %d, bytes right %d", r, ok);

	uint64_t sum = 0, want = 0;
	for (unsigned i = 0; i < 4; i++)
		for (unsigned j = 0; j < 100; j++)
			want += data[20 + 300 * i + j];
	r = ask(TP_VCOPY_FROM, g, 20, 4, 0, &sum);
	CHECK("vsafecopy_from_pieces", r == OK && sum == want, "result %d sum %lu want %lu", r, sum, want);
	cpf_revoke(g);

	/* A span past the grant's end: EPERM, and not even the first piece moved. */
	g = cpf_grant_direct(grantee, (vir_bytes)data, 1000, CPF_READ | CPF_WRITE);
	data[1] = 0x11;
	int r1 = ask(TP_VCOPY_TO, g, 1, 4, 0x77, NULL);
	int untouched = data[1] == 0x11;
	int r2 = ask(TP_VCOPY_TO, g, 0, 4, 0x77, NULL);
	CHECK("vsafecopy_span_checked_first", r1 == -EPERM && untouched && r2 == OK && data[900] == 0x7a,
	      "past end %d (first piece untouched %d), at end %d", r1, untouched, r2);
	int bad[6];
	for (int i = 0; i < 6; i++)
		bad[i] = ask(TP_VCOPY_BAD, g, 0, 0, (uint8_t)i, NULL);
	CHECK("vsafecopy_bad_calls", bad[0] == -EINVAL && bad[1] == -EINVAL && bad[2] == -EINVAL &&
	      bad[3] == -EFAULT && bad[4] == -EINVAL && bad[5] == -EFAULT,
	      "count 0: %d, too many: %d, flags: %d, vector: %d, wrapping: %d, own side: %d",
	      bad[0], bad[1], bad[2], bad[3], bad[4], bad[5]);
	cpf_revoke(g);
}

static void test_garbage_table(void)
{
	static cp_grant_t garbage[16];
	uint64_t x = 0x9E3779B97F4A7C15ULL;
	for (unsigned i = 0; i < sizeof(garbage); i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		((uint8_t *)garbage)[i] = (uint8_t)x;
	}
	int s = sys_setgrant(garbage, 16);
	int bad = 0;
	for (int i = 0; i < 16; i++) {
		int r = ask(TP_COPY_FROM, GRANT_ID(i, garbage[i].cp_seq & GRANT_SEQ_MAX), 0, 8, 0, NULL);
		if (r != -EINVAL && r != -EPERM)
			bad++;
	}
	int s2 = sys_setgrant((cp_grant_t *)0x1000, 16);   /* unmapped */
	int s3 = sys_setgrant(garbage, -1);
	int count;
	cp_grant_t *mine = cpf_table(&count);
	int s4 = sys_setgrant(mine, count);                  /* back to the real one */
	uint64_t sum;
	cp_grant_id_t g = cpf_grant_direct(grantee, (vir_bytes)data, 100, CPF_READ);
	int r = ask(TP_COPY_FROM, g, 0, 100, 0, &sum);
	cpf_revoke(g);
	CHECK("grant_garbage_table_refused", s == OK && bad == 0 && s2 == -EFAULT && s3 == -EINVAL,
	      "setgrant %d, %d garbage entries accepted, unmapped table %d, negative count %d",
	      s, bad, s2, s3);
	CHECK("grant_works_after_garbage", s4 == OK && r == OK, "restore %d copy %d", s4, r);
}

static void test_try_mark(void)
{
	/* Unmapped memory under a CPF_TRY grant: the copy fails at once and
	 * the grant remembers it. */
	cp_grant_id_t g = cpf_grant_direct_flags(grantee, 0x10000000, 4096, CPF_READ | CPF_TRY);
	int r = ask(TP_COPY_FROM, g, 0, 64, 0, NULL);
	int rv = cpf_revoke(g);
	cp_grant_id_t g2 = cpf_grant_direct(grantee, 0x10000000, 4096, CPF_READ);
	int r2 = ask(TP_COPY_FROM, g2, 0, 64, 0, NULL);
	int rv2 = cpf_revoke(g2);
	CHECK("grant_try_faulted_mark", r == -EFAULT && rv == GRANT_FAULTED && r2 == -EFAULT && rv2 == OK,
	      "try copy %d revoke %d; plain copy %d revoke %d", r, rv, r2, rv2);
}

static void test_vircopy(void)
{
	static char a[64] = "vircopy moves these bytes", b[64];
	int r = sys_vircopy(SELF, (vir_bytes)a, SELF, (vir_bytes)b, sizeof(a), 0);
	int r2 = sys_vircopy(SELF, 0x10000000, SELF, (vir_bytes)b, 16, 0);
	int r3 = sys_vircopy(SELF, (vir_bytes)a, SELF, (vir_bytes)"rodata", 4, 0);
	int r4 = sys_vircopy(SELF, (vir_bytes)a, SELF, (vir_bytes)b, 16, 0x80);
	endpoint_t dead = _ENDPOINT(_ENDPOINT_GEN(grantee) + 1, _ENDPOINT_SLOT(grantee));
	int r5 = sys_vircopy(dead, (vir_bytes)a, SELF, (vir_bytes)b, 16, 0);
	CHECK("vircopy_privileged", r == OK && !memcmp(a, b, sizeof(a)), "copy %d", r);

	/* Into pages not present yet: with VCP_TRY at once EFAULT, without
	 * it the call waits for VM and succeeds. */
	char *fresh;
	int mm = vm_req_mmap(0, NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
			     -1, 0, (void **)&fresh, NULL);
	int t1 = sys_vircopy(SELF, (vir_bytes)a, SELF, (vir_bytes)fresh, 16, VCP_TRY);
	int t2 = sys_vircopy(SELF, (vir_bytes)a, SELF, (vir_bytes)fresh + 4096, 16, 0);
	CHECK("vircopy_try_absent_efault_else_waits", mm == OK && t1 == -EFAULT && t2 == OK &&
	      !memcmp(fresh + 4096, a, 16), "mmap %d try %d wait %d", mm, t1, t2);
	vm_req_munmap(fresh, 2 * 4096);
	CHECK("vircopy_bad_ranges", r2 == -EFAULT && r3 == -EFAULT && r4 == -EINVAL && r5 == -EDEADSRCDST,
	      "unmapped %d read-only %d bad flags %d stale %d", r2, r3, r4, r5);
}

int main(int argc, char **argv)
{
	grantee = qtest_lookup("grantee");
	test_allowed();
	test_refused();
	test_vsafecopy();
	test_garbage_table();
	test_try_mark();
	test_vircopy();
	qtest_done();
}
