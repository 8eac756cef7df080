/* Ops between two revision views: ids, signatures, argument slots,
 * feature gates, conventions, frozen ops, additions and removals. */
#include "abi/compare_internal.h"
#include "abi/finding.h"

#include <stdio.h>
#include <string.h>

/* --- ops ------------------------------------------------------------- */

/* Index of the k-th present arg (its position in the frame) or -1. */
static int arg_pos(struct view v, const struct pvabi_op *op, const char *name)
{
	size_t i;
	int pos = 0;

	for (i = 0; i < op->nargs; i++) {
		if (!HAS(v, op->args[i].life))
			continue;
		if (!strcmp(op->args[i].name, name))
			return pos;
		pos++;
	}
	return -1;
}

static const struct pvabi_arg *find_arg(struct view v, const struct pvabi_op *op,
				       const char *name)
{
	size_t i;

	for (i = 0; i < op->nargs; i++)
		if (HAS(v, op->args[i].life) && !strcmp(op->args[i].name, name))
			return &op->args[i];
	return NULL;
}

/* Where to report a member that is gone: the element that removed it
 * when the new side still describes it (removed="R"), else its parent. */
static const struct pvabi_loc *arg_loc(const struct pvabi_op *op, const char *name)
{
	size_t i;

	for (i = 0; i < op->nargs; i++)
		if (!strcmp(op->args[i].name, name))
			return &op->args[i].loc;
	return &op->loc;
}

static int arg_count(struct view v, const struct pvabi_op *op)
{
	size_t i;
	int n = 0;

	for (i = 0; i < op->nargs; i++)
		n += HAS(v, op->args[i].life);
	return n;
}

/* "u64", "pass=inout pair", "reason (u8)": enough to tell two apart. */
static const char *arg_desc(const struct pvabi_arg *a, char *buf, size_t len)
{
	static const char *const dirs[] = { "", "pass=in ", "pass=out ", "pass=inout " };
	int e = a->type.kind == PVABI_T_ENUM;

	snprintf(buf, len, "%s%s%s%s%s", dirs[a->dir], tname(&a->type), e ? " (" : "",
		 e ? pvabi_prim_name(a->type.prim) : "", e ? ")" : "");
	return buf;
}

/* A finding's target, written only when there is a finding: most
 * comparisons find nothing. */
static const char *tgt_of(char *buf, size_t len, const char *op, const char *arg)
{
	if (arg)
		snprintf(buf, len, "op:%s.arg:%s", op, arg);
	else
		snprintf(buf, len, "op:%s", op);
	return buf;
}

static void cmp_arg_pair(struct view b, const struct pvabi_op *ob,
			 const struct pvabi_arg *aa, const struct pvabi_arg *ab,
			 int pa, int pb, struct pvabi_findings *f)
{
	char tgt[256], da[160], db[160];

	if (strcmp(tname(&aa->type), tname(&ab->type)) || aa->dir != ab->dir ||
	    aa->type.prim != ab->type.prim)
		finding_add(f, "ARG_TYPE_CHANGED", PVABI_SEV_BREAKING, &ab->loc,
			    REV(b), tgt_of(tgt, sizeof(tgt), ob->name, ab->name), "op %s: argument '%s' changed type from %s to %s",
			    ob->name, ab->name, arg_desc(aa, da, sizeof(da)),
			    arg_desc(ab, db, sizeof(db)));
	if (pa != pb)
		finding_add(f, "ARG_MOVED", PVABI_SEV_BREAKING, &ab->loc, REV(b), tgt_of(tgt, sizeof(tgt), ob->name, ab->name),
			    "op %s: argument '%s' moved from slot %d to slot %d",
			    ob->name, ab->name, pa, pb);
}

static void cmp_args(struct view a, const struct pvabi_op *oa, struct view b,
		     const struct pvabi_op *ob, enum cmp_mode m,
		     struct pvabi_findings *f)
{
	int na = arg_count(a, oa);
	char tgt[256];
	size_t i;

	for (i = 0; i < oa->nargs; i++) {
		const struct pvabi_arg *x = &oa->args[i];
		int pa = arg_pos(a, oa, x->name), pb;

		if (pa < 0)
			continue;
		pb = arg_pos(b, ob, x->name);
		if (pb < 0)
			finding_add(f, "ARG_REMOVED", PVABI_SEV_BREAKING,
				    arg_loc(ob, x->name), REV(b),
				    tgt_of(tgt, sizeof(tgt), ob->name, x->name),
				    "op %s: argument '%s' removed", ob->name, x->name);
		else
			cmp_arg_pair(b, ob, x, find_arg(b, ob, x->name), pa, pb, f);
	}
	for (i = 0; i < ob->nargs; i++) {
		const struct pvabi_arg *y = &ob->args[i];
		int pb = arg_pos(b, ob, y->name);

		if (pb < 0 || arg_pos(a, oa, y->name) >= 0)
			continue;
		if (m == CMP_EVOLVE && y->has_default && pb >= na)
			finding_add(f, "ARG_ADDED_WITH_DEFAULT", PVABI_SEV_COMPAT, &y->loc,
				    REV(b), tgt_of(tgt, sizeof(tgt), ob->name, y->name),
				    "op %s: argument '%s' appended; callers of older revisions get %lld",
				    ob->name, y->name, (long long)y->default_value);
		else
			finding_add(f, "ARG_ADDED", PVABI_SEV_BREAKING, &y->loc, REV(b),
				    tgt_of(tgt, sizeof(tgt), ob->name, y->name),
				    "op %s: argument '%s' added %s", ob->name, y->name,
				    m == CMP_SAME ? "to a revision already defined"
				    : !y->has_default ? "without a default for older callers"
						      : "before existing arguments");
	}
}

/* A frozen op's canonical lines must not differ at all between views. */
static int op_lines_equal(struct view a, const struct pvabi_op *oa,
			  struct view b, const struct pvabi_op *ob)
{
	size_t i;

	if (oa->id != ob->id || oa->ret_void != ob->ret_void ||
	    strcmp(tname(&oa->ret), tname(&ob->ret)) ||
	    (oa->conv >= 0) != (ob->conv >= 0) ||
	    (oa->conv >= 0 &&
	     strcmp(a.s->convs[oa->conv].name, b.s->convs[ob->conv].name)) ||
	    arg_count(a, oa) != arg_count(b, ob) || oa->feature >= 0 ||
	    ob->feature >= 0 || oa->frozen != ob->frozen ||
	    pvabi_life_deprecated(&ob->life, b.rev))
		return 0;
	for (i = 0; i < oa->nargs; i++) {
		const struct pvabi_arg *x = &oa->args[i], *y;

		if (!HAS(a, x->life))
			continue;
		y = find_arg(b, ob, x->name);
		if (!y || arg_pos(a, oa, x->name) != arg_pos(b, ob, y->name) ||
		    strcmp(tname(&x->type), tname(&y->type)) || x->dir != y->dir)
			return 0;
	}
	return 1;
}

static void cmp_op_attrs(struct view a, const struct pvabi_op *oa, struct view b,
			 const struct pvabi_op *ob, struct pvabi_findings *f)
{
	char tgt[160];
	const char *fa, *fb;

	if (oa->id != ob->id)
		finding_add(f, "OP_ID_CHANGED", PVABI_SEV_BREAKING, &ob->loc, REV(b), tgt_of(tgt, sizeof(tgt), ob->name, NULL),
			    "op %s: id changed from %u to %u", ob->name, oa->id, ob->id);
	if (oa->ret_void != ob->ret_void || strcmp(tname(&oa->ret), tname(&ob->ret)))
		finding_add(f, "RET_TYPE_CHANGED", PVABI_SEV_BREAKING, &ob->loc, REV(b),
			    tgt_of(tgt, sizeof(tgt), ob->name, NULL), "op %s: return type changed from %s to %s", ob->name,
			    oa->ret_void ? "status" : tname(&oa->ret),
			    ob->ret_void ? "status" : tname(&ob->ret));
	fa = oa->feature >= 0 ? a.s->features[oa->feature].name : "none";
	fb = ob->feature >= 0 ? b.s->features[ob->feature].name : "none";
	if (strcmp(fa, fb))
		finding_add(f, "OP_FEATURE_CHANGED", PVABI_SEV_BREAKING, &ob->loc, REV(b),
			    tgt_of(tgt, sizeof(tgt), ob->name, NULL), "op %s: feature gate changed from %s to %s", ob->name,
			    fa, fb);
	if (oa->conv >= 0 && ob->conv >= 0 &&
	    strcmp(a.s->convs[oa->conv].name, b.s->convs[ob->conv].name))
		finding_add(f, "OP_CONVENTION_CHANGED", PVABI_SEV_BREAKING, &ob->loc,
			    REV(b), tgt_of(tgt, sizeof(tgt), ob->name, NULL), "op %s: calling convention changed from %s to %s",
			    ob->name, a.s->convs[oa->conv].name, b.s->convs[ob->conv].name);
	if (!pvabi_life_deprecated(&oa->life, a.rev) &&
	    pvabi_life_deprecated(&ob->life, b.rev))
		finding_add(f, "OP_DEPRECATED", PVABI_SEV_COMPAT, &ob->loc, REV(b), tgt_of(tgt, sizeof(tgt), ob->name, NULL),
			    "op %s deprecated%s%s", ob->name,
			    ob->replaced_by >= 0 ? "; replaced by " : "",
			    ob->replaced_by >= 0 ? b.s->ops[ob->replaced_by].name : "");
}

static void cmp_op(struct view a, const struct pvabi_op *oa, struct view b,
		   const struct pvabi_op *ob, enum cmp_mode m,
		   struct pvabi_findings *f)
{
	struct compare_raises x = { oa->errors, oa->raises, oa->nerrors, oa->name, NULL, &oa->loc };
	struct compare_raises y = { ob->errors, ob->raises, ob->nerrors, ob->name, NULL, &ob->loc };
	char tgt[160];

	if ((oa->frozen || ob->frozen) && !op_lines_equal(a, oa, b, ob))
		finding_add(f, "FROZEN_OP_CHANGED", PVABI_SEV_BREAKING, &ob->loc, REV(b),
			    tgt_of(tgt, sizeof(tgt), ob->name, NULL), "op %s is frozen: its id, signature, gate and status never change",
			    ob->name);

	cmp_op_attrs(a, oa, b, ob, f);
	cmp_args(a, oa, b, ob, m, f);
	compare_raises(a, &x, b, &y, f);
}

static void op_gone(struct view a, const struct pvabi_op *oa, struct view b,
		    enum cmp_mode m, struct pvabi_findings *f)
{
	const struct pvabi_op *ob;
	int i = pvabi_spec_op(b.s, oa->name);
	char tgt[160];

	/* Report at the element that removed it when the new side still
	 * describes it (removed="R"), else where it was. */
	ob = i >= 0 ? &b.s->ops[i] : NULL;
	snprintf(tgt, sizeof(tgt), "op:%s", oa->name);
	if (oa->frozen)
		finding_add(f, "FROZEN_OP_CHANGED", PVABI_SEV_BREAKING,
			    ob ? &ob->loc : &oa->loc, REV(b), tgt,
			    "op %s is frozen and can never be removed", oa->name);
	else if (m == CMP_EVOLVE && pvabi_life_deprecated(&oa->life, a.rev))
		finding_add(f, "OP_REMOVED", PVABI_SEV_COMPAT, ob ? &ob->loc : &oa->loc,
			    REV(b), tgt,
			    "op %s removed for guests of %s and later, after deprecation in %s; still served to older revisions",
			    oa->name, REV(b), a.s->revs[oa->life.deprecated].id);
	else
		finding_add(f, "REMOVED_WITHOUT_DEPRECATION", PVABI_SEV_BREAKING,
			    ob ? &ob->loc : &oa->loc, REV(b), tgt,
			    "op %s removed in %s %s", oa->name, REV(b),
			    m == CMP_SAME ? "from a revision already defined"
					  : "without being deprecated in an earlier revision");
}

/* Op i of x in y: within one spec's history it is op i itself. */
static int same_op(const struct pvabi_spec *x, size_t i, const struct pvabi_spec *y)
{
	return x == y ? (int)i : pvabi_spec_op(y, x->ops[i].name);
}

void compare_ops(struct view a, struct view b, enum cmp_mode m,
		    struct pvabi_findings *f)
{
	size_t i;

	for (i = 0; i < a.s->nops; i++) {
		const struct pvabi_op *oa = &a.s->ops[i];
		int j;

		if (!HAS(a, oa->life))
			continue;
		j = same_op(a.s, i, b.s);
		if (j >= 0 && HAS(b, b.s->ops[j].life))
			cmp_op(a, oa, b, &b.s->ops[j], m, f);
		else
			op_gone(a, oa, b, m, f);
	}
	for (i = 0; i < b.s->nops; i++) {
		const struct pvabi_op *ob = &b.s->ops[i];
		int j;
		char tgt[160];

		if (!HAS(b, ob->life))
			continue;
		j = same_op(b.s, i, a.s);
		if (j >= 0 && HAS(a, a.s->ops[j].life))
			continue;
		snprintf(tgt, sizeof(tgt), "op:%s", ob->name);
		finding_add(f, m == CMP_SAME ? "ADDED_TO_RELEASED" : "OP_ADDED",
			    added_sev(m), &ob->loc, REV(b), tgt, "op %s (id %u) added%s",
			    ob->name, ob->id, m == CMP_SAME ? " to a revision already defined" : "");
	}
}
