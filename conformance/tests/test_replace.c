/* Each replacement of a <now> moment judged in both directions
 * (emit/emit_replace_scen.c): the reference platform passes every probe,
 * and a platform that keeps the sooner of two deadlines (the gate's
 * `timer-keeps-earlier`), one that counts a relative re-arm from the
 * deadline it replaces (`timer-relative-from-armed`) and one that
 * ignores a relative cancel (`timer-relative-cancel-kept`) are
 * red at exactly the probes of the direction each breaks; so are, at the
 * replacements by a value that takes effect at once, one that raises a
 * past deadline without replacing the armed one
 * (`past-deadline-keeps-armed`) and one that keeps a deadline displaced
 * by a sooner one to resume after it (`timer-sooner-stacked`). Run on
 * qemu-tcg. */
#include "conformance/tests/progrun.h"
#include "tests/harness.h"

#include <stdio.h>
#include <string.h>

#define PROBE ": replaced before due "
#define LATER "replaced 10s ahead: not seen"
#define CANCEL "ahead, cancelled: not seen"
#define EARLIER "replaced 2ms ahead: seen"
#define AT_ONCE "replaced by 1 (at once): seen once"

static void test_reference(void)
{
	PVABI_TEST_BOOT("pvabi", "2.1", "qemu-tcg", 0);
	/* four directions in each of the six modes that can fall due (the
	 * two absolute modes with future refuse a past value) */
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE), 24);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", LATER), 6);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", CANCEL), 6);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", EARLIER), 6);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", AT_ONCE), 6);
	/* 1.1: set_timer takes no flags, one mode */
	PVABI_TEST_BOOT("pvabi", "1.1", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE), 4);
	/* 1.0 declares no <now> */
	PVABI_TEST_BOOT("pvabi", "1.0", "qemu-tcg", 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("ok", PROBE), 0);
}

/* A probe whose guard never held (the host stalled the guest past the
 * first moment in each try) is a skip, neither red nor green. */
static size_t skipped(const char *dir)
{
	char text[128];

	snprintf(text, sizeof(text), "%s # SKIP", dir);
	return pvabi_test_lines("ok", text);
}

/* prog at rev is red at the n probes of the direction dir that could
 * tell and nowhere else */
static void red_at(const char *prog, const char *rev, const char *dir, size_t n)
{
	int rc = pvabi_test_image(prog, rev, "qemu-tcg");

	CU_ASSERT_EQUAL(rc, pvabi_test_lines("not ok", dir) ? 1 : 0);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", dir) + skipped(dir), n);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""), pvabi_test_lines("not ok", dir));
}

static void test_keeps_earlier(void)
{
	/* every mode */
	red_at("mutants/timer-keeps-earlier/pvabi", "2.1", LATER, 6);
	red_at("mutants/timer-keeps-earlier/pvabi", "1.1", LATER, 1);
}

static void test_relative_from_armed(void)
{
	const char *prog = "mutants/timer-relative-from-armed/pvabi";

	PVABI_TEST_BOOT(prog, "2.1", "qemu-tcg", 1);
	/* the four relative modes; the saturating edges of relative|future
	 * see it too, after an edge probe left "never" armed (the sum from
	 * it saturates to a point future refuses) */
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", EARLIER), 4);
	CU_ASSERT_EQUAL(pvabi_test_lines("not ok", ""),
			4 + pvabi_test_lines("not ok", ": saturates) -> ret=0 (got -62"));
	/* 1.1 has no relative mode */
	red_at(prog, "1.1", EARLIER, 0);
}

static void test_cancel_relative(void)
{
	red_at("mutants/timer-relative-cancel-kept/pvabi", "2.1", CANCEL, 4);
}

/* The fast path raises only a value already past: the absolute modes
 * that fire a past value (none and coarse at 2.1); a relative 1 is not
 * past at the call and is armed as before. */
static void test_past_keeps_armed(void)
{
	red_at("mutants/past-deadline-keeps-armed/pvabi", "2.1", AT_ONCE, 2);
	red_at("mutants/past-deadline-keeps-armed/pvabi", "1.1", AT_ONCE, 1);
}

/* Any sooner deadline displaces the armed one: every mode. */
static void test_sooner_stacked(void)
{
	red_at("mutants/timer-sooner-stacked/pvabi", "2.1", AT_ONCE, 6);
	red_at("mutants/timer-sooner-stacked/pvabi", "1.1", AT_ONCE, 1);
}

static const struct pvabi_test_case cases[] = {
	{ "reference", test_reference },
	{ "keeps_earlier", test_keeps_earlier },
	{ "relative_from_armed", test_relative_from_armed },
	{ "cancel_relative", test_cancel_relative },
	{ "past_keeps_armed", test_past_keeps_armed },
	{ "sooner_stacked", test_sooner_stacked },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	static const struct pvabi_test_suite suites[] = {
		{ "replace", cases, NULL, NULL },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
