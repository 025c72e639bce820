/* A helper for t_ids: its exit status tells its ids, for the set-user-ID
 * exec test: bit 0 euid is 0, bit 1 ruid is 1000, bit 2 egid is 0,
 * bit 3 the saved uid is 0 (seteuid(0) after seteuid(1000) works). */
#include <unistd.h>

int main(void)
{
	int r = 0;
	if (geteuid() == 0)
		r |= 1;
	if (getuid() == 1000)
		r |= 2;
	if (getegid() == 0)
		r |= 4;
	if (geteuid() == 0 && seteuid(1000) == 0 && geteuid() == 1000 && seteuid(0) == 0 &&
	    geteuid() == 0)
		r |= 8;
	return r;
}
