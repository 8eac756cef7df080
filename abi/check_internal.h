#ifndef PVABI_CHECK_INTERNAL_H
#define PVABI_CHECK_INTERNAL_H

#include "abi/check.h"

/* How two views relate: EVOLVE = b is the revision after a (additions are
 * fine, removals need a deprecation first); SAME = a and b are the same
 * revision in two versions of the spec, so any difference is a break. */
enum cmp_mode { CMP_EVOLVE, CMP_SAME };

struct view {
	const struct pvabi_spec *s;
	int rev;
};

void finding_add(struct pvabi_findings *f, const char *rule,
		 enum pvabi_severity sev, const struct pvabi_loc *loc,
		 const char *rev, const char *target, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

void compare_views(struct view a, struct view b, enum cmp_mode mode,
		   struct pvabi_findings *f);

#endif
