/* Input partitions catch a platform that mishandles one case. The fresh
 * newest image runs on the reference platform, where every probe of a
 * declared case passes, and on a seeded break built by the mutants'
 * rules (platform/pvp/mutants/time/cancel-future-refused.sed: set_timer
 * refuses a cancel that carries `future`), where the image fails, and
 * only at the probes of the case the break gets wrong, each named after
 * it, and at the probes of values against the platform's now (<now>)
 * that cancel in a mode with `future`, a class built later that covers
 * the case too. No vector or scenario written before the partitions
 * calls a cancel with `future`. */
#include "conformance/engine.h"
#include "conformance/engine_auto.h"
#include "tests/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define MUTANT "cancel-future-refused"
#define CASE_LINE "set_timer: case cancel_any_flags: deadline_ns=0 flags=future -> ret=0"

static char out[1 << 17];

/* `PROG run IMAGE --engine E`: its exit code, its output in out. */
static int run(const char *prog, const char *engine)
{
	char cmd[4096];
	size_t n;
	FILE *p;
	int st;

	snprintf(cmd, sizeof(cmd), "'%s' run '%s/guest/pvp/2.1/conformance.elf' --engine %s 2>&1",
		 prog, pvabi_test_builddir(), engine);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Each "not ok" line of out names a cancel_any_flags case or a <now>
 * probe (the first of those a cancel with `future`, the rest what the
 * port it left allocated does to the next ones) or a lateness probe's
 * (its release, the same cancel with `future`, refused); returns how many
 * name the case, or -1 for one that names anything else. */
static int failures_all_cancel(void)
{
	const char *l;
	int n = 0;

	for (l = out; (l = strstr(l, "not ok ")); l++) {
		size_t len = strcspn(l, "\n");

		if (memmem(l, len, "scenario timer_never_fires: now ", 32) ||
		    memmem(l, len, "scenario timer_never_fires: late ", 33))
			continue;
		if (!memmem(l, len, "set_timer: case cancel_any_flags", 32)) {
			printf("\n  unexpected failure: %.*s\n", (int)len, l);
			return -1;
		}
		n++;
	}
	return n;
}

static void test_case_caught(void)
{
	const struct pvabi_engine *e;
	char why[512], ref[1100], mut[1200];
	int rc;

	if (!(e = pvabi_engine_auto(why, sizeof(why))))
		PVABI_SKIP(why);
	snprintf(ref, sizeof(ref), "%s/pvabi", pvabi_test_builddir());
	snprintf(mut, sizeof(mut), "%s/mutants/" MUTANT "/pvabi", pvabi_test_builddir());

	rc = run(ref, e->name);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ok "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, " - " CASE_LINE " (got 0)"));
	CU_ASSERT_PTR_NULL(strstr(out, "not ok"));

	rc = run(mut, e->name);
	CU_ASSERT_EQUAL(rc, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "not ok"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, " - " CASE_LINE " (got -62)"));
	/* the 2.0 case with coarse too, and nothing but the two cases and
	 * the <now> probes */
	CU_ASSERT_EQUAL(failures_all_cancel(), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "now deadline_ns=0 after now+1s (flags=0x2: absolute): "
					   "nothing seen (7 steps) (got step 4: set_timer returned -62"));
}

static const struct pvabi_test_case cases[] = {
	{ "case_caught", test_case_caught },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "partition", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
