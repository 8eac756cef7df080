/* The negotiator's parsers: the wire decoders (negotiator/wire.c) and
 * both ends of operation 0 fed raw bytes, and the text parsers
 * (negotiator/parse.c) fed "GUEST\nPLATFORM" as `pvabi negotiate` takes
 * them. Promises beyond no crash and no undefined behaviour:
 *  - a decoded message re-encodes to bytes that decode to the same value;
 *  - the platform answers every request with an answer of the full size,
 *    and the guest accepts the platform's answer to a well-formed offer;
 *  - a revision that parses formats back to the same text;
 *  - every record is one JSON object, every explanation NUL-terminated. */
#include "fuzz/fuzz.h"

#include "conformance/tapparse.h"
#include "negotiator/pvabi_neg.h"

#include <stdlib.h>
#include <string.h>

static struct pvabi_neg_profile window;
/* What a guest of the newest revisions sends. */
static const struct pvabi_neg_offer guest_offer = {
	PVABI_NEG_REV(1, 0), PVABI_NEG_REV(2, 1), 0x1, 0xfe, 0x6775657374ull,
};

/* Field by field: the struct has padding that no decoder writes. */
static int answer_eq(const struct pvabi_neg_answer *a, const struct pvabi_neg_answer *b)
{
	return a->status == b->status && a->defect == b->defect && a->chosen == b->chosen &&
	       a->guest_min == b->guest_min && a->guest_max == b->guest_max &&
	       a->platform_min == b->platform_min && a->platform_max == b->platform_max &&
	       a->granted == b->granted && a->missing == b->missing &&
	       a->guest_id == b->guest_id && a->platform_id == b->platform_id;
}

static void describe(const struct pvabi_neg_answer *a, const struct pvabi_neg_profile *p)
{
	char buf[1024];
	int n;

	n = pvabi_neg_explain(a, p, buf, sizeof(buf));
	if (strlen(buf) >= sizeof(buf) || (n >= 0 && (size_t)n != strlen(buf)))
		fuzz_fail("explanation: length %d for %zu bytes", n, strlen(buf));
	n = pvabi_neg_record_json("guest", a, buf, sizeof(buf));
	if (n < 0)
		fuzz_fail("record of status %u does not fit %zu bytes", a->status, sizeof(buf));
	if (pvabi_json_object_get(buf, (size_t)n, "status", NULL, 0) != 1)
		fuzz_fail("record is not a JSON object with a status: %s", buf);
}

static void round_trip(const uint8_t *data, size_t size)
{
	struct pvabi_neg_offer o, o2;
	struct pvabi_neg_answer a, a2;
	uint8_t buf[PVABI_NEG_ANSWER_SIZE];

	if (pvabi_neg_offer_decode(data, size, &o) == PVABI_NEG_DEFECT_NONE) {
		if (pvabi_neg_offer_encode(&o, buf, sizeof(buf)) != (int)PVABI_NEG_OFFER_SIZE ||
		    pvabi_neg_offer_decode(buf, PVABI_NEG_OFFER_SIZE, &o2) != PVABI_NEG_DEFECT_NONE ||
		    memcmp(&o, &o2, sizeof(o)))
			fuzz_fail("offer does not survive encode and decode");
	}
	if (pvabi_neg_answer_decode(data, size, &a) == PVABI_NEG_DEFECT_NONE) {
		if (pvabi_neg_answer_encode(&a, buf, sizeof(buf)) != (int)PVABI_NEG_ANSWER_SIZE ||
		    pvabi_neg_answer_decode(buf, sizeof(buf), &a2) != PVABI_NEG_DEFECT_NONE ||
		    !answer_eq(&a, &a2))
			fuzz_fail("answer does not survive encode and decode");
	}
}

/* The platform serves req; when req is a well-formed offer, the guest
 * that sent it must accept the answer as it is. */
static void serve(const struct pvabi_neg_profile *p, const void *req, size_t len)
{
	struct pvabi_neg_session s;
	struct pvabi_neg_answer a, g;
	struct pvabi_neg_offer o;
	uint8_t resp[PVABI_NEG_ANSWER_SIZE];
	int n;

	pvabi_neg_session_init(&s);
	n = pvabi_neg_platform_serve(&s, p, req, len, resp, sizeof(resp), &a);
	if (n != (int)PVABI_NEG_ANSWER_SIZE)
		fuzz_fail("platform answered %d bytes", n);
	describe(&a, p);
	if (pvabi_neg_offer_decode(req, len, &o) != PVABI_NEG_DEFECT_NONE)
		return;
	if (pvabi_neg_guest_accept(&o, resp, (size_t)n, &g) != a.status || !answer_eq(&g, &a))
		fuzz_fail("guest refuses the platform's answer (status %u, defect 0x%x)",
			  g.status, g.defect);
	/* a second offer in the same session never succeeds again */
	n = pvabi_neg_platform_serve(&s, p, req, len, resp, sizeof(resp), &a);
	if (n != (int)PVABI_NEG_ANSWER_SIZE || a.status == PVABI_NEG_OK)
		fuzz_fail("second negotiation: %d bytes, status %u", n, a.status);
}

static void wire(const uint8_t *data, size_t size)
{
	struct pvabi_neg_answer a;

	round_trip(data, size);
	serve(&window, data, size);
	pvabi_neg_guest_accept(&guest_offer, data, size, &a);
	describe(&a, NULL);
}

static void rev_text(const char *s, size_t n)
{
	uint32_t rev;
	uint64_t v;
	char buf[32];

	if (pvabi_neg_parse_rev(s, n, &rev) == 0) {
		pvabi_neg_rev_format(rev, buf, sizeof(buf));
		if (strlen(buf) != n || memcmp(buf, s, n))
			fuzz_fail("revision \"%.*s\" formats as \"%s\"", (int)n, s, buf);
	}
	pvabi_neg_parse_u64(s, n, &v);
}

static void text(const char *g, const char *p)
{
	struct pvabi_neg_profile prof;
	struct pvabi_neg_offer o;
	struct pvabi_neg_span bad = { 0, 0 };
	uint8_t req[PVABI_NEG_OFFER_SIZE];
	int gok, pok;

	gok = pvabi_neg_parse_guest(g, &o, &bad) == 0;
	if (!gok && bad.off + bad.len > strlen(g))
		fuzz_fail("guest: bad item at %zu+%zu beyond %zu", bad.off, bad.len, strlen(g));
	pok = pvabi_neg_parse_platform(p, &prof, &bad) == 0;
	if (!pok && bad.off + bad.len > strlen(p))
		fuzz_fail("platform: bad item at %zu+%zu beyond %zu", bad.off, bad.len, strlen(p));
	if (!gok)
		return;
	if (pvabi_neg_offer_encode(&o, req, sizeof(req)) != (int)sizeof(req))
		fuzz_fail("a parsed offer does not encode");
	serve(pok ? &prof : &window, req, sizeof(req));
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct pvabi_neg_span bad;

	(void)argc;
	(void)argv;
	if (pvabi_neg_parse_platform("1.0-1.3:0xf,2.0-2.1:0xff,features=0xff,id=7", &window, &bad))
		fuzz_fail("the reference profile does not parse");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *nl;

	if (!s)
		return 0;
	wire(data, size);
	memcpy(s, data, size);
	s[size] = '\0';
	rev_text(s, size);
	nl = strchr(s, '\n');
	if (nl) {
		*nl = '\0';
		text(s, nl + 1);
	} else {
		text(s, "");
	}
	free(s);
	return 0;
}
