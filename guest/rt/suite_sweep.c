/* A gap swept (emit/emit_grows_scen.c, docs/spec-language.md#the-first-
 * value-past-each-maximum): the step's swept argument holds the maximum
 * a platform reported (M), the step's mask the first value of the next
 * range (N), and every value in (M, N) must be refused. A platform that
 * serves a block of values past its maximum puts it where a block
 * plausibly starts or ends, so the probes are the gap's top end N - 1,
 * its middle, and both sides of every power-of-two boundary inside it:
 * the first value of the first 2^k-aligned block above M, and the one
 * before it. That is at most two probes per bit of the argument's width
 * plus two, all computed from M as read, so each lies inside the gap
 * whatever the platform reports. The first that is not refused as the
 * step expects fails the step, naming the value. The same step with
 * served set sweeps the other side of the maximum: every value it
 * promises, each wanting success (served(), below). */
#include "guest/rt/runtime.h"
#include "guest/rt/suite.h"

/* The values this sweep probed: where two points coincide (the middle
 * on a boundary, the same first value of a 2^k- and a 2^(k+1)-aligned
 * block), the second would make the same call, in the same state (every
 * probe before it was refused), judged the same way: it is not made. */
static uint64_t probed[2 * 64 + 2];
static uint32_t nprobed;

/* One probe: the step's call with the swept variable at v. */
static int probe(struct pvabi_runner *r, struct pvabi_scen_state *ss,
		 const struct pvabi_cstep *st, uint64_t *vars, uint32_t var, uint64_t v,
		 const char *what, uint64_t k)
{
	char why[sizeof(ss->why)];
	uint32_t i;

	for (i = 0; i < nprobed; i++)
		if (probed[i] == v)
			return 1;
	if (nprobed < sizeof(probed) / sizeof(probed[0]))
		probed[nprobed++] = v;
	vars[var] = v;
	if (pvabi_suite_step_call(r, ss, st, vars))
		return 1;
	for (i = 0; i < sizeof(why); i++)
		why[i] = ss->why[i];
	/* no parentheses: the reports split the TAP line's last "(got ...)" */
	if (k)
		pvabi_snfmt(ss->why, sizeof(ss->why), "at 0x%llx, %s 0x%llx-aligned block: %s",
			    (unsigned long long)v, what, (unsigned long long)k, why);
	else
		pvabi_snfmt(ss->why, sizeof(ss->why), "at 0x%llx, %s: %s", (unsigned long long)v,
			    what, why);
	return 0;
}

static int sweep(struct pvabi_runner *r, struct pvabi_scen_state *ss,
		 const struct pvabi_cstep *st, uint64_t *vars, uint32_t var)
{
	uint64_t m = vars[var], n = st->mask, b;
	unsigned int k;

	nprobed = 0;
	if (m >= n || n - m < 3) /* nothing between M + 1 and N */
		return 1;
	if (!probe(r, ss, st, vars, var, n - 1, "the gap's top end", 0) ||
	    !probe(r, ss, st, vars, var, m + (n - m) / 2, "the gap's middle", 0))
		return 0;
	for (k = 2; k < 64; k++) {
		b = ((m >> k) + 1) << k; /* the first 2^k-aligned value above M */
		if (!b || b >= n)
			break;
		if (b - 1 > m + 1 &&
		    !probe(r, ss, st, vars, var, b - 1, "the last before a", UINT64_C(1) << k))
			return 0;
		if (b > m + 1 && !probe(r, ss, st, vars, var, b, "the first of a", UINT64_C(1) << k))
			return 0;
	}
	return 1;
}

/* One value a maximum m promises: the step's call at v, wanting its
 * success; a failure names the value and the maximum that promised it. */
static int promised(struct pvabi_runner *r, struct pvabi_scen_state *ss,
		    const struct pvabi_cstep *st, uint64_t *vars, uint32_t var, uint64_t v,
		    uint64_t m)
{
	char why[sizeof(ss->why)];
	uint32_t i;

	vars[var] = v;
	if (pvabi_suite_step_call(r, ss, st, vars))
		return 1;
	for (i = 0; i < sizeof(why); i++)
		why[i] = ss->why[i];
	pvabi_snfmt(ss->why, sizeof(ss->why), "at 0x%llx, promised by the maximum 0x%llx: %s",
		    (unsigned long long)v, (unsigned long long)m, why);
	return 0;
}

/* What a maximum promises (emit/emit_served_scen.c): the swept argument
 * holds the maximum M the platform reported, the step's mask the range's
 * first value B (its call made already, where M was read); every value
 * in (B, M] is called, the first PVABI_CSERVED_CAP and then M itself when
 * there are more: M is the platform's data, and one that reports a huge
 * maximum must not make the image run that many calls. The line says how
 * many of the values promised were called. */
static int served(struct pvabi_runner *r, struct pvabi_scen_state *ss,
		  const struct pvabi_cstep *st, uint64_t *vars, uint32_t var)
{
	uint64_t m = vars[var], b = st->mask, v;

	if (m <= b) /* nothing promised above the first value */
		return 1;
	for (v = b + 1; v <= m && v - b <= PVABI_CSERVED_CAP; v++)
		if (!promised(r, ss, st, vars, var, v, m))
			return 0;
	if (m - b <= PVABI_CSERVED_CAP)
		return 1;
	if (!promised(r, ss, st, vars, var, m, m))
		return 0;
	pvabi_snfmt(ss->note, sizeof(ss->note), "(swept %u of %llu: the first %u and the maximum)",
		    PVABI_CSERVED_CAP + 1, (unsigned long long)(m - b), PVABI_CSERVED_CAP);
	return 1;
}

int pvabi_suite_sweep(struct pvabi_runner *r, struct pvabi_scen_state *ss,
		      const struct pvabi_cstep *st, uint64_t *vars)
{
	unsigned int slot = st->count & ~PVABI_CSWEEP_SERVED;
	const struct pvabi_carg *c = &r->s->args[st->args + slot - 1];
	uint32_t var;
	uint64_t m;
	int ok, cls;

	if (!slot || slot > st->nargs || c->kind != PVABI_CARG_VAR) {
		pvabi_snfmt(ss->why, sizeof(ss->why), "harness: swept argument %u is no variable",
			    slot);
		return 0;
	}
	var = (uint32_t)c->value & 7;
	m = vars[var];
	if (st->count & PVABI_CSWEEP_SERVED) { /* counted in its scenario's class */
		ok = served(r, ss, st, vars, var);
		vars[var] = m;
		return ok;
	}
	cls = pvabi_suite_cost_enter(PVABI_COST_SWEEP);
	ok = sweep(r, ss, st, vars, var);
	pvabi_suite_cost_enter(cls);
	vars[var] = m;
	return ok;
}
