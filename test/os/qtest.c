#include "qtest.h"
#include "testproto.h"
#include "../../lib/libmini/mini_string.h"

static uint64_t passed, failed;

void qtest_check(const char *name, int ok, const char *fmt, ...)
{
	if (ok) {
		printf("PASS %s.%s\n", sef_self_name, name);
		passed++;
		return;
	}
	char why[120];
	va_list ap;
	va_start(ap, fmt);
	extern int fmt_vsnprintf(char *, size_t, const char *, va_list);
	fmt_vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	printf("FAIL %s.%s: %s\n", sef_self_name, name, why);
	failed++;
}

void qtest_done(void)
{
	endpoint_t runner;
	if (sys_lookup("runner", &runner) == OK) {
		message m;
		memset(&m, 0, sizeof(m));
		m.m_type = TP_DONE;
		m.m_u64.u[0] = passed;
		m.m_u64.u[1] = failed;
		ipc_send(runner, &m);
	}
	sys_exit(failed ? 1 : 0);
}

void qtest_exclusive(void)
{
	endpoint_t runner;
	message m;
	memset(&m, 0, sizeof(m));
	m.m_type = TP_EXCLUSIVE;
	if (sys_lookup("runner", &runner) != OK || ipc_sendrec(runner, &m) != OK) {
		qtest_check("exclusive", 0, "the runner did not grant exclusive running");
		qtest_done();
	}
}

endpoint_t qtest_lookup(const char *name)
{
	endpoint_t ep;
	if (sys_lookup(name, &ep) != OK) {
		qtest_check("setup", 0, "boot process %s is not running", name);
		qtest_done();
	}
	return ep;
}

int qtest_wait_state(endpoint_t ep, int state, uint64_t ticks, struct proc_info *out)
{
	uint64_t until = sys_uptime() + ticks;
	for (;;) {
		int r = sys_getprocinfo(_ENDPOINT_SLOT(ep), out);
		if (r != OK)
			return r;
		if (out->state == state)
			return OK;
		if (sys_uptime() >= until)
			return -EAGAIN;
		sef_sleep(1);
	}
}
