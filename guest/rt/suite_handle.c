/* The lifecycle of the handles an op returns (<ret limit= full=
 * freed-by= order=>, docs/spec-language.md#handle-tables): the table
 * holds its count, freeing returns capacity, and where the spec
 * declares lowest-first allocation the freed numbers are the ones
 * handed out next. */
#include "guest/rt/suite.h"
#include "guest/rt/runtime.h"

/* The generator fills tables of at most this many handles
 * (PVABI_FILL_MAX, abi/limit.h). */
#define HANDLES_MAX 4096u
/* Handles a cycle allocates, frees and allocates again. */
#define CYCLE 8u

static uint32_t held[HANDLES_MAX + CYCLE];

/* One allocation: 1 with the handle in *got when it lies in [lo, value),
 * else 0 with the answer in *got. */
static int alloc_one(struct pvabi_runner *r, const struct pvabi_cop *op,
		     const struct pvabi_cprobe *p, const uint64_t *a, int64_t *got)
{
	*got = r->call(op->id, p->nargs, a);
	return *got >= 0 && (uint64_t)*got >= p->lo && (uint64_t)*got < p->value;
}

static int64_t free_one(struct pvabi_runner *r, const struct pvabi_cprobe *p, uint32_t h)
{
	uint64_t a[1] = { h };

	return r->call(r->s->ops[p->free_op].id, 1, a);
}

/* The position freed i-th of n: odd positions ascending, then even ones
 * descending (1, 3, 5, 7, 6, 4, 2, 0): neither the order of allocation
 * nor its reverse, so an allocator handing back the first or the last
 * handle freed is not mistaken for lowest-first. */
static uint32_t free_order(uint32_t i, uint32_t n)
{
	return i < n / 2 ? 2 * i + 1 : 2 * (n - 1 - i);
}

/* Frees every handle number in [lo, lo + n) out of order; returns how
 * many frees failed. */
static uint32_t free_range(struct pvabi_runner *r, const struct pvabi_cprobe *p, uint32_t n)
{
	uint32_t i, bad = 0;

	for (i = 0; i < n; i++)
		bad += free_one(r, p, (uint32_t)p->lo + free_order(i, n)) != 0;
	return bad;
}

/* Frees h[0 .. n) out of order; returns how many frees failed. */
static uint32_t free_all(struct pvabi_runner *r, const struct pvabi_cprobe *p,
			 const uint32_t *h, uint32_t n)
{
	uint32_t i, bad = 0;

	for (i = 0; i < n; i++)
		bad += free_one(r, p, h[free_order(i, n)]) != 0;
	return bad;
}

/* After the fill, last in the run: one handle freed must come back (it
 * is the only free one). Then every number the limit declares is held,
 * by the fill or by earlier calls, so each must free, and the table
 * must hand out its whole declared count again (lowest first: lo, lo +
 * 1, ...); a table smaller than declared, or one that loses what is
 * freed, comes back short. */
static int after_fill(struct pvabi_runner *r, const struct pvabi_cop *op,
		      const struct pvabi_cprobe *p, const uint64_t *a, uint32_t n)
{
	uint32_t h = held[n / 2], want = (uint32_t)(p->value - p->lo), k = 0, bad;
	int64_t e = free_one(r, p, h), got;
	int lowest = 1;

	(void)alloc_one(r, op, p, a, &got);
	pvabi_tap_check(r->tap, e == 0 && got == (int64_t)h,
			"%s: %s: handle %llu freed in a full table is allocated again (free %lld, got %lld)",
			op->name, p->name, (unsigned long long)h, (long long)e, (long long)got);
	bad = free_range(r, p, want);
	while (k <= want && alloc_one(r, op, p, a, &got)) {
		lowest &= (uint64_t)got == p->lo + k;
		k++;
	}
	lowest &= k == want;
	pvabi_tap_check(r->tap, !bad && k == want && got == p->error && (!p->lowest || lowest),
			"%s: %s: all %llu declared freed (%llu refused), %llu allocated again%s, then got %lld",
			op->name, p->name, (unsigned long long)want, (unsigned long long)bad,
			(unsigned long long)k,
			!p->lowest ? "" : lowest ? " lowest first" : ", not lowest first",
			(long long)got);
	return !bad && k == want && got == p->error; /* full again, every number held */
}

/* A handle table filled to its limit: every handle lies in [lo, value)
 * and the op answers error (full) at the latest once value - lo are
 * held (the suite's own vectors may hold some: an allocation vector's
 * handle is never freed); then, with free_op, the capacity freed is
 * the capacity allocated again. */
void pvabi_suite_fill(struct pvabi_runner *r, const struct pvabi_cop *op,
		      const struct pvabi_cprobe *p, const uint64_t *a)
{
	uint64_t want = p->value - p->lo;
	uint32_t n = 0;
	int64_t got = 0;

	pvabi_suite_full_set(0xffffffffu, 0);
	while (n <= want && alloc_one(r, op, p, a, &got)) {
		if (n < HANDLES_MAX)
			held[n] = (uint32_t)got;
		n++;
	}
	pvabi_tap_check(r->tap, got == p->error && n <= want, "%s: %s (%llu more held, then got %lld)",
			op->name, p->name, (unsigned long long)n, (long long)got);
	if (got == p->error && p->free_op == 0xffff)
		pvabi_suite_full_set(p->op, 0); /* full, and no way out of it */
	if (p->free_op == 0xffff || got != p->error || n > HANDLES_MAX)
		return;
	if (!n)
		pvabi_tap_check(r->tap, 0, "%s: %s: full before the fill, no handle of its own to free",
				op->name, p->name);
	else if (after_fill(r, op, p, a, n))
		pvabi_suite_full_set(p->op, held[n / 2]);
}

/* First in the run: CYCLE handles (fewer in a smaller table) allocated,
 * freed out of order and allocated again, then freed, leaving the table
 * as found. Lowest-first: the second round hands out the first round's
 * numbers in the same order (they are the lowest free again). */
void pvabi_suite_cycle(struct pvabi_runner *r, const struct pvabi_cop *op,
		       const struct pvabi_cprobe *p, const uint64_t *a)
{
	uint32_t k = p->value - p->lo < CYCLE ? (uint32_t)(p->value - p->lo) : CYCLE, n = 0, m = 0;
	uint32_t bad = 0, differ = 0;
	int64_t got = 0;

	while (n < k && alloc_one(r, op, p, a, &got))
		held[n++] = (uint32_t)got;
	if (n == k) {
		bad += free_all(r, p, held, n);
		while (m < k && alloc_one(r, op, p, a, &got)) {
			differ += p->lowest && (uint64_t)got != held[m];
			held[k + m++] = (uint32_t)got;
		}
		bad += free_all(r, p, held + k, m);
	} else {
		bad += free_all(r, p, held, n);
	}
	pvabi_tap_check(r->tap, n == k && m == k && !bad && !differ,
			"%s: %s: %llu allocated, freed out of order, %llu allocated again%s (%llu frees refused, last got %lld)",
			op->name, p->name, (unsigned long long)n, (unsigned long long)m,
			!p->lowest ? "" : differ ? ", not the freed numbers lowest first" : ", the same numbers lowest first",
			(unsigned long long)bad, (long long)got);
}
