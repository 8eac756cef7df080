/* MONOTONIC_UNDECLARED (abi/mono.h): an op whose doc promises that what
 * it returns is monotonic must say which output that is and which
 * clock it belongs to (<monotonic>), or no image reads it across the
 * calls that may reset it: a promise in prose alone is never probed.
 * The heuristic is the word itself, which every ABI doc of a clock
 * uses (Xen's vcpu_time_info, KVM's pvclock, this spec's get_time); a
 * doc that uses it of something else takes a waiver with the reason.
 * A waivable warning per op and revision, judged with the coverage
 * pass. */
#include "abi/coverage.h"
#include "abi/finding.h"
#include "abi/mono.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int says_monotonic(const char *doc)
{
	static const char word[] = "monotonic";
	const char *p;
	size_t i;

	for (p = doc; p && *p; p++) {
		for (i = 0; word[i] && tolower((unsigned char)p[i]) == word[i]; i++)
			;
		if (!word[i])
			return 1;
	}
	return 0;
}

static int declared(const struct pvabi_op *op, int r)
{
	size_t i;

	for (i = 0; i < op->nmonos; i++)
		if (pvabi_life_has(&op->monos[i].life, r))
			return 1;
	return 0;
}

void pvabi_check_mono(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	char tgt[300];
	size_t i;
	int r;

	for (i = 0; i < s->nops; i++) {
		const struct pvabi_op *op = &s->ops[i];

		if (!says_monotonic(op->doc))
			continue;
		for (r = 0; r < (int)s->nrevs; r++) {
			if (!pvabi_life_has(&op->life, r) || declared(op, r))
				continue;
			snprintf(tgt, sizeof(tgt), "op:%s", op->name);
			finding_warn_waivable(f, "MONOTONIC_UNDECLARED", &op->loc,
					      s->revs[r].id, tgt,
					      "op %s: its doc says monotonic, but no <monotonic> names the output and its clock",
					      op->name);
		}
	}
}
