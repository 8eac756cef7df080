/* Clocks judged against each other (<monotonic runs-with= bounded-by=>),
 * through the readings guest/rt/suite_mono.c keeps: bursts and the whole
 * run, each bound's slack checked for a host that held it up. Split
 * from suite_mono.c. */
#include "guest/rt/suite.h"
#include "guest/rt/runtime.h"

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
 * Cost: one burst per clock judged, RATE_BURST or BOUND_BURST + 9 calls
 * (the opening bracket taken twice), 3 more for each closing bracket
 * taken again. */
#define RATE_BURST 600
#define BOUND_BURST 40

static struct rate {
	uint32_t i, ref;      /* indices of the reading and of its reference */
	uint64_t khz;         /* 0: the clock counts ns */
	uint64_t n0, c0, n1;  /* the run's first: reference, clock, reference */
	uint64_t t[4];        /* the TSC around each of those three readings */
	uint32_t calls;       /* the calls the run made before them (not readings) */
	uint8_t ok;
} rate[PVABI_MONO_MAX];
static uint32_t nrate;
static struct pvabi_runner *run;
static uint64_t per_call; /* TSC ticks a call of the span judged took, on average */

/* A bound's slack is the time between a reading outside the span and the
 * one inside it next to it: two calls, which a loaded host can stretch
 * by milliseconds, hiding a clock's error of a few percent of a burst
 * (a 2.4% fast clock passed a burst at load 4-5 and at 12-15). So the
 * readings around a span are timed, and a pair of them that took more
 * than BRACKET_PAIR calls at the span's average was held up: the bounds
 * it brackets cannot tell, and are never judged with that slack. A
 * first bracket, the run's or a burst's, is the tighter of two taken in
 * a row (the first calls of a run are the slowest: TCG translates their
 * code); a last one is taken again while it is held up (RATE_TRIES in
 * all, a "#" line each); a burst whose first bracket was held anyway is
 * run again (RATE_TRIES in all, a "#" line each). A bound judged has a
 * slack of at most 2 * BRACKET_PAIR calls of its span's: of a burst's
 * RATE_BURST + 9, of the whole run's thousands. A span still held up at
 * either end is a skip. A clock bounded by another (bounded-by=) is
 * judged from above only, where its slack is the time not stolen, far
 * more than a bracket's: not timed. */
#define BRACKET_PAIR 4
#define RATE_TRIES 3

/* Readings x, y, z in a row, into v[0..2], the TSC before and after each
 * into t[0..3]. */
static int rd3(uint32_t x, uint32_t y, uint32_t z, uint64_t *v, uint64_t *t)
{
	t[0] = pvabi_tsc();
	if (pvabi_mono_rd(x, &v[0]))
		return -1;
	t[1] = pvabi_tsc();
	if (pvabi_mono_rd(y, &v[1]))
		return -1;
	t[2] = pvabi_tsc();
	if (pvabi_mono_rd(z, &v[2]))
		return -1;
	t[3] = pvabi_tsc();
	return 0;
}

/* The ticks of the pair of readings of t that took longest. */
static uint64_t pair(const uint64_t *t)
{
	uint64_t a = t[2] - t[0], b = t[3] - t[1];

	return a > b ? a : b;
}

/* An opening bracket: rd3 twice in a row, the tighter kept (into v and
 * t). Which pair was held up is told only once the span's average is
 * known, too late to take an opening again; the second reading's calls
 * lie inside the span when the first is kept, which the nested bounds
 * allow. */
static int rd3_tighter(uint32_t x, uint32_t y, uint32_t z, uint64_t *v, uint64_t *t)
{
	uint64_t w[3], u[4];

	if (rd3(x, y, z, v, t) || rd3(x, y, z, w, u))
		return -1;
	if (pair(u) < pair(t))
		memcpy(v, w, sizeof(w)), memcpy(t, u, sizeof(u));
	return 0;
}

/* That pair's ticks, when it took more than BRACKET_PAIR calls at per
 * ticks each; 0 when neither did (or nothing was measured to compare
 * with). */
static uint64_t held(const uint64_t *t, uint64_t per)
{
	return per && pair(t) > BRACKET_PAIR * per ? pair(t) : 0;
}

/* What the clock counts in n ns of its reference, at most (upper) or
 * at least, with one unit for the rounding of either end. */
static uint64_t rate_span(const struct rate *e, uint64_t n, int upper)
{
	uint64_t k = e->khz + (upper ? 1 : (uint64_t)-1), v;

	v = !e->khz ? n : n / 1000000 * k + n % 1000000 * k / 1000000;
	return upper ? v + 1 : v > 1 ? v - 1 : 0;
}

/* One bound: the clock counted c1 - c0 while its reference counted
 * n1 - n0 outside (upper) or inside its two readings. */
static void rate_judge(const struct rate *e, const char *what, uint64_t c0, uint64_t c1,
		       uint64_t n0, uint64_t n1, int upper)
{
	const struct pvabi_cmono *m = &run->s->monos[pvabi_mono_row(e->i)];
	uint64_t got = c1 >= c0 ? c1 - c0 : 0, n = n1 >= n0 ? n1 - n0 : 0;
	uint64_t want = rate_span(e, n, upper);

	pvabi_tap_check(run->tap, upper ? got <= want : got >= want,
			"%s %s (clock %s) against %s, %s: %llu in %s %llu ns, want %s%llu",
			m->how == PVABI_CMONO_BOUNDED ? "bounded" : "rate", m->name, m->clock,
			m->with, what, (unsigned long long)got, upper ? "at most" : "at least",
			(unsigned long long)n, upper ? "<=" : ">=", (unsigned long long)want);
}

/* The clock's last reading c against the reference read after it. */
static void rate_below(const struct rate *e, const char *what, uint64_t c, uint64_t n)
{
	const struct pvabi_cmono *m = &run->s->monos[pvabi_mono_row(e->i)];

	pvabi_tap_check(run->tap, c <= n, "bounded %s (clock %s) never above %s, %s: %llu, then %s read %llu",
			m->name, m->clock, m->with, what, (unsigned long long)c, m->with,
			(unsigned long long)n);
}

/* The bounds of a span whose bracket was held up, each a skip. */
static void rate_untold(const struct rate *e, const char *what, int runs, uint64_t took)
{
	const struct pvabi_cmono *m = &run->s->monos[pvabi_mono_row(e->i)];
	char why[96];
	int k;

	pvabi_snfmt(why, sizeof(why), "could not tell: a pair of calls around it took %llu ticks, "
		    "%llu a call", (unsigned long long)took, (unsigned long long)per_call);
	for (k = 0; k < (runs ? 2 : 1); k++)
		pvabi_tap_skip(run->tap, why, "%s %s (clock %s) against %s, %s: %s",
			       m->how == PVABI_CMONO_BOUNDED ? "bounded" : "rate", m->name, m->clock,
			       m->with, what, k ? "at least" : "at most");
}

/* A burst's closing readings (c, their TSC t), taken again while their
 * pair is held up, up to RATE_TRIES times in all: the bounds are nested
 * intervals, so the readings after the burst only lengthen the span they
 * judge (the held ones are readings of the two clocks too), and a
 * bound's slack is the pair it ends with. Cheaper than the burst again,
 * which a held opening pair still needs (per_call, from the burst, is
 * known only after it). -1 when a reading failed. */
static int rate_close_again(const struct rate *e, uint64_t *c, uint64_t *t)
{
	uint32_t tries;

	for (tries = 1; tries < RATE_TRIES && held(t, per_call); tries++) {
		pvabi_tap_diag(run->tap, "rate %s: a burst of reads: the pair of calls after it "
			       "took %llu ticks, %llu a call in it; read again",
			       run->s->monos[pvabi_mono_row(e->i)].name,
			       (unsigned long long)held(t, per_call), (unsigned long long)per_call);
		if (rd3(e->i, e->ref, e->i, c, t))
			return -1;
	}
	return 0;
}

/* One burst per clock: a, n0, c0, RATE_BURST (or BOUND_BURST) readings
 * taking every judged reading of the clock in turn (the TSC through the
 * MSR and through time_info alike: one clock), c1, n1, b. The clock
 * spans at most n1 - n0 from c0 to c1, inside it, and at least n1 - n0
 * from a to b, around it. Its closing bracket taken again while held
 * up, the burst run again while its opening one is. */
static void rate_burst(uint32_t first, int runs)
{
	const struct rate *e = &rate[first];
	uint32_t all[PVABI_MONO_MAX], n = 0, k, reads = runs ? RATE_BURST : BOUND_BURST, tries;
	uint64_t o[3], c[3], t0[4], t1[4], v, took = 0, start;

	for (k = first; k < nrate; k++)
		if (pvabi_mono_clock(rate[k].i) == pvabi_mono_clock(e->i))
			all[n++] = rate[k].i;
	for (tries = 1; tries <= RATE_TRIES; tries++) {
		if (rd3_tighter(e->i, e->ref, e->i, o, t0))
			return;
		start = pvabi_tsc(); /* the average is the burst's own reads' */
		for (k = 0; k < reads; k++)
			if (pvabi_mono_rd(all[k % n], &v))
				return;
		if (rd3(e->i, e->ref, e->i, c, t1))
			return;
		/* a bounded clock's slack is the time not stolen, large anyway */
		per_call = runs ? (t1[0] - start) / reads : 0;
		if (!held(t0, per_call) && rate_close_again(e, c, t1))
			return;
		took = held(t0, per_call) > held(t1, per_call) ? held(t0, per_call) : held(t1, per_call);
		if (!took)
			break;
		pvabi_tap_diag(run->tap, "rate %s: a burst of reads: a pair of calls around it "
			       "took %llu ticks, %llu a call in it; run again",
			       run->s->monos[pvabi_mono_row(e->i)].name, (unsigned long long)took,
			       (unsigned long long)per_call);
	}
	if (took)
		rate_untold(e, "a burst of reads", runs, took);
	else
		rate_judge(e, "a burst of reads", o[2], c[0], o[1], c[1], 1);
	if (runs && !took)
		rate_judge(e, "a burst of reads", o[0], c[2], o[1], c[1], 0);
	else if (!runs)
		rate_below(e, "after a burst of reads", c[0], c[1]);
}

/* The frequency of reading i's clock, from its FREQ row: 0, 1 when
 * it has none (it counts ns), -1 when it is not read (reported). */
static int rate_khz(struct pvabi_runner *r, uint32_t i, uint64_t *khz)
{
	const struct pvabi_csuite *s = r->s;
	uint32_t f, k = pvabi_suite_rev_index(s, r->rev);

	for (f = 0; f < s->nmonos; f++)
		if (s->monos[f].how == PVABI_CMONO_FREQ && k >= s->monos[f].since &&
		    k < s->monos[f].until && pvabi_mono_same(s->monos[f].clock, s->monos[pvabi_mono_row(i)].clock))
			break;
	*khz = 0;
	if (f == s->nmonos)
		return 1;
	if (pvabi_mono_raw_row(f, khz) < 0 || !*khz) {
		pvabi_tap_check(r->tap, 0, "rate %s: no frequency read", s->monos[pvabi_mono_row(i)].name);
		return -1;
	}
	return 0;
}

void pvabi_suite_rate_begin(struct pvabi_runner *r)
{
	const struct pvabi_csuite *s = r->s;
	uint64_t v[3];
	uint32_t i, j;

	run = r;
	nrate = 0;
	for (i = 0; i < pvabi_mono_count(); i++) {
		const struct pvabi_cmono *m = &s->monos[pvabi_mono_row(i)];
		struct rate *e = &rate[nrate];

		if (m->how != PVABI_CMONO_RUNS && m->how != PVABI_CMONO_BOUNDED)
			continue;
		for (j = 0; j < pvabi_mono_count() && !pvabi_mono_same(s->monos[pvabi_mono_row(j)].clock, m->with); j++)
			;
		if (j == pvabi_mono_count())
			continue; /* its reference is not read in this run */
		e->i = i;
		e->ref = j;
		e->khz = 0;
		if (rate_khz(r, i, &e->khz) < 0)
			continue;
		e->calls = pvabi_mono_calls();
		e->ok = !rd3_tighter(j, i, j, v, e->t);
		e->n0 = v[0], e->c0 = v[1], e->n1 = v[2];
		if (e->ok)
			pvabi_mono_calibrate_from(j, e->t[0], e->n0);
		nrate++;
	}
}

/* The run's first readings against its last (na, c, nb, taken again
 * while they are held up): a bracket held up at either end cannot tell. */
static void rate_run(const struct rate *e, int runs)
{
	uint64_t v[3], t[4], took = 0;
	uint32_t tries, calls;

	for (tries = 1; tries <= RATE_TRIES; tries++) {
		calls = pvabi_mono_calls();
		if (rd3(e->ref, e->i, e->ref, v, t))
			return;
		per_call = runs && calls > e->calls ? (t[0] - e->t[3]) / (calls - e->calls) : 0;
		took = held(e->t, per_call);
		if (took || !held(t, per_call))
			break;
	}
	took = took ? took : held(t, per_call);
	if (took)
		rate_untold(e, "the whole run", runs, took);
	else
		rate_judge(e, "the whole run", e->c0, v[1], e->n0, v[2], 1);
	if (runs && !took)
		rate_judge(e, "the whole run", e->c0, v[1], e->n1, v[0], 0);
	else if (!runs)
		rate_below(e, "at the end of the run", v[1], v[2]);
}

/* The bursts, then the run's first readings against its last. */
void pvabi_suite_rate_end(struct pvabi_runner *r)
{
	uint32_t k;

	run = r;
	for (k = 0; k < nrate; k++) {
		const struct rate *e = &rate[k];
		int runs = r->s->monos[pvabi_mono_row(e->i)].how == PVABI_CMONO_RUNS;
		uint32_t j;

		for (j = 0; j < k && pvabi_mono_clock(rate[j].i) != pvabi_mono_clock(e->i); j++)
			;
		if (j == k) { /* the clock's first judged reading */
			rate_burst(k, runs);
			if (!runs) /* an accumulated duration */
				pvabi_suite_excl_judge(r, e->i, e->ref);
		}
		if (e->ok)
			rate_run(e, runs);
	}
}

