/* The effect of a range edge (<edge observe="SCENARIO">, abi/edge.h):
 * the answer alone cannot show that a saturated deadline never fires,
 * so the edge names a scenario that observes the op's effect, and the
 * image runs it once per point of the edge, its first call of the op
 * made at that point in the edge's mode and expected to answer what the
 * edge declares; with adds=, once more at the first value whose sum with
 * the state overflows, read by a call bound just before. The scenario's
 * other steps judge the effect (a timer port with nothing pending).
 * docs/spec-language.md#range-edges. */
#include "emit/emit_ctable.h"
#include "abi/edge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct edge_scen {
	struct pvabi_scenario sc;
	struct pvabi_step *steps;
	char *name, *args, *expect;
};

/* Each derived scenario on its own: the groups point at them. */
struct emit_edge_scens {
	struct edge_scen **v;
	size_t n, cap;
};

/* 1 when the "name=..." token at tok (len n) names an argument set in
 * list (space-separated tokens) or is named arg. */
static int named_in(const char *tok, size_t n, const char *list, const char *arg)
{
	size_t k = strcspn(tok, "=");
	const char *p = list;

	if (k > n)
		k = n;
	if (strlen(arg) == k && !strncmp(tok, arg, k))
		return 1;
	while (p && *p) {
		size_t m;

		p += strspn(p, " ");
		m = strcspn(p, "= ");
		if (m == k && !strncmp(p, tok, k))
			return 1;
		p += strcspn(p, " ");
	}
	return 0;
}

char *emit_edge_args(const char *orig, const char *when, const char *arg, const char *value)
{
	struct sbuf b = { 0 };
	const char *p = orig;

	while (p && *p) {
		size_t n;

		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n && !named_in(p, n, when, arg))
			sb_add(&b, "%.*s ", (int)n, p);
		p += n;
	}
	if (when)
		sb_add(&b, "%s ", when);
	sb_add(&b, "%s=%s", arg, value);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

static char *edge_expect(const struct pvabi_edge *e, const char *own)
{
	char buf[160];

	if (e->is == PVABI_EDGE_REFUSED)
		snprintf(buf, sizeof(buf), "error=%s", e->error);
	else
		snprintf(buf, sizeof(buf), "%s", e->is == PVABI_EDGE_IGNORED ? own : e->expect);
	return strdup(buf);
}

/* One derived scenario into d: sc's steps, the first call of op k made
 * at value (text) in e's mode, with a state read first when state. */
static int derive(struct edge_scen *d, const struct pvabi_spec *s, const struct pvabi_scenario *sc,
		  int k, const struct pvabi_arg *a, const struct pvabi_edge *e, const char *value,
		  const char *point, int state)
{
	size_t i, j = 0, at = sc->nsteps;
	char name[512];

	for (i = 0; i < sc->nsteps && at == sc->nsteps; i++)
		if (sc->steps[i].kind == PVABI_STEP_CALL && sc->steps[i].op == k)
			at = i;
	if (at == sc->nsteps)
		return 1;
	snprintf(name, sizeof(name), "%s: edge %s=%s (%s%s%s)", sc->name, a->name, point,
		 e->when ? e->when : "", e->when ? ": " : "", pvabi_edge_is_name(e->is));
	d->steps = calloc(sc->nsteps + 1, sizeof(*d->steps));
	d->name = strdup(name);
	d->args = emit_edge_args(sc->steps[at].args, e->when, a->name, value);
	d->expect = edge_expect(e, sc->steps[at].expect);
	if (!d->steps || !d->name || !d->args || !d->expect)
		return -1;
	for (i = 0; i < sc->nsteps; i++) {
		if (i == at && state) {
			d->steps[j] = sc->steps[i];
			d->steps[j].op = e->adds_op;
			d->steps[j].args = NULL;
			d->steps[j].expect = "ret>=0";
			d->steps[j].bind = "edge_state";
			d->steps[j++].retry = 0;
		}
		d->steps[j] = sc->steps[i];
		if (i == at) {
			d->steps[j].args = d->args;
			d->steps[j].expect = d->expect;
		}
		j++;
	}
	d->sc = *sc;
	d->sc.name = d->name;
	d->sc.steps = d->steps;
	d->sc.nsteps = j;
	if (e->life.since > d->sc.life.since)
		d->sc.life.since = e->life.since;
	if (e->life.removed >= 0 && (d->sc.life.removed < 0 || e->life.removed < d->sc.life.removed))
		d->sc.life.removed = e->life.removed;
	(void)s;
	return 0;
}

/* A new scenario held by x (counted once derived), or NULL. */
static struct edge_scen *next(struct emit_edge_scens *x)
{
	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 16;
		struct edge_scen **v = realloc(x->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		x->v = v;
		x->cap = cap;
	}
	return x->v[x->n] = calloc(1, sizeof(**x->v));
}

static void one_free(struct edge_scen *d)
{
	if (!d)
		return;
	free(d->steps);
	free(d->name);
	free(d->args);
	free(d->expect);
	free(d);
}

/* The scenarios of edge e of argument a of op k, highest point first. */
static int edge_scens(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		      const struct pvabi_op **ops, size_t nops, int k, const struct pvabi_arg *a,
		      const struct pvabi_edge *e)
{
	const struct pvabi_scenario *sc = &g->spec->scenarios[e->observe_sc];
	unsigned int size = pvabi_prim_size(a->type.prim), pt;
	char value[32], point[48];
	struct edge_scen *d;
	int st, r;

	for (pt = PVABI_EDGE_MAX << 1; pt; pt >>= 1) {
		st = pt > PVABI_EDGE_MAX;
		if (st ? e->adds_op < 0 : !(e->at & pt))
			continue;
		if (st)
			snprintf(value, sizeof(value), "0-$edge_state");
		else
			snprintf(value, sizeof(value), "0x%llx",
				 (unsigned long long)pvabi_edge_value(pt, size));
		if (st)
			snprintf(point, sizeof(point), "max - %s + 1", e->adds);
		else
			pvabi_edge_points(pt, point, sizeof(point));
		if (!(d = next(sg->edge)))
			return -1;
		r = derive(d, g->spec, sc, k, a, e, value, point, st);
		if (r) {
			one_free(d);
			if (r < 0)
				return -1;
			continue;
		}
		sg->edge->n++;
		if (emit_scen_collect_one(t, sg, g, ops, nops, &d->sc, NULL))
			return -1;
	}
	return 0;
}

int emit_edge_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops)
{
	const struct pvabi_spec *s = g->spec;
	size_t i, j, m;

	if (!sg->edge && !(sg->edge = calloc(1, sizeof(*sg->edge))))
		return -1;
	for (i = 0; i < s->nops; i++) {
		if (!emit_known(g, &s->ops[i]))
			continue;
		for (j = 0; j < s->ops[i].nargs; j++)
			for (m = 0; m < s->ops[i].args[j].nedges; m++) {
				const struct pvabi_edge *e = &s->ops[i].args[j].edges[m];

				if (e->observe_sc >= 0 &&
				    edge_scens(t, sg, g, ops, nops, (int)i, &s->ops[i].args[j], e))
					return -1;
			}
	}
	return 0;
}

void emit_edge_scen_free(struct emit_edge_scens *x)
{
	size_t i;

	if (!x)
		return;
	for (i = 0; i < x->n; i++)
		one_free(x->v[i]);
	free(x->v);
	free(x);
}
