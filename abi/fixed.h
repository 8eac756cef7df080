/* Outputs fixed while the guest runs (<fixed>,
 * docs/spec-language.md#outputs-fixed-for-the-guests-life): values a
 * guest reads once and caches, an op's result or integer fields of its
 * pass="out" argument as the call with args answers them, which the
 * platform must answer the same, bit for bit, for the rest of the
 * guest's life (scope "guest": from every vCPU) or of the calling
 * vCPU's (scope "vcpu"), or only while a feature is granted. Each conformance image reads them right after
 * the agreement and again where a platform plausibly changes state
 * (guest/rt/suite_fixed.c). Conformance data like <monotonic>: not in
 * the fingerprint or the lock. */
#ifndef PVABI_FIXED_H
#define PVABI_FIXED_H

#include <stddef.h>

#include "abi/model.h"
#include "abi/vector.h"

/* The most values one declaration names (one call reads them all). */
#define PVABI_FIXED_VALUES 8

/* The outside events a <fixed unless="..."> may name: those the harness
 * can vouch did or did not happen while a cell ran (conformance/
 * hostclock.c). The code travels in the image's probe table. */
enum {
	PVABI_FIXED_UNLESS_NONE = 0,
	/* "host-clock-step": the host's wall clock was stepped (its offset
	 * from CLOCK_MONOTONIC changed); the one value is a wall-clock time
	 * in nanoseconds, which moves by the step */
	PVABI_FIXED_UNLESS_HOST_CLOCK_STEP = 1,
};

/* The event's code for its name in unless=, or -1 for no such event. */
int pvabi_fixed_unless_code(const char *name);

struct pvabi_fixed {
	const char *value;  /* "ret" or "ARG.FIELD" or "ARG", space-separated */
	const char *args;   /* the reading call's args, vectors' syntax */
	enum pvabi_scope scope;
	/* feature="F": fixed only while F is granted (the values describe
	 * what F promises); index in spec->features, or PVABI_NONE */
	int feature;
	/* unless="EVENT": the values may move on that outside event only,
	 * which the harness watches across the run (PVABI_FIXED_UNLESS_*);
	 * PVABI_FIXED_UNLESS_NONE: fixed whatever happens outside */
	int unless;
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

/* The reading call of f in rev as a vector: its args, and an
 * expectation that accepts any success and places each value named
 * (a check no value can fail), so the generator lays out the fields as
 * it does any vector's. 0, or -1 with the problem in err
 * (FIXED_INVALID). */
int pvabi_fixed_resolve(const struct pvabi_spec *s, const struct pvabi_op *op,
			const struct pvabi_fixed *f, int rev, struct pvabi_vec *out, char *err,
			size_t errlen);

#endif
