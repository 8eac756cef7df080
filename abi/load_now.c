/* Spec loader: what an argument means against the platform's now, per
 * mode (<now>, abi/now.h). Conformance data, not in the fingerprint:
 * the generator derives probes from each, so a declaration no probe
 * could honour is refused here, at its line (NOW_INVALID). The mode,
 * the clock, the error and the observing scenario name other ops, so
 * they are resolved once every op and scenario has loaded. */
#include "abi/load_internal.h"
#include "abi/edge.h"
#include "abi/now.h"

#include <stdlib.h>
#include <string.h>

/* early= and late=: nanoseconds, 0 when absent; -1 (reported). */
int load_now_ns(struct loader *L, xmlNode *c, const char *name, uint64_t *out)
{
	struct wide w;
	int r = wide_attr(L, c, name, &w);

	*out = 0;
	if (r > 0)
		return 0;
	if (r < 0 || w.neg)
		return -1;
	*out = w.mag;
	return 0;
}

/* What each kind needs and allows: 0, or the reason. */
static const char *now_shape(const struct pvabi_now *n, const char *zero)
{
	if (n->is == PVABI_NOW_ABSOLUTE && !n->past)
		return "absolute needs past=: what a value at or before now does";
	if (n->is == PVABI_NOW_RELATIVE && n->past)
		return "relative takes no past=: no value of it is before now";
	if (n->past && (strchr(n->past, ' ') || strchr(n->past, '@')))
		return "past= answering by release is read in a format 2 spec only";
	if (n->past && strcmp(n->past, "fires") && strncmp(n->past, "error=", 6))
		return "past= is fires or error=NAME";
	if (n->field || n->record)
		return "field= and record= are read in a format 2 spec only";
	if (zero && strcmp(zero, "cancels"))
		return "zero= is cancels";
	if (!n->clock || !n->observe || !n->seen)
		return "clock=, observe= and seen= are required";
	if (!strchr(n->seen, '.'))
		return "seen= is ARG.FIELD of a call of the observing scenario";
	return NULL;
}

static int now_one(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		   const struct pvabi_arg *a, struct pvabi_now *n)
{
	const char *is = attr_view(L, c, "is"), *zero = attr_view(L, c, "zero"), *why;
	int k = pvabi_now_is_parse(is);

	n->when = attr(L, c, "when");
	n->clock = attr(L, c, "clock");
	n->clock_op = PVABI_NONE;
	n->past = attr(L, c, "past");
	n->past_error = PVABI_NONE;
	n->cancels = zero != NULL;
	n->observe = attr(L, c, "observe");
	n->observe_sc = PVABI_NONE;
	n->seen = attr(L, c, "seen");
	n->seen_step = PVABI_NONE;
	n->field = attr(L, c, "field");
	n->record = attr(L, c, "record");
	life_of(L, c, &a->life, &n->life);
	n->doc = doc_of(L, c);
	n->loc.file = L->file;
	n->loc.line = pvabi_xml_line(c);
	if (load_now_ns(L, c, "early", &n->early) || load_now_ns(L, c, "late", &n->late)) {
		LERR(L, c, "NOW_INVALID", "op %s: arg '%s': now: early= and late= are nanoseconds",
		     op->name, a->name);
		return -1;
	}
	if (k < 0) {
		LERR(L, c, "NOW_INVALID", "op %s: arg '%s': now is='%s': absolute or relative",
		     op->name, a->name, is ? is : "");
		return -1;
	}
	n->is = (enum pvabi_now_is)k;
	if ((why = now_shape(n, zero))) {
		LERR(L, c, "NOW_INVALID", "op %s: arg '%s': now: %s", op->name, a->name, why);
		return -1;
	}
	return 0;
}

/* The <now> children of a format 1 spec's argument: an unsigned integer
 * passed by value. A format 2 spec's are read as a command's are
 * (load_arg_nows2). */
void load_nows(struct loader *L, xmlNode *x, const struct pvabi_op *op, struct pvabi_arg *a)
{
	struct pvabi_now *n;
	size_t i = 0;
	xmlNode *c;

	if (!(n = load_children(L, x, "now", sizeof(*n), op, 1)))
		return;
	if (a->dir != PVABI_BY_VALUE || a->type.kind != PVABI_T_PRIM ||
	    !pvabi_edge_unsigned(a->type.prim)) {
		LERR(L, x, "NOW_INVALID", "op %s: arg '%s': now is for an unsigned integer passed by value",
		     op->name, a->name);
		return;
	}
	for (c = x->children; c; c = c->next)
		if (is_elem(c, "now") && !now_one(L, c, op, a, &n[i]))
			i++;
	a->nows = n;
	a->nnows = i;
}

/* The observing scenario: it calls op, and a later step names seen. */
static const char *observer_of(const struct pvabi_spec *s, const struct pvabi_op *op,
			       struct pvabi_now *n)
{
	const struct pvabi_scenario *sc = NULL;
	size_t i, at;

	for (i = 0; i < s->nscenarios && !sc; i++)
		if (!strcmp(s->scenarios[i].name, n->observe))
			sc = &s->scenarios[i];
	if (!sc)
		return "observe= names no scenario";
	n->observe_sc = (int)(sc - s->scenarios);
	for (at = 0; at < sc->nsteps; at++)
		if (sc->steps[at].kind == PVABI_STEP_CALL && sc->steps[at].op == (int)(op - s->ops))
			break;
	for (i = at + 1; i < sc->nsteps; i++)
		if (sc->steps[i].kind == PVABI_STEP_CALL && sc->steps[i].expect &&
		    strstr(sc->steps[i].expect, n->seen))
			return (n->seen_step = (int)i), NULL;
	return at == sc->nsteps ? "observe= names a scenario that does not call the op"
				: "no step after the op's call in observe= expects seen=";
}

/* One declaration in revision r: NULL, or what is wrong. */
static const char *now_resolve(struct loader *L, const struct pvabi_op *op, size_t ai, void *decl,
			       int r, char *err, size_t len)
{
	struct pvabi_now *n = decl;
	const char *why = load_decl_mode(L, op, ai, n->when, r, "the declaration is about", err,
					 len);

	if (why)
		return why;
	n->clock_op = pvabi_spec_op(L->s, n->clock);
	if (n->clock_op < 0 || !pvabi_life_has(&L->s->ops[n->clock_op].life, r) ||
	    load_decl_nargs(&L->s->ops[n->clock_op], r) != 0 || L->s->ops[n->clock_op].ret_void)
		return "clock= names no op of the revision that takes no argument and returns a value";
	if (n->past && !strncmp(n->past, "error=", 6)) {
		n->past_error = pvabi_spec_error(L->s, n->past + 6);
		if (n->past_error < 0 || !pvabi_life_has(&L->s->errors[n->past_error].life, r))
			return "past= names an error the revision does not define";
	}
	if ((why = observer_of(L->s, op, n)))
		return why;
	if (!pvabi_life_has(&L->s->scenarios[n->observe_sc].life, r))
		return "observe= names a scenario the revision does not have";
	return NULL;
}

void load_nows_resolve(struct loader *L)
{
	static const struct load_decl kind = { "NOW_INVALID", "now", now_resolve };
	size_t i, j, k;

	if (L->s->format >= 2) /* check_nows2 resolves them */
		return;
	for (i = 0; i < L->s->nops; i++)
		for (j = 0; j < L->s->ops[i].nargs; j++)
			for (k = 0; k < L->s->ops[i].args[j].nnows; k++) {
				struct pvabi_now *n = (struct pvabi_now *)&L->s->ops[i].args[j].nows[k];

				load_decl_resolve(L, &kind, &L->s->ops[i], j, n, &n->life, n->loc.line);
			}
}
