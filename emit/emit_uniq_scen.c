/* At most one handle of a kind per scope, probed at its scope from two
 * vCPUs (<one-per>, docs/checks.md). A rule "one per guest" that a
 * platform counts per vCPU, or "one per vCPU" that it counts per guest,
 * stays green while every allocation comes from one vCPU: nothing else
 * holds such a handle when the second is asked for. So vCPU 0 holds one,
 * and vCPU 1 asks for another: refused for a per-guest rule, granted for
 * a per-vCPU one (and then refused on vCPU 1 itself); vCPU 0 asks again
 * and is refused; the first is freed and the other vCPU asks again,
 * granted (per guest) or still refused while it holds its own (per
 * vCPU).
 *
 * Derived, never listed: every value of every <one-per> of the kind
 * argument of an op that allocates handles (<ret limit= freed-by=>), in
 * every revision where the value, the op and the op that frees it are
 * alive. */
#include "emit/emit_kind.h"
#include "abi/limit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One value v of <one-per> k of argument by of op al, in rev. */
struct uniq_at {
	const struct pvabi_spec *s;
	int rev, al, fr, li, by, v;
	const struct pvabi_one_per *k;
};

/* An allocation from vCPU c, bound to var when it is to succeed. */
static struct pvabi_step *alloc(struct emit_derived *d, const struct uniq_at *w,
				struct pvabi_step *p, const char *args, const char *expect,
				const char *var, unsigned int c)
{
	p = emit_derive_call(p, w->al, args, expect, var ? emit_derive_keep(d, strdup(var)) : NULL,
			     &w->k->loc);
	p[-1].vcpu = c;
	return p;
}

/* The free of $var from vCPU c. */
static struct pvabi_step *release(struct emit_derived *d, const struct uniq_at *w,
				  struct pvabi_step *p, const char *var, unsigned int c)
{
	p = emit_derive_call(p, w->fr, emit_kind_hcall(d, w->s, w->fr, w->li, w->rev, var), "ret=0",
			     NULL, &w->k->loc);
	p[-1].vcpu = c;
	return p;
}

/* The steps; the next free one, or NULL when a string could not be
 * kept. ok: a granted allocation's expectation; no: the refusal. */
static struct pvabi_step *steps(struct emit_derived *d, const struct uniq_at *w,
				const char *args, const char *ok, const char *no)
{
	struct pvabi_step *p = d->steps;

	p = alloc(d, w, p, args, ok, "u0", 0);
	if (w->k->scope == PVABI_SCOPE_GUEST) {
		p = alloc(d, w, p, args, no, NULL, 1); /* the guest's one is held */
		p = alloc(d, w, p, args, no, NULL, 0);
		p = release(d, w, p, "$u0", 0);
		p = alloc(d, w, p, args, ok, "u1", 1); /* free again, from the other */
		p = alloc(d, w, p, args, no, NULL, 0);
		p = release(d, w, p, "$u1", 1);
		p = alloc(d, w, p, args, ok, "u0", 0);
		return d->oom ? NULL : release(d, w, p, "$u0", 0);
	}
	p = alloc(d, w, p, args, ok, "u1", 1); /* vCPU 0's is not vCPU 1's */
	p = alloc(d, w, p, args, no, NULL, 1);
	p = alloc(d, w, p, args, no, NULL, 0);
	p = release(d, w, p, "$u0", 0);
	p = alloc(d, w, p, args, no, NULL, 1); /* vCPU 1 still holds its own */
	p = alloc(d, w, p, args, ok, "u0", 0);
	p = release(d, w, p, "$u1", 1);
	p = alloc(d, w, p, args, no, NULL, 0);
	p = release(d, w, p, "$u0", 0);
	return d->oom ? NULL : p;
}

static struct emit_derived *derive(const struct uniq_at *w)
{
	const struct pvabi_spec *s = w->s;
	const struct pvabi_op *al = &s->ops[w->al];
	const struct pvabi_arg *a = &al->args[w->by];
	const char *vname = s->enums[a->type.index].values[w->v].name;
	struct emit_derived *d = emit_derive_new(12);
	struct pvabi_step *end;
	const char *args, *ok, *no, *name;
	char buf[160];

	if (!d)
		return NULL;
	args = emit_derive_keep(d, emit_derive_args(al->probe_base, NULL, a->name, vname));
	snprintf(buf, sizeof(buf), "ret>=%llu", (unsigned long long)s->limits[w->li].min);
	ok = emit_derive_keep(d, strdup(buf));
	snprintf(buf, sizeof(buf), "error=%s", s->errors[w->k->error].name);
	no = emit_derive_keep(d, strdup(buf));
	snprintf(buf, sizeof(buf), "%s: one %s=%s per %s, held on vCPU 0, asked from vCPU 1",
		 al->name, a->name, vname, w->k->scope == PVABI_SCOPE_VCPU ? "vCPU" : "guest");
	name = emit_derive_keep(d, strdup(buf));
	if (!args || !ok || !no || !name || !(end = steps(d, w, args, ok, no))) {
		emit_derive_free(d);
		return NULL;
	}
	emit_derive_finish_own(d, w->rev, PVABI_NONE, &w->k->loc, (size_t)(end - d->steps), name);
	return d;
}

/* 1 with w filled when value m of k (on argument by of op al) derives
 * its probe in rev. */
static int uniq_at_init(struct uniq_at *w, const struct pvabi_spec *s, int al, int by,
			const struct pvabi_one_per *k, size_t m, int rev)
{
	const struct pvabi_op *op = &s->ops[al];
	const struct pvabi_enum *e;

	memset(w, 0, sizeof(*w));
	if (!op->ret_limit || !op->ret_freed_by || op->feature != PVABI_NONE ||
	    m >= k->nvalues || !pvabi_life_has(&op->life, rev) ||
	    !pvabi_life_has(&op->args[by].life, rev) || !pvabi_life_has(&k->life, rev) ||
	    !pvabi_life_has(&s->ops[op->ret_freed_by - 1].life, rev))
		return 0;
	e = &s->enums[op->args[by].type.index];
	if (!pvabi_life_has(&e->values[k->values[m]].life, rev))
		return 0;
	*w = (struct uniq_at){ s, rev, al, op->ret_freed_by - 1, op->ret_limit - 1, by,
			       k->values[m], k };
	return 1;
}

int emit_uniq_derive(const struct pvabi_spec *s, int al, int by, const struct pvabi_one_per *k,
		     size_t m, int rev, struct emit_derived **d)
{
	struct uniq_at w;

	*d = NULL;
	if (!uniq_at_init(&w, s, al, by, k, m, rev))
		return 0;
	*d = derive(&w);
	return *d ? 1 : -1;
}

struct uniq_value {
	const struct pvabi_gen *g;
	int al, by;
	const struct pvabi_one_per *k;
	size_t m;
};

static int uniq_derive(void *ctx, int rev, struct emit_derived **d)
{
	const struct uniq_value *p = ctx;
	const struct pvabi_op *al = &p->g->spec->ops[p->al];

	if (al->ret_freed_by && !emit_known(p->g, &p->g->spec->ops[al->ret_freed_by - 1]))
		return 0;
	return emit_uniq_derive(p->g->spec, p->al, p->by, p->k, p->m, rev, d) < 0 ? -1 : 0;
}

int emit_uniq_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops)
{
	const struct pvabi_spec *s = g->spec;
	size_t i, j, k, m;

	for (i = 0; i < s->nops; i++) {
		if (!emit_known(g, &s->ops[i]))
			continue;
		for (j = 0; j < s->ops[i].nargs; j++)
			for (k = 0; k < s->ops[i].args[j].nones; k++)
				for (m = 0; m < s->ops[i].args[j].ones[k].nvalues; m++) {
					struct uniq_value p = { g, (int)i, (int)j,
								&s->ops[i].args[j].ones[k], m };

					if (emit_derive_revs(t, sg, g, ops, nops, uniq_derive, &p))
						return -1;
				}
	}
	return 0;
}
