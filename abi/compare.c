/* Compares two revision views element by element, matched by name, and
 * classifies each difference. Used for consecutive revisions of one spec
 * (CMP_EVOLVE) and for one revision in two versions of a spec (CMP_SAME). */
#include "abi/check_internal.h"
#include "abi/canon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REV(v) ((v).s->revs[(v).rev].id)
#define HAS(v, life) pvabi_life_has(&(life), (v).rev)

static const char *tname(const struct pvabi_type *t)
{
	return t->kind == PVABI_T_PRIM ? pvabi_prim_name(t->prim) : t->name;
}

/* Additions to a released revision are as breaking as removals: a
 * platform of that release would not serve them. */
static enum pvabi_severity added_sev(enum cmp_mode m)
{
	return m == CMP_SAME ? PVABI_SEV_BREAKING : PVABI_SEV_COMPAT;
}

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

static void cmp_arg_pair(struct view b, const struct pvabi_op *ob,
			 const struct pvabi_arg *aa, const struct pvabi_arg *ab,
			 int pa, int pb, struct pvabi_findings *f)
{
	char tgt[256], da[160], db[160];

	snprintf(tgt, sizeof(tgt), "op:%s.arg:%s", ob->name, ab->name);
	if (strcmp(tname(&aa->type), tname(&ab->type)) || aa->dir != ab->dir ||
	    aa->type.prim != ab->type.prim)
		finding_add(f, "ARG_TYPE_CHANGED", PVABI_SEV_BREAKING, &ab->loc,
			    REV(b), tgt, "op %s: argument '%s' changed type from %s to %s",
			    ob->name, ab->name, arg_desc(aa, da, sizeof(da)),
			    arg_desc(ab, db, sizeof(db)));
	if (pa != pb)
		finding_add(f, "ARG_MOVED", PVABI_SEV_BREAKING, &ab->loc, REV(b), tgt,
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
		snprintf(tgt, sizeof(tgt), "op:%s.arg:%s", ob->name, x->name);
		if (pb < 0)
			finding_add(f, "ARG_REMOVED", PVABI_SEV_BREAKING,
				    arg_loc(ob, x->name), REV(b), tgt,
				    "op %s: argument '%s' removed", ob->name, x->name);
		else
			cmp_arg_pair(b, ob, x, find_arg(b, ob, x->name), pa, pb, f);
	}
	for (i = 0; i < ob->nargs; i++) {
		const struct pvabi_arg *y = &ob->args[i];
		int pb = arg_pos(b, ob, y->name);

		if (pb < 0 || arg_pos(a, oa, y->name) >= 0)
			continue;
		snprintf(tgt, sizeof(tgt), "op:%s.arg:%s", ob->name, y->name);
		if (m == CMP_EVOLVE && y->has_default && pb >= na)
			finding_add(f, "ARG_ADDED_WITH_DEFAULT", PVABI_SEV_COMPAT, &y->loc,
				    REV(b), tgt,
				    "op %s: argument '%s' appended; callers of older revisions get %lld",
				    ob->name, y->name, (long long)y->default_value);
		else
			finding_add(f, "ARG_ADDED", PVABI_SEV_BREAKING, &y->loc, REV(b), tgt,
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

	snprintf(tgt, sizeof(tgt), "op:%s", ob->name);
	if (oa->id != ob->id)
		finding_add(f, "OP_ID_CHANGED", PVABI_SEV_BREAKING, &ob->loc, REV(b), tgt,
			    "op %s: id changed from %u to %u", ob->name, oa->id, ob->id);
	if (oa->ret_void != ob->ret_void || strcmp(tname(&oa->ret), tname(&ob->ret)))
		finding_add(f, "RET_TYPE_CHANGED", PVABI_SEV_BREAKING, &ob->loc, REV(b),
			    tgt, "op %s: return type changed from %s to %s", ob->name,
			    oa->ret_void ? "status" : tname(&oa->ret),
			    ob->ret_void ? "status" : tname(&ob->ret));
	fa = oa->feature >= 0 ? a.s->features[oa->feature].name : "none";
	fb = ob->feature >= 0 ? b.s->features[ob->feature].name : "none";
	if (strcmp(fa, fb))
		finding_add(f, "OP_FEATURE_CHANGED", PVABI_SEV_BREAKING, &ob->loc, REV(b),
			    tgt, "op %s: feature gate changed from %s to %s", ob->name,
			    fa, fb);
	if (oa->conv >= 0 && ob->conv >= 0 &&
	    strcmp(a.s->convs[oa->conv].name, b.s->convs[ob->conv].name))
		finding_add(f, "OP_CONVENTION_CHANGED", PVABI_SEV_BREAKING, &ob->loc,
			    REV(b), tgt, "op %s: calling convention changed from %s to %s",
			    ob->name, a.s->convs[oa->conv].name, b.s->convs[ob->conv].name);
	if (!pvabi_life_deprecated(&oa->life, a.rev) &&
	    pvabi_life_deprecated(&ob->life, b.rev))
		finding_add(f, "OP_DEPRECATED", PVABI_SEV_COMPAT, &ob->loc, REV(b), tgt,
			    "op %s deprecated%s%s", ob->name,
			    ob->replaced_by >= 0 ? "; replaced by " : "",
			    ob->replaced_by >= 0 ? b.s->ops[ob->replaced_by].name : "");
}

static void cmp_op(struct view a, const struct pvabi_op *oa, struct view b,
		   const struct pvabi_op *ob, enum cmp_mode m,
		   struct pvabi_findings *f)
{
	char tgt[160];

	snprintf(tgt, sizeof(tgt), "op:%s", ob->name);
	if ((oa->frozen || ob->frozen) && !op_lines_equal(a, oa, b, ob))
		finding_add(f, "FROZEN_OP_CHANGED", PVABI_SEV_BREAKING, &ob->loc, REV(b),
			    tgt, "op %s is frozen: its id, signature, gate and status never change",
			    ob->name);
	cmp_op_attrs(a, oa, b, ob, f);
	cmp_args(a, oa, b, ob, m, f);
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

static void cmp_ops(struct view a, struct view b, enum cmp_mode m,
		    struct pvabi_findings *f)
{
	size_t i;

	for (i = 0; i < a.s->nops; i++) {
		const struct pvabi_op *oa = &a.s->ops[i];
		int j;

		if (!HAS(a, oa->life))
			continue;
		j = pvabi_spec_op(b.s, oa->name);
		if (j >= 0 && HAS(b, b.s->ops[j].life))
			cmp_op(a, oa, b, &b.s->ops[j], m, f);
		else
			op_gone(a, oa, b, m, f);
	}
	for (i = 0; i < b.s->nops; i++) {
		const struct pvabi_op *ob = &b.s->ops[i];
		int j = pvabi_spec_op(a.s, ob->name);
		char tgt[160];

		if (!HAS(b, ob->life) || (j >= 0 && HAS(a, a.s->ops[j].life)))
			continue;
		snprintf(tgt, sizeof(tgt), "op:%s", ob->name);
		finding_add(f, m == CMP_SAME ? "ADDED_TO_RELEASED" : "OP_ADDED",
			    added_sev(m), &ob->loc, REV(b), tgt, "op %s (id %u) added%s",
			    ob->name, ob->id, m == CMP_SAME ? " to a revision already defined" : "");
	}
}

/* --- structs --------------------------------------------------------- */

struct layout {
	long *off;
	size_t size, align;
	size_t end; /* end of the last present field, before tail padding */
};

static int layout_of(struct view v, int si, struct layout *l)
{
	size_t n = v.s->structs[si].nfields, i;

	l->off = malloc((n ? n : 1) * sizeof(long));
	if (!l->off)
		return -1;
	l->size = pvabi_struct_layout(v.s, si, v.rev, l->off, &l->align);
	l->end = 0;
	for (i = 0; i < n; i++) {
		const struct pvabi_field *fl = &v.s->structs[si].fields[i];
		size_t al, e;

		if (l->off[i] < 0)
			continue;
		e = (size_t)l->off[i] +
		    pvabi_type_size(v.s, &fl->type, v.rev, &al) * fl->count;
		if (e > l->end)
			l->end = e;
	}
	return 0;
}

static int field_idx(const struct pvabi_struct *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->nfields; i++)
		if (!strcmp(st->fields[i].name, name))
			return (int)i;
	return -1;
}

static void cmp_field(struct view a, const struct pvabi_field *x, long xo,
		      struct view b, const struct pvabi_struct *sb,
		      const struct pvabi_field *y, long yo,
		      struct pvabi_findings *f)
{
	size_t al, xs = pvabi_type_size(a.s, &x->type, a.rev, &al) * x->count;
	size_t ys = pvabi_type_size(b.s, &y->type, b.rev, &al) * y->count;
	char tgt[256];

	snprintf(tgt, sizeof(tgt), "struct:%s.field:%s", sb->name, y->name);
	if (strcmp(tname(&x->type), tname(&y->type)))
		finding_add(f, "STRUCT_FIELD_RETYPED", PVABI_SEV_BREAKING, &y->loc,
			    REV(b), tgt, "struct %s: field '%s' changed type from %s to %s",
			    sb->name, y->name, tname(&x->type), tname(&y->type));
	else if (xs != ys)
		finding_add(f, "STRUCT_FIELD_RESIZED", PVABI_SEV_BREAKING, &y->loc,
			    REV(b), tgt, "struct %s: field '%s' resized from %zu to %zu bytes",
			    sb->name, y->name, xs, ys);
	if (xo != yo)
		finding_add(f, "STRUCT_FIELD_MOVED", PVABI_SEV_BREAKING, &y->loc, REV(b),
			    tgt, "struct %s: field '%s' moved from offset %ld to %ld",
			    sb->name, y->name, xo, yo);
}

/* Appending is compatible only past the old last field's end and only
 * when the struct grows: the size field is how readers tell versions
 * apart. */
static void field_added(struct view b, const struct pvabi_struct *sb,
			const struct pvabi_field *y, long yo, size_t old_end,
			size_t old_size, size_t new_size, enum cmp_mode m,
			struct pvabi_findings *f)
{
	char tgt[256];

	snprintf(tgt, sizeof(tgt), "struct:%s.field:%s", sb->name, y->name);
	if (m == CMP_EVOLVE && sb->size_guarded && yo >= (long)old_end &&
	    new_size == old_size)
		finding_add(f, "STRUCT_FIELD_INSERTED", PVABI_SEV_BREAKING, &y->loc,
			    REV(b), tgt,
			    "struct %s: field '%s' fills tail padding at offset %ld; the struct stays %zu bytes, so its size guard cannot tell the revisions apart",
			    sb->name, y->name, yo, new_size);
	else if (m == CMP_EVOLVE && sb->size_guarded && yo >= (long)old_end)
		finding_add(f, "STRUCT_FIELD_APPENDED", PVABI_SEV_COMPAT, &y->loc,
			    REV(b), tgt,
			    "struct %s: field '%s' appended at offset %ld; size-guarded readers accept both sizes",
			    sb->name, y->name, yo);
	else
		finding_add(f, "STRUCT_FIELD_INSERTED", PVABI_SEV_BREAKING, &y->loc,
			    REV(b), tgt, "struct %s: field '%s' added %s", sb->name, y->name,
			    m == CMP_SAME ? "to a revision already defined"
			    : !sb->size_guarded ? "to a struct that is not size-guarded"
						: "before the end of the struct");
}

static void cmp_struct(struct view a, int ia, struct view b, int ib,
		       enum cmp_mode m, struct pvabi_findings *f)
{
	const struct pvabi_struct *sa = &a.s->structs[ia], *sb = &b.s->structs[ib];
	struct layout la, lb;
	size_t i;

	if (layout_of(a, ia, &la) || layout_of(b, ib, &lb)) {
		f->oom = 1;
		free(la.off);
		return;
	}
	for (i = 0; i < sa->nfields; i++) {
		const struct pvabi_field *x = &sa->fields[i];
		int j = field_idx(sb, x->name);
		char tgt[256];

		if (!HAS(a, x->life))
			continue;
		snprintf(tgt, sizeof(tgt), "struct:%s.field:%s", sb->name, x->name);
		if (j < 0 || !HAS(b, sb->fields[j].life))
			finding_add(f, "STRUCT_FIELD_REMOVED", PVABI_SEV_BREAKING,
				    j < 0 ? &sb->loc : &sb->fields[j].loc, REV(b), tgt,
				    "struct %s: field '%s' removed", sb->name, x->name);
		else
			cmp_field(a, x, la.off[i], b, sb, &sb->fields[j], lb.off[j], f);
	}
	for (i = 0; i < sb->nfields; i++) {
		int j = field_idx(sa, sb->fields[i].name);

		if (HAS(b, sb->fields[i].life) && (j < 0 || !HAS(a, sa->fields[j].life)))
			field_added(b, sb, &sb->fields[i], lb.off[i], la.end, la.size,
				    lb.size, m, f);
	}
	free(la.off);
	free(lb.off);
}

static void cmp_structs(struct view a, struct view b, enum cmp_mode m,
			struct pvabi_findings *f)
{
	size_t i;

	for (i = 0; i < a.s->nstructs; i++) {
		const struct pvabi_struct *sa = &a.s->structs[i];
		int j;
		char tgt[160];

		if (!HAS(a, sa->life))
			continue;
		j = pvabi_spec_struct(b.s, sa->name);
		snprintf(tgt, sizeof(tgt), "struct:%s", sa->name);
		if (j >= 0 && HAS(b, b.s->structs[j].life))
			cmp_struct(a, (int)i, b, j, m, f);
		else if (m == CMP_EVOLVE && pvabi_life_deprecated(&sa->life, a.rev))
			finding_add(f, "STRUCT_REMOVED", PVABI_SEV_COMPAT,
				    j >= 0 ? &b.s->structs[j].loc : &sa->loc, REV(b), tgt,
				    "struct %s removed after deprecation", sa->name);
		else
			finding_add(f, "REMOVED_WITHOUT_DEPRECATION", PVABI_SEV_BREAKING,
				    j >= 0 ? &b.s->structs[j].loc : &sa->loc, REV(b), tgt,
				    "struct %s removed without deprecation", sa->name);
	}
}

/* --- enums, features, errors ---------------------------------------- */

static const struct pvabi_enum_value *value_named(struct view v,
						  const struct pvabi_enum *e,
						  const char *name)
{
	size_t i;

	for (i = 0; i < e->nvalues; i++)
		if (HAS(v, e->values[i].life) && !strcmp(e->values[i].name, name))
			return &e->values[i];
	return NULL;
}

static const struct pvabi_enum_value *value_numbered(struct view v,
						     const struct pvabi_enum *e,
						     int64_t val)
{
	size_t i;

	for (i = 0; i < e->nvalues; i++)
		if (HAS(v, e->values[i].life) && e->values[i].value == val)
			return &e->values[i];
	return NULL;
}

static const struct pvabi_loc *value_loc(const struct pvabi_enum *e,
					 const char *name)
{
	size_t i;

	for (i = 0; i < e->nvalues; i++)
		if (!strcmp(e->values[i].name, name))
			return &e->values[i].loc;
	return &e->loc;
}

static void cmp_enum(struct view a, const struct pvabi_enum *ea, struct view b,
		     const struct pvabi_enum *eb, enum cmp_mode m,
		     struct pvabi_findings *f)
{
	char tgt[256];
	size_t i;

	if (ea->prim != eb->prim) {
		snprintf(tgt, sizeof(tgt), "enum:%s", eb->name);
		finding_add(f, "ENUM_TYPE_CHANGED", PVABI_SEV_BREAKING, &eb->loc, REV(b),
			    tgt, "enum %s: type changed from %s to %s", eb->name,
			    pvabi_prim_name(ea->prim), pvabi_prim_name(eb->prim));
	}
	for (i = 0; i < ea->nvalues; i++) {
		const struct pvabi_enum_value *x = &ea->values[i], *y;

		if (!HAS(a, x->life))
			continue;
		y = value_named(b, eb, x->name);
		snprintf(tgt, sizeof(tgt), "enum:%s.value:%s", eb->name, x->name);
		if (!y)
			finding_add(f, "ENUM_VALUE_REMOVED", PVABI_SEV_BREAKING,
				    value_loc(eb, x->name), REV(b), tgt,
				    "enum %s: value '%s' (%lld) removed",
				    eb->name, x->name, (long long)x->value);
		else if (y->value != x->value)
			finding_add(f, "ENUM_VALUE_CHANGED", PVABI_SEV_BREAKING, &y->loc,
				    REV(b), tgt, "enum %s: value '%s' changed from %lld to %lld",
				    eb->name, x->name, (long long)x->value, (long long)y->value);
	}
	for (i = 0; i < eb->nvalues; i++) {
		const struct pvabi_enum_value *y = &eb->values[i], *x;

		if (!HAS(b, y->life) || value_named(a, ea, y->name))
			continue;
		x = value_numbered(a, ea, y->value);
		if (x && a.s == b.s)
			continue; /* one spec's history: check.c reports reuse */
		snprintf(tgt, sizeof(tgt), "enum:%s.value:%s", eb->name, y->name);
		if (x)
			finding_add(f, "ENUM_VALUE_REUSED", PVABI_SEV_BREAKING, &y->loc,
				    REV(b), tgt, "enum %s: value %lld of '%s' reused for '%s'",
				    eb->name, (long long)y->value, x->name, y->name);
		else
			finding_add(f, m == CMP_SAME ? "ADDED_TO_RELEASED" : "ENUM_VALUE_ADDED",
				    added_sev(m), &y->loc, REV(b), tgt,
				    "enum %s: value '%s' = %lld added", eb->name, y->name,
				    (long long)y->value);
	}
}

static void cmp_enums(struct view a, struct view b, enum cmp_mode m,
		      struct pvabi_findings *f)
{
	size_t i;

	for (i = 0; i < a.s->nenums; i++) {
		const struct pvabi_enum *ea = &a.s->enums[i];
		int j;
		char tgt[160];

		if (!HAS(a, ea->life))
			continue;
		j = pvabi_spec_enum(b.s, ea->name);
		snprintf(tgt, sizeof(tgt), "enum:%s", ea->name);
		if (j >= 0 && HAS(b, b.s->enums[j].life))
			cmp_enum(a, ea, b, &b.s->enums[j], m, f);
		else
			finding_add(f, "REMOVED_WITHOUT_DEPRECATION", PVABI_SEV_BREAKING,
				    j >= 0 ? &b.s->enums[j].loc : &ea->loc, REV(b), tgt,
				    "enum %s removed", ea->name);
	}
}

static void cmp_features(struct view a, struct view b, enum cmp_mode m,
			 struct pvabi_findings *f)
{
	size_t i, k;

	for (i = 0; i < a.s->nfeatures; i++) {
		const struct pvabi_feature *x = &a.s->features[i];
		int j = pvabi_spec_feature(b.s, x->name);
		char tgt[160];

		if (!HAS(a, x->life))
			continue;
		snprintf(tgt, sizeof(tgt), "feature:%s", x->name);
		if (j < 0 || !HAS(b, b.s->features[j].life))
			finding_add(f, "FEATURE_REMOVED", PVABI_SEV_BREAKING,
				    j >= 0 ? &b.s->features[j].loc : &x->loc, REV(b), tgt,
				    "feature %s (bit %u) removed", x->name, x->bit);
		else if (b.s->features[j].bit != x->bit)
			finding_add(f, "FEATURE_BIT_MOVED", PVABI_SEV_BREAKING,
				    &b.s->features[j].loc, REV(b), tgt,
				    "feature %s moved from bit %u to bit %u", x->name, x->bit,
				    b.s->features[j].bit);
	}
	for (i = 0; i < b.s->nfeatures; i++) {
		const struct pvabi_feature *y = &b.s->features[i];
		int j = pvabi_spec_feature(a.s, y->name);
		const struct pvabi_feature *clash = NULL;
		char tgt[160];

		if (!HAS(b, y->life) || (j >= 0 && HAS(a, a.s->features[j].life)))
			continue;
		for (k = 0; k < a.s->nfeatures && !clash; k++)
			if (HAS(a, a.s->features[k].life) && a.s->features[k].bit == y->bit)
				clash = &a.s->features[k];
		if (clash && a.s == b.s)
			continue; /* one spec's history: check.c reports reuse */
		snprintf(tgt, sizeof(tgt), "feature:%s", y->name);
		if (clash)
			finding_add(f, "FEATURE_BIT_REUSED", PVABI_SEV_BREAKING, &y->loc,
				    REV(b), tgt, "feature %s reuses bit %u of %s", y->name,
				    y->bit, clash->name);
		else
			finding_add(f, m == CMP_SAME ? "ADDED_TO_RELEASED" : "FEATURE_ADDED",
				    added_sev(m), &y->loc, REV(b), tgt,
				    "feature %s (bit %u) added", y->name, y->bit);
	}
}

static void cmp_errors(struct view a, struct view b, struct pvabi_findings *f)
{
	size_t i;

	for (i = 0; i < a.s->nerrors; i++) {
		const struct pvabi_error *x = &a.s->errors[i];
		int j = pvabi_spec_error(b.s, x->name);
		char tgt[160];

		if (!HAS(a, x->life))
			continue;
		snprintf(tgt, sizeof(tgt), "error:%s", x->name);
		if (j < 0 || !HAS(b, b.s->errors[j].life))
			finding_add(f, "ERROR_REMOVED", PVABI_SEV_BREAKING,
				    j >= 0 ? &b.s->errors[j].loc : &x->loc, REV(b), tgt,
				    "error %s (%lld) removed", x->name, (long long)x->value);
		else if (b.s->errors[j].value != x->value)
			finding_add(f, "ERROR_VALUE_CHANGED", PVABI_SEV_BREAKING,
				    &b.s->errors[j].loc, REV(b), tgt,
				    "error %s changed from %lld to %lld", x->name,
				    (long long)x->value, (long long)b.s->errors[j].value);
	}
}

void compare_views(struct view a, struct view b, enum cmp_mode mode,
		   struct pvabi_findings *f)
{
	cmp_errors(a, b, f);
	cmp_enums(a, b, mode, f);
	cmp_features(a, b, mode, f);
	cmp_structs(a, b, mode, f);
	cmp_ops(a, b, mode, f);
}
