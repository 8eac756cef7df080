/* A format 2 check whose expected value is more than a constant
 * (abi/vector2.h): a value a scenario bound, an expression of such
 * values, a tolerance or a range, compiled here and judged by the
 * generated code when the step runs (guest/rt/conformance2.h). */
#include "abi/vector2.h"

#include <string.h>

int pvabi_v2_judge(const struct pvabi_spec *s, int rev, const struct pvabi_vars *vars,
		   const char *text, struct pvabi_v2_check *c, char *err, size_t errlen)
{
	struct pvabi_expr_env env = { s, rev, vars, 0 };
	struct pvabi_vec_check k;
	int rc;

	memset(&k, 0, sizeof(k));
	k.cmp = c->cmp;
	rc = pvabi_vec_expr_value(s, rev, text, vars, &k, err, errlen);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		if (text[0] != '$')
			return 1;
		/* a plain $NAME: the one-variable program */
		if (pvabi_expr_compile(&env, text, strlen(text), &k.x, err, errlen))
			return -1;
		k.from = PVABI_FROM_EXPR;
	}
	c->cmp = k.cmp;
	c->value = k.x.value;
	c->x = k.x;
	c->hi = k.hi;
	c->tol = k.tol;
	/* a constant compared plainly needs nothing at run time */
	c->is_expr = k.from != PVABI_FROM_CONST;
	return 0;
}
