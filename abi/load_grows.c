/* Vectors that hold only until a later compatible revision: an equality
 * on a value the spec documents to grow (<grows>). An image frozen with
 * such a vector would fail on the next release's platform through no
 * fault of that platform, so the spec is refused instead. */
#include "abi/load_internal.h"
#include "abi/vector.h"

static int in_both(const struct pvabi_life *a, const struct pvabi_life *b, int rev)
{
	return pvabi_life_has(a, rev) && pvabi_life_has(b, rev);
}

/* Every <grows> must name a value and arguments of its op in every
 * revision of the op's life, or it would silently stop applying. */
static int grows_valid(struct loader *L, const struct pvabi_op *op)
{
	struct pvabi_grows_res g;
	char err[256];
	size_t k;
	int r, ok = 1;

	for (k = 0; k < op->ngrows; k++)
		for (r = 0; r < (int)L->s->nrevs; r++) {
			if (!pvabi_life_has(&op->life, r) ||
			    !pvabi_grows_resolve(L->s, op, &op->grows[k], r, &g, err, sizeof(err)))
				continue;
			pvabi_diag_add(L->d, "GROWS_INVALID", L->file, op->grows[k].loc.line,
				       "op %s, revision %s: %s", op->name, L->s->revs[r].id, err);
			L->failed = 1;
			ok = 0;
			break;
		}
	return ok;
}

static void vector_growth(struct loader *L, const struct pvabi_op *op,
			  const struct pvabi_vector *vec)
{
	struct pvabi_grows_res g;
	struct pvabi_vec v;
	char err[256];
	size_t k;
	int r;

	for (r = 0; r < (int)L->s->nrevs; r++) {
		if (!in_both(&op->life, &vec->life, r) ||
		    pvabi_vec_resolve(L->s, op, vec, r, &v, err, sizeof(err)))
			continue;
		for (k = 0; k < op->ngrows; k++) {
			if (pvabi_grows_resolve(L->s, op, &op->grows[k], r, &g, err, sizeof(err)) ||
			    !pvabi_vec_fixes_growth(&v, &g))
				continue;
			pvabi_diag_add(L->d, "VECTOR_FALSIFIABLE", L->file, vec->loc.line,
				       "op %s, revision %s: expects %s to equal a constant, but line "
				       "%d documents that it grows in later revisions; use >=",
				       op->name, L->s->revs[r].id, op->grows[k].value ?
				       op->grows[k].value : "ret", op->grows[k].loc.line);
			L->failed = 1;
			return;
		}
	}
}

void check_growth(struct loader *L)
{
	size_t i, j;

	if (L->s->format >= 2) /* a CPUID block's maximum (abi/load_leaves.c) */
		return;
	for (i = 0; i < L->s->nops; i++) {
		const struct pvabi_op *op = &L->s->ops[i];

		if (!op->ngrows || !grows_valid(L, op))
			continue;
		for (j = 0; j < op->nvectors; j++)
			vector_growth(L, op, &op->vectors[j]);
	}
}
