/* Batches (<batch>, docs/spec-language.md#batches): what a call that
 * takes an array of requests leaves behind when one request fails.
 * Declared once per op and revision range: which argument is the array
 * (its count is the array's count-arg), which output counts the
 * requests done, whether the call stops at a failing request or skips
 * it and goes on, and whether the requests before it stay applied. With
 * <writes>, each request's effect is a store into guest memory the guest
 * can read back. Every conformance image derives probes from it: a
 * batch of PVABI_BATCH_N requests whose failing one (a request the op's
 * own vectors refuse) is first, in the middle and last, judged by the
 * return, the done count and every entry read back. Conformance data:
 * not in the fingerprint or the lock. */
#ifndef PVABI_BATCH_H
#define PVABI_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "abi/model.h"

/* Requests in a derived probe, and refusals taken per revision. */
#define PVABI_BATCH_N 3
#define PVABI_BATCH_MAX_REFUSALS 4
/* The largest request a probe builds (the guest's buffer per request). */
#define PVABI_BATCH_MAX_ELEM 64

enum pvabi_batch_at_failure {
	PVABI_BATCH_STOP, /* done = the failing request's index; none after it runs */
	PVABI_BATCH_SKIP, /* the failing request is left out; the rest are applied */
};

struct pvabi_batch {
	int array;       /* index in op->args: a pass="in" struct array */
	int done;        /* index in op->args of a pass="out" integer, or
			  * PVABI_NONE: the return value counts */
	enum pvabi_batch_at_failure at_failure;
	int undone;      /* earlier="undone": nothing stays applied */
	/* <writes page= entry= value= width= values=>: a request stores
	 * its field `value` as entry number `entry` (width bytes each) of
	 * the page its field `page` addresses; values: one good request's
	 * value per position of a probe. w_page < 0: no <writes>. */
	int w_page, w_entry, w_value;
	unsigned int width;
	uint64_t values[PVABI_BATCH_N];
	/* each="OP": the single op whose checks each request gets, a
	 * request's field standing for OP's argument of the same name
	 * (index in spec->ops, resolved after the ops load; PVABI_NONE:
	 * none declared), and <refuses>: a refusal of a field OP has no
	 * argument for (reserved0). */
	const char *each_name;
	int each;
	const struct pvabi_batch_refuse *refuses;
	size_t nrefuses;
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

/* <refuses field= value= error=>: a request whose field holds value is
 * refused with error, whatever its other fields hold. */
struct pvabi_batch_refuse {
	int field;       /* index in the request struct's fields */
	uint64_t value;
	int error;       /* index in spec->errors */
	const char *doc;
	struct pvabi_loc loc;
};

/* One request the op's own vectors refuse: a vector of a one-request
 * batch whose array holds these bytes (zero-padded to the request's
 * size) and that expects this error. */
struct pvabi_batch_refusal {
	unsigned char bytes[PVABI_BATCH_MAX_ELEM];
	size_t nbytes;   /* as the vector gives them */
	int error;       /* index in spec->errors */
	const struct pvabi_vector *from;
};

/* One kind of refusal of a request (abi/batch_elem.c): a good request
 * of a probe with one field changed to value, refused with error. With
 * page_low the field is the one <writes page=> names and value the low
 * bits put on the good request's page (the same page, off its
 * alignment). from: the declaration it was read from. */
#define PVABI_BATCH_MAX_KINDS 12
struct pvabi_batch_kind {
	int field;
	uint64_t value;
	int page_low;
	int error;
	char from[64];
};

/* The batch op declares for rev (its op alive there), or NULL. */
const struct pvabi_batch *pvabi_batch_of(const struct pvabi_op *op, int rev);
/* 1 when op takes an array of structs as input in rev: a batch shape. */
int pvabi_batch_shaped(const struct pvabi_spec *s, const struct pvabi_op *op, int rev);
/* The refusals of b's requests in rev, at most max, one per error:
 * how many, or -1 with the problem in err. */
int pvabi_batch_refusals(const struct pvabi_spec *s, const struct pvabi_op *op,
			 const struct pvabi_batch *b, int rev, struct pvabi_batch_refusal *out,
			 size_t max, char *err, size_t errlen);
/* The kinds of refusal of b's requests in rev, at most max, one per
 * field and error, read from b's each= op (its arguments' limits,
 * partitions, refused edges and <addr> refusals) and b's <refuses>, in
 * the order of the request's fields: how many (0 without each= or
 * <writes>). */
size_t pvabi_batch_kinds(const struct pvabi_spec *s, const struct pvabi_batch *b,
			 const struct pvabi_op *op, int rev, struct pvabi_batch_kind *out,
			 size_t max);
/* What b promises when request fail of n fails: the done count, and
 * whether request i is applied. */
unsigned int pvabi_batch_done(const struct pvabi_batch *b, unsigned int n, unsigned int fail);
int pvabi_batch_applied(const struct pvabi_batch *b, unsigned int i, unsigned int fail);
/* "stops there, the requests before it stay applied": for messages and
 * the manual. */
const char *pvabi_batch_words(const struct pvabi_batch *b);

#endif
