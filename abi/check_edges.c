/* EDGE_UNDECLARED (abi/edge.h): once a spec declares range edges, every
 * unsigned integer an op takes by value, not bounded by a dispatch
 * limit, must have each end of its range declared (min, min+1, max-1,
 * max) in every revision the argument exists in: a warning per argument
 * and revision, waivable with a reason. A spec that declares none (an
 * ABI not yet described this far) is not asked. Run with the coverage
 * pass, whose waivers it shares the judging of. */
#include "abi/coverage.h"
#include "abi/edge.h"
#include "abi/finding.h"

#include <stdio.h>

static int spec_has_edges(const struct pvabi_spec *s)
{
	size_t i, j;

	for (i = 0; i < s->nops; i++)
		for (j = 0; j < s->ops[i].nargs; j++)
			if (s->ops[i].args[j].nedges)
				return 1;
	return 0;
}

static void arg_edges(const struct pvabi_spec *s, const struct pvabi_op *op,
		      const struct pvabi_arg *a, struct pvabi_findings *f)
{
	char tgt[300], pts[64];
	unsigned int missing;
	int r;

	for (r = 0; r < (int)s->nrevs; r++) {
		if (!pvabi_life_has(&op->life, r) || !pvabi_life_has(&a->life, r))
			continue;
		missing = PVABI_EDGE_ALL & ~pvabi_edge_declared(s, a, r);
		if (!missing)
			continue;
		snprintf(tgt, sizeof(tgt), "op:%s.arg:%s", op->name, a->name);
		finding_warn_waivable(f, "EDGE_UNDECLARED", &a->loc, s->revs[r].id, tgt,
				      "op %s: arg '%s': no <edge> declares what the platform does at %s",
				      op->name, a->name, pvabi_edge_points(missing, pts, sizeof(pts)));
	}
}

void pvabi_check_edges(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	size_t i, j;

	if (!spec_has_edges(s))
		return;
	for (i = 0; i < s->nops; i++)
		for (j = 0; j < s->ops[i].nargs; j++)
			if (pvabi_edge_wanted(&s->ops[i].args[j]))
				arg_edges(s, &s->ops[i], &s->ops[i].args[j], f);
}
