/* PARTITION_UNPROBED (a coverage finding of `pvabi check`): a case an
 * op's doc tells apart (<partition>) that no probe calls in a revision
 * it exists in, because that revision has no base call to derive one
 * from. The generator leaves such a revision out silently; the checker
 * says so, and a waiver with its reason accepts it. */
#include "abi/check.h"
#include "abi/coverage.h"
#include "abi/finding.h"
#include "abi/partition.h"

#include <stdio.h>

static void part_unprobed(const struct pvabi_spec *s, const struct pvabi_op *op,
			  const struct pvabi_partition *p, struct pvabi_findings *f)
{
	struct pvabi_part_probe pr;
	char err[256], tgt[300];
	int r;

	snprintf(tgt, sizeof(tgt), "op:%s.partition:%s", op->name, p->name);
	for (r = 0; r < (int)s->nrevs; r++) {
		if (!pvabi_part_exists(op, p, r) ||
		    (pvabi_part_members(p) && pvabi_part_derive(s, op, p, r, 0, &pr, err, sizeof(err)) != 1))
			continue;
		finding_warn_waivable(f, "PARTITION_UNPROBED", &p->loc, s->revs[r].id, tgt,
				      "op %s: partition %s has no probe: the revision has no vector expecting success to derive one from, and the partition gives no args=",
				      op->name, p->name);
	}
}

void pvabi_check_partitions(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	size_t i, j;

	for (i = 0; i < s->nops; i++)
		for (j = 0; j < s->ops[i].nparts; j++)
			part_unprobed(s, &s->ops[i], &s->ops[i].parts[j], f);
}
