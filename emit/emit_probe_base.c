/* What every probe emitter of a conformance image builds on: the base
 * call of an op (its probe base, the mode's arguments, neutral values
 * for the rest), shared by the probes of one mode; the list of probes,
 * consecutive revisions that probe alike in one entry; the grants that
 * change a limit, and a probe's grant in its name. Below the limit
 * probes (emit_probe.c) and each class of probe they collect
 * (emit_probe_*.c, emit_fixed.c), and calling none of them. */
#include "emit/emit_ctable.h"
#include "abi/limit.h"

#include <stdlib.h>
#include <string.h>

/* The lowest value of an enum in rev: valid, and the same every run. */
static uint64_t enum_lowest(const struct pvabi_spec *s, int ei, int rev)
{
	const struct pvabi_enum *e = &s->enums[ei];
	int64_t lo = 0;
	size_t i;
	int any = 0;

	for (i = 0; i < e->nvalues; i++)
		if (pvabi_life_has(&e->values[i].life, rev) && (!any || e->values[i].value < lo)) {
			lo = e->values[i].value;
			any = 1;
		}
	return (uint64_t)lo;
}

static void neutral(const struct pvabi_spec *s, const struct pvabi_arg *a, int rev,
		    struct pvabi_vec_arg *va)
{
	memset(va, 0, sizeof(*va));
	va->kind = PVABI_VA_VALUE;
	if (a->dir == PVABI_PTR_IN)
		va->kind = PVABI_VA_BYTES;
	else if (a->dir != PVABI_BY_VALUE)
		va->kind = PVABI_VA_SCRATCH;
	else if (pvabi_arg_limit(s, a))
		va->value = pvabi_arg_limit(s, a)->min;
	else if (a->type.kind == PVABI_T_ENUM)
		va->value = enum_lowest(s, a->type.index, rev);
	else if (a->has_default)
		va->value = (uint64_t)a->default_value;
}

/* The mode's arguments over given/have (a probe base may name them). */
static int mode_args(const struct pvabi_gen *g, const struct pvabi_op *op, int rev,
		     const char *mode, struct pvabi_vec_arg *given, int *have)
{
	struct pvabi_vec_arg m[PVABI_MAX_ARGS];
	int mh[PVABI_MAX_ARGS] = { 0 };
	char err[256];
	size_t i;

	if (pvabi_vec_parse_some(g->spec, op, mode, rev, m, mh, err, sizeof(err)))
		return -1;
	for (i = 0; i < PVABI_MAX_ARGS; i++)
		if (mh[i]) {
			given[i] = m[i];
			have[i] = 1;
		}
	return 0;
}

int emit_probe_base(struct centry *e, const struct pvabi_gen *g, const struct pvabi_op *op,
		    int rev, const char *mode, size_t *slots, uint64_t *vals)
{
	struct pvabi_vec_arg given[PVABI_MAX_ARGS], va;
	int have[PVABI_MAX_ARGS] = { 0 }, nlim = 0;
	char err[256];
	size_t i;

	memset(e, 0, sizeof(*e));
	e->probe = 1;
	e->expect = "";
	if (op->probe_base && pvabi_vec_parse_some(g->spec, op, op->probe_base, rev, given, have,
						   err, sizeof(err))) {
		pvabi_diag_add(g->d, "PROBE_BASE_INVALID", op->probe_base_loc.file,
			       op->probe_base_loc.line, "%s", err);
		return -1;
	}
	/* the mode's arguments replace the probe base's (the loader
	 * resolved them in every revision of the edge) */
	if (mode && mode_args(g, op, rev, mode, given, have))
		return -1;
	for (i = 0; i < op->nargs; i++) {
		if (!pvabi_life_has(&op->args[i].life, rev))
			continue;
		if (have[i])
			va = given[i];
		else
			neutral(g->spec, &op->args[i], rev, &va);
		va.arg = (int)i;
		vals[i] = va.value;
		slots[i] = e->nargs++;
		/* one base serves probes of several errors: an output some
		 * refusal may write is judged after none */
		render_arg(&e->args, g, op, &va, rev, !op->args[i].written_on);
		nlim += pvabi_arg_limit(g->spec, &op->args[i]) != NULL;
	}
	return e->args.oom ? -1 : nlim;
}

static int same_probe(const struct ctable *t, const struct pentry *a, const struct pentry *b)
{
	return a->op == b->op && a->argi == b->argi && a->value == b->value && a->lo == b->lo &&
	       a->fmask == b->fmask && a->fwant == b->fwant && a->refused == b->refused &&
	       a->error == b->error && a->slot == b->slot && a->fill_slot == b->fill_slot &&
	       a->fill_elem == b->fill_elem && a->gbit == b->gbit && a->free_op1 == b->free_op1 && a->lowest == b->lowest &&
	       a->edge == b->edge && a->want == b->want && a->span == b->span &&
	       a->addr == b->addr && a->addr_bound == b->addr_bound && a->span_base == b->span_base &&
	       a->cross == b->cross && a->cross_sum == b->cross_sum && a->check_op1 == b->check_op1 && a->scen1 == b->scen1 &&
	       a->check_off == b->check_off && a->check_slot == b->check_slot &&
	       a->fixed == b->fixed && (a->refused != 9 || a->base == b->base) &&
	       (!a->check_op1 || !strcmp(sb_str(&t->e[a->check_base].args),
					 sb_str(&t->e[b->check_base].args))) &&
	       !strcmp(sb_str(&t->e[a->base].args), sb_str(&t->e[b->base].args));
}

int emit_probe_add(const struct ctable *t, struct pentries *pe, const struct pentry *p)
{
	size_t i;

	for (i = pe->n; i-- > 0;)
		if (pe->p[i].until == p->since && same_probe(t, &pe->p[i], p)) {
			pe->p[i].until = p->until;
			return 0;
		}
	if (pe->n == pe->cap) {
		size_t cap = pe->cap ? 2 * pe->cap : 32;
		struct pentry *q = realloc(pe->p, cap * sizeof(*q));

		if (!q)
			return -1;
		pe->p = q;
		pe->cap = cap;
	}
	pe->p[pe->n++] = *p;
	return 0;
}

/* The grants that change limit li in rev: none, then each feature of
 * fm alone. Returns how many (at most 65). */
size_t emit_probe_grants(uint64_t fm, uint64_t *want)
{
	size_t n = 0;
	int b;

	want[n++] = 0;
	for (b = 0; b < 64; b++)
		if ((fm >> b) & 1)
			want[n++] = UINT64_C(1) << b;
	return n;
}

/* The base call of the mode, shared with the last one pushed when
 * equal; its index, or -1. */
long emit_probe_mode_base(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op *op,
		      int rev, const char *mode, size_t *slots)
{
	uint64_t vals[PVABI_MAX_ARGS] = { 0 };
	struct centry e;
	long k;

	if (emit_probe_base(&e, g, op, rev, mode, slots, vals) < 0) {
		free(e.args.p);
		return -1;
	}
	for (k = (long)t->n; k-- > 0 && t->e[k].probe;)
		if (t->e[k].opi == e.opi && !strcmp(sb_str(&t->e[k].args), sb_str(&e.args))) {
			free(e.args.p);
			return k;
		}
	return ctable_push(t, &e);
}

void emit_probe_grant_name(struct sbuf *b, const struct pvabi_gen *g, const struct pentry *p)
{
	const struct pvabi_spec *s = g->spec;
	size_t i;

	for (i = 0; i < s->nfeatures; i++)
		if ((p->fmask >> s->features[i].bit) & 1)
			sb_add(b, " (%s %s)", (p->fwant >> s->features[i].bit) & 1 ? "with" : "without",
			       s->features[i].name);
}
