/* Every cap a feature's doc states on a count the platform keeps,
 * reached and passed (emit/emit_cap_scen.c): evtchn_fifo's queue of 255
 * events per port, raised by evtchn_send on an ipi port and by timer
 * expiries on a timer port, each to the cap and twice past it, the count
 * read after each, then drained by the bind. The reference passes both
 * probes in a 2.1 image granted everything; the gate's
 * `fifo-full-refused` (sends past the cap answer ENOSPC) is red at the
 * send probe only, at its 256th send, and `fifo-count-wraps` (the count
 * wraps to 0 at the 256th raise) at both, at the read after it. One
 * image a platform: three boots, about 3 s of wall time at load 8. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#define SEND "evtchn_repeat_by_grant: pending raised by evtchn_send to its cap"
#define TIMER "timer_repeat_by_grant: pending raised by set_timer to its cap"

static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "2.1", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", SEND), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", TIMER), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: count-caps: ", ""), 1);
}

/* The 256th send answers ENOSPC where the doc merges it: red at the send
 * probe's single raise past the cap, nowhere else. */
static void test_full_refused(void)
{
	PVABI_TEST_BOOT("mutants/fifo-full-refused/pvabi", "2.1", "auto", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", SEND), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "evtchn_send returned -28, want 0"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 1);
}

/* The 256th raise wraps the count to 0: red at both probes, at the read
 * after it, and nowhere else. */
static void test_count_wraps(void)
{
	PVABI_TEST_BOOT("mutants/fifo-count-wraps/pvabi", "2.1", "auto", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", SEND), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", TIMER), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "field pending = 0, want 255"), 2);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 2);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "full_refused", test_full_refused },
	{ "count_wraps", test_count_wraps },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "caps", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
