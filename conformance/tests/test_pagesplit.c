/* Every pointer argument's buffer placed across a page boundary
 * (emit/emit_edgebuf.c): each fresh image makes, per op, argument by
 * address and revision, the op's first succeeding vector again with that
 * buffer laid inside memory so that a page boundary falls in its extent
 * (about half before it), and wants the vector's answer, fields and
 * out-bytes. The reference passes them all; the gate's `log-page-split`
 * (log_write reads the record through the page it starts in) is red at
 * exactly log_write's probe, and `info-page-end` (get_time_info copies
 * the snapshot out through the page it starts in) at exactly
 * get_time_info's, in the 2.1 and 1.0 images. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#define SPLIT " across a page boundary ("
#define LOG "log_write: argument 2's 5 bytes" SPLIT
#define INFO "get_time_info: argument 0's "

/* The probes by source, as the end-of-memory class's: negotiate's offer
 * and answer, console_write's buffer (1.0 to 1.3), cpuid's regs,
 * read_msr's value, get_time_info's snapshot, mmu_update_batch's
 * requests and count (1.1+, with its feature), evtchn_status's status
 * (1.1+), log_write's record (1.2+). */
static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "1.0", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", SPLIT), 6);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", INFO "32 bytes" SPLIT), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", SPLIT), 0);
	PVABI_TEST_BOOT("pvabi", "2.1", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", SPLIT), 9);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", LOG), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", INFO "48 bytes" SPLIT), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", SPLIT), 0);
}

static void test_log_page_split(void)
{
	PVABI_TEST_RED("mutants/log-page-split/pvabi", "2.1", "auto", LOG, 1);
}

static void test_info_page_end(void)
{
	const char *m = "mutants/info-page-end/pvabi";

	PVABI_TEST_RED(m, "2.1", "auto", INFO "48 bytes" SPLIT, 1);
	PVABI_TEST_RED(m, "1.0", "auto", INFO "32 bytes" SPLIT, 1);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "log_page_split", test_log_page_split },
	{ "info_page_end", test_info_page_end },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "pagesplit", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
