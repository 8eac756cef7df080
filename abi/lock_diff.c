/* Released canonical lines against the current spec's: the changed
 * lines grouped by the element they describe, so one edit reads as one
 * finding (a field that grows moves every later offset, yet names one
 * struct). */
#include "abi/lock.h"
#include "abi/finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pvabi_lock_change {
	char *target;
	struct pvabi_loc loc;
	const char **lines[2]; /* removed, added: of the revision being read */
	size_t nlines[2];
	const char *old, *new; /* the pair that names the change */
	size_t more;
	char *old_own, *new_own;
	char revs[128];
	const char *rev; /* the first revision, for waivers */
};

static void word(const char *line, int k, char *out, size_t n)
{
	size_t len;

	while (k-- > 0) {
		line = strchr(line, ' ');
		if (!line) {
			out[0] = '\0';
			return;
		}
		line++;
	}
	len = strcspn(line, " ");
	snprintf(out, n, "%.*s", (int)(len < n ? len : n - 1), line);
}

static struct pvabi_loc conv_loc(const struct pvabi_spec *s, const char *name,
				 struct pvabi_loc dflt)
{
	size_t i;

	for (i = 0; i < s->nconvs; i++)
		if (!strcmp(s->convs[i].name, name))
			return s->convs[i].loc;
	return dflt;
}

static struct pvabi_loc value_loc(const struct pvabi_spec *s, int e,
				  const char *name, struct pvabi_loc dflt)
{
	size_t i;

	for (i = 0; e >= 0 && i < s->enums[e].nvalues; i++)
		if (!strcmp(s->enums[e].values[i].name, name))
			return s->enums[e].values[i].loc;
	return e >= 0 ? s->enums[e].loc : dflt;
}

/* Where op `op` (its command `cmd` when not empty) lists error `err`:
 * the <raises> line, else the op's or command's own. */
static struct pvabi_loc raises_loc(const struct pvabi_spec *s, const char *op,
				   const char *cmd, const char *err, struct pvabi_loc dflt)
{
	int i = pvabi_spec_op(s, op);
	const int *errors;
	const struct pvabi_raise *r;
	size_t j, n;

	if (i < 0)
		return dflt;
	errors = s->ops[i].errors, r = s->ops[i].raises, n = s->ops[i].nerrors;
	dflt = s->ops[i].loc;
	for (j = 0; cmd[0] && j < s->ops[i].ncmds; j++)
		if (!strcmp(s->ops[i].cmds[j].name, cmd)) {
			const struct pvabi_cmd *k = &s->ops[i].cmds[j];

			errors = k->errors, r = k->raises, n = k->nerrors, dflt = k->loc;
			break;
		}
	if (cmd[0] && j == s->ops[i].ncmds)
		return dflt;
	for (j = 0; r && j < n; j++)
		if (!strcmp(s->errors[errors[j]].name, err))
			return r[j].loc;
	return dflt;
}

/* The element a canonical line describes (see abi/canon.c), as a
 * finding target, and where it is written in s (the revision when the
 * element is gone). */
static char *element(const struct pvabi_spec *s, const char *line,
		     struct pvabi_loc dflt, struct pvabi_loc *loc)
{
	char kind[32], a[128], b[128], *t = NULL;
	int i;

	word(line, 0, kind, sizeof(kind));
	word(line, 1, a, sizeof(a));
	word(line, 2, b, sizeof(b));
	*loc = dflt;
	if (!strcmp(kind, "op")) {
		i = pvabi_spec_op(s, b);
		*loc = i >= 0 ? s->ops[i].loc : dflt;
		return asprintf(&t, "op:%s", b) < 0 ? NULL : t;
	}
	if (!strcmp(kind, "raises") || !strcmp(kind, "command-raises")) {
		char c[128] = "", e[128];

		if (kind[0] == 'c')
			word(line, 2, c, sizeof(c));
		word(line, kind[0] == 'c' ? 3 : 2, e, sizeof(e));
		*loc = raises_loc(s, a, c, e, dflt);
		return (c[0] ? asprintf(&t, "op:%s.command:%s.raises:%s", a, c, e)
			     : asprintf(&t, "op:%s.raises:%s", a, e)) < 0 ? NULL : t;
	}
	if (!strcmp(kind, "arg")) {
		i = pvabi_spec_op(s, a);
		*loc = i >= 0 ? s->ops[i].loc : dflt;
		return asprintf(&t, "op:%s", a) < 0 ? NULL : t;
	}
	if (!strcmp(kind, "struct") || !strcmp(kind, "field")) {
		i = pvabi_spec_struct(s, a);
		*loc = i >= 0 ? s->structs[i].loc : dflt;
		return asprintf(&t, "struct:%s", a) < 0 ? NULL : t;
	}
	if (!strcmp(kind, "enum-value")) {
		*loc = value_loc(s, pvabi_spec_enum(s, a), b, dflt);
		return asprintf(&t, "enum:%s.value:%s", a, b) < 0 ? NULL : t;
	}
	if (!strcmp(kind, "enum")) {
		i = pvabi_spec_enum(s, a);
		*loc = i >= 0 ? s->enums[i].loc : dflt;
	} else if (!strcmp(kind, "feature")) {
		i = pvabi_spec_feature(s, a);
		*loc = i >= 0 ? s->features[i].loc : dflt;
	} else if (!strcmp(kind, "error")) {
		i = pvabi_spec_error(s, a);
		*loc = i >= 0 ? s->errors[i].loc : dflt;
	} else if (!strcmp(kind, "conv")) {
		*loc = conv_loc(s, a, dflt);
	}
	return asprintf(&t, "%s:%s", kind, a) < 0 ? NULL : t;
}

static struct pvabi_lock_change *group(struct pvabi_lock_changes *c, char *target,
				       struct pvabi_loc loc)
{
	struct pvabi_lock_change *x;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!c->v[i].revs[0] && !strcmp(c->v[i].target, target)) {
			free(target);
			return &c->v[i];
		}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		void *v = realloc(c->v, cap * sizeof(*c->v));

		if (!v) {
			free(target);
			return NULL;
		}
		c->v = v;
		c->cap = cap;
	}
	x = &c->v[c->n++];
	memset(x, 0, sizeof(*x));
	x->target = target;
	x->loc = loc;
	return x;
}

static int note(struct pvabi_lock_changes *c, const struct pvabi_spec *s,
		int si, const char *line, int added)
{
	struct pvabi_loc loc;
	char *t = element(s, line, s->revs[si].loc, &loc);
	struct pvabi_lock_change *x = t ? group(c, t, loc) : NULL;
	const char **v;

	if (!x)
		return -1;
	v = realloc(x->lines[added], (x->nlines[added] + 1) * sizeof(*v));
	if (!v)
		return -1;
	v[x->nlines[added]++] = line;
	x->lines[added] = v;
	return 0;
}

/* Offsets, sizes and alignment follow from other lines: a field that
 * grows moves every later one. Two lines equal but for them are the
 * same fact moved, never the cause. */
static int derived_only(const char *a, const char *b)
{
	static const char *const keys[] = { "offset=", "size=", "align=" };
	size_t k;

	for (;;) {
		for (k = 0; k < 3; k++)
			if (!strncmp(a, keys[k], strlen(keys[k])) &&
			    !strncmp(b, keys[k], strlen(keys[k])))
				break;
		if (k < 3) {
			a += strcspn(a, " ");
			b += strcspn(b, " ");
			continue;
		}
		if (*a != *b)
			return 0;
		if (!*a)
			return 1;
		a++, b++;
	}
}

static int same_fact(const char *a, const char *b)
{
	size_t i = 0, words = 0;

	for (; a[i] && a[i] == b[i]; i++)
		if (a[i] == ' ' && ++words == 3)
			return 1;
	return !a[i] && !b[i];
}

/* A field or argument that names the change names the finding too. */
static void narrow(struct pvabi_lock_change *x, const struct pvabi_spec *s)
{
	const char *l = x->old ? x->old : x->new;
	char kind[16], a[128], b[128], *t = NULL;
	size_t i;
	int k;

	word(l, 0, kind, sizeof(kind));
	word(l, 1, a, sizeof(a));
	word(l, 2, b, sizeof(b));
	if (!strcmp(kind, "field") && (k = pvabi_spec_struct(s, a)) >= 0) {
		for (i = 0; i < s->structs[k].nfields; i++)
			if (!strcmp(s->structs[k].fields[i].name, b))
				x->loc = s->structs[k].fields[i].loc;
		if (asprintf(&t, "struct:%s.field:%s", a, b) < 0)
			return;
	} else if (!strcmp(kind, "arg") && (k = pvabi_spec_op(s, a)) >= 0) {
		word(l, 3, b, sizeof(b));
		for (i = 0; i < s->ops[k].nargs; i++)
			if (!strcmp(s->ops[k].args[i].name, b))
				x->loc = s->ops[k].args[i].loc;
		if (asprintf(&t, "op:%s.arg:%s", a, b) < 0)
			return;
	} else {
		return;
	}
	free(x->target);
	x->target = t;
}

/* The pair that names the change: a line whose fact changed beyond its
 * position, or one gone or new; else the first moved line. */
static void pick(struct pvabi_lock_change *x, const struct pvabi_spec *s)
{
	size_t i, j;

	for (i = 0; i < x->nlines[0] + x->nlines[1]; i++) {
		int side = i >= x->nlines[0];
		const char *l = x->lines[side][side ? i - x->nlines[0] : i];
		const char *other = NULL;

		for (j = 0; j < x->nlines[!side] && !other; j++)
			if (same_fact(l, x->lines[!side][j]))
				other = x->lines[!side][j];
		if (other && derived_only(l, other))
			continue;
		x->old = side ? other : l;
		x->new = side ? l : other;
		break;
	}
	if (!x->old && !x->new) {
		x->old = x->nlines[0] ? x->lines[0][0] : NULL;
		x->new = x->nlines[1] ? x->lines[1][0] : NULL;
	}
	x->more = x->nlines[0] + x->nlines[1] - !!x->old - !!x->new;
	narrow(x, s);
	free(x->lines[0]);
	free(x->lines[1]);
	memset(x->lines, 0, sizeof(x->lines));
}

static void change_free(struct pvabi_lock_change *x)
{
	free(x->target);
	free(x->lines[0]);
	free(x->lines[1]);
	free(x->old_own);
	free(x->new_own);
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Closes the groups of revision si: the lines are copied (the current
 * canon is about to go), and a change already seen in an earlier
 * revision only gains this revision's id. */
static int close_groups(struct pvabi_lock_changes *c, size_t first,
			const struct pvabi_spec *s, int si)
{
	size_t i = first, j;

	while (i < c->n) {
		struct pvabi_lock_change *x = &c->v[i];

		pick(x, s);
		x->old_own = x->old ? strdup(x->old) : NULL;
		x->new_own = x->new ? strdup(x->new) : NULL;
		if ((x->old && !x->old_own) || (x->new && !x->new_own))
			return -1;
		x->old = x->old_own;
		x->new = x->new_own;
		for (j = 0; j < first; j++)
			if (!strcmp(c->v[j].target, x->target) && same(c->v[j].old, x->old) &&
			    same(c->v[j].new, x->new))
				break;
		if (j < first) {
			size_t l = strlen(c->v[j].revs);

			snprintf(c->v[j].revs + l, sizeof(c->v[j].revs) - l, ", %s",
				 s->revs[si].id);
			change_free(x);
			c->v[i] = c->v[--c->n];
			continue;
		}
		snprintf(x->revs, sizeof(x->revs), "%s", s->revs[si].id);
		x->rev = s->revs[si].id;
		i++;
	}
	return 0;
}

void pvabi_lock_diff(const struct pvabi_spec *s, int si, int gen,
		     const struct pvabi_canon *old, struct pvabi_lock_changes *c)
{
	struct pvabi_canon now;
	size_t i = 0, j = 0, first = c->n;
	int rc = 0;

	if (pvabi_canon_build_gen(s, si, gen, &now)) {
		c->oom = 1;
		return;
	}
	/* Both sides are sorted by strcmp: one merge pass finds the lines
	 * only one side has. */
	while (rc == 0 && (i < old->n || j < now.n)) {
		int d = i == old->n ? 1 : j == now.n ? -1 :
			strcmp(old->lines[i], now.lines[j]);

		if (d == 0) {
			i++;
			j++;
		} else if (d < 0) {
			rc = note(c, s, si, old->lines[i++], 0);
		} else {
			rc = note(c, s, si, now.lines[j++], 1);
		}
	}
	if (rc || close_groups(c, first, s, si))
		c->oom = 1;
	pvabi_canon_free(&now);
}

static int reported(const struct pvabi_findings *f, const char *target)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].rule, "RELEASED_REVISION_MODIFIED") &&
		    !strcmp(f->v[i].target, target))
			return 1;
	return 0;
}

void pvabi_lock_changes_report(struct pvabi_lock_changes *c,
			       struct pvabi_findings *f, const char *against)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		struct pvabi_lock_change *x = &c->v[i];
		const char *plural = strchr(x->revs, ',') ? "s" : "";
		char more[48] = "";

		if (against && reported(f, x->target)) {
			change_free(x);
			continue;
		}
		if (x->more)
			snprintf(more, sizeof(more), " (and %zu more line%s)", x->more,
				 x->more == 1 ? "" : "s");
		if (against)
			finding_add(f, "REVISION_CHANGED_SINCE", PVABI_SEV_BREAKING, &x->loc,
				    x->rev, x->target,
				    "%s differs from %s in revision%s %s: '%s' -> '%s'%s",
				    x->target, against, plural, x->revs,
				    x->old ? x->old : "(absent)", x->new ? x->new : "(absent)", more);
		else
			finding_add(f, "RELEASED_REVISION_MODIFIED", PVABI_SEV_BREAKING, &x->loc,
				    x->rev, x->target,
				    "%s changed in released revision%s %s: '%s' -> '%s'%s",
				    x->target, plural, x->revs,
				    x->old ? x->old : "(absent)", x->new ? x->new : "(absent)", more);
		change_free(x);
	}
	if (c->oom)
		f->oom = 1;
	free(c->v);
	memset(c, 0, sizeof(*c));
}
