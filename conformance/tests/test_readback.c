/* Every value a write accepts, read back (emit/emit_readback.c): for
 * write_msr's value, restored from read_msr, each valid edge point and
 * each partition member expecting success is written, read back and
 * compared. The reference platform passes them all; the test-local seeds
 * (conformance/tests/readback-seeds, built like the gate's seeds into
 * mutants/NAME/pvabi), which store an accepted value with the wrong
 * width, fail exactly the read-backs of the values they cut, and nothing
 * else: every write still answers 0. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define RB "read back by read_msr"

/* Each accepted value once (an edge point and a partition member of the
 * same value are one read-back), all green on the reference. */
static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "1.0", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", RB), 13);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "scenario write_msr: index=0xc0000103 value=0 " RB " (edge min) (4 steps)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "scenario write_msr: index=0xc0000103 value=0 " RB " (case"), 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "value=0xffffffff " RB " (case tsc_aux_32bit) (4 steps)"), 1);
	PVABI_TEST_BOOT("pvabi", "2.1", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", RB), 13);
}

/* STAR without its low half: the four members with low bits set. */
static void test_star_low_half(void)
{
	PVABI_TEST_RED("mutants/readback-star-low-half-dropped/pvabi", "1.0", "qemu-tcg",
		       "(case star_any) (4 steps) (got step 3: ", 4);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "index=0xc0000081 value=0xffffffff " RB " (case star_any) (4 steps) (got step 3: read_msr returned 0, field value = 0, want 4294967295)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "field value = 18446744069414584320, want 18446744073709551615)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "index=0xc0000081 value=0 " RB), 1);
}

/* FS_BASE in 48 bits: the two upper-half addresses, not the lower
 * half's top nor the 32-bit top; and the width-boundary probe of the
 * upper half's bottom (emit/emit_width_scen.c), the same value. */
static void test_fs_base_48_bits(void)
{
	PVABI_TEST_BOOT("mutants/readback-fs-base-48-bits/pvabi", "1.0", "qemu-tcg", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "index=0xc0000100 value=2^64 - 2^(w-1), the bottom"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "index=0xc0000100 value=0xffff800000000000 " RB " (case fs_base_canonical) (4 steps) (got step 3: "), 1);
	/* a u64 field and what it wants, unsigned as the field is declared */
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "(got step 3: read_msr returned 0, field value = 140737488355328, want 18446603336221196288)"), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "index=0xc0000100 value=0xffffffff80000000 " RB), 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "index=0xc0000100 value=0x7fffffffffff " RB), 1);
	/* the failed read-back puts FS_BASE back as it was read */
	CU_ASSERT_EQUAL(pvabi_test_lines("# scenario write_msr: index=0xc0000100", "failed holding state: released write_msr(0xc0000100, 0) -> 0"), 3);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "star_low_half", test_star_low_half },
	{ "fs_base_48_bits", test_fs_base_48_bits },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "readback", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
