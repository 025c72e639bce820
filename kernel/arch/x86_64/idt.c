/* The interrupt descriptor table: a gate per vector entry.S has a stub for. */
#include <arch/arch.h>
#include <arch/regs.h>
#include "kernel.h"

struct gate {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t  ist;
	uint8_t  type;
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t zero;
} __attribute__((packed));

static struct gate idt[256];

#define STUB(n) extern void trap_stub_##n(void);
#define STUBS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) \
	X(11) X(12) X(13) X(14) X(15) X(16) X(17) X(18) X(19) X(20) X(21) \
	X(22) X(23) X(24) X(25) X(26) X(27) X(28) X(29) X(30) X(31) X(32) \
	X(33) X(34) X(35) X(36) X(37) X(38) X(39) X(40) X(41) X(42) X(43) \
	X(44) X(45) X(46) X(47) X(48) X(255)
STUBS(STUB)

static void set_gate(int vec, void (*fn)(void))
{
	uint64_t off = (uint64_t)fn;
	idt[vec] = (struct gate){
		.off_lo = off & 0xffff,
		.sel = SEL_KCODE,
		.ist = 0,
		.type = 0x8e,            /* present, DPL 0, 64-bit interrupt gate */
		.off_mid = (off >> 16) & 0xffff,
		.off_hi = off >> 32,
	};
}

void arch_idt_init(void)
{
#define SET(n) set_gate(n, trap_stub_##n);
	STUBS(SET)
#undef SET
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof(idt) - 1, (uint64_t)idt };
	__asm__ volatile("lidt %0" :: "m"(ptr));
}
