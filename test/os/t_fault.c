/*
 * User faults stop the faulting process, not the kernel or anyone else:
 * fault_null dereferences NULL, fault_priv executes hlt.
 */
#include "qtest.h"
#include "testproto.h"
#include "../../lib/libmini/mini_string.h"

static void check_stopped(const char *who, int vector, int check_addr)
{
	struct proc_info pi;
	int slot = -1;
	/* The helpers may already be gone from name lookup: scan the table. */
	for (int s = 0; s < NR_PROCS; s++) {
		if (sys_getprocinfo(s, &pi) == OK && !strcmp(pi.name, who) && pi.state != PS_FREE) {
			slot = s;
			break;
		}
	}
	int w = slot < 0 ? -ESRCH : qtest_wait_state(pi.endpoint, PS_DEAD, 500, &pi);
	char name[48];
	strlcpy(name, who, sizeof(name));
	strlcpy(name + strlen(name), "_stopped", sizeof(name) - strlen(name));
	/* The fault became SIGSEGV (VM for the page fault, the kernel for
	 * the privileged instruction) and PM ended the process with it. */
	(void)vector, (void)check_addr;
	CHECK(name, w == OK && pi.end_reason == END_SIGNAL && pi.end_code == 11,
	      "wait %d state %d reason %d code %ld addr %lx", w, pi.state, pi.end_reason,
	      (long)pi.end_code, pi.fault_addr);
}

int main(int argc, char **argv)
{
	check_stopped("fault_null", 14, 1);
	check_stopped("fault_priv", 13, 0);
	endpoint_t pong = qtest_lookup("pong");
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = TP_PING;
	m.m_i64.i[0] = 7;
	int r = ipc_sendrec(pong, &m);
	CHECK("others_go_on_after_faults", r == OK && m.m_i64.i[0] == 8, "ping %d", r);
	qtest_done();
}
