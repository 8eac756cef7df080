/* The guest's side of operation 0: offer the image's range and features,
 * then treat the platform's answer as untrusted: an answer that does not
 * fit the offer, or a revision the image does not know, is a platform
 * FAIL, never followed. */
#include "guest/rt/runtime.h"
#include "guest/rt/suite.h"
#include "guest/rt/transport.h"
#include "negotiator/pvabi_neg.h"

static uint8_t offer_buf[64] __attribute__((aligned(64)));
static uint8_t answer_buf[128] __attribute__((aligned(64)));

static int known_revision(const struct pvabi_csuite *s, uint32_t rev)
{
	uint32_t i;

	for (i = 0; i < s->nrevs; i++)
		if (s->revs[i] == rev)
			return 1;
	return 0;
}

static void record(struct pvabi_runner *r, const struct pvabi_neg_answer *a)
{
	char buf[512];

	if (pvabi_neg_record_json("guest", a, buf, sizeof(buf)) > 0)
		pvabi_tap_diag(r->tap, "negotiated: %s", buf);
	if (pvabi_neg_explain(a, 0, buf, sizeof(buf)) > 0)
		pvabi_tap_diag(r->tap, "%s", buf);
}

static int64_t call_negotiate(struct pvabi_runner *r, const struct pvabi_neg_offer *o)
{
	uint64_t a[2];

	memset(answer_buf, 0, sizeof(answer_buf));
	if (pvabi_neg_offer_encode(o, offer_buf, sizeof(offer_buf)) < 0)
		return INT64_MIN;
	a[0] = (uint64_t)(uintptr_t)offer_buf;
	a[1] = (uint64_t)(uintptr_t)answer_buf;
	return r->call(r->negotiate_op, 2, a);
}

static enum pvabi_status accept(struct pvabi_runner *r, const struct pvabi_neg_offer *o,
				struct pvabi_neg_answer *ans)
{
	enum pvabi_neg_status st = pvabi_neg_guest_accept(o, answer_buf, sizeof(answer_buf), ans);

	record(r, ans);
	if (st == PVABI_NEG_MALFORMED && (ans->defect & PVABI_NEG_DEFECT_IN_ANSWER)) {
		pvabi_tap_check(r->tap, 0, "platform's negotiation answer is well-formed (%s)",
				pvabi_neg_defect_name(ans->defect & ~PVABI_NEG_DEFECT_IN_ANSWER));
		return PVABI_FAIL;
	}
	if (st != PVABI_NEG_OK) {
		pvabi_tap_diag(r->tap, "negotiation refused: %s", pvabi_neg_status_name(st));
		return PVABI_REFUSED;
	}
	if (!known_revision(r->s, ans->chosen) || (ans->granted & ~o->optional & ~o->required)) {
		pvabi_tap_check(r->tap, 0, "platform chose revision 0x%08x features 0x%llx within the offer",
				ans->chosen, (unsigned long long)ans->granted);
		return PVABI_FAIL;
	}
	return PVABI_PASS;
}

void pvabi_suite_offer_of(const struct pvabi_runner *r, struct pvabi_neg_offer *o)
{
	o->rev_min = r->s->offer_min;
	o->rev_max = r->s->offer_max;
	o->required = r->request_set ? r->required : 0;
	o->optional = r->request_set ? r->optional : r->s->features;
	o->guest_id = r->guest_id;
}

/* One offer whose answer is judged by the caller and recorded nowhere:
 * the judge reads the first "negotiated:" record as the agreement. A
 * bad magic, when asked, makes it malformed on purpose. The status, or
 * -1 when the call itself failed. */
int pvabi_suite_offer_raw(struct pvabi_runner *r, const struct pvabi_neg_offer *o,
			  int bad_magic, struct pvabi_neg_answer *ans)
{
	uint64_t a[2];

	memset(answer_buf, 0, sizeof(answer_buf));
	if (pvabi_neg_offer_encode(o, offer_buf, sizeof(offer_buf)) < 0)
		return -1;
	if (bad_magic)
		offer_buf[0] ^= 0xff;
	a[0] = (uint64_t)(uintptr_t)offer_buf;
	a[1] = (uint64_t)(uintptr_t)answer_buf;
	if (r->call(r->negotiate_op, 2, a) < 0)
		return -1;
	return (int)pvabi_neg_guest_accept(o, answer_buf, sizeof(answer_buf), ans);
}

enum pvabi_status pvabi_suite_negotiate(struct pvabi_runner *r)
{
	struct pvabi_neg_offer o;
	struct pvabi_neg_answer ans, again;
	enum pvabi_status st;
	int64_t ret;

	pvabi_suite_offer_of(r, &o);
	ret = call_negotiate(r, &o);

	if (ret < 0) {
		pvabi_tap_check(r->tap, 0, "negotiate call is served (returned %lld)", (long long)ret);
		return PVABI_FAIL;
	}
	st = accept(r, &o, &ans);
	if (st == PVABI_PASS || st == PVABI_REFUSED)
		pvabi_suite_refused_retry(r, &ans);
	if (st == PVABI_REFUSED)
		pvabi_suite_refused_after(r, &ans);
	if (st != PVABI_PASS)
		return st;
	pvabi_tap_check(r->tap, 1, "negotiated revision %u.%u, features 0x%llx",
			ans.chosen >> 16, ans.chosen & 0xffff, (unsigned long long)ans.granted);
	r->rev = ans.chosen;
	r->granted = ans.granted;
	pvabi_suite_mono_begin(r); /* the clocks, before the second offer */
	pvabi_suite_conv_begin(r); /* its first snapshot, as early */
	/* A second negotiation must not change what the dispatch serves. */
	ret = call_negotiate(r, &o);
	pvabi_neg_guest_accept(&o, answer_buf, sizeof(answer_buf), &again);
	pvabi_tap_check(r->tap, ret >= 0 && again.status == PVABI_NEG_ALREADY_NEGOTIATED &&
				      again.chosen == ans.chosen,
			"second negotiation answers ALREADY_NEGOTIATED (%s)",
			pvabi_neg_status_name(again.status));
	return PVABI_PASS;
}

int64_t pvabi_suite_call(uint32_t op, uint32_t nargs, const uint64_t *args)
{
	return pvabi_transport_call_raw(&pvabi_transport, op, nargs, args, INT64_MIN);
}

enum pvabi_status pvabi_suite_negotiate_as(struct pvabi_tap *t, const struct pvabi_csuite *s,
					   uint64_t guest_id)
{
	struct pvabi_runner r;

	memset(&r, 0, sizeof(r));
	r.s = s;
	r.tap = t;
	r.call = pvabi_suite_call;
	r.negotiate_op = r.s->negotiate_op;
	r.guest_id = guest_id;
	return pvabi_suite_negotiate(&r);
}
