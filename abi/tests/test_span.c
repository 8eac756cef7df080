/* The probes a span derives (abi/span.c): each answer against the
 * span's rule taken by hand, both sides of the top at each crossing the
 * types can reach, none a type cannot hold, and a u64 count with a
 * large unit, whose product would wrap 128 bits if it were formed. */
#include "abi/span.h"
#include "abi/tests/spec_tests.h"

#define MAXP 64

/* flush_tlb_range's: va + npages * 4096 <= 2^64, a u32 count. */
static void test_pages_to_2_64(void)
{
	struct pvabi_span sp = { .unit = 4096, .top = 64 };
	struct pvabi_span_probe p[MAXP];
	size_t n = pvabi_span_probes(&sp, 4, 8, p, MAXP), i, refused = 0, at32 = 0;

	CU_ASSERT_EQUAL(n, 26);
	for (i = 0; i < n; i++) {
		unsigned __int128 end = (unsigned __int128)p[i].base +
					(unsigned __int128)p[i].count * 4096;

		CU_ASSERT_EQUAL(p[i].refused, end > ((unsigned __int128)1 << 64));
		CU_ASSERT_EQUAL(p[i].base % 4096, 0);
		refused += p[i].refused;
		at32 += !p[i].sum && p[i].cross == 32;
		/* a product past 2^44 is out of a u32 count's reach */
		CU_ASSERT(p[i].sum || p[i].cross == 31 || p[i].cross == 32);
	}
	CU_ASSERT_EQUAL(refused, 7);
	CU_ASSERT_EQUAL(at32, 9);
}

/* A 32-bit top, a u64 count of huge units: a product may pass 2^128
 * only if it is formed; the probes stay those the types can hold. */
static void test_large_unit(void)
{
	struct pvabi_span sp = { .unit = UINT64_C(1) << 62, .top = 32 };
	struct pvabi_span_probe p[MAXP];
	size_t n = pvabi_span_probes(&sp, 8, 4, p, MAXP), i;

	for (i = 0; i < n; i++) {
		CU_ASSERT(p[i].base <= UINT32_MAX);
		CU_ASSERT_EQUAL(p[i].refused, p[i].count > 0);
	}
	CU_ASSERT(n > 0);
}

/* A count of 24-byte elements under a limit of 512: the counts whose
 * byte size crosses 2^31 and 2^32, all refused; of bytes, 2^31 only. */
static void test_counts(void)
{
	struct pvabi_span_probe p[MAXP];
	size_t n = pvabi_span_count_probes(512, 24, 4, p, MAXP);

	CU_ASSERT_EQUAL(n, 6);
	CU_ASSERT_EQUAL(p[0].count, 89478485u);  /* 2^31 - 8 bytes */
	CU_ASSERT_EQUAL(p[4].count, 178956971u); /* 2^32 + 8 bytes: 8 in 32 bits */
	CU_ASSERT_EQUAL(p[5].refused, 1);
	CU_ASSERT_EQUAL(pvabi_span_count_probes(4096, 1, 4, p, MAXP), 3);
	CU_ASSERT_EQUAL(p[1].count, UINT64_C(0x80000000));
	CU_ASSERT_EQUAL(pvabi_span_count_probes(UINT64_C(0x80000001), 1, 4, p, MAXP), 0);
}

const struct pvabi_test_case span_cases[] = {
	{ "pages_to_2_64", test_pages_to_2_64 },
	{ "large_unit", test_large_unit },
	{ "counts", test_counts },
	{ NULL, NULL },
};
