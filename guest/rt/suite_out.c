/* Outputs read from a buffer the guest poisoned (guest/rt/conformance.h,
 * PVABI_COUT_*): before a call, every pass="out" scratch buffer is
 * filled with POISON; after it, a successful call must have written
 * every field its layout puts in the guest's size (none may still be
 * all poison), nothing from the end of those fields on (every byte
 * there still poison), and, for a size-guarded struct, reported that
 * end in the size field. A refusal leaves every byte as it was (the
 * size field holding the guest's size) unless the spec's written-on=
 * says that refusal may write the argument (PVABI_COUT_KEEPS clear). A zeroed buffer could not
 * tell an output left unwritten from one written as 0, the answer most
 * outputs have. */
#include "guest/rt/suite.h"
#include "guest/rt/runtime.h"

/* 0xc3 in every byte. No output of a correct platform equals it, at any
 * width: as a u64 it is not a canonical address (bits 63..47 differ),
 * not a PAT (0xc3 is no memory type), not an EFER, APIC base or TSC_AUX
 * (reserved bits set), and a TSC or a platform time there would take
 * more than 40 years at 10 GHz; as a u32 it has bit 31 set, so it is no
 * count, port, vCPU, vector, revision code, enum value, flag set of
 * defined bits, kHz (3.2 THz) or shift (-31..31), and no CPUID leaf 1
 * word (bit 31 of EAX is reserved); as a u16 (50115) it is no layout
 * number and no size of a layout. 0xa5 is the guard after the buffer,
 * kept apart so a diagnostic tells the two apart. */
#define POISON 0xc3u
#define POISON_U64 UINT64_C(0xc3c3c3c3c3c3c3c3)

void pvabi_out_poison(const struct pvabi_carg *c, uint8_t *buf)
{
	if (c->kind == PVABI_CARG_SCRATCH && (c->out & PVABI_COUT_JUDGED))
		memset(buf, POISON, c->size);
}

static unsigned int out_end(const struct pvabi_carg *c)
{
	return (unsigned int)(c->out >> PVABI_COUT_END_SHIFT);
}

/* The offset of the first field of the map still all poison, or -1. */
static int unwritten(const struct pvabi_carg *c, const uint8_t *p)
{
	unsigned int w, code;
	uint64_t v = 0;

	for (w = 0; w < PVABI_COUT_WORDS && 4 * w < c->size; w++) {
		code = (unsigned int)(c->out >> (2 * w)) & 3u;
		if (!code)
			continue;
		__builtin_memcpy(&v, p + 4 * w, code == PVABI_COUT_U64 ? 8 : 4);
		if (code == PVABI_COUT_U64 && v == POISON_U64)
			return (int)(4 * w);
		if (code == PVABI_COUT_U32 && (uint32_t)v == (uint32_t)POISON_U64)
			return (int)(4 * w);
		if (code == PVABI_COUT_U16X2 && ((uint16_t)v == 0xc3c3u || (uint16_t)(v >> 16) == 0xc3c3u))
			return (int)(4 * w + ((uint16_t)v == 0xc3c3u ? 0 : 2));
	}
	return -1;
}

/* The first byte in [from, size) that is no longer poison, or -1. */
static int changed(const struct pvabi_carg *c, const uint8_t *p, unsigned int from)
{
	unsigned int i;

	for (i = from; i < c->size; i++)
		if (p[i] != POISON)
			return (int)i;
	return -1;
}

static int one_miss(const struct pvabi_carg *c, const uint8_t *p, int ok, uint32_t slot,
		    char *why, unsigned int n)
{
	unsigned int end = out_end(c), guard = c->size_field && c->size >= 4 ? 4u : 0u;
	uint32_t size = 0;
	int at;

	if (guard)
		__builtin_memcpy(&size, p, 4);
	if (!ok) {
		if (!(c->out & PVABI_COUT_KEEPS))
			return 0;
		at = changed(c, p, guard);
		if (at < 0 && (!guard || size == c->size))
			return 0;
		if (at < 0)
			pvabi_snfmt(why, n, "argument %u: refused, yet its size field is %u, not the "
				    "guest's %u", slot, size, c->size);
		else
			pvabi_snfmt(why, n, "argument %u: refused, yet byte %d of its %u is 0x%02x, "
				    "not the guest's poison 0x%02x", slot, at, c->size, p[at], POISON);
		return 1;
	}
	if (guard && size != end) {
		pvabi_snfmt(why, n, "argument %u: size out %u, want %u, the whole fields that fit in %u bytes",
			    slot, size, end, c->size);
		return 1;
	}
	if ((at = unwritten(c, p)) >= 0) {
		pvabi_snfmt(why, n, "argument %u: the field at byte %d left unwritten (still the guest's poison)",
			    slot, at);
		return 1;
	}
	if (end < c->size && (at = changed(c, p, end)) >= 0) {
		pvabi_snfmt(why, n, "argument %u: byte %d changed, past the %u bytes written of %u",
			    slot, at, end, c->size);
		return 1;
	}
	return 0;
}

int pvabi_out_miss(const struct pvabi_carg *args, uint32_t nargs, uint8_t *const *bufs, int ok,
		   char *why, unsigned int n)
{
	uint32_t i;

	for (i = 0; i < nargs && i < 8; i++)
		if (args[i].kind == PVABI_CARG_SCRATCH && (args[i].out & PVABI_COUT_JUDGED) && bufs[i] &&
		    one_miss(&args[i], bufs[i], ok, i, why, n))
			return 1;
	return 0;
}
