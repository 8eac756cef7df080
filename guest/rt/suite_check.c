/* The checks of a call's outputs: a field read as the platform wrote it,
 * compared with what the check wants, which may be known only now (the
 * grant, a variable, an expression of the variables), plainly, within a
 * tolerance or in a range. */
#include "guest/rt/suite.h"
#include "guest/rt/runtime.h"
#include "guest/rt/order.h"

/* v cut to the check's size, as a field of that size and sign reads. */
int64_t pvabi_check_cut(uint64_t v, const struct pvabi_ccheck *c)
{
	if (c->size >= 8)
		return (int64_t)v;
	v &= (UINT64_C(1) << (8 * c->size)) - 1;
	if (c->is_signed && (v >> (8 * c->size - 1)) & 1)
		v |= ~UINT64_C(0) << (8 * c->size);
	return (int64_t)v;
}

int64_t pvabi_check_read(const uint8_t *p, const struct pvabi_ccheck *c)
{
	uint64_t v = 0;
	int i;

	for (i = c->size - 1; i >= 0; i--)
		v = v << 8 | p[c->offset + i];
	return pvabi_check_cut(v, c);
}

/* What c compares with in this run: an output that reports the grant is
 * judged against this guest's own grant (the feature axis varies it).
 * -1 when its expression cannot be evaluated (a division by zero). */
int pvabi_check_want(const struct pvabi_runner *r, const struct pvabi_ccheck *c,
		     const uint64_t *vars, int hi, int64_t *want)
{
	int64_t x = 0;

	if (hi || c->from == PVABI_CFROM_EXPR) {
		if (pvabi_cexpr_eval(hi ? c->hi : c->expr, vars, r->granted, &x))
			return -1;
		*want = pvabi_check_cut((uint64_t)x, c);
		return 0;
	}
	switch (c->from) {
	case PVABI_CFROM_GRANT:
		*want = pvabi_check_cut(r->granted >> (c->value & 63), c);
		break;
	case PVABI_CFROM_FEATURE:
		*want = (int64_t)((r->granted >> (c->value & 63)) & 1);
		break;
	case PVABI_CFROM_VAR:
		*want = pvabi_check_cut(vars ? vars[c->value & 7] : 0, c);
		break;
	default:
		*want = c->value;
	}
	return 0;
}

/* Ordered as the field's type is declared (guest/rt/order.h): a u64
 * past 2^63 is large, an s64 there negative. */
int pvabi_check_holds(const struct pvabi_runner *r, const struct pvabi_ccheck *c, int64_t f,
		      const uint64_t *vars)
{
	static const uint8_t ord[] = { PVABI_ORD_EQ, PVABI_ORD_LE, PVABI_ORD_NEAR_PCT,
				       PVABI_ORD_NEAR_ABS, PVABI_ORD_RANGE };
	int64_t want, top = 0;
	int cmp = c->cmp < sizeof(ord) ? ord[c->cmp] : PVABI_ORD_EQ;

	if (pvabi_check_want(r, c, vars, 0, &want) ||
	    (cmp == PVABI_ORD_RANGE && pvabi_check_want(r, c, vars, 1, &top)))
		return 0;
	if (cmp == PVABI_ORD_EQ && c->ge)
		cmp = PVABI_ORD_GE;
	return pvabi_ord_holds(cmp, f, want, top, c->tol, c->is_signed);
}

const struct pvabi_ccheck *pvabi_checks_miss(const struct pvabi_runner *r,
					     const struct pvabi_ccheck *checks, uint32_t n,
					     uint32_t nargs, uint8_t *const *bufs,
					     const uint64_t *vars, int64_t *got)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		const struct pvabi_ccheck *c = &checks[i];
		int64_t f = c->slot < nargs && bufs[c->slot] ? pvabi_check_read(bufs[c->slot], c) : 0;

		if (pvabi_check_holds(r, c, f, vars))
			continue;
		*got = f;
		return c;
	}
	return NULL;
}

/* A signed type in signed decimal, an unsigned one in unsigned decimal:
 * a u64 field of all ones reads 18446744073709551615, never -1, and a
 * value past 2^63 is not negative. No field of the specs declares
 * another base; a value whose bits matter more than its magnitude (a
 * page entry) is said in hex by the check that knows it (suite_batch.c). */
const char *pvabi_check_value(const struct pvabi_ccheck *c, int64_t v, char *buf, unsigned int n)
{
	if (c->is_signed)
		pvabi_snfmt(buf, n, "%lld", (long long)v);
	else
		pvabi_snfmt(buf, n, "%llu", (unsigned long long)v);
	return buf;
}

void pvabi_check_words(const struct pvabi_runner *r, const struct pvabi_ccheck *c,
		       const uint64_t *vars, char *buf, unsigned int n)
{
	static const char *const ops[] = { "", "<=", "", "", "" };
	int64_t want = 0, top = 0;
	char w[24], t[24];

	if (pvabi_check_want(r, c, vars, 0, &want) ||
	    (c->cmp == PVABI_CCMP_RANGE && pvabi_check_want(r, c, vars, 1, &top))) {
		pvabi_snfmt(buf, n, "a value its expression cannot give: division by zero");
		return;
	}
	pvabi_check_value(c, want, w, sizeof(w));
	if (c->cmp == PVABI_CCMP_RANGE)
		pvabi_snfmt(buf, n, "%s..%s", w, pvabi_check_value(c, top, t, sizeof(t)));
	else if (c->cmp == PVABI_CCMP_NEAR_PCT || c->cmp == PVABI_CCMP_NEAR_ABS)
		pvabi_snfmt(buf, n, "%s~%llu%s", w, (unsigned long long)c->tol,
			    c->cmp == PVABI_CCMP_NEAR_PCT ? "%" : "");
	else
		pvabi_snfmt(buf, n, "%s%s", c->ge ? ">=" : ops[c->cmp < 5 ? c->cmp : 0], w);
}
