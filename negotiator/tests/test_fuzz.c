/* Parser robustness. Every message is decoded from a heap buffer of
 * exactly its length, so an overread is an ASan/valgrind error, not luck.
 *  - every truncation of a valid offer and answer (and of a newer, longer
 *    layout) is rejected as truncated;
 *  - random mutations of valid messages are rejected with a zeroed output,
 *    or decoded consistently: re-encoding gives back the same fields, and
 *    the platform and the guest act exactly on what was decoded. */
#include "negotiator/tests/neg_tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAP 96

static uint8_t *exact_copy(const uint8_t *b, size_t len)
{
	uint8_t *h = malloc(len);

	if (!h && len)
		abort();
	if (len)
		memcpy(h, b, len);
	return h;
}

static int offer_zero(const struct pvabi_neg_offer *o)
{
	return !o->rev_min && !o->rev_max && !o->required && !o->optional && !o->guest_id;
}

static int answer_zero(const struct pvabi_neg_answer *a)
{
	struct pvabi_neg_answer z;

	memset(&z, 0, sizeof(z));
	return neg_answer_eq(a, &z);
}

static void base_offer(struct pvabi_neg_offer *o, uint8_t *b)
{
	o->rev_min = R(1, 0) + (uint32_t)(neg_rand() % 3);
	o->rev_max = o->rev_min + (uint32_t)(neg_rand() % 0x20003);
	o->required = neg_rand() & 0x7;
	o->optional = neg_rand();
	o->guest_id = neg_rand();
	pvabi_neg_offer_encode(o, b, PVABI_NEG_OFFER_SIZE);
}

static void test_truncations(void)
{
	static struct neg_prop p = { "every truncation rejected", 0, 0, "" };
	struct pvabi_neg_profile prof;
	struct pvabi_neg_session s;
	struct pvabi_neg_answer a;
	struct pvabi_neg_offer o;
	uint8_t off[56], ans[72], resp[72], *h;
	size_t len;

	neg_profile(&prof, "1.0-1.3");
	base_offer(&o, off);
	pvabi_neg_decide(&prof, &o, &a);
	pvabi_neg_answer_encode(&a, ans, sizeof(ans));
	for (len = 0; len < 72; len++) {
		h = exact_copy(ans, len);
		NEG_PROP_CHECK(&p, pvabi_neg_guest_accept(&o, h, len, &a) == PVABI_NEG_MALFORMED &&
				   a.defect == (PVABI_NEG_DEFECT_IN_ANSWER | PVABI_NEG_DEFECT_TRUNCATED),
			       "answer cut at %zu", len);
		free(h);
		if (len >= 40)
			continue;
		h = exact_copy(off, len);
		pvabi_neg_session_init(&s);
		pvabi_neg_platform_serve(&s, &prof, h, len, resp, sizeof(resp), &a);
		NEG_PROP_CHECK(&p, a.status == PVABI_NEG_MALFORMED &&
				   a.defect == PVABI_NEG_DEFECT_TRUNCATED && !s.negotiated,
			       "offer cut at %zu", len);
		free(h);
	}
	/* A newer layout, 56 bytes: cut anywhere short of its size. */
	memset(off + 40, 0x5c, 16);
	off[4] = 1;
	off[6] = 56;
	for (len = 0; len < 56; len++) {
		h = exact_copy(off, len);
		NEG_PROP_CHECK(&p, pvabi_neg_offer_decode(h, len, &o) == PVABI_NEG_DEFECT_TRUNCATED &&
				   offer_zero(&o),
			       "layout-1 offer cut at %zu", len);
		free(h);
	}
	NEG_PROP_ASSERT(&p);
	NEG_PROP_DONE();
}

/* 1-4 random edits, biased to the fields a decoder trusts: magic, layout,
 * size, length. Returns the new length. */
static size_t mutate(uint8_t *b, size_t len)
{
	unsigned int n = 1 + (unsigned int)(neg_rand() % 4), i;
	size_t k;

	for (i = 0; i < n; i++) {
		switch (neg_rand() % 9) {
		case 0: b[neg_rand() % CAP] = (uint8_t)neg_rand(); break;
		case 1: b[neg_rand() % CAP] ^= (uint8_t)(1u << (neg_rand() % 8)); break;
		case 2: b[6] = (uint8_t)neg_rand(); b[7] = neg_rand() % 4 ? 0 : (uint8_t)neg_rand(); break;
		case 3: b[4] = neg_rand() % 2 ? (uint8_t)neg_rand() % 3 : (uint8_t)neg_rand(); break;
		case 4: len = (size_t)(neg_rand() % (len + 1)); break;
		case 5: len = (size_t)(neg_rand() % (CAP + 1)); break;
		case 6: b[3] = b[3] == 'O' ? 'A' : 'O'; break;
		case 7: b[8 + neg_rand() % 8] = (uint8_t)neg_rand(); break; /* range / status */
		default:
			for (k = 0; k < CAP; k++)
				b[k] = (uint8_t)neg_rand();
		}
	}
	return len;
}

static struct neg_prop p_offer = { "offers: rejected+zeroed or consistent", 0, 0, "" };
static struct neg_prop p_serve = { "platform acts on what it decoded", 0, 0, "" };
static struct neg_prop p_answer = { "answers: rejected+zeroed or consistent", 0, 0, "" };
static struct neg_prop p_guest = { "guest acts on what it decoded", 0, 0, "" };
static unsigned long accepted_offers, accepted_answers;

static void fuzz_offer(const struct pvabi_neg_profile *prof, const uint8_t *b, size_t len,
		       unsigned long it)
{
	uint8_t *h = exact_copy(b, len), again[40], resp[72];
	struct pvabi_neg_answer a, want;
	struct pvabi_neg_session s;
	struct pvabi_neg_offer o;
	enum pvabi_neg_defect d = pvabi_neg_offer_decode(h, len, &o);

	if (d != PVABI_NEG_DEFECT_NONE) {
		NEG_PROP_CHECK(&p_offer, offer_zero(&o), "iteration %lu: defect %d, output kept", it, d);
	} else {
		accepted_offers++;
		pvabi_neg_offer_encode(&o, again, sizeof(again));
		NEG_PROP_CHECK(&p_offer, o.rev_min <= o.rev_max && !memcmp(again, h, 4) &&
				   !memcmp(again + 8, h + 8, 32),
			       "iteration %lu: re-encoding differs", it);
	}
	pvabi_neg_session_init(&s);
	pvabi_neg_platform_serve(&s, prof, h, len, resp, sizeof(resp), &a);
	if (d == PVABI_NEG_DEFECT_NONE)
		pvabi_neg_decide(prof, &o, &want);
	NEG_PROP_CHECK(&p_serve, d != PVABI_NEG_DEFECT_NONE
				 ? a.status == PVABI_NEG_MALFORMED && a.defect == (uint32_t)d
				 : neg_answer_eq(&a, &want),
		       "iteration %lu: status %u defect %u vs decode %d", it, a.status, a.defect, d);
	free(h);
}

static void fuzz_answer(const struct pvabi_neg_offer *sent, const uint8_t *b, size_t len,
			unsigned long it)
{
	uint8_t *h = exact_copy(b, len), again[72];
	struct pvabi_neg_answer a, ga;
	enum pvabi_neg_defect d = pvabi_neg_answer_decode(h, len, &a);
	enum pvabi_neg_status st;

	if (d != PVABI_NEG_DEFECT_NONE) {
		NEG_PROP_CHECK(&p_answer, answer_zero(&a), "iteration %lu: defect %d, output kept", it, d);
	} else {
		accepted_answers++;
		NEG_PROP_CHECK(&p_answer, pvabi_neg_answer_encode(&a, again, sizeof(again)) == 72 &&
				   !memcmp(again, h, 4) && !memcmp(again + 8, h + 8, 64),
			       "iteration %lu: re-encoding differs", it);
	}
	st = pvabi_neg_guest_accept(sent, h, len, &ga);
	NEG_PROP_CHECK(&p_guest,
		       d != PVABI_NEG_DEFECT_NONE
			       ? st == PVABI_NEG_MALFORMED && ga.defect == (PVABI_NEG_DEFECT_IN_ANSWER | d)
			       : (st == a.status && neg_answer_eq(&ga, &a)) ||
					 (st == PVABI_NEG_MALFORMED &&
					  ga.defect == (PVABI_NEG_DEFECT_IN_ANSWER |
							PVABI_NEG_DEFECT_INCONSISTENT)),
		       "iteration %lu: guest status %u defect %x vs decode %d", it, st, ga.defect, d);
	free(h);
}

static unsigned long iterations(void)
{
	const char *e = getenv("PVABI_NEG_FUZZ");
	unsigned long n = e ? strtoul(e, NULL, 10) : 0;

	return n ? n : 120000;
}

static void test_mutations(void)
{
	unsigned long i, n = iterations();
	struct pvabi_neg_profile prof;
	struct pvabi_neg_offer o;
	struct pvabi_neg_answer a;
	uint8_t b[CAP];
	size_t len;

	neg_rand_seed(0xf022);
	neg_profile(&prof, "1.0-1.3:0x3,2.0,2.2-2.4,features=0x7,id=9");
	for (i = 0; i < n; i++) {
		memset(b, 0, sizeof(b));
		base_offer(&o, b);
		if (neg_rand() % 4 == 0) { /* a newer, longer layout */
			b[4] = 1 + (uint8_t)(neg_rand() % 3);
			b[6] = (uint8_t)(40 + neg_rand() % (CAP - 40));
		}
		len = mutate(b, b[6]);
		fuzz_offer(&prof, b, len, i);

		memset(b, 0, sizeof(b));
		base_offer(&o, b);
		pvabi_neg_decide(&prof, &o, &a);
		pvabi_neg_answer_encode(&a, b, sizeof(b));
		len = mutate(b, PVABI_NEG_ANSWER_SIZE);
		fuzz_answer(&o, b, len, i);
	}
	printf("\n    %lu mutated offers (%lu accepted), %lu mutated answers (%lu accepted)", n,
	       accepted_offers, n, accepted_answers);
	NEG_PROP_ASSERT(&p_offer);
	NEG_PROP_ASSERT(&p_serve);
	NEG_PROP_ASSERT(&p_answer);
	NEG_PROP_ASSERT(&p_guest);
	/* A fuzzer that never gets past the header checks proves nothing. */
	CU_ASSERT(accepted_offers > n / 20 && accepted_offers < n);
	CU_ASSERT(accepted_answers > n / 20 && accepted_answers < n);
	NEG_PROP_DONE();
}

const struct pvabi_test_case fuzz_cases[] = {
	{ "every_truncation", test_truncations },
	{ "random_mutations", test_mutations },
	{ NULL, NULL },
};
