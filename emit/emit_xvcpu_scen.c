/* Every op on a handle, made from the other vCPU (docs/spec-language.md
 * #ops-on-a-handle-from-the-other-vcpu). In a scenario with two vCPUs, a
 * handle belongs to the guest, but what it holds may be a vCPU's: the
 * timer port of the vCPU that allocated it, a port bound to a vCPU. A
 * platform that looks up that state through the calling vCPU instead of
 * the handle (frees the caller's timer port slot on a close, binds to
 * the caller) serves the owner's own calls right and another vCPU's
 * wrong. So for every call on a handle in such a scenario (a call that
 * passes a variable bound by the op that made the handle, in an argument
 * of the handle's limit), one scenario makes that call from the other
 * vCPU and leaves every other step as written: the owner's later uses
 * (its waits, its timer, its status) must see what they saw when the
 * owner made the call. Where the call frees the handle, the vCPU that
 * made it then allocates its next one as it did the first, which must
 * succeed, and frees it: a platform that freed the caller's slot
 * instead answers the owner EBUSY, or hands its events elsewhere.
 *
 * Nothing is declared for it: the handles are the ops' <ret freed-by=>,
 * the calls on them the arguments of the handle's limit, and which vCPU
 * owns what the scenario already says. Scenarios of one vCPU are left
 * out (flipping their calls would start vCPU 1 for each of them). */
#include "emit/emit_xvcpu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The variable the owner's next handle is bound to */
#define NEXT_VAR "xv_next"

int emit_xvcpu_two(const struct pvabi_scenario *sc)
{
	size_t i;

	for (i = 0; i < sc->nsteps; i++)
		if (sc->steps[i].vcpu)
			return 1;
	return 0;
}

/* The step before `at` that made the handle the value val (length n,
 * "$NAME") names, or -1. */
static long maker_of(const struct pvabi_spec *s, const struct pvabi_scenario *sc, size_t at,
		     const char *val, size_t n)
{
	size_t i;

	if (n < 2 || val[0] != '$')
		return -1;
	for (i = 0; i < at; i++) {
		const struct pvabi_step *st = &sc->steps[i];

		if (st->kind == PVABI_STEP_CALL && st->bind && s->ops[st->op].ret_freed_by &&
		    strlen(st->bind) == n - 1 && !strncmp(st->bind, val + 1, n - 1))
			return (long)i;
	}
	return -1;
}

/* The step that made the handle step `at` passes in an argument of the
 * handle's limit, or -1; *arg: that argument's name. */
static long handle_maker(const struct pvabi_spec *s, const struct pvabi_scenario *sc, size_t at,
			 const char **arg)
{
	const struct pvabi_step *st = &sc->steps[at];
	const struct pvabi_op *op;
	size_t i;

	if (st->kind != PVABI_STEP_CALL || !st->args)
		return -1;
	op = &s->ops[st->op];
	if (pvabi_op_writes_back(op)) /* an op that only reports changes nothing */
		return -1;
	for (i = 0; i < op->nargs; i++) {
		const char *p = st->args, *v;
		size_t k = strlen(op->args[i].name), n;
		long m;

		if (op->args[i].dir != PVABI_BY_VALUE || op->args[i].limit == PVABI_NONE)
			continue;
		while (*p) {
			p += strspn(p, " ");
			n = strcspn(p, " ");
			v = p + k + 1;
			if (n > k + 1 && !strncmp(p, op->args[i].name, k) && p[k] == '=' &&
			    (m = maker_of(s, sc, at, v, n - k - 1)) >= 0 &&
			    s->ops[sc->steps[m].op].ret_limit - 1 == op->args[i].limit) {
				*arg = op->args[i].name;
				return m;
			}
			p += n;
		}
	}
	return -1;
}

int emit_xvcpu_flips(const struct pvabi_spec *s, const struct pvabi_scenario *sc, size_t at)
{
	const char *arg;

	return s->format < 2 && emit_xvcpu_two(sc) && handle_maker(s, sc, at, &arg) >= 0;
}

/* 1 when the flipped call frees the handle and is expected to succeed:
 * the owner then allocates its next one. */
static int frees(const struct pvabi_spec *s, const struct pvabi_step *st, const struct pvabi_step *mk)
{
	return s->ops[mk->op].ret_freed_by - 1 == st->op && st->expect &&
	       !strncmp(st->expect, "ret=0", 5);
}

static struct pvabi_step *put_like(struct pvabi_step *st, const struct pvabi_step *like,
				   const char *args, const char *expect, const char *bind)
{
	*st = *like;
	st->args = args;
	st->expect = expect;
	st->bind = bind;
	st->retry = 0;
	return st + 1;
}

/* Step `at`, made by the other vCPU, from o; where it frees the handle
 * step mk made, the maker's next allocation and its free follow it. The
 * next free step. */
static struct pvabi_step *flip(struct emit_derived *d, struct pvabi_step *o,
			       const struct pvabi_spec *s, const struct pvabi_step *st,
			       const struct pvabi_step *mk, const char *arg)
{
	*o = *st;
	o->vcpu = !st->vcpu;
	o++;
	if (!frees(s, st, mk))
		return o;
	o = put_like(o, mk, mk->args, mk->expect, NEXT_VAR);
	o = put_like(o, st, emit_derive_keep(d, emit_derive_args(st->args, NULL, arg, "$" NEXT_VAR)),
		     "ret=0", NULL);
	o[-1].vcpu = mk->vcpu;
	return o;
}

struct emit_derived *emit_xvcpu_derive(const struct pvabi_spec *s, const struct pvabi_scenario *sc)
{
	struct emit_derived *d;
	struct pvabi_step *o;
	const char *arg;
	char buf[200];
	size_t i, nf = 0;
	long m;

	for (i = 0; i < sc->nsteps; i++)
		nf += (size_t)emit_xvcpu_flips(s, sc, i);
	if (!nf || !(d = emit_derive_new(sc->nsteps + 2 * nf)))
		return NULL;
	for (i = 0, o = d->steps; i < sc->nsteps; i++) {
		m = emit_xvcpu_flips(s, sc, i) ? handle_maker(s, sc, i, &arg) : -1;
		if (m < 0)
			*o++ = sc->steps[i];
		else
			o = flip(d, o, s, &sc->steps[i], &sc->steps[m], arg);
	}
	snprintf(buf, sizeof(buf), "each call on a handle from the other vCPU: %s", sc->name);
	emit_derive_finish(d, sc, (size_t)(o - d->steps), emit_derive_keep(d, strdup(buf)),
			   &sc->life);
	if (d->oom) {
		emit_derive_free(d);
		return NULL;
	}
	return d;
}

int emit_xvcpu_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			    const struct pvabi_op **ops, size_t nops)
{
	const struct pvabi_spec *s = g->spec;
	size_t i, j;

	for (i = 0; i < s->nscenarios; i++)
		for (j = 0; j < s->scenarios[i].nsteps; j++)
			if (emit_xvcpu_flips(s, &s->scenarios[i], j)) {
				if (emit_derive_add(t, sg, g, ops, nops, &sg->xvcpu,
						    emit_xvcpu_derive(s, &s->scenarios[i])))
					return -1;
				break;
			}
	return 0;
}
