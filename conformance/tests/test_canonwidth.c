/* Every boundary computed from a width an answer reports, probed at both
 * sides (emit/emit_width_scen.c): write_msr's five address registers
 * each get five scenarios that read the linear-address width from cpuid
 * 0x80000008 EAX[15:8] and write the two canonical values at the ends of
 * the halves (held, read back), the first past each and 2^w (refused,
 * the register kept). The reference passes all 25; the gate's
 * `canonical-la57` (the check at 57 bits) is red at exactly the three
 * refusals of each register, the wider check accepting all three, and
 * `canonical-upper-16-bits` (the upper half tested on its top 16 bits)
 * at the one below the upper half's bottom. Three boots of the 2.1
 * image. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#define W "scenario write_msr: index="
#define AT " at w = regs.eax>>8&0xff of cpuid leaf=0x80000008 subleaf=0 -> "
#define PAST_LOW "value=2^(w-1), past the top of the lower half" AT "error=EINVAL"
#define BELOW_HIGH "value=2^64 - 2^(w-1) - 1, below the bottom of the upper half" AT "error=EINVAL"
#define WIDER "value=2^w, canonical to a wider check" AT "error=EINVAL"
#define RB ", read_msr before and after (4 steps) (got step 3: "
#define TOP_LOW "value=2^(w-1) - 1, the top of the lower half" AT "ret=0"
#define BOTTOM_HIGH "value=2^64 - 2^(w-1), the bottom of the upper half" AT "ret=0"

/* 25 scenarios (5 registers, 5 values), 135 calls: 6 for each value
 * held (the width, the register, the read the release makes before the
 * write, the write, the read-back, the value written back), 5 for each
 * refused. */
static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "2.1", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", AT), 25);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", TOP_LOW), 5);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", BOTTOM_HIGH), 5);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PAST_LOW), 5);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", BELOW_HIGH), 5);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", WIDER), 5);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", W "0xc0000102 " TOP_LOW), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("# calls: width-boundaries: 135 calls", ""), 1);
}

/* A 57-bit check accepts 2^47, 2^64 - 2^47 - 1 and 2^48: red at those
 * three of each register, at the write; the two values held pass. The
 * hand-written scenarios' LSTAR and GS_BASE values are its other two
 * red lines. */
static void test_la57(void)
{
	PVABI_TEST_BOOT("mutants/canonical-la57/pvabi", "2.1", "auto", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", AT), 15);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", PAST_LOW RB "write_msr returned 0, want "
					 "error -22)"), 5);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", BELOW_HIGH RB), 5);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", WIDER RB), 5);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 17);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", TOP_LOW), 5);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", BOTTOM_HIGH), 5);
}

/* The upper half checked on bits 63..48: 2^64 - 2^47 - 1 accepted, in
 * each register, and nothing else red. */
static void test_upper_16_bits(void)
{
	PVABI_TEST_RED("mutants/canonical-upper-16-bits/pvabi", "2.1", "auto",
		       BELOW_HIGH RB "write_msr returned 0, want error -22)", 5);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "la57", test_la57 },
	{ "upper_16_bits", test_upper_16_bits },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "canonwidth", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
