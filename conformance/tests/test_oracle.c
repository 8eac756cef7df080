/* The oracle on the real spec and registry (every kind of prediction)
 * and the judge's rules one by one. The TAP parser's tests are in
 * test_tapparse.c. */
#include "conformance/oracle.h"
#include "conformance/tapparse.h"
#include "tests/harness.h"
#include "tests/refspec.h"

#include <stdlib.h>
#include <string.h>

#define R(a, b) PVABI_NEG_REV(a, b)

static struct pvabi_spec *spec;
static struct pvabi_registry *reg;

static int setup(void)
{
	return pvabi_test_refspec_load(&spec, &reg);
}

static int teardown(void)
{
	pvabi_test_refspec_free(spec, reg);
	return 0;
}

/* --- predictions ---------------------------------------------------------- */

static void test_offer(void)
{
	struct pvabi_neg_offer o;
	char err[256];
	int ri = pvabi_spec_rev(spec, "1.3");

	CU_ASSERT_EQUAL_FATAL(pvabi_oracle_offer(spec, "1.3", &o, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(o.rev_min, R(1, 0));
	CU_ASSERT_EQUAL(o.rev_max, R(1, 3));
	CU_ASSERT_EQUAL(o.required, 0);
	CU_ASSERT_EQUAL(o.optional, pvabi_spec_feature_mask(spec, ri));
	CU_ASSERT_EQUAL(o.optional, 0x7); /* tsc_stable, mmu_batch, tlb_range */
	CU_ASSERT_EQUAL(pvabi_oracle_offer(spec, "9.9", &o, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "9.9"));
	CU_ASSERT_EQUAL(pvabi_oracle_offer(spec, NULL, &o, err, sizeof(err)), -1);
}

static void predict(const char *image, const char *platform, struct pvabi_prediction *p)
{
	char err[256] = "";

	CU_ASSERT_EQUAL(pvabi_oracle_predict(spec, reg, image, platform, p, err, sizeof(err)), 0);
	if (err[0])
		fprintf(stderr, "predict %s on %s: %s\n", image, platform, err);
}

static void test_predict_pass(void)
{
	struct pvabi_prediction p;

	predict("2.1", "current", &p);
	CU_ASSERT_EQUAL(p.kind, PVABI_PRED_PASS);
	CU_ASSERT_EQUAL(p.rev, R(2, 1));
	CU_ASSERT_EQUAL(p.neg_status, PVABI_NEG_OK);
	CU_ASSERT_EQUAL(p.granted, 0x1f);
	CU_ASSERT(strlen(p.why) > 10 && strstr(p.why, "current"));
	predict("1.0", "current", &p);
	CU_ASSERT(p.kind == PVABI_PRED_PASS && p.rev == R(1, 0) && p.granted == 0);
	predict("1.2", "1.2", &p);
	CU_ASSERT(p.kind == PVABI_PRED_PASS && p.rev == R(1, 2));
}

static void test_predict_lower(void)
{
	struct pvabi_prediction p;

	predict("2.1", "2.0", &p);
	CU_ASSERT_EQUAL(p.kind, PVABI_PRED_PASS_LOWER);
	CU_ASSERT_EQUAL(p.rev, R(2, 0));
	CU_ASSERT_EQUAL(p.granted, 0xf);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.why, "2.0"));
	predict("2.0", "1.1", &p);
	CU_ASSERT(p.kind == PVABI_PRED_PASS_LOWER && p.rev == R(1, 1) && p.granted == 0x3);
	predict("1.3", "1.0", &p);
	CU_ASSERT(p.kind == PVABI_PRED_PASS_LOWER && p.rev == R(1, 0) && p.granted == 0);
}

static void test_predict_refused_profile(void)
{
	struct pvabi_neg_profile prof;
	struct pvabi_prediction p;
	char err[256];

	CU_ASSERT_EQUAL_FATAL(pvabi_neg_parse_platform("1.2-1.3,2.0-2.1", &prof, NULL), 0);
	CU_ASSERT_EQUAL(pvabi_oracle_predict_profile(spec, "1.1", &prof, "lab", &p, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(p.kind, PVABI_PRED_REFUSED);
	CU_ASSERT_EQUAL(p.neg_status, PVABI_NEG_NO_COMMON_REVISION);
	CU_ASSERT_EQUAL(p.rev, 0);
	CU_ASSERT(strstr(p.why, "1.0-1.1") && strstr(p.why, "1.2-2.1") && strstr(p.why, "lab"));
	CU_ASSERT_EQUAL(pvabi_oracle_predict_profile(spec, "1.2", &prof, "lab", &p, err, sizeof(err)), 0);
	CU_ASSERT(p.kind == PVABI_PRED_PASS && p.rev == R(1, 2));
}

/* The registry route: a support window that starts at 1.2 drops the
 * oldest images from the current build. */
static void test_predict_refused_window(void)
{
	const char *from = reg->window_from;
	struct pvabi_prediction p;

	reg->window_from = "1.2";
	predict("1.1", "current", &p);
	CU_ASSERT_EQUAL(p.kind, PVABI_PRED_REFUSED);
	CU_ASSERT_EQUAL(p.neg_status, PVABI_NEG_NO_COMMON_REVISION);
	predict("1.2", "current", &p);
	CU_ASSERT_EQUAL(p.kind, PVABI_PRED_PASS);
	reg->window_from = from;
}

static void test_predict_errors(void)
{
	struct pvabi_prediction p;
	char err[256];

	CU_ASSERT_EQUAL(pvabi_oracle_predict(spec, reg, "1.0", "9.9", &p, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "9.9"));
	CU_ASSERT_EQUAL(pvabi_oracle_predict(spec, reg, "1.0", "2.1", &p, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(pvabi_oracle_predict(spec, reg, "7.0", "current", &p, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(pvabi_oracle_predict(spec, reg, "1.0", "", &p, err, sizeof(err)), -1);
}

/* Every released image on every platform: never above the image's own
 * revision, never above the platform's, and the kind agrees. */
static void test_predict_all(void)
{
	static const char *const plats[] = { "current", "1.0", "1.1", "1.2", "1.3", "2.0" };
	static const char *const imgs[] = { "1.0", "1.1", "1.2", "1.3", "2.0", "2.1" };
	struct pvabi_prediction p;
	uint32_t ir, pr;
	size_t i, j;

	for (i = 0; i < 6; i++)
		for (j = 0; j < 6; j++) {
			predict(imgs[i], plats[j], &p);
			pvabi_neg_parse_rev(imgs[i], 3, &ir);
			pr = j ? (pvabi_neg_parse_rev(plats[j], 3, &pr), pr) : R(2, 1);
			CU_ASSERT_EQUAL(p.kind, ir <= pr ? PVABI_PRED_PASS : PVABI_PRED_PASS_LOWER);
			CU_ASSERT_EQUAL(p.rev, ir <= pr ? ir : pr);
		}
}

/* --- the judge -------------------------------------------------------------- */

static struct pvabi_prediction pred_of(enum pvabi_pred_kind k, uint32_t rev, uint32_t st)
{
	struct pvabi_prediction p;

	memset(&p, 0, sizeof(p));
	p.kind = k;
	p.rev = rev;
	p.neg_status = st;
	return p;
}

static struct pvabi_cell_result *res(int exit_code, uint32_t neg, uint32_t st)
{
	static struct pvabi_cell_result r;

	pvabi_cell_result_free(&r);
	memset(&r, 0, sizeof(r));
	snprintf(r.cell.id, sizeof(r.cell.id), "2.1~current~kvm");
	snprintf(r.cell.image_rev, sizeof(r.cell.image_rev), "2.1");
	r.exit_code = exit_code;
	r.negotiated = neg;
	r.neg_status = st;
	return &r;
}

static void add_check(struct pvabi_cell_result *r, int ok, int todo, const char *name,
		      const char *diag)
{
	struct pvabi_check *c;

	r->checks = realloc(r->checks, (r->nchecks + 1) * sizeof(*c));
	c = &r->checks[r->nchecks++];
	memset(c, 0, sizeof(*c));
	c->ok = (uint8_t)ok;
	c->todo = (uint8_t)todo;
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(c->diag, sizeof(c->diag), "%s", diag);
	if (!ok && !todo)
		r->failed++;
}

static void test_judge_pass(void)
{
	struct pvabi_prediction pass = pred_of(PVABI_PRED_PASS, R(2, 1), 0);
	struct pvabi_prediction lower = pred_of(PVABI_PRED_PASS_LOWER, R(2, 0), 0);
	struct pvabi_cell_result *r;

	r = res(PVABI_RUN_EXIT_PASS, R(2, 1), PVABI_NEG_OK);
	pvabi_oracle_judge(&pass, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_PASS);
	CU_ASSERT_STRING_EQUAL(r->outcome, "pass");
	CU_ASSERT(pvabi_cell_green(r));
	r = res(PVABI_RUN_EXIT_PASS, R(2, 0), PVABI_NEG_OK);
	pvabi_oracle_judge(&lower, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_PASS);
	CU_ASSERT_STRING_EQUAL(r->outcome, "pass-lower");
}

static void test_judge_mismatch(void)
{
	struct pvabi_prediction pass = pred_of(PVABI_PRED_PASS, R(2, 1), 0);
	struct pvabi_prediction lower = pred_of(PVABI_PRED_PASS_LOWER, R(2, 0), 0);
	struct pvabi_prediction refused = pred_of(PVABI_PRED_REFUSED, 0, PVABI_NEG_NO_COMMON_REVISION);
	struct pvabi_cell_result *r;

	r = res(PVABI_RUN_EXIT_PASS, R(2, 1), PVABI_NEG_OK); /* other revision */
	pvabi_oracle_judge(&lower, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_FAIL);
	CU_ASSERT(strstr(r->reason, "2.1") && strstr(r->reason, "2.0"));
	r = res(PVABI_RUN_EXIT_PASS, R(1, 3), PVABI_NEG_OK); /* passed, refusal predicted */
	pvabi_oracle_judge(&refused, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_FAIL);
	CU_ASSERT(strstr(r->reason, "1.3") && strstr(r->reason, "NO_COMMON_REVISION"));
	r = res(PVABI_RUN_EXIT_REFUSED, 0, PVABI_NEG_NO_COMMON_REVISION); /* refused, pass predicted */
	pvabi_oracle_judge(&pass, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_FAIL);
	CU_ASSERT_STRING_EQUAL(r->outcome, "refused");
	CU_ASSERT(strstr(r->reason, "NO_COMMON_REVISION") && strstr(r->reason, "2.1"));
	r = res(PVABI_RUN_EXIT_REFUSED, 0, PVABI_NEG_MALFORMED); /* other refusal */
	pvabi_oracle_judge(&refused, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_FAIL);
	CU_ASSERT(strstr(r->reason, "MALFORMED") && strstr(r->reason, "NO_COMMON_REVISION"));
	r = res(PVABI_RUN_EXIT_PASS, 0, ~0u); /* no record: cannot compare */
	pvabi_oracle_judge(&pass, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_ERROR);
}

static void test_judge_refused(void)
{
	struct pvabi_prediction refused = pred_of(PVABI_PRED_REFUSED, 0, PVABI_NEG_NO_COMMON_REVISION);
	struct pvabi_cell_result *r = res(PVABI_RUN_EXIT_REFUSED, 0, PVABI_NEG_NO_COMMON_REVISION);

	pvabi_oracle_judge(&refused, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_PASS);
	CU_ASSERT_STRING_EQUAL(r->outcome, "refused");
	CU_ASSERT(pvabi_cell_green(r));
}

static char last_reason[256];

static void expect_exit(int code, enum pvabi_verdict v, const char *outcome)
{
	struct pvabi_prediction pass = pred_of(PVABI_PRED_PASS, R(2, 1), 0);
	struct pvabi_cell_result *r = res(code, R(2, 1), PVABI_NEG_OK);

	snprintf(r->reason, sizeof(r->reason), "engine note");
	pvabi_oracle_judge(&pass, r);
	CU_ASSERT_EQUAL(r->verdict, v);
	CU_ASSERT_STRING_EQUAL(r->outcome, outcome);
	CU_ASSERT(r->reason[0] != '\0');
	snprintf(last_reason, sizeof(last_reason), "%.200s", r->reason);
	if (v != PVABI_V_FAIL && v != PVABI_V_SKIP)
		CU_ASSERT_PTR_NOT_NULL(strstr(r->reason, "engine note"));
}

static void test_judge_exits(void)
{
	expect_exit(PVABI_RUN_EXIT_FAIL, PVABI_V_FAIL, "fail");
	expect_exit(PVABI_RUN_EXIT_SKIP, PVABI_V_SKIP, "skip");
	expect_exit(PVABI_RUN_EXIT_UNAVAILABLE, PVABI_V_SKIP, "unavailable");
	expect_exit(PVABI_RUN_EXIT_USAGE, PVABI_V_ERROR, "usage");
	expect_exit(PVABI_RUN_EXIT_ERROR, PVABI_V_ERROR, "error");
	expect_exit(PVABI_RUN_EXIT_CRASH, PVABI_V_CRASH, "crash");
	expect_exit(PVABI_RUN_EXIT_TIMEOUT, PVABI_V_TIMEOUT, "timeout");
	expect_exit(-1, PVABI_V_ERROR, "killed");
	expect_exit(42, PVABI_V_ERROR, "exit-code");
	/* an external command's shell conventions, named as such */
	expect_exit(127, PVABI_V_ERROR, "not-found");
	CU_ASSERT_PTR_NOT_NULL(strstr(last_reason, "command not found: engine note"));
	expect_exit(126, PVABI_V_ERROR, "not-executable");
	CU_ASSERT_PTR_NOT_NULL(strstr(last_reason, "command cannot be run: engine note"));
	/* exit 1 with no failed check: the reason does not blame the guest */
	expect_exit(PVABI_RUN_EXIT_FAIL, PVABI_V_FAIL, "fail");
	CU_ASSERT_PTR_NOT_NULL(strstr(last_reason, "without a failed check in the TAP: engine note"));
	expect_exit(255, PVABI_V_ERROR, "exit-code");
}

static void test_judge_checks(void)
{
	struct pvabi_prediction pass = pred_of(PVABI_PRED_PASS, R(2, 1), 0);
	struct pvabi_cell_result *r;

	r = res(PVABI_RUN_EXIT_FAIL, R(2, 1), PVABI_NEG_OK);
	add_check(r, 1, 0, "first", "");
	add_check(r, 0, 0, "set_timer returns 0", "expected 0 got -22");
	add_check(r, 0, 0, "later", "");
	pvabi_oracle_judge(&pass, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_FAIL);
	CU_ASSERT(strstr(r->reason, "set_timer returns 0") && strstr(r->reason, "got -22") &&
		  strstr(r->reason, "check 2"));
	r = res(PVABI_RUN_EXIT_PASS, R(2, 1), PVABI_NEG_OK); /* exit says pass, TAP does not */
	add_check(r, 0, 0, "liar", "");
	pvabi_oracle_judge(&pass, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_FAIL);
	CU_ASSERT_PTR_NOT_NULL(strstr(r->reason, "liar"));
	r = res(PVABI_RUN_EXIT_SKIP, R(2, 1), PVABI_NEG_OK);
	add_check(r, 0, 0, "bad", "");
	pvabi_oracle_judge(&pass, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_FAIL);
	r = res(PVABI_RUN_EXIT_CRASH, R(2, 1), PVABI_NEG_OK); /* most severe wins */
	add_check(r, 0, 0, "bad", "");
	pvabi_oracle_judge(&pass, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_CRASH);
	r = res(PVABI_RUN_EXIT_PASS, R(2, 1), PVABI_NEG_OK); /* a TODO may fail */
	add_check(r, 0, 1, "todo", "");
	pvabi_oracle_judge(&pass, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_PASS);
	r = res(PVABI_RUN_EXIT_PASS, R(2, 0), PVABI_NEG_OK); /* mismatch and a failure */
	add_check(r, 0, 0, "broken op", "");
	pvabi_oracle_judge(&pass, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_FAIL);
	CU_ASSERT(strstr(r->reason, "2.0") && strstr(r->reason, "broken op"));
	pvabi_cell_result_free(r);
}

/* A garbled console makes a green cell ERROR (the harness's fault, with
 * the reason), never PASS and never FAIL; a failure the guest reported
 * stays FAIL. */
static void test_judge_garbled(void)
{
	struct pvabi_prediction pass = pred_of(PVABI_PRED_PASS, R(2, 1), 0);
	struct pvabi_cell_result *r;

	r = res(PVABI_RUN_EXIT_PASS, R(2, 1), PVABI_NEG_OK);
	add_check(r, 1, 0, "first", "");
	snprintf(r->garbled, sizeof(r->garbled), "plan 1..3 but 2 checks read");
	pvabi_oracle_judge(&pass, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_ERROR);
	CU_ASSERT_STRING_EQUAL(r->outcome, "garbled");
	CU_ASSERT_PTR_NOT_NULL(strstr(r->reason, "not the platform: plan 1..3 but 2 checks read"));
	r = res(PVABI_RUN_EXIT_FAIL, R(2, 1), PVABI_NEG_OK);
	add_check(r, 0, 0, "broken op", "");
	snprintf(r->garbled, sizeof(r->garbled), "plan 1..3 but 2 checks read");
	pvabi_oracle_judge(&pass, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_FAIL);
	CU_ASSERT_PTR_NOT_NULL(strstr(r->reason, "broken op"));
	pvabi_cell_result_free(r);
}

/* The verdict the gate prints is never cut: a mismatch, then the longest
 * check name and diagnostic the TAP parser keeps, all in full. */
static void test_judge_long_reason(void)
{
	struct pvabi_prediction pass = pred_of(PVABI_PRED_PASS, R(2, 1), 0);
	struct pvabi_cell_result *r = res(PVABI_RUN_EXIT_PASS, R(2, 0), PVABI_NEG_OK);
	char name[sizeof(r->checks[0].name)], diag[sizeof(r->checks[0].diag)];
	size_t len;

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	memset(diag, 'd', sizeof(diag) - 2);
	snprintf(diag + sizeof(diag) - 2, 2, "!");
	add_check(r, 0, 0, name, diag);
	pvabi_oracle_judge(&pass, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_FAIL);
	len = strlen(r->reason);
	CU_ASSERT(len < sizeof(r->reason) - 1);
	CU_ASSERT(strstr(r->reason, "predicted: pass at 2.1") != NULL);
	CU_ASSERT(strstr(r->reason, name) != NULL);
	CU_ASSERT(len > sizeof(diag) && !strcmp(r->reason + len - strlen(diag), diag));
	pvabi_cell_result_free(r);
}

static void test_names(void)
{
	int v;

	for (v = 0; v < PVABI_V_COUNT; v++)
		CU_ASSERT_EQUAL(pvabi_verdict_parse(pvabi_verdict_name((enum pvabi_verdict)v)), v);
	CU_ASSERT_EQUAL(pvabi_verdict_parse("pass"), -1);
	CU_ASSERT_EQUAL(pvabi_verdict_parse(NULL), -1);
	CU_ASSERT_STRING_EQUAL(pvabi_verdict_name((enum pvabi_verdict)99), "?");
	CU_ASSERT_EQUAL(pvabi_pred_kind_parse("pass-lower"), PVABI_PRED_PASS_LOWER);
	CU_ASSERT_EQUAL(pvabi_pred_kind_parse("x"), -1);
}

static const struct pvabi_test_case oracle_cases[] = {
	{ "offer", test_offer },
	{ "predict_pass", test_predict_pass },
	{ "predict_lower", test_predict_lower },
	{ "predict_refused_profile", test_predict_refused_profile },
	{ "predict_refused_window", test_predict_refused_window },
	{ "predict_errors", test_predict_errors },
	{ "predict_all", test_predict_all },
	{ NULL, NULL },
};

static const struct pvabi_test_case judge_cases[] = {
	{ "pass", test_judge_pass },
	{ "mismatch", test_judge_mismatch },
	{ "long_reason", test_judge_long_reason },
	{ "garbled", test_judge_garbled },
	{ "refused", test_judge_refused },
	{ "exits", test_judge_exits },
	{ "checks", test_judge_checks },
	{ "names", test_names },
	{ NULL, NULL },
};

static const struct pvabi_test_suite suites[] = {
	{ "oracle", oracle_cases, setup, teardown },
	{ "judge", judge_cases, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

int main(int argc, char **argv)
{
	return pvabi_test_main(suites, argc, argv);
}
