/* Spec loader: an argument's declared range edges (<edge>, abi/edge.h).
 * Conformance data, not in the fingerprint: the generator derives
 * probes from each, so a declaration no probe could honour is refused
 * here, at its line (EDGE_INVALID). The mode (when=), the answer
 * (expect=) and the state op (adds=) name other ops and arguments, so
 * they are resolved once every op has loaded. */
#include "abi/load_internal.h"
#include "abi/edge.h"

#include <stdlib.h>
#include <string.h>

static void here(struct loader *L, struct pvabi_loc *loc, xmlNode *n)
{
	loc->file = L->file;
	loc->line = pvabi_xml_line(n);
}

/* "min max-1 high" -> bits; 0 when a word is none of the points. */
static unsigned int parse_at(const char *s)
{
	static const struct { const char *w; unsigned int bits; } words[] = {
		{ "min", PVABI_EDGE_MIN }, { "min+1", PVABI_EDGE_MIN1 },
		{ "max-1", PVABI_EDGE_MAX1 }, { "max", PVABI_EDGE_MAX },
		{ "low", PVABI_EDGE_MIN | PVABI_EDGE_MIN1 },
		{ "high", PVABI_EDGE_MAX1 | PVABI_EDGE_MAX },
	};
	unsigned int at = 0;
	size_t i, n;

	while (s && *s) {
		while (*s == ' ')
			s++;
		for (n = 0; s[n] && s[n] != ' '; n++)
			;
		if (!n)
			break;
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (strlen(words[i].w) == n && !strncmp(words[i].w, s, n))
				break;
		if (i == sizeof(words) / sizeof(words[0]))
			return 0;
		at |= words[i].bits;
		s += n;
	}
	return at;
}

/* What each kind of edge needs and allows: 0, or -1 (reported). */
static int edge_shape(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		      const struct pvabi_arg *a, const struct pvabi_edge *e)
{
	const char *why = NULL;

	if (e->is == PVABI_EDGE_REFUSED && (!e->error || e->expect))
		why = "refused takes error=, not expect=";
	else if (e->is != PVABI_EDGE_REFUSED && e->error)
		why = "error= is for refused";
	else if (e->is == PVABI_EDGE_IGNORED && e->expect)
		why = "ignored answers as the probe base: no expect=";
	else if (e->is != PVABI_EDGE_REFUSED && e->is != PVABI_EDGE_IGNORED && !e->expect)
		why = "valid, saturates and wraps need expect=";
	else if (e->adds && e->is != PVABI_EDGE_SATURATES && e->is != PVABI_EDGE_WRAPS)
		why = "adds= is for saturates and wraps";
	else if (e->adds && !(e->at & PVABI_EDGE_MAX))
		why = "adds= probes where the sum overflows: at= must hold max";
	if (!why)
		return 0;
	LERR(L, c, "EDGE_INVALID", "op %s: arg '%s': edge: %s", op->name, a->name, why);
	return -1;
}

static int edge_one(struct loader *L, xmlNode *c, const struct pvabi_op *op,
		    const struct pvabi_arg *a, struct pvabi_edge *e)
{
	const char *at = attr_view(L, c, "at"), *is = attr_view(L, c, "is");
	int k = pvabi_edge_is_parse(is);

	e->at = parse_at(at);
	e->when = attr(L, c, "when");
	e->expect = attr(L, c, "expect");
	e->error = attr(L, c, "error");
	e->adds = attr(L, c, "adds");
	e->adds_op = PVABI_NONE;
	e->observe = attr(L, c, "observe");
	e->observe_sc = PVABI_NONE;
	life_of(L, c, &a->life, &e->life);
	e->doc = doc_of(L, c);
	here(L, &e->loc, c);
	if (!e->at || k < 0) {
		LERR(L, c, "EDGE_INVALID",
		     "op %s: arg '%s': edge at='%s' is='%s': at= lists min, min+1, max-1, max, low or high; is= is valid, saturates, wraps, refused or ignored",
		     op->name, a->name, at ? at : "", is ? is : "");
		return -1;
	}
	e->is = (enum pvabi_edge_is)k;
	return edge_shape(L, c, op, a, e);
}

/* The <edge> children of an argument: only an unsigned integer passed
 * by value has a range whose ends a probe can reach. */
void load_edges(struct loader *L, xmlNode *n, const struct pvabi_op *op, struct pvabi_arg *a)
{
	struct pvabi_edge *e = load_children(L, n, "edge", sizeof(*e), op, 0);
	size_t i = 0;
	xmlNode *c;

	if (!e)
		return;
	if (a->dir != PVABI_BY_VALUE || a->type.kind != PVABI_T_PRIM ||
	    !pvabi_edge_unsigned(a->type.prim)) {
		LERR(L, n, "EDGE_INVALID",
		     "op %s: arg '%s': edges are for an unsigned integer passed by value", op->name,
		     a->name);
		return;
	}
	for (c = n->children; c; c = c->next)
		if (is_elem(c, "edge") && !edge_one(L, c, op, a, &e[i]))
			i++;
	a->edges = e;
	a->nedges = i;
}

/* The scenario observe= names, which must call op; its index or -1. */
static int observe_of(const struct pvabi_spec *s, const struct pvabi_op *op,
		      struct pvabi_edge *e)
{
	size_t i, j;

	for (i = 0; i < s->nscenarios; i++)
		if (!strcmp(s->scenarios[i].name, e->observe))
			for (j = 0; j < s->scenarios[i].nsteps; j++)
				if (s->scenarios[i].steps[j].kind == PVABI_STEP_CALL &&
				    s->scenarios[i].steps[j].op == (int)(op - s->ops))
					return e->observe_sc = (int)i;
	return -1;
}

/* One edge in revision r: its mode names arguments of op there (not
 * the one it probes), its answer and the op it adds to exist there.
 * NULL, or what is wrong into err. */
static const char *edge_resolve(struct loader *L, const struct pvabi_op *op, size_t ai,
				void *decl, int r, char *err, size_t len)
{
	struct pvabi_edge *e = decl;
	const char *why = load_decl_mode(L, op, ai, e->when, r, "the edge probes", err, len);
	int64_t v;

	if (why)
		return why;
	if (pvabi_edge_expect(L->s, e, &v) < 0)
		return "expect= is ret=N or error=NAME, error= an error the spec defines";
	if (e->observe && observe_of(L->s, op, e) < 0)
		return "observe= names no scenario that calls the op";
	if (!e->adds)
		return NULL;
	e->adds_op = pvabi_spec_op(L->s, e->adds);
	if (e->adds_op < 0 || !pvabi_life_has(&L->s->ops[e->adds_op].life, r) ||
	    load_decl_nargs(&L->s->ops[e->adds_op], r) != 0)
		return "adds= names an op of the revision that takes no argument";
	return NULL;
}

void load_edges_resolve(struct loader *L)
{
	static const struct load_decl kind = { "EDGE_INVALID", "edge", edge_resolve };
	size_t i, j, k;

	for (i = 0; i < L->s->nops; i++)
		for (j = 0; j < L->s->ops[i].nargs; j++)
			for (k = 0; k < L->s->ops[i].args[j].nedges; k++) {
				struct pvabi_edge *e = (struct pvabi_edge *)&L->s->ops[i].args[j].edges[k];

				load_decl_resolve(L, &kind, &L->s->ops[i], j, e, &e->life, e->loc.line);
			}
}
