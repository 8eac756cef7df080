/* The pairs of calls that read each output after another value
 * (abi/stale.h), as `pvabi coverage` shows them beside its table
 * (cli/coverage_pairs.c). */
#ifndef PVABI_CLI_COVERAGE_PAIRS_H
#define PVABI_CLI_COVERAGE_PAIRS_H

#include <stddef.h>

#include "abi/coverage.h"
#include "abi/stale.h"

/* The pairs of one op in one revision, derived once for all its outputs. */
struct cov_pairs {
	const struct pvabi_spec *s;
	struct pvabi_stale *w;
	int op, rev, ok; /* w holds op in rev; ok: it has outputs there */
};

/* 0, or -ENOMEM. */
int cov_pairs_open(struct cov_pairs *p, const struct pvabi_spec *s);
void cov_pairs_close(struct cov_pairs *p);
/* How many pairs read output o right after another value. */
size_t cov_pairs_reading(struct cov_pairs *p, const struct pvabi_cov_out *o);
/* Every pair of the revisions in c, and per revision and in total how
 * many outputs some pair reads: text after the table, or the JSON
 * object's "pairs" member (its name and value, no comma around). */
void cov_pairs_text(struct cov_pairs *p, const struct pvabi_coverage *c);
void cov_pairs_json(struct cov_pairs *p, const struct pvabi_coverage *c);

#endif
