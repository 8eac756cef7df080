/* Every size a size guard tells apart, and outputs read from a buffer
 * the guest poisoned (docs/checks.md): the reference platform passes
 * every size-guard probe and the success batch of a fresh image, and
 * each test-local seed (conformance/tests/sizes-seeds, built like the
 * gate's seeds into mutants/NAME/pvabi) fails exactly the probes its
 * break shows in, and nothing else. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define STATUS_PAST "evtchn_status: size guard: status=[28] (past every layout) -> ret=0, status.size=24"
#define STATUS_BELOW "evtchn_status: size guard: status=[23] (below the first layout) -> error=EINVAL"
#define ALL_OK "mmu_update_batch: batch [ok, ok, ok] -> ret=3 done=3 (all applied)"

/* get_time_info below the first layout, cut, its own, each later
 * layout and past them all; evtchn_status (1.1 on, one layout) below,
 * its own and past it; the success batch from 1.1 on. */
static void test_reference(void)
{
	CU_ASSERT_EQUAL(pvabi_test_image("pvabi", "2.1", "auto"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", ": size guard: "), 7);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "info=[47] (cuts the last field) -> ret=0, info.size=40"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", ALL_OK " (got ret=3 done=3)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_image("pvabi", "1.1", "auto"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", ": size guard: "), 8);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "info=[48] (a later revision's layout) -> ret=0, info.size=40"), 1);
	CU_ASSERT_EQUAL(pvabi_test_image("pvabi", "1.0", "auto"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", ": size guard: "), 5);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "info=[52] (past every layout) -> ret=0, info.size=32"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "batch ["), 0);
}

/* The guest's size echoed in size out: only a buffer larger than the
 * layout shows it. */
static void test_size_echoed(void)
{
	PVABI_TEST_RED("mutants/status-size-echoed/pvabi", "2.1", "auto", STATUS_PAST, 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# ", "argument 1: size out 28, want 24, the whole fields that fit in 28 bytes"), 1);
	CU_ASSERT_EQUAL(pvabi_test_image("mutants/status-size-echoed/pvabi", "1.0", "auto"), 0);
}

/* A refusal that writes the size it wants: only the size below the
 * first layout shows it. */
static void test_short_told_size(void)
{
	PVABI_TEST_RED("mutants/status-short-told-size/pvabi", "2.1", "auto", STATUS_BELOW, 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# ", "argument 1: refused, yet its size field is "), 1);
}

/* An MSR of 0 never written: every read of one (the virtualised MSRs
 * at 0, the first read of each MSR scenario and of each read-back of
 * an accepted value, and the width probes' read before their write)
 * finds the poison; a zeroed buffer would have read 0, the right value. */
static void test_msr_zero_unwritten(void)
{
	CU_ASSERT_EQUAL(pvabi_test_image("mutants/msr-zero-unwritten/pvabi", "2.1", "auto"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 52);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ", read_msr before and after ("), 25);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "read_msr: case virtualised: "), 8);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", " read back by read_msr "), 13);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "read_msr: case virtualised: index=0xc0000103 -> ret=0"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario msr_write_read_back"), 1);
	/* each failing line's diagnostic, the scenarios' with their step */
	CU_ASSERT_EQUAL(pvabi_test_lines("# ", "argument 1: the field at byte 0 left unwritten (still the guest's poison)"), 52);
	CU_ASSERT_EQUAL(pvabi_test_lines("# ", "scenario msr_write_read_back: step 1 of 13 (read_msr) failed"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "read_msr: case virtualised: index=0x10 -> ret=0"), 1);
}

/* done as the index where the batch stopped: right for every failure
 * and for an empty batch, one short for the success batch alone. */
static void test_batch_done_last_index(void)
{
	PVABI_TEST_RED("mutants/batch-done-last-index/pvabi", "2.1", "auto",
		       ALL_OK " (got ret=3 done=2)", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "mmu_update_batch: count=0 reqs='' -> ret=0 done=0"), 1);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "size_echoed", test_size_echoed },
	{ "short_told_size", test_short_told_size },
	{ "msr_zero_unwritten", test_msr_zero_unwritten },
	{ "batch_done_last_index", test_batch_done_last_index },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "sizes", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
