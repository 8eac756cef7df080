/* State the spec keeps apart from a handle, set before the handle is
 * replaced and observed through the new one (docs/checks.md). Some state
 * belongs to the caller (a vCPU's armed deadline), not to the handle that
 * carries its effect (the timer port it fires on); other state belongs
 * to the handle (its binding, its pending events) and goes with it. A
 * platform that stores the first in the handle loses it when the handle
 * is closed; one that keeps the second in the caller hands it to the
 * next handle. Neither shows while a handle lives as long as the state.
 *
 * Derived, never listed: an op that allocates handles (a result with
 * freed-by) takes a kind (an enum argument); a kind whose doc names an op
 * that takes no such handle, and that has an argument declared a moment
 * on the platform's clock (an absolute <now>), carries state of that
 * op's caller. For each, on two vCPUs, the image changes a handle of the
 * kind as its lifecycle does (binds it: the handle-kind probes' changes),
 * arms the moment ahead of now, closes the handle, allocates a new one
 * (which starts unbound: the changes went with the old one), idles past
 * the moment, sees the effect pending through the new handle where
 * <now>'s `seen` says it shows, then binds the new handle and wants the
 * interrupt. */
#include "emit/emit_kind.h"
#include "abi/limit.h"
#include "abi/now.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How far ahead the moment is armed: the close and the allocation after
 * it must come before it (about 60 us of calls on qemu-tcg); a platform
 * stalled longer drops the expiry and the scenario is red. */
#define AHEAD_NS UINT64_C(10000000)
/* The wait past it, with the measured clock's slack. */
#define PAST_NS (AHEAD_NS + UINT64_C(2000000))
/* The delivery once bound (an event wait: it ends at the event). */
#define DELIVER_NS UINT64_C(500000000)

/* 1 when op takes a handle of limit li by value in rev. */
static int takes_handle(const struct pvabi_op *op, int li, int rev)
{
	size_t i;

	for (i = 0; i < op->nargs; i++)
		if (op->args[i].dir == PVABI_BY_VALUE && op->args[i].limit == li &&
		    pvabi_life_has(&op->args[i].life, rev))
			return 1;
	return 0;
}

/* 1 when doc names word as a whole word. */
static int names(const char *doc, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = doc ? strstr(doc, word) : NULL; p; p = strstr(p + 1, word))
		if ((p == doc || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z'))) &&
		    !(p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z')))
			return 1;
	return 0;
}

/* The absolute <now> of op's argument *sa alive in rev in the probe
 * base's mode, with a clock alive there; NULL when op has none. */
static const struct pvabi_now *moment(const struct pvabi_spec *s, const struct pvabi_op *op,
				      int rev, int *sa)
{
	size_t i, j;

	for (i = 0; i < op->nargs; i++)
		for (j = 0; j < op->args[i].nnows; j++) {
			const struct pvabi_now *n = &op->args[i].nows[j];

			if (n->is == PVABI_NOW_ABSOLUTE && !n->when && n->clock_op != PVABI_NONE &&
			    pvabi_life_has(&n->life, rev) &&
			    pvabi_life_has(&s->ops[n->clock_op].life, rev)) {
				*sa = (int)i;
				return n;
			}
		}
	return NULL;
}

/* 1 when a <refused-kind> of op's handle argument refuses kind v of
 * al's argument by in rev: such an op cannot change that handle. */
static int refuses(const struct pvabi_op *op, int al, int by, int v, int rev)
{
	size_t i, k, m;

	for (i = 0; i < op->nargs; i++)
		for (k = 0; k < op->args[i].nkinds; k++) {
			const struct pvabi_kind_refusal *r = &op->args[i].kinds[k];

			for (m = 0; r->alloc_op == al && r->by_arg == by && m < r->nvalues; m++)
				if (r->values[m] == v && pvabi_life_has(&r->life, rev))
					return 1;
		}
	return 0;
}

/* The handle-kind probes' changers (emit_kind_changers' rule) that
 * accept kind w->v, into w->ch. */
static void changers(struct emit_keep_at *w)
{
	const struct pvabi_spec *s = w->s;
	size_t i;

	for (i = 0; i < s->nops && w->nch < EMIT_KIND_CHANGERS; i++) {
		const struct pvabi_op *op = &s->ops[i];

		if ((int)i == w->al || (int)i == w->fr || (int)i == w->st ||
		    !pvabi_life_has(&op->life, w->rev) || op->feature != PVABI_NONE || pvabi_op_writes_back(op) ||
		    !takes_handle(op, w->li, w->rev) || !emit_kind_template(s, (int)i, w->rev) ||
		    refuses(op, w->al, w->by, w->v, w->rev))
			continue;
		w->ch[w->nch++] = (int)i;
	}
}

/* The op of now's `seen` step, when it takes the handle in rev. */
static int observer(const struct pvabi_spec *s, const struct pvabi_now *n, int li, int rev)
{
	const struct pvabi_scenario *sc;
	int op;

	if (!n->seen || n->observe_sc == PVABI_NONE)
		return PVABI_NONE;
	sc = &s->scenarios[n->observe_sc];
	op = sc->steps[n->seen_step].op;
	if (op == PVABI_NONE || !pvabi_life_has(&s->ops[op].life, rev) ||
	    s->ops[op].feature != PVABI_NONE || !takes_handle(&s->ops[op], li, rev))
		return PVABI_NONE;
	return op;
}

size_t emit_keep_nkinds(const struct pvabi_spec *s, int al, int rev)
{
	const struct pvabi_op *a = &s->ops[al];
	int by = a->ret_freed_by ? pvabi_op_kind_arg(a, rev) : -1;

	return by < 0 ? 0 : s->enums[a->args[by].type.index].nvalues;
}

int emit_keep_at_init(struct emit_keep_at *w, const struct pvabi_spec *s, int al, int v,
		      int rev)
{
	const struct pvabi_op *a = &s->ops[al];
	const struct pvabi_enum *e;
	size_t i;

	memset(w, 0, sizeof(*w));
	w->s = s;
	w->rev = rev;
	w->al = al;
	w->v = v;
	if (!a->ret_freed_by || !a->ret_limit || a->feature != PVABI_NONE ||
	    !pvabi_life_has(&a->life, rev) || (w->by = pvabi_op_kind_arg(a, rev)) < 0)
		return 0;
	w->fr = a->ret_freed_by - 1;
	w->li = a->ret_limit - 1;
	e = &s->enums[a->args[w->by].type.index];
	if ((size_t)v >= e->nvalues || !pvabi_life_has(&e->values[v].life, rev) ||
	    !pvabi_life_has(&s->ops[w->fr].life, rev))
		return 0;
	for (i = 0; i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];

		if ((int)i == al || (int)i == w->fr || !names(e->values[v].doc, op->name) ||
		    !pvabi_life_has(&op->life, rev) || op->feature != PVABI_NONE ||
		    takes_handle(op, w->li, rev) || !(w->now = moment(s, op, rev, &w->sa)))
			continue;
		w->st = (int)i;
		w->obs = observer(s, w->now, w->li, rev);
		changers(w);
		return w->nch > 0;
	}
	return 0;
}

static struct pvabi_step *wait(struct pvabi_step *p, uint32_t count, int exact, int idle,
			       uint64_t ns, const struct pvabi_loc *loc)
{
	p = emit_derive_fresh(p, PVABI_STEP_WAIT, PVABI_NONE, loc) - 1;
	p->exact = exact;
	p->idle = idle;
	p->count = count;
	p->within_ns = ns;
	p->value = idle ? 0 : PVABI_SCEN_UPCALL_VECTOR;
	return p + 1;
}

/* A call of op with the handle $<var><c> from vCPU c. */
static struct pvabi_step *hcall(struct emit_derived *d, const struct emit_keep_at *w,
				struct pvabi_step *p, int op, const char *var, unsigned int c,
				const char *expect)
{
	char v[16];

	snprintf(v, sizeof(v), "$%s%u", var, c);
	p = emit_derive_call(p, op, emit_kind_hcall(d, w->s, op, w->li, w->rev, v), expect, NULL,
			     &w->now->loc);
	p[-1].vcpu = c;
	return p;
}

/* The handle's lifecycle changes on $<var><c>, from vCPU c. */
static struct pvabi_step *change(struct emit_derived *d, const struct emit_keep_at *w,
				 struct pvabi_step *p, const char *var, unsigned int c)
{
	int i;

	for (i = 0; i < w->nch; i++)
		p = hcall(d, w, p, w->ch[i], var, c, "ret=0");
	return p;
}

/* An allocation of the kind from vCPU c, bound to <var><c>. */
static struct pvabi_step *alloc(struct emit_derived *d, const struct emit_keep_at *w,
				struct pvabi_step *p, const char *args, const char *expect,
				const char *var, unsigned int c)
{
	char v[16];

	snprintf(v, sizeof(v), "%s%u", var, c);
	p = emit_derive_call(p, w->al, args, expect, emit_derive_keep(d, strdup(v)), &w->now->loc);
	p[-1].vcpu = c;
	return p;
}

/* A clock read from vCPU c into <var><c>. */
static struct pvabi_step *clock(struct emit_derived *d, const struct emit_keep_at *w,
				struct pvabi_step *p, const char *var, unsigned int c)
{
	char v[16];

	snprintf(v, sizeof(v), "%s%u", var, c);
	p = emit_derive_call(p, w->now->clock_op, "", "ret>=1", emit_derive_keep(d, strdup(v)),
			     &w->now->loc);
	p[-1].vcpu = c;
	return p;
}

/* vCPU c arms the moment ahead of its clock read, replaces its handle
 * and reads the clock again: when the moment passed there, the run
 * could not tell (it fell due while no handle or the old one was there,
 * a host that stalled the guest), so the guard (a <check> only derived)
 * makes the image run the scenario again (guest/rt/suite.c). */
static struct pvabi_step *replace(struct emit_derived *d, const struct emit_keep_at *w,
				  struct pvabi_step *p, const char *aargs, const char *aexp,
				  unsigned int c)
{
	const struct pvabi_op *st = &w->s->ops[w->st];
	char buf[64];

	p = clock(d, w, p, "kt", c);
	snprintf(buf, sizeof(buf), "$kt%u+%llu", c, (unsigned long long)AHEAD_NS);
	p = emit_derive_call(p, w->st, emit_derive_keep(d, emit_derive_args(st->probe_base, NULL,
									    st->args[w->sa].name, buf)),
			     "ret=0", NULL, &w->now->loc);
	p[-1].vcpu = c;
	p = alloc(d, w, hcall(d, w, p, w->fr, "hk", c, "ret=0"), aargs, aexp, "hn", c);
	p = clock(d, w, p, "ka", c);
	p = emit_derive_fresh(p, PVABI_STEP_CHECK, PVABI_NONE, &w->now->loc) - 1;
	snprintf(buf, sizeof(buf), "$ka%u", c);
	p->args = emit_derive_keep(d, strdup(buf));
	snprintf(buf, sizeof(buf), "<=$kt%u+%llu", c, (unsigned long long)(AHEAD_NS - 1));
	p->expect = emit_derive_keep(d, strdup(buf));
	p->guard = 1;
	return p + 1;
}

/* The steps, every vCPU's in turn at each stage; the next free one, or
 * NULL when a string could not be kept. */
static struct pvabi_step *steps(struct emit_derived *d, const struct emit_keep_at *w)
{
	const struct pvabi_spec *s = w->s;
	const struct pvabi_op *al = &s->ops[w->al];
	const struct pvabi_loc *loc = &w->now->loc;
	struct pvabi_step *p = d->steps;
	const char *aargs, *aexp, *seen;
	char buf[96];
	unsigned int c;

	snprintf(buf, sizeof(buf), "ret>=%llu", (unsigned long long)s->limits[w->li].min);
	aexp = emit_derive_keep(d, strdup(buf));
	aargs = emit_derive_keep(d, emit_derive_args(emit_kind_template(s, w->al, w->rev), NULL,
						     al->args[w->by].name,
						     s->enums[al->args[w->by].type.index].values[w->v].name));
	snprintf(buf, sizeof(buf), "ret=0 %s>=1", w->now->seen ? w->now->seen : "");
	seen = emit_derive_keep(d, strdup(buf));
	for (c = 0; c < EMIT_KEEP_VCPUS; c++)
		p = change(d, w, alloc(d, w, p, aargs, aexp, "hk", c), "hk", c);
	for (c = 0; c < EMIT_KEEP_VCPUS; c++)
		p = replace(d, w, p, aargs, aexp, c);
	p = wait(p, 0, 0, 1, PAST_NS, loc); /* the moments fall due */
	for (c = 0; w->obs != PVABI_NONE && c < EMIT_KEEP_VCPUS; c++)
		p = hcall(d, w, p, w->obs, "hn", c, seen);
	for (c = 0; c < EMIT_KEEP_VCPUS; c++)
		p = change(d, w, p, "hn", c);
	/* upcalls, not exactly: a rerun's earlier try may deliver late */
	p = wait(p, EMIT_KEEP_VCPUS, 0, 0, DELIVER_NS, loc);
	for (c = 0; c < EMIT_KEEP_VCPUS; c++)
		p = hcall(d, w, p, w->fr, "hn", c, "ret=0");
	return d->oom ? NULL : p;
}

struct emit_derived *emit_keep_derive(const struct emit_keep_at *w, int until)
{
	const struct pvabi_spec *s = w->s;
	const struct pvabi_op *al = &s->ops[w->al];
	struct emit_derived *d = emit_derive_new(4 + EMIT_KEEP_VCPUS * (10 + 2 * (size_t)w->nch));
	struct pvabi_step *end;
	char buf[320];
	const char *name;

	if (!d)
		return NULL;
	snprintf(buf, sizeof(buf), "%s: %s kept when each vCPU's %s=%s handle is replaced",
		 s->ops[w->st].name, s->ops[w->st].args[w->sa].name, al->args[w->by].name,
		 s->enums[al->args[w->by].type.index].values[w->v].name);
	name = emit_derive_keep(d, strdup(buf));
	if (!(end = steps(d, w)) || !name) {
		emit_derive_free(d);
		return NULL;
	}
	emit_derive_finish_own(d, w->rev, until, &w->now->loc, (size_t)(end - d->steps), name);
	return d;
}

/* What keep_revs derives in each revision. */
struct keep_value {
	const struct pvabi_gen *g;
	int al, v;
};

static int keep_derive(void *ctx, int rev, struct emit_derived **d)
{
	const struct keep_value *p = ctx;
	struct emit_keep_at w;

	if (!emit_keep_at_init(&w, p->g->spec, p->al, p->v, rev) ||
	    !emit_known(p->g, &p->g->spec->ops[w.st]))
		return 0;
	*d = emit_keep_derive(&w, PVABI_NONE);
	return *d ? 0 : -1;
}

/* Value v of op al's kind in every revision up to the image's; the
 * revisions that derive the same steps share one scenario. */
static int keep_revs(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		     const struct pvabi_op **ops, size_t nops, int al, int v)
{
	struct keep_value p = { g, al, v };

	return emit_derive_revs(t, sg, g, ops, nops, keep_derive, &p);
}

int emit_keep_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops)
{
	const struct pvabi_spec *s = g->spec;
	size_t i, v;

	for (i = 0; i < s->nops; i++) {
		if (!emit_known(g, &s->ops[i]))
			continue;
		for (v = 0; v < emit_keep_nkinds(s, (int)i, g->rev); v++)
			if (keep_revs(t, sg, g, ops, nops, (int)i, (int)v))
				return -1;
	}
	return 0;
}
