/* Refusals that depend on what a handle is, probed in every state the
 * handle can be in (<refused-kind>, docs/spec-language.md#refusals-by-
 * what-a-handle-is). An op that refuses a handle for a property fixed
 * when it was allocated (a port's source) must refuse it whatever the
 * handle went through since: a platform that answers the common case on
 * a fast path, or caches a bound handle's state, skips the check in one
 * state only. So for every value the declaration names and every state
 * of the handle's lifecycle, the image allocates a handle of that kind,
 * brings it into the state, makes the refused call and checks that it
 * had no effect: no interrupt (an event the call raised on an unbound
 * handle arrives when the handle is bound), then frees the handle.
 *
 * The lifecycle is derived, never listed: the states are "allocated"
 * and, for each op that changes a handle's state (it takes the handle by
 * value, writes nothing back, is neither the op probed nor the one that
 * allocates or frees, and needs no feature), "after it" and "after it,
 * freed, allocated again and it again" (the number reused). Each op's
 * arguments are those of its first successful call in a scenario of the
 * revision, with the handle put in. */
#include "emit/emit_kind.h"
#include "abi/limit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The window in which no interrupt may arrive after the refused call:
 * the scenarios' own exact waits after a delivery (3 ms). */
#define QUIET_NS UINT64_C(3000000)

/* The args text of op's first successful call from vCPU 0 in a scenario
 * alive in rev, or NULL. */
const char *emit_kind_template(const struct pvabi_spec *s, int opi, int rev)
{
	size_t i, j;

	for (i = 0; i < s->nscenarios; i++) {
		const struct pvabi_scenario *sc = &s->scenarios[i];

		if (!pvabi_life_has(&sc->life, rev))
			continue;
		for (j = 0; j < sc->nsteps; j++) {
			const struct pvabi_step *st = &sc->steps[j];

			if (st->kind == PVABI_STEP_CALL && st->op == opi && !st->vcpu &&
			    st->expect && !strcmp(st->expect, "ret=0"))
				return st->args ? st->args : "";
		}
	}
	return NULL;
}

int emit_kind_changers(const struct pvabi_spec *s, int opi, const struct pvabi_arg *a,
		       const struct pvabi_kind_refusal *k, int rev, int *out)
{
	const struct pvabi_op *al = &s->ops[k->alloc_op];
	size_t i;
	int n = 0;

	for (i = 0; i < s->nops && n < EMIT_KIND_CHANGERS; i++) {
		const struct pvabi_op *op = &s->ops[i];

		if ((int)i == opi || (int)i == k->alloc_op || (int)i == al->ret_freed_by - 1 ||
		    !pvabi_life_has(&op->life, rev) || op->feature != PVABI_NONE ||
		    pvabi_op_writes_back(op) || pvabi_op_handle_arg(op, a->limit, rev) < 0 ||
		    !emit_kind_template(s, (int)i, rev))
			continue;
		out[n++] = (int)i;
	}
	return n;
}

/* The call of op opi with its template's arguments and the handle in
 * $var, kept by d. */
const char *emit_kind_hcall(struct emit_derived *d, const struct pvabi_spec *s, int opi,
			       int li, int rev, const char *var)
{
	const struct pvabi_op *op = &s->ops[opi];
	const char *t = emit_kind_template(s, opi, rev);
	int h = pvabi_op_handle_arg(op, li, rev);

	return emit_derive_keep(d, emit_derive_args(t ? t : op->probe_base, NULL,
						    op->args[h].name, var));
}

/* The steps of state st (0: allocated; 2c + 1: after changer c; 2c + 2:
 * after it, freed, allocated again and it again) for value v; the next
 * free step, or NULL when a string could not be kept. */
static struct pvabi_step *steps(struct emit_derived *d, const struct emit_kind_at *w, int v,
				int st)
{
	const struct pvabi_spec *s = w->s;
	const struct pvabi_op *al = &s->ops[w->k->alloc_op];
	const struct pvabi_enum *e = &s->enums[al->args[w->k->by_arg].type.index];
	int fr = al->ret_freed_by - 1, li = w->a->limit, c = (st - 1) / 2, i;
	const struct pvabi_limit *l = &s->limits[li];
	const char *h = st && !(st % 2) ? "$hk2" : "$hk", *aargs, *aexp;
	struct pvabi_step *p = d->steps;
	char buf[64];

	snprintf(buf, sizeof(buf), "ret>=%llu", (unsigned long long)l->min);
	aexp = emit_derive_keep(d, strdup(buf));
	aargs = emit_derive_keep(d, emit_derive_args(emit_kind_template(s, w->k->alloc_op, w->rev), NULL,
						     al->args[w->k->by_arg].name, e->values[v].name));
	p = emit_derive_call(p, w->k->alloc_op, aargs, aexp, "hk", &w->k->loc);
	if (st) {
		p = emit_derive_call(p, w->ch[c], emit_kind_hcall(d, s, w->ch[c], li, w->rev, "$hk"),
				     "ret=0", NULL, &w->k->loc);
	}
	if (st && !(st % 2)) {
		p = emit_derive_call(p, fr, emit_kind_hcall(d, s, fr, li, w->rev, "$hk"), "ret=0",
				     NULL, &w->k->loc);
		p = emit_derive_call(p, w->k->alloc_op, aargs, aexp, "hk2", &w->k->loc);
		p = emit_derive_call(p, w->ch[c], emit_kind_hcall(d, s, w->ch[c], li, w->rev, h),
				     "ret=0", NULL, &w->k->loc);
	}
	snprintf(buf, sizeof(buf), "error=%s", s->errors[w->k->error].name);
	p = emit_derive_call(p, w->opi, emit_kind_hcall(d, s, w->opi, li, w->rev, h),
			     emit_derive_keep(d, strdup(buf)), NULL, &w->k->loc);
	for (i = 0; !st && i < w->nch; i++) /* what the refused call raised arrives now */
		p = emit_derive_call(p, w->ch[i], emit_kind_hcall(d, s, w->ch[i], li, w->rev, h),
				     "ret=0", NULL, &w->k->loc);
	p = emit_derive_fresh(p, PVABI_STEP_WAIT, PVABI_NONE, &w->k->loc) - 1;
	p->exact = 1;
	p->within_ns = QUIET_NS;
	p->value = PVABI_SCEN_UPCALL_VECTOR;
	p++;
	p = emit_derive_call(p, fr, emit_kind_hcall(d, s, fr, li, w->rev, h), "ret=0", NULL,
			     &w->k->loc);
	return d->oom ? NULL : p;
}

void emit_kind_state_name(const struct emit_kind_at *w, int st, char *buf, size_t n)
{
	const char *c = st ? w->s->ops[w->ch[(st - 1) / 2]].name : "";

	if (!st)
		snprintf(buf, n, "allocated");
	else if (st % 2)
		snprintf(buf, n, "after %s", c);
	else
		snprintf(buf, n, "after %s, freed and allocated again", c);
}

struct emit_derived *emit_kind_derive(const struct emit_kind_at *w, int v, int st, int until)
{
	const struct pvabi_op *al = &w->s->ops[w->k->alloc_op];
	const struct pvabi_enum *e = &w->s->enums[al->args[w->k->by_arg].type.index];
	struct emit_derived *d = emit_derive_new(8 + (size_t)w->nch);
	struct pvabi_step *end;
	char state[160], buf[320];
	const char *name;

	if (!d)
		return NULL;
	emit_kind_state_name(w, st, state, sizeof(state));
	snprintf(buf, sizeof(buf), "%s: %s of %s=%s, %s: %s", w->s->ops[w->opi].name,
		 w->a->name, al->args[w->k->by_arg].name, e->values[v].name,
		 w->s->errors[w->k->error].name, state);
	name = emit_derive_keep(d, strdup(buf));
	if (!(end = steps(d, w, v, st)) || !name) {
		emit_derive_free(d);
		return NULL;
	}
	emit_derive_finish_own(d, w->rev, until, &w->k->loc, (size_t)(end - d->steps), name);
	return d;
}

int emit_kind_at_init(struct emit_kind_at *w, const struct pvabi_spec *s, int opi,
		      const struct pvabi_arg *a, const struct pvabi_kind_refusal *k, int rev)
{
	const struct pvabi_op *al = &s->ops[k->alloc_op];

	memset(w, 0, sizeof(*w));
	w->s = s;
	w->opi = opi;
	w->a = a;
	w->k = k;
	w->rev = rev;
	if (!pvabi_life_has(&s->ops[opi].life, rev) || !pvabi_life_has(&k->life, rev) ||
	    !pvabi_life_has(&al->life, rev) || !pvabi_life_has(&al->args[k->by_arg].life, rev) ||
	    !pvabi_life_has(&s->ops[al->ret_freed_by - 1].life, rev) || al->feature != PVABI_NONE ||
	    s->ops[opi].feature != PVABI_NONE)
		return 0;
	w->nch = emit_kind_changers(s, opi, a, k, rev, w->ch);
	return 1;
}

int emit_kind_value_alive(const struct emit_kind_at *w, size_t m)
{
	const struct pvabi_op *al = &w->s->ops[w->k->alloc_op];
	const struct pvabi_enum *e = &w->s->enums[al->args[w->k->by_arg].type.index];

	return pvabi_life_has(&e->values[w->k->values[m]].life, w->rev);
}

/* What probe_revs derives in each revision. */
struct kind_probe {
	const struct pvabi_gen *g;
	int opi, st;
	const struct pvabi_arg *a;
	const struct pvabi_kind_refusal *k;
	size_t m;
};

static int kind_derive(void *ctx, int rev, struct emit_derived **d)
{
	const struct kind_probe *p = ctx;
	struct emit_kind_at w;

	if (!emit_kind_at_init(&w, p->g->spec, p->opi, p->a, p->k, rev) ||
	    !emit_kind_value_alive(&w, p->m) || p->st >= emit_kind_nstates(&w))
		return 0;
	*d = emit_kind_derive(&w, p->k->values[p->m], p->st, PVABI_NONE);
	return *d ? 0 : -1;
}

/* The probes of value m of k, state st, in every revision up to the
 * image's; revisions that derive the same steps share one scenario. */
static int probe_revs(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		      const struct pvabi_op **ops, size_t nops, int opi,
		      const struct pvabi_arg *a, const struct pvabi_kind_refusal *k, size_t m,
		      int st)
{
	struct kind_probe p = { g, opi, st, a, k, m };

	return emit_derive_revs(t, sg, g, ops, nops, kind_derive, &p);
}

int emit_kind_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops)
{
	const struct pvabi_spec *s = g->spec;
	size_t i, j, n, m;
	int st;

	for (i = 0; i < s->nops; i++) {
		if (!emit_known(g, &s->ops[i]))
			continue;
		for (j = 0; j < s->ops[i].nargs; j++)
			for (n = 0; n < s->ops[i].args[j].nkinds; n++) {
				const struct pvabi_kind_refusal *k = &s->ops[i].args[j].kinds[n];

				for (m = 0; m < k->nvalues; m++)
					for (st = 0; st < 1 + 2 * EMIT_KIND_CHANGERS; st++)
						if (probe_revs(t, sg, g, ops, nops, (int)i,
							       &s->ops[i].args[j], k, m, st))
							return -1;
			}
	}
	return 0;
}
