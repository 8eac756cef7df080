/* A check's value as an expression of what the guest bound, within a
 * tolerance or a range (docs/spec-language.md, "Expressions"): outputs
 * that must agree with each other or with an independent measurement,
 * where no constant can say what is right (a TSC frequency against the
 * scaling its multiplier implies, a TSC interval against the
 * nanoseconds of the same interval). */
#include "abi/vector.h"
#include "guest/rt/order.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAIL(...)                                                             \
	do {                                                                  \
		snprintf(err, errlen, __VA_ARGS__);                           \
		return -1;                                                    \
	} while (0)

/* Every message of the expression compiler starts so. */
#define XPREFIX "expression '"

int pvabi_vec_err_is_expr(const char *err)
{
	return strstr(err, XPREFIX) != NULL || strstr(err, "tolerance '") != NULL;
}

/* "~N%" or "~N" at the end of text, after an operand: the tolerance's
 * start, or NULL. A '~' after an operator is C's complement. */
static const char *tolerance_at(const char *text)
{
	const char *t = strrchr(text, '~');
	size_t n;

	if (!t || t == text || !(isalnum((unsigned char)t[-1]) || t[-1] == ')' || t[-1] == '_'))
		return NULL;
	n = strspn(t + 1, "0123456789");
	if (!n || (t[1 + n] && strcmp(t + 1 + n, "%")))
		return NULL;
	return t;
}

static int tolerance(const char *t, struct pvabi_vec_check *c, char *err, size_t errlen)
{
	char *end;
	unsigned long long v = strtoull(t + 1, &end, 10);

	c->cmp = *end == '%' ? PVABI_CMP_NEAR_PCT : PVABI_CMP_NEAR_ABS;
	if (c->cmp == PVABI_CMP_NEAR_PCT && (v < 1 || v > 100))
		FAIL("tolerance '%s': a percentage from 1 to 100", t);
	if (c->cmp == PVABI_CMP_NEAR_ABS && (v < 1 || v > (1ULL << 62)))
		FAIL("tolerance '%s': from 1 to 2^62", t);
	c->tol = v;
	return 0;
}

int pvabi_vec_expr_value(const struct pvabi_spec *s, int rev, const char *text,
			 const struct pvabi_vars *vars, struct pvabi_vec_check *c, char *err,
			 size_t errlen)
{
	struct pvabi_expr_env env = { s, rev, vars, s->format < 2 };
	const char *range = strstr(text, ".."), *tol = tolerance_at(text);
	size_t len = tol ? (size_t)(tol - text) : range ? (size_t)(range - text) : strlen(text);

	if (!tol && !range && !pvabi_expr_is(text))
		return 1;
	if ((tol || range) && c->cmp != PVABI_CMP_EQ)
		FAIL("%s%s': a tolerance or a range follows '=' only", XPREFIX, text);
	if (tol && range)
		FAIL("%s%s': a range and a tolerance at once", XPREFIX, text);
	if (tol && tolerance(tol, c, err, errlen))
		return -1;
	if (pvabi_expr_compile(&env, text, len, &c->x, err, errlen))
		return -1;
	if (range) {
		c->cmp = PVABI_CMP_RANGE;
		if (pvabi_expr_compile(&env, range + 2, strlen(range + 2), &c->hi, err, errlen))
			return -1;
		/* empty whichever type judges it; where the two orders
		 * disagree, the type does (pvabi_vec_check_sign) */
		if (!c->x.runtime && !c->hi.runtime && c->x.value > c->hi.value &&
		    (uint64_t)c->x.value > (uint64_t)c->hi.value)
			FAIL("%s%s': the range is empty", XPREFIX, text);
	}
	c->from = PVABI_FROM_EXPR;
	c->value = c->x.value;
	/* a constant compared plainly is a constant, as it always was */
	if (!c->x.runtime && !range && !tol)
		c->from = PVABI_FROM_CONST;
	return 0;
}

/* A bound written with a minus sign: text (up to its end, a range's
 * "..", or a tolerance) starts with '-' and is a negative constant. */
static int minus_bound(const char *text, int64_t v)
{
	return text[0] == '-' && v < 0;
}

int pvabi_vec_check_sign(const char *text, const struct pvabi_vec_check *c, int is_signed,
			 char *err, size_t errlen)
{
	const char *range = strstr(text, "..");
	int lo_const = c->from == PVABI_FROM_CONST || (c->from == PVABI_FROM_EXPR && !c->x.runtime);
	int hi_const = c->cmp == PVABI_CMP_RANGE && range && !c->hi.runtime;

	if (!is_signed && c->cmp != PVABI_CMP_EQ &&
	    ((lo_const && minus_bound(text, c->value)) ||
	     (hi_const && minus_bound(range + 2, c->hi.value))))
		FAIL("'%s': the value judged is unsigned, and it would read a negative bound as "
		     "2^64 minus its magnitude: write the number meant (0xffffffffffffffff, not -1)",
		     text);
	if (lo_const && hi_const &&
	    pvabi_ord_key(c->value, is_signed) > pvabi_ord_key(c->hi.value, is_signed))
		FAIL("%s%s': the range is empty", XPREFIX, text);
	return 0;
}
