/* Every bit of a stored value the doc's checks do not name, toggled in
 * an otherwise accepted value, stored and read back
 * (emit/emit_prior_scen.c, emit_bits_scen_collect): mmu_update's present
 * entries name bit 0 (the state), bits 9 to 11 and 52 to 58 (the
 * guest's) and bits 12 to 51 (case present_above_maxphyaddr's members);
 * each of the other 13 (1 to 8, 59 to 63) is toggled in the first
 * present <writes> value, 0x8000000012345007, written over it in a page
 * of the image's own, and must be stored and read back as written. The
 * reference passes all 13; the gate's `pte-large-page-reserved` (bit 7
 * taken for a 2 MiB page's PS, its bits 13 to 20 refused) is red at bit
 * 7 alone, the frame 0x12345000 having bits 14, 18 and 20 set, and
 * `pte-accessed-dirty-cleared` (A and D cleared on store) at bits 5 and
 * 6, read back without them. Three boots of the 2.1 image. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#define BITS "scenario mmu_update: value=0x"
#define UNNAMED " in 0x8000000012345007: named by no check) over entry 0x8000000012345007 " \
		"(bit 0 set) of a table the image owns -> stored (5 steps)"

/* 13 scenarios, 26 calls: the base written and read back, the toggled
 * value written and read back. */
static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "2.1", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", UNNAMED), 13);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "(bit 7 set" UNNAMED), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "(bit 63 clear" UNNAMED), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "(bit 9 "), 0); /* the guest's: their own probes */
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "(bit 12 "), 0); /* a check reads it */
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: unnamed-bits: 26 calls", ""), 1);
}

/* 0x8000000012345087 refused with EINVAL at the write; nothing else red. */
static void test_large_page(void)
{
	PVABI_TEST_RED("mutants/pte-large-page-reserved/pvabi", "2.1", "auto",
		       BITS "8000000012345087 (bit 7 set" UNNAMED
		       " (got step 4: mmu_update returned -22, want 0)", 1);
}

/* 0x8000000012345027 and 0x8000000012345047 accepted and read back as
 * 0x8000000012345007; nothing else red (no other present value the
 * image writes sets A or D). */
static void test_accessed_dirty(void)
{
	PVABI_TEST_RED("mutants/pte-accessed-dirty-cleared/pvabi", "2.1", "auto",
		       UNNAMED " (got step 5: read 0x8000000012345007, want 0x80000000123450", 2);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "(bit 5 set" UNNAMED), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "(bit 6 set" UNNAMED), 1);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "large_page", test_large_page },
	{ "accessed_dirty", test_accessed_dirty },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "bits", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
