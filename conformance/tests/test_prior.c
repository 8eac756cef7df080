/* Each refusal that depends only on the written value, probed over each
 * state of the entry it replaces (emit/emit_prior_scen.c): mmu_update's
 * refused entries (case present_above_maxphyaddr's two members, the
 * refused edge all ones), each written over a not-present entry (the
 * first <writes> value with bit 0 clear, 0xfffffffffffffffe) and over a
 * present one (0x8000000012345007) in a page of the image's own, must be
 * refused with EINVAL and leave the entry; the same values with bit 0
 * cleared (every bit the guest's) must be stored over either. The
 * reference passes all twelve; the gate's `pte-check-old-entry` (the
 * check keyed on the old entry's present bit) is red at the six whose
 * old entry is in the wrong state for it (refused values over the
 * not-present entry, accepted ones over the present entry), and
 * `pte-check-changed-bits` (only the bits the update changes checked) at
 * the three refused values over the not-present entry that holds their
 * high bits. One image (2.1) each. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#define PRIOR "scenario mmu_update: value=0x"
#define OWNED " of a table the image owns -> "
#define OVER_NP "over entry 0xfffffffffffffffe (bit 0 clear)" OWNED
#define OVER_P "over entry 0x8000000012345007 (bit 0 set)" OWNED

/* The unnamed bits' 13 scenarios (test_bits.c) are made by the same
 * deriver, over the same present entry, with names of the same form
 * ("... named by no check) over entry 0x8000000012345007 (bit 0 set) of
 * a table the image owns -> stored"): counted here among the stored
 * ones over a present entry. */
#define UNNAMED_BITS 13

static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "2.1", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PRIOR), 12 + UNNAMED_BITS);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", OWNED "EINVAL, entry kept"), 6);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", OWNED "stored"), 6 + UNNAMED_BITS);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", OVER_NP), 6);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", OVER_P), 6 + UNNAMED_BITS);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", PRIOR), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: prior-states: 24 calls", ""), 1);
}

static void test_old_entry(void)
{
	PVABI_TEST_BOOT("mutants/pte-check-old-entry/pvabi", "2.1", "auto", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", PRIOR), 6);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", OVER_NP "EINVAL, entry kept"), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", OVER_P "stored"), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", OVER_P "EINVAL, entry kept"), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", OVER_NP "stored"), 3);
}

static void test_changed_bits(void)
{
	PVABI_TEST_BOOT("mutants/pte-check-changed-bits/pvabi", "2.1", "auto", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", OVER_NP "EINVAL, entry kept"), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", OVER_P "EINVAL, entry kept"), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", OWNED "stored"), 6 + UNNAMED_BITS);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "old_entry", test_old_entry },
	{ "changed_bits", test_changed_bits },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "prior", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
