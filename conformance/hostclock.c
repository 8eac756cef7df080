/* The host's wall clock watched across a cell (conformance/hostclock.h).
 * The reading is the harness's own, not the reference platform's
 * (platform/pvp/clock.c reads the same offset to follow a step): the
 * platform under test is what the watch vouches for, so the watch
 * shares no code with it, as the oracle shares none with the
 * negotiator. */
#include "conformance/hostclock.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* A reading is trusted when the two monotonic reads around the wall
 * clock's are this close: one preempted between them is not a step. */
#define READ_WINDOW_NS 20000

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* 0 and the offset in *off from one of tries tight readings, or -1. */
static int offset(int64_t *off, int tries)
{
	int64_t m0, w, m1;

	while (tries-- > 0) {
		m0 = clock_ns(CLOCK_MONOTONIC);
		w = clock_ns(CLOCK_REALTIME);
		m1 = clock_ns(CLOCK_MONOTONIC);
		if (m1 - m0 <= READ_WINDOW_NS) {
			*off = w - (m0 + (m1 - m0) / 2);
			return 0;
		}
	}
	return -1;
}

void pvabi_hostclock_start(struct pvabi_hostclock *w)
{
	memset(w, 0, sizeof(*w));
	w->watched = !offset(&w->first, 16);
}

static void seen(struct pvabi_hostclock *w, int64_t off)
{
	int64_t d = off - w->first;

	w->lo = d < w->lo ? d : w->lo;
	w->hi = d > w->hi ? d : w->hi;
}

void pvabi_hostclock_sample(struct pvabi_hostclock *w)
{
	int64_t off;

	if (w->watched && !offset(&off, 1))
		seen(w, off);
}

void pvabi_hostclock_end(struct pvabi_hostclock *w)
{
	int64_t off;

	if (!w->watched)
		return;
	if (offset(&off, 16))
		w->watched = 0; /* the end unseen: a step there is unseen too */
	else
		seen(w, off);
}

/* The move a failed check's diagnostic reports (PVABI_CFIXED_MOVED in
 * guest/rt/conformance.h), or 0 when it is no such line. */
static int moved(const char *diag, long long *d)
{
	static const char tail[] = " ns since the first reading, fixed unless the host clock steps";
	int n = 0;

	if (sscanf(diag, "moved by %lld%n", d, &n) != 1 || strcmp(diag + n, tail))
		return 0;
	return 1;
}

static void excuse(struct pvabi_cell_result *r, struct pvabi_check *c, unsigned int *n)
{
	++*n;
	c->ok = 1;
	c->skip = 1;
	r->failed--;
	r->skipped++;
}

void pvabi_hostclock_judge(const struct pvabi_hostclock *w, struct pvabi_cell_result *r)
{
	int step = w->hi >= PVABI_HOSTCLOCK_STEP_NS || w->lo <= -PVABI_HOSTCLOCK_STEP_NS;
	unsigned int excused = 0;
	long long d;
	size_t i;

	for (i = 0; r->checks && i < r->nchecks; i++) {
		struct pvabi_check *c = &r->checks[i];

		if (c->ok || c->skip || c->todo || !moved(c->diag, &d))
			continue;
		if (!w->watched) {
			excuse(r, c, &excused);
			snprintf(c->diag, sizeof(c->diag), "moved by %lld ns; the harness could not "
				 "read the host clock's offset tightly, so whether it stepped is "
				 "unknown", d);
		} else if (!step) {
			snprintf(c->diag, sizeof(c->diag), "moved by %lld ns since the first "
				 "reading, and the host clock did not step in the cell (its offset "
				 "moved %lld to %lld ns)", d, (long long)w->lo, (long long)w->hi);
		} else if (d >= w->lo - PVABI_HOSTCLOCK_FOLLOW_NS &&
			   d <= w->hi + PVABI_HOSTCLOCK_FOLLOW_NS) {
			excuse(r, c, &excused);
			snprintf(c->diag, sizeof(c->diag), "moved by %lld ns with the host clock, "
				 "stepped in the cell (its offset moved %lld to %lld ns)", d,
				 (long long)w->lo, (long long)w->hi);
		} else {
			snprintf(c->diag, sizeof(c->diag), "moved by %lld ns, not by the host clock's "
				 "step in the cell (its offset moved %lld to %lld ns)", d,
				 (long long)w->lo, (long long)w->hi);
		}
	}
	/* the guest's FAIL was for these readings alone */
	if (excused && !r->failed && r->exit_code == PVABI_RUN_EXIT_FAIL)
		r->exit_code = PVABI_RUN_EXIT_PASS;
}
