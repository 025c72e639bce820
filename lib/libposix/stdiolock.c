/*
 * flockfile, ftrylockfile, funlockfile: a Quire process has one thread,
 * so a stream is never used by another at the same time; the lock is
 * always free and taking it never waits.
 */
#include <stdio.h>

void flockfile(FILE *f)
{
	(void)f;
}

int ftrylockfile(FILE *f)
{
	(void)f;
	return 0;
}

void funlockfile(FILE *f)
{
	(void)f;
}
