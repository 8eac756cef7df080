/* A lateness bound judged on the least of several tries
 * (emit/emit_late_scen.c, docs/checks.md): the effect of a call polled
 * in rounds of a clock read and a poll, and a scenario run again while
 * it fails, passing at its first run that passes. */
#include "guest/rt/suite.h"
#include "guest/rt/runtime.h"

/* Runs of a scenario judged on its best one. A right platform passes
 * the first run unless the host held the guest up inside it; a platform
 * that rounds its deadlines fails all of them, so more runs only cost
 * where it does. Six: on the reference at load 10 to 20 a second run was
 * rare and a third was not seen. */
#define LEAST_TRIES 6

int pvabi_suite_round(struct pvabi_runner *r, struct pvabi_scen_state *ss,
		      const struct pvabi_cstep *st, uint64_t *vars)
{
	struct pvabi_cstep once = st[1];
	uint32_t v = (st->bind - 1u) & 7, n;
	uint64_t before = 0, first = 0;

	once.retry = 0;
	for (n = 0; n <= st[1].retry; n++) {
		if (!pvabi_suite_step_call(r, ss, st, vars))
			return 0;
		if (!n)
			first = vars[v];
		if (pvabi_suite_step_call(r, ss, &once, vars)) {
			if (n) {
				vars[v] = before; /* the last read before a poll that did not see it */
				return 1;
			}
			/* due before the guest looked: no read shows how late */
			ss->inconclusive = 1;
			pvabi_snfmt(ss->why, sizeof(ss->why), "could not tell: seen at the first poll");
			return 0;
		}
		before = vars[v];
		/* The clock past its first read by within_ns (the moment, the
		 * promise and a rounding to the coarsest grid all lie before
		 * that), and the poll after this read did not see it: not
		 * fired by then, so no more rounds can make this run pass.
		 * Only a read before a poll can say so: by the TSC, a stall
		 * after the poll would end it too (the round count bounds a
		 * clock that does not advance). */
		if (st->within_ns && (int64_t)(before - first) > (int64_t)st->within_ns) {
			n++;
			break;
		}
	}
	/* no parentheses: the reports split the TAP line's last "(got ...)" */
	pvabi_snfmt(ss->why + strlen(ss->why), sizeof(ss->why) - strlen(ss->why),
		    ", after %u rounds of polling, %lld ns by the clock", (unsigned)n,
		    (long long)(vars[v] - first));
	return 0;
}

int pvabi_suite_least_call(struct pvabi_runner *r, struct pvabi_scen_state *ss,
			   const struct pvabi_cstep *st, uint64_t *vars, uint32_t *j)
{
	if (st->exact == PVABI_CCALL_ROUND) {
		(*j)++; /* the poll is this round's too */
		return pvabi_suite_round(r, ss, st, vars);
	}
	if (pvabi_suite_step_call(r, ss, st, vars))
		return 1;
	ss->inconclusive = st->exact == PVABI_CCALL_GUARD;
	return 0;
}

int pvabi_suite_least_scen(const struct pvabi_runner *r, const struct pvabi_cscen *sc)
{
	uint32_t i;

	for (i = 0; i < sc->nsteps; i++)
		if (r->s->steps[sc->first + i].kind == PVABI_CSTEP_CHECK &&
		    r->s->steps[sc->first + i].exact == PVABI_CCHECK_LEAST)
			return 1;
	return 0;
}

/* The best of the runs so far: the least value its check judged, where
 * it failed, and why; and whether every run could not tell. */
static struct {
	int have, all_unsure;
	int64_t value;
	uint32_t j;
	char why[sizeof(((struct pvabi_scen_state *)0)->why)];
} best;

static void keep_why(char *to, const char *from)
{
	uint32_t i;

	for (i = 0; i + 1 < sizeof(best.why) && from[i]; i++)
		to[i] = from[i];
	to[i] = '\0';
}

int pvabi_suite_least_again(struct pvabi_runner *r, const struct pvabi_cscen *sc,
			    struct pvabi_scen_state *ss, uint32_t *j,
			    int tries)
{
	if (tries == 1) {
		best.have = 0;
		best.all_unsure = 1;
	}
	best.all_unsure &= ss->inconclusive;
	if (ss->least && (!best.have || ss->least_value < best.value)) {
		best.have = 1;
		best.value = ss->least_value;
		best.j = *j;
		keep_why(best.why, ss->why);
	}
	if (tries < LEAST_TRIES && !r->no_release) {
		/* one line, ending as every timing-bound retry's does: a
		 * console differs between runs only in such lines */
		pvabi_tap_diag(r->tap, "scenario %s: try %d of %d did not pass (%s); run again",
			       sc->name, tries, LEAST_TRIES, ss->why);
		return 1;
	}
	if (best.have) {
		*j = best.j;
		pvabi_snfmt(ss->why, sizeof(ss->why), "the least of %d tries: %s", tries, best.why);
		return 0;
	}
	return best.all_unsure ? -1 : 0;
}
