/* LIMIT_CHANGED: a released revision's declared limits against the ones
 * its lock block recorded. The limits are outside the fingerprint (they
 * were declared after revisions were released), so the lock is what
 * holds a released revision to them. */
#include "abi/lock.h"
#include "abi/limit.h"
#include "abi/limit_canon.h"
#include "abi/finding.h"
#include "abi/registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int has(char *const *v, size_t n, const char *line)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], line))
			return 1;
	return 0;
}

/* Length of a line's key: its first two words ("limit ports",
 * "bound evtchn_send.port"), plus "with F" for a feature's value. */
static size_t key_len(const char *line)
{
	const char *p = strchr(line, ' ');

	p = p ? strchr(p + 1, ' ') : NULL;
	if (p && !strncmp(p, " with ", 6))
		p = strchr(p + 6, ' ');
	return p ? (size_t)(p - line) : strlen(line);
}

static const char *same_key(char *const *v, size_t n, const char *line)
{
	size_t i, k = key_len(line);

	for (i = 0; i < n; i++)
		if (key_len(v[i]) == k && !strncmp(v[i], line, k))
			return v[i];
	return NULL;
}

/* The element a line is about, at its line in s: the limit, the bound
 * argument, or the revision. */
static const struct pvabi_loc *where(const struct pvabi_spec *s, const char *line, int rev)
{
	char name[80], arg[80];
	int li, oi;
	size_t j;

	if (sscanf(line, "limit %79s", name) == 1 && (li = pvabi_spec_limit(s, name)) >= 0)
		return &s->limits[li].loc;
	if (sscanf(line, "bound %79[^.].%79s", name, arg) == 2 &&
	    (oi = pvabi_spec_op(s, name)) >= 0)
		for (j = 0; j < s->ops[oi].nargs; j++)
			if (!strcmp(s->ops[oi].args[j].name, arg))
				return &s->ops[oi].args[j].loc;
	return &s->revs[rev].loc;
}

/* One change, folded over the released revisions it is seen in. */
struct change {
	char *old, *now;          /* either may be NULL: added, removed */
	const struct pvabi_loc *loc;
	char revs[256];
	const char *first;        /* the first revision's id, the spec's:
				   * a finding keeps the pointer */
	int line;                 /* of the first revision's lock block */
};

struct changes {
	struct change *v;
	size_t n;
	int oom;
};

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void note(struct changes *c, const struct pvabi_spec *s, int rev, const char *old,
		 const char *now, int line)
{
	struct change *x;
	size_t i, k;

	for (i = 0; i < c->n; i++)
		if (same(c->v[i].old, old) && same(c->v[i].now, now)) {
			k = strlen(c->v[i].revs);
			snprintf(c->v[i].revs + k, sizeof(c->v[i].revs) - k, ", %s", s->revs[rev].id);
			return;
		}
	x = realloc(c->v, (c->n + 1) * sizeof(*x));
	if (!x) {
		c->oom = 1;
		return;
	}
	c->v = x;
	x = &c->v[c->n++];
	x->old = old ? strdup(old) : NULL;
	x->now = now ? strdup(now) : NULL;
	x->loc = where(s, now ? now : old, rev);
	x->line = line;
	x->first = s->revs[rev].id;
	snprintf(x->revs, sizeof(x->revs), "%s", s->revs[rev].id);
	c->oom |= (old && !x->old) || (now && !x->now);
}

static void report(const struct change *x, const char *lock_path, struct pvabi_findings *f)
{
	const char *many = strchr(x->revs, ',') ? "s" : "";

	if (x->old && x->now)
		finding_add(f, "LIMIT_CHANGED", PVABI_SEV_BREAKING, x->loc, x->first, NULL,
			    "limits of released revision%s %s changed: %s:%d records '%s', the spec now gives '%s'",
			    many, x->revs, lock_path, x->line, x->old, x->now);
	else if (x->old)
		finding_add(f, "LIMIT_CHANGED", PVABI_SEV_BREAKING, x->loc, x->first, NULL,
			    "limits of released revision%s %s changed: %s:%d records '%s', the spec no longer has it",
			    many, x->revs, lock_path, x->line, x->old);
	else
		finding_add(f, "LIMIT_CHANGED", PVABI_SEV_BREAKING, x->loc, x->first, NULL,
			    "limits of released revision%s %s changed: '%s' is new, %s:%d does not record it",
			    many, x->revs, x->now, lock_path, x->line);
}

static void compare(const struct pvabi_spec *s, int rev, const struct pvabi_lock_rev *lr,
		    struct changes *c)
{
	struct pvabi_limit_lines now;
	int line = lr->has_limits ? lr->limits_line : lr->line;
	size_t i;

	if (pvabi_limit_lines(s, rev, &now)) {
		c->oom = 1;
		return;
	}
	for (i = 0; i < lr->limits.n; i++)
		if (!has(now.v, now.n, lr->limits.lines[i]))
			note(c, s, rev, lr->limits.lines[i],
			     same_key(now.v, now.n, lr->limits.lines[i]), line);
	for (i = 0; i < now.n; i++)
		if (!has(lr->limits.lines, lr->limits.n, now.v[i]) &&
		    !same_key(lr->limits.lines, lr->limits.n, now.v[i]))
			note(c, s, rev, NULL, now.v[i], line);
	pvabi_limit_lines_free(&now);
}

void pvabi_lock_limits_check(const struct pvabi_spec *s, const struct pvabi_registry *r,
			     const struct pvabi_lock *l, const char *lock_path,
			     struct pvabi_findings *f)
{
	struct changes c = { NULL, 0, 0 };
	size_t i;

	for (i = 0; i < r->nrevs; i++) {
		const struct pvabi_lock_rev *lr = pvabi_lock_find(l, r->revs[i].id);
		int si = pvabi_spec_rev(s, r->revs[i].id);

		if (lr && si >= 0 && pvabi_status_frozen(r->revs[i].status))
			compare(s, si, lr, &c);
	}
	for (i = 0; i < c.n; i++) {
		report(&c.v[i], lock_path, f);
		free(c.v[i].old);
		free(c.v[i].now);
	}
	free(c.v);
	f->oom |= c.oom;
}
