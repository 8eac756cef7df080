/* How a check orders the value it reads against the one it wants: by
 * the declared type of what it reads (docs/spec-language.md, "Signed
 * and unsigned"). A u64 at or above 2^63 (an address in the top half, a
 * deadline near 2^64 - 1, a mask with bit 63) is large, never negative:
 * 0xffff800000000000 >= 1 holds for a u64 and fails for an s64. Both
 * formats' checks judge here (suite_check.c, the generated format 2
 * tests through conformance2.h), so the two cannot disagree.
 *
 * Values travel as 64-bit patterns; a narrower field is zero- or
 * sign-extended to them first, as it reads. Ordering is unsigned on a
 * key: the pattern itself for an unsigned type, the pattern with its
 * top bit flipped for a signed one, which maps INT64_MIN..INT64_MAX
 * onto 0..UINT64_MAX in order. */
#ifndef PVABI_GUEST_ORDER_H
#define PVABI_GUEST_ORDER_H

#include <stdint.h>

/* The comparisons of a check, in abi/vector.h's enum pvabi_vec_cmp
 * order: equal, at least, at most, within tol percent of w, within tol
 * of w, from w to h. */
enum pvabi_ord_cmp {
	PVABI_ORD_EQ, PVABI_ORD_GE, PVABI_ORD_LE, PVABI_ORD_NEAR_PCT, PVABI_ORD_NEAR_ABS,
	PVABI_ORD_RANGE,
};

static inline uint64_t pvabi_ord_key(int64_t v, int is_signed)
{
	return (uint64_t)v ^ (is_signed ? UINT64_C(1) << 63 : 0);
}

/* |a - b| in the type: exact for every pair, with no overflow. */
static inline uint64_t pvabi_ord_dist(int64_t a, int64_t b, int is_signed)
{
	uint64_t ka = pvabi_ord_key(a, is_signed), kb = pvabi_ord_key(b, is_signed);

	return ka > kb ? ka - kb : kb - ka;
}

/* Whether g meets w (and h, a range's top) under cmp: a tolerance in
 * percent holds when |g - w| * 100 <= |w| * tol, computed without
 * overflow. */
static inline int pvabi_ord_holds(int cmp, int64_t g, int64_t w, int64_t h, uint64_t tol,
				  int is_signed)
{
	uint64_t kg = pvabi_ord_key(g, is_signed), kw = pvabi_ord_key(w, is_signed);
	uint64_t mag = pvabi_ord_dist(w, 0, is_signed);

	switch (cmp) {
	case PVABI_ORD_GE: return kg >= kw;
	case PVABI_ORD_LE: return kg <= kw;
	case PVABI_ORD_NEAR_PCT:
		return pvabi_ord_dist(g, w, is_signed) <= mag / 100 * tol + mag % 100 * tol / 100;
	case PVABI_ORD_NEAR_ABS: return pvabi_ord_dist(g, w, is_signed) <= tol;
	case PVABI_ORD_RANGE: return kg >= kw && kg <= pvabi_ord_key(h, is_signed);
	default: return g == w;
	}
}

#endif
