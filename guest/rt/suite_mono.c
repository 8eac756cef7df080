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

#define MONO_MAX PVABI_MONO_MAX
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

/* Two clock names the same (the rate bounds pair clocks by name too). */
int pvabi_mono_same(const char *a, const char *b)
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

/* A reading judged against the clock's last value, into *v (the rate
 * bounds read the clocks through it, guest/rt/suite_rate.c): 0, or -1
 * when the call failed (reported). */
int pvabi_mono_rd(uint32_t i, uint64_t *v)
{
	if (reading(i, v))
		return -1;
	judge(i, *v, mono.calls, mono.prev_op, mono.prev_ret);
	return 0;
}

uint32_t pvabi_mono_calls(void)
{
	return mono.calls;
}

uint32_t pvabi_mono_count(void)
{
	return mono.n;
}

uint32_t pvabi_mono_row(uint32_t i)
{
	return mono.idx[i];
}

uint32_t pvabi_mono_clock(uint32_t i)
{
	return mono.clock[i];
}

int64_t pvabi_mono_raw_row(uint32_t row, uint64_t *v)
{
	return read_row(row, v);
}

/* The TSC's rate is measured from t0, when reading ref gave n0 (its
 * first), to each later reading of ref. */
void pvabi_mono_calibrate_from(uint32_t ref, uint64_t t0, uint64_t n0)
{
	if (cal.on)
		return;
	cal.ref = ref, cal.t0 = t0, cal.n0 = n0, cal.on = 1;
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

		if (m->how >= PVABI_CMONO_FREQ || k < m->since || k >= m->until || (op->feature && !(op->feature & r->granted)) ||
		    !pvabi_suite_selected(r->only, op->name))
			continue;
		mono.idx[mono.n] = i;
		mono.clock[mono.n] = mono.n;
		for (j = 0; j < mono.n; j++)
			if (pvabi_mono_same(s->monos[mono.idx[j]].clock, m->clock)) {
				mono.clock[mono.n] = mono.clock[j];
				break;
			}
		mono.n++;
	}
	mono.armed = 1;
	read_all(r->negotiate_op, 0);
	mono.prev_op = r->negotiate_op;
	pvabi_suite_rate_begin(r);
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
	pvabi_suite_rate_end(r);
	pvabi_suite_mono_part("the end of the run");
	for (i = 0; i < mono.n; i++) {
		const struct pvabi_cmono *m = &r->s->monos[mono.idx[i]];

		if (!mono.back[i] && !mono.dead[i])
			pvabi_tap_check(r->tap, 1, "monotonic %s (clock %s): never went back in %u readings",
					m->name, m->clock, (unsigned)mono.reads[i]);
	}
	mono.armed = 0;
}
