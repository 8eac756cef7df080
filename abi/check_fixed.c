/* FIXED_UNDECLARED (abi/fixed.h): an op whose doc says that what it
 * answers is fixed for the guest's (or the vCPU's) life must say which
 * outputs, read by which call (<fixed>), or no image reads them again: a
 * promise in prose alone is never probed. The heuristic is the phrase
 * the spec's docs use for it ("fixed for the guest's life", "fixed for
 * the life of the guest", "for the vCPU's life"); a doc that uses it of
 * something else takes a waiver with the reason. A waivable warning per
 * op and revision, judged with the coverage pass, like
 * MONOTONIC_UNDECLARED. In format 2 a command's doc is searched too,
 * judged by the command's own <fixed>. */
#include "abi/coverage.h"
#include "abi/fixed.h"

static int declared(const struct pvabi_op *op, int r)
{
	size_t i;

	for (i = 0; i < op->nfixeds; i++)
		if (pvabi_life_has(&op->fixeds[i].life, r))
			return 1;
	return 0;
}

static int cmd_declared(const struct pvabi_cmd *k, int r)
{
	size_t i;

	for (i = 0; i < k->nfixeds; i++)
		if (pvabi_life_has(&k->fixeds[i].life, r))
			return 1;
	return 0;
}

void pvabi_check_fixed(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	static const char *const phrases[] = { "fixed for the guest's life",
					       "fixed for the life of", "fixed for the vcpu's life",
					       NULL };
	static const struct pvabi_prose_rule rule = {
		"FIXED_UNDECLARED", phrases, declared, "an output is fixed for the guest's life",
		"<fixed> names it", cmd_declared, 0
	};

	pvabi_check_prose(s, f, &rule);
}
