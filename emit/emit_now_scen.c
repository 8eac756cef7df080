/* Probes of a value against the platform's now (<now>, abi/now.h): for
 * each mode of an argument alive in a revision, the observing scenario
 * runs once per point defined in the mode's terms, its first call of the
 * op replaced by a read of the platform's clock and the call at the
 * point in the mode; the step that names the effect (seen=) then
 * expects it seen at once, never, or, polled, seen at a moment the
 * declared promise allows, by a read of the clock once it is seen. Absolute: now - 1 (past:
 * fires at once, or the refusal and nothing seen), the last nanosecond
 * of the next millisecond but one (off the grid: seen no earlier than
 * it), or, where past is refused, now + 1 s (armed, not seen); relative:
 * 1 and 700001 ns (never past, seen no earlier than now plus the value);
 * with zero="cancels", 0 after arming now + 1 s (nothing seen).
 * docs/spec-language.md#values-against-the-platforms-now. */
#include "emit/emit_derive.h"
#include "abi/now.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The near absolute point: the last nanosecond before a millisecond
 * boundary 0.3 to 1.3 ms ahead; a platform that rounds a deadline down
 * to any grid up to 1 ms fires it that much early. */
#define NEAR_ABS "($now_clock+1300000)/1000000*1000000-1"
#define FAR_ABS "$now_clock+1000000000"
#define FAR_REL "1000000000"
/* Polls of the effect: a stalled host slows them, never spends them,
 * and the lazy platform fires at the first one past the moment. */
#define POLLS 20000u
/* Added to the promise's late bound: the moment is the clock read after
 * the poll that saw the effect, which a host that holds the guest up
 * delays; early is judged exactly. */
#define GRACE_NS "1000000000"

enum kind { K_PAST, K_NEAR, K_ONE, K_FAR, K_ZERO };

/* The point's value in the mode's terms, and the moment it stands for:
 * the earliest (lo) and latest (hi) platform time it can mean. */
static const char *point_value(enum kind k, enum pvabi_now_is is)
{
	switch (k) {
	case K_PAST:
		return "$now_clock-1";
	case K_NEAR:
		return is == PVABI_NOW_ABSOLUTE ? NEAR_ABS : "700001";
	case K_ONE:
		return "1";
	default:
		return is == PVABI_NOW_ABSOLUTE ? FAR_ABS : FAR_REL;
	}
}

static const char *point_words(enum kind k, enum pvabi_now_is is)
{
	static const char *const abs[] = { "now-1", "next ms-1ns", "", "now+1s", "0 after now+1s" };
	static const char *const rel[] = { "", "700001", "1", "1s", "0 after 1s" };

	return is == PVABI_NOW_ABSOLUTE ? abs[k] : rel[k];
}

/* The probe's own steps in place of the template's call at `at` and its
 * observer, and the steps between them, into st; the next free step. */
static struct pvabi_step *probe_steps(struct emit_derived *d, struct pvabi_step *st,
				      const struct pvabi_scenario *sc, const struct pvabi_now *n,
				      const struct pvabi_arg *a, size_t at, enum kind k)
{
	const struct pvabi_step *call = &sc->steps[at], *obs = &sc->steps[n->seen_step];
	const char *val = point_value(k, n->is), *clk = "ret>=0", *args, *exp, *oexp;
	int refused = k == K_PAST && n->past_error >= 0, polled = k == K_NEAR || k == K_ONE ||
		      (k == K_PAST && !refused && n->late);
	char lo[256], e[600];
	size_t i;

	st = emit_derive_step(st, call, PVABI_STEP_CALL, n->clock_op, NULL, clk, "now_clock");
	if (k == K_ZERO) {
		args = emit_derive_keep(d, emit_derive_args(call->args, n->when, a->name,
							    point_value(K_FAR, n->is)));
		st = emit_derive_step(st, call, PVABI_STEP_CALL, call->op, args, "ret=0", NULL);
		val = "0";
	}
	args = emit_derive_keep(d, emit_derive_args(call->args, n->when, a->name, val));
	exp = refused ? emit_derive_keep(d, strdup(n->past)) : "ret=0";
	st = emit_derive_step(st, call, PVABI_STEP_CALL, call->op, args, exp, NULL);
	for (i = at + 1; i < (size_t)n->seen_step; i++) /* between the call and its observer */
		*st++ = sc->steps[i];
	oexp = emit_derive_keep(d, emit_derive_seen(obs->expect, n->seen,
						 polled || (k == K_PAST && !refused) ? ">=1" : "=0"));
	st = emit_derive_step(st, obs, PVABI_STEP_CALL, obs->op, obs->args, oexp, obs->bind);
	if (!polled)
		return st;
	st[-1].retry = POLLS;
	st = emit_derive_step(st, call, PVABI_STEP_CALL, n->clock_op, NULL, clk, "t_seen");
	/* the moment: the value, or the clock before the call plus it; a
	 * past value's effect is due by the call */
	if (k == K_PAST)
		snprintf(lo, sizeof(lo), "$now_clock");
	else if (n->is == PVABI_NOW_ABSOLUTE)
		snprintf(lo, sizeof(lo), "%s", val);
	else
		snprintf(lo, sizeof(lo), "$now_clock+%s", val);
	/* never early: exact, by the platform's clock; late: generous */
	snprintf(e, sizeof(e), "=%s-%llu..%s+%llu+%s", k == K_PAST ? "0" : lo,
		 (unsigned long long)(k == K_PAST ? 0 : n->early), lo, (unsigned long long)n->late,
		 GRACE_NS);
	return emit_derive_step(st, call, PVABI_STEP_CHECK, PVABI_NONE, "$t_seen",
				emit_derive_keep(d, strdup(e)), NULL);
}

static char *probe_name(const struct pvabi_scenario *sc, const struct pvabi_now *n,
			const struct pvabi_arg *a, enum kind k)
{
	static const char *const outcome[] = { "fires at once", "seen in its promise",
					       "seen in its promise", "armed, not seen",
					       "nothing seen" };
	char buf[512];

	snprintf(buf, sizeof(buf), "%s: now %s=%s (%s%s%s): %s", sc->name, a->name,
		 point_words(k, n->is), n->when ? n->when : "", n->when ? ": " : "",
		 pvabi_now_is_name(n->is),
		 k == K_PAST && n->past_error >= 0 ? n->past
		 : k == K_PAST && n->late	    ? "fires within its promise"
						    : outcome[k]);
	return strdup(buf);
}

struct probe_how {
	const struct pvabi_now *n;
	const struct pvabi_arg *a;
	enum kind k;
};

static struct pvabi_step *probe_middle(struct emit_derived *d, struct pvabi_step *st,
				       const struct pvabi_scenario *sc, size_t at, const void *how)
{
	const struct probe_how *h = how;

	return probe_steps(d, st, sc, h->n, h->a, at, h->k);
}

/* One derived scenario for point k of declaration n, or NULL. */
static struct emit_derived *derive(const struct pvabi_spec *s, const struct pvabi_now *n,
				   const struct pvabi_arg *a, int opi, enum kind k)
{
	const struct pvabi_scenario *sc = &s->scenarios[n->observe_sc];
	const struct probe_how h = { n, a, k };

	return emit_derive_splice(sc, opi, (size_t)n->seen_step, 12, probe_middle, &h,
				  probe_name(sc, n, a, k), &n->life);
}

/* The probes of one declaration, in the order they run. */
static int now_scens(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		     const struct pvabi_op **ops, size_t nops, int opi, const struct pvabi_arg *a,
		     const struct pvabi_now *n)
{
	enum kind ks[4];
	size_t nk = 0, i;

	if (n->is == PVABI_NOW_ABSOLUTE) {
		ks[nk++] = K_PAST;
		ks[nk++] = n->past_error >= 0 ? K_FAR : K_NEAR;
	} else {
		ks[nk++] = K_ONE;
		ks[nk++] = K_NEAR;
	}
	if (n->cancels)
		ks[nk++] = K_ZERO;
	for (i = 0; i < nk; i++)
		if (emit_derive_add(t, sg, g, ops, nops, &sg->now, derive(g->spec, n, a, opi, ks[i])))
			return -1;
	return 0;
}

int emit_now_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			  const struct pvabi_op **ops, size_t nops)
{
	return emit_derive_each_now(t, sg, g, ops, nops, now_scens);
}
