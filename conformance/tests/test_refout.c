/* Every out-buffer of a refused call left as the guest had it
 * (guest/rt/suite_out.c, emit_refusal_keeps): after each vector,
 * partition case, limit and edge probe and scenario step that expects
 * an error, every pass="out" buffer still holds the guest's poison byte
 * for byte, unless the spec's written-on= names that error for the
 * argument (mmu_update_batch's done). The reference passes them all.
 * The test-local seed (conformance/tests/refout-seeds, built like the
 * gate's seeds into mutants/NAME/pvabi) writes cpuid's registers as 0
 * before it refuses a leaf of the range no revision defines: red at
 * exactly the refusals of that range, naming the argument and the byte.
 * Before this class only the <grows> sweep judged a refusal's outputs,
 * and only one of its probes lands in the range. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

/* Every refusal leaves its outputs: no line is red, in the first and
 * the last revision. */
static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "1.0", "auto", 0);
	CU_ASSERT(pvabi_test_lines("ok", "cpuid: ") >= 4);
	PVABI_TEST_BOOT("pvabi", "2.1", "auto", 0);
}

/* cpuid's registers zeroed for a leaf of 0x4fff0000 to 0x4fffffff
 * before ENOENT, in every revision: red at the ENOENT vector, the three
 * cases of never_defined and the four pairs of calls read after another
 * value that refuse 0x4fffffff, each naming argument 2 and byte 0; at
 * the call of cpuid that must deliver what fell due (test-tick: its
 * refused vector); and at the one probe of the <grows> sweep that lands
 * in the range (the last leaf before 0x50000000), the only line red
 * before this class. */
static void regs_zeroed(const char *m, const char *rev)
{
	PVABI_TEST_BOOT(m, rev, "auto", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 10);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "cpuid: leaf=0x4fffffff subleaf=0 -> error=ENOENT"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "cpuid: case never_defined: "), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario cpuid after another value: "), 4);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario timer_due_before_rearm: due, then one cpuid "
						   "call (leaf=0x4fffffff subleaf=0)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario cpuid: leaf past regs.eax of leaf=0x40000000"),
			1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# argument 2: refused, yet byte 0 of its 16 is 0x00, "
					 "not the guest's poison 0xc3", ""), 4);
}

static void test_regs_zeroed(void)
{
	const char *m = "mutants/refout-regs-zeroed/pvabi";

	regs_zeroed(m, "1.0");
	regs_zeroed(m, "2.1");
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "regs_zeroed", test_regs_zeroed },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "refout", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
