/* Outputs that never decrease while the guest runs (<monotonic>,
 * docs/spec-language.md#outputs-that-never-go-back): an op's result or
 * a field of its pass="out" struct, read by the call with args, that
 * belongs to a named clock. Every reading of one clock must be at
 * least the one before it, across every call the guest may make: a
 * repeated negotiate, a malformed offer, any refused call. Each
 * conformance image keeps the last value of each declared output and
 * reads it again after every call that may reset platform state,
 * naming the call after which it went back; `pvabi check` reports an
 * op whose doc calls it monotonic without a declaration
 * (MONOTONIC_UNDECLARED). Conformance data like <edge>: not in the
 * fingerprint or the lock. */
#ifndef PVABI_MONO_H
#define PVABI_MONO_H

#include <stddef.h>

#include "abi/model.h"
#include "abi/vector.h"

struct pvabi_mono {
	const char *value;  /* "ret" or "ARG.FIELD" */
	const char *clock;  /* readings of one clock are compared */
	const char *args;   /* the reading call's args, vectors' syntax */
	/* What the clock counts, against another declared clock (docs/
	 * spec-language.md#clocks-judged-against-each-other): unit "ns"
	 * (nanoseconds of platform time), or khz "OP:VALUE", ticks at the
	 * frequency in kHz that output of OP (no arguments) gives; runs_with
	 * names a clock of unit ns this one keeps the rate of, bounded_by
	 * one this one rises no faster than and never exceeds (an
	 * accumulated duration: steal time). NULL where not declared. */
	const char *unit, *khz, *runs_with, *bounded_by;
	/* The states an accumulated duration (bounded-by=) leaves out,
	 * space-separated words of PVABI_MONO_EXCLUDES (docs/spec-language.md
	 * #durations-that-leave-states-out): the image reads it across a span
	 * in each and across one as long spent running. NULL: none said. */
	const char *excludes;
	/* A snapshot that converts another clock into this one (docs/
	 * spec-language.md#a-snapshot-that-converts-a-clock): the same call
	 * reads this clock's value and, as its reading of clock `converts',
	 * that clock's value at the same instant; a later reading c of that
	 * clock gives value + ((c - stamp) shifted left by the output `shift'
	 * (right when negative) * the output `mul') >> 32, within within_ns
	 * of the runs-with= clock for for_ns after the call (time_info's
	 * system_time_ns, Xen's vcpu_time_info, KVM's pvclock). NULL / 0
	 * where not declared. */
	const char *converts, *mul, *shift;
	const char *within_ns, *for_ns;
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

/* The reading call of m in rev as a vector: its args, and an
 * expectation that accepts any success and, for a field, checks it
 * (>= 0), so the generator places the field like any check. 0, or -1
 * with the problem in err (MONOTONIC_INVALID). */
int pvabi_mono_resolve(const struct pvabi_spec *s, const struct pvabi_op *op,
		       const struct pvabi_mono *m, int rev, struct pvabi_vec *out, char *err,
		       size_t errlen);

/* The reading of the frequency of m (khz="OP:VALUE") in rev as a
 * vector, with the op it calls in *khz_op: 0, or -1 with the problem
 * in err. */
int pvabi_mono_khz_resolve(const struct pvabi_spec *s, const struct pvabi_mono *m, int rev,
			   const struct pvabi_op **khz_op, struct pvabi_vec *out, char *err,
			   size_t errlen);

/* The reading of m's multiplier (shift 0) or shift (shift 1) in rev as
 * a vector of op (abi/mono_conv.c): 0, or -1 with the problem in err. */
int pvabi_mono_conv_resolve(const struct pvabi_spec *s, const struct pvabi_op *op,
			    const struct pvabi_mono *m, int shift, int rev, struct pvabi_vec *out,
			    char *err, size_t errlen);

/* The states excludes= may name, as bits: "halted", a vCPU waiting for
 * an event with nothing due (the image's wait: no call, ringing the
 * doorbell without one). */
#define PVABI_MONO_EXCL_HALTED 1u

/* The bits of list (excludes=) into *bits: 0, or -1 with the first word
 * that names no state into bad (n bytes). */
int pvabi_mono_excludes(const char *list, unsigned int *bits, char *bad, size_t n);

#endif
