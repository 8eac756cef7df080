/* Checks compare by the declared type of what they read (guest/rt/order.h):
 * a u64 at or above 2^63 is large, never negative. Two test-local seeds
 * (conformance/tests/unsigned-seeds, built like the gate's seeds into
 * mutants/NAME/pvabi) move the TSC into the top half of its 64 bits:
 *
 * - on every vCPU, which is correct: every check of the TSC must hold.
 *   A signed judge was red at get_time_info's vector
 *   (info.tsc_timestamp>=1), a false alarm;
 * - on the boot vCPU only, a break: vCPU 1's TSC lies 2^63 behind. Red
 *   at the two scenarios that read vCPU 1's TSC after vCPU 0's, with
 *   the value and the bound in unsigned decimal. A signed judge saw
 *   2^63 + t as negative, passed both, and was red only at the vector,
 *   for the wrong reason.
 *
 * Run on qemu-tcg. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

/* the vector a signed judge got wrong on a TSC past 2^63 */
#define TSC_VECTOR " - get_time_info: () -> ret=0 info.size="

static void test_top_half(void)
{
	const char *prog = "mutants/tsc-top-half/pvabi";

	PVABI_TEST_BOOT(prog, "2.1", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", TSC_VECTOR), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "scenario vcpu1_msr_reset "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "scenario msr_tsc_one_clock "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "monotonic read_msr value index=0x10 (clock tsc)"), 1);
	/* the oldest image's vectors, against the same platform */
	PVABI_TEST_BOOT(prog, "1.0", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", TSC_VECTOR), 1);
}

static void test_boot_vcpu_only(void)
{
	PVABI_TEST_BOOT("mutants/tsc-offset-boot-vcpu-only/pvabi", "2.1", "qemu-tcg", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 2);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario vcpu1_msr_reset (27 steps) (got step 27: "
						   "read_msr returned 0, field value = "), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "scenario vcpu1_time_info (6 steps) (got step 6: "
						   "get_time_info returned 0, field tsc_timestamp = "), 1);
	/* the bound is vCPU 0's reading, past 2^63, in unsigned decimal */
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ", want >=922337"), 2);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", TSC_VECTOR), 1);
}

static const struct pvabi_test_case cases[] = {
	{ "top_half", test_top_half },
	{ "boot_vcpu_only", test_boot_vcpu_only },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "unsigned", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
