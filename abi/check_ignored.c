/* IGNORED_BITS_UNDECLARED (abi/limit.h): an op that writes a register
 * it reads back (an argument with restore-from=) and whose doc says part
 * of a write is ignored must say which bits with <ignored-bits>, or no
 * image writes the other bits while reading the ignored ones back: a
 * write of the value read agrees with a platform that computes the bit
 * from the written value. The heuristic is the phrase the spec's docs
 * use ("is ignored", "are ignored", "ignores"); an op without such an
 * argument has no read-back to derive from and is not judged. A doc that
 * uses the phrase of something else takes a waiver with the reason. A
 * waivable warning per op and revision, judged with the coverage pass,
 * like BY_CALLER_UNDECLARED. */
#include "abi/coverage.h"
#include "abi/limit.h"

static int declared(const struct pvabi_op *op, int r)
{
	size_t i, k;
	int reads_back = 0;

	for (i = 0; i < op->nargs; i++) {
		const struct pvabi_arg *a = &op->args[i];

		if (!a->restore_from || !pvabi_life_has(&a->life, r))
			continue;
		reads_back = 1;
		for (k = 0; k < a->nibits; k++)
			if (pvabi_life_has(&a->ibits[k].life, r))
				return 1;
	}
	return !reads_back;
}

void pvabi_check_ignored(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	static const char *const phrases[] = { "is ignored", "are ignored", "ignores", NULL };
	static const struct pvabi_prose_rule rule = {
		"IGNORED_BITS_UNDECLARED", phrases, declared,
		"a write ignores part of the value it reads back",
		"<ignored-bits> names the bits", NULL, 1
	};

	if (s->format >= 2)
		return; /* <ignored-bits> is format 1 only (FORMAT_FEATURE) */
	pvabi_check_prose(s, f, &rule);
}
