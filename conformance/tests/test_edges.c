/* Range-edge probes catch a platform that mishandles an edge: the
 * reference platform passes every edge probe of a fresh image, and each
 * test-local seed (conformance/tests/edge-seeds, built like the gate's
 * seeds into mutants/NAME/pvabi) fails exactly the probes of the edge it
 * breaks, in the revisions that declare it. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

static void test_reference(void)
{
	CU_ASSERT_EQUAL(pvabi_test_image("pvabi", "2.1", "auto"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "set_timer: edge deadline_ns=max - get_time + 1 (flags=0x3: saturates)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "yield: limit vcpus: target_vcpu=4294967294 -> error=ERANGE"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "yield: edge target_vcpu=max (valid) -> ret=0"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "scenario timer_never_fires: edge deadline_ns=max - get_time + 1 (flags=0x1: saturates)"), 1);
}

/* A signed comparison lets 0xfffffffe through: only the probe of the
 * type's top value a limit must refuse sees it (the limit's own probes
 * at 4096 and 4097 still pass). */
static void test_signed_compare(void)
{
	PVABI_TEST_RED("mutants/edge-yield-signed/pvabi", "2.1", "auto",
		       "limit vcpus: target_vcpu=4294967294 -> error=ERANGE (got 0)", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "limit vcpus: target_vcpu=4097 -> error=ERANGE"), 1);
}

/* Saturating 2^64 - 1 alone: max passes, max - 1 and the first
 * overflowing value fail in every relative mode, by their answer under
 * future and, relative alone, by their effect (the observing scenario
 * finds the timer fired); a 1.1 guest, which has no relative mode,
 * passes. */
static void test_saturate_only_max(void)
{
	CU_ASSERT_EQUAL(pvabi_test_image("mutants/edge-saturate-at-max/pvabi", "2.1", "auto"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "set_timer: edge deadline_ns=max-1 (flags=0x3: saturates)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "set_timer: edge deadline_ns=max - get_time + 1 (flags=0x3: saturates)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "set_timer: edge deadline_ns=max - get_time + 1 (flags=0x7: saturates)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "set_timer: edge deadline_ns=max (flags=0x3: saturates)"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "set_timer: edge deadline_ns=max (flags=0x3: saturates)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario timer_never_fires: edge deadline_ns=max - get_time + 1 (flags=0x1: saturates) (6 steps) (got step 4: evtchn_status returned 0, field pending = 1, want 0)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_image("mutants/edge-saturate-at-max/pvabi", "1.1", "auto"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 0);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "signed_compare", test_signed_compare },
	{ "saturate_only_max", test_saturate_only_max },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "edges", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
