/* The IPC trap: rax = primitive, rdi = endpoint, rsi = message. */
#include <quire/ipc.h>

.macro IPC name, op
	.globl \name
\name:
	mov $\op, %eax
	syscall
	ret
.endm

	.text
/* int ipc_send(endpoint_t dst, message *m) etc.: arguments already sit
 * in rdi and rsi. */
IPC ipc_send, IPC_SEND
IPC ipc_receive, IPC_RECEIVE
IPC ipc_sendrec, IPC_SENDREC
/* The name lib/libproto's stubs call (libposix defines it too). */
IPC __quire_sendrec, IPC_SENDREC
IPC ipc_sendnb, IPC_SENDNB
IPC ipc_notify, IPC_NOTIFY
IPC ipc_replyrecv, IPC_REPLYRECV

/* int _kernel_call(int call, message *m): m->m_type = call. */
	.globl _kernel_call
_kernel_call:
	mov %edi, 4(%rsi)
	mov $IPC_KERNELCALL, %eax
	syscall
	ret

/* int _ipc_trap(int op, endpoint_t ep, void *m) */
	.globl _ipc_trap
_ipc_trap:
	mov %edi, %eax
	mov %esi, %edi
	mov %rdx, %rsi
	syscall
	ret
