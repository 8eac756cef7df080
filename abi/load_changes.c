/* <changes op="OP">HOW</changes> inside a <feature>: an op whose
 * behaviour the feature's grant changes, and how (docs/spec-language.md,
 * Features). Loaded after the ops, whose names it resolves. Conformance
 * data, like vectors: not in any fingerprint. */
#include "abi/limit.h"
#include "abi/load_internal.h"

#include <stdio.h>

/* Some revision holds both lifetimes. */
static int lives_meet(const struct pvabi_spec *s, const struct pvabi_life *a,
		      const struct pvabi_life *b)
{
	size_t r;

	for (r = 0; r < s->nrevs; r++)
		if (pvabi_life_has(a, (int)r) && pvabi_life_has(b, (int)r))
			return 1;
	return 0;
}

/* The element's text with runs of blanks made one, as <doc> is. */
static const char *text_of(struct loader *L, xmlNode *n)
{
	xmlChar *t = xmlNodeGetContent(n);
	char *out = pvabi_arena_strdup(L->a, t ? (const char *)t : "");
	char *w = out, *p;

	xmlFree(t);
	if (!out)
		return NULL;
	for (p = out; *p; p++) {
		int blank = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';

		if (!blank)
			*w++ = *p;
		else if (w > out && w[-1] != ' ')
			*w++ = ' ';
	}
	if (w > out && w[-1] == ' ')
		w--;
	*w = '\0';
	return out;
}

/* limit="L": L must have a <case> for the feature, and the op must name
 * L (an argument's limit= or its <ret limit=>), or no probe judges it. */
static void load_change_limit(struct loader *L, xmlNode *n, const struct pvabi_feature *f,
			      struct pvabi_feature_change *ch)
{
	const struct pvabi_spec *s = L->s;
	const struct pvabi_op *op = &s->ops[ch->op];
	const char *name = attr_view(L, n, "limit");
	int fi = (int)(f - s->features), li, has = 0, named;
	size_t k;

	ch->limit = PVABI_NONE;
	if (!name)
		return;
	if ((li = pvabi_spec_limit(s, name)) < 0) {
		LERR(L, n, "UNKNOWN_LIMIT", "feature %s: <changes limit=\"%s\"> names no <limit>",
		     f->name, name);
		return;
	}
	for (k = 0; k < s->limits[li].ncases; k++)
		has |= s->limits[li].cases[k].feature == fi;
	named = op->ret_limit == li + 1;
	for (k = 0; k < op->nargs; k++)
		named |= op->args[k].limit == li;
	if (!has || !named)
		LERR(L, n, "LIMIT_REF_INVALID", "feature %s: <changes op=\"%s\" limit=\"%s\">: %s",
		     f->name, op->name, name,
		     !has ? "the limit has no <case> for the feature" : "the op does not name the limit");
	ch->limit = li;
}

static void load_change(struct loader *L, xmlNode *n, struct pvabi_feature *f,
			struct pvabi_feature_change *ch)
{
	const struct pvabi_spec *s = L->s;
	const char *op = attr(L, n, "op");
	size_t k;

	ch->loc.file = L->file;
	ch->loc.line = pvabi_xml_line(n);
	ch->how = text_of(L, n);
	ch->op = op ? pvabi_spec_op(s, op) : PVABI_NONE;
	ch->limit = PVABI_NONE;
	if (ch->op < 0) {
		LERR(L, n, "UNKNOWN_OP", "feature %s: <changes op=\"%s\"> names no op", f->name,
		     op ? op : "");
		return;
	}
	if (!lives_meet(s, &f->life, &s->ops[ch->op].life))
		LERR(L, n, "UNKNOWN_OP",
		     "feature %s: op %s exists in no revision the feature exists in", f->name, op);
	load_change_limit(L, n, f, ch);
	for (k = 0; k < f->nchanges; k++)
		if (f->changes[k].op == ch->op)
			LERR(L, n, "DUPLICATE_NAME", "feature %s: op %s already at line %d", f->name,
			     op, f->changes[k].loc.line);
}

void load_feature_changes(struct loader *L)
{
	struct pvabi_spec *s = L->s;
	size_t t, i = 0, n;
	xmlNode *c, *k;

	FOR_TOP(L, TOP_FEATURE, t, c) {
		struct pvabi_feature *f = &s->features[i++];

		if (!(n = count_children(c, "changes")) || i > s->nfeatures)
			continue;
		/* what a grant changes is judged by checks that name it,
		 * which format 2 does not generate yet */
		if (s->format >= 2) {
			LERR(L, c, "FORMAT_FEATURE", "feature %s: <changes> is format 1 only "
			     "(a format 2 check cannot name the grant yet)", f->name);
			continue;
		}
		f->changes = pvabi_arena_array(L->a, n, sizeof(*f->changes));
		if (!f->changes) {
			L->failed = 1;
			return;
		}
		for (k = c->children; k; k = k->next)
			if (is_elem(k, "changes")) {
				load_change(L, k, f, &f->changes[f->nchanges]);
				f->nchanges++;
			}
	}
}
