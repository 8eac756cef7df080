/* Outputs fixed while the guest runs, format 2 (<fixed> on a
 * <command>, docs/spec-language.md#fixed-in-format-2): the reading call
 * of a declaration as the guest header's typed stub makes it, and where
 * each value it names lies after the call, so the conformance generator
 * (emit/emit_conf2_fixed.c) reads them at the start of the run and
 * again later, and compares them byte for byte. */
#ifndef PVABI_FIXED2_H
#define PVABI_FIXED2_H

#include <stddef.h>

#include "abi/fixed.h"
#include "abi/vector2.h"

enum pvabi_fx2_kind {
	PVABI_FX2_RET,   /* "ret": the command's result */
	PVABI_FX2_DATA,  /* "arg": all of the data the command writes */
	PVABI_FX2_FIELD, /* "arg.FIELD": one scalar field of it */
};

struct pvabi_fx2_val {
	enum pvabi_fx2_kind kind;
	int param;                /* DATA, FIELD: the call's parameter */
	char path[PVABI_V2_PATH]; /* FIELD: its C member path in the revision */
	char name[128];           /* as value= names it */
};

/* The reading call of f, a <fixed> of command cmd of op, in rev, and
 * the values it names (at most PVABI_FIXED_VALUES). 0, or -1 with the
 * problem in err (FIXED_INVALID). */
int pvabi_fixed2_resolve(const struct pvabi_spec *s, int op, int cmd, const struct pvabi_fixed *f,
			 int rev, struct pvabi_v2 *call, struct pvabi_fx2_val *vals, size_t *nvals,
			 char *err, size_t errlen);

#endif
