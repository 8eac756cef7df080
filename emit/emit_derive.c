/* What the scenarios derived for an argument's declarations share
 * (emit_derive.h): the call's arguments with a mode's values set, the
 * ownership of their steps and strings, a life narrowed to the
 * declaration's, and the set that holds them while the scenario groups
 * point at them; the splice around each deriver's own steps, and the
 * walk over the <now> declarations two derivers make. */
#include "emit/emit_derive.h"
#include "abi/now.h"

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

char *emit_derive_seen(const char *orig, const char *seen, const char *want)
{
	struct sbuf b = { 0 };
	const char *p = orig;
	size_t n, k = strlen(seen);

	while (p && *p) {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n > k && !strncmp(p, seen, k) && strchr("=<>", p[k]))
			sb_add(&b, "%s%s%s", b.p ? " " : "", seen, want);
		else if (n)
			sb_add(&b, "%s%.*s", b.p ? " " : "", (int)n, p);
		p += n;
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

struct pvabi_step *emit_derive_step(struct pvabi_step *st, const struct pvabi_step *like,
				    enum pvabi_step_kind kind, int op, const char *args,
				    const char *expect, const char *bind)
{
	*st = *like;
	st->kind = kind;
	st->op = op;
	st->args = args;
	st->expect = expect;
	st->bind = bind;
	st->retry = 0;
	return st + 1;
}

struct pvabi_step *emit_derive_fresh(struct pvabi_step *st, enum pvabi_step_kind kind, int op,
				     const struct pvabi_loc *loc)
{
	memset(st, 0, sizeof(*st));
	st->kind = kind;
	st->op = op;
	st->cmd = PVABI_NONE;
	st->loc = *loc;
	return st + 1;
}

struct pvabi_step *emit_derive_call(struct pvabi_step *st, int op, const char *args,
				    const char *expect, const char *bind,
				    const struct pvabi_loc *loc)
{
	st = emit_derive_fresh(st, PVABI_STEP_CALL, op, loc) - 1;
	st->args = args && *args ? args : NULL;
	st->expect = expect;
	st->bind = bind;
	return st + 1;
}

struct pvabi_step *emit_derive_idle(struct pvabi_step *st, const struct pvabi_step *like,
				    uint64_t within_ns)
{
	st = emit_derive_step(st, like, PVABI_STEP_WAIT, PVABI_NONE, NULL, NULL, NULL) - 1;
	st->vcpu = 0;
	st->count = 0;
	st->exact = 0;
	st->idle = 1;
	st->within_ns = within_ns;
	return st + 1;
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

void emit_derive_finish_own(struct emit_derived *d, int since, int removed,
			    const struct pvabi_loc *loc, size_t nsteps, const char *name)
{
	struct pvabi_scenario own;

	memset(&own, 0, sizeof(own));
	own.life.since = since;
	own.life.deprecated = PVABI_NONE;
	own.life.removed = removed;
	own.life.described = 1;
	own.loc = *loc;
	emit_derive_finish(d, &own, nsteps, name, &own.life);
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

struct emit_derived *emit_derive_splice(const struct pvabi_scenario *sc, int op, size_t seen,
					size_t room, emit_derive_middle_fn *middle,
					const void *how, char *name,
					const struct pvabi_life *life)
{
	struct emit_derived *d = emit_derive_new(sc->nsteps + room);
	size_t i, at = emit_derive_call_at(sc, op);
	struct pvabi_step *st;
	const char *kept;

	if (!d) {
		free(name);
		return NULL;
	}
	for (i = 0, st = d->steps; i < at; i++)
		*st++ = sc->steps[i];
	st = middle(d, st, sc, at, how);
	for (i = seen + 1; i < sc->nsteps; i++)
		*st++ = sc->steps[i];
	kept = emit_derive_keep(d, name);
	if (d->oom) {
		emit_derive_free(d);
		return NULL;
	}
	emit_derive_finish(d, sc, (size_t)(st - d->steps), kept, life);
	return d;
}

int emit_derive_add(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		    const struct pvabi_op **ops, size_t nops, struct emit_derived_set **set,
		    struct emit_derived *d)
{
	if (!d || emit_derive_push(set, d)) {
		emit_derive_free(d);
		return -1;
	}
	return emit_scen_collect_one(t, sg, g, ops, nops, &d->sc, NULL) ? -1 : 0;
}

int emit_derive_each_now(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
			 const struct pvabi_op **ops, size_t nops, emit_derive_now_fn *each)
{
	const struct pvabi_spec *s = g->spec;
	size_t i, j, m;

	for (i = 0; i < s->nops; i++) {
		if (!emit_known(g, &s->ops[i]))
			continue;
		for (j = 0; j < s->ops[i].nargs; j++)
			for (m = 0; m < s->ops[i].args[j].nnows; m++)
				if (each(t, sg, g, ops, nops, (int)i, &s->ops[i].args[j],
					 &s->ops[i].args[j].nows[m]))
					return -1;
	}
	return 0;
}

int emit_derive_same_steps(const struct emit_derived *a, const struct emit_derived *b)
{
	size_t i;

	if (a->sc.nsteps != b->sc.nsteps)
		return 0;
	for (i = 0; i < a->sc.nsteps; i++) {
		const struct pvabi_step *x = &a->steps[i], *y = &b->steps[i];

		if (x->kind != y->kind || x->op != y->op || x->quiet != y->quiet ||
		    strcmp(x->args ? x->args : "", y->args ? y->args : "") ||
		    strcmp(x->expect ? x->expect : "", y->expect ? y->expect : "") ||
		    strcmp(x->bind ? x->bind : "", y->bind ? y->bind : ""))
			return 0;
	}
	return 1;
}

/* Keeps prev, alive until rev, and collects it; 0 or -1. */
static int keep_until(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		      const struct pvabi_op **ops, size_t nops, struct emit_derived *prev, int rev)
{
	if (!prev)
		return 0;
	prev->sc.life.removed = rev > g->rev ? PVABI_NONE : rev;
	return emit_derive_add(t, sg, g, ops, nops, &sg->readback, prev);
}

int emit_derive_revs(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		     const struct pvabi_op **ops, size_t nops, emit_derive_rev_fn *derive, void *ctx)
{
	struct emit_derived *prev = NULL, *d;
	int r;

	for (r = 0; r <= g->rev; r++) {
		d = NULL;
		if (derive(ctx, r, &d)) {
			emit_derive_free(prev);
			return -1;
		}
		if (d && prev && emit_derive_same_steps(prev, d)) {
			emit_derive_free(d);
			continue;
		}
		if (keep_until(t, sg, g, ops, nops, prev, r)) {
			emit_derive_free(d);
			return -1;
		}
		prev = d;
	}
	return keep_until(t, sg, g, ops, nops, prev, g->rev + 1);
}

int emit_derive_runs(struct ctable *t, struct sgroups *sg, const struct pvabi_gen *g,
		     const struct pvabi_op **ops, size_t nops, emit_derive_same_fn *same,
		     emit_derive_make_fn *make, void *ctx)
{
	int r, until;

	for (r = 0; r <= g->rev; r = until) {
		until = r + 1;
		if (!same(ctx, r, r))
			continue;
		while (until <= g->rev && same(ctx, r, until))
			until++;
		if (emit_derive_add(t, sg, g, ops, nops, &sg->readback, make(ctx, r, until)))
			return -1;
	}
	return 0;
}
