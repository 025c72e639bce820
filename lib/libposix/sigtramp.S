/*
 * The return address of every signal handler (include/quire/sigframe.h).
 * The handler's `ret` popped the frame's retaddr, so the frame starts 8
 * bytes below rsp, and rsp is 16-byte aligned as a call requires.
 * __quire_sigreturn (signal.c) never returns.
 */
	.text
	.globl __quire_sigtramp
	.type __quire_sigtramp, @function
__quire_sigtramp:
	lea -8(%rsp), %rdi
	call __quire_sigreturn
	ud2
	.size __quire_sigtramp, . - __quire_sigtramp
	.section .note.GNU-stack, "", @progbits
