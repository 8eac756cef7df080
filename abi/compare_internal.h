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

#endif
