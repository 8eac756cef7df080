/* Shared by the files of output coverage: coverage.c (the outputs,
 * format 1's marking, the names) and coverage2.c (format 2's marking)
 * both fill the table coverage_table.c keeps; coverage.c calls
 * coverage2.c, never the other way. */
#ifndef PVABI_COVERAGE_INTERNAL_H
#define PVABI_COVERAGE_INTERNAL_H

#include "abi/coverage.h"
#include "abi/expr.h"

/* The outputs of one op in one revision: c->v[first .. first + n). */
struct pvabi_cov_block {
	size_t first, n;
};

/* The output of that kind (cmd, error, arg, field PVABI_NONE where
 * they do not apply) in the op's block, or NULL. */
struct pvabi_cov_out *pvabi_cov_find(struct pvabi_coverage *c, struct pvabi_cov_block b, int cmd,
				     enum pvabi_out_kind kind, int error, int arg, int field);
/* The outputs of command k of op opi in rev (coverage2.c), appended. */
int pvabi_cov_cmd_outputs(const struct pvabi_spec *s, int opi, int k, int rev,
			  struct pvabi_coverage *c);
/* Appends an output; NULL on ENOMEM (coverage_table.c, like
 * pvabi_cov_find, pvabi_cov_by_add and pvabi_cov_expr_vars). */
struct pvabi_cov_out *pvabi_cov_out_add(struct pvabi_coverage *c, int op, int rev,
					enum pvabi_out_kind kind);
/* The struct an output's field belongs to. */
const struct pvabi_struct *pvabi_cov_struct(const struct pvabi_spec *s,
					    const struct pvabi_cov_out *o);
/* Adds a check to o; 0 or -ENOMEM. */
int pvabi_cov_by_add(struct pvabi_cov_out *o, struct pvabi_cov_by by);
/* The variables an expression reads, as bits. */
unsigned int pvabi_cov_expr_vars(const struct pvabi_expr *x);

/* Format 2 (coverage2.c): the checks of op opi's vectors and command
 * vectors in rev, and those of scenario sci's steps. */
int pvabi_cov_vectors2(const struct pvabi_spec *s, int opi, int rev, struct pvabi_coverage *c,
		       struct pvabi_cov_block b);
int pvabi_cov_scenario2(const struct pvabi_spec *s, int sci, int rev, struct pvabi_coverage *c,
			const struct pvabi_cov_block *blocks);

#endif
