/* Spec loader: spans a formula of the arguments draws (<span> on the
 * count argument, abi/span.h). The generator derives probes from each
 * where the formula's intermediate crosses a width an implementation
 * may compute it in, so a declaration no probe could honour is refused
 * here, at its line (SPAN_INVALID). The base names another argument, so
 * spans are resolved once every op has loaded. Conformance data, not in
 * the fingerprint (docs/spec-language.md#spans-across-widths). */
#include "abi/load_internal.h"
#include "abi/edge.h"
#include "abi/span.h"

#include <stdlib.h>
#include <string.h>

static int number(const char *s, uint64_t *v)
{
	struct wide w;

	if (!s || parse_wide(s, &w) < 0 || w.neg)
		return -1;
	*v = w.mag;
	return 0;
}

void load_spans(struct loader *L, xmlNode *n, const struct pvabi_op *op, struct pvabi_arg *a)
{
	struct pvabi_span *sp = load_children(L, n, "span", sizeof(*sp), op, 1);
	size_t i = 0;
	uint64_t top;
	xmlNode *c;

	if (!sp)
		return;
	for (c = n->children; c; c = c->next) {
		if (!is_elem(c, "span"))
			continue;
		sp[i].base = attr(L, c, "base");
		sp[i].base_arg = PVABI_NONE;
		sp[i].error = attr(L, c, "error");
		sp[i].expect = attr(L, c, "expect");
		life_of(L, c, &a->life, &sp[i].life);
		sp[i].doc = doc_of(L, c);
		sp[i].loc.file = L->file;
		sp[i].loc.line = pvabi_xml_line(c);
		if (number(attr_view(L, c, "unit"), &sp[i].unit) || !sp[i].unit ||
		    number(attr_view(L, c, "top"), &top) || top < 1 || top > 64) {
			LERR(L, c, "SPAN_INVALID",
			     "op %s: arg '%s': span: unit= is a number of 1 or more, top= a number of bits from 1 to 64",
			     op->name, a->name);
			continue;
		}
		sp[i++].top = (unsigned int)top;
	}
	a->spans = sp;
	a->nspans = i;
}

static int unsigned_value(const struct pvabi_arg *a)
{
	return a->dir == PVABI_BY_VALUE && a->type.kind == PVABI_T_PRIM &&
	       pvabi_edge_unsigned(a->type.prim);
}

/* What is wrong with sp on argument ai of op, or NULL. */
static const char *span_why(struct loader *L, const struct pvabi_op *op, size_t ai,
			    struct pvabi_span *sp)
{
	struct pvabi_edge e;
	int64_t v;
	size_t j;

	if (!unsigned_value(&op->args[ai]))
		return "the count is an unsigned integer passed by value";
	for (j = 0; j < op->nargs; j++)
		if (j != ai && !strcmp(op->args[j].name, sp->base))
			sp->base_arg = (int)j;
	if (sp->base_arg < 0 || !unsigned_value(&op->args[sp->base_arg]))
		return "base= names another argument of the op, an unsigned integer passed by value";
	memset(&e, 0, sizeof(e));
	e.is = PVABI_EDGE_REFUSED;
	e.error = sp->error;
	if (pvabi_edge_expect(L->s, &e, &v) < 0)
		return "error= names an error the spec defines";
	e.is = PVABI_EDGE_VALID;
	e.expect = sp->expect;
	if (pvabi_edge_expect(L->s, &e, &v) < 0)
		return "expect= is ret=N or error=NAME";
	return NULL;
}

void load_spans_check(struct loader *L)
{
	size_t i, j, k;
	const char *why;

	for (i = 0; i < L->s->nops; i++)
		for (j = 0; j < L->s->ops[i].nargs; j++)
			for (k = 0; k < L->s->ops[i].args[j].nspans; k++) {
				struct pvabi_span *sp = (struct pvabi_span *)&L->s->ops[i].args[j].spans[k];

				why = span_why(L, &L->s->ops[i], j, sp);
				if (!why)
					continue;
				pvabi_diag_add(L->d, "SPAN_INVALID", L->file, sp->loc.line,
					       "op %s: arg '%s': span: %s", L->s->ops[i].name,
					       L->s->ops[i].args[j].name, why);
				L->failed = 1;
			}
}
