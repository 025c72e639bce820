/*
 * The RTC's register values to seconds since the epoch (kernel/rtc.h).
 * No I/O here: the host test test_rtc runs this file as is.
 */
#include "rtc.h"

static int from_bcd(uint8_t v, int binary)
{
	if (binary)
		return v;
	if ((v & 0x0f) > 9 || (v >> 4) > 9)
		return -1;                 /* not BCD: caller rejects the date */
	return (v >> 4) * 10 + (v & 0x0f);
}

/* Days before the date counted in 400-year eras from 0000-03-01 (March
 * first makes the leap day the last day of a year), minus the days from
 * 0000-03-01 to 1970-01-01 (719468). */
int64_t rtc_days_from_civil(int64_t year, int mon, int mday)
{
	year -= mon <= 2;
	int64_t era = (year >= 0 ? year : year - 399) / 400;
	int64_t yoe = year - era * 400;                          /* 0..399 */
	int64_t mp = mon > 2 ? mon - 3 : mon + 9;                /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + mday - 1;             /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;     /* 0..146096 */
	return era * 146097 + doe - 719468;
}

static int days_in_month(int64_t year, int mon)
{
	static const uint8_t days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return days[mon - 1] + (mon == 2 && leap);
}

int64_t rtc_to_epoch(const struct rtc_regs *r)
{
	int bin = (r->regb & RTC_B_BINARY) != 0;
	int sec = from_bcd(r->sec, bin), min = from_bcd(r->min, bin);
	int pm = 0, hour;
	if (r->regb & RTC_B_24H) {
		hour = from_bcd(r->hour, bin);
	} else {
		pm = (r->hour & 0x80) != 0;            /* the PM flag is outside BCD */
		hour = from_bcd(r->hour & 0x7f, bin);
		if (hour < 1 || hour > 12)
			return -1;
		hour = hour % 12 + (pm ? 12 : 0);      /* 12 AM = 0, 12 PM = 12 */
	}
	int mday = from_bcd(r->mday, bin), mon = from_bcd(r->mon, bin);
	int yy = from_bcd(r->year, bin);
	int cent = r->century ? from_bcd(r->century, bin) : 20;
	if (cent < 19 || cent > 99)
		cent = 20;                 /* no century register: assume 20xx */
	if (sec < 0 || sec > 59 || min < 0 || min > 59 || hour < 0 || hour > 23 ||
	    mon < 1 || mon > 12 || yy < 0 || yy > 99)
		return -1;
	int64_t year = (int64_t)cent * 100 + yy;
	if (mday < 1 || mday > days_in_month(year, mon))
		return -1;
	return rtc_days_from_civil(year, mon, mday) * 86400 + hour * 3600 + min * 60 + sec;
}
