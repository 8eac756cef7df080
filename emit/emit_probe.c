/* Limit probes of a conformance image: for every argument that names a
 * declared limit, calls at the limit's edges (abi/limit.h), in every
 * revision up to the image's and for each grant that changes the limit
 * there, with the outcome the declaration implies. The argument count
 * is a limit of every op too: arity probes send one argument short and
 * one too many. Consecutive revisions that probe alike share one entry;
 * base calls share the vectors' argument pool. */
#include "emit/emit_ctable.h"
#include "abi/limit.h"

#include <stdlib.h>
#include <string.h>

/* The buffer argument whose element count is arg i, with its element
 * size and fill; fill_slot -1 when there is none. */
static void fill_of(const struct pvabi_gen *g, const struct pvabi_op *op, int rev, int i,
		    const size_t *slots, struct pentry *p)
{
	size_t j, al;

	p->fill_slot = -1;
	for (j = 0; j < op->nargs; j++) {
		const struct pvabi_arg *a = &op->args[j];

		if (a->dir == PVABI_BY_VALUE || a->count_arg != i || !pvabi_life_has(&a->life, rev))
			continue;
		p->fill_slot = (int)slots[j];
		if (a->type.kind == PVABI_T_STRUCT) {
			p->fill_elem = (unsigned int)pvabi_struct_layout(g->spec, a->type.index, rev,
									 NULL, &al);
			p->fill_byte = 0xff; /* a request of all ones fails its first check */
		} else {
			p->fill_elem = pvabi_prim_size(a->type.prim);
			p->fill_byte = p->fill_elem == 1 ? '.' : 0xff; /* text stays text */
		}
	}
}

/* 1 when every grant probes value alike: then one probe serves all. */
static int grant_free(const struct pvabi_limit_probe (*pr)[PVABI_LIMIT_MAX_PROBES],
		      const size_t *np, size_t nw, const struct pvabi_limit_probe *x)
{
	size_t w, k;

	for (w = 0; w < nw; w++) {
		for (k = 0; k < np[w] && pr[w][k].value != x->value; k++)
			;
		if (k == np[w] || pr[w][k].refused != x->refused || pr[w][k].error != x->error)
			return 0;
	}
	return 1;
}

/* The limit arg a names: limit= (the dispatch's) or handler-limit= (the
 * op's own check, which leaves the argument's default alone); -1. */
static int arg_limit(const struct pvabi_spec *s, const struct pvabi_arg *a)
{
	if (pvabi_arg_limit(s, a))
		return a->limit;
	return a->handler_limit > 0 && (size_t)a->handler_limit <= s->nlimits ? a->handler_limit - 1
									    : -1;
}

/* A platform limit's own value is the platform's to choose below the
 * declared one, so no fixed probe can find an off-by-one in it: the
 * image bisects between min (always allowed) and the declared value
 * (refused) for the lowest value refused, in every argument the limit
 * bounds, and each must find the same (guest/rt/suite.c). */
static int discover_probe(const struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
			  struct pentry *p, int rev, uint64_t fm, const uint64_t *want, size_t nw)
{
	const struct pvabi_limit *l = &g->spec->limits[p->limit];
	size_t w;

	if (!l->platform || l->kind != PVABI_LIMIT_COUNT)
		return 0;
	for (w = 0; w < nw; w++) {
		p->fmask = nw > 1 ? fm : 0;
		p->fwant = nw > 1 ? want[w] : 0;
		p->value = pvabi_limit_value(g->spec, p->limit, rev, want[w]);
		p->lo = l->min;
		p->refused = 2;
		p->error = l->error;
		if (p->value <= p->lo + 1)
			continue;
		if (emit_probe_add(t, pe, p))
			return -1;
		/* and read again at the end of the run, after vCPU 1 ran and
		 * the tables were filled: the same boundary, above every vCPU
		 * the guest saw run when the limit counts them */
		p->refused = 8;
		p->lowest = l->counts_vcpus;
		if (emit_probe_add(t, pe, p))
			return -1;
		p->lowest = 0;
	}
	p->lo = 0;
	return 0;
}

/* The probes of arg i of op in rev under each grant that matters; a
 * probe every grant shares (min's edge, usually) is made once. */
static int arg_probes(const struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		      struct pentry *p, int rev, const size_t *slots)
{
	const struct pvabi_arg *a = &p->op->args[p->argi];
	struct pvabi_limit_probe pr[65][PVABI_LIMIT_MAX_PROBES];
	int li = arg_limit(g->spec, a);
	uint64_t fm = pvabi_limit_features(g->spec, li, rev), want[65];
	size_t w, k, np[65], nw = emit_probe_grants(fm, want);

	p->slot = slots[p->argi];
	p->limit = li;
	fill_of(g, p->op, rev, p->argi, slots, p);
	for (w = 0; w < nw; w++)
		np[w] = pvabi_limit_probes(g->spec, li, pvabi_limit_value(g->spec, li, rev, want[w]),
					   a->type.prim, pr[w]);
	for (w = 0; w < nw; w++)
		for (k = 0; k < np[w]; k++) {
			int common = grant_free((const struct pvabi_limit_probe (*)[PVABI_LIMIT_MAX_PROBES])pr,
						np, nw, &pr[w][k]);

			if (common && w > 0)
				continue; /* made with the first grant */
			if (a->handler_limit && a->has_default &&
			    pr[w][k].value == (uint64_t)a->default_value)
				continue; /* the default is the op's own exception */
			p->fmask = common ? 0 : fm;
			p->fwant = common ? 0 : want[w];
			p->value = pr[w][k].value;
			p->refused = pr[w][k].refused;
			p->error = pr[w][k].error;
			if (emit_probe_add(t, pe, p))
				return -1;
		}
	return discover_probe(t, pe, g, p, rev, fm, want, nw);
}

/* The frame's argument count must be exactly the op's in the negotiated
 * revision (EINVAL otherwise, the dispatch's check before any of the
 * op's own): one short and one too many. A platform that takes a
 * missing argument from a stale slot, or a compat default for a
 * revision that has the argument, answers something else. The
 * transport zeroes the slots past the count, so the short call holds a
 * 0 where the argument was: what a guessing platform would accept. */
static int arity_probes(const struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
			struct pentry *p, size_t nargs)
{
	int einval = pvabi_spec_error(g->spec, "EINVAL");

	if (einval < 0)
		return 0; /* the dispatch's error is EINVAL; an ABI without it has none */
	p->argi = -1;
	p->slot = EMIT_PROBE_ARITY;
	p->fill_slot = -1;
	p->fmask = p->fwant = 0;
	p->refused = 1;
	p->error = einval;
	p->value = nargs - 1;
	if (nargs > 0 && emit_probe_add(t, pe, p))
		return -1;
	p->value = nargs + 1;
	return nargs < PVABI_MAX_ARGS ? emit_probe_add(t, pe, p) : 0;
}

static int op_probes(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		     const struct pvabi_op *op, size_t opi, int rev, long *last, size_t free_op1,
		     const struct pvabi_op **ops, size_t nops)
{
	size_t slots[PVABI_MAX_ARGS] = { 0 }, i;
	uint64_t vals[PVABI_MAX_ARGS] = { 0 };
	struct pentry p;
	struct centry e;
	int nlim = emit_probe_base(&e, g, op, rev, NULL, slots, vals);

	if (nlim < 0) {
		free(e.args.p);
		return nlim;
	}
	if (*last >= 0 && !strcmp(sb_str(&t->e[*last].args), sb_str(&e.args)))
		free(e.args.p);
	else if ((*last = ctable_push(t, &e)) < 0)
		return -1;
	memset(&p, 0, sizeof(p));
	p.base = (size_t)*last;
	p.opi = opi;
	p.op = op;
	p.since = rev;
	p.until = rev + 1;
	if (arity_probes(t, pe, g, &p, t->e[*last].nargs))
		return -1;
	for (i = 0; i < op->nargs; i++) {
		if (!pvabi_life_has(&op->args[i].life, rev) || arg_limit(g->spec, &op->args[i]) < 0)
			continue;
		p.argi = (int)i;
		if (arg_probes(t, pe, g, &p, rev, slots))
			return -1;
	}
	if (emit_probe_bits(t, pe, &p, rev, slots, vals))
		return -1;
	if (emit_probe_edges(t, pe, g, &p, rev, ops, nops))
		return -1;
	return op->ret_limit > 0 ? emit_probe_handles(t, pe, g, &p, rev, free_op1, ops, nops, slots) : 0;
}

int emit_probe_collect(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		       const struct pvabi_op **ops, size_t nops)
{
	size_t i, opi = 0;
	int r;

	for (i = 0; i < nops; i++) {
		long last = -1;
		int fb = ops[i]->ret_freed_by;
		size_t free_op1 = fb > 0 ? emit_known_index(g, ops, nops, fb - 1) + 1 : 0;

		if (!emit_known(g, ops[i]))
			continue;
		for (r = 0; r <= g->rev; r++)
			if (pvabi_life_has(&ops[i]->life, r) &&
			    op_probes(t, pe, g, ops[i], opi, r, &last, free_op1, ops, nops)) {
				pvabi_diag_add(g->d, "GEN_UNSUPPORTED", ops[i]->loc.file,
					       ops[i]->loc.line,
					       "limit probes of op %s do not fit the conformance tables",
					       ops[i]->name);
				return -1;
			}
		opi++;
	}
	return 0;
}

/* "limit ports: port=1024 -> error=ERANGE (with evtchn_fifo)",
 * "arity: 1 argument of 2 -> error=EINVAL" */
static void probe_name(struct sbuf *b, const struct ctable *t, const struct pvabi_gen *g,
		       const struct pentry *p)
{
	const struct pvabi_spec *s = g->spec;
	const struct pvabi_arg *a = &p->op->args[p->argi < 0 ? 0 : p->argi];

	if (p->refused == 3) {
		sb_add(b, "limit %s: filled to at most %llu handles, each in %llu..%llu, then error=%s",
		       s->limits[p->limit].name, (unsigned long long)(p->value - p->lo),
		       (unsigned long long)p->lo, (unsigned long long)(p->value - 1),
		       s->errors[p->error].name);
		if (p->free_op1)
			sb_add(b, ", freed and filled again%s", p->lowest ? " lowest first" : "");
		emit_probe_grant_name(b, g, p);
		return;
	}
	if (p->refused == 7) {
		emit_probe_full_name(b, g, p);
		return;
	}
	if (p->refused == 9) {
		emit_fixed_name(b, g, p);
		return;
	}
	if (p->refused == 6 && p->addr) {
		emit_probe_addr_name(b, g, p);
		return;
	}
	if (p->refused == 6 && p->cross) {
		emit_probe_span_name(b, g, p);
		return;
	}
	if (p->refused == 6) {
		emit_probe_edge_name(b, g, p);
		return;
	}
	if (p->refused == 4 || p->refused == 5) {
		emit_probe_life_name(b, g, p);
		return;
	}
	if (p->refused == 2) {
		sb_add(b, "limit %s: %s=%llu..%llu refused from the platform's value, the same for every argument it bounds",
		       s->limits[p->limit].name, a->name, (unsigned long long)p->lo,
		       (unsigned long long)p->value);
		return;
	}
	if (p->refused == 8) {
		sb_add(b, "limit %s: %s refused from the same value at the end of the run%s",
		       s->limits[p->limit].name, a->name,
		       p->lowest ? ", above every vCPU the guest ran" : "");
		return;
	}
	if (p->argi < 0) {
		sb_add(b, "arity: %llu argument%s of %zu -> error=%s", (unsigned long long)p->value,
		       p->value == 1 ? "" : "s", t->e[p->base].nargs, s->errors[p->error].name);
		return;
	}
	sb_add(b, "limit %s: %s=%llu -> %serror=%s", s->limits[p->limit].name, a->name,
	       (unsigned long long)p->value, p->refused ? "" : "no ", s->errors[p->error].name);
	emit_probe_grant_name(b, g, p);
}

void emit_probe_print(FILE *f, const struct ctable *t, const struct pentries *pe,
		      const struct pvabi_gen *g)
{
	char num[48];
	size_t i, nfull = 0;

	fputs("/* name, value, grant mask and wanted bits, error, op, revisions [since, until),\n"
	      " * args, fill element size, nargs, probed slot, refused, fill slot, fill byte,\n"
	      " * discovery's lowest allowed value, limit, freeing op, lowest first */\n"
	      "static const struct pvabi_cprobe probes[] = {\n", f);
	for (i = 0; i < pe->n; i++) {
		const struct pentry *p = &pe->p[i];
		struct sbuf name = { 0 }, q = { 0 };

		probe_name(&name, t, g, p);
		c_string(&q, sb_str(&name), name.n);
		fprintf(f, "\t{ %s, UINT64_C(0x%llx), UINT64_C(0x%llx), UINT64_C(0x%llx), %s, %zu, %d, "
			   "%d, %zu, %u, %zu, %zu, %d, %d, %u, UINT64_C(0x%llx), %d, %zu, %d },\n", sb_str(&q),
			(unsigned long long)(p->refused == 9 ? t->e[p->base].chkoff : p->value),
			(unsigned long long)p->fmask,
			(unsigned long long)p->fwant,
			emit_c_int64(num, sizeof(num), p->refused == 6 ? p->want :
				     p->refused == 5 || p->refused == 9 ? 0 :
				     g->spec->errors[p->error].value), p->opi,
			p->since, p->until, t->e[p->base].argoff,
			p->refused == 7 ? (unsigned int)nfull++ :
			p->refused == 9 ? (unsigned int)t->e[p->base].nchecks : p->fill_elem,
			t->e[p->base].nargs,
			p->slot, p->refused, p->fill_slot < 0 ? 0xff : p->fill_slot, p->fill_byte,
			(unsigned long long)p->lo, p->limit < 0 ? 0 : p->limit,
			p->free_op1 ? p->free_op1 - 1 : (size_t)0xffff, p->lowest);
		free(name.p);
		free(q.p);
	}
	if (!pe->n)
		fputs("\t{ 0 }\n", f);
	fprintf(f, "};\n\n#define NPROBES %zuu\n\n", pe->n);
	emit_probe_full_print(f, t, pe);
}
