/* FEATURE_UPCALLS_UNCOUNTED (see check_grant.h). A feature that changes
 * an op may change how many interrupts follow it (evtchn_fifo: one per
 * queued event instead of one merged), so a scenario that waits for "at
 * least N" upcalls after such a call passes a platform that delivers
 * fewer than the grant promises as long as N is 1, and one that delivers
 * more whatever N is. Each such wait must be counted exactly: exact
 * itself, or followed, with no call between, by an exact wait of the same
 * vCPU and count (a wait for the count, then a window in which no more
 * arrive). Its count may name the grant (count="1+2*granted.evtchn_fifo"),
 * which judges it per grant in the feature axis's sub-cells. Judged in
 * every revision the scenario and the op exist in, before the feature's
 * too: a guest that cannot be granted it is owed the count without it. */
#include "abi/check_grant.h"
#include "abi/finding.h"

#include <stdio.h>
#include <string.h>

static int same_count(const struct pvabi_step *a, const struct pvabi_step *b)
{
	if (a->args || b->args)
		return a->args && b->args && !strcmp(a->args, b->args);
	return a->count == b->count;
}

/* Whether the wait at j is counted exactly: exact, or an exact wait of
 * the same vCPU and count follows it with no call between. */
static int counted(const struct pvabi_scenario *sc, size_t j)
{
	const struct pvabi_step *w = &sc->steps[j];
	size_t k;

	if (w->exact)
		return 1;
	for (k = j + 1; k < sc->nsteps; k++) {
		const struct pvabi_step *st = &sc->steps[k];

		if (st->kind == PVABI_STEP_CALL)
			return 0;
		if (st->kind == PVABI_STEP_WAIT && !st->idle && st->exact &&
		    st->vcpu == w->vcpu && same_count(w, st))
			return 1;
	}
	return 0;
}

/* The op of the feature's <changes> (not a limit's) that step calls,
 * or -1. */
static int changed_op(const struct pvabi_feature *ft, const struct pvabi_step *st)
{
	size_t k;

	if (st->kind != PVABI_STEP_CALL)
		return -1;
	for (k = 0; k < ft->nchanges; k++)
		if (ft->changes[k].op == st->op && ft->changes[k].limit < 0)
			return st->op;
	return -1;
}

static void judge_scenario(const struct pvabi_spec *s, const struct pvabi_feature *ft,
			   const struct pvabi_scenario *sc, size_t r, struct pvabi_findings *f)
{
	char tgt[300], cnt[24];
	int called = -1;
	size_t j, before;

	for (j = 0; j < sc->nsteps; j++) {
		const struct pvabi_step *st = &sc->steps[j];

		if (changed_op(ft, st) >= 0)
			called = st->op;
		if (called < 0 || st->kind != PVABI_STEP_WAIT || st->idle || counted(sc, j))
			continue;
		snprintf(tgt, sizeof(tgt), "scenario:%s", sc->name);
		snprintf(cnt, sizeof(cnt), "%u", st->count);
		before = f->n;
		finding_add(f, "FEATURE_UPCALLS_UNCOUNTED", PVABI_SEV_WARNING, &st->loc,
			    s->revs[r].id, tgt,
			    "scenario %s waits for at least %s upcalls after op %s, which feature "
			    "%s changes: count them exactly (exact=\"true\", or an exact wait for "
			    "the same count after it)",
			    sc->name, st->args ? st->args : cnt, s->ops[called].name, ft->name);
		if (f->n > before)
			f->v[f->n - 1].waivable = 1;
	}
}

void pvabi_check_feature_upcalls(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	size_t i, r, n;

	/* every revision, the feature's own and those before it: a guest
	 * that cannot be granted the feature is owed the behaviour without
	 * it, exactly, by a platform that grants it to newer guests */
	for (i = 0; i < s->nfeatures; i++)
		for (r = 0; r < s->nrevs; r++)
			for (n = 0; n < s->nscenarios; n++)
				if (pvabi_life_has(&s->scenarios[n].life, (int)r))
					judge_scenario(s, &s->features[i], &s->scenarios[n], r, f);
}
