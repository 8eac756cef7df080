/* Shared by the compare*.c files: one file per kind of element. */
#ifndef PVABI_COMPARE_INTERNAL_H
#define PVABI_COMPARE_INTERNAL_H

#include "abi/compare.h"

#define REV(v) ((v).s->revs[(v).rev].id)
#define HAS(v, life) pvabi_life_has(&(life), (v).rev)

static inline const char *tname(const struct pvabi_type *t)
{
	return t->kind == PVABI_T_PRIM ? pvabi_prim_name(t->prim) : t->name;
}

/* Additions to a released revision are as breaking as removals: a
 * platform of that release would not serve them. */
static inline enum pvabi_severity added_sev(enum cmp_mode m)
{
	return m == CMP_SAME ? PVABI_SEV_BREAKING : PVABI_SEV_COMPAT;
}

void compare_ops(struct view a, struct view b, enum cmp_mode m,
		 struct pvabi_findings *f);
void compare_structs(struct view a, struct view b, enum cmp_mode m,
		     struct pvabi_findings *f);
void compare_enums(struct view a, struct view b, enum cmp_mode m,
		   struct pvabi_findings *f);
void compare_features(struct view a, struct view b, enum cmp_mode m,
		      struct pvabi_findings *f);
void compare_errors(struct view a, struct view b, struct pvabi_findings *f);

/* An op's or a command's <raises> list, and where to report what it
 * lost (compare_raises.c). */
struct compare_raises {
	const int *errors;
	const struct pvabi_raise *raises;
	size_t n;
	const char *op, *cmd; /* cmd: NULL for the op's own list */
	const struct pvabi_loc *at;
};

/* RAISES_ADDED for each error y raises in b that x did not in a,
 * RAISES_REMOVED for each it stopped raising. */
void compare_raises(struct view a, const struct compare_raises *x, struct view b,
		    const struct compare_raises *y, struct pvabi_findings *f);

/* Format 2 (compare_fmt2.c). The field of st in view v that a field
 * named `name` of the other view is: by spec name, else (format 2) the
 * one renamed from it. */
int compare_field_match(struct view v, const struct pvabi_struct *st, const char *name);
/* 1 when the field named `old`, present before view v, is a reserved
 * field whose bytes a field of st in v reuses (replaces-reserved). */
int compare_reserved_reused(struct view v, const struct pvabi_struct *st, const char *old);
/* Commands, layouts in the other guest modes, renames, reserved bytes
 * reused: what format 2 adds, for two format 2 views. */
void compare_fmt2(struct view a, struct view b, enum cmp_mode m, struct pvabi_findings *f);
/* A member y added to union ib of view b (ia in view a): 1 when
 * classified, UNION_MEMBER_ADDED when the union keeps its size in every
 * mode and y's discriminant value is new, else a breaking insertion. */
int compare_union_added(struct view a, int ia, struct view b, int ib,
			const struct pvabi_field *y, enum cmp_mode m, struct pvabi_findings *f);
/* The commands of ops present in both views (compare_cmds.c). */
void compare_cmds(struct view a, struct view b, enum cmp_mode m, struct pvabi_findings *f);

#endif
