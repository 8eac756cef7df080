/* Waivers against findings. A waiver names its rule, revision and target
 * exactly, so a waiver for one break never hides another; each breaking
 * finding looks its waiver up in a hash index of the spec's waivers
 * instead of trying every waiver in turn (thousands of waivers against
 * hundreds of thousands of findings were quadratic). */
#include "abi/finding.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct windex {
	const struct pvabi_spec *s;
	size_t mask;
	int *slot; /* waiver index + 1; 0: empty */
};

static uint64_t hash_key(const char *rule, const char *rev, const char *target)
{
	const char *parts[3] = { rule, rev, target };
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	const unsigned char *p;
	int k;

	for (k = 0; k < 3; k++) {
		for (p = (const unsigned char *)parts[k]; *p; p++)
			h = (h ^ *p) * 1099511628211ull;
		h = (h ^ 0xff) * 1099511628211ull; /* a separator no name holds */
	}
	return h;
}

static int same_key(const struct windex *x, int j, const char *rule, const char *rev,
		    const char *target)
{
	const struct pvabi_waiver *w = &x->s->waivers[j];

	return !strcmp(w->rule, rule) && !strcmp(x->s->revs[w->rev].id, rev) &&
	       !strcmp(w->target, target);
}

/* The first waiver with this key, or -1. */
static int windex_find(const struct windex *x, const char *rule, const char *rev,
		       const char *target)
{
	size_t i = (size_t)hash_key(rule, rev, target) & x->mask;

	for (; x->slot[i]; i = (i + 1) & x->mask)
		if (same_key(x, x->slot[i] - 1, rule, rev, target))
			return x->slot[i] - 1;
	return -1;
}

static int windex_build(struct windex *x, const struct pvabi_spec *s)
{
	size_t cap = 16, j;

	while (cap < 2 * s->nwaivers)
		cap *= 2;
	x->s = s;
	x->mask = cap - 1;
	x->slot = calloc(cap, sizeof(*x->slot));
	if (!x->slot)
		return -1;
	for (j = 0; j < s->nwaivers; j++) {
		const struct pvabi_waiver *w = &s->waivers[j];
		const char *rev = s->revs[w->rev].id;
		size_t i = (size_t)hash_key(w->rule, rev, w->target) & x->mask;

		/* an equal key already in: the first waiver is the one used */
		for (; x->slot[i]; i = (i + 1) & x->mask)
			if (same_key(x, x->slot[i] - 1, w->rule, rev, w->target))
				break;
		if (!x->slot[i])
			x->slot[i] = (int)j + 1;
	}
	return 0;
}

/* Findings name a member with its kind ("op:set_timer.arg:flags"); a
 * waiver names it as the schema allows ("op:set_timer.flags"): every
 * ".kind:" becomes "." (as finding_target_matches reads them). out has
 * room for t. */
static void strip_kinds(const char *t, char *out)
{
	static const char lower[] = "abcdefghijklmnopqrstuvwxyz";
	size_t k;

	while (*t) {
		*out++ = *t;
		if (*t++ != '.')
			continue;
		k = strspn(t, lower);
		if (k && t[k] == ':')
			t += k + 1;
	}
	*out = '\0';
}

/* The waiver covering x (the first in the spec when several do), or -1:
 * its target as the finding spells it, or in the waiver's spelling. */
static int waiver_of(const struct windex *x, const struct pvabi_finding *f, char *buf)
{
	int a = windex_find(x, f->rule, f->rev, f->target), b;

	strip_kinds(f->target, buf);
	if (!strcmp(buf, f->target))
		return a;
	b = windex_find(x, f->rule, f->rev, buf);
	return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

void pvabi_check_waivers(struct pvabi_spec *s, struct pvabi_findings *f)
{
	struct windex x = { NULL, 0, NULL };
	char *buf = NULL;
	size_t i, j, longest = 0;
	int k;

	for (i = 0; i < f->n; i++)
		if (f->v[i].target && strlen(f->v[i].target) > longest)
			longest = strlen(f->v[i].target);
	if (s->nwaivers && (windex_build(&x, s) || !(buf = malloc(longest + 1)))) {
		f->oom = 1;
		goto out;
	}
	for (i = 0; s->nwaivers && i < f->n; i++) {
		struct pvabi_finding *v = &f->v[i];

		if ((v->sev != PVABI_SEV_BREAKING && !(v->sev == PVABI_SEV_WARNING && v->waivable)) ||
		    !v->rev || !v->target || (k = waiver_of(&x, v, buf)) < 0)
			continue;
		v->sev = PVABI_SEV_WAIVED;
		v->waiver_file = s->waivers[k].loc.file;
		v->waiver_line = s->waivers[k].loc.line;
		s->waivers[k].used = 1;
	}
	/* A run without the coverage pass (gen, release, gate) cannot tell
	 * whether a coverage waiver (OUTPUT_UNCHECKED, or what the pass runs:
	 * FEATURE_BEHAVIOUR_UNCHECKED, PARTITION_UNPROBED, BYTES_UNDECLARED,
	 * EDGE_UNDECLARED,
	 * BATCH_UNDECLARED, NOW_UNDECLARED, MONOTONIC_UNDECLARED, EXCLUDES_UNDECLARED,
	 * FIXED_UNDECLARED, BY_CALLER_UNDECLARED, IGNORED_BITS_UNDECLARED,
	 * TIED_UNDECLARED, FIXED_UNLESS_UNDECLARED) is still needed. */
	for (j = 0; j < s->nwaivers; j++)
		if (!s->waivers[j].used &&
		    (f->coverage || (strcmp(s->waivers[j].rule, "OUTPUT_UNCHECKED") &&
				     /* FULL_STATE_UNPROBED: a coverage rule too */
				     strcmp(s->waivers[j].rule, "FULL_STATE_UNPROBED") &&
				     strcmp(s->waivers[j].rule, "FEATURE_BEHAVIOUR_UNCHECKED") &&
				     strcmp(s->waivers[j].rule, "FEATURE_UPCALLS_UNCOUNTED") &&
				     strcmp(s->waivers[j].rule, "PARTITION_UNPROBED") &&
				     strcmp(s->waivers[j].rule, "BYTES_UNDECLARED") &&
				     strcmp(s->waivers[j].rule, "EDGE_UNDECLARED") &&
				     strcmp(s->waivers[j].rule, "BATCH_UNDECLARED") &&
				     strcmp(s->waivers[j].rule, "NOW_UNDECLARED") &&
				     strcmp(s->waivers[j].rule, "MONOTONIC_UNDECLARED") &&
				     strcmp(s->waivers[j].rule, "EXCLUDES_UNDECLARED") &&
				     strcmp(s->waivers[j].rule, "FIXED_UNDECLARED") &&
				     strcmp(s->waivers[j].rule, "BY_CALLER_UNDECLARED") &&
				     strcmp(s->waivers[j].rule, "IGNORED_BITS_UNDECLARED") &&
				     strcmp(s->waivers[j].rule, "TIED_UNDECLARED") &&
				     strcmp(s->waivers[j].rule, "FIXED_UNLESS_UNDECLARED"))))
			finding_add(f, "WAIVER_UNUSED", PVABI_SEV_WARNING, &s->waivers[j].loc,
				    s->revs[s->waivers[j].rev].id, s->waivers[j].target,
				    "waiver for %s on %s at %s matches no finding; remove it",
				    s->waivers[j].rule, s->waivers[j].target,
				    s->revs[s->waivers[j].rev].id);
out:
	free(x.slot);
	free(buf);
}
