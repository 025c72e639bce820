/*
 * Kernel copies into memory that is not present yet: the caller waits
 * while VM brings it in and the call runs again; through a CPF_TRY grant
 * the copy fails at once instead and the grant says so. Also: running
 * out of memory ends only the process that asked for too much.
 */
#include "qtest.h"
#include "qproc.h"
#include "testproto.h"
#include "../../lib/libmini/mini_string.h"

static endpoint_t grantee, pong;

static int ask(int type, cp_grant_id_t gid, uint64_t bytes, uint8_t fill)
{
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = type;
	m.m_u64.u[0] = (uint64_t)sef_self_endpoint;
	m.m_u64.u[1] = (uint64_t)(uint32_t)gid;
	m.m_u64.u[3] = bytes;
	m.m_u64.u[4] = fill;
	int r = ipc_sendrec(grantee, &m);
	return r != OK ? r : (int)m.m_i64.i[0];
}

static void test_restart(void)
{
	void *p;
	vm_req_mmap(0, NULL, 16 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
		    -1, 0, &p, NULL);
	/* The message buffer itself lies in pages never touched. */
	message *m = (message *)((char *)p + 4096 - 32);     /* straddles two pages */
	m->m_type = TP_PING;                                 /* touches the first only */
	m->m_i64.i[0] = 99;
	int r = ipc_sendrec(pong, m);
	CHECK("ipc_into_absent_page_restarts", r == OK && m->m_i64.i[0] == 100, "sendrec %d reply %ld",
	      r, (long)m->m_i64.i[0]);

	char *buf = (char *)p + 4 * 4096;                    /* never touched */
	cp_grant_id_t g = cpf_grant_direct(grantee, (vir_bytes)buf, 2 * 4096, CPF_WRITE | CPF_READ);
	r = ask(TP_COPY_TO, g, 2 * 4096, 0x77);
	int ok = buf[0] == 0x77 && buf[2 * 4096 - 1] == 0x77;
	int rv = cpf_revoke(g);
	CHECK("safecopy_into_absent_pages_restarts", r == OK && ok && rv == OK,
	      "copy %d bytes there %d revoke %d", r, ok, rv);

	char *buf2 = (char *)p + 8 * 4096;                   /* never touched */
	g = cpf_grant_direct_flags(grantee, (vir_bytes)buf2, 4096, CPF_WRITE | CPF_TRY);
	r = ask(TP_COPY_TO, g, 4096, 0x66);
	rv = cpf_revoke(g);
	buf2[0] = 1;                                         /* now present */
	g = cpf_grant_direct_flags(grantee, (vir_bytes)buf2, 4096, CPF_WRITE | CPF_TRY);
	int r2 = ask(TP_COPY_TO, g, 4096, 0x66);
	int rv2 = cpf_revoke(g);
	CHECK("try_grant_absent_efault_and_marked", r == -EFAULT && rv == GRANT_FAULTED &&
	      r2 == OK && rv2 == OK && buf2[4095] == 0x66,
	      "absent: copy %d revoke %d; present: copy %d revoke %d", r, rv, r2, rv2);
	vm_req_munmap(p, 16 * 4096);
}

static int cow_receiver(void *arg)
{
	/* The page holding the message is shared with the parent after fork;
	 * the kernel's copy into it must break the sharing, not write into
	 * the parent's page. */
	message *m = arg;
	m->m_type = TP_PING;
	m->m_i64.i[0] = 1000;
	int r = ipc_sendrec(pong, m);
	return r == OK && m->m_i64.i[0] == 1001 ? 0 : 1;
}

static void test_copy_into_cow_page(void)
{
	static message shared_page_msg __attribute__((aligned(4096)));
	shared_page_msg.m_i64.i[0] = 5;
	int st = run_in_child(cow_receiver, &shared_page_msg);
	CHECK("kernel_copy_into_cow_page", QWIFEXITED(st) && QWEXITSTATUS(st) == 0 &&
	      shared_page_msg.m_i64.i[0] == 5, "status %x parent sees %ld", st,
	      (long)shared_page_msg.m_i64.i[0]);
}

static int hog(void *arg)
{
	(void)arg;
	/* Take memory until VM refuses: the process must be killed, never VM. */
	for (;;) {
		void *p;
		if (vm_req_mmap(0, NULL, 64 * 1024 * 1024, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
				-1, 0, &p, NULL) != OK)
			return 3;      /* address space exhausted first: not what we want */
		for (char *c = p; c < (char *)p + 64 * 1024 * 1024; c += 4096)
			*c = 1;
	}
}

static void test_out_of_memory(void)
{
	uint64_t before = free_pages();
	void *p;
	int pre = vm_req_mmap(0, NULL, (size_t)before * 4096 * 2, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANON | MAP_POPULATE, -1, 0, &p, NULL);
	uint64_t after_pre = free_pages();
	CHECK("populate_too_much_enomem", pre == -ENOMEM && after_pre == before,
	      "mmap %d, free %lu -> %lu", pre, before, after_pre);

	int st = run_in_child(hog, NULL);
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = TP_PING;
	m.m_i64.i[0] = 1;
	int r = ipc_sendrec(pong, &m);
	int c = sef_fork();                       /* PM and VM still work */
	if (c == 0)
		sys_exit(0);
	int status;
	int w = pm_req_waitpid(c, &status, 0);
	uint64_t after = free_pages();
	CHECK("out_of_memory_kills_only_the_hog", QWIFSIGNALED(st) && QWTERMSIG(st) == QSIGKILL &&
	      r == OK && m.m_i64.i[0] == 2 && w == c, "hog status %x, ping %d, fork/wait %d", st, r, w);
	CHECK("out_of_memory_pages_return", after == before, "free pages %lu before, %lu after",
	      before, after);
}

int main(int argc, char **argv)
{
	grantee = qtest_lookup("grantee");
	pong = qtest_lookup("pong");
	test_restart();
	test_copy_into_cow_page();
	qtest_exclusive();        /* it takes and counts all memory */
	test_out_of_memory();
	qtest_done();
}
