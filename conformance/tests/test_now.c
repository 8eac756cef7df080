/* Values against the platform's now (<now>) catch a platform that
 * mishandles a mode against its own clock: the reference platform
 * passes every probe of a fresh image, and the test-local seed
 * (conformance/tests/now-seeds, built like the gate's seeds into
 * mutants/NAME/pvabi), which arms relative timers on a tick wheel and
 * loses the part of the time below the tick, fails the timed probes of
 * the relative modes only,
 * by the moment it is seen, while every answer, edge and scenario of
 * before passes. Run on qemu-tcg: the early side needs a poll and a
 * clock read shorter than the early amount, which an engine whose exits
 * are slow (nested KVM) cannot give. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "2.1", "qemu-tcg", 0);
	/* eight modes: three probes each */
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "scenario timer_never_fires: now deadline_ns="), 24);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "now deadline_ns=700001 (flags=0x3: relative): seen in its promise"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "now deadline_ns=now-1 (flags=0x6: absolute): error=ETIME"), 1);
	PVABI_TEST_BOOT("pvabi", "1.1", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "scenario timer_never_fires: now deadline_ns="), 3);
}

/* The first red line is a relative mode's timed probe, judged by the
 * moment ("want" a range from the deadline), and no absolute probe
 * fails before it. */
static void test_tick_wheel(void)
{
	const char *first;

	PVABI_TEST_BOOT("mutants/now-relative-tick-wheel/pvabi", "2.1", "qemu-tcg", 1);
	first = strstr(pvabi_test_out, "\nnot ok ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(first);
	CU_ASSERT_PTR_NOT_NULL(strstr(first, ": relative): seen in its promise"));
	CU_ASSERT_PTR_NOT_NULL(strstr(first, "want "));
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "set_timer:"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "(absolute)"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario timer_relative_upcall"), 0);
	PVABI_TEST_BOOT("mutants/now-relative-tick-wheel/pvabi", "1.1", "qemu-tcg", 0);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "tick_wheel", test_tick_wheel },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "now", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
