/*
 * Host tests for the RTC conversion (kernel/rtc.c): BCD and binary
 * registers, the 12-hour format with its PM bit, the century, rejected
 * nonsense, and days since the epoch against known dates.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <time.h>

#include <cmocka.h>

#include "rtc.h"

static void test_days_known_dates(void **state)
{
	(void)state;
	assert_int_equal(rtc_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(rtc_days_from_civil(1970, 1, 2), 1);
	assert_int_equal(rtc_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(rtc_days_from_civil(2000, 3, 1), 11017);   /* after a 400-year leap day */
	assert_int_equal(rtc_days_from_civil(2024, 1, 1), 19723);
	assert_int_equal(rtc_days_from_civil(2024, 2, 29), 19782);
	assert_int_equal(rtc_days_from_civil(2100, 3, 1), 47541);   /* 2100 is not leap */
	assert_int_equal(rtc_days_from_civil(2100, 2, 28) + 1, 47541);
}

/* Every day from 1970 to 2200 against the host's timegm. */
static void test_days_against_timegm(void **state)
{
	(void)state;
	for (time_t t = 0; t < (time_t)84000 * 86400; t += 86400) {
		struct tm tm;
		gmtime_r(&t, &tm);
		assert_int_equal(rtc_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday),
				 t / 86400);
	}
}

static void test_bcd_24h(void **state)
{
	(void)state;
	/* 2026-12-05 20:06:29 in BCD, 24-hour. */
	struct rtc_regs r = { .sec = 0x29, .min = 0x06, .hour = 0x20, .mday = 0x05,
			      .mon = 0x12, .year = 0x26, .century = 0x20, .regb = RTC_B_24H };
	assert_int_equal(rtc_to_epoch(&r), 1796501189);
}

static void test_binary_and_12h(void **state)
{
	(void)state;
	/* 2024-01-01 00:00:00 = 1704067200; binary, 12-hour: 12 AM is hour 12, no PM bit. */
	struct rtc_regs r = { .sec = 0, .min = 0, .hour = 12, .mday = 1, .mon = 1, .year = 24,
			      .century = 20, .regb = RTC_B_BINARY };
	assert_int_equal(rtc_to_epoch(&r), 1704067200);
	r.hour = 0x80 | 12;                      /* 12 PM: noon */
	assert_int_equal(rtc_to_epoch(&r), 1704067200 + 12 * 3600);
	r.hour = 0x80 | 11;                      /* 11 PM */
	assert_int_equal(rtc_to_epoch(&r), 1704067200 + 23 * 3600);
	r.hour = 1;                              /* 1 AM */
	assert_int_equal(rtc_to_epoch(&r), 1704067200 + 3600);
	/* The same in BCD, 12-hour: 0x80|0x11 is 11 PM. */
	struct rtc_regs b = { .sec = 0x59, .min = 0x59, .hour = 0x80 | 0x11, .mday = 0x31,
			      .mon = 0x12, .year = 0x23, .century = 0x20, .regb = 0 };
	assert_int_equal(rtc_to_epoch(&b), 1704067200 - 1);
}

static void test_century(void **state)
{
	(void)state;
	struct rtc_regs r = { .sec = 0, .min = 0, .hour = 0, .mday = 1, .mon = 1, .year = 0x70,
			      .century = 0x19, .regb = RTC_B_24H };
	assert_int_equal(rtc_to_epoch(&r), 0);
	r.century = 0;                           /* no century register: 20xx */
	r.year = 0x24;
	assert_int_equal(rtc_to_epoch(&r), 1704067200);
	r.century = 0xff;                        /* nonsense: 20xx too */
	assert_int_equal(rtc_to_epoch(&r), 1704067200);
}

static void test_rejects(void **state)
{
	(void)state;
	struct rtc_regs ok = { .sec = 0, .min = 0, .hour = 0, .mday = 0x28, .mon = 0x02, .year = 0x23,
			       .century = 0x20, .regb = RTC_B_24H };
	assert_true(rtc_to_epoch(&ok) > 0);
	struct rtc_regs r = ok;
	r.mday = 0x29;                           /* 2023-02-29 */
	assert_int_equal(rtc_to_epoch(&r), -1);
	r = ok; r.sec = 0x60;
	assert_int_equal(rtc_to_epoch(&r), -1);
	r = ok; r.min = 0x5a;                    /* not BCD */
	assert_int_equal(rtc_to_epoch(&r), -1);
	r = ok; r.hour = 0x24;
	assert_int_equal(rtc_to_epoch(&r), -1);
	r = ok; r.mon = 0x13;
	assert_int_equal(rtc_to_epoch(&r), -1);
	r = ok; r.mday = 0;
	assert_int_equal(rtc_to_epoch(&r), -1);
	r = ok; r.regb = 0; r.hour = 0;          /* 12-hour: hour 0 does not exist */
	assert_int_equal(rtc_to_epoch(&r), -1);
	r = ok; r.regb = 0; r.hour = 0x13;
	assert_int_equal(rtc_to_epoch(&r), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days_known_dates),
		cmocka_unit_test(test_days_against_timegm),
		cmocka_unit_test(test_bcd_24h),
		cmocka_unit_test(test_binary_and_12h),
		cmocka_unit_test(test_century),
		cmocka_unit_test(test_rejects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
