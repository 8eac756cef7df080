/* Outputs that never go back (<monotonic>) catch a platform whose clock
 * goes back across a call the guest may make: the reference platform
 * holds every declared clock across every part of a fresh image's run,
 * and two test-local seeds (conformance/tests/mono-seeds, built like
 * the gate's seeds into mutants/NAME/pvabi) are red first at a reading
 * that names the refused call after which their clock went back. One
 * restarts the platform's clock on a refused set_timer (an undefined
 * flag, 1.2+: get_time, time_info and the TSC all go back; a 1.1 guest
 * cannot make that call and stays green); the other applies a refused
 * write of the read-only TSC to the calling vCPU (only the TSC goes
 * back: get_time and time_info never turn red). Neither trigger is the
 * gate's holdout (a second negotiate). Run on qemu-tcg. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "2.1", "qemu-tcg", 0);
	/* the five readings of four clocks at 2.1, steal time granted (the
	 * TSC through the MSR and through time_info) */
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "monotonic "), 5);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "(clock platform): never went back in "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "(clock tsc): never went back in "), 2);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "scenario timer_across_renegotiate "), 1);
	PVABI_TEST_BOOT("pvabi", "1.0", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "monotonic "), 4);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "(clock steal)"), 0);
}

static void test_refused_timer_restarts(void)
{
	const char *prog = "mutants/mono-refused-timer-restarts/pvabi";
	char line[512];

	PVABI_TEST_BOOT(prog, "2.1", "qemu-tcg", 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pvabi_test_first_line("not ok ", line, sizeof(line)));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "monotonic "));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "set_timer returned -22"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, ", then "));
	/* every clock that follows the platform's goes back */
	CU_ASSERT(pvabi_test_lines("not ok", "(clock platform) went back") >= 1);
	CU_ASSERT(pvabi_test_lines("not ok", "(clock tsc) went back") >= 1);
	CU_ASSERT(pvabi_test_lines("not ok", "(clock time_info) went back") >= 1);
	PVABI_TEST_BOOT(prog, "1.1", "qemu-tcg", 0);
}

static void test_refused_tsc_write(void)
{
	const char *prog = "mutants/mono-refused-tsc-write-applied/pvabi";
	char line[512];

	PVABI_TEST_BOOT(prog, "2.1", "qemu-tcg", 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pvabi_test_first_line("not ok ", line, sizeof(line)));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "monotonic read_msr value index=0x10 (clock tsc) went back"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "write_msr returned -1"));
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "(clock platform)"), 0);
	/* time_info's snapshot is right; converting a TSC the seed moved
	 * with it is not (guest/rt/suite_conv.c) */
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "(clock time_info)"),
			pvabi_test_lines("not ok", "convert get_time_info info.system_time_ns "
					 "(clock time_info) from clock tsc"));
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario timer_across_renegotiate"), 0);
	PVABI_TEST_BOOT(prog, "1.0", "qemu-tcg", 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pvabi_test_first_line("not ok ", line, sizeof(line)));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "(clock tsc) went back"));
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "refused_timer_restarts", test_refused_timer_restarts },
	{ "refused_tsc_write", test_refused_tsc_write },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "mono", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
