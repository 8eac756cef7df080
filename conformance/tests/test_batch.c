/* Batch probes catch a platform that leaves the wrong state behind a
 * failing request: the reference platform passes every batch probe of a
 * fresh image; the gate's seed batch-continues (it goes on past the
 * failure) and each test-local seed (conformance/tests/batch-seeds,
 * built like the gate's seeds into mutants/NAME/pvabi) fail exactly the
 * probes whose failure position shows their break, and nothing else. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define FIRST "batch [ERANGE, ok, ok] -> ERANGE done=0 (stop, earlier kept)"
#define MIDDLE "batch [ok, ERANGE, ok] -> ERANGE done=1 (stop, earlier kept)"
#define LAST "batch [ok, ok, ERANGE] -> ERANGE done=2 (stop, earlier kept)"
/* the probes of each kind of refusal of a request (test-reqfield): five
 * kinds, the refused request second and first */
#define KIND "mmu_update_batch: batch on one table: ["

/* Seven probes (two refusals the vectors know, three positions, and the
 * batch of good requests) from 1.1 on, where mmu_update_batch exists;
 * none in 1.0. */
static void test_reference(void)
{
	CU_ASSERT_EQUAL(pvabi_test_image("pvabi", "2.1", "auto"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "mmu_update_batch: batch ["), 7);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", MIDDLE " (got ret=-34 done=1)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "batch [ok, ok, EINVAL] -> EINVAL done=2"), 1);
	CU_ASSERT_EQUAL(pvabi_test_image("pvabi", "1.1", "auto"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "mmu_update_batch: batch ["), 7);
	CU_ASSERT_EQUAL(pvabi_test_image("pvabi", "1.0", "auto"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "batch ["), 0);
}

/* Going on past the failure: every probe fails by its done count, and
 * those with a request after the failure by the entry it wrote; so do
 * the ten probes of each kind of refusal. */
static void test_continues(void)
{
	CU_ASSERT_EQUAL(pvabi_test_image("mutants/batch-continues/pvabi", "2.1", "auto"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 16);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", KIND), 10);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", FIRST " (got ret=-34 done=3)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", MIDDLE " (got ret=-34 done=3)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# ", "page entry 3 = 0x7f0000012345e03, want 0x0 (after the failure)"), 2);
}

/* Counting the failing request in done: every probe fails by done
 * alone (the ten of each kind of refusal too); the entries are right. */
static void test_done_counts_failed(void)
{
	CU_ASSERT_EQUAL(pvabi_test_image("mutants/batch-done-counts-failed/pvabi", "2.1", "auto"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 16);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", KIND), 10);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", LAST " (got ret=-34 done=3)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# ", "page entry"), 0);
}

/* Undoing the requests before the failure while answering as if they
 * stayed: the return and done are right, only the entries read back
 * show it, and only where a request precedes the failure (of each kind
 * of refusal, the five probes with the refused request second). */
static void test_undoes_earlier(void)
{
	CU_ASSERT_EQUAL(pvabi_test_image("mutants/batch-undoes-earlier/pvabi", "2.1", "auto"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 9);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", KIND "ok, next with "), 5);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", FIRST), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", MIDDLE " (got ret=-34 done=1)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# ", "page entry 1 = 0x0, want 0x8000000012345007 (applied)"), 9);
	CU_ASSERT_EQUAL(pvabi_test_image("mutants/batch-undoes-earlier/pvabi", "1.0", "auto"), 0);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "continues", test_continues },
	{ "done_counts_failed", test_done_counts_failed },
	{ "undoes_earlier", test_undoes_earlier },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "batch", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
