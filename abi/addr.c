/* The boundaries of the address forms a hardware restricts
 * (abi/addr.h): where a platform that applies the instruction's rule
 * instead of the doc's answers otherwise. */
#include "abi/addr.h"

#include <stdio.h>

#define P2(n) (UINT64_C(1) << (n))

/* Virtual: 4 GiB (a 32-bit guest's top), the ends of both canonical
 * halves with 48-bit (4-level) and 57-bit (LA57) paging. */
static const uint64_t virt[] = { P2(32), P2(47), P2(56), 0 - P2(56), 0 - P2(47) };
/* Physical: 4 GiB and the MAXPHYADDRs x86 CPUs report (36, 39, 46 bits)
 * up to the architectural 52. */
static const uint64_t phys[] = { P2(32), P2(36), P2(39), P2(46), P2(52) };

/* Canonical at width w: bits 63..w-1 all equal. The top of the lower
 * half and the bottom of the upper one are accepted, the first value past
 * each refused; 2^w is what a check one or more bits wider (LA57's 57
 * for a platform that reports 48) accepts, and a refusal there must keep
 * the value written before it. */
const struct pvabi_addr_wprobe pvabi_addr_wprobes[PVABI_ADDR_WPROBES] = {
	{ "(1<<(", "-1))-1", "2^(w-1) - 1, the top of the lower half", 1 },
	{ "-1<<(", "-1)", "2^64 - 2^(w-1), the bottom of the upper half", 1 },
	{ "1<<(", "-1)", "2^(w-1), past the top of the lower half", 0 },
	{ "(-1<<(", "-1))-1", "2^64 - 2^(w-1) - 1, below the bottom of the upper half", 0 },
	{ "1<<", "", "2^w, canonical to a wider check", 0 },
};

const char *pvabi_addr_form_name(enum pvabi_addr_form f)
{
	return f == PVABI_ADDR_VIRTUAL    ? "virtual"
	       : f == PVABI_ADDR_PHYSICAL ? "physical"
	       : f == PVABI_ADDR_CANONICAL ? "canonical"
					   : NULL;
}

size_t pvabi_addr_probes(const struct pvabi_addr *ad, unsigned int size,
			 struct pvabi_addr_probe *out, size_t max)
{
	const uint64_t *b = ad->form == PVABI_ADDR_VIRTUAL ? virt : phys;
	uint64_t top = size >= 8 ? UINT64_MAX : P2(size * 8) - 1;
	size_t i, n = 0;

	if (ad->form == PVABI_ADDR_CANONICAL)
		return 0; /* its boundaries are the answer's, known at run time */
	for (i = 0; i < 5 && n + 2 <= max; i++) {
		if (b[i] - ad->align <= top)
			out[n++] = (struct pvabi_addr_probe){ b[i] - ad->align, b[i] };
		if (b[i] <= top)
			out[n++] = (struct pvabi_addr_probe){ b[i], b[i] };
	}
	return n;
}

const char *pvabi_addr_bound_name(uint64_t bound, char *buf, size_t len)
{
	unsigned int k;

	snprintf(buf, len, "0x%llx", (unsigned long long)bound);
	for (k = 0; k < 64; k++)
		if (bound == P2(k))
			snprintf(buf, len, "2^%u", k);
		else if (bound == 0 - P2(k))
			snprintf(buf, len, "2^64 - 2^%u", k);
	return buf;
}
