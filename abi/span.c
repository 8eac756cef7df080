/* The probes a span derives (abi/span.h): for each width an
 * implementation may compute the formula in (2^31 and 2^63 for signed
 * types, 2^32 and 2^64), the counts whose product crosses it, each
 * with the base that makes the sum reach the top exactly (inside), one
 * unit above it (past the top) and 0; and the bases whose sum with one
 * and two units crosses it. The answers are taken in 128-bit
 * arithmetic: a count and a unit below 2^64 make a product below
 * 2^128 - 2^65, so a base below 2^64 added to it cannot wrap. */
#include "abi/span.h"
#include "abi/layout.h"

typedef unsigned __int128 u128;

static const unsigned int widths[] = { 31, 32, 63, 64 };

struct acc {
	struct pvabi_span_probe *out;
	size_t n, max;
	u128 cmax, bmax, unit, top;
	unsigned int cross;
	int sum;
};

static u128 type_max(unsigned int size)
{
	return ((u128)1 << (8 * size)) - 1;
}

/* Adds (base, count) unless a type cannot hold it or it is there. */
static void add(struct acc *a, u128 base, u128 count)
{
	size_t i;

	if (base > a->bmax || count > a->cmax)
		return;
	for (i = 0; i < a->n; i++)
		if (a->out[i].base == (uint64_t)base && a->out[i].count == (uint64_t)count)
			return;
	if (a->n == a->max)
		return;
	a->out[a->n].base = (uint64_t)base;
	a->out[a->n].count = (uint64_t)count;
	a->out[a->n].refused = base + count * a->unit > a->top;
	a->out[a->n].cross = a->cross;
	a->out[a->n].sum = a->sum;
	a->n++;
}

/* The counts just below, at and above the one whose product reaches w:
 * at the top exactly, one unit past it, and from 0. */
static void product_side(struct acc *a, u128 w)
{
	u128 hi = (w + a->unit - 1) / a->unit, n;

	if (hi > a->cmax) /* the count's type cannot reach w */
		return;
	a->sum = 0;
	for (n = hi ? hi - 1 : 0; n <= hi + 1; n++) {
		if (n * a->unit <= a->top) {
			add(a, a->top - n * a->unit, n);
			add(a, a->top - n * a->unit + a->unit, n);
		}
		add(a, 0, n);
	}
}

/* The base whose sum with one unit is w exactly, with one and two. */
static void sum_side(struct acc *a, u128 w)
{
	if (w > a->top || w < a->unit)
		return;
	a->sum = 1;
	add(a, w - a->unit, 1);
	add(a, w - a->unit, 2);
}

size_t pvabi_span_probes(const struct pvabi_span *sp, unsigned int csize, unsigned int bsize,
			 struct pvabi_span_probe *out, size_t max)
{
	struct acc a = { out, 0, max, type_max(csize), type_max(bsize), sp->unit,
			 (u128)1 << sp->top, 0, 0 };
	size_t i;

	for (i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		a.cross = widths[i];
		product_side(&a, (u128)1 << widths[i]);
		sum_side(&a, (u128)1 << widths[i]);
	}
	return a.n;
}

size_t pvabi_span_count_probes(uint64_t ceiling, uint64_t esize, unsigned int csize,
			       struct pvabi_span_probe *out, size_t max)
{
	struct acc a = { out, 0, max, type_max(csize), 0, esize ? esize : 1, 0, 0, 0 };
	size_t i;
	u128 w, hi, n;

	for (i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		w = (u128)1 << widths[i];
		hi = (w + a.unit - 1) / a.unit;
		a.cross = widths[i];
		for (n = hi - 1; n <= hi + 1 && hi <= a.cmax; n++)
			if (n > ceiling)
				add(&a, 0, n); /* refused: past the limit */
	}
	for (i = 0; i < a.n; i++)
		out[i].refused = 1;
	return a.n;
}

uint64_t pvabi_span_elem_size(const struct pvabi_spec *s, const struct pvabi_op *op, int rev,
			      size_t ai)
{
	size_t j, al;

	for (j = 0; j < op->nargs; j++) {
		const struct pvabi_arg *a = &op->args[j];

		if (a->dir == PVABI_BY_VALUE || a->count_arg != (int)ai ||
		    !pvabi_life_has(&a->life, rev))
			continue;
		if (a->type.kind == PVABI_T_STRUCT)
			return pvabi_struct_layout(s, a->type.index, rev, NULL, &al);
		return pvabi_prim_size(a->type.prim);
	}
	return 0;
}
