/* Exhaustive properties of the decision over a small universe:
 *  - every served subset (with holes) of 8 revisions x every guest range
 *    over 12 points (inside, between and outside them) x 8 mask triples,
 *    through the wire;
 *  - every required x optional x offered mask over 6 feature bits at each
 *    of the 8 revisions, in memory.
 * Each property is asserted once, with its count of violations. */
#include "negotiator/tests/neg_tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NU 8
static const uint32_t U[NU] = {
	R(1, 0), R(1, 1), R(1, 2), R(1, 3), R(2, 0), R(2, 1), R(2, 2), R(3, 0),
};
/* Features defined per revision: grows, and 3.0 drops bit 0. */
static const uint64_t DEF[NU] = { 0x01, 0x03, 0x07, 0x07, 0x0f, 0x1f, 0x1f, 0x3e };

#define NPTS 12
static const uint32_t PTS[NPTS] = {
	R(0, 9), R(1, 0), R(1, 1), R(1, 2), R(1, 3), R(1, 5),
	R(2, 0), R(2, 1), R(2, 2), R(2, 9), R(3, 0), R(3, 5),
};

struct masks {
	uint64_t req, opt, offered;
};
static const struct masks MASKS[] = {
	{ 0, 0, 0x3f }, { 0x1, 0x3e, 0x3f }, { 0x3f, 0, 0x3f }, { 0x4, 0x3, 0x15 },
	{ 0, 0x3f, 0x2a }, { 0x2, 0x1, 0x3d }, { 0x20, 0x1f, 0x3f }, { 0x10, 0, 0x0f },
};
#define NMASKS (sizeof(MASKS) / sizeof(MASKS[0]))

static void subset_profile(struct pvabi_neg_profile *p, unsigned int set, uint64_t offered,
			   const unsigned int *order)
{
	struct pvabi_neg_rev_desc d[NU];
	unsigned int i, k;

	for (i = 0; i < NU; i++) {
		k = order ? order[i] : i;
		d[i].rev = U[k];
		d[i].served = (int)(set >> k & 1);
		d[i].features_defined = DEF[k];
	}
	if (pvabi_neg_profile_build(p, d, NU, offered, 0x5107) != 0)
		CU_FAIL_FATAL("profile of a subset rejected");
}

/* The oracle: the index of the highest revision of set inside [lo, hi]. */
static int expected_index(unsigned int set, uint32_t lo, uint32_t hi)
{
	int i;

	for (i = NU - 1; i >= 0; i--)
		if (set >> i & 1 && U[i] >= lo && U[i] <= hi)
			return i;
	return -1;
}

static int index_of(uint32_t rev)
{
	int i;

	for (i = 0; i < NU; i++)
		if (U[i] == rev)
			return i;
	return -1;
}

static struct neg_prop p_in_both = { "chosen in both sets", 0, 0, "" };
static struct neg_prop p_maximal = { "chosen maximal / none iff empty", 0, 0, "" };
static struct neg_prop p_granted = { "granted = asked & offered & defined", 0, 0, "" };
static struct neg_prop p_missing = { "missing exact iff required unmet", 0, 0, "" };
static struct neg_prop p_granted_all = { "all masks: granted = asked&offered&def", 0, 0, "" };
static struct neg_prop p_missing_all = { "all masks: missing exact iff unmet", 0, 0, "" };
static struct neg_prop p_ranges = { "both ranges reported", 0, 0, "" };
static struct neg_prop p_agree = { "guest and platform views equal", 0, 0, "" };
static struct neg_prop p_same = { "same inputs, same bytes", 0, 0, "" };

/* Failure messages name the case; built only when a check fails. */
#define CASE_FMT "set 0x%02x range %x-%x req 0x%llx opt 0x%llx offered 0x%llx"
#define CASE_ARGS(set, lo, hi, m)                                                     \
	(set), (lo), (hi), (unsigned long long)(m)->req, (unsigned long long)(m)->opt, \
		(unsigned long long)(m)->offered

static void check_features(const struct pvabi_neg_answer *a, const struct masks *m, int i,
			   unsigned int set, struct neg_prop *pm, struct neg_prop *pg)
{
	uint64_t avail = m->offered & DEF[i], miss = m->req & ~avail;
	uint64_t asked = m->req | m->opt;

	NEG_PROP_CHECK(pm,
		       miss ? a->status == PVABI_NEG_MISSING_REQUIRED_FEATURES && a->missing == miss
			    : a->status == PVABI_NEG_OK && a->missing == 0,
		       CASE_FMT ": status %u missing 0x%llx, want 0x%llx",
		       CASE_ARGS(set, a->guest_min, a->guest_max, m), a->status,
		       (unsigned long long)a->missing, (unsigned long long)miss);
	NEG_PROP_CHECK(pg,
		       !(a->granted & ~(asked & avail)) &&
			       (a->status != PVABI_NEG_OK || a->granted == (asked & avail)),
		       CASE_FMT ": granted 0x%llx", CASE_ARGS(set, a->guest_min, a->guest_max, m),
		       (unsigned long long)a->granted);
}

static void check_one(unsigned int set, uint32_t lo, uint32_t hi, const struct masks *m,
		      const struct pvabi_neg_profile *p)
{
	struct pvabi_neg_offer o = { lo, hi, m->req, m->opt, lo ^ hi };
	struct pvabi_neg_answer pa, ga, pa2, ga2;
	struct pvabi_neg_session s;
	uint8_t r1[PVABI_NEG_ANSWER_SIZE], r2[PVABI_NEG_ANSWER_SIZE];
	int want = expected_index(set, lo, hi), got;

	pvabi_neg_session_init(&s);
	neg_exchange(&s, p, &o, &pa, &ga, r1);
	pvabi_neg_session_init(&s);
	neg_exchange(&s, p, &o, &pa2, &ga2, r2);
	NEG_PROP_CHECK(&p_same, !memcmp(r1, r2, sizeof(r1)) && neg_answer_eq(&ga, &ga2),
		       CASE_FMT, CASE_ARGS(set, lo, hi, m));
	NEG_PROP_CHECK(&p_agree, neg_answer_eq(&pa, &ga), CASE_FMT, CASE_ARGS(set, lo, hi, m));
	NEG_PROP_CHECK(&p_ranges,
		       ga.guest_min == lo && ga.guest_max == hi && ga.platform_min == p->min &&
			       ga.platform_max == p->max && ga.guest_id == o.guest_id,
		       CASE_FMT, CASE_ARGS(set, lo, hi, m));
	if (want < 0) {
		NEG_PROP_CHECK(&p_maximal, ga.status == PVABI_NEG_NO_COMMON_REVISION,
			       CASE_FMT ": status %u", CASE_ARGS(set, lo, hi, m), ga.status);
		return;
	}
	got = index_of(ga.chosen);
	NEG_PROP_CHECK(&p_maximal, got == want, CASE_FMT ": chose %x, want %x",
		       CASE_ARGS(set, lo, hi, m), ga.chosen, U[want]);
	NEG_PROP_CHECK(&p_in_both, got >= 0 && set >> got & 1 && ga.chosen >= lo && ga.chosen <= hi,
		       CASE_FMT ": chose %x", CASE_ARGS(set, lo, hi, m), ga.chosen);
	check_features(&ga, m, want, set, &p_missing, &p_granted);
}

static void test_subsets_ranges_masks(void)
{
	struct pvabi_neg_profile p[NMASKS];
	unsigned int set, a, b, k;

	for (set = 1; set < 1u << NU; set++) {
		for (k = 0; k < NMASKS; k++)
			subset_profile(&p[k], set, MASKS[k].offered, NULL);
		for (a = 0; a < NPTS; a++)
			for (b = a; b < NPTS; b++)
				for (k = 0; k < NMASKS; k++)
					check_one(set, PTS[a], PTS[b], &MASKS[k], &p[k]);
	}
	NEG_PROP_ASSERT(&p_in_both);
	NEG_PROP_ASSERT(&p_maximal);
	NEG_PROP_ASSERT(&p_ranges);
	NEG_PROP_ASSERT(&p_granted);
	NEG_PROP_ASSERT(&p_missing);
	NEG_PROP_ASSERT(&p_agree);
	NEG_PROP_ASSERT(&p_same);
	NEG_PROP_DONE();
}

static void test_all_masks(void)
{
	struct pvabi_neg_profile p[64];
	struct pvabi_neg_answer a;
	struct pvabi_neg_offer o;
	struct masks m;
	unsigned int i;

	for (m.offered = 0; m.offered < 64; m.offered++)
		subset_profile(&p[m.offered], 0xff, m.offered, NULL);
	for (i = 0; i < NU; i++) {
		o.rev_min = o.rev_max = U[i];
		o.guest_id = i;
		for (m.offered = 0; m.offered < 64; m.offered++)
			for (m.req = 0; m.req < 64; m.req++)
				for (m.opt = 0; m.opt < 64; m.opt++) {
					o.required = m.req;
					o.optional = m.opt;
					pvabi_neg_decide(&p[m.offered], &o, &a);
					check_features(&a, &m, (int)i, 0xff, &p_missing_all,
						       &p_granted_all);
				}
	}
	NEG_PROP_ASSERT(&p_granted_all);
	NEG_PROP_ASSERT(&p_missing_all);
	NEG_PROP_DONE();
}

static void shuffle(unsigned int *v, unsigned int n)
{
	unsigned int i, j, t;

	for (i = n - 1; i > 0; i--) {
		j = (unsigned int)(neg_rand() % (i + 1));
		t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
}

/* The offer written by an independent writer, its fields in any order. */
static void write_fields(uint8_t *b, const struct pvabi_neg_offer *o, const unsigned int *order)
{
	const struct { size_t off, size; uint64_t v; } f[] = {
		{ 0, 4, PVABI_NEG_OFFER_MAGIC }, { 4, 2, 0 }, { 6, 2, 40 },
		{ 8, 4, o->rev_min }, { 12, 4, o->rev_max }, { 16, 8, o->required },
		{ 24, 8, o->optional }, { 32, 8, o->guest_id },
	};
	unsigned int i, k;

	for (i = 0; i < 8; i++)
		for (k = 0; k < f[order[i]].size; k++)
			b[f[order[i]].off + k] = (uint8_t)(f[order[i]].v >> (8 * k));
}

static void random_offer(struct pvabi_neg_offer *o)
{
	unsigned int a = (unsigned int)(neg_rand() % NPTS), b = (unsigned int)(neg_rand() % NPTS);

	/* Garbage first: struct padding must not leak into any result. */
	memset(o, (int)(neg_rand() & 0xff), sizeof(*o));
	o->rev_min = PTS[a < b ? a : b];
	o->rev_max = PTS[a < b ? b : a];
	o->required = neg_rand() & 0x3f & neg_rand();
	o->optional = neg_rand();
	o->guest_id = neg_rand();
}

static struct neg_prop p_order = { "field order irrelevant", 0, 0, "" };
static struct neg_prop p_pad = { "padding bytes irrelevant", 0, 0, "" };
static struct neg_prop p_descs = { "description order irrelevant", 0, 0, "" };

static void answer_with_garbage(const struct pvabi_neg_answer *a, struct pvabi_neg_answer *g)
{
	memset(g, (int)(neg_rand() | 1) & 0xff, sizeof(*g));
	g->status = a->status;
	g->defect = a->defect;
	g->chosen = a->chosen;
	g->guest_min = a->guest_min;
	g->guest_max = a->guest_max;
	g->platform_min = a->platform_min;
	g->platform_max = a->platform_max;
	g->granted = a->granted;
	g->missing = a->missing;
	g->guest_id = a->guest_id;
	g->platform_id = a->platform_id;
}

static void check_order_and_padding(const struct pvabi_neg_profile *p)
{
	unsigned int order[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	uint8_t mine[40], theirs[40], r1[72], r2[72];
	struct pvabi_neg_answer a, g;
	struct pvabi_neg_offer o, d;

	random_offer(&o);
	shuffle(order, 8);
	write_fields(theirs, &o, order);
	pvabi_neg_offer_encode(&o, mine, sizeof(mine));
	NEG_PROP_CHECK(&p_order,
		       !memcmp(mine, theirs, 40) &&
			       pvabi_neg_offer_decode(theirs, 40, &d) == PVABI_NEG_DEFECT_NONE &&
			       d.rev_min == o.rev_min && d.rev_max == o.rev_max &&
			       d.required == o.required && d.optional == o.optional &&
			       d.guest_id == o.guest_id,
		       "order %u%u%u%u%u%u%u%u", order[0], order[1], order[2], order[3], order[4],
		       order[5], order[6], order[7]);
	pvabi_neg_decide(p, &o, &a);
	answer_with_garbage(&a, &g);
	pvabi_neg_answer_encode(&a, r1, sizeof(r1));
	pvabi_neg_answer_encode(&g, r2, sizeof(r2));
	NEG_PROP_CHECK(&p_pad, !memcmp(r1, r2, sizeof(r1)), "answer padding leaked");
}

static void test_order_and_padding(void)
{
	unsigned int order[NU] = { 0, 1, 2, 3, 4, 5, 6, 7 }, set, k;
	struct pvabi_neg_profile sorted, shuffled;

	neg_rand_seed(0x0dde);
	for (set = 1; set < 1u << NU; set++) {
		subset_profile(&sorted, set, 0x2f, NULL);
		for (k = 0; k < 4; k++) {
			shuffle(order, NU);
			subset_profile(&shuffled, set, 0x2f, order);
			NEG_PROP_CHECK(&p_descs, !memcmp(&sorted, &shuffled, sizeof(sorted)),
				       "set 0x%02x", set);
			check_order_and_padding(&shuffled);
		}
	}
	NEG_PROP_ASSERT(&p_order);
	NEG_PROP_ASSERT(&p_pad);
	NEG_PROP_ASSERT(&p_descs);
	NEG_PROP_DONE();
}

/* The same exchange twice, sessions and structs starting from different
 * garbage: identical offer bytes, answer bytes and records. */
static void test_same_bytes(void)
{
	static struct neg_prop p_rec = { "same inputs, same records", 0, 0, "" };
	struct pvabi_neg_profile p;
	struct pvabi_neg_session s;
	struct pvabi_neg_answer pa, ga;
	struct pvabi_neg_offer o;
	uint8_t b1[40], b2[40], r1[72], r2[72];
	char j1[512], j2[512];
	unsigned int i;

	neg_rand_seed(0x5a5e);
	for (i = 0; i < 5000; i++) {
		subset_profile(&p, (unsigned int)(neg_rand() % 255) + 1, neg_rand() & 0x3f, NULL);
		random_offer(&o);
		memset(&s, 0xa5, sizeof(s));
		pvabi_neg_session_init(&s);
		neg_exchange(&s, &p, &o, &pa, &ga, r1);
		pvabi_neg_offer_encode(&o, b1, sizeof(b1));
		pvabi_neg_record_json("guest", &ga, j1, sizeof(j1));
		memset(&s, 0x5a, sizeof(s));
		pvabi_neg_session_init(&s);
		neg_exchange(&s, &p, &o, &pa, &ga, r2);
		pvabi_neg_offer_encode(&o, b2, sizeof(b2));
		pvabi_neg_record_json("guest", &ga, j2, sizeof(j2));
		NEG_PROP_CHECK(&p_rec, !memcmp(b1, b2, 40) && !memcmp(r1, r2, 72) && !strcmp(j1, j2),
			       "iteration %u", i);
	}
	NEG_PROP_ASSERT(&p_rec);
	NEG_PROP_DONE();
}

const struct pvabi_test_case prop_cases[] = {
	{ "subsets_x_ranges_x_masks", test_subsets_ranges_masks },
	{ "all_masks_at_each_revision", test_all_masks },
	{ "field_order_and_padding", test_order_and_padding },
	{ "same_inputs_same_bytes", test_same_bytes },
	{ NULL, NULL },
};
