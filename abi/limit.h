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

/* A declared limit (<limit>): the valid values of the
 * by-value arguments that name it, per revision and per granted feature.
 * kind COUNT: min <= v < value (a number of things, numbered from min);
 * MAX: min <= v <= value (a largest size). A case replaces the value in
 * the revisions of its life when its feature (if any) is granted; the
 * last case that applies wins. Not in the fingerprint (docs/spec-language.md). */
enum pvabi_limit_kind { PVABI_LIMIT_COUNT, PVABI_LIMIT_MAX };

struct pvabi_limit_case {
	uint64_t value;
	int feature; /* index in spec->features, or PVABI_NONE */
	struct pvabi_life life;
	struct pvabi_loc loc;
};

struct pvabi_limit {
	const char *name;
	enum pvabi_limit_kind kind;
	uint64_t value;
	uint64_t min;
	int error;     /* index in spec->errors: v above the limit */
	int min_error; /* index in spec->errors: v below min */
	int platform;  /* the value is a ceiling: a platform may set less */
	/* counts="vcpus": the platform's value is the number of vCPUs it
	 * runs the guest with, numbered from 0 as the guest's runtime
	 * numbers them, so a guest that saw vCPU n run knows the value is
	 * above n (docs/spec-language.md#limits). */
	int counts_vcpus;
	struct pvabi_life life;
	struct pvabi_limit_case *cases;
	size_t ncases;
	const char *doc;
	struct pvabi_loc loc;
};

int pvabi_spec_limit(const struct pvabi_spec *spec, const char *name);
/* The limit an argument names, or NULL. */
static inline const struct pvabi_limit *pvabi_arg_limit(const struct pvabi_spec *spec,
							 const struct pvabi_arg *a)
{
	return a->limit >= 0 && (size_t)a->limit < spec->nlimits ? &spec->limits[a->limit] : NULL;
}

/* Whether a by-value argument carries an interrupt vector: its limit
 * admits exactly the vectors a <wait> may name (a COUNT from
 * PVABI_SCEN_VECTOR_MIN to PVABI_SCEN_VECTOR_MAX, evtchn_bind's vector
 * under irq_vectors), so a call that succeeds with it binds upcalls to
 * that vector, and the image judges the upcalls it takes between
 * scenarios against the vectors bound (guest/rt/suite_between.c). */
static inline int pvabi_arg_is_vector(const struct pvabi_spec *spec, const struct pvabi_arg *a)
{
	const struct pvabi_limit *l = pvabi_arg_limit(spec, a);

	return l && a->dir == PVABI_BY_VALUE && l->kind == PVABI_LIMIT_COUNT &&
	       l->min == PVABI_SCEN_VECTOR_MIN && l->value == PVABI_SCEN_VECTOR_MAX + 1 &&
	       !l->ncases;
}

/* The limit's value in revision rev when the features in granted are
 * granted: its own value, replaced by each case that applies in turn. */
uint64_t pvabi_limit_value(const struct pvabi_spec *s, int li, int rev, uint64_t granted);
/* The largest value of any revision and grant (what a table sized for
 * every guest holds). */
uint64_t pvabi_limit_ceiling(const struct pvabi_spec *s, int li);
/* Feature bits whose grant changes the value in rev. */
uint64_t pvabi_limit_features(const struct pvabi_spec *s, int li, int rev);
/* The largest handle table (<ret limit= full=>) a conformance image
 * fills: a call per handle. A larger one's full state is not reached
 * (FULL_STATE_UNPROBED, abi/check_full.c). */
#define PVABI_FILL_MAX 4096u
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

/* Bits of an input that belong to the guest (<guest-bits> on an
 * argument passed by value, docs/spec-language.md#guest-owned-bits):
 * when every bit of when_set is set and every bit of when_clear clear,
 * the platform must treat the value the same whatever the bits of mask
 * hold. The conformance generator derives probes that set them to
 * patterns and expect the outcome of the value with them clear. */
struct pvabi_guest_bits {
	uint64_t mask, when_set, when_clear;
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

/* Bits of a register a write ignores (<ignored-bits> on an argument
 * with restore-from=, docs/spec-language.md#bits-a-write-ignores): in
 * the mode when (the other arguments, such as an MSR index; NULL: any),
 * the bits of mask read back as they were before the write, whatever
 * the written value holds there, and the bits of writable read back as
 * written. The conformance generator writes the value read with each
 * writable bit set, then clear, then all of them clear, then the
 * ignored bits set and clear, and reads back after each. */
struct pvabi_ignored_bits {
	uint64_t mask, writable;
	const char *when;
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

#define PVABI_GUEST_BITS_PATTERNS 5
/* The values that probe g from reference value ref (ref with when_set
 * set and when_clear cleared, then mask's bits as all ones, alternating
 * patterns, the lowest and the highest bit), each once; returns how
 * many, out[0] being the reference itself with the bits clear. */
size_t pvabi_guest_bits_values(const struct pvabi_guest_bits *g, uint64_t ref,
			       uint64_t out[PVABI_GUEST_BITS_PATTERNS + 1]);

#endif
