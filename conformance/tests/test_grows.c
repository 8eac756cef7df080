/* The first value past each maximum the platform reports, refused
 * (emit/emit_grows_scen.c): for each of cpuid's <grows> maxima (leaf 0,
 * 0x40000000 and 0x80000000 EAX), the image reads the maximum, then
 * calls cpuid one past it and sweeps the gap below the next range (its
 * top end, its middle, each side of every power-of-two boundary), and
 * wants ENOENT with the registers untouched. The reference platform
 * passes them all; the test-local seeds (conformance/tests/grows-seeds,
 * built like the gate's seeds into mutants/NAME/pvabi), which serve a
 * leaf past a maximum they report, fail exactly the probes of that range
 * and the vectors that ask the same leaves, naming the leaf; one that
 * refuses but writes the registers fails every probe and nothing else. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define PAST "scenario cpuid: leaf past regs.eax of leaf="

/* Three ranges, three probes each read from the answer, all green on
 * the reference, in the first revision and the newest. */
static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "1.0", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PAST), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PAST "0x0, refused (3 steps)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PAST "0x40000000, refused (3 steps)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PAST "0x80000000, refused (3 steps)"), 1);
	PVABI_TEST_BOOT("pvabi", "2.1", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PAST), 3);
}

/* 0x40000002 served while 0x40000000 reports 0x40000001: the platform
 * range's probe at the maximum + 1, and nothing else. */
static void test_platform_leaf_unreported(void)
{
	PVABI_TEST_RED("mutants/grows-platform-leaf-unreported/pvabi", "1.0", "qemu-tcg",
		       PAST "0x40000000, refused (3 steps) (got step 2: cpuid returned 0, want error -2)", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PAST "0x0, refused"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PAST "0x80000000, refused"), 1);
}

/* Every leaf above 0x80000008 answered with zeros: the extended range's
 * probe past its maximum, and the leaf argument's high edge (0xfffffffe,
 * 0xffffffff), which ask leaves of the same gap; not the other ranges. */
static void test_extended_zeros(void)
{
	PVABI_TEST_BOOT("mutants/grows-extended-zeros/pvabi", "2.1", "qemu-tcg", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", PAST "0x80000000, refused (3 steps) (got step 2: cpuid returned 0, want error -2)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", PAST), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "cpuid: edge leaf=max (refused) -> error=ENOENT (got 0, "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "cpuid: edge leaf=max-1 (refused) -> error=ENOENT (got 0, "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PAST "0x0, refused"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PAST "0x40000000, refused"), 1);
}

/* A leaf at the top end of the platform range's gap (0x7fffffff): the
 * sweep's first probe of that gap, named, and nothing else. */
static void test_gap_top_end(void)
{
	PVABI_TEST_RED("mutants/grows-gap-top-end/pvabi", "2.1", "qemu-tcg",
		       PAST "0x40000000, refused (3 steps) (got step 3: at 0x7fffffff, the gap's top end: cpuid returned 0, want error -2)", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PAST "0x0, refused"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PAST "0x80000000, refused"), 1);
}

/* A second block of platform leaves at 0x40000100, where Xen with
 * Viridian serves its own: the sweep's probe at that boundary, named,
 * and nothing else (no vector asks a leaf there). */
static void test_gap_aligned_block(void)
{
	PVABI_TEST_RED("mutants/grows-gap-aligned-block/pvabi", "1.0", "qemu-tcg",
		       PAST "0x40000000, refused (3 steps) (got step 3: at 0x40000100, the first of a 0x100-aligned block: cpuid returned 0, want error -2)", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PAST "0x0, refused"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PAST "0x80000000, refused"), 1);
}

/* ENOENT, but the registers cleared first: every probe past a maximum,
 * which wants the outputs untouched, and every other refusal of cpuid
 * too, now that each is judged so (test-refout): the two leaf edges,
 * the ENOENT vector, the three never_defined cases, the four pairs
 * read after another value that refuse a leaf, and the call of cpuid
 * that must deliver what fell due (test-tick), a refused one. */
static void test_refusal_writes(void)
{
	PVABI_TEST_BOOT("mutants/grows-refusal-writes/pvabi", "1.0", "qemu-tcg", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 14);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "cpuid: leaf=0x4fffffff subleaf=0 -> error=ENOENT"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario timer_due_before_rearm: due, then one cpuid call "
						   "(leaf=0x4fffffff subleaf=0)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", PAST "0x0, refused (3 steps) (got step 2: cpuid returned -2, argument 2: refused, yet byte 0 of its 16 is 0x00, not the guest's poison 0xc3)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", PAST), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "cpuid: edge leaf="), 2);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "cpuid: case never_defined: "), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario cpuid after another value: "), 4);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "platform_leaf_unreported", test_platform_leaf_unreported },
	{ "extended_zeros", test_extended_zeros },
	{ "gap_top_end", test_gap_top_end },
	{ "gap_aligned_block", test_gap_aligned_block },
	{ "refusal_writes", test_refusal_writes },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "grows", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
