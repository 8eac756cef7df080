/* Invariants of a negotiation that need no prediction: they follow from
 * the two sides' declarations alone (struct pvabi_cell_facts), so they
 * hold even where the oracle itself could be wrong. */
#ifndef PVABI_INVARIANT_H
#define PVABI_INVARIANT_H

#include <stddef.h>

#include "conformance/cell.h"

/* 1 with the first broken invariant in why, 0 when all hold (or when
 * there is nothing to check: no facts, no guest record). */
int pvabi_invariant_check(const struct pvabi_cell_facts *f, const struct pvabi_cell_result *r,
			  char *why, size_t n);

#endif
