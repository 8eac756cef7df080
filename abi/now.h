/* Values whose meaning a mode changes against the platform's own state
 * (<now>, docs/spec-language.md#values-against-the-platforms-now): per
 * mode and revision, whether a by-value argument is absolute (compared
 * with the platform's clock) or relative (added to it), what a value
 * already past and a value 0 do, and the timing promise: how early and
 * how late the effect may be seen around the value's moment. The
 * conformance generator derives probes just before and just after "now"
 * in each mode's terms and judges the effect and the moment it is seen;
 * `pvabi check` reports an argument the platform combines with its
 * state in a mode no <now> declares (NOW_UNDECLARED). Conformance data
 * like <edge>: not in the fingerprint or the lock. */
#ifndef PVABI_NOW_H
#define PVABI_NOW_H

#include <stddef.h>
#include <stdint.h>

#include "abi/model.h"

enum pvabi_now_is { PVABI_NOW_ABSOLUTE, PVABI_NOW_RELATIVE };

#define PVABI_NOW_MAX_PASTS 4

struct pvabi_now {
	enum pvabi_now_is is;
	const char *when;     /* the mode: other arguments, vectors' args
			       * syntax; NULL: the probe base */
	const char *clock;    /* the op (no arguments, an integer result)
			       * that reads the platform's clock */
	int clock_op;         /* its index in spec->ops; PVABI_NONE */
	const char *past;     /* absolute: "fires" or "error=NAME", what a
			       * value at or before now does; NULL for
			       * relative (no value is past) */
	int past_error;       /* the error's index, PVABI_NONE: fires */
	int cancels;          /* zero="cancels": 0 drops an armed value */
	uint64_t early, late; /* the promise: the effect is seen no sooner
			       * than early ns before the value's moment and
			       * no later than late ns after it */
	const char *observe;  /* the scenario whose first call of the op
			       * is replaced by each probe */
	int observe_sc;       /* its index in spec->scenarios; PVABI_NONE */
	const char *seen;     /* "ARG.FIELD" of the first step after that
			       * call that names it: nonzero once the effect
			       * happened (a pending event); format 2: the
			       * "STRUCT.FIELD" offset of a <read bit=> after
			       * the call, the bit set once it happened */
	int seen_step;        /* that step's index in the scenario */
	/* Format 2 (a <now> of a command, abi/now2.h): the data field
	 * ("extra_args.timeout_abs_ns"), the pvclock record that is the
	 * clock ("vcpu_info.time" on the page seen= is read from), and
	 * past= as answers by platform release: pasts[0] before
	 * pasts[1].from, and so on; npasts 1 when one answer holds */
	const char *field;
	const char *record;
	struct pvabi_now_past {
		int error;        /* PVABI_NONE: fires */
		const char *name; /* "fires" or the error's name */
		const char *from; /* the release it holds from; NULL: pasts[0] */
	} pasts[PVABI_NOW_MAX_PASTS];
	size_t npasts;
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

/* "absolute" or "relative"; the value of a name, -1: none. */
const char *pvabi_now_is_name(enum pvabi_now_is is);
int pvabi_now_is_parse(const char *name);
/* 1 when the modes a and b (when= texts, NULL: the probe base) set the
 * same arguments of op to the same values in rev, an argument left
 * unset counting as its default. */
int pvabi_now_same_mode(const struct pvabi_spec *s, const struct pvabi_op *op, const char *a,
			const char *b, int rev);

#endif
