/* The feature axis of the matrix: sub-cells of an (image, platform)
 * cell that change what the image asks for in negotiation and what the
 * platform offers, so that "not granted", ENOFEATURE and refusals for a
 * missing required feature happen at all. The choice (docs/matrix.md):
 *
 *  - only under the `current` column: a released platform plays its
 *    release, which offered every feature it defined;
 *  - only for images whose revision defines a feature;
 *  - the platform offers everything (as the cell), every other feature
 *    bit (0x5555...), or nothing;
 *  - the image asks as built (every feature of its revision, optional),
 *    and, for fresh images only (a frozen image's runtime reads no
 *    request from its command line), for nothing, or for each feature
 *    of its revision alone, required;
 *  - every pair but the cell itself, but "asks for nothing" against a
 *    smaller offer (nothing asked, nothing granted, whatever the offer),
 *    and but single features against no offer at all (each is refused
 *    exactly as against every other bit, which refuses half of them and
 *    grants the other half).
 *
 * That is 2 sub-cells per frozen image and 3 + 2 x features per fresh
 * one: each ENOFEATURE path, each grant and each refusal of a missing
 * feature is seen, and the matrix grows by tens of cells, not by a
 * product of every mask. */
#include "conformance/matrix.h"
#include "conformance/rule.h"

#include <stdio.h>
#include <string.h>

#define EVERY_OTHER 0x5555555555555555ull

static void label_mask(char *buf, size_t n, const char *what, uint64_t m)
{
	if (m)
		snprintf(buf, n, "%s-0x%llx", what, (unsigned long long)m);
	else
		snprintf(buf, n, "%s-none", what);
}

static void variant(struct pvabi_cell_features *f, int offer, uint64_t offered, int want,
		    uint64_t required, uint64_t optional)
{
	char o[28] = "", w[28] = "";

	memset(f, 0, sizeof(*f));
	f->offer = (uint8_t)offer;
	f->offered = offered;
	f->want = (uint8_t)want;
	f->required = required;
	f->optional = optional;
	if (offer)
		label_mask(o, sizeof(o), "offer", offered);
	if (want)
		label_mask(w, sizeof(w), "want", required | optional);
	snprintf(f->label, sizeof(f->label), "%s%s%s", o, offer && want ? "+" : "", w);
}

size_t pvabi_matrix_feature_variants(const struct pvabi_spec *s, const struct pvabi_registry *r,
				     const struct pvabi_cell *c, int can_offer, int can_want,
				     struct pvabi_cell_features *out, size_t max)
{
	struct pvabi_rule_platform p;
	struct pvabi_rule_guest g;
	uint64_t offers[3], defined;
	char err[256];
	size_t n = 0, i, b;

	if (strcmp(c->platform, "current") || pvabi_rule_platform(s, r, NULL, &p, err, sizeof(err)) ||
	    pvabi_rule_image(s, c->image_rev, &g, err, sizeof(err)) || !(defined = g.optional))
		return 0;
	offers[0] = p.offered;
	offers[1] = p.offered & EVERY_OTHER;
	offers[2] = 0;
	for (i = 0; i < 3; i++) {
		if (i && (!can_offer || offers[i] == offers[i - 1] || offers[i] == offers[0]))
			continue;
		if (i && n < max) /* as built, against a smaller offer */
			variant(&out[n++], 1, offers[i], 0, 0, 0);
		if (c->image_frozen || !can_want || i == 2)
			continue;
		if (!i && n < max) /* nothing asked: the same against any offer */
			variant(&out[n++], 0, 0, 1, 0, 0);
		for (b = 0; b < 64 && n < max; b++)
			if (defined >> b & 1)
				variant(&out[n++], i != 0, offers[i], 1, 1ull << b, 0);
	}
	return n;
}
