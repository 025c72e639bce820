/*
 * The check of a signal frame's context before KC_SIGRETURN makes it a
 * process's registers (sigframe.c). Pure: compiled unchanged on the
 * host (test/unit/test_sigcheck.c).
 *
 * rip and rsp must be user addresses: iretq to a non-canonical rip or
 * rsp faults in ring 0. rflags may hold only user flags (and IF and the
 * always-one bit 1): never IOPL, NT, VM, RF. MXCSR may hold only the bits
 * the CPU accepts: fxrstor of a reserved bit faults in ring 0.
 */
#include <stdint.h>
#include <stdbool.h>
#include <arch/arch.h>
#include <arch/layout.h>
#include <arch/x86.h>
#include <quire/sigframe.h>

bool arch_sigframe_ok(const uint64_t *gregs, uint32_t mxcsr, uint32_t mxcsr_mask)
{
	uint64_t allowed = USER_RFLAGS | RFLAGS_IF | 0x2;
	return gregs[QREG_RIP] < USER_END && gregs[QREG_RSP] < USER_END &&
	       !(gregs[QREG_RFLAGS] & ~allowed) && !(mxcsr & ~mxcsr_mask);
}
