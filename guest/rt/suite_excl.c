/* Accumulated durations judged across each state their doc leaves out
 * (<monotonic excludes=>, docs/checks.md "An accumulated duration judged
 * across each state its doc excludes"). Steal time is time a vCPU was
 * runnable but not running; a platform that counts every moment the
 * vCPU did not run (halted included) stays below get_time and rises no
 * faster, so the bounds of suite_rate.c pass it. Here the duration is
 * read across a span the vCPU spends halted and across one as long
 * spent running (calls), in a row, under the same load: a loaded host
 * steals during both, so the halted span is judged against the running
 * span's share, never against a constant.
 *
 * Halted is the image's wait for an event with nothing due: interrupts
 * enabled, no call and no ring of the doorbell (a quiet wait), so that
 * nothing reaches the platform. The image never executes hlt: the own
 * VMM has no interrupt source to wake it. A wait that rings the doorbell
 * in each round is not used: the reference platform serves each ring on
 * the thread whose run-queue wait is its steal time, and a loaded host
 * made that wait 5.8 of a 6.2 ms span (measured), as much as a platform
 * that counts the wait itself. Running is the reference clock read in a
 * row: every call is served while the guest waits for its answer.
 *
 * The judgement: the halted span may gain at most the running span's
 * share of its length plus half of the rest. A duration that leaves the
 * halt out gains only what waking from it costs; one that counts the
 * halt gains all of it (each span is read from outside, so about a
 * share of 1024), which passes only where the running span lost all of
 * its time too. Spans are EXCL_SPAN_NS each, 40 to 400 calls on TCG (20
 * to 180 us a call): long enough that waking from the halt is a small
 * part of one, short enough to cost little. A loaded host can hold the
 * platform up right after a halt for a whole span (20 ms at load 16,
 * measured), and can leave a running span's calls unserved as long: so
 * a try that fails is run again (EXCL_TRIES in all, a "#" line each),
 * and the least halted share of the tries is judged against the least
 * running share, each the try the host disturbed least.
 * Cost: two spans a try, 2 x 8 ms and the calls of one span, once per
 * duration so declared; more tries only where one failed. */
#include "guest/rt/suite.h"
#include "guest/rt/runtime.h"

#define EXCL_SPAN_NS 8000000u
#define EXCL_TRIES 5
#define EXCL_ONE 1024u /* a share of a span, in 1024ths */

struct excl_span {
	uint64_t grew, len; /* what the duration gained, the reference's ns */
};

static uint64_t less(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

/* The share of sp's length the duration gained, in 1024ths (at most
 * 1024 times the length, so that a runaway value cannot wrap). */
static uint64_t share(const struct excl_span *sp)
{
	uint64_t g = sp->grew < sp->len * (uint64_t)EXCL_ONE ? sp->grew : sp->len * EXCL_ONE;

	return sp->len ? g * EXCL_ONE / sp->len : 0;
}

/* Each span is measured alike: the duration i, the reference ref, the
 * span, ref, i. The duration's interval holds the reference's, so what
 * it gained is a share of at least what the span lost: a platform that
 * counts the span itself answers a share of 1024 or more, whatever the
 * calls around it took. */
static int span_open(uint32_t i, uint32_t ref, uint64_t *c0, uint64_t *n0)
{
	return pvabi_mono_rd(i, c0) || pvabi_mono_rd(ref, n0) ? -1 : 0;
}

static int span_close(uint32_t i, uint32_t ref, uint64_t c0, uint64_t n0, struct excl_span *sp)
{
	uint64_t c1, n1;

	if (pvabi_mono_rd(ref, &n1) || pvabi_mono_rd(i, &c1))
		return -1;
	sp->grew = less(c1, c0);
	sp->len = less(n1, n0);
	return 0;
}

/* Running: the reference read in a row for at least EXCL_SPAN_NS of it;
 * every call is served while the guest waits for its answer. */
static int span_running(uint32_t i, uint32_t ref, struct excl_span *sp)
{
	uint64_t c0, n0, n;

	if (span_open(i, ref, &c0, &n0))
		return -1;
	do {
		if (pvabi_mono_rd(ref, &n))
			return -1;
	} while (less(n, n0) < EXCL_SPAN_NS);
	return span_close(i, ref, c0, n0, sp);
}

/* Halted: a quiet wait of EXCL_SPAN_NS for an event never due. */
static int span_halted(uint32_t i, uint32_t ref, struct excl_span *sp)
{
	uint64_t c0, n0;

	if (span_open(i, ref, &c0, &n0))
		return -1;
	(void)pvabi_upcall_wait_ack(0, EXCL_SPAN_NS, 1, NULL);
	return span_close(i, ref, c0, n0, sp);
}

/* The most the halted span may gain, in 1024ths of it. */
static uint64_t allowed(const struct excl_span *run)
{
	uint64_t s = share(run) < EXCL_ONE ? share(run) : EXCL_ONE;

	return s + (EXCL_ONE - s) / 2;
}

/* The span of the two with the smaller share into *best. */
static void least(struct excl_span *best, const struct excl_span *sp, int first)
{
	if (first || share(sp) < share(best))
		*best = *sp;
}

/* A running span, then a halted one, per try; the least halted share of
 * the tries is judged against the least running share (each the try the
 * host disturbed least), until it passes (EXCL_TRIES). A platform that
 * counts the halt passes only where every running span lost all its
 * time. */
static void judge_halted(struct pvabi_runner *r, uint32_t i, uint32_t ref)
{
	const struct pvabi_cmono *m = &r->s->monos[pvabi_mono_row(i)];
	struct excl_span run, halt, lrun = { 0, 0 }, lhalt = { 0, 0 };
	int tries, ok = 0;

	for (tries = 1; tries <= EXCL_TRIES && !ok; tries++) {
		if (span_running(i, ref, &run) || span_halted(i, ref, &halt))
			return; /* a refused reading is red where it is judged */
		least(&lrun, &run, tries == 1);
		least(&lhalt, &halt, tries == 1);
		ok = share(&lhalt) <= allowed(&lrun);
		if (!ok && tries < EXCL_TRIES)
			pvabi_tap_diag(r->tap, "excluded %s (clock %s): halted %llu of %llu ns, "
				       "running %llu of %llu ns; run again", m->name, m->clock,
				       (unsigned long long)halt.grew, (unsigned long long)halt.len,
				       (unsigned long long)run.grew, (unsigned long long)run.len);
	}
	pvabi_tap_check(r->tap, ok, "excluded %s (clock %s) against %s, halted, the least of %d "
			"tries: rose %llu in %llu ns halted (%llu/1024), %llu in %llu ns running "
			"(%llu/1024), want halted <=%llu/1024", m->name, m->clock, m->with,
			tries - 1, (unsigned long long)lhalt.grew, (unsigned long long)lhalt.len,
			(unsigned long long)share(&lhalt), (unsigned long long)lrun.grew,
			(unsigned long long)lrun.len, (unsigned long long)share(&lrun),
			(unsigned long long)allowed(&lrun));
}

void pvabi_suite_excl_judge(struct pvabi_runner *r, uint32_t i, uint32_t ref)
{
	int cls;

	if (!(r->s->monos[pvabi_mono_row(i)].excludes & PVABI_CMONO_EXCL_HALTED))
		return;
	cls = pvabi_suite_cost_enter(PVABI_COST_EXCLUDED);
	judge_halted(r, i, ref);
	pvabi_suite_cost_enter(cls);
}
