/* The first value past each maximum the platform reports, refused
 * (docs/spec-language.md#the-first-value-past-each-maximum): a <grows>
 * whose value is an output field of a call that names one range of an
 * argument (cpuid's regs.eax of leaf=0: the highest basic leaf) is that
 * range's maximum. A vector can only bound it from below, so the edge
 * of what is served can only come from the answer: each image reads the
 * maximum at run time, then calls the op at that value + 1 and sweeps
 * the gap below the next range the op's <grows> declare: its top end,
 * its middle, and both sides of each power-of-two boundary inside it,
 * where a block of values would start or end (guest/rt/suite_sweep.c).
 * Each must be the argument's refusal (its refused edge's error) with
 * every output left as the guest had it: a platform that serves a leaf
 * past what it reports, a block of leaves anywhere in the gap, or
 * answers an unserved one with the CPU's fallback values, is caught at
 * the probe it breaks. Nothing new is declared. */
#include "emit/emit_derive.h"
#include "abi/edge.h"
#include "abi/vector.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The one by-value argument g's when= names, with its value; -1 when it
 * names none or several. */
static int when_arg(const struct pvabi_op *op, const struct pvabi_grows_res *g, uint64_t *from)
{
	int i, at = -1;

	for (i = 0; i < PVABI_MAX_ARGS; i++) {
		if (!g->have[i])
			continue;
		if (at >= 0 || g->when[i].kind != PVABI_VA_VALUE || (size_t)i >= op->nargs ||
		    op->args[i].dir != PVABI_BY_VALUE)
			return -1;
		at = i;
		*from = g->when[i].value;
	}
	return at;
}

static const char *refusal(const struct pvabi_arg *a, int rev)
{
	size_t m;

	for (m = 0; m < a->nedges; m++)
		if (a->edges[m].is == PVABI_EDGE_REFUSED && a->edges[m].error &&
		    pvabi_life_has(&a->edges[m].life, rev))
			return a->edges[m].error;
	return NULL;
}

int emit_grows_max(const struct pvabi_spec *s, const struct pvabi_op *op, size_t k, int rev,
		   struct emit_grows_probe *p)
{
	struct pvabi_grows_res g, o;
	unsigned int size;
	uint64_t v;
	char err[256];
	size_t j;

	memset(p, 0, sizeof(*p));
	if (!pvabi_life_has(&op->life, rev) ||
	    pvabi_grows_resolve(s, op, &op->grows[k], rev, &g, err, sizeof(err)) || g.arg < 0 ||
	    (p->arg = when_arg(op, &g, &p->from)) < 0 ||
	    !pvabi_life_has(&op->args[p->arg].life, rev))
		return 0;
	size = pvabi_prim_size(op->args[p->arg].type.prim);
	p->next = size && size < 8 ? UINT64_C(1) << (8 * size) : 0;
	for (j = 0; j < op->ngrows; j++)
		if (j != k && !pvabi_grows_resolve(s, op, &op->grows[j], rev, &o, err, sizeof(err)) &&
		    when_arg(op, &o, &v) == p->arg && v > p->from && (!p->next || v < p->next))
			p->next = v;
	/* the gap is swept where it ends below the type's end; the image
	 * computes each probe from the maximum it reads, so every one lies
	 * inside the gap whatever that maximum is */
	p->gap = p->next != 0;
	p->value = op->grows[k].value;
	return 1;
}

int emit_grows_probe(const struct pvabi_spec *s, const struct pvabi_op *op, size_t k, int rev,
		     struct emit_grows_probe *p)
{
	if (!emit_grows_max(s, op, k, rev, p))
		return 0;
	p->error = refusal(&op->args[p->arg], rev);
	return p->error != NULL;
}

static struct pvabi_step *put(struct pvabi_step *st, const struct pvabi_grows *gr, int op,
			      const char *args, const char *expect, const char *bind)
{
	st = emit_derive_call(st, op, args, expect, bind, &gr->loc) - 1;
	st->keeps = expect[0] == 'e'; /* a refusal: every output as it was */
	return st + 1;
}

/* The scenario of grows k in revisions [since, until): the maximum
 * read, the value past it, the gap swept. NULL out of memory. */
static struct emit_derived *derive(const struct pvabi_gen *g, int opi, size_t k,
				   const struct emit_grows_probe *p, const char *base, int since,
				   int until)
{
	const struct pvabi_op *op = &g->spec->ops[opi];
	const char *name = op->args[p->arg].name, *a0, *a1, *a2 = NULL, *bind, *refused, *nm;
	struct emit_derived *d = emit_derive_new(3);
	char buf[200], from[24];
	struct pvabi_step *st;

	if (!d)
		return NULL;
	snprintf(from, sizeof(from), "0x%llx", (unsigned long long)p->from);
	snprintf(buf, sizeof(buf), "%s: %s past %s of %s=%s, refused", op->name, name, p->value,
		 name, from);
	nm = emit_derive_keep(d, strdup(buf));
	a0 = emit_derive_keep(d, emit_derive_args(base, NULL, name, from));
	a1 = emit_derive_keep(d, emit_derive_args(base, NULL, name, "$gmax+1"));
	snprintf(buf, sizeof(buf), "gmax=%s", p->value);
	bind = emit_derive_keep(d, strdup(buf));
	snprintf(buf, sizeof(buf), "error=%s", p->error);
	refused = emit_derive_keep(d, strdup(buf));
	if (p->gap) /* swept from the maximum the image read */
		a2 = emit_derive_keep(d, emit_derive_args(base, NULL, name, "$gmax"));
	if (d->oom) {
		emit_derive_free(d);
		return NULL;
	}
	st = put(d->steps, &op->grows[k], opi, a0, "ret>=0", bind);
	st = put(st, &op->grows[k], opi, a1, refused, NULL);
	if (a2) {
		st = put(st, &op->grows[k], opi, a2, refused, NULL) - 1;
		st->sweep = p->arg + 1;
		st->mask = p->next;
	}
	emit_derive_finish_own(d, since, until > g->rev ? PVABI_NONE : until, &op->grows[k].loc, a2 ? 3 : 2, nm);
	return d;
}

/* Grows k of op opi, walked over the revisions (emit_derive_runs). */
struct grows_run {
	const struct pvabi_gen *g;
	int opi;
	size_t k;
};

/* 1 with p and *bv, the probe and the vector a probe's other arguments
 * come from (the op's first success vector), when grows k derives
 * probes in rev. */
static int grows_at(const struct grows_run *c, int rev, struct emit_grows_probe *p,
		    const struct pvabi_vector **bv)
{
	const struct pvabi_op *op = &c->g->spec->ops[c->opi];

	return emit_grows_probe(c->g->spec, op, c->k, rev, p) &&
	       (*bv = emit_readback_base(op, rev)) != NULL;
}

/* The same calls: the same range, gap and refusal, the same vector's
 * other arguments. */
static int grows_same(void *ctx, int first, int rev)
{
	struct emit_grows_probe p, q;
	const struct pvabi_vector *bp, *bq;

	if (!grows_at(ctx, first, &p, &bp))
		return 0;
	return rev == first ||
	       (grows_at(ctx, rev, &q, &bq) && bq == bp && q.from == p.from && q.next == p.next &&
		q.arg == p.arg && !strcmp(q.error, p.error));
}

static struct emit_derived *grows_make(void *ctx, int since, int until)
{
	const struct grows_run *c = ctx;
	struct emit_grows_probe p;
	const struct pvabi_vector *bv;

	if (!grows_at(c, since, &p, &bv))
		return NULL;
	return derive(c->g, c->opi, c->k, &p, bv->args, since, until);
}

int emit_grows_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			    const struct pvabi_op **ops, size_t nops)
{
	const struct pvabi_spec *s = g->spec;
	size_t i, k;

	for (i = 0; i < s->nops; i++) {
		if (!emit_known(g, &s->ops[i]))
			continue;
		for (k = 0; k < s->ops[i].ngrows; k++) {
			struct grows_run c = { g, (int)i, k };

			/* the probes of grows k, one scenario per run of
			 * revisions in which they are the same calls */
			if (emit_derive_runs(t, sg, g, ops, nops, grows_same, grows_make, &c))
				return -1;
		}
	}
	return 0;
}
