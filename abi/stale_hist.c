/* The calls of an op that reports on a handle, each in a state of the
 * handle a scenario brought it into (abi/stale.h). The state is what
 * the handle went through: the steps that took it, from its allocation
 * on. Those steps are replayed on a new handle, so only scenarios whose
 * calls before the observed one all allocate, use or free handles of the
 * same table qualify (a timer armed, a wait, another vCPU would change
 * what the replay leaves), and each state is kept once. The lifecycle is
 * the spec's: the op that hands the handles out (<ret limit= freed-by=>)
 * and the ops that take one by value. */
#include "abi/stale_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The op that hands out the handles of limit li in rev, with an op that
 * frees them, or -1. */
static int allocator(const struct pvabi_spec *s, int li, int rev)
{
	size_t i;

	for (i = 0; i < s->nops; i++)
		if (s->ops[i].ret_limit == li + 1 && s->ops[i].ret_freed_by &&
		    s->ops[i].feature == PVABI_NONE && pvabi_life_has(&s->ops[i].life, rev))
			return (int)i;
	return -1;
}

static size_t var_len(const char *p)
{
	size_t n = 0;

	while (isalnum((unsigned char)p[n]) || p[n] == '_')
		n++;
	return n;
}

/* 1 when args mention variable var (n bytes) anywhere. */
static int mentions(const char *args, const char *var, size_t n)
{
	const char *p = args;

	while (p && (p = strchr(p, '$'))) {
		p++;
		if (var_len(p) == n && !strncmp(p, var, n))
			return 1;
	}
	return 0;
}

/* The variable args pass as argument name, when it is the only variable
 * args mention: its start, its length in *n; NULL otherwise. */
static const char *only_var(const char *args, const char *name, size_t *n)
{
	const char *p = args, *v = NULL;
	size_t k = strlen(name);

	while (p && (p = strchr(p, '$'))) {
		const char *tok = p;

		while (tok > args && tok[-1] != ' ')
			tok--;
		if (v || (size_t)(p - tok) != k + 1 || strncmp(tok, name, k) || tok[k] != '=')
			return NULL;
		v = ++p;
		*n = var_len(p);
	}
	return v;
}

static int binds(const struct pvabi_step *st, const char *var, size_t n)
{
	return st->bind && !strncmp(st->bind, var, n) && (!st->bind[n] || st->bind[n] == '=');
}

/* 1 when p (after a '$') names variable var (n bytes). */
static int names_var(const char *p, const char *var, size_t n)
{
	return var_len(p) == n && !strncmp(p, var, n);
}

char *pvabi_stale_rename(const char *s, const char *var, size_t n, const char *to)
{
	const char *p = s ? s : "";
	size_t len = strlen(p) + 1, tl = strlen(to);
	char *out, *o;

	for (; *p; p++)
		if (*p == '$' && names_var(p + 1, var, n))
			len += tl;
	if (!(out = malloc(len)))
		return NULL;
	for (p = s ? s : "", o = out; *p;) {
		*o++ = *p++;
		if (p[-1] == '$' && names_var(p, var, n)) {
			memcpy(o, to, tl);
			o += tl;
			p += n;
		}
	}
	*o = 0;
	return out;
}

/* 1 when o and p replay the same steps and make the same call. */
static int same_obs(const struct pvabi_stale_obs *o, const struct pvabi_stale_obs *p)
{
	size_t i, no = strlen(o->var), np = strlen(p->var);
	char *a = NULL, *b = NULL;
	int same = o->nhist == p->nhist && !strcmp(o->expect, p->expect);

	for (i = 0; same && i <= o->nhist; i++) {
		const struct pvabi_step *x = i < o->nhist ? o->hist[i] : NULL;
		const struct pvabi_step *y = i < p->nhist ? p->hist[i] : NULL;

		a = pvabi_stale_rename(x ? x->args : o->args, o->var, no, "h");
		b = pvabi_stale_rename(y ? y->args : p->args, p->var, np, "h");
		same = a && b && !strcmp(a, b) &&
		       (!x || (x->op == y->op && !strcmp(x->expect ? x->expect : "",
							 y->expect ? y->expect : "")));
		free(a);
		free(b);
	}
	return same;
}

/* The call at step j of sc on a handle, with the steps that took its
 * handle before it, into w->obs when it qualifies and is new. */
static void observe(struct pvabi_stale *w, const struct pvabi_scenario *sc, size_t j, int al)
{
	const struct pvabi_op *op = &w->s->ops[w->opi];
	struct pvabi_stale_obs o = { sc->steps[j].args, sc->steps[j].expect, { NULL }, 0, NULL, 0 };
	const char *var, *v2;
	size_t k, n = 0, m;
	int li = op->args[w->harg].limit, h;

	if (!(var = only_var(o.args, op->args[w->harg].name, &n)) || !o.expect)
		return;
	for (k = 0; k < j; k++) {
		const struct pvabi_step *st = &sc->steps[k];

		if (st->kind != PVABI_STEP_CALL || st->op == w->opi ||
		    (!binds(st, var, n) && !mentions(st->args, var, n)))
			continue;
		if (binds(st, var, n)) {
			/* bound again, or by another op than the allocator */
			if (st->op != al || o.nhist || strlen(st->bind) != n ||
			    strchr(st->args ? st->args : "", '$'))
				return;
		} else {
			/* the handle with another variable, or not as the handle */
			h = pvabi_op_handle_arg(&w->s->ops[st->op], li, w->rev);
			v2 = h < 0 ? NULL : only_var(st->args, w->s->ops[st->op].args[h].name, &m);
			if (!v2 || m != n || strncmp(v2, var, n) || !o.nhist)
				return;
		}
		if (o.nhist == PVABI_STALE_HIST)
			return;
		o.hist[o.nhist++] = st;
		o.frees |= st->op == w->freer && st->expect && !strcmp(st->expect, "ret=0");
	}
	if (!o.nhist)
		return;
	o.var = o.hist[0]->bind;
	for (k = 0; k < w->nobs; k++)
		if (w->obs[k].var && same_obs(&w->obs[k], &o))
			return;
	if (w->nobs < PVABI_STALE_OBS)
		w->obs[w->nobs++] = o;
}

/* 1 when step st may come before a call whose handle's steps are
 * replayed: it allocates, uses or frees a handle of limit li from vCPU 0,
 * once, or only judges what was bound. */
static int plain(const struct pvabi_stale *w, const struct pvabi_step *st, int li, int al)
{
	if (st->kind == PVABI_STEP_CHECK)
		return 1;
	if (st->kind != PVABI_STEP_CALL || st->vcpu || st->retry)
		return 0;
	return st->op == al || pvabi_op_handle_arg(&w->s->ops[st->op], li, w->rev) >= 0;
}

void stale_hist_collect(struct pvabi_stale *w)
{
	const struct pvabi_spec *s = w->s;
	const struct pvabi_op *op = &s->ops[w->opi];
	size_t i, j;
	int al = -1, li;

	for (i = 0; i < op->nargs && al < 0; i++)
		if (op->args[i].dir == PVABI_BY_VALUE && op->args[i].limit != PVABI_NONE &&
		    pvabi_life_has(&op->args[i].life, w->rev) &&
		    (al = allocator(s, op->args[i].limit, w->rev)) >= 0)
			w->harg = (int)i;
	if (al < 0)
		return;
	li = op->args[w->harg].limit;
	w->freer = s->ops[al].ret_freed_by - 1;
	for (i = 0; i < s->nscenarios; i++) {
		const struct pvabi_scenario *sc = &s->scenarios[i];

		if (!pvabi_life_has(&sc->life, w->rev))
			continue;
		for (j = 0; j < sc->nsteps && plain(w, &sc->steps[j], li, al); j++)
			if (sc->steps[j].kind == PVABI_STEP_CALL && sc->steps[j].op == w->opi)
				observe(w, sc, j, al);
	}
}
