/* Which vectors are made again from vCPU 1, and which of their
 * arguments the copy relabels (abi/caller.h). */
#include "abi/caller.h"
#include "abi/limit.h"
#include "abi/vector.h"

#include <stdio.h>
#include <string.h>

int pvabi_arg_names_vcpu(const struct pvabi_spec *s, const struct pvabi_arg *a)
{
	const struct pvabi_limit *l = pvabi_arg_limit(s, a);

	if (a->dir != PVABI_BY_VALUE)
		return 0;
	if (!l && a->handler_limit > 0 && (size_t)a->handler_limit <= s->nlimits)
		l = &s->limits[a->handler_limit - 1];
	return l && l->counts_vcpus;
}

/* The value v gives argument i by value, or -1 when it gives none. */
static int given(const struct pvabi_vec *v, size_t i, uint64_t *value)
{
	size_t k;

	for (k = 0; k < v->nargs; k++)
		if (v->args[k].arg == (int)i && v->args[k].kind == PVABI_VA_VALUE) {
			*value = v->args[k].value;
			return 0;
		}
	return -1;
}

static int selects(const struct pvabi_spec *s, const struct pvabi_op *op,
		   const struct pvabi_by_caller *b, const struct pvabi_vec *v, int rev, char *err,
		   size_t errlen)
{
	struct pvabi_vec_arg when[PVABI_MAX_ARGS];
	int have[PVABI_MAX_ARGS];
	uint64_t x;
	size_t i;

	if (!b->when)
		return 1; /* every vector */
	memset(when, 0, sizeof(when));
	memset(have, 0, sizeof(have));
	if (pvabi_vec_parse_some(s, op, b->when, rev, when, have, err, errlen))
		return -1;
	for (i = 0; i < PVABI_MAX_ARGS; i++) {
		if (!have[i])
			continue;
		if (when[i].kind != PVABI_VA_VALUE) {
			snprintf(err, errlen, "when= names '%s', which is not passed by value",
				 op->args[i].name);
			return -1;
		}
		if (given(v, i, &x) || x != when[i].value)
			return 0;
	}
	return 1;
}

int pvabi_by_caller_selects(const struct pvabi_spec *s, const struct pvabi_op *op,
			    const struct pvabi_by_caller *b, const struct pvabi_vector *v, int rev,
			    char *err, size_t errlen)
{
	struct pvabi_vec r;

	if (pvabi_vec_resolve(s, op, v, rev, &r, err, errlen))
		return 0; /* the vector's own rules judge it */
	return selects(s, op, b, &r, rev, err, errlen);
}

int pvabi_caller_copies(const struct pvabi_spec *s, const struct pvabi_op *op,
			const struct pvabi_vector *v, int rev, unsigned int *relabel,
			unsigned int *ones)
{
	struct pvabi_vec r;
	char err[256];
	uint64_t x;
	size_t i;
	int copy = 0;

	*relabel = *ones = 0;
	if (pvabi_vec_resolve(s, op, v, rev, &r, err, sizeof(err)))
		return -1;
	for (i = 0; i < op->nargs && i < 32; i++)
		if (pvabi_life_has(&op->args[i].life, rev) &&
		    pvabi_arg_names_vcpu(s, &op->args[i]) && !given(&r, i, &x) && x <= 1) {
			*relabel |= 1u << i;
			*ones |= (unsigned int)x << i;
			copy = 1;
		}
	for (i = 0; i < op->nby_callers && !copy; i++)
		if (pvabi_life_has(&op->by_callers[i].life, rev))
			copy = selects(s, op, &op->by_callers[i], &r, rev, err, sizeof(err)) == 1;
	return copy;
}
