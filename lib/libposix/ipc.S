/*
 * libposix's own IPC trap (it does not link libsys).
 *   rax = primitive, rdi = endpoint, rsi = message address; result in rax.
 * A kernel call is primitive IPC_KERNELCALL with rdi = 0.
 */
#include <quire/ipc.h>

	.text
/* int __quire_sendrec(endpoint_t dst, message *m) */
	.globl __quire_sendrec
	.type __quire_sendrec, @function
__quire_sendrec:
	mov $IPC_SENDREC, %eax
	syscall
	ret
	.size __quire_sendrec, . - __quire_sendrec

/* int __quire_receive(endpoint_t src, message *m) */
	.globl __quire_receive
	.type __quire_receive, @function
__quire_receive:
	mov $IPC_RECEIVE, %eax
	syscall
	ret
	.size __quire_receive, . - __quire_receive

/* int __quire_kernel_call(message *m): m->m_type is the call number. */
	.globl __quire_kernel_call
	.type __quire_kernel_call, @function
__quire_kernel_call:
	mov %rdi, %rsi
	xor %edi, %edi
	mov $IPC_KERNELCALL, %eax
	syscall
	ret
	.size __quire_kernel_call, . - __quire_kernel_call

	.section .note.GNU-stack, "", @progbits
