/* Outputs fixed for the guest's life (<fixed>, guest/rt/suite_fixed.c,
 * probe refused 9): each image reads them right after the agreement and
 * again after the vectors, batches and scenarios (from vCPU 0 and, for
 * the guest's, from vCPU 1) and at the end of the run, with the platform
 * limits. The reference answers each the same every time; the test-local
 * seeds (conformance/tests/fixed-seeds, built like the gate's seeds into
 * mutants/NAME/pvabi) answer one differently later in the run and are
 * red at exactly the readings that see it: the TSC frequency once a
 * timer fired (while tsc_stable is granted, from 1.1), the revision leaf
 * on vCPU 1 (in every revision but 1.0, the value it answers there). */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define FIXED "fixed for the guest's life: "
#define TSC "get_time_info: " FIXED "info.tsc_shift info.tsc_to_ns_mul info.tsc_khz (with tsc_stable), read again "
#define LEAF "cpuid: " FIXED "regs.eax regs.ebx regs.ecx regs.edx (leaf=0x40000001 subleaf=0), read again "

/* Three readings again of each declaration alive: 4 in 1.0 (the cpuid
 * leaves), 7 in 2.1 (time_info's two from 1.1 and its wall clock at
 * start from 2.0, fixed unless the host clock steps), each the same. */
static void test_reference(void)
{
	const char *revs[] = { "1.0", "2.1" };
	const size_t decls[] = { 4, 7 };
	size_t i;

	for (i = 0; i < sizeof(revs) / sizeof(revs[0]); i++) {
		PVABI_TEST_BOOT("pvabi", revs[i], "auto", 0);
		CU_ASSERT_EQUAL(pvabi_test_lines("ok", "read again after the vectors, batches and scenarios (the same)"), decls[i]);
		CU_ASSERT_EQUAL(pvabi_test_lines("ok", "read again from vCPU 1, after the scenarios (the same)"), decls[i]);
		CU_ASSERT_EQUAL(pvabi_test_lines("ok", "read again at the end of the run, the tables filled (the same)"), decls[i]);
		CU_ASSERT_EQUAL(pvabi_test_lines("# calls: fixed-rereads: ", ""), 1);
	}
}

/* tsc_khz 1 kHz lower once a timer fired: red at each reading after the
 * scenarios, nowhere else; 1.0 declares no TSC rate fixed (no
 * tsc_stable), so its cell is green. */
static void test_khz_refined(void)
{
	const char *m = "mutants/fixed-khz-refined/pvabi";

	PVABI_TEST_RED(m, "2.1", "auto", TSC, 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", TSC "after the vectors, batches and scenarios (tsc_khz 0xf423f, first 0xf4240)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", TSC "from vCPU 1, after the scenarios (tsc_khz 0xf423f, first 0xf4240)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", TSC "at the end of the run, the tables filled (tsc_khz 0xf423f, first 0xf4240)"), 1);
	PVABI_TEST_BOOT(m, "1.0", "auto", 0);
}

/* The revision leaf answered 1.0 on vCPU 1: red at its one reading from
 * vCPU 1 in 2.1; 1.0's image negotiates 1.0, the value vCPU 1 answers. */
static void test_leaf_vcpu_created(void)
{
	const char *m = "mutants/fixed-leaf-vcpu-created/pvabi";

	PVABI_TEST_RED(m, "2.1", "auto",
		       LEAF "from vCPU 1, after the scenarios (eax 0x10000, first 0x20001)", 1);
	PVABI_TEST_BOOT(m, "1.0", "auto", 0);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "khz_refined", test_khz_refined },
	{ "leaf_vcpu_created", test_leaf_vcpu_created },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "fixed", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
