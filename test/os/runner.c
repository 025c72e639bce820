/*
 * The boot-test runner. Its arguments name the test programs (boot
 * modules) to wait for. Each reports TP_DONE with its totals when it
 * finishes; one that ends without reporting, or is still running at the
 * deadline, is a failure. In a test boot the runner then ends QEMU with
 * the overall status; otherwise it just says so.
 *
 * A program that measures system-wide figures asks to run alone
 * (TP_EXCLUSIVE): it is answered once every other program has finished
 * or is itself waiting to run alone, one at a time.
 */
#include <quire/syslib.h>
#include "testproto.h"
#include "../../lib/libmini/mini_string.h"

#define MAX_TESTS 32
#define DEADLINE_SECONDS 120

static const char *const end_reasons[] = { "none", "exit", "signal", "fault" };

struct test {
	const char *name;
	endpoint_t ep;
	int done;
	int wants_alone;       /* waiting for TP_EXCLUSIVE's answer */
	int alone;             /* running alone now */
};

/* Is the program gone with everything it held (PM has had VM free it)? */
static int cleaned_up(const struct test *t)
{
	struct pm_procinfo pi;
	return pm_req_getproc(0, t->ep, &pi) != OK || pi.state != PMS_ALIVE;
}

/* Let the next program that waits to run alone go, if nobody else runs. */
static void grant_exclusive(struct test *t, int n)
{
	int waiting = -1;
	for (int i = 0; i < n; i++) {
		if (t[i].done) {
			if (!cleaned_up(&t[i]))
				return;    /* finished, but its memory is not back yet */
			continue;
		}
		if (t[i].alone || !t[i].wants_alone)
			return;        /* someone else still runs */
		if (waiting < 0)
			waiting = i;
	}
	if (waiting < 0)
		return;
	message m;
	memset(&m, 0, sizeof(m));
	t[waiting].wants_alone = 0;
	t[waiting].alone = 1;
	ipc_send(t[waiting].ep, &m);
}

int main(int argc, char **argv)
{
	struct test t[MAX_TESTS];
	int n = 0, remaining = 0, failed_programs = 0;
	struct kinfo k;
	sys_getkinfo(&k);
	printf("runner: waiting for %d test programs\n", argc - 1);
	for (int i = 1; i < argc && n < MAX_TESTS; i++, n++) {
		t[n].name = argv[i];
		t[n].done = 0;
		t[n].wants_alone = t[n].alone = 0;
		if (sys_lookup(argv[i], &t[n].ep) != OK) {
			printf("FAIL %s.started: not running\n", argv[i]);
			t[n].done = 1;
			failed_programs++;
			continue;
		}
		remaining++;
	}

	uint64_t deadline = sys_uptime() + (uint64_t)DEADLINE_SECONDS * k.hz;
	sys_setalarm(k.hz / 10, 0);
	while (remaining > 0) {
		message m;
		if (ipc_receive(ANY, &m) != OK)
			continue;
		if (m.m_type == TP_EXCLUSIVE) {
			for (int i = 0; i < n; i++)
				if (!t[i].done && t[i].ep == m.m_source)
					t[i].wants_alone = 1;
			grant_exclusive(t, n);
			continue;
		}
		if (m.m_type == TP_DONE) {
			for (int i = 0; i < n; i++) {
				if (!t[i].done && t[i].ep == m.m_source) {
					t[i].done = 1;
					remaining--;
					if (m.m_u64.u[1])
						failed_programs++;
					printf("runner: %s finished: %lu passed, %lu failed\n",
					       t[i].name, m.m_u64.u[0], m.m_u64.u[1]);
				}
			}
			grant_exclusive(t, n);
			continue;
		}
		if (m.m_source != CLOCK)
			continue;
		bool late = sys_uptime() >= deadline;
		for (int i = 0; i < n; i++) {
			if (t[i].done)
				continue;
			struct proc_info pi;
			sys_getprocinfo(_ENDPOINT_SLOT(t[i].ep), &pi);
			bool gone = pi.endpoint != t[i].ep || pi.state == PS_DEAD;
			if (gone) {
				printf("FAIL %s.finished: ended (%s %ld) without reporting\n", t[i].name,
				       end_reasons[pi.end_reason & 3], (long)pi.end_code);
			} else if (late) {
				printf("FAIL %s.finished: still running after %d s\n", t[i].name,
				       DEADLINE_SECONDS);
			} else {
				continue;
			}
			t[i].done = 1;
			remaining--;
			failed_programs++;
		}
		grant_exclusive(t, n);
		sys_setalarm(k.hz / 10, 0);
	}
	printf("runner: all test programs finished, %d with failures\n", failed_programs);
	if (k.test_mode)
		sys_abort(ABORT_TEST_STATUS, failed_programs ? 1 : 0);
	for (;;) {
		message m;
		ipc_receive(ANY, &m);
	}
}
