/*
 * Starting a service (docs/rs.md, "Starting"):
 *
 *   1. the privilege sets are computed in RS, before anything runs: the
 *      final one (the config block, IPC targets resolved through DS, plus
 *      IPC to RS for the pongs) and the exec one (the final one plus IPC
 *      to VFS, which exec needs);
 *   2. RS forks itself through PM (sef_fork); the child, still running
 *      RS's code with RS's privileges, narrows itself to the exec set
 *      (KC_PRIVCTL on SELF) and only then asks VFS to exec the program:
 *      the program never runs with more than the exec set;
 *   3. RS publishes the child's endpoint in DS and pings it at once; the
 *      first pong comes from the new program (RS's code in the child never
 *      answers pings), and RS then trims it to the final set
 *      (rs_final_privileges): from there on it holds exactly its config.
 * If the exec fails the child exits; a service that ends before its first
 * pong is not restarted (watch.c), so a bad program cannot loop.
 */
#include "rs.h"
#include <quire/vfs.h>
#include <quire/pm.h>

static char conf_text[RS_CONF_MAX];

int rs_read_config(const char *name, struct rs_conf *out)
{
	int fd = vfs_req_open(RS_CONF_PATH, Q_O_RDONLY, 0);
	if (fd < 0) {
		printf("rs: cannot open %s: %d\n", RS_CONF_PATH, fd);
		return fd;
	}
	size_t len = 0;
	int r;
	while (len < sizeof(conf_text) &&
	       (r = vfs_req_read(fd, conf_text + len, sizeof(conf_text) - len)) > 0)
		len += (size_t)r;
	vfs_req_close(fd);
	if (len == sizeof(conf_text)) {
		printf("rs: %s is larger than %d bytes\n", RS_CONF_PATH, RS_CONF_MAX);
		return -EFBIG;
	}
	char err[160];
	r = rsconf_find(conf_text, len, name, out, err, sizeof(err));
	if (r == -EINVAL)
		printf("rs: %s: %s\n", RS_CONF_PATH, err);
	else if (r == -ENOENT)
		printf("rs: %s has no block for \"%s\"\n", RS_CONF_PATH, name);
	return r;
}

static void allow_slot(struct priv_spec *p, int slot)
{
	p->ipc_to[slot / 64] |= 1ULL << (slot % 64);
}

/* The final set of s's config. A named IPC target that DS does not know
 * is refused: the service could never reach it. */
static int final_spec(const struct rservice *s, struct priv_spec *p)
{
	const struct rs_conf *c = &s->conf;
	memset(p, 0, sizeof(*p));
	p->flags = PRIV_SYS_PROC;
	p->calls = c->calls;
	p->irqs = c->irqs;
	p->nr_io = c->nr_io;
	memcpy(p->io, c->io, sizeof(p->io));
	p->nr_mem = c->nr_mem;
	memcpy(p->mem, c->mem, sizeof(p->mem));
	for (int i = 0; i < c->nr_ipc; i++) {
		endpoint_t ep;
		int r = ds_req_lookup(c->ipc[i], &ep);
		if (r != OK) {
			printf("rs: %s: IPC target \"%s\" is not in DS: %d\n", c->name, c->ipc[i], r);
			return -ESRCH;
		}
		allow_slot(p, _ENDPOINT_SLOT(ep));
	}
	if (c->ipc_users)
		for (int slot = NR_FIXED_SLOTS; slot < NR_PROCS; slot++)
			allow_slot(p, slot);
	allow_slot(p, RS_SLOT);        /* the pongs */
	return OK;
}

/* Is p within RS's own set? The kernel enforces this on KC_PRIVCTL
 * anyway (do_priv.c); checking first turns a block that asks for more
 * into a clean EPERM at `service up`, with a log line that says what,
 * instead of a child that cannot take its set. */
static int within_own(const struct rs_conf *c, const struct priv_spec *p)
{
	static struct priv_spec own;
	static bool have_own;
	if (!have_own && sys_privctl(SELF, PRIVCTL_GET, &own) == OK)
		have_own = true;
	if (!have_own)
		return -EPERM;
	uint32_t calls = p->calls & ~own.calls;
	for (int i = 0; calls && i < 32; i++)
		if (calls & (1u << i)) {
			printf("rs: %s: RS may not give kernel call %s\n", c->name,
			       rsconf_call_name(i) ? rsconf_call_name(i) : "?");
			return -EPERM;
		}
	if (p->irqs & ~own.irqs) {
		printf("rs: %s: RS may not give IRQ mask 0x%x\n", c->name, p->irqs & ~own.irqs);
		return -EPERM;
	}
	for (uint32_t i = 0; i < p->nr_io; i++) {
		bool ok = false;
		for (uint32_t k = 0; k < own.nr_io && !ok; k++)
			ok = p->io[i].first >= own.io[k].first && p->io[i].last <= own.io[k].last;
		if (!ok) {
			printf("rs: %s: RS may not give ports 0x%x-0x%x\n", c->name, p->io[i].first,
			       p->io[i].last);
			return -EPERM;
		}
	}
	for (uint32_t i = 0; i < p->nr_mem; i++) {
		bool ok = false;
		for (uint32_t k = 0; k < own.nr_mem && !ok; k++)
			ok = p->mem[i].first >= own.mem[k].first && p->mem[i].last <= own.mem[k].last;
		if (!ok) {
			printf("rs: %s: RS may not give memory 0x%llx-0x%llx\n", c->name,
			       (unsigned long long)p->mem[i].first, (unsigned long long)p->mem[i].last);
			return -EPERM;
		}
	}
	return OK;
}

/* The exec stack image (servers/vfs/exec.c): argc, argv[] offsets, NULL,
 * no environment, NULL, the strings. argv[0] is the path; then the words
 * of args. */
#define IMG_MAX 1024
#define ARGV_MAX 16
static char image[IMG_MAX] __attribute__((aligned(16)));

static int build_image(const struct rservice *s, size_t *size)
{
	static char words[RS_ARGS_MAX];
	const char *argv[ARGV_MAX];
	int argc = 0;
	argv[argc++] = s->path;
	strlcpy(words, s->args, sizeof(words));
	for (char *p = words; *p && argc < ARGV_MAX;) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
	}
	size_t vec = 8 + ((size_t)argc + 2) * 8, str = vec;
	memset(image, 0, sizeof(image));
	uint64_t *slot = (uint64_t *)image;
	*slot++ = (uint64_t)argc;
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;
		if (str + n > IMG_MAX)
			return -E2BIG;
		memcpy(image + str, argv[i], n);
		*slot++ = str;
		str += n;
	}
	*slot++ = 0;                   /* end of argv */
	*slot++ = 0;                   /* no environment */
	*size = (str + 15) & ~(size_t)15;
	return OK;
}

/* In the child: never returns. */
static __attribute__((noreturn)) void child(const struct priv_spec *exec_set, size_t size,
					    const char *path)
{
	int r = sys_privctl(SELF, PRIVCTL_SET, (struct priv_spec *)exec_set);
	if (r == OK)
		r = vfs_req_exec(path, image, size);
	printf("rs: exec of %s failed: %d\n", path, r);
	sys_exit(127);
	for (;;)                       /* no KC_EXIT in its set: RS kills it */
		ipc_receive(CLOCK, &(message){ 0 });
}

int rs_start(struct rservice *s)
{
	struct priv_spec exec_set;
	size_t size;
	int r = final_spec(s, &exec_set);
	if (r == OK)
		r = within_own(&s->conf, &exec_set);
	if (r == OK)
		r = build_image(s, &size);
	if (r != OK)
		return r;
	allow_slot(&exec_set, VFS_SLOT);
	int pid = sef_fork();
	if (pid < 0)
		return pid;
	if (pid == 0)
		child(&exec_set, size, s->path);
	struct pm_procinfo info;
	r = pm_req_getproc(pid, NONE, &info);
	if (r != OK)
		return r;              /* cannot happen: it is our child */
	s->pid = pid;
	s->ep = info.endpoint;
	s->state = RSS_STARTING;
	s->missed = 0;
	s->trimmed = false;
	s->stopping = false;
	s->up_ticks = sys_uptime();
	r = ds_req_publish(s->conf.name, s->ep);
	if (r != OK)
		printf("rs: cannot publish %s in DS: %d\n", s->conf.name, r);
	ipc_notify(s->ep);             /* the first ping */
	rs_pings_arm();
	return OK;
}

int rs_final_privileges(struct rservice *s)
{
	struct priv_spec p;
	int r = final_spec(s, &p);
	if (r == OK)
		r = sys_privctl(s->ep, PRIVCTL_SET, &p);
	if (r != OK)
		printf("rs: cannot trim the privileges of %s: %d\n", s->conf.name, r);
	s->trimmed = true;
	return r;
}
