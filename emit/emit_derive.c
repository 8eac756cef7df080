/* What the scenarios derived for an argument's declarations share
 * (emit_derive.h): the call's arguments with a mode's values set, the
 * ownership of their steps and strings, a life narrowed to the
 * declaration's, and the set that holds them while the scenario groups
 * point at them. */
#include "emit/emit_derive.h"

#include <stdlib.h>
#include <string.h>

/* 1 when the "name=..." token at tok (len n) names an argument set in
 * list (space-separated tokens) or is named arg. */
static int named_in(const char *tok, size_t n, const char *list, const char *arg)
{
	size_t k = strcspn(tok, "=");
	const char *p = list;

	if (k > n)
		k = n;
	if (strlen(arg) == k && !strncmp(tok, arg, k))
		return 1;
	while (p && *p) {
		size_t m;

		p += strspn(p, " ");
		m = strcspn(p, "= ");
		if (m == k && !strncmp(p, tok, k))
			return 1;
		p += strcspn(p, " ");
	}
	return 0;
}

char *emit_derive_args(const char *orig, const char *when, const char *arg, const char *value)
{
	struct sbuf b = { 0 };
	const char *p = orig;

	while (p && *p) {
		size_t n;

		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n && !named_in(p, n, when, arg))
			sb_add(&b, "%.*s ", (int)n, p);
		p += n;
	}
	if (when)
		sb_add(&b, "%s ", when);
	sb_add(&b, "%s=%s", arg, value);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

struct emit_derived *emit_derive_new(size_t nsteps)
{
	struct emit_derived *d = calloc(1, sizeof(*d));

	if (d && !(d->steps = calloc(nsteps, sizeof(*d->steps)))) {
		free(d);
		return NULL;
	}
	return d;
}

const char *emit_derive_keep(struct emit_derived *d, char *s)
{
	if (!s || d->ntext == sizeof(d->text) / sizeof(d->text[0])) {
		free(s);
		d->oom = 1;
		return NULL;
	}
	return d->text[d->ntext++] = s;
}

size_t emit_derive_call_at(const struct pvabi_scenario *sc, int op)
{
	size_t at = 0;

	while (at < sc->nsteps && !(sc->steps[at].kind == PVABI_STEP_CALL && sc->steps[at].op == op))
		at++;
	return at;
}

void emit_derive_finish(struct emit_derived *d, const struct pvabi_scenario *sc, size_t nsteps,
			const char *name, const struct pvabi_life *life)
{
	d->sc = *sc;
	d->sc.name = name;
	d->sc.steps = d->steps;
	d->sc.nsteps = nsteps;
	if (life->since > d->sc.life.since)
		d->sc.life.since = life->since;
	if (life->removed >= 0 && (d->sc.life.removed < 0 || life->removed < d->sc.life.removed))
		d->sc.life.removed = life->removed;
}

int emit_derive_push(struct emit_derived_set **x, struct emit_derived *d)
{
	struct emit_derived_set *s = *x;

	if (!s && !(s = *x = calloc(1, sizeof(*s))))
		return -1;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		struct emit_derived **v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = d;
	return 0;
}

void emit_derive_free(struct emit_derived *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->ntext; i++)
		free(d->text[i]);
	free(d->steps);
	free(d);
}

void emit_derive_set_free(struct emit_derived_set *x)
{
	size_t i;

	if (!x)
		return;
	for (i = 0; i < x->n; i++)
		emit_derive_free(x->v[i]);
	free(x->v);
	free(x);
}
