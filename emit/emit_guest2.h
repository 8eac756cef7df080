/* Shared by the files of the format 2 guest target. */
#ifndef PVABI_EMIT_GUEST2_H
#define PVABI_EMIT_GUEST2_H

#include "emit/emit.h"
#include "emit/emit_names.h"

/* C type of a scalar, enum or struct/union in the format 2 header
 * (emit_guest2_type.c). */
const char *guest2_ctype(const struct pvabi_gen *g, const struct emit_names *n,
			 const struct pvabi_type *t, char *buf, size_t len);
/* Op and command numbers, entry installation and call stubs; 0 or -1
 * (diagnosed) when a convention cannot be emitted. */
int guest2_calls(FILE *f, const struct pvabi_gen *g, const struct emit_names *n);
/* emit_guest2_msr.c: conventions whose op id is an instruction's operand
 * (cpuid, msr): whether cv is one, its raw stubs, the check of an op of
 * it (0, or -1 diagnosed) and the op's typed stubs. */
int guest2_is_insn_conv(const struct pvabi_conv *cv);
void guest2_insn_conv_stubs(FILE *f, const struct emit_names *n, const struct pvabi_conv *cv);
int guest2_insn_op_check(const struct pvabi_gen *g, const struct pvabi_op *op);
void guest2_insn_typed_stub(FILE *f, const struct pvabi_gen *g, const struct emit_names *n,
			    const struct pvabi_op *op);
/* The whole header of revision g->rev (emit_guest2.c). */
int pvabi_emit_guest2(const struct pvabi_gen *g);

#endif
