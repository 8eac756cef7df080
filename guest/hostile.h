/* Shared by the hostile guest's files (guest/hostile.c). */
#ifndef PVABI_GUEST_HOSTILE_H
#define PVABI_GUEST_HOSTILE_H

#include <stdint.h>

#include "guest/rt/tap.h"

#define FAULT INT64_MIN /* what call_raw returns for a mismatched answer */

struct hostile {
	uint64_t rng, ram, frame;
	char skip[64];
	uint64_t calls, bad_frames, spurious, undefined, bad_answers;
	uint64_t mmu_calls, pte_writes, mmu_wrong;
	struct pvabi_tap *tap;
};

static inline uint64_t hostile_rnd(struct hostile *h)
{
	h->rng ^= h->rng >> 12;
	h->rng ^= h->rng << 25;
	h->rng ^= h->rng >> 27;
	return h->rng * UINT64_C(2685821657736338717);
}

/* hostile_check.c: whether ret is >= 0 or an ABI error; the record of one
 * answered call (diagnosed when undefined). */
int hostile_defined_result(int64_t ret);
void hostile_answered(struct hostile *h, uint32_t op, uint32_t nargs, int64_t ret);

/* hostile_mmu.c, for ABIs whose hostile_abi.h names the page-table ops:
 * their scratch tables set up, one call of either op with the frame's
 * random args, and the report (two TAP checks). */
void hostile_mmu_init(void);
void hostile_mmu_call(struct hostile *h, uint32_t op, uint32_t nargs, uint64_t *args);
void hostile_mmu_report(struct hostile *h);

#endif
