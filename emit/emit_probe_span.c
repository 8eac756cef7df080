/* Probes where a formula of the arguments crosses a width (abi/span.h,
 * docs/spec-language.md#spans-across-widths). For each <span> of a
 * count argument alive in a revision: the op's probe base with the
 * base argument and the count at each pair the span derives, expecting
 * the span's error past the top and its expect up to it, computed in
 * exact arithmetic. For each count a limit bounds that counts a buffer:
 * the counts whose product with the element size crosses 2^31, 2^32,
 * 2^63 or 2^64, each refused by the limit before any element is read (a
 * check made on the byte size in 32 bits or signed lets them through).
 * Both run with the range-edge probes, as refused-6 probes without an
 * edge: the call must answer want. */
#include "emit/emit_ctable.h"
#include "abi/edge.h"
#include "abi/limit.h"
#include "abi/span.h"

#include <stdio.h>
#include <string.h>

#define SPAN_MAX 64

static int span_one(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		    struct pentry *q, int rev, const struct pvabi_span *sp)
{
	const struct pvabi_op *op = q->op;
	const struct pvabi_arg *b = &op->args[sp->base_arg];
	struct pvabi_span_probe pr[SPAN_MAX];
	size_t slots[PVABI_MAX_ARGS] = { 0 }, n, i;
	int64_t err = 0, ok = 0;
	struct pvabi_edge e;
	char mode[64];
	long base;

	if (!pvabi_life_has(&b->life, rev))
		return 0;
	memset(&e, 0, sizeof(e));
	e.is = PVABI_EDGE_REFUSED;
	e.error = sp->error;
	if (pvabi_edge_expect(g->spec, &e, &err) < 0)
		return -1;
	e.is = PVABI_EDGE_VALID;
	e.expect = sp->expect;
	if (pvabi_edge_expect(g->spec, &e, &ok) < 0)
		return -1;
	n = pvabi_span_probes(sp, pvabi_prim_size(op->args[q->argi].type.prim),
			      pvabi_prim_size(b->type.prim), pr, SPAN_MAX);
	for (i = 0; i < n; i++) {
		snprintf(mode, sizeof(mode), "%s=0x%llx", b->name, (unsigned long long)pr[i].base);
		base = emit_probe_mode_base(t, g, op, rev, mode, slots);
		if (base < 0)
			return -1;
		q->base = (size_t)base;
		q->slot = slots[q->argi];
		q->value = pr[i].count;
		q->want = pr[i].refused ? err : ok;
		q->span = sp;
		q->span_base = pr[i].base;
		q->cross = pr[i].cross;
		q->cross_sum = pr[i].sum;
		if (emit_probe_add(t, pe, q))
			return -1;
	}
	return 0;
}

int emit_probe_spans(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		     struct pentry *p, int rev)
{
	const struct pvabi_arg *a = &p->op->args[p->argi];
	struct pentry q = *p;
	size_t j;

	q.refused = 6;
	q.edge = NULL;
	q.free_op1 = 0;
	q.lowest = 0;
	q.fmask = q.fwant = 0;
	for (j = 0; j < a->nspans; j++)
		if (pvabi_life_has(&a->spans[j].life, rev) &&
		    span_one(t, pe, g, &q, rev, &a->spans[j]))
			return -1;
	return 0;
}

int emit_probe_span_counts(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
			   struct pentry *p, int rev)
{
	const struct pvabi_arg *a = &p->op->args[p->argi];
	struct pvabi_span_probe pr[SPAN_MAX];
	size_t slots[PVABI_MAX_ARGS] = { 0 }, n, i;
	uint64_t es = pvabi_span_elem_size(g->spec, p->op, rev, (size_t)p->argi);
	struct pentry q = *p;
	long base;

	if (!es || a->limit < 0)
		return 0;
	base = emit_probe_mode_base(t, g, p->op, rev, NULL, slots);
	if (base < 0)
		return -1;
	n = pvabi_span_count_probes(pvabi_limit_ceiling(g->spec, a->limit), es,
				    pvabi_prim_size(a->type.prim), pr, SPAN_MAX);
	q.refused = 6;
	q.edge = NULL;
	q.span = NULL;
	q.free_op1 = 0;
	q.lowest = 0;
	q.fmask = q.fwant = 0;
	q.fill_slot = -1;
	q.base = (size_t)base;
	q.slot = slots[p->argi];
	q.limit = a->limit;
	q.error = g->spec->limits[a->limit].error;
	q.want = g->spec->errors[q.error].value;
	q.span_base = es;
	for (i = 0; i < n; i++) {
		q.value = pr[i].count;
		q.cross = pr[i].cross;
		q.cross_sum = 0;
		if (emit_probe_add(t, pe, &q))
			return -1;
	}
	return 0;
}

/* "span npages * 4096 across 2^32: va=0xfffffff000000000
 * npages=0x100001 (va + npages * 4096 <= 2^64) -> error=EINVAL",
 * "span count * 24 across 2^32 (limit mmu_batch): count=0xaaaaaab -> error=E2BIG" */
void emit_probe_span_name(struct sbuf *b, const struct pvabi_gen *g, const struct pentry *p)
{
	const struct pvabi_arg *a = &p->op->args[p->argi];
	const struct pvabi_span *sp = p->span;

	if (!sp) {
		sb_add(b, "span %s * %llu across 2^%u (limit %s): %s=0x%llx -> error=%s", a->name,
		       (unsigned long long)p->span_base, p->cross, g->spec->limits[p->limit].name,
		       a->name, (unsigned long long)p->value, g->spec->errors[p->error].name);
		return;
	}
	if (p->cross_sum)
		sb_add(b, "span %s + %s * %llu across 2^%u: ", sp->base, a->name,
		       (unsigned long long)sp->unit, p->cross);
	else
		sb_add(b, "span %s * %llu across 2^%u: ", a->name, (unsigned long long)sp->unit,
		       p->cross);
	sb_add(b, "%s=0x%llx %s=0x%llx (%s + %s * %llu <= 2^%u) -> ", sp->base,
	       (unsigned long long)p->span_base, a->name, (unsigned long long)p->value, sp->base,
	       a->name, (unsigned long long)sp->unit, sp->top);
	if ((unsigned __int128)p->span_base + (unsigned __int128)p->value * sp->unit >
	    (unsigned __int128)1 << sp->top)
		sb_add(b, "error=%s", sp->error);
	else
		sb_add(b, "%s", sp->expect);
}
