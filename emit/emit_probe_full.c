/* What a refusal reached only in a state leaves behind, per value of
 * the refused argument (docs/spec-language.md#handle-tables). A handle
 * table filled to its limit (<ret limit= full=>) is a state a guest
 * reaches; there the op must refuse with its full error whatever the
 * other arguments say, and a refusal must leave nothing behind. Each
 * value of an argument that changes how the call is handled (every
 * value of an enum passed by value: a port's source) is refused once in
 * the full table; then, with freed-by=, one handle is freed and the op
 * must succeed with that value, its state read back where an op reports
 * a handle's state (an op taking the handle, with the limit, and a
 * struct it writes holding a field of the argument's enum: evtchn_status's
 * status.source), then freed and the table filled again. Nothing is
 * declared for it: the spec already says which values exist and where
 * a handle's state shows. */
#include "emit/emit_ctable.h"
#include "abi/layout.h"
#include "abi/limit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The out struct arg of op s that holds a field of enum ei, alive in
 * rev, with the field's offset and size; -1 when none. */
static int state_field(const struct pvabi_spec *sp, const struct pvabi_op *s, int rev, int ei,
		       long *off, unsigned int *size)
{
	long offs[64];
	size_t i, j, al;

	for (i = 0; i < s->nargs; i++) {
		const struct pvabi_arg *a = &s->args[i];
		const struct pvabi_struct *st;

		if (a->dir != PVABI_PTR_OUT || a->type.kind != PVABI_T_STRUCT ||
		    !pvabi_life_has(&a->life, rev))
			continue;
		st = &sp->structs[a->type.index];
		if (st->nfields > 64 || !pvabi_struct_layout(sp, a->type.index, rev, offs, &al))
			continue;
		for (j = 0; j < st->nfields; j++)
			if (st->fields[j].type.kind == PVABI_T_ENUM && st->fields[j].type.index == ei &&
			    st->fields[j].count == 1 && offs[j] != (long)PVABI_NONE) {
				*off = offs[j];
				*size = pvabi_prim_size(st->fields[j].type.prim);
				return (int)i;
			}
	}
	return -1;
}

/* The op that reads a handle of op's table back in rev: no feature, two
 * arguments alive, the handle (by value, the table's limit) and an out
 * struct with a field of enum ei. Its base call into t; 0 found, 1
 * none, -1 out of memory. */
static int state_reader(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op **ops,
			size_t nops, struct pentry *p, int rev, int ei)
{
	const struct pvabi_spec *sp = g->spec;
	size_t si, i, slots[PVABI_MAX_ARGS];
	uint64_t vals[PVABI_MAX_ARGS];
	struct centry e;
	long idx;

	for (si = 0; si < sp->nops; si++) {
		const struct pvabi_op *s = &sp->ops[si];
		int h = -1, o, n = 0;

		if (s == p->op || s->feature != PVABI_NONE || !emit_known(g, s) || !pvabi_life_has(&s->life, rev))
			continue;
		for (i = 0; i < s->nargs; i++) {
			if (!pvabi_life_has(&s->args[i].life, rev))
				continue;
			n++;
			if (s->args[i].dir == PVABI_BY_VALUE && s->args[i].limit == p->limit)
				h = (int)i;
		}
		o = state_field(sp, s, rev, ei, &p->check_off, &p->check_size);
		if (n != 2 || h < 0 || o < 0)
			continue;
		if (emit_probe_base(&e, g, s, rev, NULL, slots, vals) < 0 || (idx = ctable_push(t, &e)) < 0)
			return -1;
		p->check_base = (size_t)idx;
		p->check_op1 = emit_known_index(g, ops, nops, (int)si) + 1;
		p->check_slot = (int)slots[h];
		p->check_out = (int)slots[o];
		p->check_field = (int)si;
		return 0;
	}
	return 1;
}

/* 1 when step st calls op k expecting success with arg ai = v. */
static int allocates(const struct pvabi_spec *sp, const struct pvabi_step *st, int k, size_t ai,
		     uint64_t v, int rev)
{
	struct pvabi_vec_arg given[PVABI_MAX_ARGS];
	int have[PVABI_MAX_ARGS] = { 0 };
	char err[160];

	memset(given, 0, sizeof(given));
	if (st->kind != PVABI_STEP_CALL || st->op != k || !st->expect ||
	    !strncmp(st->expect, "error=", 6))
		return 0;
	if (!st->args || pvabi_vec_parse_some(sp, &sp->ops[k], st->args, rev, given, have, err,
					       sizeof(err)))
		return -1; /* its only allocation is not known to be v */
	return have[ai] && given[ai].kind == PVABI_VA_VALUE && given[ai].value == v ? 1 : -1;
}

/* 1 when step st names a handle of the table (an argument with limit
 * li) by a number in [lo, hi): a scenario that does assumes which
 * handles are free (a refused vector's port 1000), which a full table
 * is not. */
static int names_handle(const struct pvabi_spec *sp, const struct pvabi_step *st, int li,
			uint64_t lo, uint64_t hi)
{
	const struct pvabi_op *op;
	const char *p;
	char *e;
	size_t i, n, k;
	uint64_t v;

	if (st->kind != PVABI_STEP_CALL || st->op < 0 || !st->args)
		return 0;
	op = &sp->ops[st->op];
	for (p = st->args; *p; p += n) {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		k = strcspn(p, "=");
		for (i = 0; i < op->nargs && k < n; i++) {
			if (op->args[i].limit != li || strlen(op->args[i].name) != k ||
			    strncmp(op->args[i].name, p, k) || p[k + 1] == '$')
				continue;
			v = strtoull(p + k + 1, &e, 0);
			if (e != p + n || (v >= lo && v < hi))
				return 1; /* a number in the table, or not known not to be */
		}
	}
	return 0;
}

/* 1 when scenario sc, in rev, allocates value v of arg ai of op k
 * once (its one successful call of the op), from vCPU 0 only, naming no
 * handle of limit li in [lo, hi) by number. */
static int observes(const struct pvabi_spec *sp, const struct pvabi_scenario *sc, int k,
		    size_t ai, uint64_t v, int li, uint64_t lo, uint64_t hi, int rev)
{
	size_t j;
	int n = 0, a;

	for (j = 0; j < sc->nsteps; j++) {
		if (sc->steps[j].vcpu != 0 || names_handle(sp, &sc->steps[j], li, lo, hi))
			return 0;
		a = allocates(sp, &sc->steps[j], k, ai, v, rev);
		if (a < 0)
			return 0;
		n += a;
	}
	return n == 1;
}

/* The hidden group of rev whose scenario observes value v of arg ai in
 * fill's table: 1 + its index in pe->sg, or 0. */
static size_t observer(const struct pentries *pe, const struct pvabi_spec *sp,
		       const struct pentry *fill, size_t ai, uint64_t v, int rev)
{
	size_t i;

	for (i = 0; pe->sg && i < pe->sg->n; i++) {
		const struct sgroup *gr = &pe->sg->g[i];

		if (gr->hidden && rev >= gr->since && rev < gr->until &&
		    observes(sp, gr->sc, (int)(fill->op - sp->ops), ai, v, fill->limit, fill->lo,
			     fill->value, rev))
			return i + 1;
	}
	return 0;
}

/* Marks in chosen the first scenario alive in rev that observes value
 * v of arg ai of op k (limit li), if any; one chosen for an earlier
 * revision first, so that one scenario serves as many revisions as it
 * can (each is emitted once more into every image). */
static void choose(const struct pvabi_spec *sp, int k, size_t ai, uint64_t v, int li, int rev,
		   unsigned char *chosen)
{
	const struct pvabi_limit *l = &sp->limits[li];
	size_t i;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < sp->nscenarios; i++)
			if ((pass || chosen[i]) && pvabi_life_has(&sp->scenarios[i].life, rev) &&
			    observes(sp, &sp->scenarios[i], k, ai, v, li, l->min,
				     pvabi_limit_value(sp, li, rev, 0), rev)) {
				chosen[i] = 1;
				return;
			}
}

int emit_probe_full_observers(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			      const struct pvabi_op **ops, size_t nops)
{
	const struct pvabi_spec *sp = g->spec;
	unsigned char *chosen = calloc(sp->nscenarios + 1, 1);
	size_t i, j, m, n0;
	int r, rc = 0;

	if (!chosen)
		return -1;
	for (i = 0; i < sp->nops; i++) {
		const struct pvabi_op *op = &sp->ops[i];

		if (op->ret_limit <= 0 || op->ret_freed_by <= 0 || !emit_known(g, op))
			continue;
		for (j = 0; j < op->nargs; j++) {
			const struct pvabi_arg *a = &op->args[j];

			if (a->dir != PVABI_BY_VALUE || a->type.kind != PVABI_T_ENUM)
				continue;
			for (m = 0; m < sp->enums[a->type.index].nvalues; m++)
				for (r = 0; r <= g->rev; r++)
					if (pvabi_life_has(&op->life, r))
						choose(sp, (int)i, j,
						       (uint64_t)sp->enums[a->type.index].values[m].value,
						       op->ret_limit - 1, r, chosen);
		}
	}
	for (i = 0; i < sp->nscenarios && !rc; i++) {
		if (!chosen[i])
			continue;
		n0 = sg->n;
		rc = emit_scen_collect_one(t, sg, g, ops, nops, &sp->scenarios[i], NULL);
		for (; n0 < sg->n; n0++)
			sg->g[n0].hidden = 1;
	}
	free(chosen);
	return rc;
}

/* After the fill entry p (refused 3) of rev: one entry (refused 7) per
 * value of each enum argument passed by value, alive in rev. */
int emit_probe_full(struct ctable *t, struct pentries *pe, const struct pvabi_gen *g,
		    const struct pvabi_op **ops, size_t nops, const struct pentry *fill, int rev,
		    const size_t *slots)
{
	const struct pvabi_spec *sp = g->spec;
	struct pentry p = *fill;
	size_t i, j;
	int r;

	for (i = 0; i < fill->op->nargs; i++) {
		const struct pvabi_arg *a = &fill->op->args[i];
		const struct pvabi_enum *en;

		if (a->dir != PVABI_BY_VALUE || a->type.kind != PVABI_T_ENUM ||
		    !pvabi_life_has(&a->life, rev))
			continue;
		en = &sp->enums[a->type.index];
		p.argi = (int)i;
		p.slot = slots[i];
		p.refused = 7;
		p.check_op1 = 0;
		if (fill->free_op1 && (r = state_reader(t, g, ops, nops, &p, rev, a->type.index)) < 0)
			return -1;
		for (j = 0; j < en->nvalues; j++) {
			if (!pvabi_life_has(&en->values[j].life, rev))
				continue;
			p.value = (uint64_t)en->values[j].value;
			p.gbit = j;
			p.scen1 = fill->free_op1 ? observer(pe, sp, fill, i, p.value, rev) : 0;
			if (emit_probe_add(t, pe, &p))
				return -1;
		}
	}
	return 0;
}

/* "limit ports: full, source=timer -> error=ENOSPC, then in a freed
 * handle": short, as every byte of the images counts; the TAP detail of
 * each step says the rest (the free, the handle, the state read back,
 * the scenario by name). */
void emit_probe_full_name(struct sbuf *b, const struct pvabi_gen *g, const struct pentry *p)
{
	const struct pvabi_spec *sp = g->spec;
	const struct pvabi_arg *a = &p->op->args[p->argi];
	const struct pvabi_enum *en = &sp->enums[a->type.index];

	sb_add(b, "limit %s: full, %s=%s -> error=%s%s", sp->limits[p->limit].name, a->name,
	       en->values[p->gbit].name, sp->errors[p->error].name,
	       p->free_op1 ? ", then in a freed handle" : "");
	emit_probe_grant_name(b, g, p);
}

/* The full-table probes' table (guest/rt/conformance.h, pvabi_cfulls):
 * entry k for the k-th probe of refused 7, in the probes' order. */
void emit_probe_full_print(FILE *f, const struct ctable *t, const struct pentries *pe)
{
	size_t i, n = 0;

	fputs("/* full-table probes: state reader op, args, nargs, handle slot, out slot,\n"
	      " * field size, offset; observing scenario */\n"
	      "const struct pvabi_cfull pvabi_cfulls[] = {\n", f);
	for (i = 0; i < pe->n; i++) {
		const struct pentry *p = &pe->p[i];

		if (p->refused != 7)
			continue;
		n++;
		fprintf(f, "\t{ %zu, %zu, %zu, %d, %d, %u, %ld, %zu },\n",
			p->check_op1 ? p->check_op1 - 1 : (size_t)0xffff,
			p->check_op1 ? t->e[p->check_base].argoff : 0,
			p->check_op1 ? t->e[p->check_base].nargs : 0, p->check_op1 ? p->check_slot : 0,
			p->check_op1 ? p->check_out : 0, p->check_op1 ? p->check_size : 0,
			p->check_op1 ? p->check_off : 0L, p->scen1 ? p->scen1 - 1 : (size_t)0xffff);
	}
	if (!n)
		fputs("\t{ 0xffff, 0, 0, 0, 0, 0, 0, 0xffff }\n", f);
	fprintf(f, "};\nconst uint32_t pvabi_ncfulls = %zuu;\n\n", n);
}
