/* <abi>'s element children by kind, listed in one walk. A large spec's
 * root has a million children lying far apart in the document; walking
 * them once per kind (to count, then to load, each kind in turn) was a
 * good part of a load, most of it cache misses. */
#include "abi/load_internal.h"

#include <errno.h>
#include <stdlib.h>

static const char *const top_names[TOP_NKINDS] = {
	[TOP_DOC] = "doc", [TOP_REVISIONS] = "revisions", [TOP_CONVENTIONS] = "conventions",
	[TOP_ERRORS] = "errors", [TOP_ENUM] = "enum", [TOP_FEATURE] = "feature",
	[TOP_TYPEDEF] = "typedef", [TOP_STRUCT] = "struct", [TOP_LIMIT] = "limit",
	[TOP_OP] = "op", [TOP_WAIVER] = "waiver", [TOP_SCENARIO] = "scenario",
	[TOP_NEGOTIATION] = "negotiation",
};

static int kind_of(const xmlNode *n)
{
	int k;

	if (is_elem(n, "union")) /* a format 2 struct: one list, in file order */
		return TOP_STRUCT;
	for (k = 0; k < TOP_NKINDS; k++)
		if (is_elem(n, top_names[k]))
			return k;
	return -1;
}

static int top_add(struct top_list *t, xmlNode *n)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		void *v = realloc(t->v, cap * sizeof(*t->v));

		if (!v)
			return -ENOMEM;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = n;
	return 0;
}

int load_top_index(struct loader *L, xmlNode *root)
{
	xmlNode *c;
	int k;

	L->root = root;
	for (c = root->children; c; c = c->next)
		if ((k = kind_of(c)) >= 0 && top_add(&L->top[k], c))
			return -ENOMEM;
	return 0;
}

xmlNode *load_top_first(const struct loader *L, enum top_kind k)
{
	return L->top[k].n ? L->top[k].v[0] : NULL;
}

void load_top_free(struct loader *L)
{
	int k;

	for (k = 0; k < TOP_NKINDS; k++)
		free(L->top[k].v);
}
