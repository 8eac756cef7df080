/* The findings list every checker pass appends to. It depends on nothing
 * else of the checker, so the passes and the comparison of revisions can
 * all report into it without calling each other. */
#ifndef PVABI_FINDING_H
#define PVABI_FINDING_H

#include "abi/check.h"

/* Appends one finding; on allocation failure sets f->oom instead. */
void finding_add(struct pvabi_findings *f, const char *rule,
		 enum pvabi_severity sev, const struct pvabi_loc *loc,
		 const char *rev, const char *target, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

#endif
