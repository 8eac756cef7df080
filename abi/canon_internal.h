/* What the canonical lines (canon.c) and their order (canon_order.c)
 * share. Each line is built with a sort key from which its place among
 * the sorted lines follows: the kind of fact (the line's first word, in
 * byte order), then the rank of the element it names, by name or id as
 * the line spells it, then the rank of the member. Sorting the keys is
 * linear; the result is checked line against line, and sorted by the
 * text itself should a key ever disagree, so the fingerprint is always
 * that of the lines sorted bytewise. */
#ifndef PVABI_CANON_INTERNAL_H
#define PVABI_CANON_INTERNAL_H

#include "abi/canon.h"

#include <stdint.h>

/* The first words of the lines, in byte order ("enum " before "enum-"). */
enum canon_kind {
	K_ABI, K_ARG, K_CONV, K_ENUM, K_ENUM_VALUE, K_ERROR, K_FEATURE, K_FIELD, K_OP,
	K_RAISES, K_STRUCT,
};

#define CANON_KEY(kind, a, b) ((uint64_t)(kind) << 58 | (uint64_t)(a) << 29 | (uint64_t)(b))

/* Ranks of a spec's elements as their lines spell them, computed once
 * per model (kept in spec->canon_ranks). */
struct canon_ranks {
	int *op_by_id, *op_by_name, *err, *enm, *feat, *strct, *conv;
	int *value, *field; /* of value j of enum i at value_at[i] + j */
	size_t *value_at, *field_at;
	int *pos; /* of a position written in decimal: pos[p], p < npos */
	size_t npos;
};

/* The model's ranks (made on first use, under a lock), or NULL when out
 * of memory. */
const struct canon_ranks *canon_ranks(const struct pvabi_spec *s);

/* Sorts lines[0..n) by keys, then checks the order bytewise (and sorts
 * by the text when it is wrong). 0 or -1 (no memory). */
int canon_sort(char **lines, uint64_t *keys, size_t n);

#endif
