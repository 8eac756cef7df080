/* Spec loader: the op that ends a run (ends-run=, docs/spec-language.md
 * "The op that ends a run"). The argument it names is the enum of the
 * reasons a guest stops for; the conformance runner has each fresh image
 * end its run by calling the op with one of them and compares what the
 * platform recorded (conformance/runend.c). Format 2 marks the command a
 * guest stops with (Xen's SCHEDOP_shutdown). Conformance data, not in the
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
		LERR(L, n, "FORMAT_FEATURE", "op %s: ends-run= is read on a <command> in format "
		     "%u specs, not on an op", op->name, L->s->format);
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

/* Why command k of op cannot end a run with the reason at *how
 * (PVABI_ENDS_*), or NULL. */
static const char *cmd_broken(const struct loader *L, const struct pvabi_op *op,
			      const struct pvabi_cmd *k, const char *a, int *how)
{
	const struct pvabi_struct *st;
	int f;

	if (!k->has_data)
		return "names a reason, but the command passes no data to carry it";
	if (k->dir == PVABI_BY_VALUE && k->data.kind != PVABI_T_STRUCT) {
		if (strcmp(a, op->args[op->data_arg].name))
			return "names no data: a scalar passed by value is named by the op's "
			       "data argument";
		if (k->data.kind != PVABI_T_ENUM)
			return "is not an enum: its values are the reasons a run ends with";
		*how = PVABI_ENDS_DATA;
		return NULL;
	}
	if (k->data.kind != PVABI_T_STRUCT || k->data_tdef >= 0)
		return "names a field, but the command's data is no struct";
	st = &L->s->structs[k->data.index];
	if ((f = pvabi_struct_field(st, a)) < 0)
		return "names no field of the command's data struct";
	if (st->fields[f].type.kind != PVABI_T_ENUM || st->fields[f].count != 1)
		return "names a field that is not an enum: its values are the reasons a run "
		       "ends with";
	if (k->dir != PVABI_PTR_IN)
		return "names a field of data the command does not take in (pass=\"in\")";
	if (st->nfields != 1)
		return "names one field of a struct with others: the image fills the reason "
		       "alone";
	*how = PVABI_ENDS_FIELD + f;
	return NULL;
}

/* Format 2: the command a guest stops with, naming the data argument (a
 * reason passed by value) or the field of its data struct that carries
 * the reason. */
void load_ends_run_cmd(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		       struct pvabi_cmd *k)
{
	const char *a = attr_view(L, c, "ends-run"), *why;
	int how = 0;

	if (!a || L->failed)
		return;
	if (op->feature != PVABI_NONE)
		why = "is on an op gated by a feature: a platform that does not grant it "
		      "refuses every end";
	else
		why = cmd_broken(L, op, k, a, &how);
	if (why) {
		LERR(L, c, "RUN_END_INVALID", "op %s: command %s: ends-run '%s' %s", op->name,
		     k->name, a, why);
		return;
	}
	k->ends_run = how;
}

/* Format 2: in each revision one marked command, not deprecated there,
 * ends a run (a deprecated one stays the end of the revisions before its
 * replacement: Xen's sched_op_compat until sched_op). Reported at the
 * second, naming the first. */
static void cmds_check(struct loader *L)
{
	const struct pvabi_spec *s = L->s;
	const struct pvabi_cmd *first, *k;
	size_t r, i, j;

	for (r = 0; r < s->nrevs; r++) {
		first = NULL;
		for (i = 0; i < s->nops; i++)
			for (j = 0; j < s->ops[i].ncmds; j++) {
				k = &s->ops[i].cmds[j];
				if (!k->ends_run || !pvabi_life_has(&k->life, (int)r) ||
				    pvabi_life_deprecated(&k->life, (int)r) ||
				    pvabi_life_deprecated(&s->ops[i].life, (int)r))
					continue;
				if (!first) {
					first = k;
					continue;
				}
				pvabi_diag_add(L->d, "RUN_END_INVALID", L->file, k->loc.line,
					       "command %s: ends-run, but command %s (line %d) ends "
					       "the run of revision %s already: one command ends a "
					       "run", k->name, first->name, first->loc.line,
					       s->revs[r].id);
				L->failed = 1;
				return;
			}
	}
}

/* After every op is loaded: one op ends a run, or none. */
void load_ends_run_check(struct loader *L)
{
	const struct pvabi_spec *s = L->s;
	size_t i, first = s->nops;

	if (s->format >= 2) {
		cmds_check(L);
		return;
	}
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
