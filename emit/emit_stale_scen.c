/* Every output judged right after a call that left another value in it
 * (docs/spec-language.md#every-output-after-another-value): each pair
 * abi/stale.c chooses becomes one scenario. Both calls' handles
 * are brought into their states first (a handle whose steps free it
 * last, so that its number, handed out again, cannot become the other's),
 * then the calls run back to back as A, B, A: each is judged on every
 * output its expectation names, right after the other one left another
 * value there, in both orders. The guest poisons every output buffer
 * before each call (guest/rt/suite.c), so an output the platform did
 * not write at all shows too. Last, the handles still held are freed. */
#include "emit/emit_stale.h"
#include "emit/emit_kind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Call o's args, its handle's variable made $to (kept by d). */
static const char *args_of(struct emit_derived *d, const struct pvabi_stale_obs *o,
			   const char *args, const char *to)
{
	if (!o->var)
		return args;
	return emit_derive_keep(d, pvabi_stale_rename(args, o->var, strlen(o->var), to));
}

/* The steps that bring o's handle, as $to, into its state. */
static struct pvabi_step *replay(struct emit_derived *d, struct pvabi_step *p,
				 const struct pvabi_stale_obs *o, const char *to)
{
	size_t i;

	for (i = 0; i < o->nhist; i++) {
		const struct pvabi_step *h = o->hist[i];

		*p = *h;
		if (!i)
			p->bind = to;
		else
			p->args = args_of(d, o, h->args, to);
		p++;
	}
	return p;
}

static const struct pvabi_loc *loc_of(const struct pvabi_stale *w, const struct pvabi_stale_obs *o)
{
	size_t i;

	if (o->nhist)
		return &o->hist[0]->loc;
	for (i = 0; i < w->s->ops[w->opi].nvectors; i++)
		if (w->s->ops[w->opi].vectors[i].expect == o->expect)
			return &w->s->ops[w->opi].vectors[i].loc;
	return &w->s->ops[w->opi].loc;
}

/* Frees o's handle $to when its steps left it held. */
static struct pvabi_step *release(struct emit_derived *d, struct pvabi_step *p,
				  const struct pvabi_stale *w, const struct pvabi_stale_obs *o,
				  const char *to)
{
	const struct pvabi_op *fr = &w->s->ops[w->freer];
	char buf[96];

	if (!o->var || o->frees)
		return p;
	snprintf(buf, sizeof(buf), "%s=$%s", fr->args[0].name, to);
	return emit_derive_call(p, w->freer, emit_derive_keep(d, strdup(buf)), "ret=0", NULL,
				loc_of(w, o));
}

/* Call o as the scenario's name shows it: its arguments, or the ops
 * that brought its handle into its state, in brackets. */
static size_t short_text(const struct pvabi_stale *w, const struct pvabi_stale_obs *o,
			 char *buf, size_t n)
{
	size_t j, at;

	if (!o->var)
		return (size_t)snprintf(buf, n, "%s", o->args[0] ? o->args : "()");
	at = (size_t)snprintf(buf, n, "[");
	for (j = 0; j < o->nhist && at < n; j++)
		at += (size_t)snprintf(buf + at, n - at, "%s%s", j ? " " : "",
				       w->s->ops[o->hist[j]->op].name);
	return at < n ? at + (size_t)snprintf(buf + at, n - at, "]") : at;
}

/* The name: the op and both calls, short enough that a failing line's
 * field and values still fit in a check's name (200 bytes) beside it;
 * the manual lists what each pair tells apart. */
static const char *name_of(struct emit_derived *d, const struct pvabi_stale *w, size_t k)
{
	const struct pvabi_stale_pair *pr = &w->pairs[k];
	char a[120], b[120], *buf;
	size_t n = 300;

	short_text(w, &w->obs[pr->a], a, sizeof(a));
	short_text(w, &w->obs[pr->b], b, sizeof(b));
	if (!(buf = malloc(n)))
		return emit_derive_keep(d, NULL);
	snprintf(buf, n, "%s after another value: %s / %s", w->s->ops[w->opi].name, a, b);
	return emit_derive_keep(d, buf);
}

/* Pair k as a scenario alive from w's revision until `until`
 * (PVABI_NONE: on): both calls' histories, the calls A, B, A, and the
 * handles freed; NULL out of memory. */
static struct emit_derived *emit_stale_derive(const struct pvabi_stale *w, size_t k, int until)
{
	const struct pvabi_stale_pair *pr = &w->pairs[k];
	const struct pvabi_stale_obs *a = &w->obs[pr->a], *b = &w->obs[pr->b];
	/* the one that frees its handle is brought into its state last */
	int bfirst = a->frees && !b->frees;
	struct emit_derived *d = emit_derive_new(a->nhist + b->nhist + 6);
	struct pvabi_step *p;
	const char *name;

	if (!d)
		return NULL;
	p = d->steps;
	p = replay(d, p, bfirst ? b : a, bfirst ? "sb" : "sa");
	p = replay(d, p, bfirst ? a : b, bfirst ? "sa" : "sb");
	p = emit_derive_call(p, w->opi, args_of(d, a, a->args, "sa"), a->expect, NULL, loc_of(w, a));
	p = emit_derive_call(p, w->opi, args_of(d, b, b->args, "sb"), b->expect, NULL, loc_of(w, b));
	p = emit_derive_call(p, w->opi, args_of(d, a, a->args, "sa"), a->expect, NULL, loc_of(w, a));
	p = release(d, p, w, a, "sa");
	p = release(d, p, w, b, "sb");
	name = name_of(d, w, k);
	if (d->oom || !name) {
		emit_derive_free(d);
		return NULL;
	}
	emit_derive_finish_own(d, w->rev, until, &w->s->ops[w->opi].loc, (size_t)(p - d->steps), name);
	return d;
}

/* What pair_revs derives in each revision. */
struct stale_pair {
	const struct pvabi_gen *g;
	struct pvabi_stale *w;
	int opi;
	size_t k;
};

static int stale_derive(void *ctx, int rev, struct emit_derived **d)
{
	const struct stale_pair *p = ctx;

	if (!pvabi_stale_init(p->w, p->g->spec, p->opi, rev) || p->k >= p->w->npairs)
		return 0;
	*d = emit_stale_derive(p->w, p->k, PVABI_NONE);
	return *d ? 0 : -1;
}

/* Pair k of op opi in every revision up to the image's; revisions that
 * derive the same steps share one scenario. */
static int pair_revs(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		     const struct pvabi_op **ops, size_t nops, int opi, size_t k)
{
	struct stale_pair p = { g, malloc(sizeof(*p.w)), opi, k };
	int rc;

	if (!p.w)
		return -1;
	rc = emit_derive_revs(t, sg, g, ops, nops, stale_derive, &p);
	free(p.w);
	return rc;
}

int emit_stale_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			    const struct pvabi_op **ops, size_t nops)
{
	const struct pvabi_spec *s = g->spec;
	size_t i, k;

	if (s->format != 1)
		return 0;
	for (i = 0; i < s->nops; i++) {
		if (!emit_known(g, &s->ops[i]))
			continue;
		for (k = 0; k < PVABI_STALE_PAIRS; k++)
			if (pair_revs(t, sg, g, ops, nops, (int)i, k))
				return -1;
	}
	return 0;
}
