/* Input partitions catch a platform that mishandles one case. The fresh
 * newest image runs on the reference platform, where every probe of a
 * declared case passes, and on a seeded break built by the mutants'
 * rules (platform/pvp/mutants/time/cancel-future-refused.sed: set_timer
 * refuses a cancel that carries `future`), where the image fails, and
 * only at the probes of the case the break gets wrong, each named after
 * it, and at the probes of values against the platform's now (<now>)
 * that cancel in a mode with `future`, a class built later that covers
 * the case too. No vector or scenario written before the partitions
 * calls a cancel with `future`. The classes of byte (bytes="any") are
 * judged the same way on two breaks of the gate's seeds: log_write
 * refusing control bytes (2.1 image) and console_write dropping bytes
 * above 0x7f (1.3 image), each red at the classes it mishandles and
 * nowhere else. */
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

/* `PROG run IMAGE --engine E` with the fresh image of rev: its exit
 * code, its output in out. */
static int run_rev(const char *prog, const char *engine, const char *rev)
{
	char cmd[4096];
	size_t n;
	FILE *p;
	int st;

	snprintf(cmd, sizeof(cmd), "'%s' run '%s/guest/pvp/%s/conformance.elf' --engine %s 2>&1",
		 prog, pvabi_test_builddir(), rev, engine);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int run(const char *prog, const char *engine)
{
	return run_rev(prog, engine, "2.1");
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

/* The "not ok" lines of out: how many, or -1 for one that is not a
 * probe of prefix ("log_write: case any_byte["). */
static int failures_only(const char *prefix)
{
	const char *l;
	int n = 0;

	for (l = out; (l = strstr(l, "not ok ")); l++) {
		size_t len = strcspn(l, "\n");

		if (!memmem(l, len, prefix, strlen(prefix))) {
			printf("\n  unexpected failure: %.*s\n", (int)len, l);
			return -1;
		}
		n++;
	}
	return n;
}

static void test_bytes_caught(void)
{
	const struct pvabi_engine *e;
	char why[512], mut[1200];

	if (!(e = pvabi_engine_auto(why, sizeof(why))))
		PVABI_SKIP(why);
	/* the reference at 1.3, where both ops exist (the 2.1 run above) */
	snprintf(mut, sizeof(mut), "%s/pvabi", pvabi_test_builddir());
	CU_ASSERT_EQUAL(run_rev(mut, e->name, "1.3"), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, " - console_write: case any_byte[every]: len=0x100 "
					   "buf=[256 bytes: 0x00 0x01 ... 0xff] -> ret=256"));
	CU_ASSERT_PTR_NULL(strstr(out, "not ok"));
	/* NUL, ESC, CR, BEL, the other C0 controls, DEL and every byte (TAP
	 * doubles a backslash) */
	snprintf(mut, sizeof(mut), "%s/mutants/log-control-refused/pvabi", pvabi_test_builddir());
	CU_ASSERT_EQUAL(run_rev(mut, e->name, "2.1"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, " - log_write: case any_byte[esc]: level=info len=7 "
					   "buf='h\\\\x1b[31mo' -> ret=7 (got -22)"));
	CU_ASSERT_EQUAL(failures_only("log_write: case any_byte["), 7);
	/* 0x80 alone, the invalid and the valid UTF-8, every byte */
	snprintf(mut, sizeof(mut), "%s/mutants/console-high-dropped/pvabi", pvabi_test_builddir());
	CU_ASSERT_EQUAL(run_rev(mut, e->name, "1.3"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, " - console_write: case any_byte[high]: len=5 "
					   "buf='he\\\\x80lo' -> ret=5 (got 4)"));
	CU_ASSERT_EQUAL(failures_only("console_write: case any_byte["), 4);
}

static const struct pvabi_test_case cases[] = {
	{ "case_caught", test_case_caught },
	{ "bytes_caught", test_bytes_caught },
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
