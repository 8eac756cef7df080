/* Values against the platform's now (abi/now.h): the kinds' names and
 * the comparison of two modes. */
#include "abi/now.h"
#include "abi/vector.h"

#include <string.h>

static const char *const is_names[] = { "absolute", "relative" };

const char *pvabi_now_is_name(enum pvabi_now_is is)
{
	return (unsigned int)is < 2 ? is_names[is] : "?";
}

int pvabi_now_is_parse(const char *name)
{
	int i;

	for (i = 0; name && i < 2; i++)
		if (!strcmp(name, is_names[i]))
			return i;
	return -1;
}

/* The value mode gives argument i (its default when unset), into *v;
 * 0 when it has none. */
static int mode_value(const struct pvabi_op *op, const struct pvabi_vec_arg *given,
		      const int *have, size_t i, uint64_t *v)
{
	if (have[i] && given[i].kind == PVABI_VA_VALUE) {
		*v = given[i].value;
		return 1;
	}
	if (!have[i] && op->args[i].has_default) {
		*v = (uint64_t)op->args[i].default_value;
		return 1;
	}
	return 0;
}

int pvabi_now_same_mode(const struct pvabi_spec *s, const struct pvabi_op *op, const char *a,
			const char *b, int rev)
{
	struct pvabi_vec_arg ga[PVABI_MAX_ARGS], gb[PVABI_MAX_ARGS];
	int ha[PVABI_MAX_ARGS] = { 0 }, hb[PVABI_MAX_ARGS] = { 0 };
	char err[256];
	uint64_t va = 0, vb = 0;
	size_t i;
	int ka, kb;

	if (op->nargs > PVABI_MAX_ARGS)
		return 0;
	memset(ga, 0, sizeof(ga));
	memset(gb, 0, sizeof(gb));
	if ((a && pvabi_vec_parse_some(s, op, a, rev, ga, ha, err, sizeof(err))) ||
	    (b && pvabi_vec_parse_some(s, op, b, rev, gb, hb, err, sizeof(err))))
		return 0;
	for (i = 0; i < op->nargs; i++) {
		ka = mode_value(op, ga, ha, i, &va);
		kb = mode_value(op, gb, hb, i, &vb);
		if (ka != kb || (ka && va != vb))
			return 0;
	}
	return 1;
}
