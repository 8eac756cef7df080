/* Shared by the pvp platform tests: guest memory with guard bytes, a
 * log capture sink, negotiation from the host side. */
#ifndef PVABI_PVP_TEST_FIXTURE_H
#define PVABI_PVP_TEST_FIXTURE_H

#include "platform/pvp/pvp.h"
#include "tests/harness.h"

#define GUARD 4096
#define GUARD_BYTE 0xa5

/* Guest memory of `size` bytes between two guard areas. */
struct gmem {
	uint8_t *base; /* guard, memory, guard */
	uint8_t *mem;
	size_t size;
};

int gmem_alloc(struct gmem *g, size_t size);
int gmem_guards_intact(const struct gmem *g);
void gmem_free(struct gmem *g);

/* Captured log of a platform. */
struct logbuf {
	char buf[65536];
	size_t used;
	unsigned long calls;
};

void logbuf_sink(void *ctx, const char *buf, size_t n);

/* Every window revision served with every feature it defines, as the
 * generated platform header lists them. */
int pvp_test_window_profile(struct pvabi_neg_profile *p);

/* Negotiates [min, max] with `optional` features through op 0 with the
 * offer and answer at `at` in guest memory. Returns the answer status or
 * -1 when the call failed. */
int pvp_test_negotiate(struct pvp_ctx *c, uint64_t at, uint32_t min, uint32_t max,
		       uint64_t optional);

/* test_hostile_frames.c's cases, run by test-pvp. */
extern const struct pvabi_test_case pvp_hostile_cases[];

#endif
