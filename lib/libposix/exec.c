/*
 * exec: VFS_EXEC and the exec* family, execvp's PATH search, system().
 *
 * VFS_EXEC takes the program's path and a "stack image": the exact bytes
 * of the new process's initial stack, built here in our own memory, in
 * the System V layout that crt0.S reads:
 *
 *   offset 0                  argc                     (8 bytes)
 *   8                         argv[0] .. argv[argc-1]  (8 bytes each)
 *                             NULL
 *                             envp[0] .. envp[envc-1]
 *                             NULL
 *                             the argument and environment strings, each
 *                             with its NUL, then zero padding to a
 *                             multiple of 16 bytes
 *
 * Every argv/envp pointer is stored as an OFFSET from the start of the
 * image (the NULLs stay 0). VFS copies the image to the top of the new
 * process's stack, at the final address A (16-byte aligned, so the new
 * rsp = A satisfies the ABI), and adds A to each argv/envp entry: argc
 * entries after argc, then the entries after the first NULL up to the
 * second NULL. The request is vfs_req_exec(path, image, size). An image
 * larger than VFS_VFS_EXEC_IMAGE_MAX (128 KiB) is refused here with E2BIG
 * (and would be by VFS). On success there is no answer: this process is
 * now the new program.
 */
#include "posix_priv.h"

#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/reent.h>
#include <sys/wait.h>

#include <quire/vfs.h>

static size_t count(char *const v[])
{
	size_t n = 0;
	if (v)
		while (v[n])
			n++;
	return n;
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	size_t argc = count(argv), envc = count(envp);
	size_t vec = 8 + (argc + 1 + envc + 1) * 8;
	size_t size = vec;
	for (size_t i = 0; i < argc; i++) {
		size += strlen(argv[i]) + 1;
		if (size > VFS_EXEC_IMAGE_MAX)
			return (int)__px_ret(-E2BIG);
	}
	for (size_t i = 0; i < envc; i++) {
		size += strlen(envp[i]) + 1;
		if (size > VFS_EXEC_IMAGE_MAX)
			return (int)__px_ret(-E2BIG);
	}
	size = (size + 15) & ~(size_t)15;
	if (size > VFS_EXEC_IMAGE_MAX)
		return (int)__px_ret(-E2BIG);

	char *img = malloc(size);
	if (!img)
		return (int)__px_ret(-ENOMEM);
	memset(img, 0, size);
	uint64_t *slot = (uint64_t *)img;
	size_t str = vec;
	*slot++ = argc;
	for (size_t i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;
		memcpy(img + str, argv[i], n);
		*slot++ = str;                 /* an offset in the image */
		str += n;
	}
	*slot++ = 0;
	for (size_t i = 0; i < envc; i++) {
		size_t n = strlen(envp[i]) + 1;
		memcpy(img + str, envp[i], n);
		*slot++ = str;
		str += n;
	}
	*slot++ = 0;

	int r = vfs_req_exec(path, img, size);
	/* Only a failure comes back. */
	free(img);
	return (int)__px_ret(r < 0 ? r : -EIO);
}

int execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

/* A file execve refused with ENOEXEC is run as a shell script:
 * /bin/sh path argv[1] ... */
static int exec_script(const char *path, char *const argv[], char *const envp[])
{
	size_t argc = count(argv);
	char **nv = malloc((argc + 3) * sizeof(*nv));
	if (!nv)
		return (int)__px_ret(-ENOMEM);
	size_t n = 0;
	nv[n++] = (char *)"sh";
	nv[n++] = (char *)path;
	for (size_t i = 1; i < argc; i++)
		nv[n++] = argv[i];
	nv[n] = NULL;
	execve("/bin/sh", nv, envp);
	int e = errno;
	free(nv);
	errno = e;
	return -1;
}

int execvpe(const char *file, char *const argv[], char *const envp[])
{
	if (!file || !*file)
		return (int)__px_ret(-ENOENT);
	if (strchr(file, '/')) {
		execve(file, argv, envp);
		if (errno == ENOEXEC)
			exec_script(file, argv, envp);
		return -1;
	}
	const char *p = getenv("PATH");
	if (!p)
		p = "/bin:/usr/bin";
	size_t flen = strlen(file);
	int seen_eacces = 0;
	for (;;) {
		const char *colon = strchr(p, ':');
		size_t dlen = colon ? (size_t)(colon - p) : strlen(p);
		char buf[VFS_PATH_MAX + 1];
		if (dlen + 1 + flen < sizeof(buf)) {
			if (dlen == 0) {
				memcpy(buf, file, flen + 1);   /* empty entry: "." */
			} else {
				memcpy(buf, p, dlen);
				buf[dlen] = '/';
				memcpy(buf + dlen + 1, file, flen + 1);
			}
			execve(buf, argv, envp);
			switch (errno) {
			case ENOEXEC:
				exec_script(buf, argv, envp);
				return -1;
			case EACCES:
				seen_eacces = 1;
				break;
			case ENOENT:
			case ENOTDIR:
			case ENAMETOOLONG:
			case ELOOP:
				break;
			default:
				return -1;
			}
		}
		if (!colon)
			break;
		p = colon + 1;
	}
	errno = seen_eacces ? EACCES : ENOENT;
	return -1;
}

int execvp(const char *file, char *const argv[])
{
	return execvpe(file, argv, environ);
}

/* Arguments after arg0 up to the NULL that ends the list, not counting
 * it (none if arg0 itself is that NULL). */
static size_t count_va(const char *arg0, va_list *ap)
{
	if (!arg0)
		return 0;
	va_list cp;
	va_copy(cp, *ap);
	size_t n = 0;
	while (va_arg(cp, char *))
		n++;
	va_end(cp);
	return n;
}

/* v[0] = arg0, v[1..n] from ap, v[n+1] = NULL; consumes the NULL. */
static void fill_va(char **v, const char *arg0, size_t n, va_list *ap)
{
	v[0] = (char *)arg0;
	for (size_t i = 1; i <= n; i++)
		v[i] = va_arg(*ap, char *);
	if (arg0)
		(void)va_arg(*ap, char *);
	v[n + 1] = NULL;
}

int execl(const char *path, const char *arg0, ...)
{
	va_list ap;
	va_start(ap, arg0);
	size_t n = count_va(arg0, &ap);
	char *v[n + 2];
	fill_va(v, arg0, n, &ap);
	va_end(ap);
	return execve(path, v, environ);
}

int execlp(const char *file, const char *arg0, ...)
{
	va_list ap;
	va_start(ap, arg0);
	size_t n = count_va(arg0, &ap);
	char *v[n + 2];
	fill_va(v, arg0, n, &ap);
	va_end(ap);
	return execvp(file, v);
}

/* execle(path, arg0, ..., NULL, envp) */
int execle(const char *path, const char *arg0, ...)
{
	va_list ap;
	va_start(ap, arg0);
	size_t n = count_va(arg0, &ap);
	char *v[n + 2];
	fill_va(v, arg0, n, &ap);
	char **envp = va_arg(ap, char **);
	va_end(ap);
	return execve(path, v, envp);
}

/*
 * system(): /bin/sh -c cmd in a child, and its wait status; SIGINT and
 * SIGQUIT are ignored in the caller while it waits (POSIX). Replaces
 * newlib's (which cannot fork on this target); defines _system_r too so
 * newlib's object never comes in beside this one.
 */
int system(const char *cmd)
{
	if (!cmd)
		return access("/bin/sh", X_OK) == 0;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	struct sigaction ign, old_int, old_quit;
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	int saved_int = sigaction(SIGINT, &ign, &old_int) == 0;
	int saved_quit = sigaction(SIGQUIT, &ign, &old_quit) == 0;
	int status, r;
	while ((r = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	int e = errno;
	if (saved_int)
		sigaction(SIGINT, &old_int, NULL);
	if (saved_quit)
		sigaction(SIGQUIT, &old_quit, NULL);
	errno = e;
	return r < 0 ? -1 : status;
}

int _system_r(struct _reent *re, const char *cmd)
{
	(void)re;
	return system(cmd);
}
