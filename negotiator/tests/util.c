#include "negotiator/tests/neg_tests.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void neg_profile(struct pvabi_neg_profile *p, const char *spec)
{
	struct pvabi_neg_span bad;
	int rc = pvabi_neg_parse_platform(spec, p, &bad);

	if (rc < 0) {
		fprintf(stderr, "bad test profile '%s': %s\n", spec, pvabi_neg_error_str(rc));
		abort();
	}
}

enum pvabi_neg_status neg_exchange(struct pvabi_neg_session *s,
				   const struct pvabi_neg_profile *p,
				   const struct pvabi_neg_offer *o,
				   struct pvabi_neg_answer *pa,
				   struct pvabi_neg_answer *ga, uint8_t *resp)
{
	uint8_t *req = malloc(PVABI_NEG_OFFER_SIZE), *ans = malloc(PVABI_NEG_ANSWER_SIZE);
	int n, m;

	if (!req || !ans)
		abort();
	/* Called hundreds of thousands of times: assert only on failure, so
	 * CUnit's count stays one per property. */
	n = pvabi_neg_offer_encode(o, req, PVABI_NEG_OFFER_SIZE);
	m = n != PVABI_NEG_OFFER_SIZE ? n
		: pvabi_neg_platform_serve(s, p, req, (size_t)n, ans, PVABI_NEG_ANSWER_SIZE, pa);
	if (m != PVABI_NEG_ANSWER_SIZE) {
		CU_FAIL("the exchange did not produce an offer and an answer");
		memset(ans, 0, PVABI_NEG_ANSWER_SIZE);
		m = PVABI_NEG_ANSWER_SIZE;
	}
	pvabi_neg_guest_accept(o, ans, (size_t)m, ga);
	if (resp)
		memcpy(resp, ans, PVABI_NEG_ANSWER_SIZE);
	free(req);
	free(ans);
	return (enum pvabi_neg_status)ga->status;
}

int neg_answer_eq(const struct pvabi_neg_answer *a, const struct pvabi_neg_answer *b)
{
	return a->status == b->status && a->defect == b->defect && a->chosen == b->chosen &&
	       a->guest_min == b->guest_min && a->guest_max == b->guest_max &&
	       a->platform_min == b->platform_min && a->platform_max == b->platform_max &&
	       a->granted == b->granted && a->missing == b->missing &&
	       a->guest_id == b->guest_id && a->platform_id == b->platform_id;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

void neg_rand_seed(uint64_t seed)
{
	rng_state = seed ? seed : 0x9e3779b97f4a7c15ull;
}

uint64_t neg_rand(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

void neg_prop_fail(struct neg_prop *p, const char *fmt, ...)
{
	va_list ap;

	if (p->violated++)
		return;
	va_start(ap, fmt);
	vsnprintf(p->first, sizeof(p->first), fmt, ap);
	va_end(ap);
}

void neg_prop_report(const struct neg_prop *p)
{
	printf("\n    property %-40s %8lu checks, %lu violations%s%s", p->name, p->checked,
	       p->violated, p->violated ? "; first: " : "", p->violated ? p->first : "");
}
