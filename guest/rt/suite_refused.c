/* What a refused negotiation leaves behind. The spec: before negotiate
 * succeeds every other op fails with ENOTNEGOTIATED, and failures are
 * not recorded, so a guest may retry. A platform that takes a refusal
 * for an agreement (a revision judged, a request half kept) serves a
 * guest that has none; one that records a failure answers the retry
 * with it. Both are invisible to an image that stops at its refusal.
 *
 * So before its own offer the image provokes every refusal the rule
 * gives on any platform: a malformed offer, a range below the first
 * revision (no_common_revision), its own request with a feature bit no
 * revision defines required (missing_required_features, at the
 * revision the rule judges). After each, every op it knows is called
 * with the arguments of a call that would succeed and must be refused
 * with ENOTNEGOTIATED without writing guest memory. Its own offer is
 * then the retry: the judge compares it with the prediction, and the
 * image with the refusal (the same revision judged, nothing else
 * missing). Effects a served call would leave (a port allocated, an MSR
 * written, a timer armed) meet the whole suite that follows. */
#include "guest/rt/runtime.h"
#include "guest/rt/suite.h"
#include "negotiator/pvabi_neg.h"

/* The refusals provoked: whether they ran (the conformance run, not an
 * image that only negotiates), and the missing_required_features one,
 * for the retry. */
static struct {
	int ran;
	int status;       /* its status, -1 if not provoked or already judged */
	uint32_t chosen;  /* the revision judged */
	uint64_t missing;
} provoked = { 0, -1, 0, 0 };

/* guest memory as the call left it, to see a refused call write none */
static uint8_t before[16384];

/* A vector of the op that wants success: served, its call would act. */
static const struct pvabi_cvec *acting_vector(const struct pvabi_csuite *s, uint32_t op)
{
	uint32_t i;

	for (i = 0; i < s->nvecs; i++)
		if (s->vecs[i].op == op && s->vecs[i].expect != PVABI_CEXP_ERROR)
			return &s->vecs[i];
	return 0;
}

/* One op called as if agreed; 0 when refused with ENOTNEGOTIATED and
 * guest memory is as it was, else the answer (1 for memory written). */
static int64_t call_unagreed(struct pvabi_runner *r, uint32_t i)
{
	const struct pvabi_csuite *s = r->s;
	const struct pvabi_cvec *v = acting_vector(s, i);
	uint64_t a[8] = { 0 };
	uint8_t *bufs[8];
	size_t used = 0, cap;
	uint8_t *arena = pvabi_suite_scratch(&cap);
	uint32_t n = 0;
	int64_t got;

	if (v && !pvabi_suite_args(s->args + v->args, v->nargs, 0, a, bufs, &used))
		n = v->nargs;
	else
		used = 0;
	if (used > sizeof(before))
		used = sizeof(before);
	memcpy(before, arena, used);
	got = r->call(s->ops[i].id, n, a);
	if (got != s->e_notnegotiated)
		return got ? got : INT64_MAX;
	return memcmp(before, arena, used) ? 1 : 0;
}

/* Every op but negotiate, after a refusal answered `what': one line. */
static void check_unagreed(struct pvabi_runner *r, const char *what, int answered)
{
	const struct pvabi_csuite *s = r->s;
	uint32_t i, n = 0;
	const char *bad = 0;
	int64_t got = 0;

	for (i = 0; i < s->nops && answered; i++) {
		int64_t g;

		if (s->ops[i].id == r->negotiate_op || !pvabi_suite_selected(r->only, s->ops[i].name))
			continue;
		n++;
		g = call_unagreed(r, i);
		if (g && !bad) {
			bad = s->ops[i].name;
			got = g;
		}
	}
	if (!answered)
		pvabi_tap_check(r->tap, 0, "after a refused negotiation (%s): the refusal answered "
				"as the rule gives", what);
	else if (!bad)
		pvabi_tap_check(r->tap, 1, "after a refused negotiation (%s): every op refused "
				"with ENOTNEGOTIATED, guest memory untouched (%u ops)", what, n);
	else
		pvabi_tap_check(r->tap, 0, "after a refused negotiation (%s): every op refused "
				"with ENOTNEGOTIATED, guest memory untouched (got %s: %s %lld)",
				what, bad, got == 1 ? "wrote guest memory, answered" : "answered",
				(long long)(got == 1 || got == INT64_MAX ? 0 : got));
}

static const char *status_name(int st)
{
	return st < 0 ? "no answer" : pvabi_neg_status_name((uint32_t)st);
}

void pvabi_suite_refused_provoke(struct pvabi_runner *r)
{
	struct pvabi_neg_offer o;
	struct pvabi_neg_answer a;
	int st;

	memset(&a, 0, sizeof(a));
	provoked.ran = 1;
	pvabi_suite_offer_of(r, &o);
	st = pvabi_suite_offer_raw(r, &o, 1, &a);
	check_unagreed(r, "malformed offer", st == PVABI_NEG_MALFORMED && !a.chosen);
	if (r->s->offer_min > 0) {
		o.rev_min = o.rev_max = r->s->offer_min - 1;
		st = pvabi_suite_offer_raw(r, &o, 0, &a);
		check_unagreed(r, "a range below the first revision",
			       st == PVABI_NEG_NO_COMMON_REVISION);
	}
	if (!r->s->feature_undefined)
		return;
	pvabi_suite_offer_of(r, &o);
	o.required |= r->s->feature_undefined;
	st = pvabi_suite_offer_raw(r, &o, 0, &a);
	provoked.status = st;
	provoked.chosen = a.chosen;
	provoked.missing = a.missing;
	/* no revision in common is refused first: the image's own offer
	 * will be refused the same way */
	check_unagreed(r, "a feature no revision defines required",
		       st == PVABI_NEG_NO_COMMON_REVISION ||
			       (st == PVABI_NEG_MISSING_REQUIRED_FEATURES &&
				(a.missing & r->s->feature_undefined)));
}

/* The image's own offer after the provoked refusal differs only by the
 * undefined bit: the rule judges the same revision, and that bit is the
 * only difference in what is missing. */
void pvabi_suite_refused_retry(struct pvabi_runner *r, const struct pvabi_neg_answer *a)
{
	uint64_t want_missing;
	int ok;

	if (provoked.status < 0)
		return;
	want_missing = a->status == PVABI_NEG_OK ? 0 : a->missing;
	if (provoked.status == PVABI_NEG_NO_COMMON_REVISION)
		ok = a->status == PVABI_NEG_NO_COMMON_REVISION;
	else
		ok = provoked.status == PVABI_NEG_MISSING_REQUIRED_FEATURES &&
		     (a->status == PVABI_NEG_OK ||
		      a->status == PVABI_NEG_MISSING_REQUIRED_FEATURES) &&
		     a->chosen == provoked.chosen &&
		     provoked.missing == (want_missing | r->s->feature_undefined);
	if (ok)
		pvabi_tap_check(r->tap, 1, "the offer retried after refusals is answered as "
				"the refusal judged it");
	else
		pvabi_tap_check(r->tap, 0, "the offer retried after refusals is answered as "
				"the refusal judged it (got %s at 0x%08x, missing 0x%llx, refused "
				"%s at 0x%08x, missing 0x%llx)",
				status_name((int)a->status), a->chosen,
				(unsigned long long)a->missing, status_name(provoked.status),
				provoked.chosen, (unsigned long long)provoked.missing);
	provoked.status = -1;
}

void pvabi_suite_refused_after(struct pvabi_runner *r, const struct pvabi_neg_answer *a)
{
	if (provoked.ran)
		check_unagreed(r, status_name((int)a->status), 1);
}
