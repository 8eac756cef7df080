/* An allocation after a reused handle while handles above it are held,
 * in a table that is not full (docs/checks.md). An allocator that keeps
 * a hint, a free list or a high-water mark is right while handles are
 * freed last-in first-out and while the table is full; what a guest does
 * all the time, freeing a low handle while higher ones live and then
 * allocating twice, takes it down its reuse path and past it. The
 * invariant needs no prediction of which number comes back: a handle
 * handed out is never one the guest holds, and the handles it holds keep
 * the state it gave them.
 *
 * Derived, never listed: an op that hands out handles (<ret limit=
 * freed-by=>) holds first a low handle, then one above it for each state
 * the spec's scenarios bring a handle of its first allocation's kind
 * into and observe (abi/stale.h's calls of the op that reads a handle
 * back, after at least one step beyond the allocation, the handle not
 * freed), each brought there by replaying those steps; the held handles
 * no observed state covers (a revision with no such op) are each
 * changed by one op of the handle's lifecycle. The low handle is
 * freed; then one handle of each kind the allocating op takes (its enum
 * argument; the first allocation's arguments when it takes none) and
 * one of the first allocation's kind are allocated. Each new handle must
 * differ from every handle held (a <check> of the squared difference:
 * the language has no "differs"); each held handle is read back with the
 * observed call's expectation. Then every handle is freed. No waits: a
 * bound handle's events are judged by the runtime's drain between
 * scenarios. */
#include "emit/emit_derive.h"
#include "emit/emit_kind.h"
#include "abi/limit.h"
#include "abi/stale.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The held handles above the freed one, each in an observed state: the
 * table's scan, hint or list meets one in each state it may mistake for
 * free. Three keep the scenario's variables (8) for the two new ones. */
#define REUSE_HELD 3

static const char *const held_var[REUSE_HELD] = { "rb", "rc", "rd" };

/* One allocating op al in revision rev: its freeing op fr, limit li,
 * kind argument by (-1: none), its first allocation's args, and the
 * observed states of a handle allocated so (w->obs[held[i]]). */
struct reuse_at {
	const struct pvabi_spec *s;
	int rev, al, fr, li, by;
	const char *tmpl;
	struct pvabi_stale w;
	size_t held[REUSE_HELD], nheld;
	int reader; /* -1: no op reads a handle back in rev */
	int ch[REUSE_HELD]; /* ops that change a held handle unobserved */
	int nch;
};

/* The op that reads a handle of limit li back in rev (takes one, writes
 * a buffer, needs no feature), or -1. */
static int reader_of(const struct pvabi_gen *g, int li, int rev)
{
	const struct pvabi_spec *s = g->spec;
	size_t i;

	for (i = 0; i < s->nops; i++)
		if (pvabi_life_has(&s->ops[i].life, rev) && s->ops[i].feature == PVABI_NONE &&
		    emit_known(g, &s->ops[i]) && pvabi_op_writes_back(&s->ops[i]) &&
		    pvabi_op_handle_arg(&s->ops[i], li, rev) >= 0)
			return (int)i;
	return -1;
}

/* 1 when observed call o holds a handle of the first allocation's kind
 * in a state beyond the allocation, read with success. */
static int held_state(const struct reuse_at *r, const struct pvabi_stale_obs *o)
{
	size_t i;

	if (!o->var || o->frees || o->nhist < 2 || o->hist[0]->op != r->al ||
	    strcmp(o->hist[0]->args ? o->hist[0]->args : "", r->tmpl) ||
	    strncmp(o->expect, "ret=0", 5))
		return 0;
	for (i = 1; i < o->nhist; i++)
		if (o->hist[i]->op == r->al || o->hist[i]->op == r->fr)
			return 0;
	return 1;
}

/* The args of al's first allocation from vCPU 0 in a scenario alive in
 * rev (a call binding its handle, no variable in its arguments), or NULL. */
static const char *first_alloc(const struct pvabi_spec *s, int al, int rev)
{
	size_t i, j;

	for (i = 0; i < s->nscenarios; i++) {
		const struct pvabi_scenario *sc = &s->scenarios[i];

		for (j = 0; pvabi_life_has(&sc->life, rev) && j < sc->nsteps; j++) {
			const struct pvabi_step *st = &sc->steps[j];

			if (st->kind == PVABI_STEP_CALL && st->op == al && !st->vcpu && st->bind &&
			    !strchr(st->bind, '=') && !strchr(st->args ? st->args : "", '$'))
				return st->args ? st->args : "";
		}
	}
	return NULL;
}

/* The ops that change a handle's state (the handle-kind probes' rule:
 * they take the handle, write nothing back, need no feature, and a
 * scenario of rev calls them with success), into r->ch: the held handles
 * no observed state covers are each changed by one, so that the table
 * holds handles in its states even where nothing reads them back. */
static void changers(struct reuse_at *r, const struct pvabi_gen *g)
{
	const struct pvabi_spec *s = r->s;
	size_t i;

	for (i = 0; i < s->nops && r->nch < REUSE_HELD; i++)
		if ((int)i != r->al && (int)i != r->fr && pvabi_life_has(&s->ops[i].life, r->rev) &&
		    s->ops[i].feature == PVABI_NONE && emit_known(g, &s->ops[i]) &&
		    !pvabi_op_writes_back(&s->ops[i]) &&
		    pvabi_op_handle_arg(&s->ops[i], r->li, r->rev) >= 0 &&
		    emit_kind_template(s, (int)i, r->rev))
			r->ch[r->nch++] = (int)i;
}

/* 1 with r filled when al derives the class in rev. */
static int reuse_init(struct reuse_at *r, const struct pvabi_gen *g, int al, int rev)
{
	const struct pvabi_spec *s = g->spec;
	const struct pvabi_op *a = &s->ops[al];
	size_t i;

	memset(r, 0, sizeof(*r));
	r->s = s;
	r->rev = rev;
	r->al = al;
	if (!a->ret_freed_by || !a->ret_limit || a->feature != PVABI_NONE ||
	    !pvabi_life_has(&a->life, rev) || !pvabi_life_has(&s->ops[a->ret_freed_by - 1].life, rev) ||
	    !(r->tmpl = first_alloc(s, al, rev)))
		return 0;
	r->fr = a->ret_freed_by - 1;
	r->li = a->ret_limit - 1;
	r->by = pvabi_op_kind_arg(a, rev);
	changers(r, g);
	r->reader = reader_of(g, r->li, rev);
	if (r->reader >= 0 && pvabi_stale_init(&r->w, s, r->reader, rev))
		for (i = 0; i < r->w.nobs && r->nheld < REUSE_HELD; i++)
			if (held_state(r, &r->w.obs[i]))
				r->held[r->nheld++] = i;
	return 1;
}

/* The number of kinds al takes in rev (1 when it takes none). */
static size_t nkinds(const struct pvabi_spec *s, int al, int rev)
{
	int by = pvabi_op_kind_arg(&s->ops[al], rev);

	return by < 0 ? 1 : s->enums[s->ops[al].args[by].type.index].nvalues;
}

/* A call of the freeing op on $var. */
static struct pvabi_step *free_h(struct emit_derived *d, const struct reuse_at *r,
				 struct pvabi_step *p, const char *var, const struct pvabi_loc *loc)
{
	char v[8];

	snprintf(v, sizeof(v), "$%s", var);
	return emit_derive_call(p, r->fr, emit_kind_hcall(d, r->s, r->fr, r->li, r->rev, v), "ret=0",
			      NULL, loc);
}

/* Held handle i brought into its observed state as $held_var[i]; past
 * the observed states, allocated and changed by one changer each while
 * they last. */
static struct pvabi_step *hold(struct emit_derived *d, const struct reuse_at *r,
			       struct pvabi_step *p, size_t i, const char *aexp,
			       const struct pvabi_loc *loc)
{
	const struct pvabi_stale_obs *o;
	size_t k;

	if (i >= r->nheld) {
		char v[8];

		p = emit_derive_call(p, r->al, r->tmpl, aexp, held_var[i], loc);
		if (i - r->nheld >= (size_t)r->nch)
			return p;
		snprintf(v, sizeof(v), "$%s", held_var[i]);
		k = (size_t)r->ch[i - r->nheld];
		return emit_derive_call(p, (int)k, emit_kind_hcall(d, r->s, (int)k, r->li, r->rev, v),
				      "ret=0", NULL, loc);
	}
	o = &r->w.obs[r->held[i]];
	for (k = 0; k < o->nhist; k++) {
		*p = *o->hist[k];
		if (!k)
			p->bind = held_var[i];
		else
			p->args = emit_derive_keep(d, pvabi_stale_rename(o->hist[k]->args, o->var,
									  strlen(o->var), held_var[i]));
		p++;
	}
	return p;
}

/* A check that $var differs from each handle in vars[0 .. n). */
static struct pvabi_step *differs(struct emit_derived *d, struct pvabi_step *p, const char *var,
				  const char *const *vars, size_t n, const struct pvabi_loc *loc)
{
	char buf[64];
	size_t i;

	for (i = 0; i < n; i++) {
		memset(p, 0, sizeof(*p));
		p->kind = PVABI_STEP_CHECK;
		p->op = PVABI_NONE;
		p->cmd = PVABI_NONE;
		snprintf(buf, sizeof(buf), "($%s-$%s)*($%s-$%s)", var, vars[i], var, vars[i]);
		p->args = emit_derive_keep(d, strdup(buf));
		p->expect = ">=1";
		p->loc = *loc;
		p++;
	}
	return p;
}

/* The steps for kind v (index in the kind enum; ignored without one):
 * the low handle, the held ones, the low one freed, the two new ones
 * each checked against every handle held, the held ones read back, and
 * every handle freed; the next free step, or NULL when a string could
 * not be kept. */
static struct pvabi_step *steps(struct emit_derived *d, const struct reuse_at *r, size_t v)
{
	static const char *const all[REUSE_HELD + 1] = { "rb", "rc", "rd", "rn" };
	const struct pvabi_spec *s = r->s;
	const struct pvabi_op *al = &s->ops[r->al];
	const struct pvabi_loc *loc = &al->loc;
	struct pvabi_step *p = d->steps;
	const char *aexp, *vargs = r->tmpl;
	char buf[64];
	size_t i;

	snprintf(buf, sizeof(buf), "ret>=%llu", (unsigned long long)s->limits[r->li].min);
	aexp = emit_derive_keep(d, strdup(buf));
	if (r->by >= 0)
		vargs = emit_derive_keep(d, emit_derive_args(r->tmpl, NULL, al->args[r->by].name,
							     s->enums[al->args[r->by].type.index].values[v].name));
	p = emit_derive_call(p, r->al, r->tmpl, aexp, "ra", loc);
	for (i = 0; i < REUSE_HELD; i++)
		p = hold(d, r, p, i, aexp, loc);
	p = free_h(d, r, p, "ra", loc);
	p = emit_derive_call(p, r->al, vargs, aexp, "rn", loc);
	p = differs(d, p, "rn", all, REUSE_HELD, loc);
	p = emit_derive_call(p, r->al, r->tmpl, aexp, "rm", loc);
	p = differs(d, p, "rm", all, REUSE_HELD + 1, loc);
	for (i = 0; i < r->nheld; i++) {
		const struct pvabi_stale_obs *o = &r->w.obs[r->held[i]];
		size_t n = strlen(o->var);

		p = emit_derive_call(p, r->reader,
				   emit_derive_keep(d, pvabi_stale_rename(o->args, o->var, n, held_var[i])),
				   emit_derive_keep(d, pvabi_stale_rename(o->expect, o->var, n, held_var[i])),
				   NULL, loc);
	}
	p = free_h(d, r, free_h(d, r, p, "rn", loc), "rm", loc);
	for (i = 0; i < REUSE_HELD; i++)
		p = free_h(d, r, p, held_var[i], loc);
	return d->oom ? NULL : p;
}

/* Kind v's scenario in r's revision, alive until `until`; NULL out of
 * memory. */
static struct emit_derived *reuse_derive(const struct reuse_at *r, size_t v, int until)
{
	const struct pvabi_spec *s = r->s;
	const struct pvabi_op *al = &s->ops[r->al];
	struct emit_derived *d = emit_derive_new(16 + REUSE_HELD * (PVABI_STALE_HIST + 4) + 2 * REUSE_HELD);
	struct pvabi_step *end;
	char buf[200];
	const char *name;

	if (!d)
		return NULL;
	if (r->by >= 0)
		snprintf(buf, sizeof(buf), "%s: %s=%s after a freed handle is reused, %d held above it",
			 al->name, al->args[r->by].name,
			 s->enums[al->args[r->by].type.index].values[v].name, REUSE_HELD);
	else
		snprintf(buf, sizeof(buf), "%s: after a freed handle is reused, %d held above it",
			 al->name, REUSE_HELD);
	name = emit_derive_keep(d, strdup(buf));
	if (!(end = steps(d, r, v)) || !name) {
		emit_derive_free(d);
		return NULL;
	}
	emit_derive_finish_own(d, r->rev, until, &al->loc, (size_t)(end - d->steps), name);
	return d;
}

/* What reuse_revs derives in each revision. */
struct reuse_value {
	const struct pvabi_gen *g;
	int al;
	size_t v;
};

static int reuse_rev(void *ctx, int rev, struct emit_derived **d)
{
	const struct reuse_value *p = ctx;
	const struct pvabi_spec *s = p->g->spec;
	struct reuse_at *r = malloc(sizeof(*r));
	int rc = 0;

	if (!r)
		return -1;
	if (reuse_init(r, p->g, p->al, rev) &&
	    (r->by < 0 ? !p->v
		       : pvabi_life_has(&s->enums[s->ops[p->al].args[r->by].type.index].values[p->v].life,
					rev)))
		rc = (*d = reuse_derive(r, p->v, PVABI_NONE)) ? 0 : -1;
	free(r);
	return rc;
}

int emit_reuse_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			    const struct pvabi_op **ops, size_t nops)
{
	const struct pvabi_spec *s = g->spec;
	struct reuse_value p = { g, 0, 0 };
	size_t i;

	for (i = 0; i < s->nops; i++) {
		if (!emit_known(g, &s->ops[i]) || !s->ops[i].ret_freed_by)
			continue;
		p.al = (int)i;
		for (p.v = 0; p.v < nkinds(s, (int)i, g->rev); p.v++)
			if (emit_derive_revs(t, sg, g, ops, nops, reuse_rev, &p))
				return -1;
	}
	return 0;
}
