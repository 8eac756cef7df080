/* Shared by the pvp handler files; not part of the platform's API. */
#ifndef PVABI_PLATFORM_PVP_INTERNAL_H
#define PVABI_PLATFORM_PVP_INTERNAL_H

#include "platform/pvp/pvp.h"

#include <string.h>

#define REV(maj, min) PVABI_NEG_REV(maj, min)

/* The negotiated revision code; handlers only run after negotiation. */
static inline uint32_t pvp_rev(const struct pvp_ctx *c)
{
	return c->st.rev;
}

/* Whether the guest was granted feature bit (PVP_FEATURE_<NAME>_BIT,
 * from the generated pvp_platform.h). */
static inline int pvp_granted(const struct pvp_ctx *c, unsigned int bit)
{
	return (int)((c->st.granted >> bit) & 1);
}

/* The layout of struct NAME in the negotiated revision, from the tables
 * generated from the spec (pvp_platform.h): its size (.bytes) and the
 * offset of each field, -1 where the revision lacks the field. Every
 * struct handlers read or write in guest memory is placed by it; op 0
 * keeps the negotiator's frozen wire format instead. */
#define PVP_LAYOUT(c, name) (&pvp_layout_##name[(c)->st.rev_index])

/* Field stores and loads at a layout offset: a field the negotiated
 * revision lacks (-1) or that does not fit the buffer is skipped
 * (stores) or reads as 0 (loads). */
static inline void pvp_put(uint8_t *buf, size_t len, int32_t off, const void *v, size_t n)
{
	if (off >= 0 && (size_t)off + n <= len)
		memcpy(buf + off, v, n);
}

static inline void pvp_put32(uint8_t *buf, size_t len, int32_t off, uint32_t v)
{
	pvp_put(buf, len, off, &v, 4);
}

static inline void pvp_put64(uint8_t *buf, size_t len, int32_t off, uint64_t v)
{
	pvp_put(buf, len, off, &v, 8);
}

static inline uint64_t pvp_get(const uint8_t *buf, size_t len, int32_t off, size_t n)
{
	uint64_t v = 0;

	if (off >= 0 && (size_t)off + n <= len)
		memcpy(&v, buf + off, n);
	return v;
}

/* Size-guarded structs: the largest size <= lim that ends on a field
 * boundary of the fields at offs (widths in width, -1: absent), so the
 * platform writes whole fields only. */
static inline uint32_t pvp_whole_fields(const int32_t *offs, const uint8_t *width, size_t n,
					uint32_t lim, uint32_t bytes)
{
	uint32_t end = 0;
	size_t i;

	/* The whole layout of the negotiated revision fits: all of it is
	 * written. Fields appended after the handler was written are 0,
	 * which is what a new field's doc must give as "not provided". */
	if (lim >= bytes)
		return bytes;
	for (i = 0; i < n; i++)
		if (offs[i] >= 0 && (uint32_t)offs[i] + width[i] <= lim &&
		    (uint32_t)offs[i] + width[i] > end)
			end = (uint32_t)offs[i] + width[i];
	return end;
}

static inline struct pvp_vcpu *pvp_self(struct pvp_ctx *c)
{
	return &c->vcpus[c->vcpu];
}

/* clock.c: platform time 0 and the wall clock at that instant, moved by
 * each step of the host's clock since (pvp_clock_follow_host). */
void pvp_clock_init(struct pvp_ctx *c);
void pvp_clock_follow_host(struct pvp_ctx *c);
uint64_t pvp_virtual_tsc(const struct pvp_ctx *c);
/* Raises one event on an allocated port (evtchn_send, timer expiry). */
void pvp_evtchn_raise(struct pvp_ctx *c, uint32_t port);
void pvp_msr_reset(struct pvp_vcpu *v);
void pvp_msr_mark_bsp(struct pvp_vcpu *v);
void pvp_steal_init(struct pvp_ctx *c);

#endif
