/* Internals shared by the negotiator's files. Everything global still
 * carries the pvabi_neg_ prefix: these objects are linked into guest
 * kernels, where any other name could collide. */
#ifndef PVABI_NEG_INTERNAL_H
#define PVABI_NEG_INTERNAL_H

#include "negotiator/pvabi_neg.h"

/* Byte accessors: the wire is little-endian whatever the host is, and a
 * buffer may sit at any alignment, so fields are assembled byte by byte
 * (compilers turn these into single loads/stores where that is legal). */
static inline uint16_t pvabi_neg_rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (uint16_t)p[1] << 8);
}

static inline uint32_t pvabi_neg_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t pvabi_neg_rd64(const uint8_t *p)
{
	return (uint64_t)pvabi_neg_rd32(p) | (uint64_t)pvabi_neg_rd32(p + 4) << 32;
}

static inline void pvabi_neg_wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void pvabi_neg_wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void pvabi_neg_wr64(uint8_t *p, uint64_t v)
{
	pvabi_neg_wr32(p, (uint32_t)v);
	pvabi_neg_wr32(p + 4, (uint32_t)(v >> 32));
}

/* Zeroes every field (field by field: a struct-wide store could become a
 * memset call, which a guest kernel may not provide). */
void pvabi_neg_answer_clear(struct pvabi_neg_answer *a);

/* A bounded text writer: appends never overflow, and the first append
 * that does not fit marks the whole output as failed. */
struct pvabi_neg_out {
	char *buf;
	size_t cap, len;
	int full;
};

void pvabi_neg_out_init(struct pvabi_neg_out *o, char *buf, size_t cap);
void pvabi_neg_out_str(struct pvabi_neg_out *o, const char *s);
void pvabi_neg_out_u32(struct pvabi_neg_out *o, uint32_t v);
void pvabi_neg_out_hex(struct pvabi_neg_out *o, uint64_t v); /* "0x..." */
void pvabi_neg_out_rev(struct pvabi_neg_out *o, uint32_t rev);
/* NUL-terminates; returns the length or PVABI_NEG_ENOSPC. */
int pvabi_neg_out_end(struct pvabi_neg_out *o);

#endif
