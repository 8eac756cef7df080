/* Spans across widths (<span>, emit/emit_probe_span.c): flush_tlb_range
 * declares that va + npages * 4096 may reach 2^64, not pass it, so each
 * fresh image probes both sides of that line where the product crosses
 * 2^31 and 2^32 and where the sum crosses 2^31, 2^32, 2^63 and 2^64,
 * and each count a limit bounds where count times its buffer's element
 * size crosses them. The reference passes them all; each test-local
 * seed (conformance/tests/span-seeds, built like the gate's seeds into
 * mutants/NAME/pvabi) fails exactly the probes of the width it computes
 * in, and nothing else: one that takes the product in 32 bits (a range
 * of 2^20 pages or more, cut short, is flushed past the top), one that
 * compares the end with the start as signed numbers (a range reaching
 * 2^63 from below is taken for a wrap). */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define PROBE "flush_tlb_range: span "

/* 26 probes of flush_tlb_range from 1.3 (where it appears); the byte
 * sizes of mmu_update_batch's requests (24 each) and of log_write's
 * record across 2^31 and 2^32. */
static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "1.3", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE), 26);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE "npages * 4096 across 2^32: "), 9);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE "va + npages * 4096 across 2^63: "), 2);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "mmu_update_batch: span count * 24 across 2^32 (limit mmu_batch): "), 3);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", "log_write: span len * 1 across 2^31 (limit log_len): "), 3);
	PVABI_TEST_BOOT("pvabi", "2.1", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE), 26);
	PVABI_TEST_BOOT("pvabi", "1.2", "auto", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE), 0);
}

/* The product in 32 bits: red at the two probes past the top whose
 * count is 2^20 or 2^20 + 1 pages, nowhere else. */
static void test_product_32bit(void)
{
	const char *m = "mutants/span-product-32bit/pvabi";

	PVABI_TEST_RED(m, "1.3", "auto", PROBE "npages * 4096 across 2^32: ", 2);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "-> error=EINVAL (got 0, "), 2);
	PVABI_TEST_BOOT(m, "2.1", "auto", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 2);
	PVABI_TEST_BOOT(m, "1.2", "auto", 0);
}

/* The end compared with the start as signed numbers: red at the two
 * probes whose sum reaches 2^63 from a start below it. */
static void test_sum_signed(void)
{
	const char *m = "mutants/span-sum-signed/pvabi";

	PVABI_TEST_RED(m, "1.3", "auto", PROBE "va + npages * 4096 across 2^63: ", 2);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", "-> ret=0 (got -22, "), 2);
	PVABI_TEST_BOOT(m, "2.1", "auto", 1);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), 2);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "product_32bit", test_product_32bit },
	{ "sum_signed", test_sum_signed },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "span", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
