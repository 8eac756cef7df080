/* Check values the guest resolves when it runs (abi/vector_value.c):
 * the grant, a feature of it, a scenario variable; and what is refused. */
#include "abi/load.h"
#include "abi/tests/spec_tests.h"
#include "abi/vector.h"

#include <stdio.h>
#include <string.h>

static struct pvabi_spec *spec;
static struct pvabi_diags diags;

static int setup(void)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/fixtures/spec-changes/base.xml", pvabi_test_srcdir());
	spec = pvabi_spec_load(path, &diags);
	return spec ? 0 : -1;
}

static void teardown(void)
{
	pvabi_spec_free(spec);
	pvabi_diag_free(&diags);
	spec = NULL;
	memset(&diags, 0, sizeof(diags));
}

/* Resolves expect on get_info in revision rev with vars; the status. */
static int resolve(const char *expect, int rev, const struct pvabi_vars *vars,
		   struct pvabi_vec *v, char *err, size_t errlen)
{
	const struct pvabi_op *op = &spec->ops[pvabi_spec_op(spec, "get_info")];

	return pvabi_vec_resolve_text(spec, op, "", expect, rev, vars, v, err, errlen);
}

static void test_grant_values(void)
{
	struct pvabi_vec v;
	char err[256] = "";

	CU_ASSERT_EQUAL_FATAL(setup(), 0);
	CU_ASSERT_EQUAL_FATAL(resolve("ret=0 out.flags=granted.faster out.stamp=granted>>1 "
				      "out.size=granted", 1, NULL, &v, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(v.nchecks, 3);
	CU_ASSERT_EQUAL(v.checks[0].from, PVABI_FROM_FEATURE);
	CU_ASSERT_EQUAL(v.checks[0].value, 1); /* faster is bit 1 */
	CU_ASSERT_EQUAL(v.checks[1].from, PVABI_FROM_GRANT);
	CU_ASSERT_EQUAL(v.checks[1].value, 1);
	CU_ASSERT_EQUAL(v.checks[2].from, PVABI_FROM_GRANT);
	CU_ASSERT_EQUAL(v.checks[2].value, 0);
	/* a number stays a constant */
	CU_ASSERT_EQUAL_FATAL(resolve("ret=0 out.flags=3", 1, NULL, &v, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(v.checks[0].from, PVABI_FROM_CONST);
	CU_ASSERT_EQUAL(v.checks[0].value, 3);
	teardown();
}

/* Each refusal names what is wrong. */
static void test_grant_refused(void)
{
	static const struct {
		const char *expect;
		int rev;
		const char *why;
	} bad[] = {
		{ "ret=0 out.flags=granted.faster", 0, "no feature faster in revision 1.0 (defined from 1.1)" },
		{ "ret=0 out.flags=granted.nosuch", 1, "no feature nosuch in this spec" },
		{ "ret=0 out.flags>=granted", 1, "only be compared with =" },
		{ "ret=0 out.flags=granted>>64", 1, "0 to 63" },
		{ "ret=0 out.flags=granted>>", 1, "granted>>S" },
		{ "ret=0 out.flags=grantedx", 1, "granted>>S" },
		{ "ret=0 out.flags=$v", 1, "not bound" },
	};
	struct pvabi_vec v;
	char err[256];
	size_t i;

	CU_ASSERT_EQUAL_FATAL(setup(), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		CU_ASSERT_EQUAL(resolve(bad[i].expect, bad[i].rev, NULL, &v, err, sizeof(err)), -1);
		if (!strstr(err, bad[i].why))
			printf("\n  %s: '%s' lacks '%s'\n", bad[i].expect, err, bad[i].why);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, bad[i].why));
	}
	teardown();
}

/* "$NAME" in a scenario: the index of the variable an earlier step
 * bound, found by the name before its '='. */
static void test_var_value(void)
{
	struct pvabi_vars vars = { { "first", "orig=out.flags" }, 2, 0, 0, 0 };
	struct pvabi_vec v;
	char err[256] = "";

	CU_ASSERT_EQUAL_FATAL(setup(), 0);
	CU_ASSERT_EQUAL_FATAL(resolve("ret=0 out.flags=$orig", 1, &vars, &v, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(v.checks[0].from, PVABI_FROM_VAR);
	CU_ASSERT_EQUAL(v.checks[0].value, 1);
	CU_ASSERT_EQUAL(resolve("ret=0 out.flags=$orig2", 1, &vars, &v, err, sizeof(err)), -1);
	/* a counter read again: at least what was bound */
	CU_ASSERT_EQUAL_FATAL(resolve("ret=0 out.stamp>=$first", 1, &vars, &v, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(v.checks[0].from, PVABI_FROM_VAR);
	CU_ASSERT_EQUAL(v.checks[0].cmp, PVABI_CMP_GE);
	CU_ASSERT_EQUAL(v.checks[0].value, 0);
	teardown();
}

/* "[N]": a guest's smaller size-guarded buffer; its fields cannot be
 * checked, and N must be a size. */
static void test_short_buffer(void)
{
	const struct pvabi_op *op;
	struct pvabi_vec v;
	char err[256] = "";

	CU_ASSERT_EQUAL_FATAL(setup(), 0);
	op = &spec->ops[pvabi_spec_op(spec, "get_info")];
	CU_ASSERT_EQUAL_FATAL(pvabi_vec_resolve_text(spec, op, "out=[12]", "ret=0", 1, NULL, &v, err,
						     sizeof(err)), 0);
	CU_ASSERT_EQUAL(v.args[0].kind, PVABI_VA_SCRATCH);
	CU_ASSERT_EQUAL(v.args[0].nbytes, 12);
	CU_ASSERT_EQUAL(pvabi_vec_resolve_text(spec, op, "out=[12]", "ret=0 out.size=12", 1, NULL,
					       &v, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "short buffer"));
	CU_ASSERT_EQUAL(pvabi_vec_resolve_text(spec, op, "out=[0]", "ret=0", 1, NULL, &v, err,
					       sizeof(err)), -1);
	CU_ASSERT_EQUAL(pvabi_vec_resolve_text(spec, op, "out=[12", "ret=0", 1, NULL, &v, err,
					       sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "not a buffer size"));
	teardown();
}

const struct pvabi_test_case vector_value_cases[] = {
	{ "grant_values", test_grant_values },
	{ "grant_refused", test_grant_refused },
	{ "var_value", test_var_value },
	{ "short_buffer", test_short_buffer },
	{ NULL, NULL },
};
