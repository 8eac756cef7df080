/* Each replacement a <now> promises, judged in both directions
 * (docs/spec-language.md#a-moment-replaced-before-it-falls-due). A
 * moment armed through an op is state the op's next call replaces (a
 * <now> says the value is the moment the effect happens, and zero=
 * "cancels" that 0 drops it): the checks that re-arm only where keeping
 * either of the two moments gives the same answer (a far one replaced by
 * a past one; a re-arm after the first fell due) pass a platform that
 * keeps the sooner or the later. For each mode in which a value can fall
 * due, the observing scenario runs with its first call of the op
 * replaced by: a clock read, the op armed at one moment, the op again at
 * a moment on the other side of it, and an <idle> past both the first
 * moment and the mode's late bound; the step that names seen= then
 * judges which one is in force:
 *
 *   later:   armed 2 ms ahead, replaced 10 s ahead: not seen (=0)
 *   cancel:  armed 2 ms ahead, replaced by 0 (zero="cancels"): not seen
 *   earlier: armed 10 s ahead, replaced 2 ms ahead: seen (>=1)
 *   at once: armed 1 ms ahead, replaced by 1 (absolute: long past;
 *            relative: 1 ns ahead, due by the next call): its effect
 *            seen (polled), then the observed handle released and made
 *            again as the scenario makes it (what the first effect left
 *            on it goes), and after the idle not seen (=0)
 *
 * A stall between the two calls can let the first moment fall due
 * before the replacement, which a right platform rightly fires: for the
 * later, cancel and at once, a clock read after the replacement and a guard make
 * the image run the scenario again when the replacement came too late
 * to tell (guest/rt/scen_steps.c), never a failure. A stall only makes
 * the earlier's moment come sooner. Nothing new is declared. */
#include "emit/emit_derive.h"
#include "abi/now.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How far ahead the first moment is: the replacement and the clock read
 * after it take about 60 us on qemu-tcg, so the guard holds on all but a
 * host that stalls the guest for milliseconds; short, since every probe
 * idles past it. */
#define AHEAD_NS 2000000u
#define AHEAD_ABS "$now_clock+2000000"
#define AHEAD_REL "2000000"
/* The far moment: never reached while the scenario runs (its own steps
 * after the observer cancel it). */
#define FAR_ABS "$now_clock+10000000000"
#define FAR_REL "10000000000"
/* The idle past the first moment and its late bound (by the guest's TSC:
 * a slower TSC or a loaded host only makes it longer). */
#define IDLE_MARGIN_NS 1000000u
/* The at-once direction's first moment and margin: shorter, since it
 * runs in every mode and its idle is what it costs; the guard still
 * holds after its six calls (about 200 us on qemu-tcg). */
#define SOON_NS 1000000u
#define SOON_ABS "$now_clock+1000000"
#define SOON_REL "1000000"
#define SOON_MARGIN_NS 500000u
/* A value that takes effect at once in every mode that can fall due:
 * absolute, 1 ns after the clock's start, long past; relative, 1 ns
 * after the call, due by the next call. */
#define AT_ONCE "1"
/* How often the first effect is polled for (a coarse mode may raise it
 * up to its late bound after the call). */
#define AT_ONCE_RETRY 2000u

enum dir { D_LATER, D_CANCEL, D_EARLIER, D_AT_ONCE };

struct replace_how {
	const struct pvabi_now *n;
	const struct pvabi_arg *a;
	enum dir d;
};

/* The op's call from like with arg at value (the mode's other arguments
 * kept); the next free step. */
static struct pvabi_step *arm(struct emit_derived *d, struct pvabi_step *st,
			      const struct pvabi_step *like, const struct replace_how *h,
			      const char *value)
{
	const char *args = emit_derive_keep(d, emit_derive_args(like->args, h->n->when,
								h->a->name, value));

	return emit_derive_step(st, like, PVABI_STEP_CALL, like->op, args, "ret=0", NULL);
}

/* The clock read after the replacement must be before the first moment
 * (less the mode's early bound): else the run could not tell. */
static struct pvabi_step *guard(struct emit_derived *d, struct pvabi_step *st,
				const struct pvabi_step *like, const struct pvabi_now *n,
				uint64_t ahead)
{
	uint64_t room = ahead > n->early ? ahead - n->early : 0;
	char buf[64];

	st = emit_derive_step(st, like, PVABI_STEP_CALL, n->clock_op, NULL, "ret>=0", "rp_after");
	st = emit_derive_fresh(st, PVABI_STEP_CHECK, PVABI_NONE, &like->loc) - 1;
	st->args = "$rp_after";
	snprintf(buf, sizeof(buf), "<=$now_clock+%llu", (unsigned long long)(room ? room - 1 : 0));
	st->expect = emit_derive_keep(d, strdup(buf));
	st->guard = 1;
	return st + 1;
}

static struct pvabi_step *idle(struct pvabi_step *st, const struct pvabi_step *like,
			       const struct pvabi_now *n)
{
	return emit_derive_idle(st, like, AHEAD_NS + n->late + IDLE_MARGIN_NS);
}

/* The steps between the call at `at` and its observer, then the
 * observer wanting the effect seen (">=1") or not ("=0"); polled when
 * retry. The next free step. */
static struct pvabi_step *observe(struct emit_derived *d, struct pvabi_step *st,
				  const struct pvabi_scenario *sc, size_t at,
				  const struct pvabi_now *n, const char *want, unsigned retry)
{
	const struct pvabi_step *obs = &sc->steps[n->seen_step];
	size_t i;

	for (i = at + 1; i < (size_t)n->seen_step; i++)
		*st++ = sc->steps[i];
	st = emit_derive_step(st, obs, PVABI_STEP_CALL, obs->op, obs->args,
			      emit_derive_keep(d, emit_derive_seen(obs->expect, n->seen, want)),
			      obs->bind);
	st[-1].retry = retry;
	return st;
}

/* The handle the observer reads, released and made again as the
 * scenario makes them: its steps after the observer that are not the
 * op's own calls (a call of the op would replace the armed moment),
 * then its steps before the op's first call. The next free step. */
static struct pvabi_step *remake(struct pvabi_step *st, const struct pvabi_scenario *sc,
				 size_t at, const struct pvabi_now *n)
{
	int op = sc->steps[at].op;
	size_t i;

	for (i = (size_t)n->seen_step + 1; i < sc->nsteps; i++)
		if (sc->steps[i].kind != PVABI_STEP_CALL || sc->steps[i].op != op)
			*st++ = sc->steps[i];
	for (i = 0; i < at; i++)
		*st++ = sc->steps[i];
	return st;
}

/* at once: armed soon, replaced by a value that takes effect at once,
 * its effect seen, the handle remade, an idle past the first moment:
 * not seen again. A platform that raises the at-once value without
 * replacing the armed moment raises the first moment on the new handle.
 * A stall that lets the first moment fall due before the replacement
 * raises it on the old handle, which a right platform does too: the
 * guard after the remake says whether the run could tell. */
static struct pvabi_step *at_once_middle(struct emit_derived *d, struct pvabi_step *st,
					 const struct pvabi_scenario *sc, size_t at,
					 const struct replace_how *h)
{
	const struct pvabi_step *call = &sc->steps[at];
	int abs = h->n->is == PVABI_NOW_ABSOLUTE;

	st = emit_derive_step(st, call, PVABI_STEP_CALL, h->n->clock_op, NULL, "ret>=0",
			      "now_clock");
	st = arm(d, st, call, h, abs ? SOON_ABS : SOON_REL);
	st = arm(d, st, call, h, AT_ONCE);
	st = observe(d, st, sc, at, h->n, ">=1", AT_ONCE_RETRY);
	st = remake(st, sc, at, h->n);
	st = guard(d, st, call, h->n, SOON_NS);
	st = emit_derive_idle(st, call, SOON_NS + h->n->late + SOON_MARGIN_NS);
	return observe(d, st, sc, at, h->n, "=0", 0);
}

static struct pvabi_step *replace_middle(struct emit_derived *d, struct pvabi_step *st,
					 const struct pvabi_scenario *sc, size_t at,
					 const void *how)
{
	const struct replace_how *h = how;
	const struct pvabi_step *call = &sc->steps[at];
	int abs = h->n->is == PVABI_NOW_ABSOLUTE;
	const char *near = abs ? AHEAD_ABS : AHEAD_REL, *far = abs ? FAR_ABS : FAR_REL;

	if (h->d == D_AT_ONCE)
		return at_once_middle(d, st, sc, at, h);
	st = emit_derive_step(st, call, PVABI_STEP_CALL, h->n->clock_op, NULL, "ret>=0",
			      "now_clock");
	st = arm(d, st, call, h, h->d == D_EARLIER ? far : near);
	st = arm(d, st, call, h, h->d == D_EARLIER ? near : h->d == D_CANCEL ? "0" : far);
	if (h->d != D_EARLIER)
		st = guard(d, st, call, h->n, AHEAD_NS);
	st = idle(st, call, h->n);
	return observe(d, st, sc, at, h->n, h->d == D_EARLIER ? ">=1" : "=0", 0);
}

static char *replace_name(const struct pvabi_scenario *sc, const struct replace_how *h)
{
	static const char *const how[] = {
		[D_LATER] = "2ms ahead, replaced 10s ahead: not seen",
		[D_CANCEL] = "2ms ahead, cancelled: not seen",
		[D_EARLIER] = "10s ahead, replaced 2ms ahead: seen",
		[D_AT_ONCE] = "1ms ahead, replaced by 1 (at once): seen once",
	};
	const struct pvabi_now *n = h->n;
	char buf[512];

	snprintf(buf, sizeof(buf), "%s: replaced before due %s (%s%s%s) armed %s", sc->name,
		 h->a->name, n->when ? n->when : "", n->when ? ": " : "", pvabi_now_is_name(n->is),
		 how[h->d]);
	return strdup(buf);
}

/* The modes in which a value can fall due (as emit_due_scen.c's): an
 * absolute mode that refuses a past value could rightly refuse the first
 * call after a stall. */
static int can_fall_due(const struct pvabi_now *n)
{
	return n->is == PVABI_NOW_RELATIVE || n->past_error < 0;
}

static int replace_scens(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			 const struct pvabi_op **ops, size_t nops, int opi,
			 const struct pvabi_arg *a, const struct pvabi_now *n)
{
	const struct pvabi_scenario *sc = &g->spec->scenarios[n->observe_sc];
	enum dir ds[] = { D_LATER, D_CANCEL, D_EARLIER, D_AT_ONCE };
	size_t i;

	if (!can_fall_due(n))
		return 0;
	for (i = 0; i < sizeof(ds) / sizeof(ds[0]); i++) {
		struct replace_how h = { n, a, ds[i] };

		if (ds[i] == D_CANCEL && !n->cancels)
			continue;
		if (emit_derive_add(t, sg, g, ops, nops, &sg->now,
				    emit_derive_splice(sc, opi, (size_t)n->seen_step, 12 + 2 * sc->nsteps,
						       replace_middle, &h, replace_name(sc, &h),
						       &n->life)))
			return -1;
	}
	return 0;
}

int emit_replace_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			      const struct pvabi_op **ops, size_t nops)
{
	return emit_derive_each_now(t, sg, g, ops, nops, replace_scens);
}
