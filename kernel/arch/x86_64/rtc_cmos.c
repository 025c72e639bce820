/*
 * The CMOS real-time clock (ports 0x70/0x71), read once at boot.
 *
 * The registers change while an update is in progress (status register A
 * bit 7), so the date is read after the flag clears, twice, until two
 * reads agree: an update between them shows as a difference.
 * NMI stays enabled (bit 7 of the index written to 0x70 is 0).
 */
#include <arch/x86.h>
#include "../../rtc.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71

enum { R_SEC = 0x00, R_MIN = 0x02, R_HOUR = 0x04, R_MDAY = 0x07, R_MON = 0x08,
       R_YEAR = 0x09, R_A = 0x0a, R_B = 0x0b, R_CENTURY = 0x32 };

#define RTC_A_UIP 0x80

static uint8_t cmos(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

/* Wait for no update in progress; 0 if it never clears (no clock). */
static int settled(void)
{
	for (int i = 0; i < 1000000; i++)
		if (!(cmos(R_A) & RTC_A_UIP))
			return 1;
	return 0;
}

static void read_regs(struct rtc_regs *r)
{
	r->sec = cmos(R_SEC);
	r->min = cmos(R_MIN);
	r->hour = cmos(R_HOUR);
	r->mday = cmos(R_MDAY);
	r->mon = cmos(R_MON);
	r->year = cmos(R_YEAR);
	r->century = cmos(R_CENTURY);   /* QEMU and the ACPI FADT's usual place */
	r->regb = cmos(R_B);
}

static int same(const struct rtc_regs *a, const struct rtc_regs *b)
{
	return a->sec == b->sec && a->min == b->min && a->hour == b->hour &&
	       a->mday == b->mday && a->mon == b->mon && a->year == b->year &&
	       a->century == b->century && a->regb == b->regb;
}

int64_t arch_rtc_read(void)
{
	struct rtc_regs a, b;
	for (int tries = 0; tries < 10; tries++) {
		if (!settled())
			return 0;
		read_regs(&a);
		if (!settled())
			return 0;
		read_regs(&b);
		if (same(&a, &b)) {
			int64_t t = rtc_to_epoch(&a);
			return t > 0 ? t : 0;
		}
	}
	return 0;
}
