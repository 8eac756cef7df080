/* Expressions (abi/expr.c, abi/vector_expr.c, guest/rt/expr.h): C's
 * precedence, the evaluator's arithmetic at its edges, folding, the
 * check forms (tolerance, range, at most) and what is refused. */
#include "abi/expr.h"
#include "abi/load.h"
#include "abi/tests/spec_tests.h"
#include "abi/scenario.h"
#include "abi/vector.h"
#include "emit/emit_ctable.h"

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

/* Compiles text with two variables a, b and runs it with a=va, b=vb. */
static int run(const char *text, uint64_t va, uint64_t vb, int64_t *out)
{
	struct pvabi_vars vars = { { "a", "b=out.flags" }, 2, 0, 0, 0 };
	struct pvabi_expr_env env = { spec, 1, &vars, 1 };
	uint64_t v[8] = { va, vb };
	struct pvabi_expr x;
	char err[256];

	if (pvabi_expr_compile(&env, text, strlen(text), &x, err, sizeof(err)))
		return -2;
	return pvabi_cexpr_eval(x.code, v, 0x6, out);
}

static void test_arithmetic(void)
{
	static const struct {
		const char *text;
		uint64_t a, b;
		int64_t want;
	} cases[] = {
		{ "1+2*3", 0, 0, 7 },
		{ "(1+2)*3", 0, 0, 9 },
		{ "$a|1", 0x1000, 0, 0x1001 },
		{ "1<<32-$a", 2, 0, INT64_C(1) << 30 },     /* shifts bind looser than - */
		{ "$a&0xff^1|2", 0x1f0, 0, ((0x1f0 & 0xff) ^ 1) | 2 },
		{ "$a<<$b", 0x80000000u, (uint64_t)-1, 0x40000000 }, /* a negative count shifts right */
		{ "$a>>$b", 4, (uint64_t)-2, 16 },
		{ "$a>>1", (uint64_t)-2, 0, INT64_MAX },    /* >> fills with zeros */
		{ "1<<64", 0, 0, 0 },
		{ "-7/2", 0, 0, -3 },                      /* truncates, as C */
		{ "-7%2", 0, 0, -1 },
		{ "$a/$b", (uint64_t)INT64_MIN, (uint64_t)-1, INT64_MIN }, /* wraps, no trap */
		{ "~0", 0, 0, -1 },
		{ "(1000000<<32)/($a<<$b)", 0x80000000u, 1, 1000000 },
		{ "revision", 0, 0, 0x00010001 },
		{ "granted", 0, 0, 6 },
		{ "granted.faster+granted.fast", 0, 0, 1 },
		{ "$b-$a", 3, 10, 7 },
	};
	size_t i;
	int64_t got;

	CU_ASSERT_EQUAL_FATAL(setup(), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = 0;
		CU_ASSERT_EQUAL(run(cases[i].text, cases[i].a, cases[i].b, &got), 0);
		if (got != cases[i].want)
			printf("\n  %s: %lld, want %lld\n", cases[i].text, (long long)got,
			       (long long)cases[i].want);
		CU_ASSERT_EQUAL(got, cases[i].want);
	}
	/* a division by zero fails the evaluation, at run time */
	CU_ASSERT_EQUAL(run("1/$a", 0, 0, &got), -1);
	CU_ASSERT_EQUAL(run("1%$a", 0, 0, &got), -1);
	teardown();
}

/* Each refusal names the offending part. */
static void test_refused(void)
{
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "1+", "a value expected" },
		{ "(1+2", "')' expected" },
		{ "1+2)", "is no operator" },
		{ "$c+1", "$c is not bound" },
		{ "$+1", "without a variable name" },
		{ "1&&2", "bitwise & and | only" },
		{ "1||2", "bitwise & and | only" },
		{ "x+1", "'x' is not a number" },
		{ "0x+1", "malformed number" },
		{ "99999999999999999999+1", "beyond 64 bits" },
		{ "1/0", "division by zero" },
		{ "granted.nosuch|1", "no feature nosuch in this spec" },
		{ "1+((((((((((((((((((1))))))))))))))))))", "nested deeper" },
		{ "1+1+1+1+1+1+1+1+1+1+1+1+1+1", "more than 23 operations" },
		{ "1+(2*(3+(4*(5+(6*(7+(8*(9+1))))))))", "deeper than 8 values" },
	};
	struct pvabi_vars vars = { { "a" }, 1, 0, 0, 0 };
	struct pvabi_expr_env env = { NULL, 1, &vars, 1 };
	struct pvabi_expr x;
	char err[256];
	size_t i;

	CU_ASSERT_EQUAL_FATAL(setup(), 0);
	env.s = spec;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		CU_ASSERT_EQUAL(pvabi_expr_compile(&env, bad[i].text, strlen(bad[i].text), &x, err,
						   sizeof(err)), -1);
		if (!strstr(err, bad[i].why))
			printf("\n  %s: '%s' lacks '%s'\n", bad[i].text, err, bad[i].why);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, bad[i].why));
		CU_ASSERT_TRUE(pvabi_vec_err_is_expr(err));
	}
	/* no grant where none is negotiated (a format 2 ABI, an argument) */
	env.grant = 0;
	CU_ASSERT_EQUAL(pvabi_expr_compile(&env, "granted|1", 9, &x, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(pvabi_expr_is("-5"), 0);
	CU_ASSERT_EQUAL(pvabi_expr_is("$a"), 0);
	CU_ASSERT_EQUAL(pvabi_expr_is("granted>>32"), 0);
	CU_ASSERT_EQUAL(pvabi_expr_is("granted>>$a"), 1);
	CU_ASSERT_EQUAL(pvabi_expr_is("-$a"), 1);
	teardown();
}

static int resolve(const char *args, const char *expect, const struct pvabi_vars *vars,
		   const char *op, struct pvabi_vec *v, char *err, size_t errlen)
{
	const struct pvabi_op *o = &spec->ops[pvabi_spec_op(spec, op)];

	return pvabi_vec_resolve_text(spec, o, args, expect, 1, vars, v, err, errlen);
}

/* Checks: "=E", "<=E", "=E~N%", "=E~N", "=E..E"; a constant stays one. */
static void test_check_forms(void)
{
	struct pvabi_vars vars = { { "a", "b" }, 2, 0, 0, 0 };
	struct pvabi_vec v;
	char err[256] = "";

	CU_ASSERT_EQUAL_FATAL(setup(), 0);
	CU_ASSERT_EQUAL_FATAL(resolve("", "ret=0 out.flags=$a*2 out.stamp<=$b+1 out.size=1<<4 "
				      "out.size=$a~2% out.flags=(1000/$b)~10 out.stamp=$a..$b",
				      &vars, "get_info", &v, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(v.nchecks, 6);
	CU_ASSERT_EQUAL(v.checks[0].from, PVABI_FROM_EXPR);
	CU_ASSERT_EQUAL(v.checks[0].cmp, PVABI_CMP_EQ);
	CU_ASSERT_EQUAL(v.checks[1].cmp, PVABI_CMP_LE);
	CU_ASSERT_EQUAL(v.checks[2].from, PVABI_FROM_CONST);
	CU_ASSERT_EQUAL(v.checks[2].value, 16);
	CU_ASSERT_EQUAL(v.checks[3].cmp, PVABI_CMP_NEAR_PCT);
	CU_ASSERT_EQUAL(v.checks[3].tol, 2);
	CU_ASSERT_EQUAL(v.checks[4].cmp, PVABI_CMP_NEAR_ABS);
	CU_ASSERT_EQUAL(v.checks[4].tol, 10);
	CU_ASSERT_EQUAL(v.checks[5].cmp, PVABI_CMP_RANGE);
	CU_ASSERT_TRUE(v.checks[5].hi.runtime);
	/* a range of constants, on an unsigned field: ordered unsigned, so
	 * a bound written negative is refused (it would read as 2^64 minus
	 * it), and a top of 2^64 - 1 is no empty range */
	CU_ASSERT_EQUAL(resolve("", "ret=0 out.flags=1..31", NULL, "get_info", &v, err,
				sizeof(err)), 0);
	CU_ASSERT_EQUAL(resolve("", "ret=0 out.flags=31..1", NULL, "get_info", &v, err,
				sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "range is empty"));
	CU_ASSERT_EQUAL(resolve("", "ret=0 out.flags=-31..31", NULL, "get_info", &v, err,
				sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "negative bound"));
	CU_ASSERT_EQUAL(resolve("", "ret=0 out.stamp=1..0xffffffffffffffff", NULL, "get_info", &v,
				err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(resolve("", "ret=0 out.stamp>=-1", NULL, "get_info", &v, err,
				sizeof(err)), -1);
	CU_ASSERT_EQUAL(resolve("", "ret=0 out.stamp=-1", NULL, "get_info", &v, err,
				sizeof(err)), 0);
	CU_ASSERT_EQUAL(resolve("", "ret=0 out.flags>=$a~2%", &vars, "get_info", &v, err,
				sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "follows '=' only"));
	CU_ASSERT_EQUAL(resolve("", "ret=0 out.flags=$a~0%", &vars, "get_info", &v, err,
				sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "percentage"));
	teardown();
}

/* Arguments: an expression of variables runs in the guest; one without
 * is folded into a constant. */
static void test_args(void)
{
	struct pvabi_vars vars = { { "a" }, 1, 0, 0, 0 };
	struct pvabi_vec v;
	char err[256] = "";

	CU_ASSERT_EQUAL_FATAL(setup(), 0);
	CU_ASSERT_EQUAL_FATAL(resolve("deadline=$a+1000", "ret=0", &vars, "set_timer", &v, err,
				      sizeof(err)), 0);
	CU_ASSERT_EQUAL(v.args[0].kind, PVABI_VA_EXPR);
	CU_ASSERT_EQUAL_FATAL(resolve("deadline=1<<40", "ret=0", &vars, "set_timer", &v, err,
				      sizeof(err)), 0);
	CU_ASSERT_EQUAL(v.args[0].kind, PVABI_VA_VALUE);
	CU_ASSERT_EQUAL(v.args[0].value, UINT64_C(1) << 40);
	CU_ASSERT_EQUAL(resolve("deadline=granted|1", "ret=0", &vars, "set_timer", &v, err,
				sizeof(err)), -1);
	teardown();
}

/* Resolves a <check value= expect=> step over vars: 0 or -1, as the
 * loader answers; a refusal must say why in err. */
static int resolve_check(struct pvabi_vars *vars, const char *value, const char *expect,
			 struct pvabi_rstep *rs)
{
	struct pvabi_step st;
	char err[256] = "";
	int rc;

	memset(&st, 0, sizeof(st));
	st.kind = PVABI_STEP_CHECK;
	st.op = st.cmd = PVABI_NONE;
	st.args = value;
	st.expect = expect;
	rc = pvabi_step_resolve(spec, &st, 1, vars, rs, err, sizeof(err));
	if (rc)
		CU_ASSERT_NOT_EQUAL(err[0], '\0');
	return rc;
}

/* <check value= expect=>: an expression of the variables, judged; a
 * judgement of constants alone is refused, as is a bad comparison. */
static void test_check_step(void)
{
	static const struct {
		const char *value, *expect;
		enum pvabi_vec_cmp cmp;
		int ok;
	} cases[] = {
		{ "$b-$a", "<=($a+1)*2~5%", PVABI_CMP_LE, 0 }, /* a tolerance follows = only */
		{ "$b-$a", "<=$a*2", PVABI_CMP_LE, 1 },
		{ "$b-$a", ">=1", PVABI_CMP_GE, 1 },
		{ "$b-$a", "=$a~1%", PVABI_CMP_NEAR_PCT, 1 },
		{ "$b", "=1..$a", PVABI_CMP_RANGE, 1 },
		{ "3", "=3", 0, 0 },                    /* judges nothing the platform did */
		{ "$b", "~3", 0, 0 },
		{ "$b+", "=1", 0, 0 },
	};
	struct pvabi_vars vars = { { "a", "b" }, 2, 0, 0, 0 };
	struct pvabi_rstep rs;
	size_t i;

	CU_ASSERT_EQUAL_FATAL(setup(), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_EQUAL(resolve_check(&vars, cases[i].value, cases[i].expect, &rs),
				cases[i].ok ? 0 : -1);
		if (cases[i].ok) {
			CU_ASSERT_EQUAL(rs.v.nchecks, 1);
			CU_ASSERT_EQUAL(rs.v.checks[0].cmp, cases[i].cmp);
			CU_ASSERT_TRUE(rs.x.runtime);
		}
	}
	teardown();
}

/* The derived scenario of "a refused call has no effect": after the
 * first successful call of each op that changes state, every vector of
 * that op expecting an error; nothing after an observer. */
static void test_refusals_derived(void)
{
	struct pvabi_spec *p;
	struct pvabi_diags d = { 0 };
	struct emit_dscen ds;
	char path[4096];
	size_t i, k, injected = 0, refusing = 0, all = 0;
	int sc, timer;

	snprintf(path, sizeof(path), "%s/spec/platform.xml", pvabi_test_srcdir());
	p = pvabi_spec_load(path, &d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	timer = pvabi_spec_op(p, "set_timer");
	for (i = 0; i < p->ops[timer].nvectors; i++)
		refusing += !strncmp(p->ops[timer].vectors[i].expect, "error=", 6);
	for (sc = 0; sc < (int)p->nscenarios && strcmp(p->scenarios[sc].name, "timer_relative_upcall");
	     sc++)
		;
	CU_ASSERT_FATAL(sc < (int)p->nscenarios);
	CU_ASSERT_EQUAL_FATAL(emit_refuse_derive(p, &p->scenarios[sc], &ds), 1);
	CU_ASSERT_STRING_EQUAL(ds.sc.name, "timer_relative_upcall");
	for (k = 0; k < ds.sc.nsteps; k++) {
		if (!ds.from[k])
			continue;
		all++;
		CU_ASSERT_PTR_NOT_NULL(strstr(ds.steps[k].expect, "error="));
		if (ds.steps[k].op != timer)
			continue;
		/* right after the arming set_timer, the scenario's third call */
		injected++;
		CU_ASSERT_TRUE(ds.from[k - 1] || ds.steps[k - 1].op == timer);
	}
	CU_ASSERT_EQUAL(injected, refusing);
	CU_ASSERT_EQUAL(ds.sc.nsteps, p->scenarios[sc].nsteps + all);
	emit_refuse_free(&ds);
	/* only observers (get_time_info writes its answer): nothing derived */
	for (sc = 0; sc < (int)p->nscenarios && strcmp(p->scenarios[sc].name,
						      "time_info_scaling_agrees"); sc++)
		;
	CU_ASSERT_FATAL(sc < (int)p->nscenarios);
	CU_ASSERT_EQUAL(emit_refuse_derive(p, &p->scenarios[sc], &ds), 0);
	pvabi_spec_free(p);
	pvabi_diag_free(&d);
}

/* An expression's type (docs/spec-language.md, "Signed and unsigned"):
 * unsigned when it reads a u64 variable, a page's address or the grant,
 * else signed; a check of an unsigned value refuses a bound written
 * negative, and a range of constants is empty or not in its type. */
static void test_signedness(void)
{
	static const struct {
		const char *value, *expect;
		int is_unsigned, ok;
	} cases[] = {
		{ "$s+1", ">=0", 0, 1 },
		{ "$s-$w", ">=0", 1, 1 },        /* C's usual conversions: unsigned */
		{ "$w&0xff", "=1", 1, 1 },
		{ "$s|granted", "=1", 1, 1 },
		{ "$s", ">=-5", 0, 1 },
		{ "$w", ">=-1", 1, 0 },          /* -1 would be read as 2^64 - 1 */
		{ "$w", "<=-(1<<63)", 1, 0 },
		{ "$w", "=1..-1", 1, 0 },
		{ "$w", "=1..0xffffffffffffffff", 1, 1 }, /* not empty unsigned */
		{ "$s", "=1..0xffffffffffffffff", 0, 0 }, /* empty signed: 1..-1 */
		{ "$w", "=-1", 1, 1 },           /* = cuts: no ordering taken */
	};
	struct pvabi_vars vars = { { "s", "w" }, 2, 0, 0, 2 };
	struct pvabi_rstep rs;
	size_t i;

	CU_ASSERT_EQUAL_FATAL(setup(), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_EQUAL(resolve_check(&vars, cases[i].value, cases[i].expect, &rs),
				cases[i].ok ? 0 : -1);
		if (cases[i].ok)
			CU_ASSERT_EQUAL(rs.x.is_unsigned, cases[i].is_unsigned);
	}
	teardown();
}

const struct pvabi_test_case expr_cases[] = {
	{ "signedness", test_signedness },
	{ "check_step", test_check_step },
	{ "refusals_derived", test_refusals_derived },
	{ "arithmetic", test_arithmetic },
	{ "refused", test_refused },
	{ "check_forms", test_check_forms },
	{ "args", test_args },
	{ NULL, NULL },
};
