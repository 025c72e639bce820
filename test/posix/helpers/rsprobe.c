/*
 * rsprobe: a service for test/posix/t_rs.c (protocol: ../rsprobe.h). A
 * libsys program on the disk, started by RS with one of the rsprobe
 * blocks of /etc/system.conf; it tries what its privileges should or
 * should not allow and reports the kernel's answers.
 */
#include <quire/syslib.h>
#include <quire/endpoints.h>
#include "../rsprobe.h"

static void try_all(message *m)
{
	int irq = sys_irqsetpolicy(3, 0);
	if (irq == OK)
		sys_irqrelease(3);
	message pm;
	__builtin_memset(&pm, 0, sizeof(pm));
	pm.m_type = 0x7ff0;                /* PM answers ENOSYS, or drops it */
	int ipc = ipc_sendnb(PM_PROC_NR, &pm);
	if (ipc == -ENOTREADY)
		ipc = OK;                  /* allowed: PM was only busy */
	uint32_t v;
	int port_no = sys_inb(0x71, &v);
	int port_yes = sys_inb(0x80, &v);
	m->m_i64.i[0] = irq;
	m->m_i64.i[1] = ipc;
	m->m_i64.i[2] = port_no;
	m->m_i64.i[3] = port_yes;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (;;) {
		message m;
		if (sef_receive(&m) != OK || m.m_type == NOTIFY_MESSAGE)
			continue;
		endpoint_t who = m.m_source;
		switch (m.m_type) {
		case PROBE_TRY:
			try_all(&m);
			m.m_type = OK;
			ipc_sendnb(who, &m);
			break;
		case PROBE_HANG:
			m.m_type = OK;
			ipc_sendnb(who, &m);
			for (;;)           /* no alarm is set: never wakes */
				ipc_receive(CLOCK, &m);
		case PROBE_CRASH:
			*(volatile int *)0 = 1;
			break;
		default:
			m.m_type = -ENOSYS;
			ipc_sendnb(who, &m);
		}
	}
}
