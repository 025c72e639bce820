/*
 * User faults stop the faulting process, not the kernel or anyone else:
 * fault_null dereferences NULL, fault_priv executes hlt.
 */
#include "qtest.h"
#include "testproto.h"
#include <quire/signal.h>
#include <quire/arch/x86_64/pte.h>
#include "../../lib/libmini/mini_string.h"

/*
 * who must have ended by SIGSEGV, and its end record must name the CPU
 * fault behind the signal: `vector`, and if check_addr, the faulting
 * address `addr` (cr2). Without check_addr the address must still be a
 * user address (the rip of the faulting instruction), i.e. recorded.
 */
static void check_stopped(const char *who, int vector, bool check_addr, uint64_t addr)
{
	struct proc_info pi;
	memset(&pi, 0, sizeof(pi));
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
	 * the privileged instruction) and PM ended the process with it; the
	 * kernel kept the fault's vector and address in the end record. */
	bool addr_ok = check_addr ? pi.fault_addr == addr
				  : pi.fault_addr != 0 && pi.fault_addr < X86_USER_TOP;
	CHECK(name, w == OK && pi.end_reason == END_SIGNAL && pi.end_code == QSIGSEGV &&
			  pi.fault_vector == vector && addr_ok,
	      "wait %d state %d reason %d code %ld vector %d addr %lx", w, pi.state,
	      pi.end_reason, (long)pi.end_code, (int)pi.fault_vector, pi.fault_addr);
}

int main(int argc, char **argv)
{
	check_stopped("fault_null", 14, true, 0);     /* #PF reading address 0 */
	check_stopped("fault_priv", 13, false, 0);    /* #GP: hlt in user mode */
	endpoint_t pong = qtest_lookup("pong");
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = TP_PING;
	m.m_i64.i[0] = 7;
	int r = ipc_sendrec(pong, &m);
	CHECK("others_go_on_after_faults", r == OK && m.m_i64.i[0] == 8, "ping %d", r);
	qtest_done();
}
