/* poweroff: sync the file systems, then switch the machine off. */
#include "common.h"

#include <quire/qposix.h>
#include <unistd.h>

int main(void)
{
	progname = "poweroff";
	sync();
	if (quire_poweroff() < 0) {
		warn_path("quire_poweroff");
		return 1;
	}
	return 0;
}
