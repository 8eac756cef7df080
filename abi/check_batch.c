/* BATCH_UNDECLARED (abi/batch.h): once a spec declares a batch, every op
 * that takes an array of struct requests must say, in every revision it
 * takes one, what a failing request leaves behind (<batch>): without it
 * no image probes a failure in the middle of a batch. A warning per op
 * and revision, waivable with a reason. A spec that declares none (an
 * ABI not yet described this far) is not asked. Run with the coverage
 * pass, whose waivers it shares the judging of. */
#include "abi/batch.h"
#include "abi/coverage.h"
#include "abi/finding.h"

#include <stdio.h>

static int spec_has_batches(const struct pvabi_spec *s)
{
	size_t i;

	for (i = 0; i < s->nops; i++)
		if (s->ops[i].nbatches)
			return 1;
	return 0;
}

void pvabi_check_batches(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	char tgt[300];
	size_t i;
	int r;

	if (!spec_has_batches(s))
		return;
	for (i = 0; i < s->nops; i++)
		for (r = 0; r < (int)s->nrevs; r++) {
			const struct pvabi_op *op = &s->ops[i];

			if (!pvabi_batch_shaped(s, op, r) || pvabi_batch_of(op, r))
				continue;
			snprintf(tgt, sizeof(tgt), "op:%s.batch", op->name);
			finding_warn_waivable(f, "BATCH_UNDECLARED", &op->loc, s->revs[r].id,
					      tgt,
					      "op %s takes an array of requests, and no <batch> says what a failing request leaves behind",
					      op->name);
		}
}
