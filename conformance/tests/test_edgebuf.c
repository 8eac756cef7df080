/* Every pointer argument's buffer placed flush against the end of guest
 * memory (emit/emit_edgebuf.c): each fresh image makes, per op, argument
 * by address and revision, the op's first succeeding vector again with
 * that buffer's last byte the last byte of guest memory, and wants the
 * vector's answer. The reference passes them all; the gate's
 * `offer-read-max-layout` (negotiate reads its 256-byte buffer's worth
 * of a 40-byte offer) is red at exactly negotiate's offer probe, and
 * `log-read-words` (log_write copies the record in whole 8-byte words) at
 * exactly log_write's buffer probe. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#define EDGE " at the end of memory: "
#define OFFER "negotiate: argument 0's 40 bytes" EDGE
#define LOG "log_write: argument 2's 5 bytes" EDGE

/* The probes by source: negotiate's offer and answer, console_write's
 * buffer (1.0 to 1.3), cpuid's regs, read_msr's value, get_time_info's
 * snapshot, mmu_update_batch's requests and count (1.1+, with its
 * feature), evtchn_status's status (1.1+), log_write's record (1.2+). */
static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "1.0", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", EDGE), 6);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", OFFER), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", EDGE), 0);
	PVABI_TEST_BOOT("pvabi", "2.1", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", EDGE), 9);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", OFFER), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", LOG), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", EDGE), 0);
}

static void test_offer_read_max_layout(void)
{
	const char *m = "mutants/offer-read-max-layout/pvabi";

	PVABI_TEST_RED(m, "2.1", "auto", OFFER, 1);
	PVABI_TEST_RED(m, "1.0", "auto", OFFER, 1);
}

static void test_log_read_words(void)
{
	PVABI_TEST_RED("mutants/log-read-words/pvabi", "2.1", "auto", LOG, 1);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "offer_read_max_layout", test_offer_read_max_layout },
	{ "log_read_words", test_log_read_words },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "edgebuf", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
