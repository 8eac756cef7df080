/* Declared limits (<limit>, docs/spec-language.md#limits): what a limit
 * is in a revision under a grant, and the values that probe its edges.
 * The dispatch generator enforces these values, the conformance
 * generator probes them, the manual prints them: all from this one
 * resolution. */
#ifndef PVABI_LIMIT_H
#define PVABI_LIMIT_H

#include <stddef.h>
#include <stdint.h>

#include "abi/model.h"

int pvabi_spec_limit(const struct pvabi_spec *spec, const char *name);
/* The limit an argument names, or NULL. */
static inline const struct pvabi_limit *pvabi_arg_limit(const struct pvabi_spec *spec,
							 const struct pvabi_arg *a)
{
	return a->limit >= 0 && (size_t)a->limit < spec->nlimits ? &spec->limits[a->limit] : NULL;
}

/* The limit's value in revision rev when the features in granted are
 * granted: its own value, replaced by each case that applies in turn. */
uint64_t pvabi_limit_value(const struct pvabi_spec *s, int li, int rev, uint64_t granted);
/* The largest value of any revision and grant (what a table sized for
 * every guest holds). */
uint64_t pvabi_limit_ceiling(const struct pvabi_spec *s, int li);
/* Feature bits whose grant changes the value in rev. */
uint64_t pvabi_limit_features(const struct pvabi_spec *s, int li, int rev);
/* The highest valid value under the limit's value v (v - 1 for a count,
 * v for a max); 0 when none is valid (a count of 0). */
uint64_t pvabi_limit_top(const struct pvabi_limit *l, uint64_t v, int *none);

/* One edge probe: an argument value and whether the limit refuses it. */
struct pvabi_limit_probe {
	uint64_t value;
	int refused;   /* 1: the call must fail with error */
	int error;     /* index in spec->errors */
};

#define PVABI_LIMIT_MAX_PROBES 6
/* The probes of limit li with value v for an argument of type prim:
 * min - 1, min, min + 1 (when min > 0; min 0 is the type's own edge)
 * and v - 1, v, v + 1, each once;
 * those outside the type's range left out (the type check refuses them
 * first), and for a platform limit the valid ones other than min left
 * out (a platform may allow fewer). */
size_t pvabi_limit_probes(const struct pvabi_spec *s, int li, uint64_t v, enum pvabi_prim prim,
			  struct pvabi_limit_probe *out);

#endif
