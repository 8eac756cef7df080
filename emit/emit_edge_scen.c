/* The effect of a range edge (<edge observe="SCENARIO">, abi/edge.h):
 * the answer alone cannot show that a saturated deadline never fires,
 * so the edge names a scenario that observes the op's effect, and the
 * image runs it once per point of the edge, its first call of the op
 * made at that point in the edge's mode and expected to answer what the
 * edge declares; with adds=, once more at the first value whose sum with
 * the state overflows, read by a call bound just before. The scenario's
 * other steps judge the effect (a timer port with nothing pending).
 * docs/spec-language.md#range-edges. */
#include "emit/emit_derive.h"
#include "abi/edge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
static int derive(struct emit_derived *d, const struct pvabi_scenario *sc, int k,
		  const struct pvabi_arg *a, const struct pvabi_edge *e, const char *value,
		  const char *point, int state)
{
	size_t i, j = 0, at = emit_derive_call_at(sc, k);
	const char *name, *args, *expect;
	char buf[512];

	if (at == sc->nsteps)
		return 1;
	snprintf(buf, sizeof(buf), "%s: edge %s=%s (%s%s%s)", sc->name, a->name, point,
		 e->when ? e->when : "", e->when ? ": " : "", pvabi_edge_is_name(e->is));
	name = emit_derive_keep(d, strdup(buf));
	args = emit_derive_keep(d, emit_derive_args(sc->steps[at].args, e->when, a->name, value));
	expect = emit_derive_keep(d, edge_expect(e, sc->steps[at].expect));
	if (d->oom)
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
			d->steps[j].args = args;
			d->steps[j].expect = expect;
		}
		j++;
	}
	emit_derive_finish(d, sc, j, name, &e->life);
	return 0;
}

/* The scenarios of edge e of argument a of op k, highest point first. */
static int edge_scens(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		      const struct pvabi_op **ops, size_t nops, int k, const struct pvabi_arg *a,
		      const struct pvabi_edge *e)
{
	const struct pvabi_scenario *sc = &g->spec->scenarios[e->observe_sc];
	unsigned int size = pvabi_prim_size(a->type.prim), pt;
	char value[32], point[48];
	struct emit_derived *d;
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
		if (!(d = emit_derive_new(sc->nsteps + 1)))
			return -1;
		r = derive(d, sc, k, a, e, value, point, st);
		if (r) {
			emit_derive_free(d);
			if (r > 0)
				continue;
			return -1;
		}
		if (emit_derive_add(t, sg, g, ops, nops, &sg->edge, d))
			return -1;
	}
	return 0;
}

int emit_edge_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops)
{
	const struct pvabi_spec *s = g->spec;
	size_t i, j, m;

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
