/* The coverage pass at scale: past PVABI_COVERAGE_FOLD unchecked outputs,
 * one OUTPUT_UNCHECKED per op listing its outputs and their revisions;
 * everything one by one when asked (check --all, --json); an op a
 * coverage waiver names keeps its findings one by one, so the waiver
 * still accepts its output and is not reported unused. */
#include "abi/coverage.h"
#include "abi/load.h"
#include "tests/fixtures.h"
#include "abi/tests/spec_tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Per op: ret unchecked in 1.0 and 1.2 (a vector of 1.1 checks it),
 * out.size and out.a in all three, out.b from 1.1: ten unchecked
 * outputs per op over the revisions. op_7 and op_8 are named by
 * waivers. */
static struct pvabi_spec *make(int nops)
{
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s;
	size_t cap = 4096 + (size_t)nops * 256, len;
	char *buf = malloc(cap);
	int i;

	if (!buf)
		return NULL;
	len = (size_t)snprintf(buf, cap,
		"<abi name=\"fold\" format=\"1\" default-convention=\"frame\">\n"
		"<revisions><revision id=\"1.0\"/><revision id=\"1.1\"/><revision id=\"1.2\"/></revisions>\n"
		"<conventions><convention name=\"frame\" kind=\"call-frame\" instruction=\"out\" port=\"0x2f8\"/></conventions>\n"
		"<struct name=\"info\" since=\"1.0\" size-guarded=\"true\" size-field=\"size\">"
		"<field name=\"size\" type=\"u32\"/><field name=\"a\" type=\"u32\"/>"
		"<field name=\"b\" type=\"u32\" since=\"1.1\"/></struct>\n");
	for (i = 0; i < nops; i++)
		len += (size_t)snprintf(buf + len, cap - len,
			"<op name=\"op_%d\" id=\"%d\" since=\"1.0\"><arg name=\"out\" type=\"info\" pass=\"out\"/>"
			"<vector since=\"1.1\" removed=\"1.2\" expect=\"ret=0\"/></op>\n", i, i + 1);
	len += (size_t)snprintf(buf + len, cap - len,
		"<waiver rule=\"OUTPUT_UNCHECKED\" revision=\"1.1\" target=\"op:op_7.out.b\">"
		"<justification>Accepted for this test.</justification></waiver>\n"
		"<waiver rule=\"OUTPUT_UNCHECKED\" revision=\"1.0\" target=\"op:op_8.ret\">"
		"<justification>Accepted for this test.</justification></waiver>\n</abi>\n");
	s = pvabi_spec_load_mem(buf, len, "fold.xml", &d);
	if (!s)
		pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	free(buf);
	return s;
}

static size_t count(const struct pvabi_findings *f, const char *target_prefix, int folded)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		n += !strcmp(f->v[i].rule, "OUTPUT_UNCHECKED") && (f->v[i].rev == NULL) == folded &&
		     !strncmp(f->v[i].target, target_prefix, strlen(target_prefix));
	return n;
}

static const struct pvabi_finding *with_target(const struct pvabi_findings *f, const char *t,
					       const char *rev)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].target, t) && f->v[i].rev && !strcmp(f->v[i].rev, rev))
			return &f->v[i];
	return NULL;
}

static void test_folded(void)
{
	struct pvabi_spec *s = make(150);
	struct pvabi_findings f = { 0 };
	const struct pvabi_finding *x;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	pvabi_check_coverage(s, &f);
	CU_ASSERT_EQUAL(f.coverage, 1);
	CU_ASSERT_EQUAL(f.coverage_folded, 148 * 10);
	CU_ASSERT_EQUAL(count(&f, "op:", 1), 148);
	/* the two waived ops, one by one: ten findings each */
	CU_ASSERT_EQUAL(count(&f, "op:op_7.", 0), 10);
	CU_ASSERT_EQUAL(count(&f, "op:op_8.", 0), 10);
	CU_ASSERT_EQUAL(f.n, 148 + 20);
	x = with_target(&f, "op:op_0", "");
	CU_ASSERT_PTR_NULL(x); /* a folded finding has no revision */
	for (x = f.v; x < f.v + f.n && strcmp(x->target, "op:op_0"); x++)
		;
	CU_ASSERT_FATAL(x < f.v + f.n);
	CU_ASSERT_STRING_EQUAL(x->msg, "op op_0: 4 outputs are checked by no vector or scenario: "
				       "ret [1.0, 1.2], out.size [1.0-1.2], out.a [1.0-1.2], "
				       "out.b [1.1-1.2]");
	CU_ASSERT_EQUAL(x->sev, PVABI_SEV_WARNING);
	CU_ASSERT_EQUAL(x->waivable, 0);
	CU_ASSERT_EQUAL(x->line, s->ops[0].loc.line);
	pvabi_check_waivers(s, &f);
	x = with_target(&f, "op:op_7.arg:out.field:b", "1.1");
	CU_ASSERT(x && x->sev == PVABI_SEV_WAIVED);
	x = with_target(&f, "op:op_7.arg:out.field:b", "1.2");
	CU_ASSERT(x && x->sev == PVABI_SEV_WARNING);
	x = with_target(&f, "op:op_8.ret", "1.0");
	CU_ASSERT(x && x->sev == PVABI_SEV_WAIVED);
	CU_ASSERT_EQUAL(pvabi_findings_count(&f, PVABI_SEV_WAIVED), 2);
	CU_ASSERT_EQUAL(count(&f, "", 0) + count(&f, "", 1), f.n); /* no WAIVER_UNUSED */
	pvabi_findings_free(&f);
	pvabi_spec_free(s);
}

/* check --all and --json: one finding per output and revision. */
static void test_all(void)
{
	struct pvabi_spec *s = make(150);
	struct pvabi_findings f = { 0 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	f.coverage_all = 1;
	pvabi_check_coverage(s, &f);
	CU_ASSERT_EQUAL(f.coverage_folded, 0);
	CU_ASSERT_EQUAL(count(&f, "op:", 1), 0);
	CU_ASSERT_EQUAL(f.n, 150 * 10);
	CU_ASSERT_PTR_NOT_NULL(with_target(&f, "op:op_0.ret", "1.2"));
	CU_ASSERT_PTR_NULL(with_target(&f, "op:op_0.ret", "1.1"));
	pvabi_findings_free(&f);
	pvabi_spec_free(s);
}

/* At or under the threshold nothing is folded. */
static void test_threshold(void)
{
	struct pvabi_spec *s = make(100);
	struct pvabi_findings f = { 0 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	pvabi_check_coverage(s, &f);
	CU_ASSERT_EQUAL(f.coverage_folded, 0);
	CU_ASSERT_EQUAL(f.n, 100 * 10);
	CU_ASSERT_EQUAL(count(&f, "op:", 1), 0);
	pvabi_findings_free(&f);
	pvabi_spec_free(s);
}

const struct pvabi_test_case coverage_fold_cases[] = {
	{ "folded", test_folded },
	{ "all", test_all },
	{ "threshold", test_threshold },
	{ NULL, NULL },
};
