/* Every cap a feature's doc states on a count the platform keeps,
 * reached and passed (docs/checks.md, "Every cap a doc states on a count
 * the platform keeps, reached and passed"). For each <cap> and each of
 * its <raise>s, the raise's template scenario with its raises and its
 * read of the count replaced by: the raise made cap - 1 times (one
 * repeated step, guest/rt/suite.c), the count read; the cap-th raise,
 * the count read; two raises past the cap, each judged by past= (merge:
 * answered as below it; refuse: the declared error) and each followed by
 * a read that wants the count still at the cap; then the template's own
 * drain, its waits counting the cap. The cap is an expression of the
 * grant (value with the feature, otherwise= without), so one scenario
 * judges both grant states in every sub-cell: without the grant it
 * raises three times. */
#include "emit/emit_derive.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the middle of one probe is made from. */
struct cap_how {
	const struct pvabi_spec *s;
	const struct pvabi_feature *f;
	const struct pvabi_cap *c;
	const struct pvabi_cap_raise *r;
	size_t seen;       /* the template's read of the count */
	const char *cap;   /* the cap, an expression of the grant */
	const char *below; /* the cap - 1 */
};

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(buf, sizeof(buf), f, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= sizeof(buf) ? NULL : strdup(buf);
}

/* The template's read of the count with it wanting want. */
static struct pvabi_step *read_count(struct emit_derived *d, struct pvabi_step *st,
				     const struct pvabi_step *rd, const struct cap_how *h,
				     const char *want)
{
	const struct pvabi_op *op = &h->s->ops[h->c->op];
	char *tok = fmt("%s.%s", op->args[h->c->arg].name, h->c->field), *e = NULL, *eq;

	if (tok && (eq = fmt("=%s", want))) {
		e = strstr(rd->expect ? rd->expect : "", tok)
		  ? emit_derive_seen(rd->expect, tok, eq)
		  : fmt("%s %s%s", rd->expect ? rd->expect : "ret=0", tok, eq);
		free(eq);
	}
	free(tok);
	*st = *rd;
	st->expect = emit_derive_keep(d, e);
	return st + 1;
}

static struct pvabi_step *cap_middle(struct emit_derived *d, struct pvabi_step *st,
				     const struct pvabi_scenario *sc, size_t at, const void *how)
{
	const struct cap_how *h = how;
	const struct pvabi_step *raise = &sc->steps[at], *rd = &sc->steps[h->seen];
	const char *past = raise->expect;
	int k;

	if (h->c->refuse)
		past = emit_derive_keep(d, fmt("error=%s", h->s->errors[h->c->error].name));
	*st = *raise; /* up to the cap but one, made by one repeated step */
	st->repeat = h->below;
	st = read_count(d, st + 1, rd, h, h->below);
	*st = *raise; /* the cap */
	st = read_count(d, st + 1, rd, h, h->cap);
	for (k = 0; k < 2; k++) { /* past it by one, then by two */
		*st = *raise;
		st->expect = past;
		st = read_count(d, st + 1, rd, h, h->cap);
	}
	return st;
}

/* Steps cap_middle makes: the repeated raise, three single ones, and a
 * read after each. */
#define MIDDLE_STEPS 8u

/* How long the drain's wait for the cap's upcalls may take: it ends at
 * the count, so only a platform that delivers fewer waits it out. An
 * engine passes a burst of 255 interrupts on at about 2 ms each on a
 * loaded host (the QEMU engines), past a template's 500 ms. */
#define DRAIN_NS 2000000000u

/* The template's drain counts the cap: each wait for upcalls after the
 * middle that is not an idle, the one that ends at the count bounded by
 * DRAIN_NS. */
static void drain_counts_cap(struct emit_derived *d, const struct cap_how *h, size_t from)
{
	size_t i;

	for (i = from; i < d->sc.nsteps; i++)
		if (d->steps[i].kind == PVABI_STEP_WAIT && !d->steps[i].idle &&
		    (d->steps[i].args || d->steps[i].count)) {
			d->steps[i].args = h->cap;
			d->steps[i].count = 0;
			if (!d->steps[i].exact)
				d->steps[i].within_ns = DRAIN_NS;
		}
}

static struct emit_derived *derive(struct cap_how *h)
{
	const struct pvabi_scenario *sc = &h->s->scenarios[h->r->scen];
	size_t at = emit_derive_call_at(sc, h->r->op);
	unsigned int v = h->c->value, o = h->c->otherwise;
	struct emit_derived *d;
	char *cap, *below, *name;

	for (h->seen = at; h->seen < sc->nsteps && (sc->steps[h->seen].kind != PVABI_STEP_CALL ||
						    sc->steps[h->seen].op != h->c->op);)
		h->seen++;
	if (at == sc->nsteps || h->seen == sc->nsteps) /* the loader refuses it */
		return NULL;
	cap = fmt("%u+%u*granted.%s", o, v - o, h->f->name);
	below = fmt("%u+%u*granted.%s", o - 1, v - o, h->f->name);
	/* no parentheses: the reports split a TAP line's last "(got ...)" */
	name = fmt("%s: %s raised by %s to its cap, %u with %s and %u without, and twice past "
		   "it, %s; the drain delivers the cap",
		   sc->name, h->c->field, h->s->ops[h->r->op].name, v, h->f->name, o,
		   h->c->refuse ? "refused" : "merged");
	if (!cap || !below || !name) {
		free(cap);
		free(below);
		free(name);
		return NULL;
	}
	h->cap = cap;
	h->below = below;
	d = emit_derive_splice(sc, h->r->op, h->seen, MIDDLE_STEPS, cap_middle, h, name,
			       &h->f->life);
	if (!d) {
		free(cap);
		free(below);
		return NULL;
	}
	emit_derive_keep(d, cap);
	emit_derive_keep(d, below);
	if (d->oom) {
		emit_derive_free(d);
		return NULL;
	}
	drain_counts_cap(d, h, at + MIDDLE_STEPS);
	return d;
}

int emit_cap_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			  const struct pvabi_op **ops, size_t nops)
{
	const struct pvabi_spec *s = g->spec;
	size_t i, j, k;

	for (i = 0; i < s->nfeatures; i++)
		for (j = 0; j < s->features[i].ncaps; j++)
			for (k = 0; k < s->features[i].caps[j].nraises; k++) {
				struct cap_how h = { s, &s->features[i], &s->features[i].caps[j],
						     &s->features[i].caps[j].raises[k], 0, NULL,
						     NULL };

				if (!emit_known(g, &s->ops[h.r->op]) ||
				    !emit_known(g, &s->ops[h.c->op]))
					continue;
				if (emit_derive_add(t, sg, g, ops, nops, &sg->readback,
						    derive(&h)))
					return -1;
			}
	return 0;
}
