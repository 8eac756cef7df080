/* The negotiation itself: platform profiles, the decision, the per-session
 * memory, and both ends of operation 0. */
#include "negotiator/neg_internal.h"

static void profile_clear(struct pvabi_neg_profile *p)
{
	size_t i;

	p->nrevs = p->min = p->max = p->pad0 = 0;
	for (i = 0; i < PVABI_NEG_MAX_REVS; i++) {
		p->revs[i] = 0;
		p->defined[i] = 0;
	}
	p->served = p->offered = p->platform_id = 0;
}

/* Insertion sort: at most PVABI_NEG_MAX_REVS entries and no library to
 * call; sorting here is what makes the decision a scan from the top. */
static int profile_insert(struct pvabi_neg_profile *p, uint8_t *served,
			  const struct pvabi_neg_rev_desc *d)
{
	uint32_t i;

	for (i = 0; i < p->nrevs; i++)
		if (p->revs[i] == d->rev)
			return PVABI_NEG_EDUP;
	for (i = p->nrevs; i > 0 && p->revs[i - 1] > d->rev; i--) {
		p->revs[i] = p->revs[i - 1];
		p->defined[i] = p->defined[i - 1];
		served[i] = served[i - 1];
	}
	p->revs[i] = d->rev;
	p->defined[i] = d->features_defined;
	served[i] = d->served != 0;
	p->nrevs++;
	return 0;
}

int pvabi_neg_profile_build(struct pvabi_neg_profile *p,
			    const struct pvabi_neg_rev_desc *d, size_t n,
			    uint64_t offered, uint64_t platform_id)
{
	uint8_t served[PVABI_NEG_MAX_REVS];
	uint32_t i;
	size_t k;

	profile_clear(p);
	if (n > PVABI_NEG_MAX_REVS)
		return PVABI_NEG_ETOOMANY;
	for (k = 0; k < n; k++) {
		if (profile_insert(p, served, &d[k]) < 0) {
			profile_clear(p);
			return PVABI_NEG_EDUP;
		}
	}
	for (i = 0; i < p->nrevs; i++) {
		if (!served[i])
			continue;
		if (!p->served)
			p->min = p->revs[i];
		p->max = p->revs[i];
		p->served |= (uint64_t)1 << i;
	}
	if (!p->served) {
		profile_clear(p);
		return PVABI_NEG_ENOSERVED;
	}
	p->offered = offered;
	p->platform_id = platform_id;
	return 0;
}

void pvabi_neg_session_init(struct pvabi_neg_session *s)
{
	s->negotiated = 0;
	s->rev = 0;
	s->granted = 0;
}

static void answer_start(struct pvabi_neg_answer *a, const struct pvabi_neg_profile *p)
{
	pvabi_neg_answer_clear(a);
	a->platform_min = p->min;
	a->platform_max = p->max;
	a->platform_id = p->platform_id;
}

/* Index of the highest served revision in [lo, hi], or -1. */
static int highest_common(const struct pvabi_neg_profile *p, uint32_t lo, uint32_t hi)
{
	uint32_t i = p->nrevs < PVABI_NEG_MAX_REVS ? p->nrevs : PVABI_NEG_MAX_REVS;

	while (i-- > 0) {
		if (p->revs[i] < lo)
			break;
		if (p->revs[i] <= hi && (p->served >> i & 1))
			return (int)i;
	}
	return -1;
}

/* The highest common revision wins even when a lower one would grant a
 * required feature: the outcome must be predictable from the two ranges
 * alone, and features only grow between revisions in a sane spec. */
void pvabi_neg_decide(const struct pvabi_neg_profile *p,
		      const struct pvabi_neg_offer *o, struct pvabi_neg_answer *a)
{
	uint64_t avail;
	int i;

	answer_start(a, p);
	if (o->rev_min > o->rev_max) {
		a->status = PVABI_NEG_MALFORMED;
		a->defect = PVABI_NEG_DEFECT_INVERTED_RANGE;
		return;
	}
	a->guest_min = o->rev_min;
	a->guest_max = o->rev_max;
	a->guest_id = o->guest_id;
	i = highest_common(p, o->rev_min, o->rev_max);
	if (i < 0) {
		a->status = PVABI_NEG_NO_COMMON_REVISION;
		return;
	}
	a->chosen = p->revs[i];
	avail = p->offered & p->defined[i];
	a->missing = o->required & ~avail;
	if (a->missing) {
		a->status = PVABI_NEG_MISSING_REQUIRED_FEATURES;
		return;
	}
	a->granted = (o->required | o->optional) & avail;
	a->status = PVABI_NEG_OK;
}

enum pvabi_neg_status pvabi_neg_platform_answer(struct pvabi_neg_session *s,
						const struct pvabi_neg_profile *p,
						const struct pvabi_neg_offer *o,
						struct pvabi_neg_answer *a)
{
	pvabi_neg_decide(p, o, a);
	if (a->status == PVABI_NEG_MALFORMED)
		return PVABI_NEG_MALFORMED;
	if (s->negotiated) {
		/* Report the agreement in force, which is what the guest
		 * (say, after losing its own state) needs to know. */
		a->status = PVABI_NEG_ALREADY_NEGOTIATED;
		a->chosen = s->rev;
		a->granted = s->granted;
		a->missing = 0;
		return PVABI_NEG_ALREADY_NEGOTIATED;
	}
	if (a->status == PVABI_NEG_OK) {
		s->negotiated = 1;
		s->rev = a->chosen;
		s->granted = a->granted;
	}
	return (enum pvabi_neg_status)a->status;
}

int pvabi_neg_platform_serve(struct pvabi_neg_session *s,
			     const struct pvabi_neg_profile *p,
			     const void *req, size_t req_len, void *resp,
			     size_t resp_cap, struct pvabi_neg_answer *a)
{
	struct pvabi_neg_offer o;
	enum pvabi_neg_defect d;

	/* Before deciding: a success the guest never hears of would lock
	 * the session into an agreement the guest does not know. */
	if (resp_cap < PVABI_NEG_ANSWER_SIZE)
		return PVABI_NEG_ENOSPC;
	d = pvabi_neg_offer_decode(req, req_len, &o);
	if (d != PVABI_NEG_DEFECT_NONE) {
		answer_start(a, p);
		a->status = PVABI_NEG_MALFORMED;
		a->defect = d;
	} else {
		pvabi_neg_platform_answer(s, p, &o, a);
	}
	return pvabi_neg_answer_encode(a, resp, resp_cap);
}

static int in_range(uint32_t v, uint32_t lo, uint32_t hi)
{
	return v >= lo && v <= hi;
}

/* An answer is only trusted if it could be the answer to this offer: a
 * platform bug must surface here, not as a guest using a feature it was
 * never granted. */
static int answer_fits(const struct pvabi_neg_offer *o, const struct pvabi_neg_answer *a)
{
	uint64_t asked = o->required | o->optional;
	int chosen_ok = in_range(a->chosen, o->rev_min, o->rev_max) &&
			in_range(a->chosen, a->platform_min, a->platform_max);

	if (a->status == PVABI_NEG_MALFORMED)
		return !a->granted && !a->missing;
	if (a->guest_min != o->rev_min || a->guest_max != o->rev_max ||
	    a->guest_id != o->guest_id || a->missing & ~o->required)
		return 0;
	switch (a->status) {
	case PVABI_NEG_OK:
		return chosen_ok && !a->missing && !(a->granted & ~asked) &&
		       !(o->required & ~a->granted);
	case PVABI_NEG_MISSING_REQUIRED_FEATURES:
		return chosen_ok && a->missing && !a->granted;
	case PVABI_NEG_NO_COMMON_REVISION:
		return !a->chosen && !a->granted && !a->missing;
	default: /* ALREADY_NEGOTIATED: an earlier agreement, not this offer's */
		return !a->missing;
	}
}

enum pvabi_neg_status pvabi_neg_guest_accept(const struct pvabi_neg_offer *sent,
					     const void *buf, size_t len,
					     struct pvabi_neg_answer *a)
{
	enum pvabi_neg_defect d = pvabi_neg_answer_decode(buf, len, a);

	if (d == PVABI_NEG_DEFECT_NONE && !answer_fits(sent, a))
		d = PVABI_NEG_DEFECT_INCONSISTENT;
	if (d != PVABI_NEG_DEFECT_NONE) {
		pvabi_neg_answer_clear(a);
		a->status = PVABI_NEG_MALFORMED;
		a->defect = PVABI_NEG_DEFECT_IN_ANSWER | d;
		a->guest_min = sent->rev_min;
		a->guest_max = sent->rev_max;
		a->guest_id = sent->guest_id;
	}
	return (enum pvabi_neg_status)a->status;
}
