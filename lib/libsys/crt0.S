/* Process entry for libsys programs: the kernel leaves argc, argv[] and
 * envp[] on the stack (System V layout). */
	.text
	.globl _start
_start:
	xor %ebp, %ebp
	mov (%rsp), %rdi            /* argc */
	lea 8(%rsp), %rsi           /* argv */
	and $-16, %rsp
	call __libsys_start
	ud2
