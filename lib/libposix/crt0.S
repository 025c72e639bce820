/*
 * Process entry for POSIX programs (newlib + libposix).
 *
 * The kernel (through VFS_EXEC, see exec.c) starts a process with the
 * System V initial stack:
 *   rsp -> argc (8 bytes), argv[0..argc-1], NULL, envp[...], NULL, strings
 * _start sets `environ`, registers the static destructors, runs the
 * static constructors (__libc_init_array, which also calls _init), and
 * calls exit(main(argc, argv, envp)) -- exit, not _exit, so that stdio
 * buffers are flushed.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	xor %ebp, %ebp                  /* the outermost frame */
	mov (%rsp), %r12                /* argc */
	lea 8(%rsp), %r13               /* argv */
	lea 8(%r13,%r12,8), %r14        /* envp = &argv[argc + 1] */
	and $-16, %rsp                  /* the ABI's call alignment */
	mov %r14, environ(%rip)

	lea __libc_fini_array(%rip), %rdi
	call atexit
	call __libc_init_array

	mov %r12d, %edi
	mov %r13, %rsi
	mov %r14, %rdx
	call main
	mov %eax, %edi
	call exit
	ud2
	.size _start, . - _start

/* newlib's __libc_init_array / __libc_fini_array call these; Quire's
 * programs use .init_array / .fini_array only. */
	.globl _init
	.type _init, @function
_init:
	ret
	.size _init, . - _init

	.globl _fini
	.type _fini, @function
_fini:
	ret
	.size _fini, . - _fini

	.section .note.GNU-stack, "", @progbits
