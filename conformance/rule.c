/* The negotiation rule, one sentence of the spec per step. It works on
 * sets (the served revisions in any order, the features as masks) and
 * never on a negotiator profile, so it shares neither code nor data
 * layout with the decision the platform runs. */
#include "conformance/rule.h"

#include <stdio.h>
#include <string.h>

static uint32_t code_of(const struct pvabi_rev *r)
{
	return (uint32_t)r->major << 16 | (r->minor & 0xffff);
}

/* "A feature is defined from its since revision until it is removed." */
uint64_t pvabi_rule_defined(const struct pvabi_spec *s, uint32_t rev)
{
	uint64_t m = 0;
	size_t i, k;

	for (k = 0; k < s->nrevs && code_of(&s->revs[k]) != rev; k++)
		;
	if (k == s->nrevs)
		return 0;
	for (i = 0; i < s->nfeatures; i++) {
		const struct pvabi_feature *f = &s->features[i];

		if (f->bit < 64 && (int)k >= f->life.since &&
		    (f->life.removed < 0 || (int)k < f->life.removed))
			m |= (uint64_t)1 << f->bit;
	}
	return m;
}

int pvabi_rule_serves(const struct pvabi_rule_platform *p, uint32_t rev)
{
	size_t i;

	for (i = 0; i < p->nserved; i++)
		if (p->served[i] == rev)
			return 1;
	return 0;
}

void pvabi_rule_apply(const struct pvabi_spec *s, const struct pvabi_rule_guest *g,
		      const struct pvabi_rule_platform *p, struct pvabi_rule_outcome *out)
{
	uint64_t available;
	int found = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	/* "The chosen revision is the highest revision it serves inside
	 * [rev_min, rev_max]; if there is none, no_common_revision." */
	for (i = 0; i < p->nserved; i++)
		if (p->served[i] >= g->lo && p->served[i] <= g->hi &&
		    (!found || p->served[i] > out->chosen)) {
			out->chosen = p->served[i];
			found = 1;
		}
	if (!found) {
		out->status = PVABI_RULE_NO_COMMON_REVISION;
		return;
	}
	/* "The available features are those it offers that the chosen
	 * revision defines." */
	available = p->offered & pvabi_rule_defined(s, out->chosen);
	/* "If some required features are not available, the status is
	 * missing_required_features" (and missing names exactly them). */
	if (g->required & ~available) {
		out->status = PVABI_RULE_MISSING_REQUIRED;
		out->missing = g->required & ~available;
		return;
	}
	/* "Otherwise ok, the grant is (required | optional) limited to the
	 * available features." */
	out->status = PVABI_RULE_OK;
	out->granted = (g->required | g->optional) & available;
}

static int rev_index(const struct pvabi_spec *s, const char *id)
{
	size_t k;

	for (k = 0; id && k < s->nrevs; k++)
		if (!strcmp(s->revs[k].id, id))
			return (int)k;
	return -1;
}

int pvabi_rule_image(const struct pvabi_spec *s, const char *image_rev,
		     struct pvabi_rule_guest *g, char *err, size_t errlen)
{
	int k = rev_index(s, image_rev);

	memset(g, 0, sizeof(*g));
	if (k < 0) {
		snprintf(err, errlen, "image revision '%s' is not a revision of %s",
			 image_rev ? image_rev : "(none)", s->file ? s->file : "the spec");
		return -1;
	}
	g->lo = code_of(&s->revs[0]);
	g->hi = code_of(&s->revs[k]);
	g->optional = pvabi_rule_defined(s, g->hi);
	return 0;
}

static int reg_index(const struct pvabi_registry *r, const char *id)
{
	size_t i;

	for (i = 0; id && i < r->nrevs; i++)
		if (!strcmp(r->revs[i].id, id))
			return (int)i;
	return -1;
}

static int listed(const struct pvabi_reg_rev *rel, const char *id)
{
	size_t i;

	for (i = 0; i < rel->nserves; i++)
		if (!strcmp(rel->serves[i], id))
			return 1;
	return 0;
}

/* Whether registry revision i is one the platform serves. */
static int platform_serves(const struct pvabi_registry *r, int rel, int from, int to, int i)
{
	if (rel >= 0 && r->revs[rel].nserves)
		return listed(&r->revs[rel], r->revs[i].id);
	return i >= from && i <= to && r->revs[i].status != PVABI_STATUS_RETIRED;
}

static int add_served(const struct pvabi_spec *s, const struct pvabi_reg_rev *rv,
		      struct pvabi_rule_platform *p, uint32_t *top, char *err, size_t errlen)
{
	int k = rev_index(s, rv->id);

	if (k < 0) {
		snprintf(err, errlen, "revision %s is registered but not in %s", rv->id, s->file);
		return -1;
	}
	if (p->nserved == PVABI_RULE_MAX_REVS) {
		snprintf(err, errlen, "more than %d revisions served (at %s)",
			 PVABI_RULE_MAX_REVS, rv->id);
		return -1;
	}
	p->served[p->nserved++] = code_of(&s->revs[k]);
	if (code_of(&s->revs[k]) >= *top)
		*top = code_of(&s->revs[k]);
	return 0;
}

int pvabi_rule_platform(const struct pvabi_spec *s, const struct pvabi_registry *r,
			const char *release, struct pvabi_rule_platform *p,
			char *err, size_t errlen)
{
	int from = reg_index(r, r->window_from), to = reg_index(r, r->window_to), rel = -1, i;
	uint32_t top = 0;

	memset(p, 0, sizeof(*p));
	if (release) {
		rel = reg_index(r, release);
		if (rel < 0 || r->revs[rel].status == PVABI_STATUS_DRAFT) {
			snprintf(err, errlen, "'%s' is not a released revision of %s", release,
				 r->file);
			return -1;
		}
		from = 0;
		to = rel;
	}
	if (from < 0 || to < from) {
		snprintf(err, errlen, "support window %s..%s is not a registered range",
			 r->window_from, r->window_to);
		return -1;
	}
	for (i = 0; i < (int)r->nrevs; i++)
		if (platform_serves(r, rel, from, to, i) && add_served(s, &r->revs[i], p, &top,
								       err, errlen))
			return -1;
	if (!p->nserved) {
		snprintf(err, errlen, "the platform serves no revision");
		return -1;
	}
	p->offered = pvabi_rule_defined(s, top);
	return 0;
}
