/* The runner's side of the memory console (guest/rt/console_mem.h): a
 * region of guest memory holding result records (guest/rt/conrec.h),
 * registered by one call and read at every call after. The header and
 * the records belong to the guest under test: a header or record that
 * does not hold up ends the channel with the reason, which makes the run
 * a harness ERROR, never a crash, a hang or a PASS. */
#ifndef PVABI_CONMEM_H
#define PVABI_CONMEM_H

#include <stdint.h>

#include "conformance/conrec_read.h"
#include "platform/host.h"

/* The most text the records of one run may render. A record's widths
 * multiply its bytes by up to PVABI_FMT_MAX_WIDTH, and a region left
 * unreset is rendered again at every call: without a bound, a guest could
 * fill the disk under its cell's log in seconds. A real suite renders a
 * few KiB (PVABI_TAP_MAX_CHECKS lines of a few hundred bytes at most). */
#define PVABI_CONMEM_MAX_OUTPUT (16u << 20)

struct pvabi_conmem {
	uint64_t gpa;     /* the header, 0 before registration */
	uint32_t cap, seen;
	int dead;         /* refused: nothing more is read */
	char error[224];  /* why it was refused, or "" */
	pvabi_sink_fn sink; /* the rendered TAP text goes here */
	void *ctx;
	size_t out;       /* bytes rendered so far */
	struct pvabi_conrec_reader rd;
	uint8_t buf[PVABI_CONREC_MAX * 4];
};

void pvabi_conmem_init(struct pvabi_conmem *m, pvabi_sink_fn sink, void *ctx);
/* Renders what the guest added since the last time. */
void pvabi_conmem_drain(struct pvabi_conmem *m, const struct pvabi_host *h);
/* A call of the memory console's op (one argument, a header with the
 * magic): 1 with *ret its answer; 0 when the call is the platform's. */
int pvabi_conmem_call(struct pvabi_conmem *m, const struct pvabi_host *h, uint32_t op,
		      uint32_t nargs, const uint64_t *args, int64_t *ret);

#endif
