/* FULL_STATE_UNPROBED: an op whose results are handles of a table
 * (<ret limit= full=>) refuses with its full error only in a state, the
 * table full, and what that refusal leaves behind shows only once the
 * state is left (docs/spec-language.md#handle-tables). The images reach
 * it by filling the table, refuse each value of the op's enum arguments
 * there, then free a handle and use each again. Where they cannot, the
 * refusal is not probed, and the checker says so: a table larger than
 * the images fill (PVABI_FILL_MAX) under some grant, or a table no op
 * frees (no freed-by=), so the state is never left. A waivable warning
 * per op, grant and revision, judged with the coverage pass. */
#include "abi/coverage.h"
#include "abi/finding.h"
#include "abi/limit.h"

#include <stdio.h>

static void grant_unprobed(const struct pvabi_spec *s, const struct pvabi_op *op, int r,
			   int li, int feat, struct pvabi_findings *f)
{
	uint64_t want = feat < 0 ? 0 : UINT64_C(1) << s->features[feat].bit;
	uint64_t n = pvabi_limit_value(s, li, r, want) - s->limits[li].min;
	const char *why = NULL;
	char tgt[300], how[96];

	if (n > PVABI_FILL_MAX)
		why = "is larger than the images fill";
	else if (op->ret_freed_by <= 0)
		why = "is never left: no op frees a handle (freed-by=)";
	if (!why)
		return;
	snprintf(tgt, sizeof(tgt), "op:%s.full%s%s", op->name, feat < 0 ? "" : ".",
		 feat < 0 ? "" : s->features[feat].name);
	snprintf(how, sizeof(how), "%s%s", feat < 0 ? "" : " with ",
		 feat < 0 ? "" : s->features[feat].name);
	finding_warn_waivable(f, "FULL_STATE_UNPROBED", &op->loc, s->revs[r].id, tgt,
			      "op %s: the full table of limit %s (%llu handles%s) %s: what its refusal %s leaves behind is not probed",
			      op->name, s->limits[li].name, (unsigned long long)n, how, why,
			      s->errors[op->ret_full].name);
}

void pvabi_check_full(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	size_t i, k;
	int r;

	for (i = 0; i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];
		int li = op->ret_limit - 1;

		if (li < 0 || (size_t)li >= s->nlimits || op->ret_full < 0)
			continue;
		for (r = 0; r < (int)s->nrevs; r++) {
			uint64_t fm;

			if (!pvabi_life_has(&op->life, r))
				continue;
			fm = pvabi_limit_features(s, li, r);
			grant_unprobed(s, op, r, li, -1, f);
			for (k = 0; k < s->nfeatures; k++)
				if ((fm >> s->features[k].bit) & 1)
					grant_unprobed(s, op, r, li, (int)k, f);
		}
	}
}
