/* Partition probes of a conformance image: every case an op's doc tells
 * apart (<partition>, abi/partition.h) becomes one vector per member and
 * revision, named after the case, so a failing probe's TAP line says
 * which case the platform got wrong ("log_write: case trailing_newline:
 * level=info len=6 buf='hello\n' -> ret=6 (got 5)"). Consecutive
 * revisions that derive alike share one entry, as vectors do. A member
 * whose call a vector already makes is still made: the op may change
 * what later checks start from (a write), so the repeat is not free of
 * effects even when its own judgement is the same. */
#include "emit/emit_ctable.h"
#include "abi/partition.h"

#include <stdio.h>

static int part_probes(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op *op,
		       size_t opi, const struct pvabi_partition *p)
{
	struct pvabi_part_probe pr;
	char err[256], label[768];
	size_t k;
	int r, rc = 0;

	for (k = 0; k < pvabi_part_members(p); k++) {
		long last = -1;

		for (r = 0; r <= g->rev; r++) {
			int d = pvabi_part_exists(op, p, r)
				? pvabi_part_derive(g->spec, op, p, r, k, &pr, err, sizeof(err)) : 1;

			if (d < 0) {
				pvabi_diag_add(g->d, "PARTITION_INVALID", p->loc.file, p->loc.line,
					       "op %s, revision %s: %s", op->name,
					       g->spec->revs[r].id, err);
				return -1;
			}
			if (d > 0) { /* not in rev, or unprobed there (pvabi check says so) */
				last = -1;
				continue;
			}
			/* a class of byte named in the line: "case any_byte[esc]" */
			snprintf(label, sizeof(label), "case %s%s%s%s: %s -> %s", p->name,
				 pvabi_part_class(p, k) ? "[" : "",
				 pvabi_part_class(p, k) ? pvabi_part_class(p, k) : "",
				 pvabi_part_class(p, k) ? "]" : "", pr.args[0] ? pr.args : "()",
				 pr.expect);
			rc |= emit_vec_entry(t, g, op, opi, NULL, label, &pr.v, r, &last, &p->loc);
		}
	}
	return rc;
}

int emit_part_collect(struct ctable *t, const struct pvabi_gen *g, const struct pvabi_op **ops,
		      size_t nops)
{
	size_t i, j, opi = 0;
	int rc = 0;

	for (i = 0; i < nops; i++) {
		if (!emit_known(g, ops[i]))
			continue;
		for (j = 0; j < ops[i]->nparts; j++)
			rc |= part_probes(t, g, ops[i], opi, &ops[i]->parts[j]);
		opi++;
	}
	return rc;
}
