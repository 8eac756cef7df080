/* How a run ends (docs/checks.md, "How a run ends"): each fresh image
 * ends its run by calling the op the spec marks ends-run= with a reason the
 * matrix chooses, and the judge compares the reason the image asked with
 * the one the platform recorded. */
#ifndef PVABI_RUNEND_H
#define PVABI_RUNEND_H

#include <stddef.h>
#include <stdint.h>

#include "abi/model.h"
#include "conformance/matrix.h"

/* The op that ends a run: the one the spec marks ends-run= (its argument
 * is the enum of reasons), or NULL when the spec marks none (then no run
 * end is asked or judged; the host ABIs' guests end through their
 * hypervisor's own interface). */
const struct pvabi_op *pvabi_runend_op(const struct pvabi_spec *s);

/* The reasons revision code rev accepts, newest first (the reason a
 * revision added is the one a platform behind it gets wrong), then in
 * declaration order; at most max written to vals. Returns how many the
 * revision accepts, 0 without such an op or for an unknown rev. */
size_t pvabi_runend_reasons(const struct pvabi_spec *s, uint32_t rev, int64_t *vals, size_t max);

/* Sets each cell's end (cell.h): for a fresh image that is predicted to
 * negotiate, the next of its negotiated revision's reasons in a rotation
 * kept per image and revision, so the cells of a revision together ask
 * every reason it accepts where they are as many. Frozen images keep
 * ending as they were built to. */
void pvabi_runend_plan(const struct pvabi_spec *s, struct pvabi_matrix *m);

#endif
