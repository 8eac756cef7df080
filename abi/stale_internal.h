/* Shared by the two files of the pairs read after another value:
 * stale.c (the calls' values, the pairs) and stale_hist.c (the calls on
 * a handle, with the steps that brought it into its state). */
#ifndef PVABI_STALE_INTERNAL_H
#define PVABI_STALE_INTERNAL_H

#include "abi/stale.h"

/* The calls of scenarios on a handle of w's op, each with the steps
 * that brought its handle into its state, added to w->obs; w->harg and
 * w->freer set when the op reports on a handle. */
void stale_hist_collect(struct pvabi_stale *w);

#endif
