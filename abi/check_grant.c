/* FEATURE_BEHAVIOUR_UNCHECKED (see check_grant.h). A feature that
 * changes what an op does is seen only by an image whose expectation
 * depends on the grant: a constant expectation holds in one sub-cell
 * and says nothing about the others, so a platform that behaves by what
 * it offers (or by the revision) instead of what it granted passes it. */
#include "abi/check_grant.h"
#include "abi/finding.h"
#include "abi/limit.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

int pvabi_text_names_grant(const char *text, const char *name, unsigned int bit)
{
	size_t n = strlen(name);
	const char *p;

	for (p = text; p && (p = strstr(p, "granted")); p += 7) {
		const char *q = p + 7;

		/* "$granted" is a variable, "xgranted" another word */
		if (p > text && (ident_char(p[-1]) || p[-1] == '$'))
			continue;
		if (*q == '.') {
			if (!strncmp(q + 1, name, n) && !ident_char(q[1 + n]))
				return 1;
			continue;
		}
		if (ident_char(*q))
			continue;
		if (q[0] == '>' && q[1] == '>' && isdigit((unsigned char)q[2])) {
			if (strtoul(q + 2, NULL, 10) <= bit)
				return 1;
			continue;
		}
		return 1; /* the whole grant */
	}
	return 0;
}

static int vector_names(const struct pvabi_op *op, int rev, const struct pvabi_feature *ft)
{
	size_t i;

	for (i = 0; i < op->nvectors; i++)
		if (pvabi_life_has(&op->vectors[i].life, rev) &&
		    pvabi_text_names_grant(op->vectors[i].expect, ft->name, ft->bit))
			return 1;
	return 0;
}

/* A scenario of rev that calls op and expects anything by the grant:
 * the effect of a call is often seen by a later one (a send by a
 * status read). */
static int scenario_names(const struct pvabi_spec *s, int op, int rev,
			  const struct pvabi_feature *ft)
{
	size_t i, j;

	for (i = 0; i < s->nscenarios; i++) {
		const struct pvabi_scenario *sc = &s->scenarios[i];
		int calls = 0, names = 0;

		if (!pvabi_life_has(&sc->life, rev))
			continue;
		for (j = 0; j < sc->nsteps; j++) {
			const struct pvabi_step *st = &sc->steps[j];

			calls |= st->kind == PVABI_STEP_CALL && st->op == op;
			names |= pvabi_text_names_grant(st->expect, ft->name, ft->bit) ||
				 pvabi_text_names_grant(st->args, ft->name, ft->bit);
		}
		if (calls && names)
			return 1;
	}
	return 0;
}

static void judge(const struct pvabi_spec *s, const struct pvabi_feature *ft,
		  const struct pvabi_feature_change *ch, struct pvabi_findings *f)
{
	const struct pvabi_op *op = &s->ops[ch->op];
	char tgt[300];
	size_t r;

	snprintf(tgt, sizeof(tgt), "feature:%s.op:%s", ft->name, op->name);
	for (r = 0; r < s->nrevs; r++) {
		int rev = (int)r;

		if (!pvabi_life_has(&ft->life, rev) || !pvabi_life_has(&op->life, rev) ||
		    vector_names(op, rev, ft) || scenario_names(s, ch->op, rev, ft) ||
		    (ch->limit >= 0 && (pvabi_limit_features(s, ch->limit, rev) >> ft->bit & 1)))
			continue;
		finding_warn_waivable(f, "FEATURE_BEHAVIOUR_UNCHECKED", &ch->loc,
				      s->revs[r].id, tgt,
				      "feature %s changes op %s, but no vector of it or scenario calling it "
				      "expects by the grant of %s", ft->name, op->name, ft->name);
	}
}

void pvabi_check_feature_changes(const struct pvabi_spec *s, struct pvabi_findings *f)
{
	size_t i, k;

	for (i = 0; i < s->nfeatures; i++)
		for (k = 0; k < s->features[i].nchanges; k++)
			if (s->features[i].changes[k].op >= 0)
				judge(s, &s->features[i], &s->features[i].changes[k], f);
	pvabi_check_feature_upcalls(s, f);
}
