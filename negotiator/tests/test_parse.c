/* The text descriptions the command line (and tests) use. */
#include "negotiator/tests/neg_tests.h"

#include <string.h>

static int rev(const char *s, uint32_t *r)
{
	return pvabi_neg_parse_rev(s, strlen(s), r);
}

static void test_rev(void)
{
	static const char *const bad[] = {
		"", "1", "1.", ".1", "1.02", "01.1", "1.65536", "65536.0", "+1.0", "-1.0", "1.0.0",
		"1,0", " 1.0", "1.0 ", "1.x", "0x1.0", "100000.0", "1..0",
	};
	uint32_t r = 0;
	size_t i;

	CU_ASSERT(rev("1.0", &r) == 0 && r == 0x10000);
	CU_ASSERT(rev("0.0", &r) == 0 && r == 0);
	CU_ASSERT(rev("2.10", &r) == 0 && r == R(2, 10));
	CU_ASSERT(rev("65535.65535", &r) == 0 && r == 0xffffffffu);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CU_ASSERT_EQUAL(rev(bad[i], &r), PVABI_NEG_EREV);
	/* The length bounds the parse: no reading past n. */
	CU_ASSERT(pvabi_neg_parse_rev("1.23", 3, &r) == 0 && r == R(1, 2));
}

static void test_u64(void)
{
	static const char *const bad[] = {
		"", "0x", "x1", "-1", "1a", "0xg", "18446744073709551616", "0x10000000000000000",
		"99999999999999999999", " 1",
	};
	uint64_t v = 0;
	size_t i;

	CU_ASSERT(pvabi_neg_parse_u64("0", 1, &v) == 0 && v == 0);
	CU_ASSERT(pvabi_neg_parse_u64("0x0", 3, &v) == 0 && v == 0);
	CU_ASSERT(pvabi_neg_parse_u64("0X1F", 4, &v) == 0 && v == 0x1f);
	CU_ASSERT(pvabi_neg_parse_u64("0xffffffffffffffff", 18, &v) == 0 && v == ~0ull);
	CU_ASSERT(pvabi_neg_parse_u64("0x0000000000000000001", 21, &v) == 0 && v == 1);
	CU_ASSERT(pvabi_neg_parse_u64("18446744073709551615", 20, &v) == 0 && v == ~0ull);
	CU_ASSERT(pvabi_neg_parse_u64("18446744073709551610", 20, &v) == 0 &&
		  v == ~0ull - 5);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CU_ASSERT_EQUAL(pvabi_neg_parse_u64(bad[i], strlen(bad[i]), &v), PVABI_NEG_EMASK);
}

static void expect_guest_error(const char *spec, int err, size_t off, size_t len)
{
	struct pvabi_neg_offer o;
	struct pvabi_neg_span bad = { 99, 99 };

	CU_ASSERT_EQUAL(pvabi_neg_parse_guest(spec, &o, &bad), err);
	CU_ASSERT_EQUAL(bad.off, off);
	CU_ASSERT_EQUAL(bad.len, len);
	CU_ASSERT(!o.rev_min && !o.rev_max && !o.required && !o.optional && !o.guest_id);
}

static void test_guest(void)
{
	struct pvabi_neg_offer o;

	CU_ASSERT_EQUAL(pvabi_neg_parse_guest("1.0-2.1,req=0x1,opt=6,id=42", &o, NULL), 0);
	CU_ASSERT(o.rev_min == R(1, 0) && o.rev_max == R(2, 1));
	CU_ASSERT(o.required == 1 && o.optional == 6 && o.guest_id == 42);
	CU_ASSERT_EQUAL(pvabi_neg_parse_guest("1.2", &o, NULL), 0);
	CU_ASSERT(o.rev_min == R(1, 2) && o.rev_max == R(1, 2) && !o.required && !o.optional);
	CU_ASSERT_EQUAL(pvabi_neg_parse_guest("1.0,opt=1,req=2", &o, NULL), 0);
	CU_ASSERT(o.required == 2 && o.optional == 1);

	expect_guest_error("", PVABI_NEG_EITEM, 0, 0);
	expect_guest_error("1.0-1.x", PVABI_NEG_EREV, 0, 7);
	expect_guest_error("2.0-1.0,req=1", PVABI_NEG_ERANGE, 0, 7);
	expect_guest_error("1.0-", PVABI_NEG_EREV, 0, 4);
	expect_guest_error("1.0,req=0x1,req=0x2", PVABI_NEG_EDUP, 12, 7);
	expect_guest_error("1.0,bogus", PVABI_NEG_EITEM, 4, 5);
	expect_guest_error("1.0,required=1", PVABI_NEG_EITEM, 4, 10);
	expect_guest_error("1.0,", PVABI_NEG_EITEM, 4, 0);
	expect_guest_error("1.0,,req=1", PVABI_NEG_EITEM, 4, 0);
	expect_guest_error("1.0,opt=0xq", PVABI_NEG_EMASK, 4, 7);
	expect_guest_error("1.0,opt=", PVABI_NEG_EMASK, 4, 4);
	expect_guest_error("1.0,features=1", PVABI_NEG_EITEM, 4, 10);
}

static void test_platform(void)
{
	struct pvabi_neg_profile p;

	CU_ASSERT_EQUAL(pvabi_neg_parse_platform("2.2-2.3,1.0-1.2,2.0", &p, NULL), 0);
	CU_ASSERT_EQUAL(p.nrevs, 7);
	CU_ASSERT(p.revs[0] == R(1, 0) && p.revs[3] == R(2, 0) && p.revs[4] == R(2, 1) &&
		  p.revs[6] == R(2, 3));
	CU_ASSERT_EQUAL(p.served, 0x6f); /* 2.1 is a hole */
	CU_ASSERT_EQUAL(p.defined[4], 0);
	CU_ASSERT_EQUAL(p.defined[0], ~0ull);
	CU_ASSERT(p.min == R(1, 0) && p.max == R(2, 3));
	CU_ASSERT(p.offered == ~0ull && p.platform_id == 0);

	CU_ASSERT_EQUAL(pvabi_neg_parse_platform("1.0:0x1,1.1-1.2:3,features=0x2,id=0x10", &p, NULL), 0);
	CU_ASSERT(p.nrevs == 3 && p.defined[0] == 1 && p.defined[1] == 3 && p.defined[2] == 3);
	CU_ASSERT(p.offered == 2 && p.platform_id == 16);

	/* Holes only inside a major: 1.x and 2.x minors are unrelated. */
	CU_ASSERT_EQUAL(pvabi_neg_parse_platform("1.5,2.0", &p, NULL), 0);
	CU_ASSERT_EQUAL(p.nrevs, 2);
	/* The top of the encoding does not wrap. */
	CU_ASSERT_EQUAL(pvabi_neg_parse_platform("65535.65533,65535.65535", &p, NULL), 0);
	CU_ASSERT(p.nrevs == 3 && p.served == 0x5 && p.max == 0xffffffffu);
	CU_ASSERT_EQUAL(pvabi_neg_parse_platform("65535.65534-65535.65535", &p, NULL), 0);
	CU_ASSERT_EQUAL(p.nrevs, 2);
	/* Exactly 64 revisions fit. */
	CU_ASSERT_EQUAL(pvabi_neg_parse_platform("1.0-1.63", &p, NULL), 0);
	CU_ASSERT_EQUAL(p.served, ~0ull);
}

static void expect_platform_error(const char *spec, int err, size_t off, size_t len)
{
	struct pvabi_neg_profile p, zero;
	struct pvabi_neg_span bad = { 99, 99 };

	memset(&zero, 0, sizeof(zero));
	CU_ASSERT_EQUAL(pvabi_neg_parse_platform(spec, &p, &bad), err);
	CU_ASSERT_EQUAL(bad.off, off);
	CU_ASSERT_EQUAL(bad.len, len);
	CU_ASSERT(memcmp(&p, &zero, sizeof(p)) == 0);
}

static void test_platform_errors(void)
{
	expect_platform_error("", PVABI_NEG_EITEM, 0, 0);
	expect_platform_error("1.0-2.0", PVABI_NEG_ESPAN, 0, 7);
	expect_platform_error("1.0,1.3-1.1", PVABI_NEG_ERANGE, 4, 7);
	expect_platform_error("1.0,1.1,1.0", PVABI_NEG_EDUP, 8, 3);
	expect_platform_error("1.0-1.3,1.2-1.5", PVABI_NEG_EDUP, 8, 7);
	expect_platform_error("1.0-1.64", PVABI_NEG_ETOOMANY, 0, 8);
	expect_platform_error("1.0-1.60,2.0-2.3", PVABI_NEG_ETOOMANY, 9, 7);
	expect_platform_error("1.0,1.64", PVABI_NEG_ETOOMANY, 0, 8); /* 63 holes */
	expect_platform_error("features=0x3", PVABI_NEG_ENOSERVED, 0, 12);
	expect_platform_error("1.0:0xzz", PVABI_NEG_EMASK, 0, 8);
	expect_platform_error("1.0:", PVABI_NEG_EMASK, 0, 4);
	expect_platform_error("1.0,,1.1", PVABI_NEG_EITEM, 4, 0);
	expect_platform_error("1.0,", PVABI_NEG_EITEM, 4, 0);
	expect_platform_error("1.0,features=1,features=2", PVABI_NEG_EDUP, 15, 10);
	expect_platform_error("1.0,id=", PVABI_NEG_EMASK, 4, 3);
	expect_platform_error("1.0,req=1", PVABI_NEG_EITEM, 4, 5);
	expect_platform_error("1.0,1.x", PVABI_NEG_EREV, 4, 3);
}

const struct pvabi_test_case parse_cases[] = {
	{ "rev", test_rev },
	{ "u64", test_u64 },
	{ "guest", test_guest },
	{ "platform", test_platform },
	{ "platform_errors", test_platform_errors },
	{ NULL, NULL },
};
