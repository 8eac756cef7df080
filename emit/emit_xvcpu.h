/* Every op on a handle made from the other vCPU (emit/emit_xvcpu_scen.c):
 * the images run the derived scenarios, the manual lists them. */
#ifndef PVABI_EMIT_XVCPU_H
#define PVABI_EMIT_XVCPU_H

#include "emit/emit_derive.h"

/* 1 when a step of sc names vCPU 1 (a call or a wait). */
int emit_xvcpu_two(const struct pvabi_scenario *sc);
/* 1 when step `at` of sc is a call on a handle that a scenario is
 * derived for: sc has two vCPUs and the call passes a handle an earlier
 * call of sc made. */
int emit_xvcpu_flips(const struct pvabi_spec *s, const struct pvabi_scenario *sc, size_t at);
/* sc with each such step made by the other vCPU and, after each that
 * frees the handle, the next allocation by the vCPU that made it and its
 * free; NULL when sc has no such step or out of memory. */
struct emit_derived *emit_xvcpu_derive(const struct pvabi_spec *s, const struct pvabi_scenario *sc);
/* Every such scenario of the spec, kept in sg->xvcpu. */
int emit_xvcpu_scen_collect(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			    const struct pvabi_op **ops, size_t nops);

#endif
