/* Each refusal of a batch's request, probed in a request that shares
 * every other field with the request before it (abi/batch_elem.c,
 * emit/emit_batch.c): for each kind of refusal mmu_update declares on
 * the arguments a request's fields stand for (index range, table
 * alignment, table outside guest memory, entry value) and the batch's
 * own <refuses> (reserved0), a fresh image makes the batch [good, the
 * next entry of the same table refused in that field alone] and its
 * reverse, and judges the return, `done` and every entry of the page.
 * The reference passes all ten; the gate's `batch-run-checked-once`
 * (a run of requests on one table checked by its first request) is red
 * at exactly the entry value's forward probe, and
 * `batch-frame-checked-once` (a table page checked once, compared by
 * frame) at exactly the table alignment's. One image (2.1) each. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#define KIND "mmu_update_batch: batch on one table: ["
#define VALUE KIND "ok, next with value=0x8000000000001 "
#define TABLE KIND "ok, next with table=page+0x1 "

static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "2.1", "auto", 0);
	/* five kinds (index, table alignment, table outside memory,
	 * reserved0, entry value), each in both orders */
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", KIND), 10);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", KIND "ok, next with "), 5);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", VALUE), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", TABLE), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", KIND), 0);
}

static void test_batch_run_checked_once(void)
{
	PVABI_TEST_RED("mutants/batch-run-checked-once/pvabi", "2.1", "auto", VALUE, 1);
}

static void test_batch_frame_checked_once(void)
{
	PVABI_TEST_RED("mutants/batch-frame-checked-once/pvabi", "2.1", "auto", TABLE, 1);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "batch_run_checked_once", test_batch_run_checked_once },
	{ "batch_frame_checked_once", test_batch_frame_checked_once },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "reqfield", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
