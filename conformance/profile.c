#include "conformance/profile.h"

#include <stdio.h>
#include <string.h>

static int listed(const struct pvabi_reg_rev *rel, const char *id)
{
	size_t i;

	for (i = 0; i < rel->nserves; i++)
		if (!strcmp(rel->serves[i], id))
			return 1;
	return 0;
}

/* Whether revision i of the registry is served by the profile: the current
 * build serves its window minus retired revisions; release R serves what
 * its `serves` list says, or, without one, every non-retired revision up
 * to R from the window's start. */
static int served(const struct pvabi_registry *r, int i, int from, int to, int rel)
{
	const struct pvabi_reg_rev *rv = &r->revs[i];

	if (i < from || i > to)
		return 0;
	if (rel >= 0 && r->revs[rel].nserves)
		return listed(&r->revs[rel], rv->id);
	return rv->status != PVABI_STATUS_RETIRED;
}

static int bounds(const struct pvabi_registry *r, const char *release, int *from, int *to,
		  int *rel, char *err, size_t errlen)
{
	*from = pvabi_registry_find(r, r->window_from);
	*to = pvabi_registry_find(r, r->window_to);
	*rel = -1;
	if (*from < 0 || *to < *from) {
		snprintf(err, errlen, "support window %s..%s is not a registered range",
			 r->window_from, r->window_to);
		return -1;
	}
	if (!release)
		return 0;
	*rel = pvabi_registry_find(r, release);
	if (*rel < 0 || r->revs[*rel].status == PVABI_STATUS_DRAFT) {
		snprintf(err, errlen, "'%s' is not a released revision of %s", release, r->file);
		return -1;
	}
	*from = 0;
	*to = *rel;
	return 0;
}

int pvabi_profile_from_registry(const struct pvabi_spec *s, const struct pvabi_registry *r,
				const char *release, struct pvabi_neg_profile *p,
				char *err, size_t errlen)
{
	struct pvabi_neg_rev_desc d[PVABI_NEG_MAX_REVS];
	int from, to, rel, i, top = -1, rc;
	size_t n = 0;

	if (bounds(r, release, &from, &to, &rel, err, errlen))
		return -1;
	for (i = 0; i <= to && n < PVABI_NEG_MAX_REVS; i++) {
		int si = pvabi_spec_rev(s, r->revs[i].id);

		if (si < 0) {
			snprintf(err, errlen, "revision %s is registered but not in %s", r->revs[i].id,
				 s->file);
			return -1;
		}
		if (i < from && !release)
			continue;
		d[n].rev = pvabi_rev_code(&s->revs[si]);
		d[n].served = served(r, i, from, to, rel);
		d[n].features_defined = pvabi_spec_feature_mask(s, si);
		if (d[n].served)
			top = si;
		n++;
	}
	rc = top < 0 ? -1
		     : pvabi_neg_profile_build(p, d, n, pvabi_spec_feature_mask(s, top),
					       release ? (uint64_t)pvabi_rev_code(&s->revs[top])
						       : PVABI_PLATFORM_ID_CURRENT);
	if (rc)
		snprintf(err, errlen, "cannot build the profile: %s",
			 top < 0 ? "it serves no revision" : pvabi_neg_error_str(rc));
	return rc ? -1 : 0;
}
