/* Every value a reported maximum promises, served
 * (emit/emit_served_scen.c): for each of cpuid's <grows> maxima (leaf
 * 0, 0x40000000 and 0x80000000 EAX), the image reads the maximum, then
 * calls cpuid at every leaf above the range's first up to it, each
 * wanting success with the registers written. The reference passes all
 * three in 1.0 and 2.1; the gate's `cpuid-zero-leaf-unused` (the
 * all-zero extended leaves refused) is red at the extended range's sweep
 * only, naming 0x80000003, and `cpuid-basic-max-counted` (leaf 0 reports
 * 2, the count of basic leaves) at the basic range's only, naming leaf
 * 2. The test-local `served-extended-wide` (conformance/tests/
 * served-seeds) reports 0x80000100 and refuses 0x80000080: green, the
 * line saying 65 of 256 leaves were swept, the cap's give-up. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#define SERVED "scenario cpuid: each leaf up to regs.eax of leaf="
#define BASIC SERVED "0x0, served (2 steps)"
#define PLATFORM SERVED "0x40000000, served (2 steps)"
#define EXTENDED SERVED "0x80000000, served (2 steps)"

/* Three ranges, 13 calls in all (the three maxima read, leaf 1,
 * 0x40000001, 0x80000001 to 0x80000008), green in the first revision
 * and the newest. */
static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "1.0", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", SERVED), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", BASIC), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PLATFORM), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", EXTENDED), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: served-maxima: 13 calls", ""), 1);
	PVABI_TEST_BOOT("pvabi", "2.1", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", SERVED), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", EXTENDED " ("), 0); /* nothing capped */
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: served-maxima: 13 calls", ""), 1);
}

/* The extended leaves 0x80000003 to 0x80000007 refused: the extended
 * range's sweep, at the first of them, and nothing else. */
static void test_zero_leaf_unused(void)
{
	PVABI_TEST_RED("mutants/cpuid-zero-leaf-unused/pvabi", "2.1", "auto",
		       EXTENDED " (got step 2: at 0x80000003, promised by the maximum "
		       "0x80000008: cpuid returned -2, want ", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", BASIC), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PLATFORM), 1);
}

/* Leaf 0 reports 2 and leaf 2 is refused: the basic range's sweep, at
 * leaf 2, and nothing else (every vector bounds the maximum from below,
 * and past it every leaf is refused). */
static void test_basic_max_counted(void)
{
	PVABI_TEST_RED("mutants/cpuid-basic-max-counted/pvabi", "1.0", "auto",
		       BASIC " (got step 2: at 0x2, promised by the maximum 0x2: cpuid "
		       "returned -2, want ", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PLATFORM), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", EXTENDED), 1);
}

/* 256 extended leaves promised: the first 64 and the maximum swept, the
 * line says so, and the refused 0x80000080 above the cap passes. */
static void test_extended_wide(void)
{
	PVABI_TEST_BOOT("mutants/served-extended-wide/pvabi", "2.1", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", EXTENDED " (swept 65 of 256: the first 64 and the "
					 "maximum)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: served-maxima: 70 calls", ""), 1);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "zero_leaf_unused", test_zero_leaf_unused },
	{ "basic_max_counted", test_basic_max_counted },
	{ "extended_wide", test_extended_wide },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "served", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
