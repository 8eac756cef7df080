/* At most one handle of a kind per scope, probed at its scope from two
 * vCPUs (<one-per>, emit/emit_uniq_scen.c): evtchn_alloc gives each vCPU
 * one timer port and the guest one debug port, so each fresh image holds
 * one on vCPU 0 and asks for another from vCPU 1 (granted for the timer,
 * refused for the debug port), frees it and asks again. The reference
 * passes them all; the test-local seed (conformance/tests/uniq-seeds,
 * built like the gate's seeds into mutants/NAME/pvabi) counts the debug
 * port per vCPU, right from any one vCPU, and is red at exactly the
 * debug probe, at its second step. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>

#define PROBE "scenario evtchn_alloc: one source="

/* The timer port's probe from 1.0, the debug port's too from 1.1 (the
 * debug source does not exist before). */
static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "1.0", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE "timer per vCPU, held on vCPU 0, asked from vCPU 1 (10 steps)"), 1);
	PVABI_TEST_BOOT("pvabi", "2.1", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE), 2);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE "debug per guest, held on vCPU 0, asked from vCPU 1 (9 steps)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: one-per-scope: ", ""), 1);
}

/* The debug port counted per vCPU: vCPU 1 is given a second one while
 * vCPU 0 holds the guest's. Red at the debug probe's second step only;
 * 1.0 has no debug source and stays green. */
static void test_debug_per_vcpu(void)
{
	const char *m = "mutants/uniq-debug-per-vcpu/pvabi";

	PVABI_TEST_RED(m, "1.1", "auto", PROBE "debug per guest", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "(got step 2: evtchn_alloc returned"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE "timer per vCPU"), 1);
	PVABI_TEST_RED(m, "2.1", "auto", PROBE "debug per guest", 1);
	PVABI_TEST_BOOT(m, "1.0", "auto", 0);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "debug_per_vcpu", test_debug_per_vcpu },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "uniq", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
