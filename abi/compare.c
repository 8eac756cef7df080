/* Compares two revision views element by element, matched by name, and
 * classifies each difference. Used for consecutive revisions of one spec
 * (CMP_EVOLVE) and for one revision in two versions of a spec (CMP_SAME).
 * Ops and structs have files of their own (compare_ops.c,
 * compare_structs.c); enums, features and errors are here. */
#include "abi/compare_internal.h"
#include "abi/finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- enums, features, errors ---------------------------------------- */

static const struct pvabi_enum_value *value_named(struct view v,
						  const struct pvabi_enum *e,
						  const char *name)
{
	int i = pvabi_enum_value(e, name);

	return i >= 0 && HAS(v, e->values[i].life) ? &e->values[i] : NULL;
}

/* The values of one view sorted by number, then by place in the file, so
 * that the first holder of a number is found by bisection. Built on first
 * use: most comparisons add no value. */
struct numbered_value {
	int64_t value;
	size_t i;
};

struct by_number {
	const struct pvabi_enum *e;
	struct numbered_value *v;
	size_t n;
	int built, oom;
};

static int cmp_number(const void *x, const void *y)
{
	const struct numbered_value *a = x, *b = y;

	if (a->value != b->value)
		return a->value < b->value ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

static void by_number_build(struct view v, struct by_number *bn)
{
	size_t i;

	bn->built = 1;
	bn->v = malloc((bn->e->nvalues ? bn->e->nvalues : 1) * sizeof(*bn->v));
	if (!bn->v) {
		bn->oom = 1;
		return;
	}
	for (i = 0; i < bn->e->nvalues; i++)
		if (HAS(v, bn->e->values[i].life))
			bn->v[bn->n++] = (struct numbered_value){ bn->e->values[i].value, i };
	qsort(bn->v, bn->n, sizeof(*bn->v), cmp_number);
}

static const struct pvabi_enum_value *value_numbered(struct view v,
						     struct by_number *bn,
						     int64_t val)
{
	size_t lo = 0, hi;

	if (!bn->built)
		by_number_build(v, bn);
	hi = bn->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (bn->v[mid].value < val)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < bn->n && bn->v[lo].value == val ? &bn->e->values[bn->v[lo].i] : NULL;
}

static const struct pvabi_loc *value_loc(const struct pvabi_enum *e,
					 const char *name)
{
	int i = pvabi_enum_value(e, name);

	return i >= 0 ? &e->values[i].loc : &e->loc;
}

static void cmp_added_values(struct view a, const struct pvabi_enum *ea,
			     struct view b, const struct pvabi_enum *eb,
			     enum cmp_mode m, struct pvabi_findings *f)
{
	struct by_number bn = { ea, NULL, 0, 0, 0 };
	char tgt[256];
	size_t i;

	for (i = 0; i < eb->nvalues; i++) {
		const struct pvabi_enum_value *y = &eb->values[i], *x;

		if (!HAS(b, y->life) || value_named(a, ea, y->name))
			continue;
		x = value_numbered(a, &bn, y->value);
		if (x && a.s == b.s)
			continue; /* one spec's history: check.c reports reuse */
		snprintf(tgt, sizeof(tgt), "enum:%s.value:%s", eb->name, y->name);
		if (x)
			finding_add(f, "ENUM_VALUE_REUSED", PVABI_SEV_BREAKING, &y->loc,
				    REV(b), tgt, "enum %s: value %lld of '%s' reused for '%s'",
				    eb->name, (long long)y->value, x->name, y->name);
		else
			finding_add(f, m == CMP_SAME ? "ADDED_TO_RELEASED" : "ENUM_VALUE_ADDED",
				    added_sev(m), &y->loc, REV(b), tgt,
				    "enum %s: value '%s' = %lld added", eb->name, y->name,
				    (long long)y->value);
	}
	if (bn.oom)
		f->oom = 1;
	free(bn.v);
}

static void cmp_enum(struct view a, const struct pvabi_enum *ea, struct view b,
		     const struct pvabi_enum *eb, enum cmp_mode m,
		     struct pvabi_findings *f)
{
	char tgt[256];
	size_t i;

	if (ea->prim != eb->prim) {
		snprintf(tgt, sizeof(tgt), "enum:%s", eb->name);
		finding_add(f, "ENUM_TYPE_CHANGED", PVABI_SEV_BREAKING, &eb->loc, REV(b),
			    tgt, "enum %s: type changed from %s to %s", eb->name,
			    pvabi_prim_name(ea->prim), pvabi_prim_name(eb->prim));
	}
	for (i = 0; i < ea->nvalues; i++) {
		const struct pvabi_enum_value *x = &ea->values[i], *y;

		if (!HAS(a, x->life))
			continue;
		y = value_named(b, eb, x->name);
		snprintf(tgt, sizeof(tgt), "enum:%s.value:%s", eb->name, x->name);
		if (!y)
			finding_add(f, "ENUM_VALUE_REMOVED", PVABI_SEV_BREAKING,
				    value_loc(eb, x->name), REV(b), tgt,
				    "enum %s: value '%s' (%lld) removed",
				    eb->name, x->name, (long long)x->value);
		else if (y->value != x->value)
			finding_add(f, "ENUM_VALUE_CHANGED", PVABI_SEV_BREAKING, &y->loc,
				    REV(b), tgt, "enum %s: value '%s' changed from %lld to %lld",
				    eb->name, x->name, (long long)x->value, (long long)y->value);
	}
	cmp_added_values(a, ea, b, eb, m, f);
}

void compare_enums(struct view a, struct view b, enum cmp_mode m,
		      struct pvabi_findings *f)
{
	size_t i;

	for (i = 0; i < a.s->nenums; i++) {
		const struct pvabi_enum *ea = &a.s->enums[i];
		int j;
		char tgt[160];

		if (!HAS(a, ea->life))
			continue;
		j = pvabi_spec_enum(b.s, ea->name);
		snprintf(tgt, sizeof(tgt), "enum:%s", ea->name);
		if (j >= 0 && HAS(b, b.s->enums[j].life))
			cmp_enum(a, ea, b, &b.s->enums[j], m, f);
		else
			finding_add(f, "REMOVED_WITHOUT_DEPRECATION", PVABI_SEV_BREAKING,
				    j >= 0 ? &b.s->enums[j].loc : &ea->loc, REV(b), tgt,
				    "enum %s removed", ea->name);
	}
}

void compare_features(struct view a, struct view b, enum cmp_mode m,
			 struct pvabi_findings *f)
{
	/* The first feature of view a on each bit: what a new feature of
	 * b on that bit would reuse. */
	const struct pvabi_feature *holder[PVABI_MAX_FEATURE_BITS] = { 0 };
	size_t i;

	for (i = a.s->nfeatures; i-- > 0;)
		if (HAS(a, a.s->features[i].life))
			holder[a.s->features[i].bit % PVABI_MAX_FEATURE_BITS] = &a.s->features[i];

	for (i = 0; i < a.s->nfeatures; i++) {
		const struct pvabi_feature *x = &a.s->features[i];
		int j = pvabi_spec_feature(b.s, x->name);
		char tgt[160];

		if (!HAS(a, x->life))
			continue;
		snprintf(tgt, sizeof(tgt), "feature:%s", x->name);
		if (j < 0 || !HAS(b, b.s->features[j].life))
			finding_add(f, "FEATURE_REMOVED", PVABI_SEV_BREAKING,
				    j >= 0 ? &b.s->features[j].loc : &x->loc, REV(b), tgt,
				    "feature %s (bit %u) removed", x->name, x->bit);
		else if (b.s->features[j].bit != x->bit)
			finding_add(f, "FEATURE_BIT_MOVED", PVABI_SEV_BREAKING,
				    &b.s->features[j].loc, REV(b), tgt,
				    "feature %s moved from bit %u to bit %u", x->name, x->bit,
				    b.s->features[j].bit);
	}
	for (i = 0; i < b.s->nfeatures; i++) {
		const struct pvabi_feature *y = &b.s->features[i];
		int j = pvabi_spec_feature(a.s, y->name);
		const struct pvabi_feature *clash;
		char tgt[160];

		if (!HAS(b, y->life) || (j >= 0 && HAS(a, a.s->features[j].life)))
			continue;
		clash = holder[y->bit % PVABI_MAX_FEATURE_BITS];
		if (clash && clash->bit != y->bit)
			clash = NULL;
		if (clash && a.s == b.s)
			continue; /* one spec's history: check.c reports reuse */
		snprintf(tgt, sizeof(tgt), "feature:%s", y->name);
		if (clash)
			finding_add(f, "FEATURE_BIT_REUSED", PVABI_SEV_BREAKING, &y->loc,
				    REV(b), tgt, "feature %s reuses bit %u of %s", y->name,
				    y->bit, clash->name);
		else
			finding_add(f, m == CMP_SAME ? "ADDED_TO_RELEASED" : "FEATURE_ADDED",
				    added_sev(m), &y->loc, REV(b), tgt,
				    "feature %s (bit %u) added", y->name, y->bit);
	}
}

void compare_errors(struct view a, struct view b, struct pvabi_findings *f)
{
	size_t i;

	for (i = 0; i < a.s->nerrors; i++) {
		const struct pvabi_error *x = &a.s->errors[i];
		int j = pvabi_spec_error(b.s, x->name);
		char tgt[160];

		if (!HAS(a, x->life))
			continue;
		snprintf(tgt, sizeof(tgt), "error:%s", x->name);
		if (j < 0 || !HAS(b, b.s->errors[j].life))
			finding_add(f, "ERROR_REMOVED", PVABI_SEV_BREAKING,
				    j >= 0 ? &b.s->errors[j].loc : &x->loc, REV(b), tgt,
				    "error %s (%lld) removed", x->name, (long long)x->value);
		else if (b.s->errors[j].value != x->value)
			finding_add(f, "ERROR_VALUE_CHANGED", PVABI_SEV_BREAKING,
				    &b.s->errors[j].loc, REV(b), tgt,
				    "error %s changed from %lld to %lld", x->name,
				    (long long)x->value, (long long)b.s->errors[j].value);
	}
}
void compare_views(struct view a, struct view b, enum cmp_mode mode,
		   struct pvabi_findings *f)
{
	compare_errors(a, b, f);
	compare_enums(a, b, mode, f);
	compare_features(a, b, mode, f);
	compare_structs(a, b, mode, f);
	compare_ops(a, b, mode, f);
	if (a.s->format >= 2 && b.s->format >= 2)
		compare_fmt2(a, b, mode, f);
}
