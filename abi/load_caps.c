/* <cap> inside a <feature>: a cap the feature's prose states on a count
 * the platform keeps (docs/spec-language.md, "Caps on counts the
 * platform keeps"). Loaded after the scenarios, which its <raise>
 * elements name as the templates of its probes (emit/emit_cap_scen.c).
 * A cap no probe could reach, read or drain is refused at its line
 * (CAP_INVALID). Conformance data, like <changes>: not fingerprinted. */
#include "abi/load_internal.h"

#include <stdio.h>
#include <string.h>

/* The largest cap a probe can drain: an image counts at most 255 upcalls
 * in one wait (guest/rt/conformance.h, a WAIT step's count). */
#define CAP_MAX 255

/* count="OP.FIELD": the op, its pass="out" struct argument holding
 * FIELD; 0, or -1 with the problem in why. */
static int cap_count(const struct pvabi_spec *s, const char *count, struct pvabi_cap *c,
		     const char **why)
{
	const char *dot = count ? strchr(count, '.') : NULL;
	char opname[128];
	size_t a, f;

	*why = "count= is not OP.FIELD";
	if (!dot || dot == count || (size_t)(dot - count) >= sizeof(opname))
		return -1;
	snprintf(opname, sizeof(opname), "%.*s", (int)(dot - count), count);
	*why = "count= names no op";
	if ((c->op = pvabi_spec_op(s, opname)) < 0)
		return -1;
	c->field = dot + 1;
	for (a = 0; a < s->ops[c->op].nargs; a++) {
		const struct pvabi_arg *g = &s->ops[c->op].args[a];

		if (g->type.kind != PVABI_T_STRUCT ||
		    (g->dir != PVABI_PTR_OUT && g->dir != PVABI_PTR_INOUT))
			continue;
		for (f = 0; f < s->structs[g->type.index].nfields; f++)
			if (!strcmp(s->structs[g->type.index].fields[f].name, c->field)) {
				c->arg = (int)a;
				return 0;
			}
	}
	*why = "count= names no field of the op's pass=\"out\" struct";
	return -1;
}

/* First step at or after `from` of sc that calls op, or sc->nsteps. */
static size_t call_from(const struct pvabi_scenario *sc, size_t from, int op)
{
	while (from < sc->nsteps &&
	       (sc->steps[from].kind != PVABI_STEP_CALL || sc->steps[from].op != op))
		from++;
	return from;
}

/* What a template must hold for a probe to be derived from it: a call
 * of the raising op, a later read of the count, a later wait (the
 * drain, counted); NULL when it does. */
static const char *template_lacks(const struct pvabi_spec *s, const struct pvabi_feature *f,
				  const struct pvabi_cap *c, const struct pvabi_cap_raise *r)
{
	const struct pvabi_scenario *sc = &s->scenarios[r->scen];
	size_t i = call_from(sc, 0, r->op), k;

	for (k = 0; k < s->nrevs; k++)
		if (pvabi_life_has(&sc->life, (int)k) && pvabi_life_has(&f->life, (int)k))
			break;
	if (k == s->nrevs)
		return "the scenario lives in no revision the feature does";
	if (i == sc->nsteps)
		return "the scenario makes no call of the raising op";
	if ((i = call_from(sc, i, c->op)) == sc->nsteps)
		return "the scenario reads no count after a raise";
	while (i < sc->nsteps && sc->steps[i].kind != PVABI_STEP_WAIT)
		i++;
	return i == sc->nsteps ? "the scenario waits for no upcall after the read (the drain)"
			       : NULL;
}

static void load_raise(struct loader *L, xmlNode *n, const struct pvabi_feature *f,
		       struct pvabi_cap *c)
{
	const struct pvabi_spec *s = L->s;
	struct pvabi_cap_raise *r = &c->raises[c->nraises];
	const char *op = attr_view(L, n, "op"), *sc = attr_view(L, n, "scenario"), *why;
	size_t k;

	r->loc.file = L->file;
	r->loc.line = pvabi_xml_line(n);
	r->op = op ? pvabi_spec_op(s, op) : PVABI_NONE;
	for (r->scen = PVABI_NONE, k = 0; sc && k < s->nscenarios; k++)
		if (!strcmp(s->scenarios[k].name, sc))
			r->scen = (int)k;
	if (r->op < 0 || r->scen < 0) {
		LERR(L, n, "CAP_INVALID", "feature %s: <raise> names no %s '%s'", f->name,
		     r->op < 0 ? "op" : "scenario", r->op < 0 ? (op ? op : "") : (sc ? sc : ""));
		return;
	}
	for (k = 0; k < f->nchanges && f->changes[k].op != r->op; k++)
		;
	if (k == f->nchanges) {
		LERR(L, n, "CAP_INVALID", "feature %s: <raise op=\"%s\">: the feature's <changes> "
		     "does not name the op, so its grant does not change how the op raises the "
		     "count", f->name, op);
		return;
	}
	if ((why = template_lacks(s, f, c, r))) {
		LERR(L, n, "CAP_INVALID", "feature %s: <raise op=\"%s\" scenario=\"%s\">: %s",
		     f->name, op, sc, why);
		return;
	}
	c->nraises++;
}

static void load_cap(struct loader *L, xmlNode *n, const struct pvabi_feature *f,
		     struct pvabi_cap *c)
{
	const struct pvabi_spec *s = L->s;
	const char *past = attr_view(L, n, "past"), *err = attr_view(L, n, "error"), *why;
	int64_t v = 0, o = 1;
	xmlNode *k;

	c->loc.file = L->file;
	c->loc.line = pvabi_xml_line(n);
	c->error = PVABI_NONE;
	c->refuse = past && !strcmp(past, "refuse");
	if (cap_count(s, attr(L, n, "count"), c, &why)) {
		LERR(L, n, "CAP_INVALID", "feature %s: <cap>: %s", f->name, why);
		return;
	}
	if (num_attr(L, n, "value", &v) || num_attr(L, n, "otherwise", &o) < 0)
		return;
	if (o < 0 || v <= o || v > CAP_MAX) {
		LERR(L, n, "CAP_INVALID", "feature %s: <cap value=\"%lld\" otherwise=\"%lld\">: "
		     "the cap must be above otherwise= and at most %d (the most upcalls a probe "
		     "counts)", f->name, (long long)v, (long long)o, CAP_MAX);
		return;
	}
	c->value = (unsigned int)v;
	c->otherwise = (unsigned int)o;
	if (c->refuse != !!err || (err && (c->error = pvabi_spec_error(s, err)) < 0)) {
		LERR(L, n, "CAP_INVALID", "feature %s: <cap>: %s", f->name,
		     !err ? "past=\"refuse\" needs the error= it answers"
		     : c->refuse ? "error= names no error" : "error= is for past=\"refuse\" only");
		return;
	}
	c->raises = pvabi_arena_array(L->a, count_children(n, "raise") + 1, sizeof(*c->raises));
	if (!c->raises) {
		L->failed = 1;
		return;
	}
	for (k = n->children; k; k = k->next)
		if (is_elem(k, "raise"))
			load_raise(L, k, f, c);
	if (!count_children(n, "raise"))
		LERR(L, n, "CAP_INVALID", "feature %s: <cap count=\"%s.%s\">: no <raise>: nothing "
		     "says how the count is raised, so no probe reaches the cap", f->name,
		     s->ops[c->op].name, c->field);
}

void load_feature_caps(struct loader *L)
{
	struct pvabi_spec *s = L->s;
	size_t t, i = 0, n;
	xmlNode *c, *k;

	FOR_TOP(L, TOP_FEATURE, t, c) {
		struct pvabi_feature *f = &s->features[i++];

		if (!(n = count_children(c, "cap")) || i > s->nfeatures)
			continue;
		if (s->format >= 2) {
			LERR(L, c, "FORMAT_FEATURE", "feature %s: <cap> is format 1 only (a format 2 "
			     "check cannot name the grant yet)", f->name);
			continue;
		}
		f->caps = pvabi_arena_array(L->a, n, sizeof(*f->caps));
		if (!f->caps) {
			L->failed = 1;
			return;
		}
		for (k = c->children; k; k = k->next)
			if (is_elem(k, "cap"))
				load_cap(L, k, f, &f->caps[f->ncaps++]);
	}
}
