/* The names generated C gives each item of a spec, computed once per run
 * so every emitter spells an op, an error, a feature, an enum value or a
 * struct the same way: the guest header, the platform header, the
 * dispatch, the suites and the alias headers can never disagree. */
#ifndef PVABI_EMIT_NAMES_H
#define PVABI_EMIT_NAMES_H

#include <stddef.h>

#include "abi/model.h"

struct emit_name {
	const char *up;    /* the item's name in upper case: SET_TIMER */
	const char *macro; /* its constant: PVP_OP_SET_TIMER, PVP_EINVAL,
			    * PVP_FEATURE_TSC_STABLE, PVP_CLOCK_MONOTONIC */
	const char *c;     /* its C name: pvp_set_timer (stub), struct
			    * pvp_timespec, pvp_clock_t; NULL for errors,
			    * features and enum values */
	const char *platform; /* ops: the handler, pvp_handle_set_timer;
			       * structs: the layout table and its type's
			       * tag, pvp_layout_timespec; else NULL */
};

struct emit_names {
	const char *lo, *up; /* the ABI as a C prefix: "pvp", "PVP" */
	/* Indexed as the spec's arrays; values[e][v] for value v of enum e. */
	struct emit_name *ops, *errors, *features, *enums, *structs;
	struct emit_name **values;
	struct pvabi_arena *arena;
};

/* 0, or -1 when out of memory (n is then empty; free it all the same). */
int emit_names_init(struct emit_names *n, const struct pvabi_spec *s);
void emit_names_free(struct emit_names *n);

/* The names of an op given by pointer into s->ops (as emit_ops_by_id
 * returns them). */
static inline const struct emit_name *emit_op_name(const struct emit_names *n,
						   const struct pvabi_spec *s,
						   const struct pvabi_op *op)
{
	return &n->ops[op - s->ops];
}

#endif
