/* Probes derived from what the spec says of a value's life, not of its
 * range: the handles an op returns are filled to their limit, freed and
 * allocated again (<ret limit= full= freed-by= order=>), and the bits of
 * an argument that belong to the guest are set to patterns that must
 * not change the answer (<guest-bits>). docs/spec-language.md. */
#include "emit/emit_ctable.h"
#include "abi/limit.h"

/* An op whose results are handles counted by a limit: under each grant
 * that changes the limit, the image fills the table last in its run
 * (where the limit is at most PVABI_FILL_MAX) and, with a freeing op, frees
 * and fills it again; first in its run it cycles a few handles (any
 * size of table), so a limit kept by revision instead of grant, a
 * freed handle not handed back or an order not kept shows. */
int emit_probe_handles(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		       struct pentry *p, int rev, size_t free_op1, const struct pvabi_op **ops,
		       size_t nops, const size_t *slots)
{
	int li = p->op->ret_limit - 1;
	uint64_t fm = pvabi_limit_features(g->spec, li, rev), want[65];
	size_t w, nw = emit_probe_grants(fm, want);
	int rc = 0;

	p->argi = -1;
	p->slot = 0;
	p->fill_slot = -1;
	p->limit = li;
	p->error = p->op->ret_full;
	p->lo = g->spec->limits[li].min;
	p->free_op1 = free_op1;
	p->lowest = p->op->ret_lowest;
	for (w = 0; w < nw && !rc; w++) {
		p->fmask = nw > 1 ? fm : 0;
		p->fwant = nw > 1 ? want[w] : 0;
		p->value = pvabi_limit_value(g->spec, li, rev, want[w]);
		if (p->value <= p->lo)
			continue;
		p->refused = 3;
		if (p->value - p->lo <= PVABI_FILL_MAX)
			rc = emit_probe_add(t, pe, p) || emit_probe_full(t, pe, g, ops, nops, p, rev, slots);
		p->refused = 4;
		if (!rc && free_op1)
			rc = emit_probe_add(t, pe, p);
	}
	p->free_op1 = 0;
	p->lowest = 0;
	p->lo = 0;
	return rc;
}

/* For every argument's <guest-bits> alive in rev: the base call with
 * the declaration's condition met and its bits clear (lo), against the
 * same with them set to each pattern (value). */
int emit_probe_bits(const struct ctable *t, struct pentries *pe,
		    struct pentry *p, int rev, const size_t *slots, const uint64_t *vals)
{
	uint64_t v[PVABI_GUEST_BITS_PATTERNS + 1];
	size_t i, j, k, n;

	p->fill_slot = -1;
	p->fmask = p->fwant = 0;
	p->refused = 5;
	p->error = 0;
	p->limit = -1;
	for (i = 0; i < p->op->nargs; i++) {
		const struct pvabi_arg *a = &p->op->args[i];

		if (!pvabi_life_has(&a->life, rev))
			continue;
		for (j = 0; j < a->ngbits; j++) {
			if (!pvabi_life_has(&a->gbits[j].life, rev))
				continue;
			n = pvabi_guest_bits_values(&a->gbits[j], vals[i], v);
			p->argi = (int)i;
			p->slot = slots[i];
			p->lo = v[0];
			p->gbit = j;
			for (k = 1; k < n; k++) {
				p->value = v[k];
				if (emit_probe_add(t, pe, p))
					return -1;
			}
		}
	}
	p->lo = 0;
	p->gbit = 0;
	return 0;
}

/* "limit ports: handles freed and allocated again lowest first",
 * "guest bits of value (not 0x1): 0xfffffffffffffffe answered as 0x0" */
void emit_probe_life_name(struct sbuf *b, const struct pvabi_gen *g, const struct pentry *p)
{
	const struct pvabi_guest_bits *gb;

	if (p->refused == 4) {
		sb_add(b, "limit %s: handles allocated, freed and allocated again%s",
		       g->spec->limits[p->limit].name, p->lowest ? " lowest first" : "");
		emit_probe_grant_name(b, g, p);
		return;
	}
	gb = &p->op->args[p->argi].gbits[p->gbit];
	sb_add(b, "guest bits 0x%llx of %s", (unsigned long long)gb->mask, p->op->args[p->argi].name);
	if (gb->when_set)
		sb_add(b, " (0x%llx set)", (unsigned long long)gb->when_set);
	if (gb->when_clear)
		sb_add(b, " (0x%llx clear)", (unsigned long long)gb->when_clear);
	sb_add(b, ": %s=0x%llx answered as %s=0x%llx", p->op->args[p->argi].name,
	       (unsigned long long)p->value, p->op->args[p->argi].name, (unsigned long long)p->lo);
}
