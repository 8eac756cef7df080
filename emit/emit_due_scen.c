/* Events that fall due between calls (docs/spec-language.md#events-that-
 * fall-due-between-calls): for each <now> mode of an argument in which a
 * value can fall due (relative, or absolute where a past value fires),
 * the observing scenario runs with its first call of the op replaced by
 * a value a little ahead in the mode, then an <idle> in which the guest
 * makes no call and rings no doorbell until the moment has passed (and
 * the promise's late bound with it), then a call that changes the
 * source: the op again with a value far ahead in the mode (a re-arm) and,
 * with zero="cancels", the op with 0 (a cancel). The effect was due
 * before that call, so the step that names it (seen=) must see it: a
 * platform that serves what fell due only after the call it is handed
 * has already replaced or dropped it. The calls that change the source
 * through its handle (a close, a bind) are scenarios of the spec's own,
 * which need a vector to observe. */
#include "emit/emit_derive.h"
#include "abi/now.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value a little ahead: long enough that the calls the image makes
 * right after the op (the refusals it injects) mostly end before it, so
 * that the moment passes during the idle; a stalled host only makes it
 * pass earlier, which a right platform answers the same way. */
#define AHEAD_NS 500000u
#define AHEAD_REL "500000"
#define AHEAD_ABS "$now_clock+500000"
#define FAR_ABS "$now_clock+1000000000"
#define FAR_REL "1000000000"
/* The idle past the moment and its late bound: the guest's TSC bound
 * idles at least this long (longer on a slower TSC or a loaded host). */
#define IDLE_MARGIN_NS 1000000u

/* C_OTHER: armed by vCPU 1, which then makes no call, and seen from
 * vCPU 0 polling the observer before vCPU 1 calls again (the cancel). */
enum change { C_REARM, C_CANCEL, C_OTHER };

/* The observer's polls in C_OTHER: about 0.5 s of calls on qemu-tcg
 * (27 us each), tens of ms under hardware KVM; far past the moment and
 * its late bound either way, and only a platform that never shows the
 * expiry pays them all. */
#define OTHER_POLLS 20000u

/* Arm a little ahead, idle past the moment, change the source, and see
 * the effect that was due before the change. */
static struct pvabi_step *due_steps(struct emit_derived *d, struct pvabi_step *st,
				    const struct pvabi_scenario *sc, const struct pvabi_now *n,
				    const struct pvabi_arg *a, size_t at, enum change c)
{
	const struct pvabi_step *call = &sc->steps[at], *obs = &sc->steps[n->seen_step];
	int abs = n->is == PVABI_NOW_ABSOLUTE;
	const char *args;
	size_t i;

	st = emit_derive_step(st, call, PVABI_STEP_CALL, n->clock_op, NULL, "ret>=0", "now_clock");
	args = emit_derive_keep(d, emit_derive_args(call->args, n->when, a->name,
						    abs ? AHEAD_ABS : AHEAD_REL));
	st = emit_derive_step(st, call, PVABI_STEP_CALL, call->op, args, "ret=0", NULL);
	st = emit_derive_idle(st, call, AHEAD_NS + n->late + IDLE_MARGIN_NS);
	args = emit_derive_keep(d, emit_derive_args(call->args, n->when, a->name,
						    c == C_CANCEL ? "0"
						    : abs	  ? FAR_ABS
								  : FAR_REL));
	st = emit_derive_step(st, call, PVABI_STEP_CALL, call->op, args, "ret=0", NULL);
	for (i = at + 1; i < (size_t)n->seen_step; i++) /* between the call and its observer */
		*st++ = sc->steps[i];
	return emit_derive_step(st, obs, PVABI_STEP_CALL, obs->op, obs->args,
				emit_derive_keep(d, emit_derive_seen(obs->expect, n->seen, ">=1")), obs->bind);
}

/* Armed by vCPU 1 a little ahead, then seen from vCPU 0, which polls
 * the observer (the calls between the op and it are left out: vCPU 1
 * makes none until the cancel); every other call of the template is
 * vCPU 1's (emit_due_other_vcpu), so the source is vCPU 1's own. */
static struct pvabi_step *other_steps(struct emit_derived *d, struct pvabi_step *st,
				      const struct pvabi_scenario *sc, const struct pvabi_now *n,
				      const struct pvabi_arg *a, size_t at)
{
	const struct pvabi_step *call = &sc->steps[at], *obs = &sc->steps[n->seen_step];
	int abs = n->is == PVABI_NOW_ABSOLUTE;

	st = emit_derive_step(st, call, PVABI_STEP_CALL, n->clock_op, NULL, "ret>=0", "now_clock");
	st = emit_derive_step(st, call, PVABI_STEP_CALL, call->op,
			      emit_derive_keep(d, emit_derive_args(call->args, n->when, a->name,
							   abs ? AHEAD_ABS : AHEAD_REL)),
			      "ret=0", NULL);
	st = emit_derive_step(st, obs, PVABI_STEP_CALL, obs->op, obs->args,
			      emit_derive_keep(d, emit_derive_seen(obs->expect, n->seen, ">=1")), obs->bind);
	st[-1].retry = OTHER_POLLS;
	st[-1].vcpu = 1; /* flipped back to vCPU 0 by emit_due_other_vcpu */
	return emit_derive_step(st, call, PVABI_STEP_CALL, call->op,
				emit_derive_keep(d, emit_derive_args(call->args, n->when, a->name, "0")),
				"ret=0", NULL);
}

/* Every call vCPU 1's but the poll, which is vCPU 0's. */
static struct emit_derived *other_vcpu(struct emit_derived *d)
{
	size_t i;

	for (i = 0; d && i < d->sc.nsteps; i++)
		if (d->steps[i].kind == PVABI_STEP_CALL)
			d->steps[i].vcpu = !d->steps[i].retry;
	return d;
}

static char *due_name(const struct pvabi_scenario *sc, const struct pvabi_now *n,
		      const struct pvabi_arg *a, enum change c)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s: due %s %s=%s (%s%s%s), then %s",
		 sc->name, c == C_OTHER ? "on vCPU 1 while it makes no call" : "between calls",
		 a->name, n->is == PVABI_NOW_ABSOLUTE ? "now+0.5ms" : "0.5ms",
		 n->when ? n->when : "", n->when ? ": " : "", pvabi_now_is_name(n->is),
		 c == C_OTHER	 ? "seen from vCPU 0 before vCPU 1 calls again"
		 : c == C_CANCEL ? "cancelled: seen"
				 : "re-armed 1s ahead: seen");
	return strdup(buf);
}

struct due_how {
	const struct pvabi_now *n;
	const struct pvabi_arg *a;
	enum change c;
};

static struct pvabi_step *due_middle(struct emit_derived *d, struct pvabi_step *st,
				     const struct pvabi_scenario *sc, size_t at, const void *how)
{
	const struct due_how *h = how;

	if (h->c == C_OTHER)
		return other_steps(d, st, sc, h->n, h->a, at);
	return due_steps(d, st, sc, h->n, h->a, at, h->c);
}

static struct emit_derived *derive(const struct pvabi_spec *s, const struct pvabi_now *n,
				   const struct pvabi_arg *a, int opi, enum change c)
{
	const struct pvabi_scenario *sc = &s->scenarios[n->observe_sc];
	const struct due_how h = { n, a, c };

	struct emit_derived *d = emit_derive_splice(sc, opi, (size_t)n->seen_step, 8, due_middle,
						    &h, due_name(sc, n, a, c), &n->life);

	return c == C_OTHER ? other_vcpu(d) : d;
}

/* The modes in which a value can fall due: relative ones, and absolute
 * ones where a past value fires (a refused past value could be refused
 * after a stall between the clock read and the call, where the arming
 * itself is what is judged). */
static int can_fall_due(const struct pvabi_now *n)
{
	return n->is == PVABI_NOW_RELATIVE || n->past_error < 0;
}

static int due_scens(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		     const struct pvabi_op **ops, size_t nops, int opi, const struct pvabi_arg *a,
		     const struct pvabi_now *n)
{
	enum change cs[] = { C_REARM, C_CANCEL, C_OTHER };
	size_t i;

	if (!can_fall_due(n))
		return 0;
	for (i = 0; i < 3; i++)
		if ((cs[i] == C_REARM || n->cancels) &&
		    emit_derive_add(t, sg, g, ops, nops, &sg->now, derive(g->spec, n, a, opi, cs[i])))
			return -1;
	return 0;
}

int emit_due_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			  const struct pvabi_op **ops, size_t nops)
{
	return emit_derive_each_now(t, sg, g, ops, nops, due_scens);
}
