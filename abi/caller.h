/* Calls whose outcome depends on which vCPU makes them
 * (docs/spec-language.md#calls-whose-outcome-depends-on-the-caller).
 * A vector is written from vCPU 0, and the images made every vector's
 * call from vCPU 0 alone, so a platform that answers an op right for the
 * boot vCPU and wrong for another (a caller's own vCPU mistaken for
 * vCPU 0, a "remote" set that leaves out vCPU 0 instead of the caller)
 * met no vector. Two declarations make a vector's call again from
 * vCPU 1 (emit/emit_caller_scen.c):
 *
 *  - <by-caller [when="ARGS"]> on an op whose doc says what it does or
 *    answers depends on the calling vCPU: each of its vectors whose
 *    arguments hold every NAME=VALUE of when (all of them without
 *    when);
 *  - an argument that names a vCPU (its limit or handler-limit counts
 *    vCPUs: <limit counts="vcpus">): each vector that gives it a vCPU a
 *    two-vCPU guest has, 0 or 1.
 *
 * In the copy, every argument that names a vCPU and is given 0 or 1
 * names the other: the vector's vCPUs relabelled so that the caller's
 * own vCPU stays the caller's (a yield to itself from vCPU 0 is a yield
 * to itself from vCPU 1) and the other stays the other. Conformance
 * data like <fixed>: not in the fingerprint or the lock. */
#ifndef PVABI_CALLER_H
#define PVABI_CALLER_H

#include <stddef.h>

#include "abi/model.h"

struct pvabi_by_caller {
	const char *when; /* "NAME=VALUE ...", vectors' syntax; NULL: every vector */
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

/* Whether a by-value argument names a vCPU: its limit or handler-limit
 * counts vCPUs. */
int pvabi_arg_names_vcpu(const struct pvabi_spec *s, const struct pvabi_arg *a);

/* Whether vector v of op, alive in rev, is made again from vCPU 1, as
 * a <by-caller> of op alive in rev or an argument naming vCPU 0 or 1
 * decide. *relabel: bit i set for argument i, which names a vCPU and is
 * given 0 or 1 (its copy names the other); *ones: bit i set where that
 * value is 1. 1, 0, or -1 when v does not resolve in rev. */
int pvabi_caller_copies(const struct pvabi_spec *s, const struct pvabi_op *op,
			const struct pvabi_vector *v, int rev, unsigned int *relabel,
			unsigned int *ones);

/* Whether <by-caller> b of op selects vector v in rev (v resolved);
 * 1, 0, or -1 with the problem in err when b's when= does not resolve
 * there (BY_CALLER_INVALID). */
int pvabi_by_caller_selects(const struct pvabi_spec *s, const struct pvabi_op *op,
			    const struct pvabi_by_caller *b, const struct pvabi_vector *v, int rev,
			    char *err, size_t errlen);

#endif
