/* The run's end in a format 2 suite (docs/spec-language.md, "The op that
 * ends a run"): the command the spec marks ends-run= in this revision,
 * called with the reason the runner chose, through the revision's typed
 * stub, the reason in the data itself (a scalar by value) or in the one
 * field of its data struct. */
#include "emit/emit_conf2.h"
#include "emit/emit_guest2.h"
#include "abi/runend.h"

int c2_runend(FILE *f, const struct c2 *c)
{
	const struct pvabi_spec *s = c->g->spec;
	const struct pvabi_op *op;
	const struct pvabi_cmd *k;
	const struct pvabi_field *x;
	char ct[128], st[128];
	int o, i;

	if (pvabi_runend_cmd(s, c->g->rev, &o, &i))
		return 0;
	op = &s->ops[o];
	k = &op->cmds[i];
	fprintf(f, "/* The run's end: %s's command %s (ends-run=), with the reason asked. */\n"
		   "static long c2_runend(uint64_t reason)\n{\n", op->name, k->name);
	if (k->ends_run == PVABI_ENDS_DATA) {
		fprintf(f, "\treturn %s_%s_%s((%s)reason);\n}\n\n", c->n->lo, op->name, k->name,
			guest2_ctype(c->g, c->n, &k->data, ct, sizeof(ct)));
		return 1;
	}
	x = &s->structs[k->data.index].fields[k->ends_run - PVABI_ENDS_FIELD];
	fprintf(f, "\t%s d;\n\n\td.%s = (%s)reason;\n\treturn %s_%s_%s(&d);\n}\n\n",
		guest2_ctype(c->g, c->n, &k->data, st, sizeof(st)), pvabi_field_name(x, c->g->rev),
		guest2_ctype(c->g, c->n, &x->type, ct, sizeof(ct)), c->n->lo, op->name, k->name);
	return 1;
}
