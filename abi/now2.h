/* <now> of a format 2 command (docs/spec-language.md, "Values against
 * the platform's now"): the deadline is a field of the command's data
 * (extra_args.timeout_abs_ns), its mode other fields of the same struct
 * (extra_args.flags=1); or a by-value argument of an op without
 * commands (set_timer_op's timeout: n->field is the argument's name),
 * its mode other arguments; "now" the time of a pvclock record on the page
 * the observing scenario maps (a <clock> step's), and the effect a bit
 * that scenario reads (the VIRQ's port pending in shared_info). A probe
 * runs the observer's steps up to its first call of the command, then
 * the probe's own call at a point in the mode's terms, polls the bit
 * against the record, waits for the upcall, and ends with the
 * observer's steps after its last <wait> (its cleanup).
 *
 * The loader resolves every declaration in every revision it lives in
 * (NOW_INVALID at its line when that fails); the conformance generator
 * resolves it again for the revision it writes. */
#ifndef PVABI_NOW2_H
#define PVABI_NOW2_H

#include <stddef.h>

#include "abi/now.h"
#include "abi/scen_mem2.h"
#include "abi/vector2.h"

struct pvabi_now2 {
	const struct pvabi_scenario *sc; /* the observer */
	size_t call;                     /* its first call of the command */
	size_t tail;                     /* the step after its last <wait> */
	struct pvabi_vars vars;          /* the scenario's and the probe's */
	struct pvabi_v2 *v;              /* per step of sc: its call */
	struct pvabi_m2step *m;          /* per step of sc: any other step */
	size_t seen_step;                /* the <read bit=> polled */
	struct pvabi_m2step clock;       /* the record's place */
	size_t ack_step;                 /* the first <wait> after the call */
	struct pvabi_v2 arm;             /* the probe's call of the command */
	int at_var, ret_var;             /* the value it passes, its result */
	int64_t lo;                      /* the lowest answer arm accepts */
};

/* Resolves now, a <now> of command cmd of op (PVABI_NONE: of a by-value
 * argument of op, n->field naming it), in revision rev. 0, or -1
 * with the problem in err; on success free with pvabi_now2_free. */
int pvabi_now2_resolve(const struct pvabi_spec *s, int op, int cmd, const struct pvabi_now *n,
		       int rev, struct pvabi_now2 *out, char *err, size_t len);
void pvabi_now2_free(struct pvabi_now2 *p);
/* The answer of a past value on platform release `release` ("4.17.7"):
 * the index in n->pasts of the entry that holds there. */
size_t pvabi_now2_past_at(const struct pvabi_now *n, const char *release);

#endif
