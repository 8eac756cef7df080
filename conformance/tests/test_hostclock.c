/* The readings of a value fixed unless the host clock steps, judged
 * against what the harness saw of the host's clock (conformance/
 * hostclock.c): a move with no step is red, a move the step explains or
 * that no watch could judge is a skip that says why, and the guest's
 * FAIL for those readings alone becomes a pass. The host's own clock is
 * not stepped here (that needs root and would disturb the machine): the
 * watches are written out as the runner would have filled them. */
#include "conformance/hostclock.h"
#include "conformance/oracle.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MOVED "moved by %lld ns since the first reading, fixed unless the host clock steps"

/* A cell whose guest said FAIL: check 1 passed, check 2 a reading of
 * the wall clock at start that moved by d ns, and, with other, check 3
 * another failure. */
static void cell(struct pvabi_cell_result *r, long long d, int other)
{
	memset(r, 0, sizeof(*r));
	r->nchecks = other ? 3 : 2;
	r->checks = calloc(3, sizeof(*r->checks));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->checks);
	snprintf(r->checks[0].name, sizeof(r->checks[0].name), "get_time_info: vector");
	r->checks[0].ok = 1;
	snprintf(r->checks[1].name, sizeof(r->checks[1].name), "get_time_info: fixed for the "
		 "guest's life unless the host clock steps: info.boot_wallclock_ns, read again "
		 "after the vectors, batches and scenarios");
	snprintf(r->checks[1].diag, sizeof(r->checks[1].diag), MOVED, d);
	snprintf(r->checks[2].name, sizeof(r->checks[2].name), "set_timer: vector");
	snprintf(r->checks[2].diag, sizeof(r->checks[2].diag), "moved by 3 ns");
	r->passed = 1;
	r->failed = other ? 2 : 1;
	r->exit_code = PVABI_RUN_EXIT_FAIL;
}

static struct pvabi_hostclock watch(int watched, int64_t lo, int64_t hi)
{
	struct pvabi_hostclock w;

	memset(&w, 0, sizeof(w));
	w.watched = watched;
	w.lo = lo;
	w.hi = hi;
	return w;
}

static void test_no_step_red(void)
{
	struct pvabi_hostclock w = watch(1, -30000, 25000); /* reading error only */
	struct pvabi_cell_result r;

	cell(&r, -7, 0);
	pvabi_hostclock_judge(&w, &r);
	CU_ASSERT_EQUAL(r.failed, 1);
	CU_ASSERT_FALSE(r.checks[1].ok);
	CU_ASSERT_EQUAL(r.exit_code, PVABI_RUN_EXIT_FAIL);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.checks[1].diag, "moved by -7 ns since the first reading, "
					"and the host clock did not step"));
	CU_ASSERT(pvabi_cell_counts_match(&r));
	pvabi_cell_result_free(&r);
}

static void test_step_followed(void)
{
	struct pvabi_hostclock w = watch(1, -2000, 3600000000000); /* an hour ahead */
	struct pvabi_cell_result r;

	cell(&r, 3600000000150LL, 0);
	pvabi_hostclock_judge(&w, &r);
	CU_ASSERT_EQUAL(r.failed, 0);
	CU_ASSERT_EQUAL(r.skipped, 1);
	CU_ASSERT(r.checks[1].ok && r.checks[1].skip);
	CU_ASSERT_EQUAL(r.exit_code, PVABI_RUN_EXIT_PASS);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.checks[1].diag, "with the host clock, stepped"));
	CU_ASSERT(pvabi_cell_counts_match(&r));
	pvabi_cell_result_free(&r);
	/* backwards, by 2 s */
	w = watch(1, -2000000000, 1000);
	cell(&r, -1999999000, 0);
	pvabi_hostclock_judge(&w, &r);
	CU_ASSERT_EQUAL(r.failed, 0);
	pvabi_cell_result_free(&r);
}

static void test_step_not_followed(void)
{
	struct pvabi_hostclock w = watch(1, 0, 5000000000); /* 5 s ahead */
	struct pvabi_cell_result r;

	cell(&r, -5000000000LL, 0); /* moved the other way */
	pvabi_hostclock_judge(&w, &r);
	CU_ASSERT_EQUAL(r.failed, 1);
	CU_ASSERT_EQUAL(r.exit_code, PVABI_RUN_EXIT_FAIL);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.checks[1].diag, "not by the host clock's step"));
	pvabi_cell_result_free(&r);
	cell(&r, 5002000000LL, 0); /* 2 ms past the step */
	pvabi_hostclock_judge(&w, &r);
	CU_ASSERT_EQUAL(r.failed, 1);
	pvabi_cell_result_free(&r);
}

static void test_unwatched_skip(void)
{
	struct pvabi_hostclock w = watch(0, 0, 0);
	struct pvabi_cell_result r;

	cell(&r, 12, 0);
	pvabi_hostclock_judge(&w, &r);
	CU_ASSERT_EQUAL(r.failed, 0);
	CU_ASSERT(r.checks[1].skip);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.checks[1].diag, "could not read the host clock"));
	pvabi_cell_result_free(&r);
}

/* Another failure keeps the guest's FAIL, and a diagnostic that only
 * looks like a move (another check's) is never excused. */
static void test_other_failures_kept(void)
{
	struct pvabi_hostclock w = watch(0, 0, 0);
	struct pvabi_cell_result r;
	struct pvabi_prediction p;

	cell(&r, 12, 1);
	pvabi_hostclock_judge(&w, &r);
	CU_ASSERT_EQUAL(r.failed, 1);
	CU_ASSERT_FALSE(r.checks[2].ok);
	CU_ASSERT_EQUAL(r.exit_code, PVABI_RUN_EXIT_FAIL);
	memset(&p, 0, sizeof(p));
	pvabi_oracle_judge(&p, &r);
	CU_ASSERT_EQUAL(r.verdict, PVABI_V_FAIL);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.reason, "set_timer"));
	pvabi_cell_result_free(&r);
	/* an exit FAIL with nothing excused stays FAIL */
	cell(&r, 12, 0);
	r.checks[1].diag[0] = '\0';
	pvabi_hostclock_judge(&w, &r);
	CU_ASSERT_EQUAL(r.exit_code, PVABI_RUN_EXIT_FAIL);
	pvabi_cell_result_free(&r);
}

/* This host's clock read around nothing: a watch that could read it
 * sees no step (a step in these microseconds is not expected). */
static void test_watch_reads(void)
{
	struct pvabi_hostclock w;
	int i;

	pvabi_hostclock_start(&w);
	for (i = 0; i < 100; i++)
		pvabi_hostclock_sample(&w);
	pvabi_hostclock_end(&w);
	if (!w.watched) {
		PVABI_SKIP("no tight reading of the host clock here (a loaded host)");
		return;
	}
	CU_ASSERT(w.lo <= 0 && w.hi >= 0);
	CU_ASSERT(w.hi < PVABI_HOSTCLOCK_STEP_NS && w.lo > -PVABI_HOSTCLOCK_STEP_NS);
}

static const struct pvabi_test_case cases[] = {
	{ "no_step_red", test_no_step_red },
	{ "step_followed", test_step_followed },
	{ "step_not_followed", test_step_not_followed },
	{ "unwatched_skip", test_unwatched_skip },
	{ "other_failures_kept", test_other_failures_kept },
	{ "watch_reads", test_watch_reads },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "hostclock", cases, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
