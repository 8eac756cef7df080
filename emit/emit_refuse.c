/* Refusals injected into scenarios, for the class "a refused call has
 * no effect": a scenario passes on a correct platform, and a call the
 * platform refuses changes nothing, so the scenario must still pass when
 * the calls an op's vectors expect refused are made in the middle of it.
 * Right after the first call of each op that succeeds (the state that
 * call established is what the rest of the scenario observes), every
 * vector of the same op that expects an error is called; the scenario
 * then goes on as written. A timer armed and then refused a past
 * `future` deadline must still fire; a PTE written must still read back;
 * a bound port must still deliver. The image runs the scenario with the
 * refusals in it, not beside it: a second copy of every scenario would
 * cost a conformance cell a third more calls.
 *
 * Ops that report through a pass="out" argument only observe state:
 * refusing them has nothing to undo, so nothing is injected after them. */
#include "emit/emit_ctable.h"

#include <stdlib.h>
#include <string.h>

static int refuses(const struct pvabi_vector *v)
{
	return v->expect && !strncmp(v->expect, "error=", 6);
}

static size_t nrefusals(const struct pvabi_op *op)
{
	size_t i, n = 0;

	for (i = 0; i < op->nvectors; i++)
		n += (size_t)refuses(&op->vectors[i]);
	return pvabi_op_writes_back(op) ? 0 : n;
}

/* Appends op's refusing vectors as steps after step k of d, made by the
 * vCPU that made the call they follow. */
static void inject(struct emit_dscen *d, const struct pvabi_spec *s, int opi, unsigned int vcpu)
{
	const struct pvabi_op *op = &s->ops[opi];
	size_t i;

	for (i = 0; i < op->nvectors; i++) {
		struct pvabi_step *st = &d->steps[d->sc.nsteps];

		if (!refuses(&op->vectors[i]))
			continue;
		memset(st, 0, sizeof(*st));
		st->kind = PVABI_STEP_CALL;
		st->op = opi;
		st->cmd = PVABI_NONE;
		st->vcpu = vcpu;
		st->args = op->vectors[i].args;
		st->expect = op->vectors[i].expect;
		st->loc = op->vectors[i].loc;
		d->from[d->sc.nsteps++] = &op->vectors[i];
	}
}

int emit_refuse_derive(const struct pvabi_spec *s, const struct pvabi_scenario *sc,
		       struct emit_dscen *d)
{
	size_t i, room = sc->nsteps, injected = 0;
	unsigned char *seen = calloc(s->nops + 1, 1);

	memset(d, 0, sizeof(*d));
	if (!seen)
		return -1;
	for (i = 0; i < sc->nsteps; i++)
		if (sc->steps[i].kind == PVABI_STEP_CALL && sc->steps[i].op >= 0)
			room += nrefusals(&s->ops[sc->steps[i].op]);
	d->steps = calloc(room + 1, sizeof(*d->steps));
	d->from = calloc(room + 1, sizeof(*d->from));
	if (!d->steps || !d->from) {
		free(seen);
		emit_refuse_free(d);
		return -1;
	}
	d->sc = *sc;
	d->sc.steps = d->steps;
	d->sc.nsteps = 0;
	for (i = 0; i < sc->nsteps; i++) {
		const struct pvabi_step *st = &sc->steps[i];

		d->steps[d->sc.nsteps++] = *st;
		if (st->kind != PVABI_STEP_CALL || st->op < 0 || seen[st->op] || !st->expect ||
		    !strncmp(st->expect, "error=", 6) || !nrefusals(&s->ops[st->op]))
			continue;
		seen[st->op] = 1;
		injected++;
		inject(d, s, st->op, st->vcpu);
	}
	free(seen);
	if (injected)
		return 1;
	emit_refuse_free(d);
	return 0;
}

void emit_refuse_free(struct emit_dscen *d)
{
	free(d->steps);
	free(d->from);
	memset(d, 0, sizeof(*d));
}
