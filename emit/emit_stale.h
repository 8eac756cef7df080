/* Every output judged right after a call that left another value in it:
 * abi/stale.c derives the pairs, emit/emit_stale_scen.c makes each one
 * scenario of the images, emit/emit_docs_stale.c lists them in the
 * manual. */
#ifndef PVABI_EMIT_STALE_H
#define PVABI_EMIT_STALE_H

#include "abi/stale.h"
#include "emit/emit_derive.h"

/* Every pair of the ops the image knows, in every revision up to its
 * own, kept in sg->readback. */
int emit_stale_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			    const struct pvabi_op **ops, size_t nops);

#endif
