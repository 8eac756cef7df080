/* The schema subset of xmlfast.h compiled from the .rng. Whatever this
 * file does not know fails the compilation: the validator then checks
 * every document, which is slower but never wrong. */
#include "abi/xmlfast_internal.h"

#include <stdlib.h>
#include <string.h>

#define RNG_NS "http://relaxng.org/ns/structure/1.0"
#define XSD_LIB "http://www.w3.org/2001/XMLSchema-datatypes"
#define MAX_DEPTH 24

struct cc {
	xmlNode *grammar;
	struct pvabi_arena *a;
	int failed;
};

static int rng(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       !strcmp((const char *)n->ns->href, RNG_NS) && !strcmp((const char *)n->name, name);
}

static xmlNode *first_el(xmlNode *n)
{
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

static xmlNode *next_el(xmlNode *n)
{
	return n ? first_el(n->next) : NULL;
}

/* The only element child of n; fails the compilation otherwise. */
static xmlNode *only(struct cc *c, xmlNode *n)
{
	xmlNode *k = first_el(n->children);

	if (!k || next_el(k))
		c->failed = 1;
	return c->failed ? NULL : k;
}

/* A copy of n's attribute name, in the arena; NULL fails. */
static const char *prop(struct cc *c, xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	char *s = v ? pvabi_arena_strdup(c->a, (const char *)v) : NULL;

	xmlFree(v);
	if (!s)
		c->failed = 1;
	return s;
}

/* The body of the define a <ref> names: one define, never combined. */
static xmlNode *deref(struct cc *c, xmlNode *ref)
{
	xmlChar *name = xmlGetProp(ref, BAD_CAST "name");
	xmlNode *d, *found = NULL;

	for (d = first_el(c->grammar->children); d && name; d = next_el(d)) {
		xmlChar *dn = rng(d, "define") ? xmlGetProp(d, BAD_CAST "name") : NULL;

		if (dn && xmlStrEqual(dn, name)) {
			if (found || xmlHasProp(d, BAD_CAST "combine"))
				c->failed = 1;
			found = d;
		}
		xmlFree(dn);
	}
	xmlFree(name);
	if (!found)
		c->failed = 1;
	return c->failed ? NULL : found;
}

static void add_value(struct cc *c, struct fx_type *t, xmlNode *v)
{
	xmlChar *s = xmlNodeGetContent(v);

	if (!s || t->nvalues == FX_MAX_VALUES || first_el(v->children))
		c->failed = 1;
	else
		t->values[t->nvalues++] = pvabi_arena_strdup(c->a, (const char *)s);
	xmlFree(s);
}

/* <value>, or a <choice> of them. */
static void values(struct cc *c, struct fx_type *t, xmlNode *n)
{
	xmlNode *k;

	if (rng(n, "value")) {
		add_value(c, t, n);
		return;
	}
	if (!rng(n, "choice")) {
		c->failed = 1;
		return;
	}
	for (k = first_el(n->children); k && !c->failed; k = next_el(k))
		if (rng(k, "value"))
			add_value(c, t, k);
		else
			c->failed = 1;
}

static unsigned long param(struct cc *c, xmlNode *data, const char *want)
{
	xmlNode *p = first_el(data->children);
	xmlChar *name = p && rng(p, "param") ? xmlGetProp(p, BAD_CAST "name") : NULL;
	xmlChar *v = name ? xmlNodeGetContent(p) : NULL;
	char *end = NULL;
	unsigned long n = v ? strtoul((const char *)v, &end, 10) : 0;

	if (!name || !xmlStrEqual(name, BAD_CAST want) || !v || end == (char *)v || *end ||
	    next_el(p))
		c->failed = 1;
	xmlFree(name);
	xmlFree(v);
	return n;
}

/* Every datatype is XSD's, named on the grammar and nowhere else. */
static int xsd_only(xmlNode *n)
{
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
		xmlChar *lib = xmlGetProp(n, BAD_CAST "datatypeLibrary");
		int ok = !lib || (xmlStrEqual(lib, BAD_CAST XSD_LIB) && rng(n, "grammar"));

		xmlFree(lib);
		if (lib || !ok)
			return ok;
	}
	return 0;
}

static void data_type(struct cc *c, xmlNode *d, struct fx_type *t)
{
	xmlChar *type = xmlGetProp(d, BAD_CAST "type");
	const char *ty = type ? (const char *)type : "";
	int plain = !first_el(d->children);

	if (!xsd_only(d))
		c->failed = 1;
	else if (!strcmp(ty, "string") && plain)
		t->kind = FX_ANY;
	else if (!strcmp(ty, "string") && (t->kind = FX_MINLEN))
		t->bound = param(c, d, "minLength");
	else if (!strcmp(ty, "positiveInteger") && plain)
		t->kind = FX_POSINT;
	else if (!strcmp(ty, "boolean") && plain)
		t->kind = FX_BOOL;
	else if (!strcmp(ty, "nonNegativeInteger") && !plain && (t->kind = FX_UINT_MAX))
		t->bound = param(c, d, "maxInclusive");
	else
		c->failed = 1;
	xmlFree(type);
}

static void list_type(struct cc *c, xmlNode *n, struct fx_type *t)
{
	xmlNode *item = only(c, n);
	xmlChar *ty;

	item = rng(item, "oneOrMore") ? only(c, item) : (c->failed = 1, NULL);
	if (c->failed)
		return;
	ty = rng(item, "data") ? xmlGetProp(item, BAD_CAST "type") : NULL;
	if (ty && xmlStrEqual(ty, BAD_CAST "token") && !first_el(item->children) &&
	    xsd_only(item))
		t->kind = FX_LIST_TOKENS;
	else if (ty)
		c->failed = 1;
	else if ((t->kind = FX_LIST_VALUES))
		values(c, t, item);
	xmlFree(ty);
}

/* n: the one pattern of an <attribute>, or NULL (text). */
static void attr_type(struct cc *c, xmlNode *n, struct fx_type *t, int depth)
{
	t->kind = FX_ANY;
	if (!n || c->failed)
		return;
	if (depth > MAX_DEPTH)
		c->failed = 1;
	else if (rng(n, "text"))
		t->kind = FX_ANY;
	else if (rng(n, "ref") && (n = deref(c, n)))
		attr_type(c, only(c, n), t, depth + 1);
	else if (rng(n, "data"))
		data_type(c, n, t);
	else if ((rng(n, "value") || rng(n, "choice")) && (t->kind = FX_VALUES))
		values(c, t, n);
	else if (rng(n, "list"))
		list_type(c, n, t);
	else
		c->failed = 1;
}

static void add_attr(struct cc *c, struct fx_elem *e, xmlNode *n, int required)
{
	struct fx_attr *a;
	xmlNode *pat = first_el(n->children);
	size_t i;

	if (e->nattrs == FX_MAX_ATTRS || xmlHasProp(n, BAD_CAST "ns") || next_el(pat)) {
		c->failed = 1;
		return;
	}
	a = &e->attrs[e->nattrs++];
	a->name = prop(c, n, "name");
	a->required = required;
	attr_type(c, pat, &a->type, 0);
	for (i = 0; i + 1 < e->nattrs && !c->failed; i++)
		if (!strcmp(e->attrs[i].name, a->name))
			c->failed = 1;
}

static const struct fx_elem *element(struct cc *c, xmlNode *n, int depth);

/* The elements X may be: <element>, a <ref> to one, a <choice> of them. */
static void collect(struct cc *c, struct fx_part *p, xmlNode *x, int depth)
{
	xmlNode *k;

	if (c->failed || depth > MAX_DEPTH) {
		c->failed = 1;
	} else if (rng(x, "element") && p->n < FX_MAX_NAMES) {
		p->names[p->n] = prop(c, x, "name");
		p->def[p->n++] = element(c, x, depth + 1);
	} else if (rng(x, "ref") && (x = deref(c, x))) {
		collect(c, p, only(c, x), depth + 1);
	} else if (rng(x, "choice")) {
		for (k = first_el(x->children); k; k = next_el(k))
			collect(c, p, k, depth + 1);
	} else {
		c->failed = 1;
	}
}

static void add_part(struct cc *c, struct fx_elem *e, xmlNode *x, int min, int many,
		     int depth)
{
	struct fx_part *p;

	if (e->nparts == FX_MAX_PARTS || e->content == FX_TEXT || e->content == FX_DATA) {
		c->failed = 1;
		return;
	}
	p = &e->parts[e->nparts++];
	p->min = min;
	p->many = many;
	e->content = FX_ELEMS;
	collect(c, p, x, depth);
}

/* One pattern of an element's content; opt: inside an <optional>. */
static void item(struct cc *c, struct fx_elem *e, xmlNode *n, int opt, int depth)
{
	xmlNode *k;

	if (c->failed || depth > MAX_DEPTH) {
		c->failed = 1;
	} else if (rng(n, "attribute")) {
		add_attr(c, e, n, !opt);
	} else if (rng(n, "element")) {
		add_part(c, e, n, !opt, 0, depth);
	} else if (rng(n, "ref") && (k = deref(c, n))) {
		/* a define of several patterns is a group: all or none */
		if (opt)
			item(c, e, only(c, k), opt, depth + 1);
		for (k = opt ? NULL : first_el(k->children); k; k = next_el(k))
			item(c, e, k, 0, depth + 1);
	} else if (rng(n, "optional")) {
		item(c, e, only(c, n), 1, depth + 1);
	} else if (rng(n, "zeroOrMore") || rng(n, "oneOrMore")) {
		add_part(c, e, only(c, n), !opt && rng(n, "oneOrMore"), 1, depth);
	} else if (rng(n, "text") && e->content == FX_EMPTY) {
		e->content = FX_TEXT;
	} else if (rng(n, "data") && e->content == FX_EMPTY && !opt) {
		e->content = FX_DATA;
		data_type(c, n, &e->data);
	} else if (!rng(n, "empty")) {
		c->failed = 1;
	}
}

/* Child names are distinct, so children match their parts in order. */
static int names_distinct(const struct fx_elem *e)
{
	size_t i, j, k, l;

	for (i = 0; i < e->nparts; i++)
		for (j = 0; j < e->parts[i].n; j++)
			for (k = i; k < e->nparts; k++)
				for (l = k == i ? j + 1 : 0; l < e->parts[k].n; l++)
					if (!strcmp(e->parts[i].names[j], e->parts[k].names[l]))
						return 0;
	return 1;
}

static const struct fx_elem *element(struct cc *c, xmlNode *n, int depth)
{
	struct fx_elem *e = pvabi_arena_alloc(c->a, sizeof(*e));
	xmlNode *k;

	if (!e || xmlHasProp(n, BAD_CAST "ns") || depth > MAX_DEPTH) {
		c->failed = 1;
		return NULL;
	}
	memset(e, 0, sizeof(*e));
	e->name = prop(c, n, "name");
	for (k = first_el(n->children); k && !c->failed; k = next_el(k))
		item(c, e, k, 0, depth + 1);
	if (!c->failed && !names_distinct(e))
		c->failed = 1;
	return e;
}

/* Any ns= anywhere puts names in a namespace: not in the subset. */
static int names_namespaced(xmlNode *n)
{
	for (n = first_el(n); n; n = next_el(n))
		if (xmlHasProp(n, BAD_CAST "ns") || names_namespaced(n->children))
			return 1;
	return 0;
}

struct pvabi_xml_fast *pvabi_xml_fast_compile(xmlDocPtr schema)
{
	xmlNode *g = xmlDocGetRootElement(schema);
	struct pvabi_xml_fast *f = calloc(1, sizeof(*f));
	struct cc c = { g, NULL, 0 };
	xmlNode *start, *k;

	if (!f || !(c.a = f->arena = pvabi_arena_new()) || !rng(g, "grammar") ||
	    names_namespaced(g))
		c.failed = 1;
	for (k = g ? first_el(g->children) : NULL, start = NULL; k && !c.failed; k = next_el(k))
		if (rng(k, "start") && !start)
			start = k;
		else if (!rng(k, "define"))
			c.failed = 1; /* <include>, <div>, a second <start> */
	if (!c.failed && start && (k = only(&c, start)) && rng(k, "element"))
		f->root = element(&c, k, 0);
	if (c.failed || !f->root) {
		pvabi_xml_fast_free(f);
		return NULL;
	}
	return f;
}

void pvabi_xml_fast_free(struct pvabi_xml_fast *f)
{
	if (!f)
		return;
	pvabi_arena_free(f->arena);
	free(f);
}
