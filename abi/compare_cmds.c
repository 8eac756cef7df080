/* Format 2: the commands of one op between two views, matched by name.
 * A command is an op in all but its number's place: its number, its
 * argument, its result and its handles' directions are permanent. */
#include "abi/compare_internal.h"
#include "abi/finding.h"

#include <stdio.h>
#include <string.h>

static const char *const dirs[] = { "value", "in", "out", "inout" };

static int cmd_named(struct view v, const struct pvabi_op *op, const char *name)
{
	size_t i;

	for (i = 0; i < op->ncmds; i++)
		if (!strcmp(op->cmds[i].name, name) && HAS(v, op->cmds[i].life))
			return (int)i;
	return PVABI_NONE;
}

static const char *data_name(const struct pvabi_spec *s, const struct pvabi_cmd *k,
			     char *buf, size_t n)
{
	if (!k->has_data)
		return "nothing";
	snprintf(buf, n, "%s[%u] pass=%s", tname(&k->data),
		 k->data_tdef >= 0 ? s->typedefs[k->data_tdef].count : 1, dirs[k->dir]);
	return buf;
}

static void cmp_handles(struct view a, const struct pvabi_cmd *x, struct view b,
			const struct pvabi_cmd *y, const char *tgt, struct pvabi_findings *f)
{
	size_t i, j;

	(void)a;
	for (i = 0; i < y->nhandles; i++) {
		const char *fy = y->handles[i].path;

		for (j = 0; j < x->nhandles; j++) {
			const char *fx = x->handles[j].path;

			if (!strcmp(fx, fy) && x->handles[j].dir != y->handles[i].dir)
				finding_add(f, "HANDLE_DIRECTION_CHANGED", PVABI_SEV_BREAKING, &y->loc,
					    REV(b), tgt,
					    "command %s: handle '%s' changed direction from %s to %s",
					    y->name, fy, dirs[x->handles[j].dir], dirs[y->handles[i].dir]);
		}
	}
}

static void cmp_cmd(struct view a, const struct pvabi_cmd *x, struct view b,
		    const struct pvabi_op *ob, const struct pvabi_cmd *y, struct pvabi_findings *f)
{
	struct compare_raises rx = { x->errors, x->raises, x->nerrors, ob->name, x->name, &x->loc };
	struct compare_raises ry = { y->errors, y->raises, y->nerrors, ob->name, y->name, &y->loc };
	char tgt[256], da[160], db[160];

	snprintf(tgt, sizeof(tgt), "op:%s.command:%s", ob->name, y->name);
	if (x->value != y->value)
		finding_add(f, "COMMAND_RENUMBERED", PVABI_SEV_BREAKING, &y->loc, REV(b), tgt,
			    "op %s: command %s renumbered from %lld to %lld", ob->name, y->name,
			    (long long)x->value, (long long)y->value);
	if (strcmp(data_name(a.s, x, da, sizeof(da)), data_name(b.s, y, db, sizeof(db))))
		finding_add(f, "COMMAND_ARG_CHANGED", PVABI_SEV_BREAKING, &y->loc, REV(b), tgt,
			    "op %s: command %s passed %s, now %s", ob->name, y->name, da, db);
	if (x->ret_void != y->ret_void ||
	    (!x->ret_void && strcmp(tname(&x->ret), tname(&y->ret))))
		finding_add(f, "COMMAND_RET_CHANGED", PVABI_SEV_BREAKING, &y->loc, REV(b), tgt,
			    "op %s: command %s changed its result type", ob->name, y->name);
	cmp_handles(a, x, b, y, tgt, f);
	compare_raises(a, &rx, b, &ry, f);
}

static void cmp_op_cmds(struct view a, const struct pvabi_op *oa, struct view b,
			const struct pvabi_op *ob, enum cmp_mode m, struct pvabi_findings *f)
{
	char tgt[256];
	size_t i;
	int j;

	for (i = 0; i < oa->ncmds; i++) {
		const struct pvabi_cmd *x = &oa->cmds[i];

		if (!HAS(a, x->life))
			continue;
		snprintf(tgt, sizeof(tgt), "op:%s.command:%s", ob->name, x->name);
		if ((j = cmd_named(b, ob, x->name)) >= 0)
			cmp_cmd(a, x, b, ob, &ob->cmds[j], f);
		else if (m == CMP_EVOLVE && pvabi_life_deprecated(&x->life, a.rev))
			finding_add(f, "COMMAND_REMOVED", PVABI_SEV_COMPAT, &ob->loc, REV(b), tgt,
				    "op %s: command %s removed after deprecation", ob->name, x->name);
		else
			finding_add(f, "REMOVED_WITHOUT_DEPRECATION", PVABI_SEV_BREAKING, &ob->loc,
				    REV(b), tgt, "op %s: command %s removed without deprecation",
				    ob->name, x->name);
	}
	for (i = 0; i < ob->ncmds; i++)
		if (HAS(b, ob->cmds[i].life) && cmd_named(a, oa, ob->cmds[i].name) < 0) {
			snprintf(tgt, sizeof(tgt), "op:%s.command:%s", ob->name, ob->cmds[i].name);
			finding_add(f, "COMMAND_ADDED", added_sev(m), &ob->cmds[i].loc, REV(b), tgt,
				    "op %s: command %s added", ob->name, ob->cmds[i].name);
		}
}

void compare_cmds(struct view a, struct view b, enum cmp_mode m, struct pvabi_findings *f)
{
	size_t i;

	for (i = 0; i < a.s->nops; i++) {
		const struct pvabi_op *oa = &a.s->ops[i];
		int j = pvabi_spec_op(b.s, oa->name);

		if (HAS(a, oa->life) && j >= 0 && HAS(b, b.s->ops[j].life))
			cmp_op_cmds(a, oa, b, &b.s->ops[j], m, f);
	}
}
