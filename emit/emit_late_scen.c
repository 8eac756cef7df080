/* A lateness bound judged on the least of several tries (<now>'s late=,
 * abi/now.h; docs/checks.md): for each mode of an argument, the
 * observing scenario runs with its first call of the op replaced by a
 * value whose moment lies just past a step of each grid a platform may
 * round a deadline up to (a timer wheel's slot), where such a rounding
 * is late by nearly a whole step. The effect is polled in rounds of a
 * clock read and a poll; the read before the last round that did not
 * see it is the latest moment the platform was seen not to have fired,
 * the observation's own cost taken off. That minus the moment is judged
 * against the promise plus a small slack, on the least of several runs:
 * a loaded host lengthens every run, a rounding platform is late in all
 * of them. Relative modes also get a short delay, which a platform that
 * rounds the delay rather than the moment stretches to a whole step. */
#include "emit/emit_derive.h"
#include "abi/now.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The grids a platform may keep deadlines on: the millisecond (a timer
 * wheel at HZ=1000, a clock kept in ms), 2^19 ns (a slot taken as
 * time >> 19 in binary fixed point, about 0.5 ms) and 4 ms (a jiffy at
 * HZ=250, Debian's kernels' tick). A point just past a 4 ms step is just
 * past a millisecond step too, so where both are probed the 4 ms points
 * serve the millisecond as well. */
static const uint64_t grids[] = { 1000000u, 524288u, 4000000u };
#define NGRIDS (sizeof(grids) / sizeof(grids[0]))
/* The moment is at least this far after the clock read before the call,
 * so that the call and the first round of the poll come before it at a
 * loaded TCG host's cost of a call (up to about 180 us): a run whose
 * first round already sees the effect cannot tell how late it was. */
#define LEAD_NS 200000u
/* A relative mode's delay point: shorter than every grid's step, so a
 * platform that rounds the delay up to any of them is late by the rest
 * of the step; as long as LEAD_NS for the same reason. */
#define DELAY_NS 200001u
/* Rounds of the poll in a run at most, each a clock read and a poll:
 * the poll ends sooner, by the clock (poll_ns). */
#define ROUNDS 20000u

/* 1 when grid i is probed in a mode promising late: a rounding to a
 * step no longer than the promise (and its slack) keeps the promise. */
static int breaks_promise(size_t i, uint64_t late)
{
	return grids[i] - 1 > late + EMIT_LATE_SLACK_NS;
}

/* The finest grid breaking the promise that a point just past a step
 * of g is also just past (g itself, or a grid whose step divides it);
 * g 0: the finest of all, which a delay shorter than each serves. */
static uint64_t finest(uint64_t g, uint64_t late)
{
	uint64_t f = g;
	size_t i;

	for (i = 0; i < NGRIDS; i++)
		if (breaks_promise(i, late) && (!g || g % grids[i] == 0) && (!f || grids[i] < f))
			f = grids[i];
	return f;
}

size_t emit_late_grids(const struct pvabi_now *n, uint64_t *out)
{
	size_t i, m, k = 0;

	for (i = 0; i < NGRIDS && !n->record; i++) {
		if (!breaks_promise(i, n->late))
			continue;
		/* a step of a coarser grid probed is a step of this one: its
		 * points serve both (4 ms and 1 ms) */
		for (m = 0; m < NGRIDS; m++)
			if (m != i && breaks_promise(m, n->late) && grids[m] % grids[i] == 0)
				break;
		if (m == NGRIDS)
			out[k++] = grids[i];
	}
	return k;
}

struct late_how {
	const struct pvabi_now *n;
	const struct pvabi_arg *a;
	uint64_t grid; /* 0: the delay point of a relative mode */
};

/* The value in the mode's terms: absolute, the grid's first step at
 * least LEAD_NS after $now_clock, plus 1 ns; relative, the same moment
 * less $now_clock (the call comes later, so its moment is a little
 * further past the step), or the short delay. */
static char *point(const struct late_how *h)
{
	char buf[160];

	if (!h->grid)
		snprintf(buf, sizeof(buf), "%u", DELAY_NS);
	else
		snprintf(buf, sizeof(buf), "($now_clock+%u)/%llu*%llu+%llu+1%s", LEAD_NS,
			 (unsigned long long)h->grid, (unsigned long long)h->grid,
			 (unsigned long long)h->grid,
			 h->n->is == PVABI_NOW_RELATIVE ? "-$now_clock" : "");
	return strdup(buf);
}

/* Lateness of the last read that did not see it: the moment is the
 * value, or at most the clock read after the call plus it. */
static char *lateness(const struct late_how *h, const char *val)
{
	char buf[200];

	snprintf(buf, sizeof(buf), "$t_prev-%s(%s)",
		 h->n->is == PVABI_NOW_RELATIVE ? "$t_after-" : "", val);
	return strdup(buf);
}

/* How long by the platform's clock the poll lasts from its first read:
 * the moment lies at most the point's distance past it (the grid's step
 * and LEAD_NS, or the delay), and the effect is then seen within the
 * promise and its slack; a platform rounding to the coarsest grid is
 * still seen (the last grid, 4 ms), so its failure says how late it was. A platform that never
 * shows the effect is then reported in milliseconds, not after every
 * round (a deadline taken as relative, an event dropped). */
static uint64_t poll_ns(const struct late_how *h)
{
	return (h->grid ? LEAD_NS + h->grid : DELAY_NS) + grids[NGRIDS - 1] + h->n->late +
	       EMIT_LATE_SLACK_NS;
}

/* What a rounding to the finest grid the point serves makes the least
 * lateness exceed the promise and its slack by, at least. */
static uint64_t margin(const struct late_how *h)
{
	uint64_t f = finest(h->grid, h->n->late), late = h->n->late + EMIT_LATE_SLACK_NS;

	return (h->grid ? f - 1 : f - DELAY_NS) - late;
}

static struct pvabi_step *late_middle(struct emit_derived *d, struct pvabi_step *st,
				      const struct pvabi_scenario *sc, size_t at, const void *how)
{
	const struct late_how *h = how;
	const struct pvabi_now *n = h->n;
	const struct pvabi_step *call = &sc->steps[at], *obs = &sc->steps[n->seen_step];
	const char *val = emit_derive_keep(d, point(h));
	char want[64];
	size_t i;

	snprintf(want, sizeof(want), "<=%llu", (unsigned long long)(n->late + EMIT_LATE_SLACK_NS));
	st = emit_derive_step(st, call, PVABI_STEP_CALL, n->clock_op, NULL, "ret>=0", "now_clock");
	st = emit_derive_step(st, call, PVABI_STEP_CALL, call->op,
			      emit_derive_keep(d, emit_derive_args(call->args, n->when, h->a->name,
						      val ? val : "0")),
			      "ret=0", NULL);
	/* a host that held the guest up past the moment makes a refused
	 * past value right: that run cannot tell */
	st[-1].unsure = n->is == PVABI_NOW_ABSOLUTE && n->past_error >= 0;
	st = emit_derive_step(st, call, PVABI_STEP_CALL, n->clock_op, NULL, "ret>=0", "t_after");
	for (i = at + 1; i < (size_t)n->seen_step; i++) /* between the call and its observer */
		*st++ = sc->steps[i];
	st = emit_derive_step(st, call, PVABI_STEP_CALL, n->clock_op, NULL, "ret>=0", "t_prev");
	st[-1].round = 1;
	st[-1].within_ns = poll_ns(h);
	st = emit_derive_step(st, obs, PVABI_STEP_CALL, obs->op, obs->args,
			      emit_derive_keep(d, emit_derive_seen(obs->expect, n->seen, ">=1")), obs->bind);
	st[-1].retry = ROUNDS;
	st = emit_derive_step(st, call, PVABI_STEP_CALL, n->clock_op, NULL, "ret>=0", "t_end");
	st = emit_derive_step(st, call, PVABI_STEP_CHECK, PVABI_NONE,
			      emit_derive_keep(d, lateness(h, val)),
			      emit_derive_keep(d, strdup(want)), NULL);
	st[-1].least = 1;
	/* the observation, from the read before the last poll that did not
	 * see the effect to the read after the one that did, shorter than
	 * the margin a rounding leaves over the promise: else a rounding
	 * platform could pass this run, which cannot tell */
	snprintf(want, sizeof(want), "<=%llu", (unsigned long long)margin(h));
	st = emit_derive_step(st, call, PVABI_STEP_CHECK, PVABI_NONE, "$t_end-$t_prev",
			      emit_derive_keep(d, strdup(want)), NULL);
	st[-1].guard = 1;
	return st;
}

static char *late_name(const struct pvabi_scenario *sc, const struct late_how *h)
{
	const struct pvabi_now *n = h->n;
	char buf[512], pt[64];

	if (!h->grid)
		snprintf(pt, sizeof(pt), "%u", DELAY_NS);
	else if (h->grid % 1000000u)
		snprintf(pt, sizeof(pt), "1ns past a %llu ns step", (unsigned long long)h->grid);
	else
		snprintf(pt, sizeof(pt), "1ns past a %llu ms step",
			 (unsigned long long)(h->grid / 1000000u));
	snprintf(buf, sizeof(buf), "%s: late %s=%s (%s%s%s): least lateness of its tries <= %llu ns",
		 sc->name, h->a->name, pt, n->when ? n->when : "", n->when ? ": " : "",
		 pvabi_now_is_name(n->is), (unsigned long long)(n->late + EMIT_LATE_SLACK_NS));
	return strdup(buf);
}

static struct emit_derived *derive(const struct pvabi_spec *s, const struct late_how *h, int opi)
{
	const struct pvabi_scenario *sc = &s->scenarios[h->n->observe_sc];

	return emit_derive_splice(sc, opi, (size_t)h->n->seen_step, 10, late_middle, h,
				  late_name(sc, h), &h->n->life);
}

static int late_scens(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		      const struct pvabi_op **ops, size_t nops, int opi, const struct pvabi_arg *a,
		      const struct pvabi_now *n)
{
	uint64_t steps[NGRIDS];
	size_t k = emit_late_grids(n, steps), i;
	struct late_how h = { n, a, 0 };

	for (i = 0; i <= k; i++) {
		if (i == k && (!k || n->is != PVABI_NOW_RELATIVE))
			break;
		h.grid = i < k ? steps[i] : 0;
		if (emit_derive_add(t, sg, g, ops, nops, &sg->now, derive(g->spec, &h, opi)))
			return -1;
	}
	return 0;
}

int emit_late_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			   const struct pvabi_op **ops, size_t nops)
{
	return emit_derive_each_now(t, sg, g, ops, nops, late_scens);
}
