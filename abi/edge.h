/* Declared range edges (<edge>, docs/spec-language.md#range-edges): what
 * the platform does with a by-value integer argument at the ends of its
 * type's range, per mode (the other arguments' values that transform
 * it) and per revision, and where the value overflows when the platform
 * combines it with its own state. Conformance data like <guest-bits>:
 * the conformance generator derives probes from it, `pvabi check`
 * reports an argument whose edges a revision leaves undeclared
 * (EDGE_UNDECLARED); not in the fingerprint or the lock. */
#ifndef PVABI_EDGE_H
#define PVABI_EDGE_H

#include <stddef.h>
#include <stdint.h>

#include "abi/model.h"

/* The points of a range an edge speaks for: the type's 0 and 1, its
 * largest value and the one below it. */
enum {
	PVABI_EDGE_MIN = 1 << 0,
	PVABI_EDGE_MIN1 = 1 << 1,  /* min + 1 */
	PVABI_EDGE_MAX1 = 1 << 2,  /* max - 1 */
	PVABI_EDGE_MAX = 1 << 3,
	PVABI_EDGE_ALL = 0xf
};

/* What the platform does there. VALID: the value means what any other
 * value means, and the call answers expect; SATURATES: where adding
 * the platform's state overflows, the sum is the type's largest value
 * (a relative deadline past the top of time means never); WRAPS: the
 * sum is taken modulo the type's range, as documented; REFUSED: the
 * call fails with error and has no effect; IGNORED: the value is not
 * looked at, the call answers as with the probe base's value. */
enum pvabi_edge_is {
	PVABI_EDGE_VALID, PVABI_EDGE_SATURATES, PVABI_EDGE_WRAPS, PVABI_EDGE_REFUSED,
	PVABI_EDGE_IGNORED
};

struct pvabi_edge {
	unsigned int at;      /* PVABI_EDGE_* bits */
	enum pvabi_edge_is is;
	const char *when;     /* the mode: other arguments, vectors' args
			       * syntax; NULL: the probe base */
	const char *expect;   /* the answer, vectors' expect syntax (not
			       * with REFUSED or IGNORED) */
	const char *error;    /* REFUSED: the error's name */
	const char *adds;     /* SATURATES, WRAPS: the op (no arguments,
			       * an integer result) whose result the
			       * platform adds the value to; NULL: none */
	int adds_op;          /* its index in spec->ops, resolved after
			       * the ops load; PVABI_NONE */
	const char *observe;  /* a scenario calling the op that observes
			       * its effect, run once per point; NULL */
	int observe_sc;       /* its index in spec->scenarios; PVABI_NONE */
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

/* The point names, "min min+1 max-1 max", of the bits in at, into buf. */
const char *pvabi_edge_points(unsigned int at, char *buf, size_t len);
/* The value of point p (one PVABI_EDGE_* bit) for an unsigned integer
 * of size bytes. */
uint64_t pvabi_edge_value(unsigned int p, unsigned int size);
/* The name of is ("saturates"), and the value of a name (-1: none). */
const char *pvabi_edge_is_name(enum pvabi_edge_is is);
int pvabi_edge_is_parse(const char *name);
/* The points the edges of a alive in rev declare, in any mode, and
 * those its handler-limit= decides (every one at or above the limit's
 * min but the argument's default: valid inside, refused above). */
unsigned int pvabi_edge_declared(const struct pvabi_spec *s, const struct pvabi_arg *a, int rev);
/* 1 for u8, u16, u32, u64 and ulong. */
int pvabi_edge_unsigned(enum pvabi_prim p);
/* The answer e declares: the error's value (refused, or expect=
 * "error=NAME") or expect's "ret=N"; 0, 1 for ignored (the probe
 * base's answer), -1 when it names nothing the spec defines. */
int pvabi_edge_expect(const struct pvabi_spec *s, const struct pvabi_edge *e, int64_t *out);
/* 1 when e, in rev, refuses its argument's value alone: a refused edge
 * alive in rev, with its error, in no mode (a mode sets other
 * arguments, so its refusal is not the value's alone). The refusals a
 * probe can put in place of one value with everything else kept: a
 * batch request's field (abi/batch_elem.c), an entry written over each
 * state of the one it replaces (emit/emit_prior_scen.c). */
int pvabi_edge_refuses_alone(const struct pvabi_edge *e, int rev);
/* 1 when a is an argument the rule asks edges of: an unsigned integer
 * passed by value, not an enum, bounded by no dispatch limit (a limit's
 * own probes cover its range). */
int pvabi_edge_wanted(const struct pvabi_arg *a);

#endif
