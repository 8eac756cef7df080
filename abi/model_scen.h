/* The model's scenarios (abi/model.h): sequences of steps (calls,
 * guest memory, waits, checks) whose results bind variables that later
 * steps use. abi/scenario.h resolves them against a revision. */
#ifndef PVABI_MODEL_SCEN_H
#define PVABI_MODEL_SCEN_H

#include "abi/model_base.h"

/* One step of a scenario. A call is a vector (args, expect) of op `op`, whose
 * by-value args may name variables ("port=$p") bound by earlier steps.
 * bind: "NAME" binds the return value, "NAME=ARG.FIELD" a field of a
 * pass="out" struct, "NAME=ARG" a pass="out" scalar; NULL binds nothing.
 * retry > 0 repeats the call until its expectation holds, at most retry
 * times: how a guest observes asynchronous effects by polling. vcpu is
 * the vCPU that makes the call (0 unless the step names another). */
enum pvabi_step_kind {
	PVABI_STEP_CALL, /* <call> */
	PVABI_STEP_PAGE, /* <page>: a zeroed 4 KiB guest page, its address bound */
	PVABI_STEP_READ, /* <read>: guest memory at a bound address */
	PVABI_STEP_WAIT, /* <wait>: interrupts the guest received */
	PVABI_STEP_CHECK, /* <check>: an expression of the variables (args:
			   * value, expect: the comparison) */
	PVABI_STEP_WRITE, /* <write>: guest memory at a bound address (format 2) */
	PVABI_STEP_CLOCK, /* <clock>: a pvclock record's time (format 2) */
};

#define PVABI_SCEN_MAX_VCPU 1 /* the highest vCPU a scenario step names */
/* The vector a <wait> wants each upcall to carry when it names none:
 * the one the conformance runtime routes to its upcall stub */
#define PVABI_SCEN_UPCALL_VECTOR 0x40
/* The vectors a <wait> may name: x86's interrupt vectors (0 to 31 are
 * the exceptions) */
#define PVABI_SCEN_VECTOR_MIN 0x20
#define PVABI_SCEN_VECTOR_MAX 0xff

struct pvabi_step {
	enum pvabi_step_kind kind;
	int op; /* CALL: index in spec->ops; PVABI_NONE otherwise */
	const char *args;
	const char *expect;
	const char *bind; /* CALL and PAGE */
	unsigned int retry;
	unsigned int vcpu; /* CALL: the calling vCPU; WAIT: whose upcalls; 0 or 1 */
	/* READ: width bytes at $at + offset, masked, must equal value;
	 * READ and WAIT: polled for up to within_ns (0: read once) */
	const char *at;
	uint32_t offset, width;
	uint64_t mask, value; /* WAIT: value is the vector (vector=) */
	uint64_t within_ns;
	uint32_t count; /* WAIT: upcalls since the scenario began */
	struct pvabi_loc loc;
	int cmd; /* format 2 CALL: index in the op's cmds, or PVABI_NONE */
	/* Format 2 only. READ, WRITE: field ("STRUCT.FIELD") gives the
	 * offset by the spec's layout in each guest mode; bit ("$NAME")
	 * addresses bit $NAME of the bitmap at the offset. WAIT: exact waits
	 * all of within_ns and wants exactly count; at ("$NAME") and offset
	 * name the byte the guest clears on each upcall (its acknowledgement).
	 * CLOCK: the pvclock record at at + offset/field; bind and expect
	 * (">=$NAME" or ">=$NAME+N") as a call's */
	const char *field;
	const char *bit;
	int exact;
	/* WAIT from <idle>: no call, no doorbell and interrupts disabled
	 * for at least within_ns, so that what falls due meanwhile is due
	 * before the next call (count 0, not exact) */
	int idle;
	/* WAIT derived (emit/emit_tick_scen.c): interrupts enabled, but no
	 * call and no doorbell, so that only what the call before it
	 * delivered can arrive (count within within_ns, not exact) */
	int quiet;
	/* CHECK with tied= (instead of expect=): the value is judged against
	 * a reference outside the guest that the harness hands the image at
	 * run time, within within_ns of it (enum pvabi_tied_ref) */
	int tied;
	/* CHECK derived (emit/emit_keep_scen.c): when it does not hold, the
	 * run could not tell (a moment fell due before the steps that had to
	 * precede it), so the scenario is run again, and skipped when it
	 * never could; not a failure */
	int guard;
	/* CALL expecting an error, derived (emit/emit_grows_scen.c): every
	 * pass="out" buffer must be left as the guest had it */
	int keeps;
	/* CALL derived (emit/emit_grows_scen.c): 1 + the index of the op's
	 * argument whose variable (the maximum read) the image sweeps
	 * through the gap up to mask, the next range's first value; each
	 * value the step's call and expectation (guest/rt/suite_sweep.c) */
	int sweep;
	/* with sweep, derived (emit/emit_served_scen.c): the values swept
	 * are those the maximum promises, from the range's first value
	 * (mask) up to the maximum read, each wanting the step's success
	 * (guest/rt/suite_sweep.c) */
	int served;
	/* CALL derived (emit/emit_late_scen.c): a read of the clock that
	 * makes, with the call after it, one round of a poll; its variable
	 * keeps the read before the last round that did not see the effect */
	int round;
	/* CALL derived (emit/emit_late_scen.c): its failure means the run
	 * could not tell (a refused past value a stall may have made
	 * right), not a failure */
	int unsure;
	/* CALL derived (emit/emit_cap_scen.c): an expression of the grant,
	 * the times the call is made in a row, each judged by the step's
	 * expectation (0: not made); NULL: once */
	const char *repeat;
	/* CHECK derived (emit/emit_late_scen.c): judged on the best of
	 * several runs of its scenario, which passes at the first run that
	 * passes (guest/rt/suite_least.c) */
	int least;
};

/* What a tied check's value is tied to (docs/spec-language.md, Tied
 * values). PVABI_TIED_NONE: an ordinary check. */
enum pvabi_tied_ref {
	PVABI_TIED_NONE,
	PVABI_TIED_WALL_NS, /* "wall-ns": the host's wall clock, ns since 1970 UTC */
};

/* The largest within-ns a tied check may declare: a tolerance of a
 * minute still tells a wrong clock, a time zone or a wrong unit (an hour
 * and more) from the right one */
#define PVABI_TIED_MAX_WITHIN_NS UINT64_C(60000000000)

/* A conformance scenario: calls run in order, in the revisions of its
 * lifetime, checking effects that one call cannot show. */
struct pvabi_scenario {
	const char *name;
	struct pvabi_life life;
	struct pvabi_step *steps;
	size_t nsteps;
	const char *doc;
	struct pvabi_loc loc;
};

#endif
