/* The host's wall clock watched across a cell, and the readings of a
 * value fixed unless the host clock steps (<fixed unless=
 * "host-clock-step">, docs/checks.md, "A value fixed between outside
 * events") judged against what was seen. The image judges such a value
 * as fixed, bit for bit, and says by how much a reading moved; only the
 * harness, which runs beside the engine, can say whether the host's
 * clock was stepped meanwhile. */
#ifndef PVABI_HOSTCLOCK_H
#define PVABI_HOSTCLOCK_H

#include <stdint.h>

#include "conformance/cell.h"

/* A change of the host's offset (CLOCK_REALTIME - CLOCK_MONOTONIC) this
 * large is a step: ten times what one trusted reading may be off by
 * (half its 20 us window, on each side), far below the 1 ms below
 * which the reference platform follows no change. NTP slewing moves
 * both clocks alike and never changes the offset. */
#define PVABI_HOSTCLOCK_STEP_NS 100000
/* How far a followed value may be from the step the harness saw: a
 * platform may take a change below 1 ms for reading error (the
 * reference does) and read the offset on its own side of the step. */
#define PVABI_HOSTCLOCK_FOLLOW_NS 1000000

struct pvabi_hostclock {
	int watched;     /* 1: read at the start and the end; 0: a read
			  * was never tight enough to trust (no verdict) */
	int64_t first;   /* the offset at the start */
	int64_t lo, hi;  /* the least and the most it moved since, in ns */
};

/* Before the engine starts: the first reading. */
void pvabi_hostclock_start(struct pvabi_hostclock *w);
/* While the cell runs (each pass of the runner's loop): one more
 * reading, kept when tight, so a step and a step back are both seen. */
void pvabi_hostclock_sample(struct pvabi_hostclock *w);
/* After the engine ended: the last reading, which must be had. */
void pvabi_hostclock_end(struct pvabi_hostclock *w);

/* Each failed check of r whose diagnostic says a value fixed unless the
 * host clock steps moved: a move the watch explains (a step was seen
 * and the move lies within what it moved, PVABI_HOSTCLOCK_FOLLOW_NS
 * either side) or that no watch can judge becomes a skip that says why;
 * a move with no step stays red and says the host clock did not step.
 * An exit FAIL with no failed check left becomes PASS. Before the
 * judge (conformance/oracle.h), which then sees what the cell did. */
void pvabi_hostclock_judge(const struct pvabi_hostclock *w, struct pvabi_cell_result *r);

#endif
