/*
 * qprof: a QEMU TCG plugin that counts the guest instructions Quire
 * executes, by process slot and translation block (./build.sh profile;
 * docs/performance.md). Built for the host, loaded with
 *
 *   -plugin qprof.so,out=FILE,procs=ADDR,procsize=N,nprocs=N,switch=ADDR,switchlen=N
 *
 * Counting: every translated block gets an execution callback that adds
 * its instruction count to the counter of (current slot, block address).
 * Under -icount a guest instruction is a tick of the benchmark's clock,
 * so these counts are the figures' own unit, exact rather than sampled.
 *
 * The current slot: QEMU 7.2's plugin interface shows no registers, so
 * the plugin watches the memory the kernel's arch_switch_to (switch=,
 * switchlen=: its address and size from the kernel's symbols) touches
 * inside proc_table (procs=, procsize=, nprocs=). The last such access
 * is to the process being switched to; its slot is the current one until
 * the next switch. Kernel work between two switches is counted for the
 * process that ran before it: the caller of a system call, or the
 * interrupted process.
 *
 * At exit: one line "slot address count" per counter, to out=.
 *
 * The declarations below are the few parts of QEMU's plugin interface
 * (version 1, as in QEMU 7.2) this plugin uses; Debian ships no header.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef uint32_t qemu_plugin_meminfo_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
typedef struct qemu_info_t qemu_info_t;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
enum qemu_plugin_mem_rw { QEMU_PLUGIN_MEM_R = 1, QEMU_PLUGIN_MEM_W = 2, QEMU_PLUGIN_MEM_RW = 3 };

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
	void (*cb)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb));
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
	void (*cb)(unsigned int vcpu, void *udata), enum qemu_plugin_cb_flags flags, void *udata);
void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn,
	void (*cb)(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata),
	enum qemu_plugin_cb_flags flags, enum qemu_plugin_mem_rw rw, void *udata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
	void (*cb)(qemu_plugin_id_t id, void *udata), void *udata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);

#define EXPORT __attribute__((visibility("default")))
EXPORT int qemu_plugin_version = 1;

static uint64_t procs, procsize, nprocs, sw_start, sw_len;
static const char *out_path;
static unsigned current_slot;

/* A block as translated: where it starts and how many instructions. The
 * same address may be translated again (its old translation flushed);
 * each translation gets its own, counted under the same key. */
struct block {
	uint64_t vaddr;
	uint64_t n;
};

/* The counters: open addressing on (slot, address); grows at half full. */
struct counter {
	uint64_t vaddr;
	uint64_t count;
	unsigned slot;
	bool used;
};
static struct counter *table;
static size_t table_size;
static size_t table_used;

static size_t hash(unsigned slot, uint64_t vaddr)
{
	uint64_t h = (vaddr ^ ((uint64_t)slot << 52)) * 0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 20);
}

static struct counter *counter_for(unsigned slot, uint64_t vaddr);

static void grow(void)
{
	struct counter *old = table;
	size_t old_size = table_size;
	table_size = old_size ? old_size * 2 : 1 << 16;
	table = calloc(table_size, sizeof(*table));
	if (!table) {
		fprintf(stderr, "qprof: out of memory\n");
		exit(1);
	}
	table_used = 0;
	for (size_t i = 0; i < old_size; i++)
		if (old[i].used)
			counter_for(old[i].slot, old[i].vaddr)->count = old[i].count;
	free(old);
}

static struct counter *counter_for(unsigned slot, uint64_t vaddr)
{
	if (2 * (table_used + 1) > table_size)
		grow();
	for (size_t i = hash(slot, vaddr) & (table_size - 1);; i = (i + 1) & (table_size - 1)) {
		struct counter *c = &table[i];
		if (!c->used) {
			*c = (struct counter){ .vaddr = vaddr, .slot = slot, .used = true };
			table_used++;
			return c;
		}
		if (c->slot == slot && c->vaddr == vaddr)
			return c;
	}
}

static void on_exec(unsigned int vcpu, void *udata)
{
	const struct block *b = udata;
	(void)vcpu;
	counter_for(current_slot, b->vaddr)->count += b->n;
}

static void on_switch_access(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr,
			     void *udata)
{
	(void)vcpu;
	(void)info;
	(void)udata;
	if (vaddr >= procs && vaddr < procs + procsize * nprocs)
		current_slot = (unsigned)((vaddr - procs) / procsize);
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	(void)id;
	struct block *b = malloc(sizeof(*b));
	if (!b)
		return;
	b->vaddr = qemu_plugin_tb_vaddr(tb);
	b->n = qemu_plugin_tb_n_insns(tb);
	qemu_plugin_register_vcpu_tb_exec_cb(tb, on_exec, QEMU_PLUGIN_CB_NO_REGS, b);
	for (size_t i = 0; i < b->n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t a = qemu_plugin_insn_vaddr(insn);
		if (a >= sw_start && a < sw_start + sw_len)
			qemu_plugin_register_vcpu_mem_cb(insn, on_switch_access, QEMU_PLUGIN_CB_NO_REGS,
							 QEMU_PLUGIN_MEM_RW, NULL);
	}
}

static void on_qemu_exit(qemu_plugin_id_t id, void *udata)
{
	(void)id;
	(void)udata;
	FILE *f = fopen(out_path, "w");
	if (!f) {
		perror(out_path);
		return;
	}
	for (size_t i = 0; i < table_size; i++)
		if (table[i].used)
			fprintf(f, "%u %" PRIx64 " %" PRIu64 "\n", table[i].slot, table[i].vaddr,
				table[i].count);
	fclose(f);
}

static bool arg(const char *a, const char *key, uint64_t *v)
{
	size_t n = strlen(key);
	if (strncmp(a, key, n) || a[n] != '=')
		return false;
	*v = strtoull(a + n + 1, NULL, 0);
	return true;
}

EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
			       char **argv)
{
	(void)info;
	for (int i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "out=", 4))
			out_path = argv[i] + 4;
		else if (!arg(argv[i], "procs", &procs) && !arg(argv[i], "procsize", &procsize) &&
			 !arg(argv[i], "nprocs", &nprocs) && !arg(argv[i], "switch", &sw_start) &&
			 !arg(argv[i], "switchlen", &sw_len)) {
			fprintf(stderr, "qprof: unknown argument %s\n", argv[i]);
			return -1;
		}
	}
	if (!out_path || !procs || !procsize || !nprocs || !sw_start || !sw_len) {
		fprintf(stderr, "qprof: needs out, procs, procsize, nprocs, switch, switchlen\n");
		return -1;
	}
	grow();
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, on_qemu_exit, NULL);
	return 0;
}
