/* Vectors made again from vCPU 1 (emit/emit_caller_scen.c, abi/caller.h):
 * the images run the derived scenarios, the manual lists them. */
#ifndef PVABI_EMIT_CALLER_H
#define PVABI_EMIT_CALLER_H

#include "emit/emit_derive.h"

/* Vector j of op opi as vCPU 1 makes it in rev: a one-call scenario,
 * *d, or NULL (answer 0) where the vector is not copied there. 0, or -1
 * out of memory. */
int emit_caller_derive(const struct pvabi_spec *s, int opi, size_t j, int rev,
		       struct emit_derived **d);
/* Every copied vector of the ops g knows, one scenario per run of
 * revisions that copy it alike. */
int emit_caller_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			     const struct pvabi_op **ops, size_t nops);

#endif
