/* The TAP parser on a guest's console (normal, records, hostile, capped
 * and truncated output) and the JSON reader of negotiation records. */
#include "conformance/tapparse.h"
#include "negotiator/pvabi_neg.h"
#include "tests/harness.h"

#include <stdlib.h>
#include <string.h>

#define R(a, b) PVABI_NEG_REV(a, b)

static void feed(struct pvabi_tapparse *p, const char *line, double ms)
{
	pvabi_tapparse_line(p, line, strlen(line), ms);
}

static void record_line(char *line, size_t n, const char *side, uint32_t st, uint32_t chosen,
			char *rec, size_t reclen)
{
	struct pvabi_neg_answer a;

	memset(&a, 0, sizeof(a));
	a.status = st;
	a.chosen = chosen;
	a.granted = 0xf;
	a.guest_min = R(1, 0);
	a.guest_max = R(2, 1);
	a.platform_min = R(1, 0);
	a.platform_max = R(2, 0);
	CU_ASSERT_FATAL(pvabi_neg_record_json(side, &a, rec, reclen) > 0);
	snprintf(line, n, "# %s: %s", strcmp(side, "guest") ? "platform" : "negotiated", rec);
}

static void test_tap_normal(void)
{
	char line[700], rec[512], prec[512];
	struct pvabi_tapparse p;
	struct pvabi_cell_result r;

	memset(&r, 0, sizeof(r));
	pvabi_tapparse_init(&p);
	feed(&p, "TAP version 13", 1);
	record_line(line, sizeof(line), "guest", PVABI_NEG_OK, R(2, 0), rec, sizeof(rec));
	feed(&p, line, 2);
	feed(&p, "ok 1 - negotiate", 5);
	feed(&p, "not ok 2 - set_timer(1) returns 0", 15);
	feed(&p, "# expected 0, got -22", 16);
	feed(&p, "# a second diagnostic", 17);
	feed(&p, "ok 3 - tlb_range # SKIP feature not granted", 20);
	feed(&p, "ok 4 - name with \\# hash and \\\\ slash", 30);
	feed(&p, "not ok 5 - known # TODO later", 31);
	feed(&p, "1..5", 32);
	feed(&p, "# FAIL: 2 passed, 1 failed, 1 skipped", 33);
	record_line(line, sizeof(line), "platform", PVABI_NEG_OK, R(2, 0), prec, sizeof(prec));
	feed(&p, line, 40);
	feed(&p, "# run: engine=kvm platform=current outcome=fail exit=1 (fail) negotiated=2.0 "
		 "calls=5 bad_frames=0 time=12.5ms: the guest reported FAIL", 41);
	CU_ASSERT_EQUAL(p.plan, 5);
	pvabi_tapparse_finish(&p, &r);
	CU_ASSERT_EQUAL_FATAL(r.nchecks, 5);
	CU_ASSERT(r.passed == 2 && r.failed == 1 && r.skipped == 1);
	CU_ASSERT_STRING_EQUAL(r.checks[0].name, "negotiate");
	CU_ASSERT_DOUBLE_EQUAL(r.checks[0].ms, 3.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(r.checks[1].ms, 10.0, 1e-9);
	CU_ASSERT(!r.checks[1].ok && !r.checks[1].skip);
	CU_ASSERT_STRING_EQUAL(r.checks[1].diag, "expected 0, got -22");
	CU_ASSERT(r.checks[2].skip && r.checks[2].ok);
	CU_ASSERT_STRING_EQUAL(r.checks[2].diag, "feature not granted");
	CU_ASSERT_STRING_EQUAL(r.checks[3].name, "name with # hash and \\ slash");
	CU_ASSERT(r.checks[4].todo && !r.checks[4].ok);
	CU_ASSERT_EQUAL(r.negotiated, R(2, 0));
	CU_ASSERT_EQUAL(r.neg_status, PVABI_NEG_OK);
	CU_ASSERT_STRING_EQUAL(r.guest_record, rec);
	CU_ASSERT_STRING_EQUAL(r.platform_record, prec);
	CU_ASSERT_STRING_EQUAL(r.reason, "the guest reported FAIL");
	CU_ASSERT_PTR_NULL(p.checks);
	pvabi_tapparse_free(&p);
	pvabi_tapparse_free(&p);
	pvabi_cell_result_free(&r);
}

/* A field miss said before its check line (frozen images) or after it
 * (fresh images): both read as the same checks and counts; after the line
 * it explains the check, before it it is never pinned on another one. */
static void test_tap_diag_order(void)
{
	static const char *const before[] = { "ok 1 - a", "# field eax = 1, want 2",
					      "not ok 2 - cpuid: leaf 0 (got 0)", NULL };
	static const char *const after[] = { "ok 1 - a", "not ok 2 - cpuid: leaf 0 (got 0)",
					     "# field eax = 1, want 2", NULL };
	const char *const *lines[] = { before, after };
	int k, i;

	for (k = 0; k < 2; k++) {
		struct pvabi_tapparse p;
		struct pvabi_cell_result r;

		memset(&r, 0, sizeof(r));
		pvabi_tapparse_init(&p);
		for (i = 0; lines[k][i]; i++)
			feed(&p, lines[k][i], i);
		feed(&p, "1..2", 3);
		feed(&p, "# FAIL: 1 passed, 1 failed, 0 skipped", 4);
		pvabi_tapparse_finish(&p, &r);
		CU_ASSERT_EQUAL_FATAL(r.nchecks, 2);
		CU_ASSERT(r.passed == 1 && r.failed == 1);
		CU_ASSERT(r.checks[0].ok && !r.checks[1].ok);
		CU_ASSERT_STRING_EQUAL(r.checks[0].diag, "");
		CU_ASSERT_STRING_EQUAL(r.checks[1].diag, k ? "field eax = 1, want 2" : "");
		CU_ASSERT_STRING_EQUAL(r.reason, "");
		pvabi_tapparse_free(&p);
		pvabi_cell_result_free(&r);
	}
}

static uint32_t status_after(const char *line, uint32_t *neg)
{
	struct pvabi_tapparse p;
	uint32_t st;

	pvabi_tapparse_init(&p);
	feed(&p, line, 0);
	*neg = p.negotiated;
	st = p.neg_status;
	pvabi_tapparse_free(&p);
	return st;
}

static void test_tap_records(void)
{
	char line[700], rec[512];
	uint32_t neg;

	record_line(line, sizeof(line), "guest", PVABI_NEG_NO_COMMON_REVISION, 0, rec, sizeof(rec));
	CU_ASSERT_EQUAL(status_after(line, &neg), PVABI_NEG_NO_COMMON_REVISION);
	CU_ASSERT_EQUAL(neg, 0);
	CU_ASSERT_EQUAL(status_after("# negotiated: {\"status\":\"OK\",\"revision\":131073}", &neg), 0);
	CU_ASSERT_EQUAL(neg, R(2, 1));
	CU_ASSERT_EQUAL(status_after("# negotiated: {\"chosen\":\"1.2\",\"status\":\"OK\"}", &neg), 0);
	CU_ASSERT_EQUAL(neg, R(1, 2));
	CU_ASSERT_EQUAL(status_after("# negotiated: {\"status\":1}", &neg), 1);
	CU_ASSERT_EQUAL(status_after("# negotiated: {\"status\":\"OK\",\"revision\":", &neg), ~0u);
	CU_ASSERT_EQUAL(status_after("# negotiated: not json", &neg), ~0u);
	CU_ASSERT_EQUAL(status_after("# negotiated: {\"status\":\"WHAT\"}", &neg), ~0u);
}

/* A garbage record first does not hide the real one after it. */
static void test_tap_record_order(void)
{
	struct pvabi_tapparse p;

	pvabi_tapparse_init(&p);
	feed(&p, "# negotiated: {\"status\":", 0);
	feed(&p, "# negotiated: {\"status\":\"OK\",\"revision\":\"1.1\"}", 1);
	feed(&p, "# negotiated: {\"status\":\"ALREADY_NEGOTIATED\",\"revision\":\"1.1\"}", 2);
	CU_ASSERT(p.neg_status == PVABI_NEG_OK && p.negotiated == R(1, 1));
	pvabi_tapparse_free(&p);
}

static void test_tap_hostile(void)
{
	static const char nul[] = "ok 1 - a\0b";
	struct pvabi_tapparse p;
	struct pvabi_cell_result r;
	char *big = malloc(100001);
	size_t i;

	CU_ASSERT_FATAL(big != NULL);
	memset(&r, 0, sizeof(r));
	pvabi_tapparse_init(&p);
	pvabi_tapparse_line(&p, nul, sizeof(nul) - 1, 1);
	feed(&p, "ok 2 - crlf\r", 2);
	memcpy(big, "not ok 3 - ", 11);
	memset(big + 11, 'A', 100000 - 11);
	big[100000] = '\0';
	feed(&p, big, 3);
	feed(&p, "ok 4 - \xff\xfe bad \xc3", 4);
	feed(&p, "okay then", 5);
	feed(&p, "\x1b[0mok 99 - coloured", 6);
	feed(&p, "ok", 1); /* time going backwards */
	feed(&p, "not ok", 8);
	feed(&p, "1..99999999999999999999999", 9);
	memset(big, '[', 100000);
	memcpy(big, "# negotiated: ", 14);
	feed(&p, big, 10);
	feed(&p, "Bail out! disk on fire", 11);
	pvabi_tapparse_finish(&p, &r);
	CU_ASSERT_EQUAL_FATAL(r.nchecks, 7);
	CU_ASSERT_STRING_EQUAL(r.checks[0].name, "a b");
	CU_ASSERT_STRING_EQUAL(r.checks[1].name, "crlf");
	CU_ASSERT(strlen(r.checks[2].name) < sizeof(r.checks[2].name) && r.checks[2].name[0] == 'A');
	CU_ASSERT_STRING_EQUAL(r.checks[3].name, "?? bad ?");
	CU_ASSERT(r.checks[4].ok && !r.checks[4].name[0] && r.checks[4].ms == 0);
	CU_ASSERT(!r.checks[5].ok);
	CU_ASSERT(!r.checks[6].ok && strstr(r.checks[6].name, "disk on fire"));
	CU_ASSERT(r.passed == 4 && r.failed == 3);
	CU_ASSERT_EQUAL(r.neg_status, ~0u);
	for (i = 0; i < r.nchecks; i++)
		CU_ASSERT(memchr(r.checks[i].name, '\0', sizeof(r.checks[i].name)) != NULL);
	pvabi_cell_result_free(&r);
	free(big);
}

static void test_tap_cap(void)
{
	struct pvabi_tapparse p;
	struct pvabi_cell_result r;
	size_t i;

	memset(&r, 0, sizeof(r));
	pvabi_tapparse_init(&p);
	for (i = 0; i < PVABI_TAP_MAX_CHECKS + 100; i++)
		feed(&p, i % 2 ? "ok - x" : "not ok - y", (double)i);
	CU_ASSERT(p.dropped);
	pvabi_tapparse_finish(&p, &r);
	CU_ASSERT_EQUAL(r.nchecks, PVABI_TAP_MAX_CHECKS);
	CU_ASSERT_EQUAL(r.passed + r.failed, PVABI_TAP_MAX_CHECKS + 100);
	pvabi_cell_result_free(&r);
	pvabi_tapparse_init(&p); /* free without finish */
	feed(&p, "ok 1", 0);
	pvabi_tapparse_free(&p);
}

static void test_tap_truncated(void)
{
	struct pvabi_tapparse p;
	struct pvabi_cell_result r;

	memset(&r, 0, sizeof(r));
	pvabi_tapparse_init(&p);
	feed(&p, "TAP version 13", 0);
	feed(&p, "ok 1 - one", 1);
	feed(&p, "not ok 2 - two", 2);
	feed(&p, "not o", 3);
	CU_ASSERT_EQUAL(p.plan, -1);
	pvabi_tapparse_finish(&p, &r);
	CU_ASSERT(r.nchecks == 2 && r.passed == 1 && r.failed == 1);
	CU_ASSERT_STRING_EQUAL(r.checks[1].diag, "");
	CU_ASSERT_EQUAL(r.negotiated, 0);
	CU_ASSERT_EQUAL(r.neg_status, ~0u);
	pvabi_tapparse_finish(&p, &r); /* nothing left: an empty result */
	CU_ASSERT(r.nchecks == 0 && r.checks == NULL);
}

/* A line lost, two lines run together, a plan or a count that disagrees
 * with what was read: the first sign is kept; a whole stream has none. */
static void test_tap_garbled(void)
{
	static const char *const streams[][6] = {
		{ "ok 1 - a", "ok 3 - c", "1..3", NULL },               /* line 2 lost */
		{ "ok 1 - a", "ok 2 - b (got 0)ok 3 - c", "1..3", NULL }, /* a newline lost */
		{ "ok 1 - a", "ok 2 - b", "1..3", NULL },               /* the last check lost */
		{ "ok 1 - a", "ok 2 - b", "1..2", "# PASS: 3 passed, 0 failed, 0 skipped", NULL },
		{ "ok 1 - a", "ok 2 - b", "1..2", "# PASS: 2 passed, 0 failed, 0 skipped", NULL },
	};
	static const char *const why[] = { "check number 3 where 2 was due", "plan 1..3 but 2",
					   "plan 1..3 but 2", "the guest counted 3 checks, 2",
					   NULL };
	struct pvabi_cell_result r;
	struct pvabi_tapparse p;
	size_t i, j;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < sizeof(streams) / sizeof(streams[0]); i++) {
		pvabi_tapparse_init(&p);
		for (j = 0; streams[i][j]; j++)
			feed(&p, streams[i][j], (double)j);
		pvabi_tapparse_finish(&p, &r);
		if (why[i]) {
			CU_ASSERT_PTR_NOT_NULL(strstr(r.garbled, why[i]));
		} else {
			CU_ASSERT_STRING_EQUAL(r.garbled, "");
		}
	}
	pvabi_cell_result_free(&r);
}

static int get(const char *json, const char *key, char *out)
{
	return pvabi_json_object_get(json, strlen(json), key, out, 64);
}

static void test_json(void)
{
	static const char *const bad[] = {
		"", "{", "{\"a\":1,}", "{\"a\":01}", "[1]", "{\"a\":\"\\u12\"}", "{} x",
		"{\"a\":\"tab\there\"}", "{\"a\" 1}", "{a:1}", "{\"a\":tru}", "{\"a\":1.}",
		"{\"a\":-}", "{\"a\":\"\\x\"}", "{\"a\":[1,]}",
	};
	char out[64], deep[300];
	size_t i;

	CU_ASSERT_EQUAL(get("{\"a\":1,\"b\":\"x\",\"c\":{\"b\":\"in\"}}", "b", out), 1);
	CU_ASSERT_STRING_EQUAL(out, "x");
	CU_ASSERT_EQUAL(get(" {\"c\":{\"b\":\"in\"},\"d\":[1,2e5,-0.5]} ", "c", out), 1);
	CU_ASSERT_STRING_EQUAL(out, "{\"b\":\"in\"}");
	CU_ASSERT_EQUAL(get("{\"c\":{\"b\":\"in\"}}", "b", out), 0);
	CU_ASSERT_EQUAL(get("{\"a\":null}", "a", out), 1);
	CU_ASSERT_STRING_EQUAL(out, "null");
	CU_ASSERT_EQUAL(get("{\"a\":\"e\\\"s\"}", "a", out), 0); /* escaped: not extracted */
	CU_ASSERT_EQUAL(get("{}", NULL, NULL), 0);
	/* whitespace after a comma in an array, as pretty-printed records have */
	CU_ASSERT_EQUAL(get("{\"r\":[ \"1.0\" ,\n  \"2.1\" ],\"s\":\"OK\"}", "s", out), 1);
	CU_ASSERT_STRING_EQUAL(out, "OK");
	CU_ASSERT_EQUAL(get("{\"f\":[\n  {\"a\":1},\n  {\"a\":2}\n]}", NULL, NULL), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CU_ASSERT_EQUAL(get(bad[i], NULL, NULL), -1);
	memset(deep, '[', sizeof(deep));
	memcpy(deep, "{\"a\":", 5);
	CU_ASSERT_EQUAL(pvabi_json_object_get(deep, sizeof(deep), NULL, NULL, 0), -1);
}

/* The guest's "# waited:" summary line: read into the result, never
 * the diagnostic of a failed check before it (nor a "# calls:" line);
 * a line that does not read so leaves the figures at 0. */
static void test_tap_waited(void)
{
	struct pvabi_tapparse p;
	struct pvabi_cell_result r;

	memset(&r, 0, sizeof(r));
	pvabi_tapparse_init(&p);
	feed(&p, "not ok 1 - reserved op id is refused: 0", 1);
	feed(&p, "# waited: 72 waits, 107000000 ns declared, 8225553 ticks to events, "
		 "235424679 ticks in all, TSC 2096332 kHz", 2);
	feed(&p, "# calls: vectors: 183 calls, 15640800 ticks, 0 ticks waiting", 3);
	feed(&p, "# the check's own diagnostic", 4);
	pvabi_tapparse_finish(&p, &r);
	CU_ASSERT_EQUAL_FATAL(r.nchecks, 1);
	CU_ASSERT_STRING_EQUAL(r.checks[0].diag, "the check's own diagnostic");
	CU_ASSERT_EQUAL(r.waited.waits, 72);
	CU_ASSERT_EQUAL(r.waited.declared_ns, 107000000ull);
	CU_ASSERT_EQUAL(r.waited.event_ticks, 8225553ull);
	CU_ASSERT_EQUAL(r.waited.ticks, 235424679ull);
	CU_ASSERT_EQUAL(r.waited.tsc_khz, 2096332ull);
	pvabi_cell_result_free(&r);

	memset(&r, 0, sizeof(r));
	pvabi_tapparse_init(&p);
	feed(&p, "# waited: 72 waits, 107000000 ns declared", 1);
	feed(&p, "# waited: 1 waits, 2 ns declared, 3 ticks to events, 4 ticks in all, TSC 5 kHz x", 2);
	pvabi_tapparse_finish(&p, &r);
	CU_ASSERT_EQUAL(r.waited.waits, 0);
	CU_ASSERT_EQUAL(r.waited.ticks, 0);
	pvabi_cell_result_free(&r);
}

/* The run's end: the guest's asked reason and the platform's record,
 * in decimal; a line of another form is neither (a check's diagnostic
 * if one is due), and "none" is only the platform's. */
static void test_tap_end(void)
{
	struct pvabi_tapparse p;
	struct pvabi_cell_result r;

	memset(&r, 0, sizeof(r));
	pvabi_tapparse_init(&p);
	feed(&p, "ok 1 - one", 1);
	feed(&p, "# end: asking shutdown reason=3", 2);
	feed(&p, "# end: platform recorded shutdown reason=2", 3);
	pvabi_tapparse_finish(&p, &r);
	CU_ASSERT_STRING_EQUAL(r.end_asked, "3");
	CU_ASSERT_STRING_EQUAL(r.end_recorded, "2");
	pvabi_cell_result_free(&r);

	memset(&r, 0, sizeof(r));
	pvabi_tapparse_init(&p);
	feed(&p, "not ok 1 - one", 1);
	feed(&p, "# end: asking shutdown reason=-1", 2);
	feed(&p, "# end: asking shutdown reason=3x", 3);
	feed(&p, "# end: asking none", 4);
	feed(&p, "# end: platform recorded none", 5);
	pvabi_tapparse_finish(&p, &r);
	CU_ASSERT_STRING_EQUAL(r.end_asked, "");
	CU_ASSERT_STRING_EQUAL(r.end_recorded, "none");
	CU_ASSERT_EQUAL_FATAL(r.nchecks, 1);
	CU_ASSERT_STRING_EQUAL(r.checks[0].diag, "end: asking shutdown reason=-1");
	pvabi_cell_result_free(&r);

	/* with the status the guest would exit with; an unknown one is no
	 * such line */
	memset(&r, 0, sizeof(r));
	pvabi_tapparse_init(&p);
	feed(&p, "ok 1 - one", 1);
	feed(&p, "# end: asking shutdown reason=1 status=FAIL", 2);
	feed(&p, "# end: asking shutdown reason=2 status=fail", 3);
	feed(&p, "# end: asking shutdown reason=2 status=PASSED", 4);
	feed(&p, "# end: asking shutdown reason=2 status=", 5);
	feed(&p, "# end: asking shutdown reason=2  status=PASS", 6);
	pvabi_tapparse_finish(&p, &r);
	CU_ASSERT_STRING_EQUAL(r.end_asked, "1");
	pvabi_cell_result_free(&r);
}

/* What the runner reads from the guest's last line when the platform
 * stopped it: the reason and the status, -1 when the line has none. */
static void test_tap_end_asking(void)
{
	static const struct {
		const char *line;
		int ok, status;
		unsigned long long reason;
	} cases[] = {
		{ "asking shutdown reason=3 status=PASS", 1, 0, 3 },
		{ "asking shutdown reason=0 status=CRASH", 1, 5, 0 },
		{ "asking shutdown reason=1 status=REFUSED", 1, 2, 1 },
		{ "asking shutdown reason=2", 1, -1, 2 },
		{ "asking shutdown reason=2 status=pass", 0, 0, 0 },
		{ "asking shutdown reason=2 status=PASS ", 0, 0, 0 },
		{ "asking shutdown reason= status=PASS", 0, 0, 0 },
		{ "asking shutdown reason=+2 status=PASS", 0, 0, 0 },
		{ "platform recorded shutdown reason=2", 0, 0, 0 },
	};
	unsigned long long reason;
	size_t i;
	int status, ok;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reason = 99;
		status = 99;
		ok = pvabi_tapparse_end_asking(cases[i].line, &reason, &status);
		CU_ASSERT_EQUAL(ok, cases[i].ok);
		if (ok && cases[i].ok) {
			CU_ASSERT_EQUAL(reason, cases[i].reason);
			CU_ASSERT_EQUAL(status, cases[i].status);
		}
	}
}

/* A cell that exited 3 (engine unavailable) without `pvabi run`'s summary
 * line: its reason is the first line it said that is no TAP, the
 * engine's own sentence; any other exit keeps no such reason. */
static void test_tap_said(void)
{
	static const int codes[] = { PVABI_RUN_EXIT_UNAVAILABLE, PVABI_RUN_EXIT_FAIL };
	struct pvabi_tapparse p;
	struct pvabi_cell_result r;
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		memset(&r, 0, sizeof(r));
		r.exit_code = codes[i];
		pvabi_tapparse_init(&p);
		feed(&p, "TAP version 13", 0);
		feed(&p, "", 1);
		feed(&p, "my-vmm: /dev/pvp: No such device", 2);
		feed(&p, "my-vmm: giving up", 3);
		pvabi_tapparse_finish(&p, &r);
		CU_ASSERT_STRING_EQUAL(r.reason, i ? "" : "my-vmm: /dev/pvp: No such device");
	}
	/* the summary line's reason comes first */
	memset(&r, 0, sizeof(r));
	r.exit_code = PVABI_RUN_EXIT_UNAVAILABLE;
	pvabi_tapparse_init(&p);
	feed(&p, "pvabi run: engine unavailable: no QEMU", 0);
	feed(&p, "# run: engine=qemu-tcg outcome=unavailable exit=3 (unavailable) time=1ms: "
		 "qemu-system-x86_64 not found", 1);
	pvabi_tapparse_finish(&p, &r);
	CU_ASSERT_STRING_EQUAL(r.reason, "qemu-system-x86_64 not found");
}

static const struct pvabi_test_case tap_cases[] = {
	{ "normal", test_tap_normal },
	{ "field diagnostic before or after its check", test_tap_diag_order },
	{ "records", test_tap_records },
	{ "record_order", test_tap_record_order },
	{ "hostile", test_tap_hostile },
	{ "cap", test_tap_cap },
	{ "truncated", test_tap_truncated },
	{ "garbled", test_tap_garbled },
	{ "json", test_json },
	{ "waited", test_tap_waited },
	{ "end", test_tap_end },
	{ "end_asking", test_tap_end_asking },
	{ "said", test_tap_said },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "tapparse", tap_cases, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
