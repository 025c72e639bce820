/*
 * The CMOS real-time clock's date, converted to seconds since the epoch
 * (kernel/rtc.c: pure code, also built into the host test test_rtc).
 * The registers are read by the architecture (arch_rtc_read in
 * kernel/arch/x86_64/rtc_cmos.c).
 */
#ifndef KERNEL_RTC_H
#define KERNEL_RTC_H

#include <stdint.h>

/* The registers as read, before any conversion. */
struct rtc_regs {
	uint8_t sec, min, hour, mday, mon, year;   /* year: 0..99 */
	uint8_t century;                           /* 0: not known (20 assumed) */
	uint8_t regb;                              /* status register B */
};

#define RTC_B_24H    0x02    /* hours 0..23 (else 1..12 with bit 7 = PM) */
#define RTC_B_BINARY 0x04    /* binary (else BCD) */

/* Days from 1970-01-01 to year-mon-mday (mon 1..12), proleptic Gregorian. */
int64_t rtc_days_from_civil(int64_t year, int mon, int mday);

/* Seconds since the epoch, or -1 if a field is out of range. */
int64_t rtc_to_epoch(const struct rtc_regs *r);

/* The date and time of the CMOS clock, in seconds since the epoch; 0 if
 * the clock is absent or reads nonsense. */
int64_t arch_rtc_read(void);

#endif
