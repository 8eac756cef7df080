/* Check values that only the running guest knows. An output that reports
 * the grant (a CPUID leaf, a flags bit) is right only for the features
 * this guest was granted, which the feature axis varies from cell to
 * cell: a constant would be right in one sub-cell and wrong in the next,
 * so the value names the grant and the guest resolves it after it
 * negotiated. A scenario compares what it reads with what an earlier
 * step bound: a refused write leaves the register as it was read, and
 * a counter read again has not gone back (">=$NAME"). */
#include "abi/vector.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAIL(...)                                                             \
	do {                                                                  \
		snprintf(err, errlen, __VA_ARGS__);                           \
		return -1;                                                    \
	} while (0)

/* "$NAME": a variable an earlier step bound. */
static int var_value(const struct pvabi_vars *vars, const char *text,
		     struct pvabi_vec_check *c, char *err, size_t errlen)
{
	size_t i, n = strlen(text + 1);

	/* a name is kept as its bind= text: up to '=', if any */
	for (i = 0; vars && i < vars->n; i++)
		if (strcspn(vars->name[i], "=") == n && !strncmp(vars->name[i], text + 1, n)) {
			c->from = PVABI_FROM_VAR;
			c->value = (int64_t)i;
			return 0;
		}
	FAIL("variable %s is not bound by an earlier step", text);
}

/* "granted.FEATURE": 1 when the guest was granted FEATURE, else 0. */
static int feature_value(const struct pvabi_spec *s, int rev, const char *name,
			 struct pvabi_vec_check *c, char *err, size_t errlen)
{
	int f = pvabi_spec_feature(s, name);

	if (f < 0)
		FAIL("'granted.%s': no feature %s in this spec", name, name);
	if (!pvabi_life_has(&s->features[f].life, rev))
		FAIL("'granted.%s': no feature %s in revision %s (defined from %s)", name, name,
		     s->revs[rev].id, s->revs[s->features[f].life.since].id);
	c->from = PVABI_FROM_FEATURE;
	c->value = (int64_t)s->features[f].bit;
	return 0;
}

/* "granted" or "granted>>S": the grant from bit S up, truncated to the
 * width of what is checked (a register of 32 bits holds bits S..S+31). */
static int grant_value(const char *rest, struct pvabi_vec_check *c, char *err, size_t errlen)
{
	unsigned long shift = 0;
	char *end = NULL;

	if (*rest) {
		errno = 0;
		if (strncmp(rest, ">>", 2) || !(rest[2] >= '0' && rest[2] <= '9'))
			FAIL("'granted%s' is not granted, granted>>S or granted.FEATURE", rest);
		shift = strtoul(rest + 2, &end, 10);
		if (errno || *end || shift > 63)
			FAIL("'granted%s': the shift must be 0 to 63", rest);
	}
	c->from = PVABI_FROM_GRANT;
	c->value = (int64_t)shift;
	return 0;
}

int pvabi_vec_runtime_value(const struct pvabi_spec *s, int rev, const char *text,
			    const struct pvabi_vars *vars, struct pvabi_vec_check *c, char *err,
			    size_t errlen)
{
	int is_grant = !strncmp(text, "granted", 7);
	int rc = pvabi_vec_expr_value(s, rev, text, vars, c, err, errlen);

	if (rc <= 0)
		return rc;
	if (text[0] != '$' && !is_grant)
		return 1;
	/* ">=$t0": a counter read again has not gone back */
	if (text[0] == '$')
		return var_value(vars, text, c, err, errlen);
	/* a bound from below of a grant would say nothing a guest can use */
	if (c->cmp != PVABI_CMP_EQ)
		FAIL("'%s' can only be compared with =", text);
	if (text[7] == '.')
		return feature_value(s, rev, text + 8, c, err, errlen);
	return grant_value(text + 7, c, err, errlen);
}
