/* The oracle predicts a cell from the spec and the registry with the
 * negotiation rule as the spec states it (conformance/rule.c), never
 * with the negotiator the platform runs: a bug in that decision then
 * moves the outcome away from the prediction instead of both together.
 * The judge (conformance/judge.c) compares what the cell did with this.
 * Both are pure functions of their inputs, so a prediction shown in a
 * report can be reproduced anywhere. */
#include "conformance/host_profile.h"
#include "conformance/oracle.h"
#include "conformance/rule.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[] = { "pass", "pass-lower", "refused" };

const char *pvabi_pred_kind_name(enum pvabi_pred_kind k)
{
	return (unsigned int)k < 3 ? kind_names[k] : "?";
}

int pvabi_pred_kind_parse(const char *name)
{
	int i;

	for (i = 0; name && i < 3; i++)
		if (!strcmp(name, kind_names[i]))
			return i;
	return -1;
}

int pvabi_oracle_offer(const struct pvabi_spec *s, const char *image_rev,
		       struct pvabi_neg_offer *o, char *err, size_t errlen)
{
	struct pvabi_rule_guest g;

	memset(o, 0, sizeof(*o));
	if (pvabi_rule_image(s, image_rev, &g, err, errlen))
		return -1;
	o->rev_min = g.lo;
	o->rev_max = g.hi;
	o->required = g.required;
	o->optional = g.optional;
	return 0;
}

static const char *rev_str(uint32_t rev, char *buf, size_t n)
{
	snprintf(buf, n, "%u.%u", rev >> 16, rev & 0xffff);
	return buf;
}

/* "1.0-2.1", or "none". */
static const char *range_str(const struct pvabi_rule_platform *p, char *buf, size_t n)
{
	uint32_t lo = ~0u, hi = 0;
	char a[16], b[16];
	size_t i;

	for (i = 0; i < p->nserved; i++) {
		lo = p->served[i] < lo ? p->served[i] : lo;
		hi = p->served[i] > hi ? p->served[i] : hi;
	}
	if (!p->nserved)
		snprintf(buf, n, "none");
	else
		snprintf(buf, n, "%s-%s", rev_str(lo, a, sizeof(a)), rev_str(hi, b, sizeof(b)));
	return buf;
}

static void why(const char *image_rev, const char *label, const struct pvabi_rule_guest *g,
		const struct pvabi_rule_platform *p, const struct pvabi_rule_outcome *o,
		struct pvabi_prediction *out)
{
	char gl[16], gh[16], pr[40], ch[16];

	rev_str(g->lo, gl, sizeof(gl));
	rev_str(g->hi, gh, sizeof(gh));
	range_str(p, pr, sizeof(pr));
	rev_str(o->chosen, ch, sizeof(ch));
	if (o->status == PVABI_RULE_NO_COMMON_REVISION)
		snprintf(out->why, sizeof(out->why),
			 "Image %s offers %s-%s and platform %s serves %s with no revision in "
			 "common, so negotiation is refused.", image_rev, gl, gh, label, pr);
	else if (o->status == PVABI_RULE_MISSING_REQUIRED)
		snprintf(out->why, sizeof(out->why),
			 "Image %s requires features 0x%llx that platform %s cannot grant at %s, "
			 "so negotiation is refused.", image_rev, (unsigned long long)o->missing,
			 label, ch);
	else if (o->chosen == g->hi)
		snprintf(out->why, sizeof(out->why),
			 "Image %s negotiates its own revision with platform %s (serves %s), "
			 "features 0x%llx, and every check passes.", image_rev, label, pr,
			 (unsigned long long)o->granted);
	else
		snprintf(out->why, sizeof(out->why),
			 "Image %s negotiates %s, the highest revision platform %s serves, "
			 "features 0x%llx, and that revision's checks pass.", image_rev, ch, label,
			 (unsigned long long)o->granted);
}

/* The spec's revisions inside the guest's range, each with what it
 * defines and whether the platform serves it. */
static void facts(const struct pvabi_spec *s, const struct pvabi_rule_guest *g,
		  const struct pvabi_rule_platform *p, struct pvabi_cell_facts *f)
{
	size_t k;

	memset(f, 0, sizeof(*f));
	f->lo = g->lo;
	f->hi = g->hi;
	f->required = g->required;
	f->requested = g->required | g->optional;
	f->offered = p->offered;
	for (k = 0; k < s->nrevs && f->nrevs < PVABI_FACTS_MAX_REVS; k++) {
		uint32_t rev = pvabi_rev_code(&s->revs[k]);

		if (rev < g->lo || rev > g->hi)
			continue;
		f->rev[f->nrevs] = rev;
		f->defined[f->nrevs] = pvabi_rule_defined(s, rev);
		f->served[f->nrevs++] = (uint8_t)pvabi_rule_serves(p, rev);
	}
	f->known = 1;
}

static void predict_sides(const struct pvabi_spec *s, const char *image_rev, const char *label,
			  const struct pvabi_rule_guest *g, const struct pvabi_rule_platform *p,
			  struct pvabi_prediction *out)
{
	struct pvabi_rule_outcome o;

	memset(out, 0, sizeof(*out));
	pvabi_rule_apply(s, g, p, &o);
	out->neg_status = (uint32_t)o.status;
	out->rev = o.chosen;
	out->granted = o.granted;
	out->missing = o.missing;
	if (o.status != PVABI_RULE_OK)
		out->kind = PVABI_PRED_REFUSED;
	else
		out->kind = o.chosen == g->hi ? PVABI_PRED_PASS : PVABI_PRED_PASS_LOWER;
	why(image_rev, label, g, p, &o, out);
	facts(s, g, p, &out->facts);
}

int pvabi_oracle_predict_profile(const struct pvabi_spec *s, const char *image_rev,
				 const struct pvabi_neg_profile *np, const char *label,
				 struct pvabi_prediction *out, char *err, size_t errlen)
{
	struct pvabi_rule_platform p;
	struct pvabi_rule_guest g;
	uint32_t i;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	if (pvabi_rule_image(s, image_rev, &g, err, errlen))
		return -1;
	/* Only what the profile lists: its served revisions and its offer. */
	for (i = 0; i < np->nrevs && i < PVABI_NEG_MAX_REVS; i++)
		if (np->served >> i & 1)
			p.served[p.nserved++] = np->revs[i];
	p.offered = np->offered;
	predict_sides(s, image_rev, label, &g, &p, out);
	return 0;
}

int pvabi_oracle_predict_cell(const struct pvabi_spec *s, const struct pvabi_registry *r,
			      const char *image_rev, const char *platform,
			      const struct pvabi_cell_features *feat,
			      struct pvabi_prediction *out, char *err, size_t errlen)
{
	const char *release = platform && strcmp(platform, "current") ? platform : NULL;
	struct pvabi_rule_platform p;
	struct pvabi_rule_guest g;

	memset(out, 0, sizeof(*out));
	if (!platform || !*platform) {
		snprintf(err, errlen, "no platform given (\"current\" or a release)");
		return -1;
	}
	if (pvabi_host_abi(s))
		return pvabi_oracle_predict_host(s, image_rev, platform, out, err, errlen);
	if (pvabi_rule_platform(s, r, release, &p, err, errlen) ||
	    pvabi_rule_image(s, image_rev, &g, err, errlen))
		return -1;
	if (feat && feat->offer)
		p.offered &= feat->offered;
	if (feat && feat->want) {
		g.required = feat->required;
		g.optional = feat->optional;
	}
	predict_sides(s, image_rev, platform, &g, &p, out);
	return 0;
}

int pvabi_oracle_predict(const struct pvabi_spec *s, const struct pvabi_registry *r,
			 const char *image_rev, const char *platform,
			 struct pvabi_prediction *out, char *err, size_t errlen)
{
	return pvabi_oracle_predict_cell(s, r, image_rev, platform, NULL, out, err, errlen);
}
