/* The description generation a spec has reached: the highest described=
 * of the items a fingerprint covers (spec-language.md, "Description
 * generations"). */
#include "abi/canon.h"
#include "abi/model.h"

static int top(int g, const struct pvabi_life *l)
{
	return l->described > g ? l->described : g;
}

static int types_generation(const struct pvabi_spec *s, int g)
{
	size_t i, j;

	for (i = 0; i < s->nerrors; i++)
		g = top(g, &s->errors[i].life);
	for (i = 0; i < s->nfeatures; i++)
		g = top(g, &s->features[i].life);
	for (i = 0; i < s->nenums; i++) {
		g = top(g, &s->enums[i].life);
		for (j = 0; j < s->enums[i].nvalues; j++)
			g = top(g, &s->enums[i].values[j].life);
	}
	for (i = 0; i < s->nstructs; i++) {
		g = top(g, &s->structs[i].life);
		for (j = 0; j < s->structs[i].nfields; j++)
			g = top(g, &s->structs[i].fields[j].life);
	}
	return g;
}

int pvabi_spec_generation(const struct pvabi_spec *s)
{
	int g = types_generation(s, 1);
	size_t i, j;

	for (i = 0; i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];

		g = top(g, &op->life);
		for (j = 0; j < op->nargs; j++)
			g = top(g, &op->args[j].life);
		for (j = 0; j < op->ncmds; j++)
			g = top(g, &op->cmds[j].life);
	}
	return g;
}
