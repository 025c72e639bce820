/*
 * Garbage in, an error out: thousands of messages with random types and
 * payloads to PM and VM (and to the kernel as kernel calls). Every one
 * must be answered or refused without harming the server, which must work
 * normally afterwards. Types with global effects a real caller may ask
 * for (fork, kill, power off) are left out; everything else is fair game.
 */
#include "qtest.h"
#include "qproc.h"
#include <quire/endpoints.h>
#include "../../lib/libmini/mini_string.h"

static uint64_t rng = 0x2545F4914F6CDD1DULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A payload word: small numbers, addresses of ours, kernel addresses,
 * or noise. */
static uint64_t word(void *mine)
{
	switch (next() % 6) {
	case 0: return next() % 64;
	case 1: return (uint64_t)(uintptr_t)mine + next() % 4096;
	case 2: return 0xFFFF800000000000ULL + (next() & 0xFFFFFF);
	case 3: return ~0ULL - next() % 16;
	case 4: return next() & ~0xFFFULL;
	default: return next();
	}
}

static void fill(message *m, int type, void *mine)
{
	for (int i = 0; i < 7; i++)
		m->m_u64.u[i] = word(mine);
	m->m_type = type;
}

/* Returns how many requests went unanswered; *sent counts the sent. */
static int fuzz(endpoint_t to, int base, int count, const int *skip, int nskip, int rounds, int *sent)
{
	static char scratch[8192];
	int answered = 0;
	*sent = 0;
	for (int i = 0; i < rounds; i++) {
		int type = base + (int)(next() % (uint64_t)(count + 2)) - 1;
		bool bad = false;
		for (int s = 0; s < nskip; s++)
			bad |= type == skip[s];
		if (bad)
			continue;
		message m;
		fill(&m, type, scratch);
		(*sent)++;
		if (ipc_sendrec(to, &m) == OK)
			answered++;
	}
	return *sent - answered;
}

int main(int argc, char **argv)
{
	const int pm_skip[] = { PM_FORK, PM_KILL, PM_POWEROFF, PM_WAITPID };
	int sent;
	int a = fuzz(PM_PROC_NR, PM_RQ_BASE, 9, pm_skip, 4, 3000, &sent);
	int ppid;
	int me = pm_req_getpid(&ppid);
	CHECK("pm_survives_garbage", sent > 1000 && a == 0 && me > 0, "%d of %d unanswered, getpid %d",
	      a, sent, me);

	const int vm_skip[] = { VM_MUNMAP, VM_MPROTECT, VM_BRK, VM_UNMAP_PHYS };
	int b = fuzz(VM_PROC_NR, VM_RQ_BASE, VM_NR_CALLS, vm_skip, 4, 3000, &sent);
	void *p;
	int r = vm_req_mmap(0, NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
			    -1, 0, &p, NULL);
	if (r == OK)
		((volatile char *)p)[4096] = 1;
	CHECK("vm_survives_garbage", sent > 1000 && b == 0 && r == OK, "%d of %d unanswered, mmap %d",
	      b, sent, r);

	/* Kernel calls with garbage, except those that end or stop us
	 * (KC_SIGRETURN with a garbage frame ends the caller by design). */
	int c = 0;
	static char scratch[4096];
	for (int i = 0; i < 3000; i++) {
		int call = (int)(next() % (NR_KERNEL_CALLS + 2)) - 1;
		if (call == KC_EXIT || call == KC_ABORT || call == KC_KILL || call == KC_SETGRANT ||
		    call == KC_SIGRETURN ||
		    call == KC_PRIVCTL || call == KC_IRQCTL || call == KC_DEVIO)
			continue;
		message m;
		fill(&m, call, scratch);
		c += _kernel_call(call, &m) != -EFAULT;
	}
	uint64_t up;
	int t = sys_times(SELF, NULL, NULL, &up);
	CHECK("kernel_survives_garbage_calls", c > 0 && t == OK, "%d calls, times %d", c, t);
	qtest_done();
}
