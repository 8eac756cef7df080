/* The independent oracle: the rule as the spec states it agrees with the
 * negotiator on every input (so two statements, written apart, say the
 * same), predicts the grant and the missing mask; the judge compares
 * them and holds the invariants even where the prediction is wrong; the
 * feature axis plans the sub-cells docs/matrix.md describes. */
#include "conformance/invariant.h"
#include "conformance/matrix.h"
#include "conformance/oracle.h"
#include "conformance/rule.h"
#include "negotiator/pvabi_neg.h"
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

/* The spec's statuses are the wire's. */
static void test_status_values(void)
{
	CU_ASSERT_EQUAL(PVABI_RULE_OK, PVABI_NEG_OK);
	CU_ASSERT_EQUAL(PVABI_RULE_NO_COMMON_REVISION, PVABI_NEG_NO_COMMON_REVISION);
	CU_ASSERT_EQUAL(PVABI_RULE_MISSING_REQUIRED, PVABI_NEG_MISSING_REQUIRED_FEATURES);
}

static void test_defined(void)
{
	CU_ASSERT_EQUAL(pvabi_rule_defined(spec, R(1, 0)), 0);
	CU_ASSERT_EQUAL(pvabi_rule_defined(spec, R(1, 1)), 0x3);
	CU_ASSERT_EQUAL(pvabi_rule_defined(spec, R(1, 3)), 0x7);
	CU_ASSERT_EQUAL(pvabi_rule_defined(spec, R(2, 1)), 0x1f);
	CU_ASSERT_EQUAL(pvabi_rule_defined(spec, R(9, 9)), 0);
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Random sides over the spec's revisions: the rule and the negotiator's
 * decision give the same status, revision, grant and missing mask. */
static void test_agrees_with_negotiator(void)
{
	struct pvabi_neg_rev_desc d[PVABI_NEG_MAX_REVS];
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	size_t nr = spec->nrevs, k, i, bad = 0;

	for (k = 0; k < 20000; k++) {
		struct pvabi_rule_platform p = { .nserved = 0 };
		struct pvabi_rule_guest g;
		struct pvabi_rule_outcome o;
		struct pvabi_neg_profile prof;
		struct pvabi_neg_offer off = { 0 };
		struct pvabi_neg_answer a;
		size_t lo = rnd(&seed) % nr, hi = lo + rnd(&seed) % (nr - lo);

		for (i = 0; i < nr; i++) {
			d[i].rev = pvabi_rev_code(&spec->revs[i]);
			d[i].served = rnd(&seed) % 3 != 0;
			d[i].features_defined = pvabi_rule_defined(spec, d[i].rev);
			if (d[i].served)
				p.served[p.nserved++] = d[i].rev;
		}
		p.offered = rnd(&seed) & 0x1f;
		if (pvabi_neg_profile_build(&prof, d, nr, p.offered, 1))
			continue; /* nothing served */
		g.lo = off.rev_min = d[lo].rev;
		g.hi = off.rev_max = d[hi].rev;
		g.required = off.required = rnd(&seed) % 4 ? 0 : rnd(&seed) & 0x1f;
		g.optional = off.optional = rnd(&seed) & 0x3f;
		pvabi_rule_apply(spec, &g, &p, &o);
		pvabi_neg_decide(&prof, &off, &a);
		if ((uint32_t)o.status != a.status || o.granted != a.granted ||
		    o.missing != a.missing || (o.status != PVABI_RULE_NO_COMMON_REVISION &&
					       o.chosen != a.chosen))
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void test_rule_cases(void)
{
	struct pvabi_rule_platform p = { { R(1, 0), R(1, 2), R(1, 1) }, 3, 0x3 };
	struct pvabi_rule_guest g = { R(1, 0), R(2, 0), 0, 0x1f };
	struct pvabi_rule_outcome o;

	pvabi_rule_apply(spec, &g, &p, &o); /* the highest, not the first listed */
	CU_ASSERT(o.status == PVABI_RULE_OK && o.chosen == R(1, 2) && o.granted == 0x3);
	g.required = 0x4; /* tlb_range: not defined at 1.2 */
	pvabi_rule_apply(spec, &g, &p, &o);
	CU_ASSERT(o.status == PVABI_RULE_MISSING_REQUIRED && o.missing == 0x4 &&
		  o.chosen == R(1, 2) && o.granted == 0);
	g.lo = g.hi = R(2, 0);
	pvabi_rule_apply(spec, &g, &p, &o);
	CU_ASSERT(o.status == PVABI_RULE_NO_COMMON_REVISION && o.chosen == 0);
}

static void predict(const char *image, const char *platform,
		    const struct pvabi_cell_features *f, struct pvabi_prediction *p)
{
	char err[256] = "";

	CU_ASSERT_EQUAL(pvabi_oracle_predict_cell(spec, reg, image, platform, f, p, err,
						  sizeof(err)), 0);
}

static void test_predict_features(void)
{
	struct pvabi_cell_features f = { .offer = 1, .offered = 0x15 };
	struct pvabi_prediction p;

	predict("2.0", "current", &f, &p);
	CU_ASSERT(p.kind == PVABI_PRED_PASS && p.granted == 0x5);
	f.want = 1;
	f.required = 0x2;
	predict("2.1", "current", &f, &p);
	CU_ASSERT(p.kind == PVABI_PRED_REFUSED && p.neg_status == PVABI_NEG_MISSING_REQUIRED_FEATURES);
	CU_ASSERT(p.missing == 0x2 && p.rev == R(2, 1) && strstr(p.why, "0x2"));
	f.offer = 0;
	f.required = 0;
	predict("2.1", "current", &f, &p);
	CU_ASSERT(p.kind == PVABI_PRED_PASS && p.granted == 0);
	CU_ASSERT(p.facts.known && p.facts.requested == 0 && p.facts.offered == 0x1f);
	predict("2.1", "1.2", NULL, &p);
	CU_ASSERT(p.kind == PVABI_PRED_PASS_LOWER && p.rev == R(1, 2) && p.granted == 0x3);
	CU_ASSERT(p.facts.nrevs == 6 && !p.facts.served[5] && p.facts.served[2]);
}

static struct pvabi_cell_result rr;

static struct pvabi_cell_result *res(int exit_code, uint32_t st, uint32_t rev, uint64_t granted,
				     uint64_t missing)
{
	memset(&rr, 0, sizeof(rr));
	snprintf(rr.cell.image_rev, sizeof(rr.cell.image_rev), "2.1");
	rr.exit_code = exit_code;
	rr.neg_status = st;
	rr.negotiated = rev;
	rr.granted = granted;
	rr.missing = missing;
	return &rr;
}

static void test_judge_grant(void)
{
	struct pvabi_prediction p;
	struct pvabi_cell_result *r;

	predict("2.1", "current", NULL, &p);
	r = res(PVABI_RUN_EXIT_PASS, PVABI_NEG_OK, R(2, 1), 0x1f, 0);
	pvabi_oracle_judge(&p, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_PASS);
	r = res(PVABI_RUN_EXIT_PASS, PVABI_NEG_OK, R(2, 1), 0xf, 0); /* less than predicted */
	pvabi_oracle_judge(&p, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_FAIL);
	CU_ASSERT(strstr(r->reason, "0xf") && strstr(r->reason, "0x1f"));
}

static void test_judge_missing(void)
{
	struct pvabi_cell_features f = { .want = 1, .required = 0x2, .offer = 1, .offered = 0x15 };
	struct pvabi_prediction p;
	struct pvabi_cell_result *r;

	predict("2.1", "current", &f, &p);
	r = res(PVABI_RUN_EXIT_REFUSED, PVABI_NEG_MISSING_REQUIRED_FEATURES, R(2, 1), 0, 0x2);
	pvabi_oracle_judge(&p, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_PASS);
	CU_ASSERT_PTR_NOT_NULL(strstr(r->reason, "0x2"));
	r = res(PVABI_RUN_EXIT_PASS, PVABI_NEG_OK, R(2, 1), 0x2, 0); /* granted what it lacks */
	pvabi_oracle_judge(&p, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_FAIL);
	CU_ASSERT_PTR_NOT_NULL(strstr(r->reason, "invariant broken"));
}

/* A wrong prediction the outcome agrees with (as when oracle and
 * platform share a bug) is still red: the invariants need neither. */
static void test_invariants_without_prediction(void)
{
	struct pvabi_prediction p, wrong;
	struct pvabi_cell_result *r;
	char why[400];

	predict("2.0", "current", NULL, &p);
	wrong = p;
	wrong.kind = PVABI_PRED_PASS_LOWER;
	wrong.rev = R(1, 0);
	wrong.granted = 0;
	r = res(PVABI_RUN_EXIT_PASS, PVABI_NEG_OK, R(1, 0), 0, 0); /* the lowest revision */
	snprintf(r->cell.image_rev, sizeof(r->cell.image_rev), "2.0");
	pvabi_oracle_judge(&wrong, r);
	CU_ASSERT_EQUAL(r->verdict, PVABI_V_FAIL);
	CU_ASSERT_PTR_NOT_NULL(strstr(r->reason, "own revision 2.0 but chose 1.0"));
	/* each invariant alone */
	CU_ASSERT_EQUAL(pvabi_invariant_check(&p.facts, res(0, PVABI_NEG_OK, R(2, 0), 0xf, 0), why,
					      sizeof(why)), 0);
	CU_ASSERT_EQUAL(pvabi_invariant_check(&p.facts, res(0, PVABI_NEG_OK, R(2, 0), 0x1f, 0), why,
					      sizeof(why)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "did not ask for"));
	CU_ASSERT_EQUAL(pvabi_invariant_check(&p.facts, res(0, PVABI_NEG_OK, R(2, 1), 0xf, 0), why,
					      sizeof(why)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "not one both sides speak"));
	CU_ASSERT_EQUAL(pvabi_invariant_check(&p.facts, res(4, PVABI_NEG_NO_COMMON_REVISION, 0, 0, 0),
					      why, sizeof(why)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "no common revision"));
	CU_ASSERT_EQUAL(pvabi_invariant_check(&p.facts, res(4, PVABI_NEG_MISSING_REQUIRED_FEATURES,
							    R(2, 0), 0, 0x1), why, sizeof(why)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "required"));
	predict("1.2", "1.1", NULL, &p); /* granted outside the chosen revision */
	CU_ASSERT_EQUAL(pvabi_invariant_check(&p.facts, res(0, PVABI_NEG_OK, R(1, 1), 0x3, 0), why,
					      sizeof(why)), 0);
	CU_ASSERT_EQUAL(pvabi_invariant_check(&p.facts, res(0, PVABI_NEG_OK, R(1, 0), 0x1, 0), why,
					      sizeof(why)), 1);
	p.facts.known = 0; /* read back from a file: nothing to hold */
	CU_ASSERT_EQUAL(pvabi_invariant_check(&p.facts, res(0, PVABI_NEG_OK, R(1, 0), 0x1, 0), why,
					      sizeof(why)), 0);
}

/* The prediction's objects reference no negotiator symbol at all. */
static void test_shares_nothing(void)
{
	static const char *const objs[] = { "rule", "oracle", "invariant" };
	char cmd[4096];
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(cmd, sizeof(cmd), "test -s '%s/obj/conformance/%s.o' && "
			 "! nm -u '%s/obj/conformance/%s.o' | grep -q pvabi_neg_",
			 pvabi_test_builddir(), objs[i], pvabi_test_builddir(), objs[i]);
		CU_ASSERT_EQUAL(system(cmd), 0);
	}
}

static size_t variants(const char *rev, int frozen, const char *platform, int offer, int want,
		       struct pvabi_cell_features *v)
{
	struct pvabi_cell c;

	memset(&c, 0, sizeof(c));
	snprintf(c.image_rev, sizeof(c.image_rev), "%s", rev);
	snprintf(c.platform, sizeof(c.platform), "%s", platform);
	c.image_frozen = frozen;
	return pvabi_matrix_feature_variants(spec, reg, &c, offer, want, v,
					     PVABI_MATRIX_MAX_VARIANTS);
}

static void test_variants(void)
{
	static struct pvabi_cell_features v[PVABI_MATRIX_MAX_VARIANTS];
	size_t n, i, refusals = 0;

	CU_ASSERT_EQUAL(variants("1.0", 1, "current", 1, 1, v), 0); /* no feature to vary */
	CU_ASSERT_EQUAL(variants("1.3", 1, "1.3", 1, 1, v), 0);     /* a release plays itself */
	CU_ASSERT_EQUAL(variants("1.1", 1, "current", 1, 1, v), 2);
	CU_ASSERT_STRING_EQUAL(v[0].label, "offer-0x15");
	CU_ASSERT_STRING_EQUAL(v[1].label, "offer-none");
	CU_ASSERT_EQUAL(variants("2.1", 0, "current", 0, 0, v), 0);
	CU_ASSERT_EQUAL(variants("2.1", 0, "current", 0, 1, v), 6); /* wants only */
	n = variants("2.1", 0, "current", 1, 1, v);
	CU_ASSERT_EQUAL(n, 3 + 2 * 5);
	for (i = 0; i < n; i++) {
		struct pvabi_prediction p;

		predict("2.1", "current", &v[i], &p);
		refusals += p.kind == PVABI_PRED_REFUSED;
		CU_ASSERT(v[i].label[0] != '\0');
	}
	CU_ASSERT_EQUAL(refusals, 2); /* mmu_batch and evtchn_fifo against 0x15 */
}

int main(int argc, char **argv)
{
	static const struct pvabi_test_case cases[] = {
		{ "status_values", test_status_values },
		{ "defined", test_defined },
		{ "agrees_with_negotiator", test_agrees_with_negotiator },
		{ "rule_cases", test_rule_cases },
		{ "predict_features", test_predict_features },
		{ "judge_grant", test_judge_grant },
		{ "judge_missing", test_judge_missing },
		{ "invariants_without_prediction", test_invariants_without_prediction },
		{ "variants", test_variants },
		{ "shares_nothing", test_shares_nothing },
		{ NULL, NULL },
	};
	static const struct pvabi_test_suite suites[] = {
		{ "rule", cases, setup, teardown },
		{ NULL, NULL, NULL, NULL },
	};

	return pvabi_test_main(suites, argc, argv);
}
