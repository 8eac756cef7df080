/* BY_CALLER_UNDECLARED (abi/caller.h): an op whose doc says it acts on,
 * or answers for, the calling vCPU must say so with <by-caller>, or its
 * vectors are made from vCPU 0 alone, and a platform that gets only
 * another vCPU's call wrong meets none of them. The heuristic is the
 * phrase the spec's docs use ("the calling vCPU", "the caller's vCPU");
 * an op whose dependence no vector can show (a record tagged with the
 * caller that no op reads back) takes a waiver with the reason. A
 * waivable warning per op and revision, judged with the coverage pass,
 * like FIXED_UNDECLARED. */
#include "abi/caller.h"
#include "abi/coverage.h"

static int declared(const struct pvabi_op *op, int r)
{
	size_t i;

	for (i = 0; i < op->nby_callers; i++)
		if (pvabi_life_has(&op->by_callers[i].life, r))
			return 1;
	return 0;
}

void pvabi_check_caller(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	static const char *const phrases[] = { "the calling vcpu", "the caller's vcpu", NULL };
	static const struct pvabi_prose_rule rule = {
		"BY_CALLER_UNDECLARED", phrases, declared,
		"what it does depends on the calling vCPU", "<by-caller> declares it", NULL, 0
	};

	if (s->format >= 2)
		return; /* <by-caller> is format 1 only (FORMAT_FEATURE) */
	pvabi_check_prose(s, f, &rule);
}
