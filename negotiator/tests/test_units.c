/* One test per status and per wire rule, with exact expected answers. */
#include "negotiator/tests/neg_tests.h"

#include <stdlib.h>
#include <string.h>

static struct pvabi_neg_offer offer(uint32_t lo, uint32_t hi, uint64_t req, uint64_t opt)
{
	struct pvabi_neg_offer o = { lo, hi, req, opt, 0x42 };

	return o;
}

static void test_ok(void)
{
	struct pvabi_neg_profile p;
	struct pvabi_neg_session s;
	struct pvabi_neg_answer pa, ga;
	struct pvabi_neg_offer o = offer(R(1, 0), R(2, 1), 0x1, 0x6);

	neg_profile(&p, "1.0-1.2,2.0-2.1:0x7,features=0x5,id=0x77");
	pvabi_neg_session_init(&s);
	CU_ASSERT_EQUAL(neg_exchange(&s, &p, &o, &pa, &ga, NULL), PVABI_NEG_OK);
	CU_ASSERT_EQUAL(ga.chosen, R(2, 1));
	CU_ASSERT_EQUAL(ga.granted, 0x5); /* asked 0x7, offered 0x5, defined 0x7 */
	CU_ASSERT_EQUAL(ga.missing, 0);
	CU_ASSERT_EQUAL(ga.defect, 0);
	CU_ASSERT_EQUAL(ga.guest_min, R(1, 0));
	CU_ASSERT_EQUAL(ga.guest_max, R(2, 1));
	CU_ASSERT_EQUAL(ga.platform_min, R(1, 0));
	CU_ASSERT_EQUAL(ga.platform_max, R(2, 1));
	CU_ASSERT_EQUAL(ga.guest_id, 0x42);
	CU_ASSERT_EQUAL(ga.platform_id, 0x77);
	CU_ASSERT(neg_answer_eq(&pa, &ga));
	CU_ASSERT_EQUAL(s.negotiated, 1);
	CU_ASSERT_EQUAL(s.rev, R(2, 1));
	CU_ASSERT_EQUAL(s.granted, 0x5);
}

/* Granted features are limited to what the chosen revision defines. */
static void test_ok_limited_by_revision(void)
{
	struct pvabi_neg_profile p;
	struct pvabi_neg_session s;
	struct pvabi_neg_answer pa, ga;
	struct pvabi_neg_offer o = offer(R(1, 0), R(1, 1), 0x1, 0x3e);

	neg_profile(&p, "1.0:0x1,1.1:0x3,1.2:0x3f");
	pvabi_neg_session_init(&s);
	CU_ASSERT_EQUAL(neg_exchange(&s, &p, &o, &pa, &ga, NULL), PVABI_NEG_OK);
	CU_ASSERT_EQUAL(ga.chosen, R(1, 1));
	CU_ASSERT_EQUAL(ga.granted, 0x3);
}

static void test_no_common_revision(void)
{
	struct pvabi_neg_profile p;
	struct pvabi_neg_session s;
	struct pvabi_neg_answer pa, ga;
	struct pvabi_neg_offer o = offer(R(1, 0), R(1, 2), 0, 0x1);

	neg_profile(&p, "2.0-2.1,2.3,3.0-3.1");
	pvabi_neg_session_init(&s);
	CU_ASSERT_EQUAL(neg_exchange(&s, &p, &o, &pa, &ga, NULL), PVABI_NEG_NO_COMMON_REVISION);
	CU_ASSERT_EQUAL(ga.guest_min, R(1, 0));
	CU_ASSERT_EQUAL(ga.guest_max, R(1, 2));
	CU_ASSERT_EQUAL(ga.platform_min, R(2, 0));
	CU_ASSERT_EQUAL(ga.platform_max, R(3, 1));
	CU_ASSERT_EQUAL(ga.chosen, 0);
	CU_ASSERT_EQUAL(ga.granted, 0);
	CU_ASSERT(neg_answer_eq(&pa, &ga));
	CU_ASSERT_EQUAL(s.negotiated, 0);

	/* Inside the platform's span but on its hole. */
	o = offer(R(2, 2), R(2, 2), 0, 0);
	CU_ASSERT_EQUAL(neg_exchange(&s, &p, &o, &pa, &ga, NULL), PVABI_NEG_NO_COMMON_REVISION);
	/* Across the hole: the highest below it. */
	o = offer(R(2, 0), R(2, 2), 0, 0);
	CU_ASSERT_EQUAL(neg_exchange(&s, &p, &o, &pa, &ga, NULL), PVABI_NEG_OK);
	CU_ASSERT_EQUAL(ga.chosen, R(2, 1));
}

static void test_missing_required(void)
{
	struct pvabi_neg_profile p;
	struct pvabi_neg_session s;
	struct pvabi_neg_answer pa, ga;
	struct pvabi_neg_offer o = offer(R(1, 0), R(1, 1), 0x7, 0x8);

	neg_profile(&p, "1.0:0x1,1.1:0x3,features=0x1");
	pvabi_neg_session_init(&s);
	CU_ASSERT_EQUAL(neg_exchange(&s, &p, &o, &pa, &ga, NULL),
			PVABI_NEG_MISSING_REQUIRED_FEATURES);
	CU_ASSERT_EQUAL(ga.chosen, R(1, 1));
	CU_ASSERT_EQUAL(ga.missing, 0x6);
	CU_ASSERT_EQUAL(ga.granted, 0);
	CU_ASSERT(neg_answer_eq(&pa, &ga));
	CU_ASSERT_EQUAL(s.negotiated, 0);

	/* Offered by the platform but not defined in the chosen revision. */
	neg_profile(&p, "1.0:0x1,1.1:0x3");
	o = offer(R(1, 0), R(1, 0), 0x2, 0);
	CU_ASSERT_EQUAL(neg_exchange(&s, &p, &o, &pa, &ga, NULL),
			PVABI_NEG_MISSING_REQUIRED_FEATURES);
	CU_ASSERT_EQUAL(ga.missing, 0x2);

	/* A failure does not lock the session: the guest may lower its needs. */
	o = offer(R(1, 0), R(1, 1), 0x1, 0x2);
	CU_ASSERT_EQUAL(neg_exchange(&s, &p, &o, &pa, &ga, NULL), PVABI_NEG_OK);
	CU_ASSERT_EQUAL(ga.granted, 0x3);
}

static void test_already_negotiated(void)
{
	struct pvabi_neg_profile p;
	struct pvabi_neg_session s;
	struct pvabi_neg_answer pa, ga;
	struct pvabi_neg_offer o = offer(R(1, 0), R(1, 2), 0, 0x3);

	neg_profile(&p, "1.0-1.2:0x3");
	pvabi_neg_session_init(&s);
	CU_ASSERT_EQUAL(neg_exchange(&s, &p, &o, &pa, &ga, NULL), PVABI_NEG_OK);
	o = offer(R(1, 0), R(1, 1), 0, 0x1);
	CU_ASSERT_EQUAL(neg_exchange(&s, &p, &o, &pa, &ga, NULL), PVABI_NEG_ALREADY_NEGOTIATED);
	CU_ASSERT_EQUAL(ga.chosen, R(1, 2)); /* the agreement in force */
	CU_ASSERT_EQUAL(ga.granted, 0x3);
	CU_ASSERT_EQUAL(ga.guest_max, R(1, 1)); /* this offer's range */
	CU_ASSERT(neg_answer_eq(&pa, &ga));
	CU_ASSERT_EQUAL(s.rev, R(1, 2));
	/* Even an offer that would fail on its own. */
	o = offer(R(9, 0), R(9, 0), 0, 0);
	CU_ASSERT_EQUAL(neg_exchange(&s, &p, &o, &pa, &ga, NULL), PVABI_NEG_ALREADY_NEGOTIATED);
	/* A fresh session negotiates again. */
	pvabi_neg_session_init(&s);
	o = offer(R(1, 0), R(1, 1), 0, 0x1);
	CU_ASSERT_EQUAL(neg_exchange(&s, &p, &o, &pa, &ga, NULL), PVABI_NEG_OK);
}

/* Serves raw request bytes (exactly sized on the heap) and returns the
 * platform's status and defect. */
static uint32_t serve_raw(const uint8_t *bytes, size_t len, uint32_t *defect,
			  struct pvabi_neg_session *s)
{
	struct pvabi_neg_profile p;
	struct pvabi_neg_answer pa;
	uint8_t *req = malloc(len ? len : 1), resp[PVABI_NEG_ANSWER_SIZE];

	neg_profile(&p, "1.0-1.3");
	memcpy(req, bytes, len);
	CU_ASSERT_EQUAL(pvabi_neg_platform_serve(s, &p, req, len, resp, sizeof(resp), &pa),
			PVABI_NEG_ANSWER_SIZE);
	free(req);
	*defect = pa.defect;
	return pa.status;
}

static void valid_offer(uint8_t *b)
{
	struct pvabi_neg_offer o = offer(R(1, 0), R(1, 2), 0x1, 0x2);

	CU_ASSERT_EQUAL(pvabi_neg_offer_encode(&o, b, PVABI_NEG_OFFER_SIZE), PVABI_NEG_OFFER_SIZE);
}

static void expect_offer_defect(const uint8_t *b, size_t len, uint32_t want)
{
	struct pvabi_neg_session s;
	uint32_t defect = 0;

	pvabi_neg_session_init(&s);
	CU_ASSERT_EQUAL(serve_raw(b, len, &defect, &s), PVABI_NEG_MALFORMED);
	CU_ASSERT_EQUAL(defect, want);
	CU_ASSERT_EQUAL(s.negotiated, 0);
}

static void test_malformed_offer(void)
{
	uint8_t b[64] = { 0 };
	struct pvabi_neg_session s;
	uint32_t defect;

	valid_offer(b);
	b[0] ^= 1;
	expect_offer_defect(b, 40, PVABI_NEG_DEFECT_BAD_MAGIC);
	valid_offer(b);
	b[6] = 39; /* size below layout 0 */
	expect_offer_defect(b, 40, PVABI_NEG_DEFECT_BAD_SIZE);
	valid_offer(b);
	b[6] = 44; /* layout 0 must be exactly its size */
	expect_offer_defect(b, 44, PVABI_NEG_DEFECT_BAD_SIZE);
	valid_offer(b);
	b[4] = 1; /* a "newer" layout that appends nothing */
	expect_offer_defect(b, 40, PVABI_NEG_DEFECT_BAD_LAYOUT);
	valid_offer(b);
	b[8] = 5; /* rev_min 1.5 > rev_max 1.2 */
	b[10] = 1;
	expect_offer_defect(b, 40, PVABI_NEG_DEFECT_INVERTED_RANGE);
	valid_offer(b);
	expect_offer_defect(b, 39, PVABI_NEG_DEFECT_TRUNCATED);
	expect_offer_defect(b, 0, PVABI_NEG_DEFECT_TRUNCATED);
	b[0] = 'P', b[1] = 'V', b[2] = 'N', b[3] = 'A'; /* an answer's magic */
	expect_offer_defect(b, 40, PVABI_NEG_DEFECT_BAD_MAGIC);

	/* Malformed wins over ALREADY_NEGOTIATED: nothing was read. */
	pvabi_neg_session_init(&s);
	valid_offer(b);
	CU_ASSERT_EQUAL(serve_raw(b, 40, &defect, &s), PVABI_NEG_OK);
	b[0] ^= 1;
	CU_ASSERT_EQUAL(serve_raw(b, 40, &defect, &s), PVABI_NEG_MALFORMED);
	b[0] ^= 1;
	CU_ASSERT_EQUAL(serve_raw(b, 40, &defect, &s), PVABI_NEG_ALREADY_NEGOTIATED);
}

/* The guest sees the platform's MALFORMED verdict as such, without the
 * answer flag: its own offer was at fault, not the answer. */
static void test_malformed_seen_by_guest(void)
{
	struct pvabi_neg_profile p;
	struct pvabi_neg_session s;
	struct pvabi_neg_answer pa, ga;
	struct pvabi_neg_offer o = offer(R(1, 0), R(1, 0), 0, 0);
	uint8_t req[40], resp[PVABI_NEG_ANSWER_SIZE];

	neg_profile(&p, "1.0");
	pvabi_neg_session_init(&s);
	valid_offer(req);
	req[1] = 0;
	CU_ASSERT_EQUAL(pvabi_neg_platform_serve(&s, &p, req, 40, resp, sizeof(resp), &pa), 72);
	CU_ASSERT_EQUAL(pvabi_neg_guest_accept(&o, resp, sizeof(resp), &ga), PVABI_NEG_MALFORMED);
	CU_ASSERT_EQUAL(ga.defect, PVABI_NEG_DEFECT_BAD_MAGIC);
}

static void expect_answer_defect(const struct pvabi_neg_offer *o, const uint8_t *b,
				 size_t len, uint32_t want)
{
	uint8_t *h = malloc(len);
	struct pvabi_neg_answer ga;

	memcpy(h, b, len);
	CU_ASSERT_EQUAL(pvabi_neg_guest_accept(o, h, len, &ga), PVABI_NEG_MALFORMED);
	CU_ASSERT_EQUAL(ga.defect, PVABI_NEG_DEFECT_IN_ANSWER | want);
	CU_ASSERT_EQUAL(ga.guest_id, o->guest_id); /* the guest's own view */
	CU_ASSERT_EQUAL(ga.granted, 0);
	free(h);
}

static void good_answer(const struct pvabi_neg_offer *o, struct pvabi_neg_answer *a, uint8_t *b)
{
	struct pvabi_neg_profile p;

	neg_profile(&p, "1.0-1.3:0x3");
	pvabi_neg_decide(&p, o, a);
	CU_ASSERT_EQUAL(pvabi_neg_answer_encode(a, b, PVABI_NEG_ANSWER_SIZE), 72);
}

static void test_malformed_answer(void)
{
	struct pvabi_neg_offer o = offer(R(1, 0), R(1, 2), 0x1, 0x2);
	struct pvabi_neg_answer a;
	uint8_t b[80];

	good_answer(&o, &a, b);
	b[20] = 1; /* reserved padding */
	expect_answer_defect(&o, b, 72, PVABI_NEG_DEFECT_RESERVED);
	good_answer(&o, &a, b);
	b[8] = 5; /* no such status */
	expect_answer_defect(&o, b, 72, PVABI_NEG_DEFECT_BAD_STATUS);
	good_answer(&o, &a, b);
	b[12] = 1; /* a defect on an OK answer */
	expect_answer_defect(&o, b, 72, PVABI_NEG_DEFECT_BAD_STATUS);
	good_answer(&o, &a, b);
	b[50] = 9; /* platform_min 9.0 > platform_max */
	expect_answer_defect(&o, b, 72, PVABI_NEG_DEFECT_INVERTED_RANGE);
	good_answer(&o, &a, b);
	expect_answer_defect(&o, b, 71, PVABI_NEG_DEFECT_TRUNCATED);
	good_answer(&o, &a, b);
	b[24] |= 0x4; /* grants a feature nobody asked for */
	expect_answer_defect(&o, b, 72, PVABI_NEG_DEFECT_INCONSISTENT);
	good_answer(&o, &a, b);
	b[16] = 3; /* chosen 1.3, above the guest's range */
	expect_answer_defect(&o, b, 72, PVABI_NEG_DEFECT_INCONSISTENT);
	good_answer(&o, &a, b);
	b[56] ^= 1; /* someone else's answer */
	expect_answer_defect(&o, b, 72, PVABI_NEG_DEFECT_INCONSISTENT);
	good_answer(&o, &a, b);
	b[0] = 'P', b[1] = 'V', b[2] = 'N', b[3] = 'O'; /* an offer's magic */
	expect_answer_defect(&o, b, 72, PVABI_NEG_DEFECT_BAD_MAGIC);
}

/* Layout 0 byte for byte: if this changes, every released guest breaks. */
static void test_layout0_bytes(void)
{
	static const uint8_t want_offer[40] = {
		'P', 'V', 'N', 'O', 0, 0, 40, 0, 2, 0, 1, 0, 4, 0, 3, 0,
		0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
		0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11,
		0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01,
	};
	static const uint8_t want_answer[72] = {
		'P', 'V', 'N', 'A', 0, 0, 72, 0, 2, 0, 0, 0, 0, 0, 0, 0,
		1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x04, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 1, 0, 3, 0, 2, 0,
		0, 0, 1, 0, 5, 0, 2, 0, 0x88, 0, 0, 0, 0, 0, 0, 0,
		0x99, 0, 0, 0, 0, 0, 0, 0,
	};
	struct pvabi_neg_offer o = { R(1, 2), R(3, 4), 0x0102030405060708ull,
				     0x1112131415161718ull, 0x0123456789abcdefull };
	struct pvabi_neg_answer a = { 0 }, back;
	uint8_t b[72];

	CU_ASSERT_EQUAL(pvabi_neg_offer_encode(&o, b, 40), 40);
	CU_ASSERT(memcmp(b, want_offer, 40) == 0);
	a.status = PVABI_NEG_MISSING_REQUIRED_FEATURES;
	a.chosen = R(2, 1);
	a.missing = 0x8000000000000004ull;
	a.guest_min = R(1, 0);
	a.guest_max = R(2, 3);
	a.platform_min = R(1, 0);
	a.platform_max = R(2, 5);
	a.guest_id = 0x88;
	a.platform_id = 0x99;
	CU_ASSERT_EQUAL(pvabi_neg_answer_encode(&a, b, 72), 72);
	CU_ASSERT(memcmp(b, want_answer, 72) == 0);
	CU_ASSERT_EQUAL(pvabi_neg_answer_decode(want_answer, 72, &back), PVABI_NEG_DEFECT_NONE);
	CU_ASSERT(neg_answer_eq(&a, &back));
}

/* A newer layout appends: its prefix is read, its tail ignored. */
static void test_newer_layout(void)
{
	struct pvabi_neg_offer o = offer(R(1, 0), R(1, 2), 0x1, 0x2), d;
	struct pvabi_neg_answer a, ga;
	uint8_t b[96];

	memset(b, 0xee, sizeof(b));
	valid_offer(b);
	b[4] = 1;
	b[6] = 48;
	CU_ASSERT_EQUAL(pvabi_neg_offer_decode(b, 48, &d), PVABI_NEG_DEFECT_NONE);
	CU_ASSERT(d.rev_min == o.rev_min && d.rev_max == o.rev_max && d.required == 0x1 &&
		  d.optional == 0x2 && d.guest_id == 0x42);
	CU_ASSERT_EQUAL(pvabi_neg_offer_decode(b, 47, &d), PVABI_NEG_DEFECT_TRUNCATED);
	b[4] = 0xff;
	b[5] = 0xff;
	CU_ASSERT_EQUAL(pvabi_neg_offer_decode(b, 96, &d), PVABI_NEG_DEFECT_NONE);
	/* Bytes after the message are not the message's. */
	valid_offer(b);
	CU_ASSERT_EQUAL(pvabi_neg_offer_decode(b, 96, &d), PVABI_NEG_DEFECT_NONE);

	memset(b, 0xee, sizeof(b));
	good_answer(&o, &a, b);
	b[4] = 3;
	b[6] = 96;
	CU_ASSERT_EQUAL(pvabi_neg_guest_accept(&o, b, 96, &ga), PVABI_NEG_OK);
	CU_ASSERT(neg_answer_eq(&a, &ga));
}

static void test_encode_errors(void)
{
	struct pvabi_neg_offer o = offer(R(1, 2), R(1, 0), 0, 0);
	struct pvabi_neg_answer a = { 0 };
	struct pvabi_neg_profile p;
	struct pvabi_neg_session s;
	uint8_t b[72], req[40];

	CU_ASSERT_EQUAL(pvabi_neg_offer_encode(&o, b, sizeof(b)), PVABI_NEG_EINVAL);
	o = offer(R(1, 0), R(1, 0), 0, 0);
	CU_ASSERT_EQUAL(pvabi_neg_offer_encode(&o, b, 39), PVABI_NEG_ENOSPC);
	CU_ASSERT_EQUAL(pvabi_neg_answer_encode(&a, b, 71), PVABI_NEG_ENOSPC);
	a.status = 9;
	CU_ASSERT_EQUAL(pvabi_neg_answer_encode(&a, b, 72), PVABI_NEG_EINVAL);
	a.status = PVABI_NEG_MALFORMED;
	a.defect = PVABI_NEG_DEFECT_IN_ANSWER | PVABI_NEG_DEFECT_BAD_MAGIC;
	CU_ASSERT_EQUAL(pvabi_neg_answer_encode(&a, b, 72), PVABI_NEG_EINVAL);

	/* No room for the answer: the session must not commit to anything. */
	neg_profile(&p, "1.0");
	pvabi_neg_session_init(&s);
	CU_ASSERT_EQUAL(pvabi_neg_offer_encode(&o, req, 40), 40);
	CU_ASSERT_EQUAL(pvabi_neg_platform_serve(&s, &p, req, 40, b, 71, &a), PVABI_NEG_ENOSPC);
	CU_ASSERT_EQUAL(s.negotiated, 0);
}

static void test_decide_inverted(void)
{
	struct pvabi_neg_offer o = offer(R(1, 2), R(1, 0), 0, 0);
	struct pvabi_neg_profile p;
	struct pvabi_neg_session s;
	struct pvabi_neg_answer a;

	neg_profile(&p, "1.0-1.2");
	pvabi_neg_session_init(&s);
	CU_ASSERT_EQUAL(pvabi_neg_platform_answer(&s, &p, &o, &a), PVABI_NEG_MALFORMED);
	CU_ASSERT_EQUAL(a.defect, PVABI_NEG_DEFECT_INVERTED_RANGE);
	CU_ASSERT_EQUAL(a.guest_min, 0);
	CU_ASSERT_EQUAL(a.platform_max, R(1, 2));
}

static void test_profile_build(void)
{
	struct pvabi_neg_rev_desc d[PVABI_NEG_MAX_REVS + 1];
	struct pvabi_neg_profile p, zero;
	size_t i;

	for (i = 0; i < PVABI_NEG_MAX_REVS + 1; i++) {
		d[i].rev = R(1, PVABI_NEG_MAX_REVS - i); /* descending on purpose */
		d[i].served = (int)(i % 3);
		d[i].features_defined = i;
	}
	CU_ASSERT_EQUAL(pvabi_neg_profile_build(&p, d, PVABI_NEG_MAX_REVS + 1, 1, 2),
			PVABI_NEG_ETOOMANY);
	CU_ASSERT_EQUAL(pvabi_neg_profile_build(&p, d + 1, PVABI_NEG_MAX_REVS, 1, 2), 0);
	CU_ASSERT_EQUAL(p.nrevs, PVABI_NEG_MAX_REVS);
	for (i = 0; i < PVABI_NEG_MAX_REVS; i++) {
		CU_ASSERT_EQUAL(p.revs[i], R(1, i));
		CU_ASSERT_EQUAL(p.defined[i], PVABI_NEG_MAX_REVS - i);
		CU_ASSERT_EQUAL(!!(p.served >> i & 1), (PVABI_NEG_MAX_REVS - i) % 3 != 0);
	}
	CU_ASSERT_EQUAL(p.min, R(1, 0));  /* d[64]: served 64 % 3 = 1 */
	CU_ASSERT_EQUAL(p.max, R(1, 63)); /* d[1]: served 1 */
	memset(&zero, 0, sizeof(zero));
	d[3].rev = d[7].rev;
	CU_ASSERT_EQUAL(pvabi_neg_profile_build(&p, d, 10, 1, 2), PVABI_NEG_EDUP);
	CU_ASSERT(memcmp(&p, &zero, sizeof(p)) == 0);
	d[0].served = d[3].served = 0;
	CU_ASSERT_EQUAL(pvabi_neg_profile_build(&p, d + 3, 1, 1, 2), PVABI_NEG_ENOSERVED);
	CU_ASSERT_EQUAL(pvabi_neg_profile_build(&p, d, 0, 1, 2), PVABI_NEG_ENOSERVED);
}

const struct pvabi_test_case unit_cases[] = {
	{ "ok", test_ok },
	{ "ok_limited_by_revision", test_ok_limited_by_revision },
	{ "no_common_revision", test_no_common_revision },
	{ "missing_required_features", test_missing_required },
	{ "already_negotiated", test_already_negotiated },
	{ "malformed_offer", test_malformed_offer },
	{ "malformed_seen_by_guest", test_malformed_seen_by_guest },
	{ "malformed_answer", test_malformed_answer },
	{ "layout0_bytes", test_layout0_bytes },
	{ "newer_layout", test_newer_layout },
	{ "encode_errors", test_encode_errors },
	{ "decide_inverted", test_decide_inverted },
	{ "profile_build", test_profile_build },
	{ NULL, NULL },
};
