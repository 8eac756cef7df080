/* A clock read through a snapshot (guest/rt/suite_conv.c): each fresh
 * image converts a TSC reading with time_info's snapshot, by the doc's
 * formula, and wants it within 1 us of the get_time readings around it,
 * right after the snapshot and at the ends of parts of the run up to
 * the second the doc promises. The reference passes every judgement it
 * makes (the others are skips that say why); `tsc-shift-reversed` (the
 * shift's sign in the clocksource convention) is red at every
 * judgement, and `info-time-tick-ms` (system_time_ns at a millisecond,
 * the stamp of now) at some of the fresh snapshots, a different error
 * each, and nowhere else but the time_info clock's own bounds. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <string.h>

#define CONV "convert get_time_info info.system_time_ns (clock time_info) from clock tsc, "
#define FIRST CONV "the run's first snapshot, "
#define SKIP "# SKIP"

/* Lines of the class that start with prefix and judged something (not
 * a skip). */
static size_t judged(const char *prefix)
{
	const char *l = pvabi_test_out, *e;
	size_t n = 0, len;

	for (; *l; l = *e ? e + 1 : e) {
		e = strchr(l, '\n');
		e = e ? e : l + strlen(l);
		len = (size_t)(e - l);
		if (!strncmp(l, prefix, strlen(prefix)) && memmem(l, len, CONV, strlen(CONV)) &&
		    !memmem(l, len, SKIP, strlen(SKIP)))
			n++;
	}
	return n;
}

/* The first snapshot right after it, and at one point at least (the
 * points one end of a part passes together are one judgement, a point
 * past the promise or never reached a skip); a fresh snapshot at each
 * point reached. */
static void reference_at(const char *rev)
{
	PVABI_TEST_BOOT("pvabi", rev, "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", FIRST "right after it"), 1);
	CU_ASSERT(pvabi_test_lines("ok", FIRST) >= 2);
	CU_ASSERT(pvabi_test_lines("ok", CONV "a fresh snapshot, right after it") >= 1);
	CU_ASSERT(judged("ok") >= 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", CONV), 0);
}

static void test_reference(void)
{
	reference_at("1.0");
	reference_at("2.1");
}

/* Every judgement red; elsewhere only the scaling scenario. */
static void test_tsc_shift_reversed(void)
{
	const char *m = "mutants/tsc-shift-reversed/pvabi";

	PVABI_TEST_BOOT(m, "2.1", "auto", 1);
	CU_ASSERT(judged("not ok") >= 2);
	CU_ASSERT_EQUAL(judged("ok"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""),
			judged("not ok") + pvabi_test_lines("not ok", "time_info_scaling_agrees"));
}

/* Red at a judgement, and elsewhere only at the time_info clock's own
 * rate bounds (a snapshot's time at a millisecond may lag a burst). */
static void test_info_time_tick_ms(void)
{
	const char *m = "mutants/info-time-tick-ms/pvabi";

	PVABI_TEST_BOOT(m, "2.1", "auto", 1);
	CU_ASSERT(judged("not ok") >= 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""),
			judged("not ok") + pvabi_test_lines("not ok", "(clock time_info) against"));
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "tsc_shift_reversed", test_tsc_shift_reversed },
	{ "info_time_tick_ms", test_info_time_tick_ms },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "tscconv", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
