/*
 * Signal delivery: what PM hands the kernel (struct sig_delivery) and the
 * frame the kernel builds on the user stack (struct sigframe), which the
 * handler returns through (docs/signals.md).
 *
 * Frame on the user stack (or the alternate stack), growing down:
 *
 *   old rsp - 128 (the red zone is never touched)
 *   struct sigframe            16-byte aligned + 8, so that rsp at the
 *     retaddr  <- handler rsp  handler's entry is a normal call's rsp
 *     info     <- rsi          (rsp + 8 is 16-byte aligned)
 *     uc       <- rdx          uc.fpu is 16-byte aligned
 *
 * The handler starts with rdi = sig, rsi = &info, rdx = &uc, and returns
 * to `retaddr`, libposix's trampoline, which passes &frame to KC_SIGRETURN
 * (after telling PM the mask in uc.sigmask).
 */
#ifndef QUIRE_SIGFRAME_H
#define QUIRE_SIGFRAME_H

#include <quire/types.h>

/* siginfo as Quire's libposix defines siginfo_t (same layout). */
struct qsiginfo {
	int32_t  signo;
	int32_t  code;           /* SI_* or a fault's code */
	int32_t  errno_;
	int32_t  pid;            /* sender (kill, sigqueue), child (SIGCHLD) */
	uint32_t uid;
	int32_t  status;         /* SIGCHLD: exit status or signal */
	uint64_t addr;           /* faults: the faulting address */
	uint64_t value;          /* sigqueue's value */
	uint64_t pad[3];
};

/* General registers in the frame, in this order (uc.gregs[]). */
enum {
	QREG_R8, QREG_R9, QREG_R10, QREG_R11, QREG_R12, QREG_R13, QREG_R14, QREG_R15,
	QREG_RDI, QREG_RSI, QREG_RBP, QREG_RBX, QREG_RDX, QREG_RAX, QREG_RCX, QREG_RSP,
	QREG_RIP, QREG_RFLAGS, QREG_NR
};

struct qucontext {
	uint64_t flags;
	uint64_t link;
	uint64_t ss_sp;          /* the alternate stack when the signal came */
	int32_t  ss_flags;
	int32_t  pad0;
	uint64_t ss_size;
	uint64_t sigmask;        /* the mask to restore on return */
	uint64_t gregs[QREG_NR];
	uint64_t pad1;
	uint8_t  fpu[512];       /* FXSAVE image; 16-byte aligned */
};

struct sigframe {
	uint64_t retaddr;        /* the trampoline; the handler returns here */
	uint64_t pad;
	struct qsiginfo info;
	struct qucontext uc;
};

/* KC_SIGSEND (PM only): m_krn_sig.who = target, addr = &sig_delivery in PM. */
#define SIGS_DELIVER 1   /* push a frame and run the handler */
#define SIGS_RESUME  2   /* let a process PM stopped go on, no frame */
#define SIGS_STOP    3   /* job control: the process may not run (RTS_STOPPED) */
#define SIGS_CONT    4   /* job control: it may run again */

/* ss_flags (newlib's SS_* values) */
#define QSS_ONSTACK 0x1
#define QSS_DISABLE 0x2

/* Delivery flags */
#define SIGD_ONSTACK 0x1 /* use the alternate stack (unless already on it) */

struct sig_delivery {
	uint64_t handler;
	uint64_t trampoline;
	uint64_t mask;           /* the mask to restore: goes to uc.sigmask */
	uint64_t ss_sp;          /* the alternate stack (ss_flags SS_DISABLE: none) */
	uint64_t ss_size;
	int32_t  ss_flags;
	int32_t  flags;          /* SIGD_* */
	struct qsiginfo info;
};

/* Where the kernel would start the frame for a process at rsp: below the
 * red zone, aligned as the frame layout above requires. */
static inline uint64_t sigframe_addr(uint64_t top)
{
	return ((top - sizeof(struct sigframe)) & ~(uint64_t)15) - 8;
}

_Static_assert(sizeof(struct qsiginfo) == 64, "siginfo_t is 64 bytes");
_Static_assert(__builtin_offsetof(struct sigframe, uc.fpu) % 16 == 8,
	       "uc.fpu is 16-byte aligned in a frame at 16n + 8");

#endif
