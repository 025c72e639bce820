/*
 * Kernel calls and privileges: calls outside the privilege set fail with
 * EPERM, privctl never escalates, and the calls this program may make
 * do what they say.
 */
#include "qtest.h"
#include "../../lib/libmini/mini_string.h"

#define SCRATCH_PORT 0x3FF      /* COM1 scratch register: harmless */

static void test_not_privileged(void)
{
	char buf[8];
	int v = sys_vircopy(SELF, (vir_bytes)buf, SELF, (vir_bytes)buf + 4, 4, 0);
	int k = sys_kill(sef_self_endpoint, 9);
	int a = sys_abort(ABORT_POWEROFF, 0);
	CHECK("kernel_call_without_privilege_eperm", v == -EPERM && k == -EPERM && a == -EPERM,
	      "vircopy %d kill %d abort %d", v, k, a);

	uint32_t val;
	int io = sys_inb(0x60, &val);            /* keyboard controller: not ours */
	int io2 = sys_inw(0x3FE, &val);       /* straddles our one port */
	CHECK("devio_outside_io_ranges_eperm", io == -EPERM && io2 == -EPERM,
	      "inb(0x60) %d inw(0x3fe) %d", io, io2);

	int irq = sys_irqsetpolicy(4, 0);        /* COM1's IRQ: not ours */
	CHECK("irq_outside_privileges_eperm", irq == -EPERM, "setpolicy(4) %d", irq);

	message m;
	memset(&m, 0, sizeof(m));
	int r = _kernel_call(NR_KERNEL_CALLS + 3, &m);
	int r2 = _kernel_call(-1, &m);
	CHECK("unknown_kernel_call_enosys", r == -ENOSYS && r2 == -ENOSYS, "returned %d, %d", r, r2);
}

static void test_devio_and_irq(void)
{
	uint32_t v = 0;
	int w = sys_outb(SCRATCH_PORT, 0x5a);
	int r = sys_inb(SCRATCH_PORT, &v);
	CHECK("devio_inside_io_range", w == OK && r == OK && v == 0x5a, "out %d in %d value %x", w, r, v);

	int s = sys_irqsetpolicy(5, 3);
	int e = sys_irqenable(5);
	int d = sys_irqdisable(5);
	int rel = sys_irqrelease(5);
	int again = sys_irqenable(5);            /* released: no longer ours to unmask */
	CHECK("irq_claim_enable_release", s == OK && e == OK && d == OK && rel == OK && again == -EINVAL,
	      "setpolicy %d enable %d disable %d release %d enable-after %d", s, e, d, rel, again);
}

static void test_privctl(void)
{
	struct priv_spec mine, more;
	int g = sys_privctl(SELF, PRIVCTL_GET, &mine);
	more = mine;
	more.calls |= 1u << KC_VIRCOPY;
	int esc = sys_privctl(SELF, PRIVCTL_SET, &more);
	more = mine;
	more.nr_io = 1;
	more.io[0].first = 0x3F8;
	more.io[0].last = 0x3FF;
	int esc_io = sys_privctl(SELF, PRIVCTL_SET, &more);
	CHECK("privctl_cannot_escalate", g == OK && esc == -EPERM && esc_io == -EPERM,
	      "get %d, more calls %d, wider ports %d", g, esc, esc_io);

	uint64_t up;
	int before = sys_times(SELF, NULL, NULL, &up);
	struct priv_spec less = mine;
	less.calls &= ~(1u << KC_TIMES);
	int set = sys_privctl(SELF, PRIVCTL_SET, &less);
	int after = sys_times(SELF, NULL, NULL, &up);
	CHECK("privctl_drop_call_then_eperm", before == OK && set == OK && after == -EPERM,
	      "times before %d, set %d, times after %d", before, set, after);

	int bad = sys_privctl(SELF, PRIVCTL_SET, (struct priv_spec *)0x10);
	CHECK("privctl_bad_pointer_efault", bad == -EFAULT, "returned %d", bad);
}

static void test_info_and_time(void)
{
	endpoint_t ep;
	char name[PROC_NAME_LEN];
	int w = sys_whoami(&ep, name, sizeof(name));
	CHECK("getinfo_whoami", w == OK && ep == sef_self_endpoint && !strcmp(name, "t_kcall"),
	      "whoami %d ep %d name %s", w, ep, name);

	struct kinfo k;
	int ki = sys_getkinfo(&k);
	CHECK("getinfo_kinfo", ki == OK && k.mem_total > (64u << 20) && k.hz > 0 && k.test_mode == 1,
	      "kinfo %d mem %lu hz %u test %u", ki, k.mem_total, k.hz, k.test_mode);

	int d = sys_diagctl_print((const char *)0x1000, 16);
	int d2 = sys_diagctl_print("", 0);
	CHECK("diagctl_bad_buffer_efault", d == -EFAULT && d2 == OK, "bad %d empty %d", d, d2);

	/* The notification is written by the clock interrupt, usually while
	 * spin (which runs with the direction flag set) has the CPU: all of
	 * it must arrive, and nothing around it may change. */
	static struct {
		uint8_t below[64];
		message m;
		uint8_t above[64];
	} box;
	memset(&box, 0x5a, sizeof(box));
	uint64_t t0 = sys_uptime();
	int a = sys_setalarm(5, 0);
	int r = ipc_receive(CLOCK, &box.m);
	uint64_t t1 = sys_uptime();
	int spoiled = 0;
	for (int i = 0; i < 64; i++)
		spoiled += (box.below[i] != 0x5a) + (box.above[i] != 0x5a);
	message m = box.m;
	CHECK("setalarm_notifies_after_delay", a == OK && r == OK && m.m_source == CLOCK &&
	      m.m_type == NOTIFY_MESSAGE && t1 - t0 >= 5,
	      "alarm %d receive %d src %d waited %lu ticks", a, r, m.m_source, t1 - t0);
	CHECK("notification_written_whole_and_only_there", spoiled == 0 &&
	      m.m_notify.uptime >= t0 + 5 && m.m_notify.uptime <= t1,
	      "%d bytes around it changed, uptime in it %lu (waited %lu..%lu)", spoiled,
	      m.m_notify.uptime, t0, t1);

	int c = sys_setalarm(1000, 0);
	int c2 = sys_setalarm(0, 0);             /* cancel */
	sys_setalarm(3, 0);
	r = ipc_receive(CLOCK, &m);
	uint64_t t2 = sys_uptime();
	CHECK("setalarm_cancel", c == OK && c2 == OK && r == OK && t2 - t1 < 100,
	      "set %d cancel %d receive %d after %lu ticks", c, c2, r, t2 - t1);
}

int main(int argc, char **argv)
{
	test_not_privileged();
	test_devio_and_irq();
	test_info_and_time();
	test_privctl();          /* last: it gives up KC_TIMES */
	qtest_done();
}
