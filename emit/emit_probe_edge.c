/* Range-edge probes of a conformance image (<edge>, abi/edge.h): for
 * every edge of an argument alive in a revision, the op's probe base
 * with the edge's mode set and the argument at each point the edge
 * speaks for, highest first (so an edge at 0, such as a cancel, comes
 * last and leaves nothing armed), expecting the declared answer; where
 * the platform adds its own state to the value, also at the first value
 * whose sum overflows, computed by the image from the state just read.
 * And for every argument a limit bounds (limit= or handler-limit=), the
 * type's top two values, which the limit refuses (but the argument's
 * default, an op's own exception): a check done in a narrower or signed
 * type lets them through. docs/spec-language.md#range-edges. */
#include "emit/emit_ctable.h"
#include "abi/edge.h"
#include "abi/limit.h"

#include <stdlib.h>
#include <string.h>

static int edge_probes(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		       struct pentry *q, int rev, const struct pvabi_edge *e,
		       const struct pvabi_op **ops, size_t nops)
{
	size_t slots[PVABI_MAX_ARGS] = { 0 };
	unsigned int size = pvabi_prim_size(q->op->args[q->argi].type.prim), pt;
	long base = emit_probe_mode_base(t, g, q->op, rev, e->when, slots);
	int64_t want = 0;
	int ign = pvabi_edge_expect(g->spec, e, &want);

	if (base < 0 || ign < 0)
		return -1;
	q->base = (size_t)base;
	q->slot = slots[q->argi];
	q->edge = e;
	q->want = want;
	q->lowest = ign == 1;
	q->free_op1 = 0;
	if (e->adds_op >= 0 && emit_known(g, &g->spec->ops[e->adds_op])) {
		q->free_op1 = emit_known_index(g, ops, nops, e->adds_op) + 1;
		q->value = pvabi_edge_value(PVABI_EDGE_MAX, size);
		if (emit_probe_add(t, pe, q))
			return -1;
		q->free_op1 = 0;
	}
	for (pt = PVABI_EDGE_MAX; pt; pt >>= 1) {
		if (!(e->at & pt))
			continue;
		q->value = pvabi_edge_value(pt, size);
		if (emit_probe_add(t, pe, q))
			return -1;
	}
	return 0;
}

/* The type's top two values of an argument a dispatch limit bounds,
 * above the limit's largest value: refused with the limit's error. */
static int limit_top(const struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		     struct pentry *q, const size_t *slots)
{
	const struct pvabi_arg *a = &q->op->args[q->argi];
	int li = a->limit >= 0 ? a->limit : a->handler_limit - 1;
	const struct pvabi_limit *l = &g->spec->limits[li];
	uint64_t ceil = pvabi_limit_ceiling(g->spec, li);
	unsigned int size = pvabi_prim_size(a->type.prim), pt;

	q->slot = slots[q->argi];
	q->limit = li;
	q->refused = 1;
	q->error = l->error;
	q->fmask = q->fwant = 0;
	for (pt = PVABI_EDGE_MAX1; pt <= PVABI_EDGE_MAX; pt <<= 1) {
		q->value = pvabi_edge_value(pt, size);
		/* the limit's own probes reach value + 1; a buffer it counts
		 * would need the whole type's worth of memory */
		if (a->limit < 0 && a->has_default && q->value == (uint64_t)a->default_value)
			continue; /* the op's own exception (yield: no target) */
		if (q->value > ceil + 1 && q->fill_slot < 0 && emit_probe_add(t, pe, q))
			return -1;
	}
	return 0;
}

int emit_probe_edges(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		     struct pentry *p, int rev, const struct pvabi_op **ops, size_t nops)
{
	size_t slots[PVABI_MAX_ARGS] = { 0 }, i, j;
	uint64_t vals[PVABI_MAX_ARGS] = { 0 };
	struct pentry q;
	struct centry e;

	if (emit_probe_base(&e, g, p->op, rev, NULL, slots, vals) < 0) {
		free(e.args.p);
		return -1;
	}
	free(e.args.p);
	for (i = 0; i < p->op->nargs; i++) {
		const struct pvabi_arg *a = &p->op->args[i];

		if (!pvabi_life_has(&a->life, rev))
			continue;
		q = *p;
		q.argi = (int)i;
		q.fill_slot = -1;
		q.limit = -1;
		q.gbit = 0;
		if (a->dir == PVABI_BY_VALUE && a->handler_limit > 0 &&
		    (size_t)a->handler_limit <= g->spec->nlimits && limit_top(t, pe, g, &q, slots))
			return -1;
		if (a->dir == PVABI_BY_VALUE && pvabi_arg_limit(g->spec, a)) {
			for (j = 0; j < p->op->nargs; j++)
				if (p->op->args[j].dir != PVABI_BY_VALUE &&
				    p->op->args[j].count_arg == (int)i)
					q.fill_slot = 0; /* counts a buffer: left to the limit */
			if (limit_top(t, pe, g, &q, slots) ||
			    (q.fill_slot == 0 && emit_probe_span_counts(t, pe, g, &q, rev)))
				return -1;
			continue;
		}
		q.refused = 6;
		q.fmask = q.fwant = 0;
		for (j = 0; j < a->nedges; j++)
			if (pvabi_life_has(&a->edges[j].life, rev) &&
			    edge_probes(t, pe, g, &q, rev, &a->edges[j], ops, nops))
				return -1;
		if (emit_probe_spans(t, pe, g, &q, rev) || emit_probe_addrs(t, pe, g, &q, rev))
			return -1;
	}
	return 0;
}

/* "edge deadline_ns=max-1 (flags=0x3: saturates) -> ret=0",
 * "edge deadline_ns=max - get_time + 1 (...)" */
void emit_probe_edge_name(struct sbuf *b, const struct pvabi_gen *g, const struct pentry *p)
{
	const struct pvabi_edge *e = p->edge;
	const struct pvabi_arg *a = &p->op->args[p->argi];
	unsigned int size = pvabi_prim_size(a->type.prim), pt;
	char buf[16];

	(void)g;
	for (pt = PVABI_EDGE_MIN; pt <= PVABI_EDGE_MAX; pt <<= 1)
		if (pvabi_edge_value(pt, size) == p->value) {
			sb_add(b, "edge %s=%s%s", a->name, pvabi_edge_points(pt, buf, sizeof(buf)),
			       p->free_op1 ? " - " : "");
			break;
		}
	if (p->free_op1)
		sb_add(b, "%s + 1", e->adds);
	sb_add(b, " (%s%s%s) -> ", e->when ? e->when : "", e->when ? ": " : "",
	       pvabi_edge_is_name(e->is));
	if (e->is == PVABI_EDGE_IGNORED)
		sb_add(b, "as %s=base", a->name);
	else if (e->is == PVABI_EDGE_REFUSED)
		sb_add(b, "error=%s", e->error);
	else
		sb_add(b, "%s", e->expect);
}
