/* MONOTONIC_UNDECLARED (abi/mono.h): an op whose doc promises that what
 * it returns is monotonic must say which output that is and which
 * clock it belongs to (<monotonic>), or no image reads it across the
 * calls that may reset it: a promise in prose alone is never probed.
 * The heuristic is the word itself, which every ABI doc of a clock
 * uses (Xen's vcpu_time_info, KVM's pvclock, this spec's get_time); a
 * doc that uses it of something else takes a waiver with the reason.
 * A waivable warning per op and revision, judged with the coverage
 * pass. */
#include "abi/coverage.h"
#include "abi/mono.h"

static int declared(const struct pvabi_op *op, int r)
{
	size_t i;

	for (i = 0; i < op->nmonos; i++)
		if (pvabi_life_has(&op->monos[i].life, r))
			return 1;
	return 0;
}

void pvabi_check_mono(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	static const char *const phrases[] = { "monotonic", NULL };
	static const struct pvabi_prose_rule rule = {
		"MONOTONIC_UNDECLARED", phrases, declared, "monotonic",
		"<monotonic> names the output and its clock", NULL, 0
	};

	pvabi_check_prose(s, f, &rule);
}

/* EXCLUDES_UNDECLARED: an op whose doc says what an accumulated
 * duration leaves out ("does not include time the vCPU spent halted")
 * must name those states (<monotonic excludes=>), or no image reads it
 * across them: steal time that counted halted time stayed below
 * get_time and rose no faster, and passed every bound of its clock
 * (round 10's steal-counts-idle). The phrases are the ones a doc of a
 * duration uses to leave a state out; any other use takes a waiver. */
static int excludes_declared(const struct pvabi_op *op, int r)
{
	size_t i;

	for (i = 0; i < op->nmonos; i++)
		if (op->monos[i].excludes && pvabi_life_has(&op->monos[i].life, r))
			return 1;
	return 0;
}

void pvabi_check_excludes(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	static const char *const phrases[] = { "not include time", "not count time",
					       "excludes time", "excluding time", NULL };
	static const struct pvabi_prose_rule rule = {
		"EXCLUDES_UNDECLARED", phrases, excludes_declared,
		"what a duration leaves out",
		"<monotonic excludes=> names the states", NULL, 0
	};

	pvabi_check_prose(s, f, &rule);
}
