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

/* Appends a warning a <waiver> may turn into "waived": the coverage
 * findings' kind (an output, an edge, a batch, a clock no image
 * checks), each a place to look, not a break. */
void finding_warn_waivable(struct pvabi_findings *f, const char *rule,
			   const struct pvabi_loc *loc, const char *rev, const char *target,
			   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Does a waiver's target w name the finding target t? Findings name a
 * member with its kind ("op:set_timer.arg:flags"), a waiver as the
 * schema allows ("op:set_timer.flags"): both spellings match. */
int finding_target_matches(const char *w, const char *t);

#endif
