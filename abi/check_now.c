/* NOW_UNDECLARED (abi/now.h): an argument the platform combines with
 * its own state in some mode (an <edge adds=> alive in the revision)
 * must say, for every mode its edges name there, what it means against
 * the platform's now (<now> with that mode): fixed points of the range
 * cannot tell an absolute value from a relative one, nor a check made
 * on the value passed from one made on the value computed from it. A
 * waivable warning per argument, mode and revision, judged with the
 * coverage pass. */
#include "abi/coverage.h"
#include "abi/edge.h"
#include "abi/finding.h"
#include "abi/now.h"

#include <stdio.h>

static int combined(const struct pvabi_arg *a, int r)
{
	size_t i;

	for (i = 0; i < a->nedges; i++)
		if (a->edges[i].adds && pvabi_life_has(&a->edges[i].life, r))
			return 1;
	return 0;
}

static int declared(const struct pvabi_spec *s, const struct pvabi_op *op,
		    const struct pvabi_arg *a, const char *when, int r)
{
	size_t i;

	for (i = 0; i < a->nnows; i++)
		if (pvabi_life_has(&a->nows[i].life, r) &&
		    pvabi_now_same_mode(s, op, a->nows[i].when, when, r))
			return 1;
	return 0;
}

static void arg_now(const struct pvabi_spec *s, const struct pvabi_op *op,
		    const struct pvabi_arg *a, struct pvabi_findings *f)
{
	char tgt[300];
	size_t i, j;
	int r, dup;

	for (r = 0; r < (int)s->nrevs; r++) {
		if (!pvabi_life_has(&op->life, r) || !pvabi_life_has(&a->life, r) || !combined(a, r))
			continue;
		for (i = 0; i < a->nedges; i++) {
			const char *when = a->edges[i].when;

			if (!pvabi_life_has(&a->edges[i].life, r) || declared(s, op, a, when, r))
				continue;
			for (dup = 0, j = 0; j < i && !dup; j++) /* one finding per mode */
				dup = pvabi_life_has(&a->edges[j].life, r) &&
				      pvabi_now_same_mode(s, op, a->edges[j].when, when, r);
			if (dup)
				continue;
			snprintf(tgt, sizeof(tgt), "op:%s.arg:%s", op->name, a->name);
			finding_warn_waivable(f, "NOW_UNDECLARED", &a->loc, s->revs[r].id,
					      tgt,
					      "op %s: arg '%s': the platform adds its state to it, but no <now> says what it means against now in mode %s",
					      op->name, a->name, when ? when : "(the probe base)");
		}
	}
}

void pvabi_check_now(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	size_t i, j;

	for (i = 0; i < s->nops; i++)
		for (j = 0; j < s->ops[i].nargs; j++)
			arg_now(s, &s->ops[i], &s->ops[i].args[j], f);
}
