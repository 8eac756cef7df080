/* The negotiation messages on the wire (docs/negotiation.md).
 *
 * The structs below are the layout's specification, checked at compile
 * time in every guest mode; they are never overlaid on a buffer, because
 * a buffer has the platform's byte order and any alignment. Fields are
 * read and written through the little-endian accessors at offsetof(). */
#include "negotiator/neg_internal.h"

struct pvabi_neg_wire_header {
	uint32_t magic;
	uint16_t layout;
	uint16_t size; /* of the whole message as its writer laid it out */
};

struct pvabi_neg_offer_wire0 {
	struct pvabi_neg_wire_header h;
	uint32_t rev_min;
	uint32_t rev_max;
	uint64_t required;
	uint64_t optional;
	uint64_t guest_id;
};

struct pvabi_neg_answer_wire0 {
	struct pvabi_neg_wire_header h;
	uint32_t status;
	uint32_t defect;
	uint32_t chosen;
	uint32_t reserved0; /* explicit padding: 8-byte alignment of what follows */
	uint64_t granted;
	uint64_t missing;
	uint32_t guest_min;
	uint32_t guest_max;
	uint32_t platform_min;
	uint32_t platform_max;
	uint64_t guest_id;
	uint64_t platform_id;
};

#define OFF(type, field) offsetof(struct pvabi_neg_##type##_wire0, field)

/* i386 aligns uint64_t to 4 in structs: explicit padding keeps every u64 at
 * a multiple of 8 so the layout is the same in both guest modes. */
_Static_assert(sizeof(struct pvabi_neg_wire_header) == 8, "header size");
_Static_assert(sizeof(struct pvabi_neg_offer_wire0) == PVABI_NEG_OFFER_SIZE, "offer size");
_Static_assert(OFF(offer, rev_min) == 8 && OFF(offer, rev_max) == 12, "offer range");
_Static_assert(OFF(offer, required) == 16 && OFF(offer, optional) == 24, "offer masks");
_Static_assert(OFF(offer, guest_id) == 32, "offer id");
_Static_assert(sizeof(struct pvabi_neg_answer_wire0) == PVABI_NEG_ANSWER_SIZE, "answer size");
_Static_assert(OFF(answer, status) == 8 && OFF(answer, defect) == 12, "answer status");
_Static_assert(OFF(answer, chosen) == 16 && OFF(answer, reserved0) == 20, "answer rev");
_Static_assert(OFF(answer, granted) == 24 && OFF(answer, missing) == 32, "answer masks");
_Static_assert(OFF(answer, guest_min) == 40 && OFF(answer, platform_max) == 52, "answer ranges");
_Static_assert(OFF(answer, guest_id) == 56 && OFF(answer, platform_id) == 64, "answer ids");

/* Sizes of the layouts this code knows, indexed by layout number. */
static const uint16_t offer_sizes[] = { PVABI_NEG_OFFER_SIZE };
static const uint16_t answer_sizes[] = { PVABI_NEG_ANSWER_SIZE };
#define NLAYOUTS(a) (sizeof(a) / sizeof((a)[0]))

static void header_write(uint8_t *p, uint32_t magic, uint16_t size)
{
	pvabi_neg_wr32(p + offsetof(struct pvabi_neg_wire_header, magic), magic);
	pvabi_neg_wr16(p + offsetof(struct pvabi_neg_wire_header, layout), PVABI_NEG_LAYOUT);
	pvabi_neg_wr16(p + offsetof(struct pvabi_neg_wire_header, size), size);
}

/* A known layout must have exactly its size. A newer layout only appends,
 * so it must be larger than the newest one known here; its prefix is then
 * read as that layout and the tail ignored. */
static enum pvabi_neg_defect header_check(const uint8_t *p, size_t len,
					  uint32_t magic, const uint16_t *sizes,
					  size_t nsizes)
{
	uint16_t layout, size;

	if (len < sizeof(struct pvabi_neg_wire_header))
		return PVABI_NEG_DEFECT_TRUNCATED;
	if (pvabi_neg_rd32(p) != magic)
		return PVABI_NEG_DEFECT_BAD_MAGIC;
	layout = pvabi_neg_rd16(p + offsetof(struct pvabi_neg_wire_header, layout));
	size = pvabi_neg_rd16(p + offsetof(struct pvabi_neg_wire_header, size));
	if (size < sizes[0])
		return PVABI_NEG_DEFECT_BAD_SIZE;
	if (len < size)
		return PVABI_NEG_DEFECT_TRUNCATED;
	if (layout < nsizes)
		return size == sizes[layout] ? PVABI_NEG_DEFECT_NONE : PVABI_NEG_DEFECT_BAD_SIZE;
	return size > sizes[nsizes - 1] ? PVABI_NEG_DEFECT_NONE : PVABI_NEG_DEFECT_BAD_LAYOUT;
}

int pvabi_neg_offer_encode(const struct pvabi_neg_offer *o, void *buf, size_t cap)
{
	uint8_t *p = buf;

	if (o->rev_min > o->rev_max)
		return PVABI_NEG_EINVAL;
	if (cap < PVABI_NEG_OFFER_SIZE)
		return PVABI_NEG_ENOSPC;
	header_write(p, PVABI_NEG_OFFER_MAGIC, PVABI_NEG_OFFER_SIZE);
	pvabi_neg_wr32(p + OFF(offer, rev_min), o->rev_min);
	pvabi_neg_wr32(p + OFF(offer, rev_max), o->rev_max);
	pvabi_neg_wr64(p + OFF(offer, required), o->required);
	pvabi_neg_wr64(p + OFF(offer, optional), o->optional);
	pvabi_neg_wr64(p + OFF(offer, guest_id), o->guest_id);
	return PVABI_NEG_OFFER_SIZE;
}

static void offer_clear(struct pvabi_neg_offer *o)
{
	o->rev_min = o->rev_max = 0;
	o->required = o->optional = o->guest_id = 0;
}

enum pvabi_neg_defect pvabi_neg_offer_decode(const void *buf, size_t len,
					     struct pvabi_neg_offer *out)
{
	const uint8_t *p = buf;
	enum pvabi_neg_defect d;

	offer_clear(out);
	d = header_check(p, len, PVABI_NEG_OFFER_MAGIC, offer_sizes, NLAYOUTS(offer_sizes));
	if (d != PVABI_NEG_DEFECT_NONE)
		return d;
	if (pvabi_neg_rd32(p + OFF(offer, rev_min)) > pvabi_neg_rd32(p + OFF(offer, rev_max)))
		return PVABI_NEG_DEFECT_INVERTED_RANGE;
	out->rev_min = pvabi_neg_rd32(p + OFF(offer, rev_min));
	out->rev_max = pvabi_neg_rd32(p + OFF(offer, rev_max));
	out->required = pvabi_neg_rd64(p + OFF(offer, required));
	out->optional = pvabi_neg_rd64(p + OFF(offer, optional));
	out->guest_id = pvabi_neg_rd64(p + OFF(offer, guest_id));
	return PVABI_NEG_DEFECT_NONE;
}

/* Status and defect must agree: a defect only explains MALFORMED, and the
 * guest-local flag never travels. */
static int answer_codes_valid(uint32_t status, uint32_t defect)
{
	if (status > PVABI_NEG_MALFORMED)
		return 0;
	if (status != PVABI_NEG_MALFORMED)
		return defect == PVABI_NEG_DEFECT_NONE;
	return defect >= PVABI_NEG_DEFECT_TRUNCATED && defect <= PVABI_NEG_DEFECT_RESERVED;
}

int pvabi_neg_answer_encode(const struct pvabi_neg_answer *a, void *buf, size_t cap)
{
	uint8_t *p = buf;

	if (!answer_codes_valid(a->status, a->defect) || a->guest_min > a->guest_max ||
	    a->platform_min > a->platform_max)
		return PVABI_NEG_EINVAL;
	if (cap < PVABI_NEG_ANSWER_SIZE)
		return PVABI_NEG_ENOSPC;
	header_write(p, PVABI_NEG_ANSWER_MAGIC, PVABI_NEG_ANSWER_SIZE);
	pvabi_neg_wr32(p + OFF(answer, status), a->status);
	pvabi_neg_wr32(p + OFF(answer, defect), a->defect);
	pvabi_neg_wr32(p + OFF(answer, chosen), a->chosen);
	pvabi_neg_wr32(p + OFF(answer, reserved0), 0);
	pvabi_neg_wr64(p + OFF(answer, granted), a->granted);
	pvabi_neg_wr64(p + OFF(answer, missing), a->missing);
	pvabi_neg_wr32(p + OFF(answer, guest_min), a->guest_min);
	pvabi_neg_wr32(p + OFF(answer, guest_max), a->guest_max);
	pvabi_neg_wr32(p + OFF(answer, platform_min), a->platform_min);
	pvabi_neg_wr32(p + OFF(answer, platform_max), a->platform_max);
	pvabi_neg_wr64(p + OFF(answer, guest_id), a->guest_id);
	pvabi_neg_wr64(p + OFF(answer, platform_id), a->platform_id);
	return PVABI_NEG_ANSWER_SIZE;
}

static void answer_read(const uint8_t *p, struct pvabi_neg_answer *a)
{
	a->status = pvabi_neg_rd32(p + OFF(answer, status));
	a->defect = pvabi_neg_rd32(p + OFF(answer, defect));
	a->chosen = pvabi_neg_rd32(p + OFF(answer, chosen));
	a->granted = pvabi_neg_rd64(p + OFF(answer, granted));
	a->missing = pvabi_neg_rd64(p + OFF(answer, missing));
	a->guest_min = pvabi_neg_rd32(p + OFF(answer, guest_min));
	a->guest_max = pvabi_neg_rd32(p + OFF(answer, guest_max));
	a->platform_min = pvabi_neg_rd32(p + OFF(answer, platform_min));
	a->platform_max = pvabi_neg_rd32(p + OFF(answer, platform_max));
	a->guest_id = pvabi_neg_rd64(p + OFF(answer, guest_id));
	a->platform_id = pvabi_neg_rd64(p + OFF(answer, platform_id));
}

void pvabi_neg_answer_clear(struct pvabi_neg_answer *a)
{
	a->status = a->defect = a->chosen = 0;
	a->guest_min = a->guest_max = a->platform_min = a->platform_max = 0;
	a->granted = a->missing = a->guest_id = a->platform_id = 0;
}

enum pvabi_neg_defect pvabi_neg_answer_decode(const void *buf, size_t len,
					      struct pvabi_neg_answer *out)
{
	const uint8_t *p = buf;
	enum pvabi_neg_defect d;

	pvabi_neg_answer_clear(out);
	d = header_check(p, len, PVABI_NEG_ANSWER_MAGIC, answer_sizes, NLAYOUTS(answer_sizes));
	if (d != PVABI_NEG_DEFECT_NONE)
		return d;
	if (pvabi_neg_rd32(p + OFF(answer, reserved0)) != 0)
		return PVABI_NEG_DEFECT_RESERVED;
	answer_read(p, out);
	if (!answer_codes_valid(out->status, out->defect))
		d = PVABI_NEG_DEFECT_BAD_STATUS;
	else if (out->guest_min > out->guest_max || out->platform_min > out->platform_max)
		d = PVABI_NEG_DEFECT_INVERTED_RANGE;
	if (d != PVABI_NEG_DEFECT_NONE)
		pvabi_neg_answer_clear(out);
	return d;
}
