/* The errors an op or a command raises, from one view to the next. A
 * guest built for the earlier revision handles the errors that revision
 * listed: one raised only from the later revision on reaches code that
 * never heard of it, so raising it is breaking, like any answer the
 * guest was not told of; the revision's doc or a waiver that says why
 * its guests survive it (they treat every negative as a failure) is the
 * way through. Ceasing to raise an error narrows what the guest sees:
 * compatible. Errors are matched by name, so two specs compare too. */
#include "abi/compare_internal.h"
#include "abi/finding.h"

#include <stdio.h>
#include <string.h>

/* Entry of l raising error `name` in view v, or -1. */
static int raised(struct view v, const struct compare_raises *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (pvabi_raise_has(l->raises, i, v.rev) &&
		    !strcmp(v.s->errors[l->errors[i]].name, name))
			return (int)i;
	return -1;
}

/* Entry of l naming error `name` in any revision, or -1. */
static int named(struct view v, const struct compare_raises *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(v.s->errors[l->errors[i]].name, name))
			return (int)i;
	return -1;
}

static const char *tgt_of(char *buf, size_t len, const struct compare_raises *l,
			  const char *error)
{
	if (l->cmd)
		snprintf(buf, len, "op:%s.command:%s.raises:%s", l->op, l->cmd, error);
	else
		snprintf(buf, len, "op:%s.raises:%s", l->op, error);
	return buf;
}

/* "op x" or "command x.c": what the findings name. */
static const char *what_of(char *buf, size_t len, const struct compare_raises *l)
{
	if (l->cmd)
		snprintf(buf, len, "command %s.%s", l->op, l->cmd);
	else
		snprintf(buf, len, "op %s", l->op);
	return buf;
}

static const struct pvabi_loc *loc_of(const struct compare_raises *l, int i)
{
	return i >= 0 && l->raises ? &l->raises[i].loc : l->at;
}

void compare_raises(struct view a, const struct compare_raises *x, struct view b,
		    const struct compare_raises *y, struct pvabi_findings *f)
{
	char tgt[320], what[256];
	size_t i;

	for (i = 0; i < y->n; i++) {
		const char *e = b.s->errors[y->errors[i]].name;

		if (!pvabi_raise_has(y->raises, i, b.rev) || raised(a, x, e) >= 0)
			continue;
		finding_add(f, "RAISES_ADDED", PVABI_SEV_BREAKING, loc_of(y, (int)i), REV(b),
			    tgt_of(tgt, sizeof(tgt), y, e),
			    "%s raises %s from %s on, which guests of %s were never told of",
			    what_of(what, sizeof(what), y), e, REV(b), REV(a));
	}
	for (i = 0; i < x->n; i++) {
		const char *e = a.s->errors[x->errors[i]].name;

		if (!pvabi_raise_has(x->raises, i, a.rev) || raised(b, y, e) >= 0)
			continue;
		finding_add(f, "RAISES_REMOVED", PVABI_SEV_COMPAT, loc_of(y, named(b, y, e)),
			    REV(b), tgt_of(tgt, sizeof(tgt), y, e), "%s no longer raises %s from %s on",
			    what_of(what, sizeof(what), y), e, REV(b));
	}
}
