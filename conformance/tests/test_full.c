/* What a refusal reached only in a full handle table leaves behind, per
 * value of the refused argument: the reference platform passes every
 * such probe of a fresh image, and each test-local seed
 * (conformance/tests/full-seeds, built like the gate's seeds into
 * mutants/NAME/pvabi) fails exactly the probe of the value it mishandles
 * and nothing else: a refused debug allocation that records the debug
 * port (the next one answers EBUSY), and one that makes the next debug
 * port an ipi port (only the state read back shows it). */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define FULL "evtchn_alloc: limit ports: full, source="

/* Two lines per value (the refusal, then the use after a free): ipi and
 * timer in 1.0, debug too from 1.1, read back by evtchn_status there;
 * and for ipi and timer a scenario that observes the port's events run
 * in the freed handle (the debug source's events are the operator's). */
static void test_reference(void)
{
	CU_ASSERT_EQUAL(pvabi_test_image("pvabi", "1.1", "auto"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", FULL), 8);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", FULL "debug -> error=ENOSPC"), 2);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "then in a freed handle (free 0, got "), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "in the freed handle"), 2);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", FULL "timer -> error=ENOSPC, then in a freed handle"), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", ", state 2, free 0, filled again with "), 1);
	CU_ASSERT_EQUAL(pvabi_test_image("pvabi", "1.0", "auto"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", FULL), 6);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "in the freed handle"), 2);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", FULL "debug"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", ", state -1, "), 2);
}

/* The refused debug allocation left the debug port recorded: its own
 * refusal is right, the allocation after a free answers EBUSY. */
static void test_records_debug(void)
{
	PVABI_TEST_RED("mutants/full-records-debug/pvabi", "1.1", "auto", FULL "debug", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "(free 0, got -16,"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", FULL "debug -> error=ENOSPC, then in a freed handle: refused while full (got -28)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_image("mutants/full-records-debug/pvabi", "1.0", "auto"), 0);
}

/* The next debug port after a refused one is stored as ipi: every
 * answer is right, only the state read back differs. */
static void test_debug_as_ipi(void)
{
	PVABI_TEST_RED("mutants/full-debug-as-ipi/pvabi", "1.1", "auto", FULL "debug", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ", state 0, free 0, filled again with "), 1);
	CU_ASSERT_EQUAL(pvabi_test_image("mutants/full-debug-as-ipi/pvabi", "1.0", "auto"), 0);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "records_debug", test_records_debug },
	{ "debug_as_ipi", test_debug_as_ipi },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "full", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
