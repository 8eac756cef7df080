/* The sweep past a CPUID block's maximum (guest/rt/conformance2_gap.c)
 * against platforms of the test's own, each a CPUID table: one that
 * answers as Xen does (six leaves at 0x40000000, all zero past them)
 * passes with 15 probes; seeds that behave as a platform plausibly
 * could fail at exactly the probe they break, naming the leaf and the
 * register: a leaf served past the maximum it reports, a second block
 * at a power-of-two boundary (as Xen's own leaves at 0x40000100 behind
 * Viridian's), a leaf at the gap's top end, and Intel's fallback to the
 * highest basic leaf where the spec says all zero. */
#include "guest/rt/conformance2.h"
#include "guest/tests/test_check.h"

#include <string.h>

#define BASE 0x40000000u

/* The platform: leaf 0 reports basic leaf 0xd; the block at BASE
 * reports max in eax; leaves listed in served answer nonzero. */
static struct {
	uint32_t max, served[4], nserved, fallback; /* fallback: Intel's rule */
	unsigned int calls;
} p;

static const uint32_t basic[4] = { 0x207, 0x340, 0x440, 0 };

static void cpuid(uint32_t leaf, uint32_t r[4])
{
	uint32_t i;

	p.calls++;
	memset(r, 0, 4 * sizeof(*r));
	if (leaf == 0) {
		r[0] = 0xd;
		return;
	}
	if (leaf == 0xd) {
		memcpy(r, basic, sizeof(basic));
		return;
	}
	if (leaf == BASE) {
		r[0] = p.max;
		r[1] = 0x566e6558;
		return;
	}
	for (i = 0; i < p.nserved; i++)
		if (leaf == p.served[i]) {
			r[1] = 0x1234;
			return;
		}
	if (leaf > BASE && leaf <= p.max)
		r[0] = 1; /* a leaf of the block */
	else if (p.fallback && leaf > 0xd)
		memcpy(r, basic, sizeof(basic));
}

static struct pvabi_c2_res res;

static int sweep(unsigned int unserved, uint32_t at_least)
{
	struct pvabi_c2_gap g = { BASE, BASE + 0x100, at_least, 0, unserved };

	memset(&res, 0, sizeof(res));
	p.calls = 0;
	return pvabi_c2_gap_sweep(&res, &g, cpuid);
}

static void platform(uint32_t max, uint32_t served, int fallback)
{
	memset(&p, 0, sizeof(p));
	p.max = max;
	p.fallback = (uint32_t)fallback;
	if (served)
		p.served[p.nserved++] = served;
}

/* Xen's answers: zero past the maximum; 3 reads and 15 probes. */
static void test_xen_like(void)
{
	platform(BASE + 5, 0, 0);
	CU_ASSERT_EQUAL(sweep(PVABI_C2_UNSERVED_ZERO, 0), 0);
	CU_ASSERT_EQUAL(p.calls, 18);
	/* either rule allowed: zero is one */
	CU_ASSERT_EQUAL(sweep(PVABI_C2_UNSERVED_ZERO | PVABI_C2_UNSERVED_BASIC, 0), 0);
	/* the spec saying Intel's rule: the first probe is red, as leaf 0xd's */
	CU_ASSERT_EQUAL(sweep(PVABI_C2_UNSERVED_BASIC, 0), -1);
	CU_ASSERT_EQUAL(res.step, 2);
	CU_ASSERT_STRING_EQUAL(res.what, "at 0x40000006, the leaf past the maximum: eax, as "
			       "leaf 0xd's");
	CU_ASSERT_EQUAL(res.got, 0);
	CU_ASSERT_EQUAL(res.want, 0x207);
}

/* Seed: a leaf served past the maximum the platform reports. */
static void test_served_past_max(void)
{
	platform(BASE + 5, BASE + 6, 0);
	CU_ASSERT_EQUAL(sweep(PVABI_C2_UNSERVED_ZERO, 0), -1);
	CU_ASSERT_EQUAL(res.step, 2);
	CU_ASSERT_STRING_EQUAL(res.what, "at 0x40000006, the leaf past the maximum: ebx, as 0");
	CU_ASSERT_EQUAL(res.got, 0x1234);
	CU_ASSERT_EQUAL(res.want, 0);
}

/* Seeds: a block at a power-of-two boundary, a leaf at the top end. */
static void test_block_and_top(void)
{
	platform(BASE + 5, BASE + 0x40, 0);
	CU_ASSERT_EQUAL(sweep(PVABI_C2_UNSERVED_ZERO, 0), -1);
	CU_ASSERT_EQUAL(res.step, 3);
	CU_ASSERT_STRING_EQUAL(res.what, "at 0x40000040, the first of a 0x40-aligned block: ebx, "
			       "as 0");
	platform(BASE + 5, BASE + 0xff, 0);
	CU_ASSERT_EQUAL(sweep(PVABI_C2_UNSERVED_ZERO, 0), -1);
	CU_ASSERT_STRING_EQUAL(res.what, "at 0x400000ff, the gap's top end: ebx, as 0");
	/* a leaf at neither an end nor a boundary passes: the sweep's limit */
	platform(BASE + 5, BASE + 0x33, 0);
	CU_ASSERT_EQUAL(sweep(PVABI_C2_UNSERVED_ZERO, 0), 0);
}

/* Seed: Intel's fallback where the spec says zero; allowed where it
 * says either (KVM's). */
static void test_intel_fallback(void)
{
	platform(BASE + 1, 0, 1);
	CU_ASSERT_EQUAL(sweep(PVABI_C2_UNSERVED_ZERO, 0), -1);
	CU_ASSERT_EQUAL(res.step, 2);
	CU_ASSERT_STRING_EQUAL(res.what, "at 0x40000002, the leaf past the maximum: eax, as 0");
	CU_ASSERT_EQUAL(res.got, 0x207);
	CU_ASSERT_EQUAL(sweep(PVABI_C2_UNSERVED_ZERO | PVABI_C2_UNSERVED_BASIC, 0), 0);
}

/* KVM's early releases report 0: at-least stands for it; without it,
 * no maximum lies in the block. */
static void test_at_least(void)
{
	platform(0, 0, 0);
	CU_ASSERT_EQUAL(sweep(PVABI_C2_UNSERVED_ZERO, BASE + 1), 0);
	CU_ASSERT_EQUAL(sweep(PVABI_C2_UNSERVED_ZERO, 0), -1);
	CU_ASSERT_EQUAL(res.step, 1);
	CU_ASSERT_STRING_EQUAL(res.what, "eax");
	/* a maximum at the block's end leaves nothing to sweep */
	platform(BASE + 0xff, 0, 0);
	CU_ASSERT_EQUAL(sweep(PVABI_C2_UNSERVED_ZERO, 0), 0);
	CU_ASSERT_EQUAL(p.calls, 3);
}

const struct pvabi_test_case pvabi_gap_cases[] = {
	{ "gap: Xen's answers pass; a spec of Intel's rule is red", test_xen_like },
	{ "gap: a leaf served past the maximum", test_served_past_max },
	{ "gap: a block at a boundary, a leaf at the top end", test_block_and_top },
	{ "gap: Intel's fallback where zero is declared", test_intel_fallback },
	{ "gap: at-least stands for a report of 0", test_at_least },
	{ NULL, NULL },
};
