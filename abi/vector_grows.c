/* <grows>: resolving what a growing output declares, and whether a
 * vector pins it (split from vector.c, which parses the vectors). */
#include "abi/vector.h"

#include <stdio.h>
#include <string.h>

#define FAIL(...)                                                             \
	do {                                                                  \
		snprintf(err, errlen, __VA_ARGS__);                           \
		return -1;                                                    \
	} while (0)

int pvabi_grows_resolve(const struct pvabi_spec *s, const struct pvabi_op *op,
			const struct pvabi_grows *g, int rev, struct pvabi_grows_res *out,
			char *err, size_t errlen)
{
	const struct pvabi_struct *st;
	const char *dot;
	char name[72];
	size_t i;

	memset(out, 0, sizeof(*out));
	if (pvabi_vec_parse_some(s, op, g->when, rev, out->when, out->have, err, errlen))
		return -1;
	out->arg = out->field = -1;
	if (!g->value || !strcmp(g->value, "ret")) {
		if (op->ret_void)
			FAIL("value 'ret': op %s returns no value", op->name);
		return 0;
	}
	dot = strchr(g->value, '.');
	if (!dot || (size_t)(dot - g->value) >= sizeof(name))
		FAIL("value '%s' is not ret or ARG.FIELD", g->value);
	memcpy(name, g->value, (size_t)(dot - g->value));
	name[dot - g->value] = '\0';
	out->arg = pvabi_vec_find_arg(op, rev, name);
	if (out->arg < 0 || op->args[out->arg].dir == PVABI_BY_VALUE ||
	    op->args[out->arg].type.kind != PVABI_T_STRUCT)
		FAIL("'%s' is not a struct argument the platform writes", name);
	st = &s->structs[op->args[out->arg].type.index];
	for (i = 0; i < st->nfields; i++)
		if (pvabi_life_has(&st->fields[i].life, rev) && !strcmp(st->fields[i].name, dot + 1))
			break;
	if (i == st->nfields)
		FAIL("struct %s has no field '%s' in this revision", st->name, dot + 1);
	out->field = (int)i;
	return 0;
}

static int same_arg(const struct pvabi_vec_arg *a, const struct pvabi_vec_arg *b)
{
	if (a->kind != b->kind)
		return 0;
	if (a->kind == PVABI_VA_BYTES)
		return a->nbytes == b->nbytes && !memcmp(a->bytes, b->bytes, a->nbytes);
	if (a->kind == PVABI_VA_SCRATCH)
		return a->nbytes == b->nbytes;
	return a->value == b->value;
}

static int applies(const struct pvabi_vec *v, const struct pvabi_grows_res *g)
{
	size_t i, k;

	for (i = 0; i < PVABI_MAX_ARGS; i++) {
		if (!g->have[i])
			continue;
		for (k = 0; k < v->nargs && v->args[k].arg != (int)i; k++)
			;
		if (k == v->nargs || !same_arg(&v->args[k], &g->when[i]))
			return 0;
	}
	return 1;
}

int pvabi_vec_fixes_growth(const struct pvabi_vec *v, const struct pvabi_grows_res *g)
{
	size_t i;

	if (!applies(v, g))
		return 0;
	if (g->arg < 0)
		return !v->is_error && v->cmp == PVABI_CMP_EQ;
	for (i = 0; i < v->nchecks; i++)
		if (v->checks[i].arg == g->arg && v->checks[i].field == g->field &&
		    v->checks[i].cmp == PVABI_CMP_EQ)
			return 1;
	return 0;
}
