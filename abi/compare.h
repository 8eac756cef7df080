/* Comparison of two revision views, the core of the checker: the history
 * check, the registry check and the manual's changelog all classify
 * changes through it, so they can never disagree. */
#ifndef PVABI_COMPARE_H
#define PVABI_COMPARE_H

#include "abi/check.h"

/* How two views relate: EVOLVE = b is the revision after a (additions are
 * fine, removals need a deprecation first); SAME = a and b are the same
 * revision in two versions of the spec, so any difference is a break. */
enum cmp_mode { CMP_EVOLVE, CMP_SAME };

struct view {
	const struct pvabi_spec *s;
	int rev;
};

/* Appends a finding to f for every difference of b from a. */
void compare_views(struct view a, struct view b, enum cmp_mode mode,
		   struct pvabi_findings *f);

#endif
