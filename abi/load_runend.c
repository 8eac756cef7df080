/* Spec loader: the op that ends a run (ends-run=, docs/spec-language.md
 * "The op that ends a run"). The argument it names is the enum of the
 * reasons a guest stops for; the conformance runner has each fresh image
 * end its run by calling the op with one of them and compares what the
 * platform recorded (conformance/runend.c). Conformance data, not in the
 * fingerprint: a marking the runner could not honour is refused here. */
#include "abi/load_internal.h"

#include <string.h>

/* Why op cannot end a run with its argument arg, or NULL. */
static const char *ends_run_broken(const struct pvabi_op *op, const struct pvabi_arg *arg)
{
	if (arg->dir != PVABI_BY_VALUE || arg->type.kind != PVABI_T_ENUM)
		return "is not an enum passed by value: its values are the reasons a run ends "
		       "with";
	if (op->nargs != 1)
		return "is not the op's only argument: the image calls the op with the reason "
		       "alone";
	if (op->feature != PVABI_NONE)
		return "belongs to an op gated by a feature: a platform that does not grant it "
		       "refuses every end";
	return NULL;
}

void load_ends_run(struct loader *L, xmlNode *n, struct pvabi_op *op)
{
	const char *a = attr_view(L, n, "ends-run"), *why;
	size_t i;

	if (!a)
		return;
	if (L->s->format >= 2) {
		LERR(L, n, "FORMAT_FEATURE", "op %s: ends-run= is not yet read in format %u specs "
		     "(format 1 only)", op->name, L->s->format);
		return;
	}
	for (i = 0; i < op->nargs && strcmp(op->args[i].name, a); i++)
		;
	if (i == op->nargs) {
		LERR(L, n, "RUN_END_INVALID", "op %s: ends-run names '%s', which is no argument "
		     "of the op", op->name, a);
		return;
	}
	if ((why = ends_run_broken(op, &op->args[i]))) {
		LERR(L, n, "RUN_END_INVALID", "op %s: ends-run argument '%s' %s", op->name, a, why);
		return;
	}
	op->ends_run = (int)i + 1;
}

void load_ends_run_cmd(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		       const struct pvabi_cmd *k)
{
	if (attr_view(L, c, "ends-run"))
		LERR(L, c, "FORMAT_FEATURE", "op %s: command %s: ends-run= is not yet read in "
		     "format %u specs (format 1 only)", op->name, k->name, L->s->format);
}

/* After every op is loaded: one op ends a run, or none. */
void load_ends_run_check(struct loader *L)
{
	const struct pvabi_spec *s = L->s;
	size_t i, first = s->nops;

	for (i = 0; i < s->nops; i++) {
		if (!s->ops[i].ends_run)
			continue;
		if (first == s->nops) {
			first = i;
			continue;
		}
		pvabi_diag_add(L->d, "RUN_END_INVALID", L->file, s->ops[i].loc.line,
			       "op %s: ends-run, but op %s (line %d) ends the run already: one op "
			       "ends a run", s->ops[i].name, s->ops[first].name,
			       s->ops[first].loc.line);
		L->failed = 1;
	}
}
