/* <check value="E" expect="=E"/>: a scenario step that calls nothing
 * and judges an expression of the variables bound so far, where the
 * value to judge is no single output (docs/spec-language.md,
 * Expressions): a TSC interval against the get_time interval around it,
 * the difference of two counters. With tied= instead of expect=, the
 * value is judged in the image against a reference the harness hands it
 * (a wall-clock time): no comparison is compiled here. */
#include "abi/scenario.h"

#include <stdio.h>
#include <string.h>

#define FAIL(...)                                                             \
	do {                                                                  \
		snprintf(err, errlen, __VA_ARGS__);                           \
		return -1;                                                    \
	} while (0)

int pvabi_step_check_resolve(const struct pvabi_spec *s, const struct pvabi_step *step,
			     int rev, const struct pvabi_vars *vars, struct pvabi_rstep *out,
			     char *err, size_t errlen)
{
	struct pvabi_expr_env env = { s, rev, vars, s->format < 2 };
	struct pvabi_vec_check *c = &out->v.checks[0];
	const char *value = step->args ? step->args : "", *e = step->expect ? step->expect : "";
	int rc;

	/* judged by checks[0] alone, all of it set here: a tied check's
	 * leaves it empty, and the coverage pass reads its expressions */
	memset(c, 0, sizeof(*c));
	out->v.nchecks = 0;
	if (pvabi_expr_compile(&env, value, strlen(value), &out->x, err, errlen))
		return -1;
	if (step->tied) { /* the harness's reference judges it, at run time */
		if (!out->x.runtime)
			FAIL("<check tied=>: value \"%s\" is a constant: nothing the platform did "
			     "is judged", value);
		return 0;
	}
	if (!step->expect)
		FAIL("<check>: needs expect= (or tied= and within-ns=)");
	if (!strncmp(e, ">=", 2) || !strncmp(e, "<=", 2))
		c->cmp = e[0] == '>' ? PVABI_CMP_GE : PVABI_CMP_LE;
	else if (e[0] == '=')
		c->cmp = PVABI_CMP_EQ;
	else
		FAIL("<check>: expect=\"%s\" is not =E, >=E, <=E, =E~N%%, =E~N or =L..H", e);
	e += c->cmp == PVABI_CMP_EQ ? 1 : 2;
	rc = pvabi_vec_expr_value(s, rev, e, vars, c, err, errlen);
	if (rc < 0)
		return -1;
	if (rc > 0) { /* a plain number or $NAME: an expression all the same */
		if (pvabi_expr_compile(&env, e, strlen(e), &c->x, err, errlen))
			return -1;
		c->from = c->x.runtime ? PVABI_FROM_EXPR : PVABI_FROM_CONST;
		c->value = c->x.value;
	}
	if (!out->x.runtime && c->from == PVABI_FROM_CONST && c->cmp != PVABI_CMP_RANGE)
		FAIL("<check>: value and expect are both constants: nothing the platform did is judged");
	if (pvabi_vec_check_sign(e, c, !out->x.is_unsigned, err, errlen))
		return -1;
	c->arg = c->field = PVABI_NONE;
	out->v.nchecks = 1;
	return 0;
}
