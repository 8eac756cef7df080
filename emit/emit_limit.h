/* Declared limits in the generated platform (emit_limit.c): the ids and
 * ceilings in <abi>_platform.h, the value per revision and grant in
 * <abi>_state.c, the checks in <abi>_dispatch.c and the platform's hook
 * in the skeleton. Nothing is written for a spec without limits. */
#ifndef PVABI_EMIT_LIMIT_H
#define PVABI_EMIT_LIMIT_H

#include "emit/emit_platform.h"

void emit_limit_header(FILE *f, const struct pvabi_gen *g, const struct emit_names *n);
void emit_limit_state(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		      const struct window *w);
/* The checks of op's limited arguments, in slot order, after every
 * check of the dispatch's own: the op's documented checks start here. */
void emit_limit_checks(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
		       const struct pvabi_op *op);
void emit_limit_skeleton(FILE *f, const struct pvabi_gen *g, const struct emit_names *n);

#endif
