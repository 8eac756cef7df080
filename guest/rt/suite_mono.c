/* Outputs that never go back (<monotonic>, guest/rt/conformance.h): the
 * image keeps the last value of each declared clock and reads the clocks
 * again after the calls that may reset platform state: every call of the
 * bootstrap op (a second negotiate, a malformed offer), the first refusal
 * of each kind (an op, its error and its argument count), whichever part
 * of the run makes it (the refusals, the limit, edge, partition and <now>
 * probes, the vectors, the batches, the refusals injected into
 * scenarios), and the end of each part. A call of a clock's own reading
 * with no arguments (get_time) is itself a reading, at no cost, so the
 * timed scenarios' polls compare too. A clock that went back is one "not
 * ok" line naming the call after which it was read and both values; each
 * reading ends the run with one line.
 *
 * Cost: every reading is a call. Reading every clock after every refused
 * call (490 of a 2.1 cell's 1300 calls) took the cell to 3222 calls and
 * 47% more CPU; once per kind of refusal costs about 250 readings. State
 * that a successful call changes is the scenarios' subject; a clock it
 * reset is still seen at the next reading, named by the span since. */
#include "guest/rt/suite.h"
#include "guest/rt/runtime.h"
#include "guest/rt/smp.h"

#define MONO_MAX 8
#define MONO_KINDS 128

static struct {
	struct pvabi_runner *r;
	int64_t (*raw)(uint32_t op, uint32_t nargs, const uint64_t *args);
	uint32_t n;                /* readings of the negotiated revision */
	uint32_t idx[MONO_MAX];    /* their rows in the suite's monos */
	uint32_t clock[MONO_MAX];  /* the first reading of the same clock */
	uint64_t last[MONO_MAX];   /* per clock (indexed by clock[]) */
	uint8_t have[MONO_MAX];
	uint8_t dead[MONO_MAX];    /* refused once: not read again */
	uint32_t reads[MONO_MAX], back[MONO_MAX];
	/* per clock: the call count when it was last read, and that call */
	uint32_t at[MONO_MAX], at_op[MONO_MAX];
	int64_t at_ret[MONO_MAX];
	uint32_t calls;            /* calls made on vCPU 0 since install */
	uint32_t prev_op;          /* the call before the one in hand */
	int64_t prev_ret;
	const char *part;          /* which part of the run makes calls */
	/* the kinds of refusal read across */
	uint32_t seen_op[MONO_KINDS], seen_nargs[MONO_KINDS], nseen;
	int64_t seen_err[MONO_KINDS];
	int armed, busy, arity;
} mono;

/* The TSC before the first reading of the first reference clock of ns and
 * that reading: each later one measures the TSC's rate over a longer span
 * (pvabi_bound_calibrate), which the waits are bounded in. */
static struct { uint32_t ref; uint64_t t0, n0; int on; } cal;

static int same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static const char *op_name(uint32_t id)
{
	const struct pvabi_csuite *s = mono.r->s;
	uint32_t i;

	for (i = 0; i < s->nops; i++)
		if (s->ops[i].id == id)
			return s->ops[i].name;
	return id == s->reserved_op ? "(reserved op)" : "(unknown op)";
}

/* Compares v, read by reading i after call number k (op, ret), with
 * its clock's last value. A clock read after the call before this one
 * names the call; one read longer ago names the span (the calls after
 * the last reading, and the last of them). */
static void judge(uint32_t i, uint64_t v, uint32_t k, uint32_t op, int64_t ret)
{
	const struct pvabi_cmono *m = &mono.r->s->monos[mono.idx[i]];
	uint32_t c = mono.clock[i], gap = k - mono.at[c];

	mono.reads[i]++;
	if (cal.on && i == cal.ref)
		pvabi_bound_calibrate(cal.t0, cal.n0, v);
	if (mono.have[c] && v < mono.last[c]) {
		mono.back[i]++;
		if (gap <= 1)
			pvabi_tap_check(mono.r->tap, 0,
					"monotonic %s (clock %s) went back after %s returned %lld (%s): %llu, then %llu",
					m->name, m->clock, op_name(op), (long long)ret, mono.part,
					(unsigned long long)mono.last[c], (unsigned long long)v);
		else
			pvabi_tap_check(mono.r->tap, 0,
					"monotonic %s (clock %s) went back in the %u calls after %s returned %lld, the last %s returned %lld (%s): %llu, then %llu",
					m->name, m->clock, (unsigned)gap, op_name(mono.at_op[c]),
					(long long)mono.at_ret[c], op_name(op), (long long)ret, mono.part,
					(unsigned long long)mono.last[c], (unsigned long long)v);
	}
	mono.last[c] = v;
	mono.have[c] = 1;
	mono.at[c] = k;
	mono.at_op[c] = op;
	mono.at_ret[c] = ret;
}

static int64_t read_row(uint32_t row, uint64_t *v)
{
	return pvabi_mono_read_row(mono.r->s, mono.raw, row, v);
}

/* One reading, into *v: 0, or -1 when the call failed (reported). */
static int reading(uint32_t i, uint64_t *v)
{
	const struct pvabi_cmono *m = &mono.r->s->monos[mono.idx[i]];
	int64_t got;

	if (mono.dead[i])
		return -1;
	got = read_row(mono.idx[i], v);
	if (got < 0) {
		mono.dead[i] = 1; /* one line, not one per call after */
		pvabi_tap_check(mono.r->tap, 0, "monotonic %s: the reading is refused: %lld (%s)",
				m->name, (long long)got, mono.part);
		return -1;
	}
	return 0;
}

static void read_all(uint32_t after_op, int64_t after_ret)
{
	int cls = pvabi_suite_cost_enter(PVABI_COST_CLOCKS);
	uint32_t i;
	uint64_t v;

	mono.busy = 1;
	pvabi_mono_share(1);
	for (i = 0; i < mono.n; i++)
		if (!reading(i, &v))
			judge(i, v, mono.calls, after_op, after_ret);
	pvabi_mono_share(0);
	mono.busy = 0;
	pvabi_suite_cost_enter(cls);
}

/* A call of reading i's op that is the reading itself (no arguments). */
static int is_reading(uint32_t op, uint32_t nargs, uint32_t *which)
{
	const struct pvabi_csuite *s = mono.r->s;
	uint32_t i;

	for (i = 0; i < mono.n; i++) {
		const struct pvabi_cmono *m = &s->monos[mono.idx[i]];

		if (s->ops[m->op].id == op && !m->nargs && !nargs && !m->nchecks) {
			*which = i;
			return 1;
		}
	}
	return 0;
}

/* Whether this is the first refusal of op with this error and this
 * many arguments: each kind of refusal is read across once (a
 * platform resets state on a path, and a path is an op, its answer
 * and whether the dispatch or the handler gave it). The arity probes
 * are one kind per error: the dispatch refuses a wrong argument count
 * the same way for every op (op ARITY). 45 kinds in a 2.1 cell
 * against 490 refused calls. A path that resets only for some values
 * is still seen at the next reading: the next kind, a poll of
 * get_time, the end of the part. */
#define ARITY 0xffffffffu

void pvabi_suite_mono_arity(int on)
{
	mono.arity = on;
}

static int first_refusal(uint32_t op, uint32_t nargs, int64_t err)
{
	uint32_t i;

	if (mono.arity)
		op = ARITY, nargs = 0;
	for (i = 0; i < mono.nseen; i++)
		if (mono.seen_op[i] == op && mono.seen_nargs[i] == nargs && mono.seen_err[i] == err)
			return 0;
	if (mono.nseen < MONO_KINDS) {
		mono.seen_op[mono.nseen] = op;
		mono.seen_nargs[mono.nseen] = nargs;
		mono.seen_err[mono.nseen++] = err;
	}
	return 1;
}

static int64_t mono_call(uint32_t op, uint32_t nargs, const uint64_t *args)
{
	int64_t got = mono.raw(op, nargs, args);
	uint32_t w;

	if (!mono.armed || mono.busy || pvabi_smp_self() != 0)
		return got;
	mono.calls++;
	if (is_reading(op, nargs, &w)) {
		/* what the calls before changed: it changes nothing itself */
		if (got >= 0) {
			judge(w, (uint64_t)got, mono.calls - 1, mono.prev_op, mono.prev_ret);
			mono.at[mono.clock[w]] = mono.calls;
		}
	} else if (op == mono.r->negotiate_op || (got < 0 && first_refusal(op, nargs, got))) {
		read_all(op, got);
	}
	mono.prev_op = op;
	mono.prev_ret = got;
	return got;
}

void pvabi_suite_mono_install(struct pvabi_runner *r)
{
	mono.r = r;
	mono.raw = r->call;
	mono.part = "negotiation";
	r->call = mono_call;
}

/* Clocks judged against a clock of nanoseconds (runs-with=,
 * bounded-by=; docs/spec-language.md#clocks-judged-against-each-other):
 * by nested intervals, so each bound holds however long the guest is
 * held up between its calls, and no tolerance depends on the host.
 * Readings of the clock inside two readings of the reference span at
 * most the reference's interval (in ticks: at tsc_khz + 1 kHz, the
 * frequency being rounded to a kHz); two readings of the reference
 * inside two of the clock span at most the clock's (at tsc_khz - 1).
 * A loss or gain at each reading, far smaller than a call's cost,
 * adds up over a burst of RATE_BURST readings in a row and over the
 * whole run (the first readings against the last, with every reading
 * the run made in between). An accumulated duration (bounded-by=)
 * rises no faster than its reference and never exceeds it: it counts
 * from the vCPU's creation, after the platform's clock started.
 * The burst is long enough for a loss of 0.5 us a read to pass the
 * slack of two calls, 180 us each on a loaded TCG host (a gate at
 * load 15 measured 200 reads too few). A bounded clock's is short: its
 * one bound, from above, has a slack that grows with the burst (time not
 * stolen), so a gain per read shows over any burst or none.
 * Cost: one burst per clock judged, RATE_BURST or BOUND_BURST + 6 calls. */
#define RATE_BURST 600
#define BOUND_BURST 40

static struct rate {
	uint32_t i, ref;      /* indices of the reading and of its reference */
	uint64_t khz;         /* 0: the clock counts ns */
	uint64_t n0, c0, n1;  /* the run's first: reference, clock, reference */
	uint8_t ok;
} rate[MONO_MAX];
static uint32_t nrate;

/* What the clock counts in n ns of its reference, at most (upper) or
 * at least, with one unit for the rounding of either end. */
static uint64_t rate_span(const struct rate *e, uint64_t n, int upper)
{
	uint64_t k = e->khz + (upper ? 1 : (uint64_t)-1), v;

	v = !e->khz ? n : n / 1000000 * k + n % 1000000 * k / 1000000;
	return upper ? v + 1 : v > 1 ? v - 1 : 0;
}

static int rd(uint32_t i, uint64_t *v)
{
	if (reading(i, v))
		return -1;
	judge(i, *v, mono.calls, mono.prev_op, mono.prev_ret);
	return 0;
}

/* One bound: the clock counted c1 - c0 while its reference counted
 * n1 - n0 outside (upper) or inside its two readings. */
static void rate_judge(const struct rate *e, const char *what, uint64_t c0, uint64_t c1,
		       uint64_t n0, uint64_t n1, int upper)
{
	const struct pvabi_cmono *m = &mono.r->s->monos[mono.idx[e->i]];
	uint64_t got = c1 >= c0 ? c1 - c0 : 0, n = n1 >= n0 ? n1 - n0 : 0;
	uint64_t want = rate_span(e, n, upper);

	pvabi_tap_check(mono.r->tap, upper ? got <= want : got >= want,
			"%s %s (clock %s) against %s, %s: %llu in %s %llu ns, want %s%llu",
			m->how == PVABI_CMONO_BOUNDED ? "bounded" : "rate", m->name, m->clock,
			m->with, what, (unsigned long long)got, upper ? "at most" : "at least",
			(unsigned long long)n, upper ? "<=" : ">=", (unsigned long long)want);
}

/* The clock's last reading c against the reference read after it. */
static void rate_below(const struct rate *e, const char *what, uint64_t c, uint64_t n)
{
	const struct pvabi_cmono *m = &mono.r->s->monos[mono.idx[e->i]];

	pvabi_tap_check(mono.r->tap, c <= n, "bounded %s (clock %s) never above %s, %s: %llu, then %s read %llu",
			m->name, m->clock, m->with, what, (unsigned long long)c, m->with,
			(unsigned long long)n);
}

/* One burst per clock: a, n0, c0, RATE_BURST (or BOUND_BURST) readings
 * taking every judged reading of the clock in turn (the TSC through the
 * MSR and through time_info alike: one clock), c1, n1, b. The clock
 * spans at most n1 - n0 from c0 to c1, inside it, and at least n1 - n0
 * from a to b, around it. */
static void rate_burst(uint32_t first, int runs)
{
	const struct rate *e = &rate[first];
	uint32_t all[MONO_MAX], n = 0, k;
	uint64_t a, b, n0, n1, c0, c1, v;

	for (k = first; k < nrate; k++)
		if (mono.clock[rate[k].i] == mono.clock[e->i])
			all[n++] = rate[k].i;
	if (rd(e->i, &a) || rd(e->ref, &n0) || rd(e->i, &c0))
		return;
	for (k = 0; k < (runs ? RATE_BURST : BOUND_BURST); k++)
		if (rd(all[k % n], &v))
			return;
	if (rd(e->i, &c1) || rd(e->ref, &n1) || rd(e->i, &b))
		return;
	rate_judge(e, "a burst of reads", c0, c1, n0, n1, 1);
	if (runs)
		rate_judge(e, "a burst of reads", a, b, n0, n1, 0);
	else
		rate_below(e, "after a burst of reads", c1, n1);
}

/* The frequency of reading i's clock, from its FREQ row: 0, 1 when
 * it has none (it counts ns), -1 when it is not read (reported). */
static int rate_khz(struct pvabi_runner *r, uint32_t i, uint64_t *khz)
{
	const struct pvabi_csuite *s = r->s;
	uint32_t f, k = pvabi_suite_rev_index(s, r->rev);

	for (f = 0; f < s->nmonos; f++)
		if (s->monos[f].how == PVABI_CMONO_FREQ && k >= s->monos[f].since &&
		    k < s->monos[f].until && same(s->monos[f].clock, s->monos[mono.idx[i]].clock))
			break;
	*khz = 0;
	if (f == s->nmonos)
		return 1;
	if (read_row(f, khz) < 0 || !*khz) {
		pvabi_tap_check(r->tap, 0, "rate %s: no frequency read", s->monos[mono.idx[i]].name);
		return -1;
	}
	return 0;
}

static void rate_begin(struct pvabi_runner *r)
{
	const struct pvabi_csuite *s = r->s;
	uint32_t i, j;

	nrate = 0;
	for (i = 0; i < mono.n; i++) {
		const struct pvabi_cmono *m = &s->monos[mono.idx[i]];
		struct rate *e = &rate[nrate];

		if (m->how != PVABI_CMONO_RUNS && m->how != PVABI_CMONO_BOUNDED)
			continue;
		for (j = 0; j < mono.n && !same(s->monos[mono.idx[j]].clock, m->with); j++)
			;
		if (j == mono.n)
			continue; /* its reference is not read in this run */
		e->i = i;
		e->ref = j;
		e->khz = 0;
		if (rate_khz(r, i, &e->khz) < 0)
			continue;
		if (!cal.on)
			cal.t0 = pvabi_tsc();
		e->ok = !rd(j, &e->n0) && !rd(i, &e->c0) && !rd(j, &e->n1);
		if (!cal.on && e->ok)
			cal.ref = j, cal.n0 = e->n0, cal.on = 1;
		nrate++;
	}
}

/* The bursts, then the run's first readings against its last. */
static void rate_end(void)
{
	uint64_t na, c, nb;
	uint32_t k;

	for (k = 0; k < nrate; k++) {
		const struct rate *e = &rate[k];
		int runs = mono.r->s->monos[mono.idx[e->i]].how == PVABI_CMONO_RUNS;
		uint32_t j;

		for (j = 0; j < k && mono.clock[rate[j].i] != mono.clock[e->i]; j++)
			;
		if (j == k) /* the clock's first judged reading */
			rate_burst(k, runs);
		if (!e->ok || rd(e->ref, &na) || rd(e->i, &c) || rd(e->ref, &nb))
			continue;
		rate_judge(e, "the whole run", e->c0, c, e->n0, nb, 1);
		if (runs)
			rate_judge(e, "the whole run", e->c0, c, e->n1, na, 0);
		else
			rate_below(e, "at the end of the run", c, nb);
	}
}

/* The readings of the negotiated revision and grant, and the first
 * value of each clock: after the first agreement, before anything else
 * (the second negotiate is the first call they are read across). */
void pvabi_suite_mono_begin(struct pvabi_runner *r)
{
	const struct pvabi_csuite *s = r->s;
	uint32_t i, j, k = pvabi_suite_rev_index(s, r->rev);

	if (!mono.raw)
		return;
	mono.n = 0;
	for (i = 0; i < s->nmonos && mono.n < MONO_MAX; i++) {
		const struct pvabi_cmono *m = &s->monos[i];
		const struct pvabi_cop *op = &s->ops[m->op];

		if (m->how == PVABI_CMONO_FREQ || k < m->since || k >= m->until || (op->feature && !(op->feature & r->granted)) ||
		    !pvabi_suite_selected(r->only, op->name))
			continue;
		mono.idx[mono.n] = i;
		mono.clock[mono.n] = mono.n;
		for (j = 0; j < mono.n; j++)
			if (same(s->monos[mono.idx[j]].clock, m->clock)) {
				mono.clock[mono.n] = mono.clock[j];
				break;
			}
		mono.n++;
	}
	mono.armed = 1;
	read_all(r->negotiate_op, 0);
	mono.prev_op = r->negotiate_op;
	rate_begin(r);
}

/* The part of the run that makes the calls from now on; the clocks
 * are read at the end of the one before, so a clock a successful call
 * reset is named by its part at the latest. */
void pvabi_suite_mono_part(const char *part)
{
	if (!mono.armed)
		return;
	read_all(mono.prev_op, mono.prev_ret);
	mono.part = part;
}

/* One line per reading: how often it was read, and that it held. */
void pvabi_suite_mono_end(struct pvabi_runner *r)
{
	uint32_t i;

	if (!mono.armed)
		return;
	pvabi_suite_cost_enter(PVABI_COST_BURSTS);
	rate_end();
	pvabi_suite_mono_part("the end of the run");
	for (i = 0; i < mono.n; i++) {
		const struct pvabi_cmono *m = &r->s->monos[mono.idx[i]];

		if (!mono.back[i] && !mono.dead[i])
			pvabi_tap_check(r->tap, 1, "monotonic %s (clock %s): never went back in %u readings",
					m->name, m->clock, (unsigned)mono.reads[i]);
	}
	mono.armed = 0;
}
