/* Shared by the two files of the format 2 guest target. */
#ifndef PVABI_EMIT_GUEST2_H
#define PVABI_EMIT_GUEST2_H

#include "emit/emit.h"
#include "emit/emit_names.h"

/* C type of a scalar, enum or struct/union in the format 2 header. */
const char *guest2_ctype(const struct pvabi_gen *g, const struct emit_names *n,
			 const struct pvabi_type *t, char *buf, size_t len);
/* Op and command numbers, entry installation and call stubs; 0 or -1
 * (diagnosed) when a convention cannot be emitted. */
int guest2_calls(FILE *f, const struct pvabi_gen *g, const struct emit_names *n);
/* The whole header of revision g->rev (emit_guest2.c). */
int pvabi_emit_guest2(const struct pvabi_gen *g);

#endif
