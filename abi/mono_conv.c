/* A snapshot that converts a clock (<monotonic converts= mul= shift=>,
 * abi/mono.h): the reading of its multiplier and its shift as vectors
 * of the declaration's op, so the generator places those fields as it
 * places the clock's. The formula is the one time_info, Xen's
 * vcpu_time_info and KVM's pvclock share: a 32.32 multiplier of at most
 * 32 bits and a signed binary shift. */
#include "abi/mono.h"
#include "abi/layout.h"

#include <stdio.h>
#include <string.h>

/* The field `path' (ARG.FIELD of a pass="out" struct) of op in rev, one
 * integer: its primitive into *prim; 0, or -1 with the reason. */
static int conv_field(const struct pvabi_spec *s, const struct pvabi_op *op, const char *what,
		      const char *path, int rev, enum pvabi_prim *prim, char *err, size_t errlen)
{
	const char *dot = path ? strchr(path, '.') : NULL;
	const struct pvabi_struct *st;
	char an[128];
	int ai, fi;

	if (!dot) {
		snprintf(err, errlen, "%s=\"%s\": name ARG.FIELD, a field of the same snapshot", what,
			 path ? path : "");
		return -1;
	}
	snprintf(an, sizeof(an), "%.*s", (int)(dot - path), path);
	ai = pvabi_vec_find_arg(op, rev, an);
	if (ai == PVABI_NONE || op->args[ai].dir != PVABI_PTR_OUT ||
	    op->args[ai].type.kind != PVABI_T_STRUCT) {
		snprintf(err, errlen, "%s=%s: '%s' is not a pass=\"out\" struct of %s in %s", what, path,
			 an, op->name, s->revs[rev].id);
		return -1;
	}
	st = &s->structs[op->args[ai].type.index];
	fi = pvabi_struct_field(st, dot + 1);
	if (fi < 0 || !pvabi_life_has(&st->fields[fi].life, rev) ||
	    st->fields[fi].type.kind != PVABI_T_PRIM || st->fields[fi].count != 1) {
		snprintf(err, errlen, "%s=%s: no integer field %s of %s in %s", what, path, dot + 1,
			 st->name, s->revs[rev].id);
		return -1;
	}
	*prim = st->fields[fi].type.prim;
	return 0;
}

int pvabi_mono_conv_resolve(const struct pvabi_spec *s, const struct pvabi_op *op,
			    const struct pvabi_mono *m, int shift, int rev, struct pvabi_vec *out,
			    char *err, size_t errlen)
{
	const char *path = shift ? m->shift : m->mul, *what = shift ? "shift" : "mul";
	enum pvabi_prim p;
	char expect[300];

	if (conv_field(s, op, what, path, rev, &p, err, errlen))
		return -1;
	/* a 32.32 fraction: the product of a 64-bit delta fits 96 bits */
	if (!shift && (pvabi_prim_signed(p) || pvabi_prim_size(p) > 4)) {
		snprintf(err, errlen, "mul=%s: not an unsigned integer of at most 32 bits", path);
		return -1;
	}
	if (shift && !pvabi_prim_signed(p)) {
		snprintf(err, errlen, "shift=%s: not a signed integer (a negative shift shifts right)",
			 path);
		return -1;
	}
	/* read, not judged: any value places the field */
	snprintf(expect, sizeof(expect), shift ? "ret>=0 %s=-128..127" : "ret>=0 %s>=0", path);
	return pvabi_vec_resolve_text(s, op, m->args ? m->args : "", expect, rev, NULL, out, err,
				      errlen);
}
