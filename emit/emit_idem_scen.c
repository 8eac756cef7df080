/* A call that succeeded, repeated exactly, judged by the doc's answer
 * for the state it left (docs/checks.md). Every second call on a handle
 * that the spec's scenarios make differs from the first (a bind asking
 * for another vector), so a platform that answers an exact retry as a
 * harmless success where the doc refuses the state already in place
 * (evtchn_bind's EALREADY on a bound port) stays green, and a guest that
 * relies on the refusal (to find a double bind, a double close) is not
 * told.
 *
 * Derived, never listed: for each op on a handle (a by-value argument of
 * the limit an allocating op's <ret limit= freed-by=> hands out; no
 * feature; nothing written back), the answer the doc gives for the
 * state the op's success left is the spec's own: the expectation of a
 * later call of the same op on the same handle variable in a spec
 * scenario, after that op's successful call on it, with nothing binding
 * the variable again between them. A refusal counts when its error is
 * one no vector of the op gives (a vector runs in no state the image
 * built, so the error is the state's) or when the later call is already
 * the exact repeat; a success counts only as the exact repeat.
 *
 * For each such op and each value of the allocating op's kind argument
 * (less those the op refuses by <refused-kind>), one scenario: allocate,
 * make the op's first successful call (its arguments from the spec's
 * scenarios, the handle put in), read the handle's state back when an
 * op does that (every scalar field of its out struct bound), repeat the
 * call exactly and expect the spec's answer; after a refusal the state
 * read again must be the same, field by field; then free the handle. */
#include "emit/emit_kind.h"
#include "abi/limit.h"
#include "abi/vector.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fields of the state read back that are compared: with the handle, the
 * scenario's variables stay within PVABI_SCEN_MAX_VARS. */
#define IDEM_FIELDS (PVABI_SCEN_MAX_VARS - 1)

/* Op op on handles of al's table (limit li, freed by fr), probed in rev
 * with kind value v of al's argument by; again: the spec's answer to
 * the repeat; obs: the op that reads the state back (PVABI_NONE: none),
 * its out struct argument oa. */
struct idem_at {
	const struct pvabi_spec *s;
	int rev, al, fr, li, by, v, op, obs, oa;
	const char *again;
};

/* The value of the token name=VALUE in args into buf (n bytes): 1, or 0
 * when args has none or it does not fit. */
static int arg_value(const char *args, const char *name, char *buf, size_t n)
{
	size_t nn = strlen(name);
	const char *p = args;

	while (p && *p) {
		size_t k;

		p += strspn(p, " ");
		k = strcspn(p, " ");
		if (k > nn && !strncmp(p, name, nn) && p[nn] == '=') {
			if (k - nn - 1 >= n)
				return 0;
			snprintf(buf, n, "%.*s", (int)(k - nn - 1), p + nn + 1);
			return 1;
		}
		p += k;
	}
	return 0;
}

/* 1 when args holds the token name=value. */
static int has_arg(const char *args, const char *name, const char *value)
{
	char v[64];

	return arg_value(args, name, v, sizeof(v)) && !strcmp(v, value);
}

/* 1 when some vector of op expects error text e ("error=E"). */
static int vector_gives(const struct pvabi_op *op, const char *e)
{
	size_t i;

	for (i = 0; i < op->nvectors; i++)
		if (op->vectors[i].expect && !strcmp(op->vectors[i].expect, e))
			return 1;
	return 0;
}

/* 1 when step st binds variable var (NAME or NAME=...). */
static int rebinds(const struct pvabi_step *st, const char *var)
{
	size_t n = strlen(var);

	return st->bind && !strncmp(st->bind, var, n) && (!st->bind[n] || st->bind[n] == '=');
}

/* The expectation of the call after step b of sc that repeats op on b's
 * handle (the variable $var), when it is the state's answer; or NULL. */
static const char *answer_after(const struct pvabi_spec *s, const struct pvabi_scenario *sc,
				size_t b, const char *hname, const char *var)
{
	const struct pvabi_step *B = &sc->steps[b];
	size_t k;

	for (k = b + 1; k < sc->nsteps; k++) {
		const struct pvabi_step *A = &sc->steps[k];
		int same;

		if (rebinds(A, var + 1))
			return NULL;
		if (A->kind != PVABI_STEP_CALL || !A->expect || !A->args || !strstr(A->args, var))
			continue;
		if (A->op != B->op || !has_arg(A->args, hname, var)) {
			/* another call that succeeds on the handle may change
			 * its state (a refusal changes nothing, a read nothing) */
			if (strncmp(A->expect, "error=", 6) && !pvabi_op_writes_back(&s->ops[A->op]))
				return NULL;
			continue;
		}
		same = !strcmp(A->args ? A->args : "", B->args ? B->args : "");
		if (!strncmp(A->expect, "error=", 6))
			return same || !vector_gives(&s->ops[B->op], A->expect) ? A->expect : NULL;
		return same && !strcmp(A->expect, "ret=0") ? A->expect : NULL;
	}
	return NULL;
}

/* The spec's answer to op's exact repeat on a handle (argument h) in
 * rev, from its scenarios alive there (the first pair found), or NULL. */
static const char *answer(const struct pvabi_spec *s, int op, int h, int rev)
{
	const char *hname = s->ops[op].args[h].name;
	char var[64];
	size_t i, j;

	for (i = 0; i < s->nscenarios; i++) {
		const struct pvabi_scenario *sc = &s->scenarios[i];

		if (!pvabi_life_has(&sc->life, rev))
			continue;
		for (j = 0; j < sc->nsteps; j++) {
			const struct pvabi_step *B = &sc->steps[j];
			const char *a;

			if (B->kind != PVABI_STEP_CALL || B->op != op || B->vcpu || !B->expect ||
			    strcmp(B->expect, "ret=0") || !arg_value(B->args, hname, var, sizeof(var)) ||
			    var[0] != '$')
				continue;
			if ((a = answer_after(s, sc, j, hname, var)))
				return a;
		}
	}
	return NULL;
}

/* The op that reads a handle of limit li back in rev (no feature, two
 * arguments: the handle by value and an out struct), its out argument
 * in *oa; or PVABI_NONE. */
static int reader(const struct pvabi_spec *s, int li, int rev, int *oa)
{
	size_t i, j;

	for (i = 0; i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];
		int n = 0, h = -1, o = -1;

		if (op->feature != PVABI_NONE || !pvabi_life_has(&op->life, rev))
			continue;
		for (j = 0; j < op->nargs; j++) {
			if (!pvabi_life_has(&op->args[j].life, rev))
				continue;
			n++;
			if (op->args[j].dir == PVABI_BY_VALUE && op->args[j].limit == li)
				h = (int)j;
			else if (op->args[j].dir == PVABI_PTR_OUT &&
				 op->args[j].type.kind == PVABI_T_STRUCT)
				o = (int)j;
		}
		if (n == 2 && h >= 0 && o >= 0) {
			*oa = o;
			return (int)i;
		}
	}
	return PVABI_NONE;
}

/* 1 when op refuses handles of kind v by <refused-kind>. */
static int refuses_kind(const struct pvabi_op *op, int al, int v, int rev)
{
	size_t i, k, m;

	for (i = 0; i < op->nargs; i++)
		for (k = 0; k < op->args[i].nkinds; k++) {
			const struct pvabi_kind_refusal *r = &op->args[i].kinds[k];

			if (r->alloc_op != al || !pvabi_life_has(&r->life, rev))
				continue;
			for (m = 0; m < r->nvalues; m++)
				if (r->values[m] == v)
					return 1;
		}
	return 0;
}

/* A call of op from vCPU 0; the next step. */
static struct pvabi_step *call(struct pvabi_step *p, const struct idem_at *w, int op,
			       const char *args, const char *expect, const char *bind)
{
	return emit_derive_call(p, op, args, expect, bind, &w->s->ops[w->op].loc);
}

/* The reads of the state back, one scalar field bound each, into p; the
 * expectation that the same fields read again hold the same values, in
 * *same (kept by d; NULL when no field is read). */
static struct pvabi_step *read_state(struct emit_derived *d, struct pvabi_step *p,
				     const struct idem_at *w, const char *oargs, const char **same)
{
	const struct pvabi_arg *oa = &w->s->ops[w->obs].args[w->oa];
	const struct pvabi_struct *st = &w->s->structs[oa->type.index];
	char bind[96], exp[640] = "ret=0";
	size_t i, n = 0, len = strlen(exp);

	*same = NULL;
	for (i = 0; i < st->nfields && n < IDEM_FIELDS; i++) {
		const struct pvabi_field *f = &st->fields[i];

		if (!pvabi_life_has(&f->life, w->rev) || f->count != 1 ||
		    (f->type.kind != PVABI_T_PRIM && f->type.kind != PVABI_T_ENUM))
			continue;
		snprintf(bind, sizeof(bind), "f%zu=%s.%s", n, oa->name, f->name);
		p = call(p, w, w->obs, oargs, "ret=0", emit_derive_keep(d, strdup(bind)));
		len += (size_t)snprintf(exp + len, sizeof(exp) - len, " %s.%s=$f%zu", oa->name,
					f->name, n);
		if (len >= sizeof(exp))
			return NULL;
		n++;
	}
	if (n)
		*same = emit_derive_keep(d, strdup(exp));
	return p;
}

/* The steps; the next free one, or NULL when a string could not be kept. */
static struct pvabi_step *steps(struct emit_derived *d, const struct idem_at *w)
{
	const struct pvabi_spec *s = w->s;
	const struct pvabi_op *al = &s->ops[w->al];
	const char *t = emit_kind_template(s, w->al, w->rev), *aargs, *args, *same = NULL;
	const char *oargs = NULL;
	struct pvabi_step *p = d->steps;
	int refused = !strncmp(w->again, "error=", 6);
	char buf[64];

	if (w->by >= 0)
		aargs = emit_derive_keep(d, emit_derive_args(t ? t : al->probe_base, NULL,
							     al->args[w->by].name,
							     s->enums[al->args[w->by].type.index].values[w->v].name));
	else
		aargs = t ? t : al->probe_base;
	snprintf(buf, sizeof(buf), "ret>=%llu", (unsigned long long)s->limits[w->li].min);
	p = call(p, w, w->al, aargs, emit_derive_keep(d, strdup(buf)), "h");
	args = emit_kind_hcall(d, s, w->op, w->li, w->rev, "$h");
	p = call(p, w, w->op, args, "ret=0", NULL);
	if (refused && w->obs != PVABI_NONE) {
		oargs = emit_kind_hcall(d, s, w->obs, w->li, w->rev, "$h");
		if (!(p = read_state(d, p, w, oargs, &same)))
			return NULL;
	}
	p = call(p, w, w->op, args, w->again, NULL); /* the exact repeat */
	if (same)
		p = call(p, w, w->obs, oargs, same, NULL); /* a refusal changed nothing */
	if (w->op != w->fr)
		p = call(p, w, w->fr, emit_kind_hcall(d, s, w->fr, w->li, w->rev, "$h"), "ret=0",
			 NULL);
	return d->oom ? NULL : p;
}

static struct emit_derived *derive(const struct idem_at *w)
{
	const struct pvabi_spec *s = w->s;
	const struct pvabi_op *al = &s->ops[w->al];
	struct emit_derived *d = emit_derive_new(5 + IDEM_FIELDS);
	struct pvabi_step *end;
	const char *name;
	char buf[320];

	if (!d)
		return NULL;
	if (w->by >= 0)
		snprintf(buf, sizeof(buf), "%s: %s of %s=%s, repeated exactly: %s", s->ops[w->op].name,
			 s->ops[w->op].args[pvabi_op_handle_arg(&s->ops[w->op], w->li, w->rev)].name,
			 al->args[w->by].name, s->enums[al->args[w->by].type.index].values[w->v].name,
			 w->again);
	else
		snprintf(buf, sizeof(buf), "%s: repeated exactly: %s", s->ops[w->op].name, w->again);
	name = emit_derive_keep(d, strdup(buf));
	if (!name || !(end = steps(d, w))) {
		emit_derive_free(d);
		return NULL;
	}
	emit_derive_finish_own(d, w->rev, PVABI_NONE, &s->ops[w->op].loc, (size_t)(end - d->steps), name);
	return d;
}

/* What idem_derive derives in each revision: op on handles of al, kind
 * value v of al's kind argument (-1: al has none). */
struct idem_probe {
	const struct pvabi_gen *g;
	int al, op, v;
};

/* 1 with w filled when p derives a probe in rev. */
static int idem_at_init(struct idem_at *w, const struct idem_probe *p, int rev)
{
	const struct pvabi_spec *s = p->g->spec;
	const struct pvabi_op *al = &s->ops[p->al], *op = &s->ops[p->op];
	int h, by = pvabi_op_kind_arg(al, rev);

	memset(w, 0, sizeof(*w));
	w->s = s;
	w->rev = rev;
	w->al = p->al;
	w->fr = al->ret_freed_by - 1;
	w->li = al->ret_limit - 1;
	w->op = p->op;
	w->by = by;
	w->v = p->v;
	if (!pvabi_life_has(&al->life, rev) || !pvabi_life_has(&op->life, rev) ||
	    !pvabi_life_has(&s->ops[w->fr].life, rev) || !emit_known(p->g, &s->ops[w->fr]) ||
	    (by < 0) != (p->v < 0) || (h = pvabi_op_handle_arg(op, w->li, rev)) < 0 ||
	    !emit_kind_template(s, p->op, rev))
		return 0;
	if (by >= 0 && (!pvabi_life_has(&s->enums[al->args[by].type.index].values[p->v].life, rev) ||
			refuses_kind(op, p->al, p->v, rev)))
		return 0;
	if (!(w->again = answer(s, p->op, h, rev)))
		return 0;
	w->obs = reader(s, w->li, rev, &w->oa);
	if (w->obs != PVABI_NONE && !emit_known(p->g, &s->ops[w->obs]))
		w->obs = PVABI_NONE;
	return 1;
}

static int idem_derive(void *ctx, int rev, struct emit_derived **d)
{
	struct idem_at w;

	if (!idem_at_init(&w, ctx, rev))
		return 0;
	*d = derive(&w);
	return *d ? 0 : -1;
}

/* 1 when op is one on a handle of al's table the class repeats: not
 * the allocating op, no feature, nothing written back. */
static int on_handle(const struct pvabi_spec *s, int al, int op)
{
	const struct pvabi_op *o = &s->ops[op];
	size_t i;

	if (op == al || o->feature != PVABI_NONE || pvabi_op_writes_back(o))
		return 0;
	for (i = 0; i < o->nargs; i++)
		if (o->args[i].dir == PVABI_BY_VALUE && o->args[i].limit == s->ops[al].ret_limit - 1)
			return 1;
	return 0;
}

/* The number of values of allocating op al's kind argument, in any
 * revision (each is tried in every revision where it lives); 0: none. */
static int kind_values(const struct pvabi_spec *s, const struct pvabi_op *al)
{
	size_t i;

	for (i = 0; i < al->nargs; i++)
		if (al->args[i].dir == PVABI_BY_VALUE && al->args[i].type.kind == PVABI_T_ENUM)
			return (int)s->enums[al->args[i].type.index].nvalues;
	return 0;
}

int emit_idem_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops)
{
	const struct pvabi_spec *s = g->spec;
	size_t i, j;
	int v, nv;

	for (i = 0; i < s->nops; i++) {
		const struct pvabi_op *al = &s->ops[i];

		if (!emit_known(g, al) || !al->ret_limit || !al->ret_freed_by ||
		    al->feature != PVABI_NONE)
			continue;
		nv = kind_values(s, al);
		for (j = 0; j < s->nops; j++) {
			if (!emit_known(g, &s->ops[j]) || !on_handle(s, (int)i, (int)j))
				continue;
			for (v = nv ? 0 : -1; v < nv; v++) {
				struct idem_probe p = { g, (int)i, (int)j, v };

				if (emit_derive_revs(t, sg, g, ops, nops, idem_derive, &p))
					return -1;
			}
		}
	}
	return 0;
}
