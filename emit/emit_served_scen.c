/* Every value a reported maximum promises, served (docs/checks.md): the
 * success side of the refusals past a maximum (emit_grows_scen.c). A
 * <grows> whose value is an output field of the call that names one
 * range of an argument (cpuid's regs.eax of leaf=0x80000000: the highest
 * extended leaf) promises every value of that range up to it: a guest
 * walks them (the brand string's three leaves, the address sizes) as
 * soon as the maximum says they are there. Each image reads the maximum
 * at run time and calls the op at every value above the range's first
 * up to it (at most PVABI_CSERVED_CAP of them, then the maximum itself;
 * guest/rt/suite_sweep.c), each wanting success with every pass="out"
 * buffer written; what the answers hold is the platform's, not judged.
 * The other arguments are the first success vector's: subleaf 0 for
 * cpuid. Nothing new is declared: the same maxima as the refusals'. */
#include "emit/emit_derive.h"
#include "abi/vector.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The scenario of grows k in revisions [since, until): the maximum read
 * at the range's first value, then every value up to it. NULL out of
 * memory. */
static struct emit_derived *derive(const struct pvabi_gen *g, int opi, size_t k,
				   const struct emit_grows_probe *p, const char *base, int since,
				   int until)
{
	const struct pvabi_op *op = &g->spec->ops[opi];
	const char *name = op->args[p->arg].name, *a0, *a1, *bind, *nm;
	struct emit_derived *d = emit_derive_new(2);
	char buf[200], from[24];
	struct pvabi_step *st;

	if (!d)
		return NULL;
	snprintf(from, sizeof(from), "0x%llx", (unsigned long long)p->from);
	snprintf(buf, sizeof(buf), "%s: each %s up to %s of %s=%s, served", op->name, name,
		 p->value, name, from);
	nm = emit_derive_keep(d, strdup(buf));
	a0 = emit_derive_keep(d, emit_derive_args(base, NULL, name, from));
	a1 = emit_derive_keep(d, emit_derive_args(base, NULL, name, "$gmax"));
	snprintf(buf, sizeof(buf), "gmax=%s", p->value);
	bind = emit_derive_keep(d, strdup(buf));
	if (d->oom) {
		emit_derive_free(d);
		return NULL;
	}
	st = emit_derive_call(d->steps, opi, a0, "ret>=0", bind, &op->grows[k].loc);
	st = emit_derive_call(st, opi, a1, "ret>=0", NULL, &op->grows[k].loc) - 1;
	st->sweep = p->arg + 1;
	st->served = 1;
	st->mask = p->from;
	emit_derive_finish_own(d, since, until > g->rev ? PVABI_NONE : until, &op->grows[k].loc, 2,
			       nm);
	return d;
}

/* Grows k of op opi, walked over the revisions (emit_derive_runs). */
struct served_run {
	const struct pvabi_gen *g;
	int opi;
	size_t k;
};

/* 1 with p and *bv, the maximum and the vector the other arguments come
 * from, when grows k derives the scenario in rev. */
static int served_at(const struct served_run *c, int rev, struct emit_grows_probe *p,
		     const struct pvabi_vector **bv)
{
	const struct pvabi_op *op = &c->g->spec->ops[c->opi];

	return emit_grows_max(c->g->spec, op, c->k, rev, p) &&
	       (*bv = emit_readback_base(op, rev)) != NULL;
}

/* The same calls: the same maximum of the same argument's range, the
 * same vector's other arguments. */
static int served_same(void *ctx, int first, int rev)
{
	struct emit_grows_probe p, q;
	const struct pvabi_vector *bp, *bq;

	if (!served_at(ctx, first, &p, &bp))
		return 0;
	return rev == first ||
	       (served_at(ctx, rev, &q, &bq) && bq == bp && q.from == p.from && q.arg == p.arg);
}

static struct emit_derived *served_make(void *ctx, int since, int until)
{
	const struct served_run *c = ctx;
	struct emit_grows_probe p;
	const struct pvabi_vector *bv;

	if (!served_at(c, since, &p, &bv))
		return NULL;
	return derive(c->g, c->opi, c->k, &p, bv->args, since, until);
}

int emit_served_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			     const struct pvabi_op **ops, size_t nops)
{
	const struct pvabi_spec *s = g->spec;
	size_t i, k;

	for (i = 0; i < s->nops; i++) {
		if (!emit_known(g, &s->ops[i]))
			continue;
		for (k = 0; k < s->ops[i].ngrows; k++) {
			struct served_run c = { g, (int)i, k };

			/* the scenarios of grows k, one per run of revisions in
			 * which they are the same calls */
			if (emit_derive_runs(t, sg, g, ops, nops, served_same, served_make, &c))
				return -1;
		}
	}
	return 0;
}
