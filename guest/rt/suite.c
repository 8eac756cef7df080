#include "guest/rt/suite.h"
#include "guest/rt/cmdline.h"
#include "guest/rt/runtime.h"

int pvabi_suite_selected(const char *only, const char *op)
{
	return !only || !*only || pvabi_cmdline_list_has(only, op);
}

static int available(const struct pvabi_cop *op, uint32_t rev)
{
	return rev >= op->since && (!op->until || rev < op->until);
}

/* Calls outside the negotiated revision, or without their feature, must
 * be refused with exactly the error the ABI defines. */
static void check_refusals(struct pvabi_runner *r)
{
	const struct pvabi_csuite *s = r->s;
	uint32_t i;

	for (i = 0; i < s->nops; i++) {
		const struct pvabi_cop *op = &s->ops[i];
		int64_t want, got;

		if (!pvabi_suite_selected(r->only, op->name))
			continue;
		if (!available(op, r->rev))
			want = r->rev < op->since ? s->e_revision : s->e_removed;
		else if (op->feature && !(op->feature & r->granted))
			want = s->e_nofeature;
		else
			continue;
		got = r->call(op->id, 0, 0);
		pvabi_tap_check(r->tap, got == want, "%s outside revision or feature: %lld (want %lld)",
				op->name, (long long)got, (long long)want);
	}
}

static int expect_ok(uint8_t expect, int64_t value, int64_t got)
{
	return expect == PVABI_CEXP_RET_GE ? got >= value : got == value;
}

static void diag_field(struct pvabi_runner *r, const struct pvabi_ccheck *c, int64_t f,
		       const uint64_t *vars)
{
	char want[80], got[24];

	pvabi_check_words(r, c, vars, want, sizeof(want));
	pvabi_tap_diag(r->tap, "field %s = %s, want %s", c->field,
		       pvabi_check_value(c, f, got, sizeof(got)), want);
}

/* The vector's TAP line: one that places a buffer at the end of guest
 * memory says which argument and how many bytes end there; one that
 * places it across a page boundary, how many lie before the boundary. */
static void vector_line(struct pvabi_runner *r, const struct pvabi_cop *op,
			const struct pvabi_cvec *v, int pass, int edge, int64_t got)
{
	const struct pvabi_carg *c = edge < 0 ? 0 : &r->s->args[v->args + (uint32_t)edge];

	if (!c)
		pvabi_tap_check(r->tap, pass, "%s: %s (got %lld)", op->name, v->name, (long long)got);
	else if (c->split)
		pvabi_tap_check(r->tap, pass,
				"%s: argument %d's %u bytes across a page boundary (%u before it): %s (got %lld)",
				op->name, edge, (unsigned)c->edge,
				(unsigned)pvabi_suite_split_before(c->edge), v->name, (long long)got);
	else
		pvabi_tap_check(r->tap, pass, "%s: argument %d's %u bytes at the end of memory: %s (got %lld)",
				op->name, edge, (unsigned)c->edge, v->name, (long long)got);
}

/* A vector's field miss is said after its "not ok" line, as TAP
 * diagnostics follow the check they explain. */
static void run_vector(struct pvabi_runner *r, const struct pvabi_cop *op,
		       const struct pvabi_cvec *v)
{
	const struct pvabi_carg *args = r->s->args + v->args;
	const struct pvabi_ccheck *miss = NULL;
	uint8_t *bufs[8];
	uint64_t a[8] = { 0 };
	int64_t got, f = 0;
	int ok, over, out = 0, edge = pvabi_suite_edge_slot(args, v->nargs);
	const char *cannot = edge < 0 || args[edge].split ? 0 : pvabi_suite_edge_why(args[edge].edge);
	char why[120];

	if (cannot) {
		pvabi_tap_skip(r->tap, cannot, "%s: argument %d at the end of memory: %s", op->name,
			       edge, v->name);
		return;
	}
	if (pvabi_suite_args(args, v->nargs, 0, a, bufs, 0)) {
		pvabi_tap_note_status(r->tap, PVABI_ERROR);
		pvabi_tap_diag(r->tap, "harness: vector %s: %s needs more scratch memory", op->name,
			       v->name);
		return;
	}
	got = r->call(op->id, v->nargs, a);
	ok = expect_ok(v->expect, v->value, got);
	if (ok && v->expect != PVABI_CEXP_ERROR)
		miss = pvabi_checks_miss(r, r->s->checks + v->checks, v->nchecks, v->nargs, bufs, 0,
					 &f);
	if (ok && !miss)
		out = pvabi_out_miss(args, v->nargs, bufs, v->expect != PVABI_CEXP_ERROR, why,
				     sizeof(why));
	over = pvabi_suite_guards_broken(args, v->nargs, bufs);
	vector_line(r, op, v, ok && !miss && !out && over < 0, edge, got);
	if (miss)
		diag_field(r, miss, f, 0);
	if (out)
		pvabi_tap_diag(r->tap, "%s", why);
	if (over >= 0)
		pvabi_tap_diag(r->tap, "argument %d: written %s its %u bytes", over,
			       over == edge && !args[edge].split ? "before" : "past",
			       (unsigned)args[over].size);
}

/* What a call step expected: "0", ">=1", "error -22". */
static const char *want_words(const struct pvabi_cstep *st, char *buf, unsigned int n)
{
	pvabi_snfmt(buf, n, "%s%lld",
		    st->expect == PVABI_CEXP_ERROR ? "error " : st->expect == PVABI_CEXP_RET_GE ? ">=" : "",
		    (long long)st->value);
	return buf;
}

/* Why a call step failed, into ss->why (no parentheses: the reports
 * split the TAP line's last "(got ...)"). */
static void step_why(struct pvabi_runner *r, struct pvabi_scen_state *ss,
		     const struct pvabi_cstep *st, int64_t got, const struct pvabi_ccheck *miss,
		     int64_t f, const uint64_t *vars)
{
	const char *op = r->s->ops[st->op].name, *polled = st->retry ? ", after polling" : "";
	char want[80], fv[24];

	if (miss) {
		pvabi_check_words(r, miss, vars, want, sizeof(want));
		pvabi_snfmt(ss->why, sizeof(ss->why), "%s returned %lld, field %s = %s, want %s%s",
			    op, (long long)got, miss->field, pvabi_check_value(miss, f, fv, sizeof(fv)),
			    want, polled);
	} else
		pvabi_snfmt(ss->why, sizeof(ss->why), "%s returned %lld, want %s%s", op,
			    (long long)got, want_words(st, want, sizeof(want)), polled);
}

/* One step of a scenario: the call (repeated while a poll has not yet
 * seen its expectation), then the variable it binds; a failure leaves
 * its reason in ss->why. */
int pvabi_suite_step_call(struct pvabi_runner *r, struct pvabi_scen_state *ss,
			  const struct pvabi_cstep *st, uint64_t *vars)
{
	const struct pvabi_cop *op = &r->s->ops[st->op];
	const struct pvabi_ccheck *miss;
	uint8_t *bufs[8];
	uint64_t a[8] = { 0 };
	uint32_t tries = 0;
	int64_t got, f = 0;
	char why[120];
	int ok;

	do {
		miss = NULL;
		int built = pvabi_suite_args(r->s->args + st->args, st->nargs, vars, a, bufs, 0);

		if (built) {
			pvabi_snfmt(ss->why, sizeof(ss->why), built == -2
				    ? "%s: an argument's expression divides by zero"
				    : "harness: %s needs more scratch memory", op->name);
			return 0;
		}
		if (!tries)
			pvabi_release_before(r, st, a);
		got = pvabi_suite_vcpu_call(r, st->vcpu, op->id, st->nargs, a);
		ok = expect_ok(st->expect, st->value, got);
		if (ok && st->expect != PVABI_CEXP_ERROR)
			ok = !(miss = pvabi_checks_miss(r, r->s->checks + st->checks, st->nchecks,
							st->nargs, bufs, vars, &f));
	} while (!ok && tries++ < st->retry);
	pvabi_release_after(r, st, a, got);
	if (ok && pvabi_out_miss(r->s->args + st->args, st->nargs, bufs,
				 st->expect != PVABI_CEXP_ERROR, why, sizeof(why))) {
		pvabi_snfmt(ss->why, sizeof(ss->why), "%s returned %lld, %s", op->name,
			    (long long)got, why);
		return 0;
	}
	if (ok && pvabi_suite_guards_broken(r->s->args + st->args, st->nargs, bufs) >= 0) {
		pvabi_snfmt(ss->why, sizeof(ss->why), "%s wrote past a buffer the guest gave",
			    op->name);
		return 0;
	}
	if (!ok) {
		step_why(r, ss, st, got, miss, f, vars);
		return 0;
	}
	if (st->at && st->at <= st->nargs && got >= 0) /* an upcall vector bound */
		pvabi_between_bound(a[st->at - 1]);
	if (st->bind && st->bind_slot == PVABI_CBIND_RET)
		vars[(st->bind - 1) & 7] = (uint64_t)got;
	else if (st->bind && st->bind_slot < st->nargs && bufs[st->bind_slot]) {
		struct pvabi_ccheck c = { 0 };

		c.offset = st->bind_offset;
		c.size = st->bind_size;
		c.is_signed = st->bind_signed; /* a negative tsc_shift stays negative */
		vars[(st->bind - 1) & 7] = (uint64_t)pvabi_check_read(bufs[st->bind_slot], &c);
	}
	return 1;
}

/* A call made n times in a row (n from the step's expression of the
 * grant), each judged by its expectation; the first that is not names
 * its place in the row. */
static int repeat_call(struct pvabi_runner *r, struct pvabi_scen_state *ss,
		       const struct pvabi_cstep *st, uint64_t *vars)
{
	char why[sizeof(ss->why)];
	int64_t n, i;
	uint32_t k;

	if (!st->expr || pvabi_cexpr_eval(st->expr, vars, r->granted, &n) || n < 0 ||
	    n > PVABI_CCALL_REPEAT_MAX) {
		pvabi_snfmt(ss->why, sizeof(ss->why), "repeat: its expression is not 0..%d",
			    PVABI_CCALL_REPEAT_MAX);
		return 0;
	}
	for (i = 0; i < n; i++)
		if (!pvabi_suite_step_call(r, ss, st, vars)) {
			for (k = 0; k < sizeof(why); k++)
				why[k] = ss->why[k];
			pvabi_snfmt(ss->why, sizeof(ss->why), "call %lld of %lld in a row: %s",
				    (long long)i + 1, (long long)n, why);
			return 0;
		}
	return 1;
}

/* Scenario sc's steps from its first until one fails: 1 when all held,
 * else 0 with the reason in ss->why; *j is one past the last step run. */
int pvabi_suite_scen_steps(struct pvabi_runner *r, const struct pvabi_cscen *sc,
			   struct pvabi_scen_state *ss, uint64_t *vars, uint32_t *j)
{
	int ok = 1;

	ss->vec_judged[0] = ss->upcall_base[0] = pvabi_upcalls_on[0];
	ss->vec_judged[1] = ss->upcall_base[1] = pvabi_upcalls_on[1];
	for (*j = 0; ok && *j < sc->nsteps; (*j)++) {
		const struct pvabi_cstep *st = &r->s->steps[sc->first + *j];

		if (st->kind != PVABI_CSTEP_CALL)
			ok = pvabi_scen_other(r, ss, st, vars);
		else if (st->exact == PVABI_CCALL_REPEAT)
			ok = repeat_call(r, ss, st, vars);
		else if (st->exact) /* a round of a poll, or a guarded call */
			ok = pvabi_suite_least_call(r, ss, st, vars, j);
		else
			ok = st->count ? pvabi_suite_sweep(r, ss, st, vars)
				       : pvabi_suite_step_call(r, ss, st, vars);
	}
	pvabi_between_scen_end(sc->name);
	return ok;
}

/* Why a scenario cannot run here ("": filtered out), or NULL. */
static const char *scen_blocked(struct pvabi_runner *r, const struct pvabi_cscen *sc)
{
	uint32_t i;
	int needs;

	for (i = 0; i < sc->nsteps; i++) {
		const struct pvabi_cop *op = &r->s->ops[r->s->steps[sc->first + i].op];

		if (r->s->steps[sc->first + i].tied && (!r->wall_ref_ns || !r->wall_win_ns))
			return "no wall-clock reference from the harness: wallref= and wallwin= "
			       "not on the command line";
		if (r->s->steps[sc->first + i].kind != PVABI_CSTEP_CALL)
			continue;
		if (!pvabi_suite_selected(r->only, op->name))
			return "";
		if (op->feature && !(op->feature & r->granted))
			return "feature not granted by this platform";
	}
	needs = pvabi_suite_vcpus(r->s, sc);
	return needs & PVABI_SUITE_VCPU1 ? pvabi_suite_vcpu_start(needs) : 0;
}

static void run_scenarios(struct pvabi_runner *r)
{
	const struct pvabi_csuite *s = r->s;
	uint32_t i, j, k = pvabi_suite_rev_index(s, r->rev);

	for (i = 0; i < s->nscens; i++) {
		const struct pvabi_cscen *sc = &s->scens[i];
		struct pvabi_scen_state ss = { { 0, 0 }, { 0, 0 }, 0, "", 0, 0, 0, "" };
		uint64_t vars[8] = { 0 };
		const char *why;
		int ok = 1, needs;

		if (k < sc->since || k >= sc->until)
			continue;
		/* vCPU 1 runs from the first scenario that needs it to the
		 * next one that does not: one start for a run of them */
		needs = pvabi_suite_vcpus(s, sc);
		if (!(needs & PVABI_SUITE_VCPU1))
			pvabi_suite_vcpu_stop();
		why = scen_blocked(r, sc);
		if (why) {
			if (*why) /* not selected: silent, as a filtered vector is */
				pvabi_tap_skip(r->tap, why, "scenario %s", sc->name);
			continue;
		}
		pvabi_suite_cost_enter(PVABI_COST_SCEN + (sc->origin < PVABI_CSCEN_ORIGINS ? sc->origin : 0));
		ok = pvabi_suite_scen_run(r, sc, needs, &ss, vars, sizeof(vars) / sizeof(vars[0]), &j);
		if (ok < 0) {
			pvabi_tap_skip(r->tap, ss.why, "scenario %s", sc->name);
			pvabi_release_skipped(r, sc->name);
			continue;
		}
		if (ok) {
			pvabi_tap_check(r->tap, 1, "scenario %s (%u steps)%s%s", sc->name,
					(unsigned)sc->nsteps, ss.note[0] ? " " : "", ss.note);
			pvabi_release_passed(r, sc->name);
			continue;
		}
		/* The check, then the diagnostic that explains it: a diagnostic
		 * before its line would be pinned on the check before, when that
		 * one failed too (another scenario's). */
		pvabi_tap_check(r->tap, 0, "scenario %s (%u steps) (got step %u: %s)", sc->name,
				(unsigned)sc->nsteps, (unsigned)j, ss.why);
		pvabi_scen_diag(r, sc, j - 1, vars, ss.why);
		pvabi_release_failed(r, sc->name);
	}
	pvabi_suite_vcpu_stop();
}

/* Index of the negotiated revision in the suite's revs (nrevs if none:
 * then no vector applies). */
uint32_t pvabi_suite_rev_index(const struct pvabi_csuite *s, uint32_t rev)
{
	uint32_t i;

	for (i = 0; i < s->nrevs && s->revs[i] != rev; i++)
		;
	return i;
}

static void run_vectors(struct pvabi_runner *r)
{
	const struct pvabi_csuite *s = r->s;
	uint32_t i, k = pvabi_suite_rev_index(s, r->rev);

	for (i = 0; i < s->nvecs; i++) {
		const struct pvabi_cvec *v = &s->vecs[i];
		const struct pvabi_cop *op;
		int edge;

		if (k < v->since || k >= v->until || v->op >= s->nops)
			continue;
		op = &s->ops[v->op];
		if (!pvabi_suite_selected(r->only, op->name))
			continue;
		/* the derived copies with a buffer at the end of memory
		 * follow every vector: one change of class */
		edge = pvabi_suite_edge_slot(s->args + v->args, v->nargs);
		if (edge >= 0)
			pvabi_suite_cost_enter(s->args[v->args + (uint32_t)edge].split
					       ? PVABI_COST_SPLITBUF : PVABI_COST_EDGEBUF);
		if (op->feature && !(op->feature & r->granted)) {
			pvabi_tap_skip(r->tap, "feature not granted by this platform", "%s: %s",
				       op->name, v->name);
			continue;
		}
		run_vector(r, op, v);
	}
}

/* Before negotiation, only the frozen bootstrap op may be served. */
static void check_not_negotiated(struct pvabi_runner *r)
{
	uint32_t i;

	for (i = 0; i < r->s->nops; i++) {
		const struct pvabi_cop *op = &r->s->ops[i];
		int64_t got;

		if (op->id == r->negotiate_op)
			continue;
		got = r->call(op->id, 0, 0);
		pvabi_tap_check(r->tap, got == r->s->e_notnegotiated,
				"%s before negotiation is refused: %lld", op->name, (long long)got);
		return; /* one is enough: every op shares the same gate */
	}
}

/* The next part of the run: named for a clock that goes back in it,
 * and the class its calls count in. */
static void part(const char *name, int cls)
{
	pvabi_suite_mono_part(name);
	pvabi_suite_conv_part(cls);
}

enum pvabi_status pvabi_suite_run(struct pvabi_runner *r)
{
	enum pvabi_status st;

	pvabi_tap_diag(r->tap, "image: abi %s revision %s, offers 0x%08x-0x%08x features 0x%llx",
		       r->s->abi, r->s->revision, r->s->offer_min, r->s->offer_max,
		       (unsigned long long)r->s->features);
	if (r->request_set)
		pvabi_tap_diag(r->tap, "request: required 0x%llx optional 0x%llx",
			       (unsigned long long)r->required, (unsigned long long)r->optional);
	pvabi_suite_cost_install(r);
	pvabi_suite_mono_install(r);
	check_not_negotiated(r);
	pvabi_suite_cost_enter(PVABI_COST_REFUSED_NEG);
	pvabi_suite_refused_provoke(r);
	pvabi_suite_cost_enter(PVABI_COST_NEGOTIATION);
	st = pvabi_suite_negotiate(r);
	if (st != PVABI_PASS) {
		pvabi_tap_note_status(r->tap, st);
		pvabi_suite_cost_report(r);
		return pvabi_tap_end(r->tap);
	}
	if (r->rev != r->s->offer_max)
		pvabi_tap_diag(r->tap, "negotiated 0x%08x below the image's 0x%08x: running that revision's subset",
			       r->rev, r->s->offer_max);
	/* each part of the run named, for a clock that goes back in it */
	part("refusals outside revision or feature", PVABI_COST_REFUSALS);
	check_refusals(r);
	part("limit, edge and partition probes", PVABI_COST_PROBES);
	pvabi_suite_probes(r, 0);
	part("vectors", PVABI_COST_VECTORS);
	run_vectors(r);
	part("batches", PVABI_COST_BATCHES);
	pvabi_suite_batches(r, 0);
	part("batches refused in one field of a request", PVABI_COST_KINDS);
	pvabi_suite_batches(r, 1);
	part("scenarios", PVABI_COST_SCEN);
	run_scenarios(r);
	part("table fills", PVABI_COST_FILLS);
	pvabi_suite_probes(r, 1); /* the tables they fill stay full */
	pvabi_between_report(r);
	/* a platform's own limits, again after vCPU 1 ran and tables filled */
	part("platform limits read again", PVABI_COST_PROBES);
	pvabi_suite_probes(r, 2);
	part("the reserved op", PVABI_COST_END);
	{
		/* Not "the next free id": a later compatible revision may define
		 * that one. The reserved range is ENOSYS on every platform. */
		int64_t bogus = r->call(r->s->reserved_op, 0, 0);

		pvabi_tap_check(r->tap, bogus == r->s->e_nosys, "reserved op id is refused: %lld",
				(long long)bogus);
	}
	pvabi_suite_mono_end(r);
	pvabi_suite_conv_end(PVABI_COST_END);
	pvabi_suite_waited(r);
	pvabi_suite_cost_report(r);
	return pvabi_tap_end(r->tap);
}
