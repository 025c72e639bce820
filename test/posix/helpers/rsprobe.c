/*
 * rsprobe: a service for test/posix/t_rs.c (protocol: ../rsprobe.h). A
 * libsys program on the disk, started by RS with one of the rsprobe
 * blocks of /etc/system.conf; it tries what its privileges should or
 * should not allow and reports the kernel's answers.
 */
#include <quire/syslib.h>
#include <quire/endpoints.h>
#include "../rsprobe.h"
#include "../../../lib/libmini/mini_string.h"

static int my_argc;
static int64_t kvs_events;
static endpoint_t kvs_last = NONE;

/* DS said something we subscribed to changed: take every change. */
static void ds_changed(void)
{
	char name[DS_NAME_MAX];
	endpoint_t ep;
	while (ds_req_check(name, sizeof(name), &ep) == OK)
		if (!strcmp(name, "kvs")) {
			kvs_events++;
			kvs_last = ep;
		}
}

static void try_ds(message *m)
{
	m->m_i64.i[0] = ds_req_publish("kvs", sef_self_endpoint);
	m->m_i64.i[1] = ds_req_publish("rsprobe_extra", sef_self_endpoint);
	m->m_i64.i[2] = ds_req_publish("rsprobe_pm", PM_PROC_NR);
	m->m_i64.i[3] = ds_req_subscribe("kv*");
	kvs_events = 0;
}

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
	m->m_i64.i[4] = my_argc;
}

int main(int argc, char **argv)
{
	(void)argv;
	my_argc = argc;
	for (;;) {
		message m;
		if (sef_receive(&m) != OK)
			continue;
		if (m.m_type == NOTIFY_MESSAGE) {
			if (m.m_source == DS_PROC_NR)
				ds_changed();
			continue;
		}
		endpoint_t who = m.m_source;
		switch (m.m_type) {
		case PROBE_TRY:
			try_all(&m);
			m.m_type = OK;
			ipc_sendnb(who, &m);
			break;
		case PROBE_DS:
			try_ds(&m);
			m.m_type = OK;
			ipc_sendnb(who, &m);
			break;
		case PROBE_EVENTS:
			m.m_i64.i[0] = kvs_events;
			m.m_i64.i[1] = kvs_last;
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
