/* The scenario steps that call nothing: a page of the scenario's own, a
 * read of guest memory inside it, a wait for upcalls. They let a scenario
 * see what a platform writes into guest memory (a page-table entry, a
 * hypervisor's shared page) and what it delivers as interrupts. */
#include "guest/rt/suite.h"
#include "guest/rt/runtime.h"
#include "guest/rt/io.h"

/* Pages a scenario names by variable; zeroed when a step takes one. */
static uint8_t pages[PVABI_CSCEN_PAGES][4096] __attribute__((aligned(4096)));

static int take_page(struct pvabi_scen_state *ss, const struct pvabi_cstep *st, uint64_t *vars)
{
	uint64_t *p;
	uint32_t i;

	if (ss->pages >= PVABI_CSCEN_PAGES || !st->bind) {
		pvabi_snfmt(ss->why, sizeof(ss->why), "harness: no page left");
		return 0;
	}
	p = (uint64_t *)(void *)pages[ss->pages++];
	for (i = 0; i < 4096 / 8; i++)
		p[i] = 0;
	vars[(st->bind - 1) & 7] = (uint64_t)(uintptr_t)p;
	return 1;
}

/* Only inside the scenario's own pages, whatever a variable holds. */
static int read_mem(struct pvabi_scen_state *ss, const struct pvabi_cstep *st,
		    const uint64_t *vars, uint16_t port)
{
	uint64_t at = vars[st->at & 7] + st->bind_offset, got = 0;
	uint64_t lo = (uint64_t)(uintptr_t)pages[0], hi = lo + sizeof(pages);

	if (at < lo || at + st->bind_size > hi || at % st->bind_size) {
		pvabi_snfmt(ss->why, sizeof(ss->why), "harness: read at 0x%llx outside the pages",
			    (unsigned long long)at);
		return 0;
	}
	if (pvabi_mem_poll((const volatile void *)(uintptr_t)at, st->bind_size, st->mask,
			   (uint64_t)st->value, st->within_ns, port, &got))
		return 1;
	/* no parentheses: the reports split the TAP line's last "(got ...)" */
	pvabi_snfmt(ss->why, sizeof(ss->why), "read 0x%llx, want 0x%llx under mask 0x%llx%s",
		    (unsigned long long)got, (unsigned long long)st->value,
		    (unsigned long long)st->mask, st->within_ns ? ", timed out" : "");
	return 0;
}

/* A value tied to the host's wall clock: the harness read its clock
 * (ref) before it started the run and ends the run at the latest win
 * later, so a right value lies in [ref - within, ref + win + within],
 * however slowly a loaded host ran the guest. */
static int tied_holds(const struct pvabi_runner *r, struct pvabi_scen_state *ss,
		      const struct pvabi_cstep *st, int64_t v)
{
	uint64_t lo = r->wall_ref_ns - st->within_ns, hi = r->wall_ref_ns + r->wall_win_ns;
	uint64_t u = (uint64_t)v, off;

	hi += st->within_ns;
	if (v >= 0 && u >= lo && u <= hi)
		return 1;
	off = v < 0 || u < lo ? r->wall_ref_ns - u : u - r->wall_ref_ns;
	/* no parentheses: the reports split the TAP line's last "(got ...)" */
	pvabi_snfmt(ss->why, sizeof(ss->why),
		    "value %lld ns is %llu.%09llu s %s the host's wall clock, want %llu..%llu",
		    (long long)v, (unsigned long long)(off / 1000000000u),
		    (unsigned long long)(off % 1000000000u),
		    v < 0 || u < lo ? "before" : "after", (unsigned long long)lo,
		    (unsigned long long)hi);
	return 0;
}

/* An expression of the variables, judged by the step's one check. */
static int check_value(struct pvabi_runner *r, struct pvabi_scen_state *ss,
		       const struct pvabi_cstep *st, const uint64_t *vars)
{
	const struct pvabi_ccheck *c = &r->s->checks[st->checks];
	char want[80], got[24];
	int64_t v = 0;

	if ((!st->nchecks && !st->tied) || !st->expr ||
	    pvabi_cexpr_eval(st->expr, vars, r->granted, &v)) {
		pvabi_snfmt(ss->why, sizeof(ss->why), "value: its expression divides by zero");
		return 0;
	}
	if (st->tied)
		return tied_holds(r, ss, st, v);
	if (pvabi_check_holds(r, c, v, vars))
		return 1;
	pvabi_check_words(r, c, vars, want, sizeof(want));
	ss->inconclusive = st->exact == PVABI_CCHECK_GUARD;
	ss->least = st->exact == PVABI_CCHECK_LEAST;
	ss->least_value = v;
	pvabi_snfmt(ss->why, sizeof(ss->why), "%svalue %s, want %s",
		    ss->inconclusive ? "could not tell: " : "",
		    pvabi_check_value(c, v, got, sizeof(got)), want);
	return 0;
}

/* <idle>: the guest makes no call and rings no doorbell for at least
 * within_ns (by the TSC, as a wait's bound), interrupts
 * disabled, so that a deadline that falls due meanwhile is due before
 * the next call, which must raise it first: a platform that serves what
 * fell due only when the guest calls it has nothing to serve until then.
 * Spinning, never halting: with interrupts disabled nothing would wake it. */
static int idle(const struct pvabi_cstep *st)
{
	struct pvabi_bound b;

	pvabi_bound_start(&b, st->within_ns, 1);
	while (!pvabi_bound_over(&b))
		cpu_relax();
	pvabi_bound_end(&b, 1);
	return 1;
}

/* The vector of each upcall vCPU v took since the last wait judged
 * them: the one the wait says its ports are bound to (st->value; 0:
 * not judged). Only the last PVABI_UPCALL_VEC_LOG are still known. */
static int vectors_right(struct pvabi_scen_state *ss, const struct pvabi_cstep *st, uint32_t v)
{
	uint64_t now = pvabi_upcalls_on[v], n = ss->vec_judged[v];
	uint8_t got;

	if (!st->value)
		return 1;
	if (now - n > PVABI_UPCALL_VEC_LOG)
		n = now - PVABI_UPCALL_VEC_LOG;
	for (; n < now; n++) {
		got = pvabi_upcall_vecs[v][n % PVABI_UPCALL_VEC_LOG];
		if (got == (uint8_t)st->value)
			continue;
		pvabi_snfmt(ss->why, sizeof(ss->why), "upcall vector 0x%x, want 0x%x (upcall %llu%s)",
			    (unsigned)got, (unsigned)st->value,
			    (unsigned long long)(n - ss->upcall_base[v] + 1), v ? " on vCPU 1" : "");
		return 0;
	}
	ss->vec_judged[v] = now;
	return 1;
}

/* How long an exact wait lasts. A window that only guards the count the
 * wait before it reached looks for interrupts beyond it: a platform that
 * over-delivers raises them with the counted ones, and where the engine
 * says what it sent (the QEMU engines) the window is judged only once
 * every byte sent by its end has arrived (upcall.c, take_sent), however
 * late the host hands it over. So all it must still cover is what the
 * platform may raise later than the counted event by its own promise:
 * the latest any event the spec declares may follow its moment
 * (late_ns), at most its declaration. Where the engine says nothing (the
 * own VMM, a command), or the spec declares no lateness, the whole
 * window. */
static uint64_t guard_window(const struct pvabi_runner *r, const struct pvabi_cstep *st,
			     uint32_t v)
{
	if (st->exact != PVABI_CWAIT_GUARD || !r->s->late_ns || r->s->late_ns >= st->within_ns ||
	    !pvabi_upcall_sent_noted(v))
		return st->within_ns;
	return r->s->late_ns;
}

/* Upcalls on the step's vCPU since the scenario began: at least count,
 * or with exact, exactly count after all of within_ns; each with the
 * vector the wait names. */
static int wait_upcalls(struct pvabi_runner *r, struct pvabi_scen_state *ss,
			const struct pvabi_cstep *st, const uint64_t *vars)
{
	uint32_t v = st->vcpu & 1, count = st->count;
	uint64_t base = ss->upcall_base[v], got, within = guard_window(r, st, v);
	char on[16] = "";
	int64_t n;

	/* a count by the grant: what a feature changes, per grant */
	if (st->expr) {
		if (pvabi_cexpr_eval(st->expr, vars, r->granted, &n) || n < 0 || n > 255) {
			pvabi_snfmt(ss->why, sizeof(ss->why), "count: its expression is not 0..255");
			return 0;
		}
		count = (uint32_t)n;
	}
	/* quiet (vCPU 0's only): nothing rings, so only what the call
	 * before it delivered arrives */
	if (st->exact == PVABI_CWAIT_QUIET)
		got = pvabi_upcall_wait_ack(base + count, within, 0, NULL) - base;
	else
		got = pvabi_suite_vcpu_wait(v, base + count, st->exact, within,
					    r->s->doorbell_port) - base;
	if (v)
		pvabi_snfmt(on, sizeof(on), " on vCPU %u", (unsigned)v);
	/* an interrupt sent within an exact window still on its way after
	 * a bound far past any stall: the count cannot tell (the scenario
	 * runs again), never a pass or a red by the host's load */
	if (st->exact && st->exact != PVABI_CWAIT_QUIET && !pvabi_upcall_all_taken(v)) {
		ss->inconclusive = 1;
		pvabi_snfmt(ss->why, sizeof(ss->why), "could not tell: %llu upcalls%s within %llu ns "
			    "while an interrupt sent meanwhile had not arrived",
			    (unsigned long long)got, on, (unsigned long long)within);
		return 0;
	}
	if (st->exact && st->exact != PVABI_CWAIT_QUIET ? got == count : got >= count)
		return vectors_right(ss, st, v);
	if (st->exact == PVABI_CWAIT_QUIET)
		pvabi_snfmt(ss->why, sizeof(ss->why),
			    "%llu of %u upcalls within %llu ns with no call and no doorbell",
			    (unsigned long long)got, (unsigned)count, (unsigned long long)within);
	else if (st->exact)
		pvabi_snfmt(ss->why, sizeof(ss->why), "%llu upcalls%s within %llu ns, want exactly %u",
			    (unsigned long long)got, on, (unsigned long long)within,
			    (unsigned)count);
	else
		pvabi_snfmt(ss->why, sizeof(ss->why), "timed out: %llu of %u upcalls%s within %llu ns",
			    (unsigned long long)got, (unsigned)count, on,
			    (unsigned long long)within);
	return 0;
}

int pvabi_scen_other(struct pvabi_runner *r, struct pvabi_scen_state *ss,
		     const struct pvabi_cstep *st, uint64_t *vars)
{
	switch (st->kind) {
	case PVABI_CSTEP_PAGE:
		return take_page(ss, st, vars);
	case PVABI_CSTEP_READ:
		return read_mem(ss, st, vars, r->s->doorbell_port);
	case PVABI_CSTEP_CHECK:
		return check_value(r, ss, st, vars);
	case PVABI_CSTEP_WAIT:
		if (st->exact == PVABI_CWAIT_IDLE)
			return idle(st);
		return wait_upcalls(r, ss, st, vars);
	default:
		pvabi_snfmt(ss->why, sizeof(ss->why), "harness: step kind %u unknown",
			    (unsigned)st->kind);
		return 0;
	}
}

/* Name i of a comma-separated list into buf, or "$i" without one. */
static const char *var_name(const char *list, uint32_t i, char *buf, unsigned int n)
{
	unsigned int k = 0;
	uint32_t left = i;

	for (; list && *list && left; list++)
		left -= *list == ',';
	if (!list || !*list) {
		pvabi_snfmt(buf, n, "$%u", (unsigned)i + 1);
		return buf;
	}
	for (; *list && *list != ',' && k + 1 < n; list++)
		buf[k++] = *list;
	buf[k] = '\0';
	return buf;
}

void pvabi_scen_diag(struct pvabi_runner *r, const struct pvabi_cscen *sc, uint32_t j,
		     const uint64_t *vars, const char *why)
{
	static const char *const kinds[] = { "call", "page", "read", "wait", "check" };
	const struct pvabi_cstep *st = &r->s->steps[sc->first + j];
	char bound[192] = "", name[72];
	uint32_t k, seen = 0;
	unsigned int n = 0;

	/* the variables the steps before this one bound, each once */
	for (k = 0; k < j; k++) {
		uint32_t v = (r->s->steps[sc->first + k].bind - 1u) & 7;

		if (!r->s->steps[sc->first + k].bind || (seen >> v & 1) || n + 1 >= sizeof(bound))
			continue;
		seen |= 1u << v;
		var_name(sc->vars, v, name, sizeof(name));
		n += (unsigned int)pvabi_snfmt(bound + n, sizeof(bound) - n, " %s=0x%llx", name,
					       (unsigned long long)vars[v]);
	}
	pvabi_tap_diag(r->tap, "scenario %s: step %u of %u (%s) failed: %s; bound:%s", sc->name,
		       (unsigned)j + 1, (unsigned)sc->nsteps,
		       st->kind == PVABI_CSTEP_CALL ? r->s->ops[st->op].name
						    : kinds[st->kind < 5 ? st->kind : 0],
		       why, seen ? bound : " nothing");
}

/* The tries a scenario whose guard did not hold gets in all. */
#define SCEN_TRIES 3

int pvabi_suite_scen_run(struct pvabi_runner *r, const struct pvabi_cscen *sc, int needs,
			 struct pvabi_scen_state *ss, uint64_t *vars, size_t nvars, uint32_t *j)
{
	int tries, least = pvabi_suite_least_scen(r, sc), again;

	pvabi_suite_conv_part(-1); /* vCPU 1 runs if sc needs it */
	for (tries = 1;; tries++) {
		memset(ss, 0, sizeof(*ss));
		memset(vars, 0, nvars * sizeof(*vars));
		/* what it counts is its own, not an earlier scenario's */
		if (needs & PVABI_SUITE_WAITS)
			pvabi_suite_vcpu_settle(needs, r->s->doorbell_port);
		pvabi_release_begin();
		if (pvabi_suite_scen_steps(r, sc, ss, vars, j))
			return 1;
		if (least) { /* judged on its best run */
			again = pvabi_suite_least_again(r, sc, ss, j, tries);
			if (again <= 0)
				return again;
			pvabi_release_again(r, sc->name);
			continue;
		}
		if (!ss->inconclusive)
			return 0;
		if (tries == SCEN_TRIES || r->no_release)
			return -1;
		pvabi_tap_diag(r->tap, "scenario %s: step %u %s; run again", sc->name,
			       (unsigned)*j, ss->why);
		/* released unsaid, as a skip's: the line above says it runs
		 * again, and whether a guard holds follows the host. Where the
		 * engine says what it sent, without the failed scenario's wait
		 * for one upcall (200 ms where the release raised none, as a
		 * timer's mostly does): what the release raised was sent
		 * before its calls' answers, and a try that counts upcalls
		 * takes every one sent before it starts (its settle), as the
		 * next scenario after a pass does. */
		if (pvabi_upcall_sent_noted(pvabi_upcall_self()))
			pvabi_release_again(r, sc->name);
		else
			pvabi_release_skipped(r, sc->name);
	}
}
