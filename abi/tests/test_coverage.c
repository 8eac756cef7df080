/* Output coverage: the table of a small spec with known gaps through the
 * API, `pvabi coverage` as text and JSON with its exit codes, and the
 * reference spec fully covered (its unchecked outputs all waived). */
#include "abi/coverage.h"
#include "abi/load.h"
#include "tests/fixtures.h"
#include "tests/jsoncheck.h"
#include "abi/tests/spec_tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASE "fixtures/spec-changes/OUTPUT_UNCHECKED/"

static struct pvabi_spec *load(const char *rel)
{
	char path[4096];
	struct pvabi_diags d = { 0 };
	struct pvabi_spec *s;

	snprintf(path, sizeof(path), "%s/%s", pvabi_test_srcdir(), rel);
	s = pvabi_spec_load(path, &d);
	if (!s)
		pvabi_diag_print(&d, stdout);
	pvabi_diag_free(&d);
	return s;
}

static const struct pvabi_cov_out *find(const struct pvabi_spec *s,
					const struct pvabi_coverage *c, const char *rev,
					const char *op, const char *name)
{
	char buf[256];
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(s->revs[c->v[i].rev].id, rev) && !strcmp(s->ops[c->v[i].op].name, op) &&
		    !strcmp(pvabi_coverage_name(s, &c->v[i], buf, sizeof(buf)), name))
			return &c->v[i];
	return NULL;
}

/* ping: ret, EINVAL; get_info: ret, out.size, out.flags, out.stamp,
 * (1.2) out.extra, seq. The vector checks size and flags; stamp is
 * never checked; seq only through its bound value. */
static void test_api(void)
{
	struct pvabi_spec *s = load(CASE "spec.xml");
	const struct pvabi_cov_out *o;
	struct pvabi_coverage c;
	size_t i, unchecked = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL_FATAL(pvabi_coverage_build(s, PVABI_NONE, &c), 0);
	CU_ASSERT_EQUAL(c.n, 7 + 7 + 8);
	for (i = 0; i < c.n; i++)
		unchecked += !c.v[i].nby;
	CU_ASSERT_EQUAL(unchecked, 4);
	o = find(s, &c, "1.2", "get_info", "out.extra");
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT_EQUAL(o->nby, 0);
	CU_ASSERT_PTR_NULL(find(s, &c, "1.1", "get_info", "out.extra"));
	o = find(s, &c, "1.0", "get_info", "out.stamp");
	CU_ASSERT(o && o->nby == 0);
	o = find(s, &c, "1.1", "get_info", "out.flags");
	CU_ASSERT(o && o->nby == 1 && o->by[0].kind == PVABI_BY_VECTOR && o->by[0].line == 34);
	o = find(s, &c, "1.0", "get_info", "seq");
	CU_ASSERT(o && o->nby == 1 && o->by[0].kind == PVABI_BY_BOUND && o->by[0].step == 0 &&
		  o->by[0].user == 1 && o->by[0].line == 38);
	o = find(s, &c, "1.0", "ping", "ret");
	/* the vector ret>=1, and the scenario's step 2 */
	CU_ASSERT(o && o->nby == 2 && o->by[1].kind == PVABI_BY_STEP && o->by[1].step == 1);
	o = find(s, &c, "1.0", "ping", "error EINVAL");
	CU_ASSERT(o && o->nby == 1);
	pvabi_coverage_free(&c);
	CU_ASSERT_EQUAL_FATAL(pvabi_coverage_build(s, 1, &c), 0);
	CU_ASSERT_EQUAL(c.n, 7);
	for (i = 0; i < c.n; i++)
		CU_ASSERT_EQUAL(c.v[i].rev, 1);
	pvabi_coverage_free(&c);
	pvabi_spec_free(s);
}

/* A bound value a later check compares with through an expression is
 * checked by it: time_info_scaling_agrees binds tsc_to_ns_mul and
 * judges tsc_khz by the scaling it implies. */
static void test_expr_uses(void)
{
	struct pvabi_spec *s = load("spec/platform.xml");
	const struct pvabi_cov_out *o;
	struct pvabi_coverage c;
	size_t i, bound = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL_FATAL(pvabi_coverage_build(s, 0, &c), 0);
	o = find(s, &c, "1.0", "get_time_info", "info.tsc_to_ns_mul");
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	for (i = 0; i < o->nby; i++)
		bound += o->by[i].kind == PVABI_BY_BOUND;
	CU_ASSERT(bound >= 1);
	pvabi_coverage_free(&c);
	pvabi_spec_free(s);
}

/* The check finding: one per output and revision, at the op's line,
 * with the target a waiver names; the ok/ case has none. */
static void test_findings(void)
{
	struct pvabi_spec *s = load(CASE "spec.xml"), *ok = load(CASE "ok/spec.xml");
	struct pvabi_findings f = { 0 };
	size_t i, n = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ok);
	pvabi_check_coverage(s, &f);
	for (i = 0; i < f.n; i++) {
		CU_ASSERT_STRING_EQUAL(f.v[i].rule, "OUTPUT_UNCHECKED");
		CU_ASSERT_EQUAL(f.v[i].line, 31);
		CU_ASSERT_EQUAL(f.v[i].sev, PVABI_SEV_WARNING);
		n += !strcmp(f.v[i].target, "op:get_info.arg:out.field:stamp");
	}
	CU_ASSERT_EQUAL(f.n, 4);
	CU_ASSERT_EQUAL(n, 3);
	pvabi_findings_free(&f);
	pvabi_check_coverage(ok, &f);
	CU_ASSERT_EQUAL(f.n, 0);
	pvabi_findings_free(&f);
	pvabi_spec_free(ok);
	pvabi_spec_free(s);
}

static int run(const char *args, char *out, size_t cap)
{
	char cmd[4096];
	size_t len;

	snprintf(cmd, sizeof(cmd), "cd '%s' && '%s/pvabi' %s 2>&1", pvabi_test_srcdir(),
		 pvabi_test_builddir(), args);
	return fx_run(cmd, out, cap, &len);
}

static void test_command_text(void)
{
	static char out[1 << 16];

	CU_ASSERT_EQUAL(run("coverage --spec " CASE "spec.xml", out, sizeof(out)), 1);
	CU_ASSERT(!strncmp(out, "REV    OP                   OUTPUT                   STATUS    CHECKED BY\n", 74));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n1.2    get_info             out.extra                UNCHECKED -\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n1.0    get_info             out.flags                checked   vector line 34\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n1.0    get_info             seq                      checked   scenario seq_grows step 1 binds it, step 2 uses it (line 38)\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n1.0    ping                 ret                      checked   vector line 29 (+1 more)\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n1.0: 6/7 outputs checked, 0 waived, 1 unchecked\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n1.2: 6/8 outputs checked, 0 waived, 2 unchecked\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ntotal: 18/22 outputs checked, 0 waived, 4 unchecked\n"));
	/* one revision; waivers; every output checked */
	CU_ASSERT_EQUAL(run("coverage --rev 1.1 --spec " CASE "spec.xml", out, sizeof(out)), 1);
	CU_ASSERT_PTR_NULL(strstr(out, "\n1.0 "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ntotal: 6/7 outputs checked, 0 waived, 1 unchecked\n"));
	CU_ASSERT_EQUAL(run("coverage --spec " CASE "waived/spec.xml", out, sizeof(out)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n1.0    get_info             out.stamp                waived    waiver line 40\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ntotal: 18/22 outputs checked, 2 waived, 2 unchecked\n"));
	/* the pairs read after another value: ping's error and its result */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n\nREAD AFTER ANOTHER VALUE: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n1.0    ping                 why=7 / why=0: ret EINVAL|>=1\n1.0: 1 pair; 2 of 7 outputs read after another value\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ntotal: 3 pairs; 6 of 22 outputs read after another value\n"));
	CU_ASSERT_EQUAL(run("coverage --spec " CASE "ok/spec.xml", out, sizeof(out)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ntotal: 22/22 outputs checked, 0 waived, 0 unchecked\n"));
	/* usage, unknown revision, invalid spec */
	CU_ASSERT_EQUAL(run("coverage --bogus", out, sizeof(out)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "usage: pvabi coverage"));
	CU_ASSERT_EQUAL(run("coverage --rev 9.9 --spec " CASE "spec.xml", out, sizeof(out)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "revision '9.9' is not defined"));
	CU_ASSERT_EQUAL(run("coverage --spec fixtures/spec-invalid/VECTOR_INVALID/spec.xml", out,
			    sizeof(out)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "VECTOR_INVALID"));
	CU_ASSERT_EQUAL(run("coverage extra", out, sizeof(out)), 2);
}

static void test_command_json(void)
{
	static char out[1 << 16];
	size_t n;

	CU_ASSERT_EQUAL(run("coverage --json --spec " CASE "waived/spec.xml", out, sizeof(out)), 1);
	n = strlen(out);
	CU_ASSERT(fx_json_valid(out, n));
	CU_ASSERT(!strncmp(out, "{\"spec\":\"" CASE "waived/spec.xml\",\"outputs\":[\n", 53));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "{\"revision\":\"1.2\",\"op\":\"get_info\",\"output\":\"out.extra\",\"kind\":\"field\",\"target\":\"op:get_info.arg:out.field:extra\",\"file\":\"" CASE "waived/spec.xml\",\"line\":31,\"status\":\"waived\",\"checked_by\":[],\"waiver\":{\"line\":43,\"justification\":\"Written as 0 until a handler fills it; see the platform's tests.\"},\"after_another\":0}"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"output\":\"out.stamp\",\"kind\":\"field\",\"target\":\"op:get_info.arg:out.field:stamp\",\"file\":\"" CASE "waived/spec.xml\",\"line\":31,\"status\":\"unchecked\",\"checked_by\":[],\"waiver\":null,\"after_another\":0}"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"output\":\"seq\",\"kind\":\"scalar\",\"target\":\"op:get_info.arg:seq\",\"file\":\"" CASE "waived/spec.xml\",\"line\":31,\"status\":\"checked\",\"checked_by\":[{\"kind\":\"bound\",\"scenario\":\"seq_grows\",\"step\":1,\"used_by\":2,\"line\":38}],\"waiver\":null,\"after_another\":0}"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"output\":\"error EINVAL\",\"kind\":\"error\",\"target\":\"op:ping.error:EINVAL\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"output\":\"ret\",\"kind\":\"ret\",\"target\":\"op:ping.ret\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"waiver\":null,\"after_another\":1},\n{\"revision\":\"1.0\",\"op\":\"ping\",\"output\":\"error EINVAL\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n],\"pairs\":[\n{\"revision\":\"1.0\",\"op\":\"ping\",\"first\":\"why=7\",\"second\":\"why=0\",\"told_apart\":[{\"output\":\"ret\",\"first\":\"EINVAL\",\"second\":\">=1\"}]},\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "],\"revisions\":[{\"revision\":\"1.0\",\"outputs\":7,\"checked\":6,\"waived\":1,\"unchecked\":0},{\"revision\":\"1.1\",\"outputs\":7,\"checked\":6,\"waived\":0,\"unchecked\":1},{\"revision\":\"1.2\",\"outputs\":8,\"checked\":6,\"waived\":1,\"unchecked\":1}],\"summary\":{\"outputs\":22,\"checked\":18,\"waived\":2,\"unchecked\":2}}\n"));
}

/* pvabi check: a warning (exit 0) unless --strict; the text folds the
 * revisions of one output onto one line. */
static void test_check_strict(void)
{
	static char out[1 << 16];
	const char *reg = " --registry fixtures/spec-changes/registry.xml";
	char args[512];

	snprintf(args, sizeof(args), "check --spec " CASE "spec.xml%s", reg);
	CU_ASSERT_EQUAL(run(args, out, sizeof(out)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, CASE "spec.xml:31: OUTPUT_UNCHECKED: warning: op get_info: out.stamp is checked by no vector or scenario [1.0, 1.1, 1.2]\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "0 breaking, 0 waived, 4 warnings, "));
	snprintf(args, sizeof(args), "check --strict --spec " CASE "spec.xml%s", reg);
	CU_ASSERT_EQUAL(run(args, out, sizeof(out)), 1);
	snprintf(args, sizeof(args), "check --strict --spec " CASE "ok/spec.xml%s", reg);
	CU_ASSERT_EQUAL(run(args, out, sizeof(out)), 0);
	snprintf(args, sizeof(args), "check --strict --spec " CASE "waived/spec.xml%s", reg);
	CU_ASSERT_EQUAL(run(args, out, sizeof(out)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "(waiver at " CASE "waived/spec.xml:40)"));
	CU_ASSERT_EQUAL(run("diff --strict " CASE "spec.xml " CASE "ok/spec.xml", out, sizeof(out)), 2);
}

/* The reference ABI: every output of every revision is checked, or
 * waived with its reason; check --strict holds it there. */
static void test_reference_covered(void)
{
	static char out[1 << 18];

	CU_ASSERT_EQUAL(run("coverage", out, sizeof(out)), 0);
	CU_ASSERT_PTR_NULL(strstr(out, "UNCHECKED"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, " waived, 0 unchecked\n"));
	CU_ASSERT_EQUAL(run("check --strict", out, sizeof(out)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "0 breaking, "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, " waived, 0 warnings, "));
}


/* Format 2: each command's result, errors and data fields are outputs
 * of their own, at the command's line. features' submap is only bound,
 * which checks nothing; status's port is bound and judged by a later
 * <check>; extra's data (an array) is named by no vector. */
static void test_command_outputs(void)
{
	struct pvabi_spec *s = load(CASE "command/spec.xml");
	struct pvabi_findings f = { 0 };
	const struct pvabi_cov_out *o;
	struct pvabi_coverage c;
	char buf[256];
	size_t i, n = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL_FATAL(pvabi_coverage_build(s, 0, &c), 0);
	o = find(s, &c, "1.0.0", "version", "features: arg.submap");
	CU_ASSERT(o && o->nby == 0 && o->cmd == 2);
	CU_ASSERT_STRING_EQUAL(pvabi_coverage_target(s, o, buf, sizeof(buf)),
			       "op:version.command:features.field:submap");
	o = find(s, &c, "1.0.0", "version", "features: arg.submap_idx");
	CU_ASSERT(o && o->nby == 1 && o->by[0].kind == PVABI_BY_VECTOR && o->by[0].line == 43);
	o = find(s, &c, "1.0.0", "version", "features: error EINVAL");
	CU_ASSERT(o && o->nby == 1 && o->by[0].line == 44);
	CU_ASSERT_STRING_EQUAL(pvabi_coverage_target(s, o, buf, sizeof(buf)),
			       "op:version.command:features.error:EINVAL");
	o = find(s, &c, "1.0.0", "version", "status: arg.port");
	CU_ASSERT(o && o->nby == 1 && o->by[0].kind == PVABI_BY_BOUND && o->by[0].step == 1 &&
		  o->by[0].user == 2);
	o = find(s, &c, "1.0.0", "version", "status: ret");
	CU_ASSERT(o && o->nby == 1 && o->by[0].kind == PVABI_BY_STEP);
	o = find(s, &c, "1.0.0", "version", "extra: arg");
	CU_ASSERT(o && o->nby == 0 && o->kind == PVABI_OUT_SCALAR);
	CU_ASSERT_STRING_EQUAL(pvabi_coverage_target(s, o, buf, sizeof(buf)),
			       "op:version.command:extra.arg:arg");
	/* the op's own result: every command's call that succeeds */
	o = find(s, &c, "1.0.0", "version", "ret");
	CU_ASSERT(o && o->cmd == PVABI_NONE && o->nby >= 4);
	pvabi_coverage_free(&c);
	pvabi_check_coverage(s, &f);
	for (i = 0; i < f.n; i++) {
		CU_ASSERT_STRING_EQUAL(f.v[i].rule, "OUTPUT_UNCHECKED");
		CU_ASSERT(f.v[i].line == 38 || f.v[i].line == 41);
		n += !strcmp(f.v[i].target, "op:version.command:features.field:submap") &&
		     f.v[i].line == 41;
	}
	CU_ASSERT_EQUAL(f.n, 4);
	CU_ASSERT_EQUAL(n, 2);
	pvabi_findings_free(&f);
	pvabi_spec_free(s);
}

/* Xen's and KVM's specs: every output, a command's included, is
 * checked or waived with its reason. */
static void test_format2_covered(void)
{
	static char out[1 << 18];

	CU_ASSERT_EQUAL(run("coverage --spec spec/xen.xml", out, sizeof(out)), 0);
	CU_ASSERT_PTR_NULL(strstr(out, "UNCHECKED"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n4.14.0 event_channel_op     status: arg.vcpu         checked "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n4.14.0 xen_version          compile_info: arg.compiler waived "));
	CU_ASSERT_EQUAL(run("check --strict --spec spec/xen.xml --registry spec/xen-versions.xml", out,
			    sizeof(out)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, " waived, 0 warnings, "));
	CU_ASSERT_EQUAL(run("coverage --spec spec/kvm.xml", out, sizeof(out)), 0);
	CU_ASSERT_PTR_NULL(strstr(out, "UNCHECKED"));
}

const struct pvabi_test_case coverage_cases[] = {
	{ "api", test_api },
	{ "expr_uses", test_expr_uses },
	{ "findings", test_findings },
	{ "command_text", test_command_text },
	{ "command_json", test_command_json },
	{ "check_strict", test_check_strict },
	{ "reference_covered", test_reference_covered },
	{ "command_outputs", test_command_outputs },
	{ "format2_covered", test_format2_covered },
	{ NULL, NULL },
};
