/* Address arguments (<addr>, docs/spec-language.md#address-arguments):
 * an argument that holds a guest-virtual or guest-physical address the
 * doc accepts in any form the hardware gives it. A platform written by
 * someone who knows the hardware may refuse what an instruction would
 * fault on (a non-canonical virtual address, a physical one above a
 * MAXPHYADDR, one above 4 GiB); the conformance generator probes each
 * side of every such boundary, on the alignment the doc adopts, for
 * the answer a plain address gets. Conformance data like <edge>: not
 * in the fingerprint or the lock. */
#ifndef PVABI_ADDR_H
#define PVABI_ADDR_H

#include <stddef.h>
#include <stdint.h>

#include "abi/model.h"

enum pvabi_addr_form {
	PVABI_ADDR_VIRTUAL = 1, /* canonical at 48 and 57 bits, 4 GiB */
	PVABI_ADDR_PHYSICAL,    /* MAXPHYADDR 36, 39, 46, 52, 4 GiB */
	PVABI_ADDR_CANONICAL,   /* checked canonical at the width an answer reports */
};

struct pvabi_addr {
	enum pvabi_addr_form form;
	uint64_t align;       /* the alignment the doc adopts (1: none) */
	const char *when;     /* the mode: other arguments over the probe base */
	const char *expect;   /* what a plain address answers (ret=N or error=NAME) */
	/* canonical: what a non-canonical one answers (error=NAME); the call
	 * whose answer reports the width ("cpuid leaf=0x80000008 subleaf=0"),
	 * split into its op (an index in spec->ops) and arguments; width=,
	 * an out field of that call and an expression tail on it
	 * ("regs.eax>>8&0xff"). NULL, -1 for the other forms. */
	const char *refuse, *width_args, *width;
	int width_op;
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

/* One probe: an address at one side of a boundary of its form. */
struct pvabi_addr_probe {
	uint64_t value;
	uint64_t bound;       /* the boundary: value is bound or bound - align */
};

/* "virtual", "physical"; NULL for another value. */
const char *pvabi_addr_form_name(enum pvabi_addr_form f);
/* The probes of ad for an argument of size bytes, into out (at most
 * max), lowest first; their number. Both sides of each boundary the
 * type can hold, each a multiple of the alignment. */
size_t pvabi_addr_probes(const struct pvabi_addr *ad, unsigned int size,
			 struct pvabi_addr_probe *out, size_t max);
/* The probes of a canonical form at the width w the answer reports,
 * each an expression of w: both sides of the top of the lower half and
 * of the bottom of the upper half, and 2^w, in the band a wider check
 * would accept. Lowest first within each half; accepted ones first. */
struct pvabi_addr_wprobe {
	const char *pre, *post; /* the value: pre, the width's expression, post */
	const char *label;   /* what the value is, for the probe's name */
	int accepted;        /* 1: the write succeeds and reads back; 0: refused */
};
#define PVABI_ADDR_WPROBES 5
extern const struct pvabi_addr_wprobe pvabi_addr_wprobes[PVABI_ADDR_WPROBES];

/* "2^47", "2^64 - 2^47" into buf. */
const char *pvabi_addr_bound_name(uint64_t bound, char *buf, size_t len);

#endif
