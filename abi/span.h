/* Spans a formula of the arguments draws (<span>, docs/spec-language.md
 * #spans-across-widths): the count argument that carries it times unit,
 * added to the base argument, must not pass 2^top, or the op fails with
 * error; inside, it answers expect. An implementation that computes the
 * product or the sum in 32 bits, or in a signed type, answers otherwise
 * where the intermediate crosses 2^31, 2^32, 2^63 or 2^64: the
 * conformance generator probes both sides of each crossing, the answer
 * computed in exact arithmetic. Conformance data like <edge>: not in
 * the fingerprint or the lock. */
#ifndef PVABI_SPAN_H
#define PVABI_SPAN_H

#include <stddef.h>
#include <stdint.h>

#include "abi/model.h"

struct pvabi_span {
	const char *base;     /* the argument the product is added to */
	int base_arg;         /* its index in op->args */
	uint64_t unit;        /* what one count is worth (1 or more) */
	unsigned int top;     /* the sum may reach 2^top, not pass it (1..64) */
	const char *error;    /* the answer past the top */
	const char *expect;   /* the answer up to it (ret=N or error=NAME) */
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

/* One probe of a span: base + count * unit against 2^top, exactly. */
struct pvabi_span_probe {
	uint64_t base, count;
	int refused;          /* 1: past the top */
	unsigned int cross;   /* the width crossed: 31, 32, 63 or 64 */
	int sum;              /* 1: the sum crosses it, 0: the product */
};

/* The probes of a span whose count is an unsigned integer of csize
 * bytes and whose base one of bsize bytes, into out (at most max);
 * their number. Both sides of each crossing the types can reach, the
 * bases multiples of unit. */
size_t pvabi_span_probes(const struct pvabi_span *sp, unsigned int csize, unsigned int bsize,
			 struct pvabi_span_probe *out, size_t max);
/* The probes of a count argument a limit bounds that counts a buffer of
 * elements of esize bytes: where count * esize crosses 2^31, 2^32, 2^63
 * or 2^64 above the limit's ceiling, each refused by the limit. */
size_t pvabi_span_count_probes(uint64_t ceiling, uint64_t esize, unsigned int csize,
			       struct pvabi_span_probe *out, size_t max);

/* The size of one element of the buffer argument of op that argument
 * ai counts (count-arg=) in revision rev; 0 when none does. */
uint64_t pvabi_span_elem_size(const struct pvabi_spec *s, const struct pvabi_op *op, int rev,
			      size_t ai);

#endif
