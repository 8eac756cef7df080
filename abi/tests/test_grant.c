/* Behaviour a feature changes, judged per grant: what counts as an
 * expectation that names a feature's grant (abi/check_grant.c), the
 * <changes> declarations the loader keeps (abi/load_changes.c), and the
 * grant terms of an expression in revisions with and without the
 * feature (abi/expr.c). The findings themselves are spec-change cases
 * (fixtures/spec-changes/FEATURE_BEHAVIOUR_UNCHECKED). */
#include "abi/check_grant.h"
#include "abi/coverage.h"
#include "abi/expr.h"
#include "abi/limit.h"
#include "abi/load.h"
#include "abi/tests/spec_tests.h"
#include "guest/rt/expr.h"

#include <stdio.h>
#include <string.h>

static void test_names_grant(void)
{
	static const struct {
		const char *text;
		int want; /* for feature "fifo", bit 3 */
	} cases[] = {
		{ "ret=0 status.pending=1+granted.fifo", 1 },
		{ "ret=0 n=granted.fifo", 1 },
		{ "ret=0 n=granted.fifo2", 0 },     /* another feature */
		{ "ret=0 n=granted.fif", 0 },
		{ "ret=0 regs.ebx=granted", 1 },    /* the whole grant */
		{ "ret=0 regs.ebx=granted>>3", 1 }, /* from bit 3 up */
		{ "ret=0 regs.ecx=granted>>32", 0 },
		{ "ret=0 n=(granted>>4)+1", 0 },
		{ "ret=0 n=$granted", 0 },          /* a variable */
		{ "ret=0 n=grantedx", 0 },
		{ "ret=0 n=1", 0 },
		{ "ret=0 a=granted.other b=granted.fifo", 1 },
		{ "", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = pvabi_text_names_grant(cases[i].text, "fifo", 3);

		if (got != cases[i].want)
			printf("\n  '%s': %d, want %d\n", cases[i].text, got, cases[i].want);
		CU_ASSERT_EQUAL(got, cases[i].want);
	}
	CU_ASSERT_EQUAL(pvabi_text_names_grant(NULL, "fifo", 3), 0);
}

static struct pvabi_spec *load_case(const char *rel)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s;
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", pvabi_test_srcdir(), rel);
	s = pvabi_spec_load(path, &d);
	pvabi_diag_free(&d);
	return s;
}

/* The declarations as the model holds them: op index, text with its
 * blanks made one, no limit; and the reference spec's evtchn_fifo with
 * its limit. */
static void test_changes_loaded(void)
{
	struct pvabi_spec *s = load_case("fixtures/spec-changes/FEATURE_BEHAVIOUR_UNCHECKED/spec.xml");
	const struct pvabi_feature *q;
	int f, li;
	size_t k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	f = pvabi_spec_feature(s, "queued");
	CU_ASSERT_FATAL(f >= 0);
	q = &s->features[f];
	CU_ASSERT_EQUAL_FATAL(q->nchanges, 2);
	CU_ASSERT_EQUAL(q->changes[0].op, pvabi_spec_op(s, "raise"));
	CU_ASSERT_EQUAL(q->changes[1].op, pvabi_spec_op(s, "count"));
	CU_ASSERT_STRING_EQUAL(q->changes[1].how, "Counts the queued events.");
	CU_ASSERT_EQUAL(q->changes[0].limit, PVABI_NONE);
	CU_ASSERT_EQUAL(q->changes[0].loc.line, 21);
	CU_ASSERT_EQUAL(s->features[pvabi_spec_feature(s, "quick")].nchanges, 0);
	pvabi_spec_free(s);

	s = load_case("spec/platform.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	f = pvabi_spec_feature(s, "evtchn_fifo");
	li = pvabi_spec_limit(s, "ports");
	CU_ASSERT_FATAL(f >= 0 && li >= 0);
	for (k = 0; k < s->features[f].nchanges; k++)
		if (s->features[f].changes[k].op == pvabi_spec_op(s, "evtchn_alloc"))
			break;
	CU_ASSERT_FATAL(k < s->features[f].nchanges);
	CU_ASSERT_EQUAL(s->features[f].changes[k].limit, li);
	pvabi_spec_free(s);
}

/* No finding in the reference spec, and one per revision of the
 * feature once the scenarios that judge evtchn_send by the grant are
 * written with constants instead. */
static void test_reference_judged(void)
{
	struct pvabi_spec *s = load_case("spec/platform.xml");
	struct pvabi_findings fs = { 0 };
	size_t i, n = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	pvabi_check_coverage(s, &fs);
	for (i = 0; i < fs.n; i++)
		n += !strcmp(fs.v[i].rule, "FEATURE_BEHAVIOUR_UNCHECKED");
	CU_ASSERT_EQUAL(n, 0);
	pvabi_findings_free(&fs);
	memset(&fs, 0, sizeof(fs));
	/* the same model, its scenarios' grant terms renamed away */
	for (i = 0; i < s->nscenarios; i++) {
		size_t j;

		for (j = 0; j < s->scenarios[i].nsteps; j++)
			if (s->scenarios[i].steps[j].expect &&
			    strstr(s->scenarios[i].steps[j].expect, "granted.evtchn_fifo"))
				s->scenarios[i].steps[j].expect = "ret=0 status.pending=1";
			else if (s->scenarios[i].steps[j].kind == PVABI_STEP_WAIT &&
				 s->scenarios[i].steps[j].args) {
				/* a count by the grant names it too */
				s->scenarios[i].steps[j].args = NULL;
				s->scenarios[i].steps[j].count = 1;
			}
	}
	pvabi_check_coverage(s, &fs);
	for (n = 0, i = 0; i < fs.n; i++)
		if (!strcmp(fs.v[i].rule, "FEATURE_BEHAVIOUR_UNCHECKED")) {
			n++;
			CU_ASSERT_TRUE(fs.v[i].waivable);
			CU_ASSERT_PTR_NOT_NULL(strstr(fs.v[i].target, "feature:evtchn_fifo.op:"));
		}
	/* evtchn_send, set_timer, evtchn_status, evtchn_bind in 2.0 and 2.1 */
	CU_ASSERT_EQUAL(n, 8);
	pvabi_findings_free(&fs);
	pvabi_spec_free(s);
}

/* granted.FEATURE compiles where the feature exists and evaluates to
 * the guest's own grant bit; before the feature it is an error naming
 * the revision, never a silent 0. */
static void test_term_by_revision(void)
{
	struct pvabi_spec *s = load_case("fixtures/spec-changes/base.xml");
	struct pvabi_expr_env env = { s, 1, NULL, 1 };
	const char *t = "1+2*granted.faster";
	struct pvabi_expr x;
	char err[256] = "";
	int64_t v = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL_FATAL(pvabi_expr_compile(&env, t, strlen(t), &x, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(pvabi_cexpr_eval(x.code, NULL, 0x2, &v), 0);
	CU_ASSERT_EQUAL(v, 3);
	CU_ASSERT_EQUAL(pvabi_cexpr_eval(x.code, NULL, 0x1, &v), 0);
	CU_ASSERT_EQUAL(v, 1);
	env.rev = 0;
	CU_ASSERT_EQUAL(pvabi_expr_compile(&env, t, strlen(t), &x, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no feature faster in revision 1.0 (defined from 1.1)"));
	pvabi_spec_free(s);
}

const struct pvabi_test_case grant_cases[] = {
	{ "names_grant", test_names_grant },
	{ "changes_loaded", test_changes_loaded },
	{ "reference_judged", test_reference_judged },
	{ "term_by_revision", test_term_by_revision },
	{ NULL, NULL },
};
