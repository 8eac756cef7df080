/* FIXED_UNDECLARED (abi/fixed.h): an op whose doc says that what it
 * answers is fixed for the guest's (or the vCPU's) life must say which
 * outputs, read by which call (<fixed>), or no image reads them again: a
 * promise in prose alone is never probed. The heuristic is the phrase
 * the spec's docs use for it ("fixed for the guest's life", "fixed for
 * the life of the guest", "for the vCPU's life"); a doc that uses it of
 * something else takes a waiver with the reason. A waivable warning per
 * op and revision, judged with the coverage pass, like
 * MONOTONIC_UNDECLARED. */
#include "abi/coverage.h"
#include "abi/finding.h"
#include "abi/fixed.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Whether doc holds phrase, in any case. */
static int holds(const char *doc, const char *phrase)
{
	const char *p;
	size_t i;

	for (p = doc; p && *p; p++) {
		for (i = 0; phrase[i] && tolower((unsigned char)p[i]) == phrase[i]; i++)
			;
		if (!phrase[i])
			return 1;
	}
	return 0;
}

static int says_fixed(const char *doc)
{
	return holds(doc, "fixed for the guest's life") || holds(doc, "fixed for the life of") ||
	       holds(doc, "fixed for the vcpu's life");
}

static int declared(const struct pvabi_op *op, int r)
{
	size_t i;

	for (i = 0; i < op->nfixeds; i++)
		if (pvabi_life_has(&op->fixeds[i].life, r))
			return 1;
	return 0;
}

void pvabi_check_fixed(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	char tgt[300];
	size_t i;
	int r;

	for (i = 0; i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];

		if (!says_fixed(op->doc))
			continue;
		for (r = 0; r < (int)s->nrevs; r++) {
			if (!pvabi_life_has(&op->life, r) || declared(op, r))
				continue;
			snprintf(tgt, sizeof(tgt), "op:%s", op->name);
			finding_warn_waivable(f, "FIXED_UNDECLARED", &op->loc, s->revs[r].id, tgt,
					      "op %s: its doc says an output is fixed for the guest's life, but no <fixed> names it",
					      op->name);
		}
	}
}
