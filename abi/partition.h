/* Input partitions (<partition>, docs/spec-language.md#input-partitions):
 * the cases of an input an op's doc tells apart (a record with and
 * without its trailing newline, an empty buffer, a level a sink drops, a
 * flag combination with a sentence of its own), each with the result
 * the doc promises for it. The conformance generator derives one probe
 * per case (per member of a set) and revision from a base call, so every
 * case the prose draws is called and judged like a vector. Conformance
 * data: not in the fingerprint or the lock. */
#ifndef PVABI_PARTITION_H
#define PVABI_PARTITION_H

#include <stddef.h>
#include <stdint.h>

#include "abi/model.h"
#include "abi/vector.h"

/* What puts an input in the case. ENDS, LACKS, HOLDS, EMPTY: a pass="in"
 * u8 buffer whose element count an argument gives; IN: an argument
 * passed by value. */
enum pvabi_part_kind {
	PVABI_PART_ENDS,  /* its last bytes are `bytes` */
	PVABI_PART_LACKS, /* no byte of `bytes` anywhere in it */
	PVABI_PART_HOLDS, /* `bytes` inside it, with a byte after them */
	PVABI_PART_EMPTY, /* no bytes at all */
	PVABI_PART_IN,    /* a value of the set `in` (one probe each) */
	PVABI_PART_BYTES, /* bytes="any": one probe per class of byte
			   * (pvabi_part_class), each answered as plain
			   * text of its length */
};

#define PVABI_PART_MAX_BYTES 8
#define PVABI_PART_MAX_MEMBERS 16

struct pvabi_partition {
	const char *name;
	int arg;                /* index in op->args */
	enum pvabi_part_kind kind;
	unsigned char bytes[PVABI_PART_MAX_BYTES];
	size_t nbytes;
	const char *in;         /* IN: members as written, blank-separated;
				 * a member is a number, a value name or
				 * NAME|NAME... (bits or-ed) */
	int in_enum;            /* enum the names are of (enum=, else the
				 * argument's), or PVABI_NONE */
	const char *base;       /* args= of the base call; NULL: the op's
				 * first vector of the revision that
				 * expects success */
	const char *expect;     /* the result; NULL: the base vector's */
	struct pvabi_life life;
	const char *doc;
	struct pvabi_loc loc;
};

/* 1 when p, its op and its argument all exist in rev. */
int pvabi_part_exists(const struct pvabi_op *op, const struct pvabi_partition *p, int rev);
/* Probes per revision: IN's members, BYTES's classes, else 1. */
size_t pvabi_part_members(const struct pvabi_partition *p);
/* The name of member k of a BYTES partition ("esc", "bad_utf8"), the
 * word a probe's TAP line names it by; NULL for other kinds. */
const char *pvabi_part_class(const struct pvabi_partition *p, size_t k);
/* The number of classes, and class k put into the plain buffer
 * buf[0..*n) of capacity max (abi/partition_bytes.c). */
size_t pvabi_part_nclasses(void);
int pvabi_part_class_put(size_t k, char *buf, size_t *n, size_t max);

/* One derived probe: the call resolved as a vector, and the text of its
 * arguments and expectation with the input's values in place (its TAP
 * name and the manual's). */
struct pvabi_part_probe {
	struct pvabi_vec v;
	char args[384];
	char expect[256];
};

/* Probe k of p in rev: 0, 1 when rev has no base call (no args= and no
 * vector expecting success: PARTITION_UNPROBED), -1 with the problem
 * in err (PARTITION_INVALID). */
int pvabi_part_derive(const struct pvabi_spec *s, const struct pvabi_op *op,
		      const struct pvabi_partition *p, int rev, size_t k,
		      struct pvabi_part_probe *out, char *err, size_t errlen);
/* 1 with out derived when member k of p, in rev, is a value of argument
 * arg its op refuses: p is an input partition of arg alive in rev, and
 * its probe derives and expects an error. 0 for a member unprobed,
 * invalid or accepted, or a partition of another argument or kind: the
 * refusals of arg's value alone that the batch kinds and the prior
 * states both probe (see pvabi_edge_refuses_alone). */
int pvabi_part_refuses(const struct pvabi_spec *s, const struct pvabi_op *op,
		       const struct pvabi_partition *p, int arg, int rev, size_t k,
		       struct pvabi_part_probe *out);
/* "buf ends with '\n'", "level in {error warning}": what distinguishes
 * the case, for the manual and messages. */
void pvabi_part_describe(const struct pvabi_op *op, const struct pvabi_partition *p,
			 char *buf, size_t n);
/* bytes[0..n) as a quoted text with C escapes for the rest. */
void pvabi_part_quote(const unsigned char *bytes, size_t n, char *buf, size_t len);

#endif
