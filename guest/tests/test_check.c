/* The guest's judge, built for the host: how a check orders the value it
 * reads against the one it wants (guest/rt/suite_check.c for format 1,
 * guest/rt/conformance2.h for format 2, both through guest/rt/order.h).
 * Each case near 2^63 judges wrongly when the comparison is signed
 * whatever the field's type: a u64 address in the top half, a deadline
 * near 2^64 - 1, a mask with bit 63. */
#include "guest/rt/conformance2.h"
#include "guest/rt/order.h"
#include "guest/rt/suite.h"
#include "guest/tests/test_check.h"

#include <stdint.h>

#define TOP_HALF INT64_C(-140737488355328) /* 0xffff800000000000 */
#define BIT63 INT64_MIN                    /* 0x8000000000000000 */

static struct pvabi_runner runner;

/* A check of a field of size bytes, signed or not, plain (ge 0: ==, 1:
 * >=) or by cmp, against the constant want. */
static struct pvabi_ccheck check(uint8_t size, int is_signed, int ge, int cmp, int64_t want)
{
	struct pvabi_ccheck c = { 0 };

	c.value = want;
	c.field = "f";
	c.size = size;
	c.is_signed = (uint8_t)is_signed;
	c.ge = (uint8_t)ge;
	c.cmp = (uint8_t)cmp;
	c.from = PVABI_CFROM_CONST;
	return c;
}

static int holds(const struct pvabi_ccheck *c, int64_t f)
{
	return pvabi_check_holds(&runner, c, f, NULL);
}

static void test_ge_by_type(void)
{
	struct pvabi_ccheck u = check(8, 0, 1, PVABI_CCMP_PLAIN, 1);
	struct pvabi_ccheck s = check(8, 1, 1, PVABI_CCMP_PLAIN, 1);

	CU_ASSERT_TRUE(holds(&u, TOP_HALF));   /* u64 0xffff800000000000 >= 1 */
	CU_ASSERT_FALSE(holds(&s, TOP_HALF));  /* s64 -2^47 >= 1 */
	CU_ASSERT_TRUE(holds(&u, BIT63));
	CU_ASSERT_TRUE(holds(&u, -1));         /* a deadline of 2^64 - 1 */
	CU_ASSERT_FALSE(holds(&s, -1));
	CU_ASSERT_FALSE(holds(&u, 0));
	/* a small value against a want past 2^63: never at least it */
	u.value = TOP_HALF;
	s.value = TOP_HALF;
	CU_ASSERT_FALSE(holds(&u, 1));
	CU_ASSERT_TRUE(holds(&s, 1));
	/* a narrow field is read zero- or sign-extended: the same either way */
	u = check(4, 0, 1, PVABI_CCMP_PLAIN, 1);
	CU_ASSERT_TRUE(holds(&u, pvabi_check_cut(0xffffffffu, &u)));
	s = check(4, 1, 1, PVABI_CCMP_PLAIN, 1);
	CU_ASSERT_FALSE(holds(&s, pvabi_check_cut(0xffffffffu, &s)));
}

static void test_le_range_by_type(void)
{
	struct pvabi_ccheck u = check(8, 0, 0, PVABI_CCMP_LE, -1);
	struct pvabi_ccheck r = check(8, 0, 0, PVABI_CCMP_RANGE, 1);
	struct pvabi_cexpr top[] = { { INT64_MIN + 0x1000, PVABI_X_CONST }, { 0, PVABI_X_END } };

	CU_ASSERT_TRUE(holds(&u, 1));          /* 1 <= 2^64 - 1 */
	CU_ASSERT_TRUE(holds(&u, TOP_HALF));
	u.is_signed = 1;
	CU_ASSERT_FALSE(holds(&u, 1));         /* 1 <= -1 */
	/* a top-half address range, 1 .. 0x8000000000001000 */
	r.hi = top;
	CU_ASSERT_TRUE(holds(&r, BIT63));
	CU_ASSERT_TRUE(holds(&r, 0x7fffffffffffffff));
	CU_ASSERT_FALSE(holds(&r, TOP_HALF));  /* above the top */
	CU_ASSERT_FALSE(holds(&r, 0));
	r.is_signed = 1;                       /* 1 .. a negative top: empty */
	CU_ASSERT_FALSE(holds(&r, BIT63));
	CU_ASSERT_FALSE(holds(&r, 5));
}

static void test_near_by_type(void)
{
	/* 2^63 within 1 of 2^63 - 1: one apart unsigned, 2^64 - 1 signed */
	struct pvabi_ccheck a = check(8, 0, 0, PVABI_CCMP_NEAR_ABS, INT64_MAX);
	/* within 1% of 0xf000000000000000, 0.5% below it */
	struct pvabi_ccheck p = check(8, 0, 0, PVABI_CCMP_NEAR_PCT, (int64_t)0xf000000000000000u);
	uint64_t w = 0xf000000000000000u;

	a.tol = 1;
	CU_ASSERT_TRUE(holds(&a, BIT63));
	CU_ASSERT_FALSE(holds(&a, BIT63 + 1));
	a.is_signed = 1;
	CU_ASSERT_FALSE(holds(&a, BIT63));
	p.tol = 1;
	CU_ASSERT_TRUE(holds(&p, (int64_t)(w - w / 200)));
	CU_ASSERT_FALSE(holds(&p, (int64_t)(w - w / 50)));
	p.is_signed = 1; /* -2^60: 1% of 2^60 is less than 0.5% of 0xf0.. */
	CU_ASSERT_FALSE(holds(&p, (int64_t)(w - w / 200)));
}

/* A want only the running guest knows: a variable bound from a u64. */
static void test_want_from_var(void)
{
	struct pvabi_ccheck c = check(8, 0, 1, PVABI_CCMP_PLAIN, 0);
	uint64_t vars[8] = { 1 };

	c.from = PVABI_CFROM_VAR;
	CU_ASSERT_TRUE(pvabi_check_holds(&runner, &c, BIT63, vars));
	vars[0] = (uint64_t)TOP_HALF;
	CU_ASSERT_FALSE(pvabi_check_holds(&runner, &c, BIT63, vars));
	CU_ASSERT_FALSE(pvabi_check_holds(&runner, &c, 0, vars));
	c.is_signed = 1; /* an s64 0 is at least -2^47 */
	CU_ASSERT_TRUE(pvabi_check_holds(&runner, &c, 0, vars));
}

static void test_format2(void)
{
	CU_ASSERT_TRUE(pvabi_c2_holds(TOP_HALF, PVABI_C2_GE, 1, 0, 0, 0));
	CU_ASSERT_FALSE(pvabi_c2_holds(TOP_HALF, PVABI_C2_GE, 1, 0, 0, 1));
	CU_ASSERT_TRUE(pvabi_c2_holds(1, PVABI_C2_LE, -1, 0, 0, 0));
	CU_ASSERT_FALSE(pvabi_c2_holds(1, PVABI_C2_LE, -1, 0, 0, 1));
	CU_ASSERT_TRUE(pvabi_c2_holds(BIT63, PVABI_C2_RANGE, 1, -1, 0, 0));
	CU_ASSERT_FALSE(pvabi_c2_holds(BIT63, PVABI_C2_RANGE, 1, -1, 0, 1));
	/* the bound a failing value missed: the top only when above it */
	CU_ASSERT_EQUAL(pvabi_c2_missed(TOP_HALF, PVABI_C2_RANGE, 1, 5, 0), 5);
	CU_ASSERT_EQUAL(pvabi_c2_missed(TOP_HALF, PVABI_C2_RANGE, 1, 5, 1), 1);
}

static void test_order(void)
{
	CU_ASSERT_TRUE(pvabi_ord_key(INT64_MIN, 1) < pvabi_ord_key(-1, 1));
	CU_ASSERT_TRUE(pvabi_ord_key(-1, 1) < pvabi_ord_key(0, 1));
	CU_ASSERT_TRUE(pvabi_ord_key(INT64_MAX, 1) > pvabi_ord_key(0, 1));
	CU_ASSERT_TRUE(pvabi_ord_key(INT64_MIN, 0) > pvabi_ord_key(INT64_MAX, 0));
	CU_ASSERT_EQUAL(pvabi_ord_dist(INT64_MIN, INT64_MAX, 1), UINT64_MAX);
	CU_ASSERT_EQUAL(pvabi_ord_dist(INT64_MIN, INT64_MAX, 0), 1);
	CU_ASSERT_EQUAL(pvabi_ord_dist(-5, 5, 1), 10);
	CU_ASSERT_EQUAL(pvabi_ord_dist(0, -1, 0), UINT64_MAX);
	CU_ASSERT_TRUE(pvabi_ord_holds(PVABI_ORD_EQ, -1, -1, 0, 0, 0));
}

const struct pvabi_test_case pvabi_check_cases[] = {
	{ "ge_by_type", test_ge_by_type },
	{ "le_range_by_type", test_le_range_by_type },
	{ "near_by_type", test_near_by_type },
	{ "want_from_var", test_want_from_var },
	{ "format2", test_format2 },
	{ "order", test_order },
	{ NULL, NULL },
};
