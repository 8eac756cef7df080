/* A clock read through a snapshot (<monotonic converts=>, guest/rt/
 * conformance.h): what a guest does with time_info (and Xen's and KVM's
 * records). It reads the clock the snapshot converts (the TSC) with its
 * own call, after the snapshot, between two readings of the clock the
 * snapshot's clock runs with (get_time), converts it with the snapshot's
 * stamp, time, multiplier and shift as the doc's formula says, and wants
 * the time within the declared tolerance of the two readings around it.
 * The three fields judged against each other (the scenarios) and the
 * TSC's rate against get_time (the bursts) each pass for a snapshot
 * whose conversion is wrong: a shift applied the other way, a time and a
 * stamp of different instants, a multiplier that is not the TSC's rate.
 *
 * When: the run's first snapshot right after it is taken, and again at
 * the first end of a part of the run or of a scenario past 1%, 10% and
 * 50% of the time the doc promises it holds (10, 100 and 500 ms of one
 * second), so the distance is the one the run spends anyway, with no
 * wait; a fresh snapshot at each of those points, judged right after it
 * (a time and a stamp of different instants differ by snapshot); and one
 * taken and judged on vCPU 1, the first time vCPU 1 runs at such an end
 * (after a scenario that needs it; the snapshot is the calling vCPU's,
 * and an image that never starts vCPU 1 has none to judge). A point past the promise, or one the run never
 * reaches, is a skip that says so.
 *
 * No false alarm from a slow host: a delay only widens the bracket, and
 * the reading is judged against the bracket it lies in. A bracket wider
 * than CONV_WIDE_NS is taken again (CONV_TRIES in all, a "#" line each),
 * then a skip: it could tell nothing finer than its width. Cost: four
 * calls a judgement (the snapshot's one, shared by its four fields, and
 * three around the reading), about 30 in a run, and one reading of the
 * reference at the end of each part. */
#include "guest/rt/suite.h"
#include "guest/rt/runtime.h"
#include "guest/rt/smp.h"

#define CONV_MAX 4
#define CONV_TRIES 3
#define CONV_WIDE_NS 2000000u
#define CONV_POINTS 3

static const uint32_t point_pct[CONV_POINTS] = { 1, 10, 50 };

/* One snapshot and one reading judged with it. */
struct snap {
	uint64_t n;          /* the reference, read before the snapshot */
	uint64_t time, stamp;
	uint32_t mul;
	int32_t shift;
	uint64_t n0, t, n1;  /* the reading, between two of the reference */
	uint64_t wide;       /* 0, or the bracket too wide every try */
	uint32_t k;          /* the conversion (cv[k]) */
};

static struct conv {
	uint32_t clk, stamp, ref, tsc; /* readings (pvabi_mono_rd's index) */
	uint32_t mul, shift;           /* rows of the suite's monos */
	struct snap s0;
	uint32_t next;                 /* the next point judged of s0 */
	int vcpu1;                     /* judged on vCPU 1 */
} cv[CONV_MAX];
static uint32_t ncv;
static struct pvabi_runner *run;

static const struct pvabi_cmono *row_of(uint32_t i)
{
	return &run->s->monos[pvabi_mono_row(i)];
}

/* Reading j is of clock `clock', by the call of reading i (same) or by
 * another call. */
static int reading_is(uint32_t j, const char *clock, uint32_t i, int same)
{
	const struct pvabi_cmono *a = row_of(i), *b = row_of(j);
	int call = a->op == b->op && a->args == b->args && a->nargs == b->nargs;

	return pvabi_mono_same(b->clock, clock) && call == same;
}

static uint32_t find_reading(const char *clock, uint32_t i, int same)
{
	uint32_t j;

	for (j = 0; j < pvabi_mono_count() && !reading_is(j, clock, i, same); j++)
		;
	return j;
}

/* The MUL or SHIFT row of reading i's call in this revision. */
static uint32_t find_row(uint32_t i, uint8_t how)
{
	const struct pvabi_csuite *s = run->s;
	const struct pvabi_cmono *m = row_of(i);
	uint32_t f, k = pvabi_suite_rev_index(s, run->rev);

	for (f = 0; f < s->nmonos; f++)
		if (s->monos[f].how == how && k >= s->monos[f].since && k < s->monos[f].until &&
		    s->monos[f].op == m->op && s->monos[f].args == m->args)
			break;
	return f;
}

/* A snapshot (its four fields from one call), then a reading of the
 * clock it converts between two of the reference, taken again while the
 * bracket is too wide. Runs on either vCPU: it only calls. */
static int64_t take(void *arg)
{
	struct snap *p = arg;
	const struct conv *c = &cv[p->k];
	uint64_t v[4];

	if (pvabi_mono_raw_row(pvabi_mono_row(c->ref), &p->n) < 0)
		return -1;
	pvabi_mono_share(1);
	if (pvabi_mono_raw_row(pvabi_mono_row(c->clk), &v[0]) < 0 ||
	    pvabi_mono_raw_row(pvabi_mono_row(c->stamp), &v[1]) < 0 ||
	    pvabi_mono_raw_row(c->mul, &v[2]) < 0 || pvabi_mono_raw_row(c->shift, &v[3]) < 0) {
		pvabi_mono_share(0);
		return -1;
	}
	pvabi_mono_share(0);
	p->time = v[0], p->stamp = v[1], p->mul = (uint32_t)v[2];
	p->shift = (int32_t)(uint32_t)v[3];
	return 0;
}

/* The reading of the clock converted, between two of the reference. */
static int64_t bracket(void *arg)
{
	struct snap *p = arg;
	const struct conv *c = &cv[p->k];
	uint32_t tries;

	for (tries = 0; tries < CONV_TRIES; tries++) {
		if (pvabi_mono_raw_row(pvabi_mono_row(c->ref), &p->n0) < 0 ||
		    pvabi_mono_raw_row(pvabi_mono_row(c->tsc), &p->t) < 0 ||
		    pvabi_mono_raw_row(pvabi_mono_row(c->ref), &p->n1) < 0)
			return -1;
		p->wide = p->n1 - p->n0 > CONV_WIDE_NS ? p->n1 - p->n0 : 0;
		if (!p->wide)
			break;
	}
	return 0;
}

/* The time the snapshot gives for reading t, by the doc's formula:
 * time + ((t - stamp) shifted by shift) * mul >> 32, in 96 bits. */
static uint64_t convert(const struct snap *p, uint64_t t)
{
	uint64_t d = t - p->stamp;

	d = p->shift >= 0 ? (p->shift > 63 ? 0 : d << p->shift)
			  : (p->shift < -63 ? 0 : d >> -p->shift);
	return p->time + pvabi_tsc_scale(d, p->mul);
}

static void judge(const struct conv *c, const struct snap *p, const char *what)
{
	const struct pvabi_cmono *m = row_of(c->clk);
	uint64_t tol = m->within_ns, lo = p->n0 > tol ? p->n0 - tol : 0, hi = p->n1 + tol, got;
	char why[96];

	if (p->wide) {
		pvabi_snfmt(why, sizeof(why), "could not tell: the %s readings around it spanned %llu ns",
			    m->with, (unsigned long long)p->wide);
		pvabi_tap_skip(run->tap, why, "convert %s (clock %s) from clock %s, %s", m->name,
			       m->clock, m->conv, what);
		return;
	}
	if (p->t < p->stamp) {
		pvabi_tap_check(run->tap, 0, "convert %s (clock %s) from clock %s, %s: read %llu, "
				"before the snapshot's %llu", m->name, m->clock, m->conv, what,
				(unsigned long long)p->t, (unsigned long long)p->stamp);
		return;
	}
	got = convert(p, p->t);
	pvabi_tap_check(run->tap, got >= lo && got <= hi,
			"convert %s (clock %s) from clock %s, %s, read %llu ns after it: %llu, "
			"want %llu..%llu (%s around the read, %llu ns either side; bound: time=%llu "
			"stamp=%llu mul=0x%x shift=%d read=%llu)",
			m->name, m->clock, m->conv, what, (unsigned long long)(p->n1 - p->n),
			(unsigned long long)got, (unsigned long long)lo, (unsigned long long)hi,
			m->with, (unsigned long long)tol, (unsigned long long)p->time,
			(unsigned long long)p->stamp, (unsigned)p->mul, (int)p->shift,
			(unsigned long long)p->t);
}

/* A snapshot taken and judged right after it, on vCPU 0 or 1. */
static void fresh(uint32_t k, const char *what, int vcpu1)
{
	struct snap p;

	p.k = k;
	if ((vcpu1 ? pvabi_smp_call(take, &p) : take(&p)) < 0)
		return;
	if ((vcpu1 ? pvabi_smp_call(bracket, &p) : bracket(&p)) < 0)
		return;
	judge(&cv[k], &p, what);
}

/* The conversions this run makes: each RUNS reading that declares one,
 * with its stamp, the reference and a reading of the clock converted
 * by another call; then the run's first snapshot, judged at once. */
void pvabi_suite_conv_begin(struct pvabi_runner *r)
{
	uint32_t i, n = pvabi_mono_count();
	int cls = pvabi_suite_cost_enter(PVABI_COST_CONV);

	run = r;
	ncv = 0;
	for (i = 0; i < n && ncv < CONV_MAX; i++) {
		const struct pvabi_cmono *m = row_of(i);
		struct conv *c = &cv[ncv];

		if (m->how != PVABI_CMONO_RUNS || !m->conv)
			continue;
		c->clk = i;
		c->stamp = find_reading(m->conv, i, 1);
		c->tsc = find_reading(m->conv, i, 0);
		c->ref = find_reading(m->with, i, 0);
		c->mul = find_row(i, PVABI_CMONO_MUL);
		c->shift = find_row(i, PVABI_CMONO_SHIFT);
		if (c->stamp == n || c->tsc == n || c->ref == n || c->mul == r->s->nmonos ||
		    c->shift == r->s->nmonos)
			continue; /* not all read in this revision and grant */
		c->next = 0;
		c->vcpu1 = 0;
		c->s0.k = ncv;
		if (take(&c->s0) < 0 || bracket(&c->s0) < 0)
			continue;
		judge(c, &c->s0, "the run's first snapshot, right after it");
		ncv++;
	}
	pvabi_suite_cost_enter(cls);
}

/* The end of a part: the first snapshot judged at each point it has
 * passed (within the promise), a fresh one with it, vCPU 1's once. */
void pvabi_suite_conv_part(int cls)
{
	uint64_t n, age;
	uint32_t k;
	char what[96];
	int before = pvabi_suite_cost_enter(PVABI_COST_CONV);

	for (k = 0; k < ncv; k++) {
		struct conv *c = &cv[k];
		const struct pvabi_cmono *m = row_of(c->clk);

		if (!c->vcpu1 && pvabi_smp_running()) {
			c->vcpu1 = 1;
			fresh(k, "a snapshot of vCPU 1, right after it", 1);
		}
		if (c->next == CONV_POINTS || pvabi_mono_raw_row(pvabi_mono_row(c->ref), &n) < 0)
			continue;
		age = n - c->s0.n;
		if (age < m->for_ns / 100 * point_pct[c->next])
			continue;
		while (c->next < CONV_POINTS && age >= m->for_ns / 100 * point_pct[c->next])
			c->next++; /* one judgement for the points one end passed */
		pvabi_snfmt(what, sizeof(what), "the run's first snapshot, %u%% of %llu ns on",
			    (unsigned)point_pct[c->next - 1], (unsigned long long)m->for_ns);
		if (age > m->for_ns) {
			pvabi_tap_skip(run->tap, "the run reached no point within the promise",
				       "convert %s (clock %s) from clock %s, %s: %llu ns after it",
				       m->name, m->clock, m->conv, what, (unsigned long long)age);
		} else {
			if (!bracket(&c->s0))
				judge(c, &c->s0, what);
		}
		fresh(k, "a fresh snapshot, right after it", 0);
	}
	pvabi_suite_cost_enter(cls >= 0 ? cls : before);
}

/* The points the run never reached, each a skip that says so. */
void pvabi_suite_conv_end(int cls)
{
	uint32_t k;

	pvabi_suite_conv_part(cls);
	for (k = 0; k < ncv; k++) {
		const struct pvabi_cmono *m = row_of(cv[k].clk);

		for (; cv[k].next < CONV_POINTS; cv[k].next++)
			pvabi_tap_skip(run->tap, "the run ended before it",
				       "convert %s (clock %s) from clock %s, the run's first snapshot, "
				       "%u%% of %llu ns on", m->name, m->clock, m->conv,
				       (unsigned)point_pct[cv[k].next], (unsigned long long)m->for_ns);
	}
	ncv = 0;
}
