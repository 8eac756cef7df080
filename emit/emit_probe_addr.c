/* Probes of an address argument at each boundary of the forms the
 * hardware restricts and the doc does not adopt (<addr>, abi/addr.h,
 * docs/spec-language.md#address-arguments): the op's probe base with
 * the declaration's mode and the address at each side of each boundary
 * of its form, expecting what a plain address answers; and where a
 * span adds a count of the op to the address (flush_tlb_range's va +
 * npages * 4096), a range from one unit below each boundary that
 * crosses it by one unit, judged by the span. A platform that applies
 * an instruction's rule (INVPCID's canonical check, a MAXPHYADDR) where
 * the doc makes none answers otherwise. Run with the range-edge probes,
 * as refused-6 probes without an edge. */
#include "emit/emit_ctable.h"
#include "abi/addr.h"
#include "abi/edge.h"
#include "abi/span.h"

#include <stdio.h>
#include <string.h>

#define ADDR_MAX 16

/* The answer a declaration's expect= or a span's names, into want. */
static int answer(const struct pvabi_gen *g, const char *expect, const char *error, int64_t *want)
{
	struct pvabi_edge e;

	memset(&e, 0, sizeof(e));
	e.is = error ? PVABI_EDGE_REFUSED : PVABI_EDGE_VALID;
	e.expect = expect;
	e.error = error;
	return pvabi_edge_expect(g->spec, &e, want) < 0 ? -1 : 0;
}

/* The ranges of span sp (on argument ci) that start one unit of the
 * address's alignment below each boundary and cross it. */
static int addr_cross(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		      struct pentry *q, int rev, size_t ci, const struct pvabi_addr_probe *pr,
		      size_t n)
{
	const struct pvabi_span *sp = q->span;
	const struct pvabi_arg *b = &q->op->args[sp->base_arg];
	size_t slots[PVABI_MAX_ARGS] = { 0 }, i;
	int64_t ok, err;
	char mode[64];
	long base;

	if (answer(g, sp->expect, NULL, &ok) || answer(g, NULL, sp->error, &err))
		return -1;
	q->argi = (int)ci;
	q->value = q->addr->align / sp->unit + 1; /* count * unit > align */
	for (i = 0; i < n; i++) {
		if (pr[i].value == pr[i].bound)
			continue; /* the side below: [bound - align, ...) crosses bound */
		snprintf(mode, sizeof(mode), "%s=0x%llx", b->name, (unsigned long long)pr[i].value);
		base = emit_probe_mode_base(t, g, q->op, rev, mode, slots);
		if (base < 0)
			return -1;
		q->base = (size_t)base;
		q->slot = slots[ci];
		q->span_base = pr[i].value;
		q->addr_bound = pr[i].bound;
		q->want = (unsigned __int128)pr[i].value + (unsigned __int128)q->value * sp->unit >
					  (unsigned __int128)1 << sp->top ? err : ok;
		if (emit_probe_add(t, pe, q))
			return -1;
	}
	return 0;
}

static int addr_one(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		    struct pentry *q, int rev, const struct pvabi_addr *ad)
{
	const struct pvabi_op *op = q->op;
	size_t ai = (size_t)q->argi, slots[PVABI_MAX_ARGS] = { 0 }, n, i, j, k;
	struct pvabi_addr_probe pr[ADDR_MAX];
	long base = emit_probe_mode_base(t, g, op, rev, ad->when, slots);

	if (base < 0 || answer(g, ad->expect, NULL, &q->want))
		return -1;
	q->addr = ad;
	q->span = NULL;
	q->base = (size_t)base;
	q->slot = slots[ai];
	n = pvabi_addr_probes(ad, pvabi_prim_size(op->args[ai].type.prim), pr, ADDR_MAX);
	for (i = 0; i < n; i++) {
		q->value = pr[i].value;
		q->addr_bound = pr[i].bound;
		if (emit_probe_add(t, pe, q))
			return -1;
	}
	for (j = 0; j < op->nargs; j++)
		for (k = 0; k < op->args[j].nspans; k++) {
			q->span = &op->args[j].spans[k];
			if (q->span->base_arg == (int)ai && pvabi_life_has(&op->args[j].life, rev) &&
			    pvabi_life_has(&q->span->life, rev) &&
			    addr_cross(t, pe, g, q, rev, j, pr, n))
				return -1;
		}
	return 0;
}

int emit_probe_addrs(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		     struct pentry *p, int rev)
{
	const struct pvabi_arg *a = &p->op->args[p->argi];
	struct pentry q;
	size_t j;

	for (j = 0; j < a->naddrs; j++) {
		if (!pvabi_life_has(&a->addrs[j].life, rev))
			continue;
		q = *p;
		q.refused = 6;
		q.edge = NULL;
		q.free_op1 = 0;
		q.lowest = 0;
		q.cross = 0;
		q.cross_sum = 0;
		q.fmask = q.fwant = 0;
		if (addr_one(t, pe, g, &q, rev, &a->addrs[j]))
			return -1;
	}
	return 0;
}

/* "addr va=0x0000800000000000 (virtual, 2^47; npages=1) -> ret=0",
 * "addr va + npages * 4096 across 2^47: va=0x7ffffffff000 npages=0x2 -> ret=0" */
void emit_probe_addr_name(struct sbuf *b, const struct pvabi_gen *g, const struct pentry *p)
{
	const struct pvabi_addr *ad = p->addr;
	const struct pvabi_arg *a = &p->op->args[p->argi];
	const struct pvabi_span *sp = p->span;
	char bn[32];

	pvabi_addr_bound_name(p->addr_bound, bn, sizeof(bn));
	if (sp) {
		sb_add(b, "addr %s + %s * %llu across %s (%s): %s=0x%llx %s=0x%llx -> ", sp->base,
		       a->name, (unsigned long long)sp->unit, bn, pvabi_addr_form_name(ad->form),
		       sp->base, (unsigned long long)p->span_base, a->name,
		       (unsigned long long)p->value);
		if ((unsigned __int128)p->span_base + (unsigned __int128)p->value * sp->unit >
		    (unsigned __int128)1 << sp->top)
			sb_add(b, "error=%s", sp->error);
		else
			sb_add(b, "%s", sp->expect);
		return;
	}
	(void)g;
	sb_add(b, "addr %s=0x%016llx (%s, %s %s%s%s) -> %s", a->name, (unsigned long long)p->value,
	       pvabi_addr_form_name(ad->form), p->value == p->addr_bound ? "at" : "below", bn,
	       ad->when ? "; " : "", ad->when ? ad->when : "", ad->expect);
}
