/* Attribute patterns taken out of a RelaxNG schema and checked with
 * regexps compiled once (see xmlpattern.h). Only the simple, common form
 * is taken: an attribute whose value is one <data> with one pattern
 * param, inline or through a define that is nothing else and is used by
 * such attributes only. Anything else stays in the schema, checked by
 * the validator as before. */
#include "abi/xmlpattern.h"
#include "abi/xmlpattern_fast.h"
#include "abi/schema_msg.h"
#include "abi/xmlload.h"

#include <libxml/xmlregexp.h>
#include <stdlib.h>
#include <string.h>

#define RNG_NS "http://relaxng.org/ns/structure/1.0"
#define MAX_REF_DEPTH 16

struct rule {
	xmlChar *elem, *attr, *pattern; /* pattern NULL: the attribute has none */
	xmlRegexpPtr re;
	pvabi_xml_matcher fast; /* the same language, natively, or NULL */
	xmlNode *param, *def; /* in the schema, while it is being taken apart */
};

struct pvabi_xml_patterns {
	struct rule *v;
	size_t n, cap;
	int failed;
};

static int rng(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       !strcmp((const char *)n->ns->href, RNG_NS) && !strcmp((const char *)n->name, name);
}

/* The only element child of n, or NULL. */
static xmlNode *only_child(const xmlNode *n)
{
	xmlNode *c, *one = NULL;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (one)
			return NULL;
		one = c;
	}
	return one;
}

static xmlNode *define_named(xmlNode *grammar, const xmlChar *name)
{
	xmlNode *c;

	for (c = grammar->children; c; c = c->next) {
		xmlChar *n;
		int hit;

		if (!rng(c, "define"))
			continue;
		n = xmlGetProp(c, BAD_CAST "name");
		hit = n && xmlStrEqual(n, name);
		xmlFree(n);
		if (hit)
			return c;
	}
	return NULL;
}

/* The pattern param of a <data> that is the attribute's whole value,
 * inline or through one define; *def receives that define (or NULL). */
static xmlNode *value_pattern(xmlNode *grammar, xmlNode *attr, xmlNode **def)
{
	xmlNode *v = only_child(attr), *c, *pat = NULL;

	*def = NULL;
	if (rng(v, "ref")) {
		xmlChar *name = xmlGetProp(v, BAD_CAST "name");

		*def = name ? define_named(grammar, name) : NULL;
		xmlFree(name);
		v = *def ? only_child(*def) : NULL;
	}
	if (!rng(v, "data"))
		return NULL;
	for (c = v->children; c; c = c->next) {
		xmlChar *pn;
		int is_pattern;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		pn = xmlGetProp(c, BAD_CAST "name");
		is_pattern = rng(c, "param") && pn && xmlStrEqual(pn, BAD_CAST "pattern");
		xmlFree(pn);
		if (is_pattern && pat)
			return NULL;
		if (is_pattern)
			pat = c;
	}
	return pat;
}

static void rule_add(struct pvabi_xml_patterns *p, const xmlChar *elem,
		     const xmlChar *attr, const xmlChar *pattern, xmlNode *param,
		     xmlNode *def)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (xmlStrEqual(p->v[i].elem, elem) && xmlStrEqual(p->v[i].attr, attr)) {
			/* one element name, two meanings: leave it all to the schema */
			if (!xmlStrEqual(p->v[i].pattern, pattern))
				p->failed = 1;
			return;
		}
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 32;
		struct rule *v = realloc(p->v, cap * sizeof(*v));

		if (!v) {
			p->failed = 1;
			return;
		}
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n].elem = xmlStrdup(elem);
	p->v[p->n].attr = xmlStrdup(attr);
	p->v[p->n].pattern = pattern ? xmlStrdup(pattern) : NULL;
	p->v[p->n].re = NULL;
	p->v[p->n].fast = pvabi_xml_fast_matcher((const char *)pattern);
	p->v[p->n].param = param;
	p->v[p->n].def = def;
	if (!p->v[p->n].elem || !p->v[p->n].attr || (pattern && !p->v[p->n].pattern))
		p->failed = 1;
	p->n++;
}

struct walk {
	struct pvabi_xml_patterns *p;
	xmlNode *grammar;
	const xmlChar *elem;
};

static void attribute_seen(struct walk *w, xmlNode *a)
{
	xmlChar *name = xmlGetProp(a, BAD_CAST "name"), *pat = NULL;
	xmlNode *def, *param = value_pattern(w->grammar, a, &def);

	if (!name) { /* a name class: not a form this file handles */
		w->p->failed = 1;
		return;
	}
	if (param)
		pat = xmlNodeGetContent(param);
	rule_add(w->p, w->elem, name, pat, param, def);
	xmlFree(name);
	xmlFree(pat);
}

/* The attributes of one element: its content, through refs, without
 * entering the elements it contains. */
static void element_attrs(struct walk *w, xmlNode *n, int depth)
{
	xmlNode *c;

	if (depth > MAX_REF_DEPTH) {
		w->p->failed = 1;
		return;
	}
	for (c = n->children; c; c = c->next) {
		if (rng(c, "attribute")) {
			attribute_seen(w, c);
		} else if (rng(c, "ref")) {
			xmlChar *name = xmlGetProp(c, BAD_CAST "name");
			xmlNode *d = name ? define_named(w->grammar, name) : NULL;

			xmlFree(name);
			if (d)
				element_attrs(w, d, depth + 1);
		} else if (c->type == XML_ELEMENT_NODE && !rng(c, "element")) {
			element_attrs(w, c, depth);
		}
	}
}

static void find_elements(struct walk *w, xmlNode *n)
{
	xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (rng(c, "element")) {
			xmlChar *name = xmlGetProp(c, BAD_CAST "name");

			if (!name) {
				w->p->failed = 1;
				continue;
			}
			w->elem = name;
			element_attrs(w, c, 0);
			xmlFree(name);
		}
		if (c->type == XML_ELEMENT_NODE)
			find_elements(w, c);
	}
}

/* Refs to def anywhere in the schema, and those that are the whole value
 * of an attribute (the uses this file takes over). */
static void count_refs(xmlNode *n, xmlNode *def, const xmlChar *name, int *all,
		       int *as_value)
{
	xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (rng(c, "ref")) {
			xmlChar *r = xmlGetProp(c, BAD_CAST "name");

			if (r && xmlStrEqual(r, name)) {
				(*all)++;
				*as_value += rng(c->parent, "attribute") && only_child(c->parent) == c;
			}
			xmlFree(r);
		}
		if (c->type == XML_ELEMENT_NODE)
			count_refs(c, def, name, all, as_value);
	}
}

/* A define's pattern is taken only when every use of the define is an
 * attribute value: elsewhere the schema must still check it. */
static int define_takeable(xmlNode *grammar, xmlNode *def)
{
	xmlChar *name = xmlGetProp(def, BAD_CAST "name");
	int all = 0, as_value = 0;

	if (name)
		count_refs(grammar, def, name, &all, &as_value);
	xmlFree(name);
	return name && all == as_value;
}

static int cmp_rule(const void *x, const void *y)
{
	const struct rule *a = x, *b = y;

	return xmlStrcmp(a->elem, b->elem);
}

/* Compiles what is taken, forgets what is not; then takes the params out
 * of the schema (each once: several rules share a define). */
static int settle(struct pvabi_xml_patterns *p, xmlNode *grammar)
{
	size_t i, j;

	for (i = 0; i < p->n; i++) {
		struct rule *r = &p->v[i];

		if (r->pattern && r->def && !define_takeable(grammar, r->def)) {
			xmlFree(r->pattern);
			r->pattern = NULL;
		}
		if (r->pattern && !(r->re = xmlRegexpCompile(r->pattern)))
			return -1;
	}
	for (i = 0; i < p->n; i++) {
		xmlNode *param = p->v[i].param;

		for (j = 0; j < i && param; j++)
			if (p->v[j].param == param)
				param = NULL;
		if (param && p->v[i].pattern) {
			xmlUnlinkNode(param);
			xmlFreeNode(param);
		}
	}
	for (i = 0; i < p->n; i++)
		p->v[i].param = p->v[i].def = NULL;
	qsort(p->v, p->n, sizeof(*p->v), cmp_rule);
	return 0;
}

struct pvabi_xml_patterns *pvabi_xml_patterns_take(xmlDocPtr schema)
{
	struct pvabi_xml_patterns *p = calloc(1, sizeof(*p));
	xmlNode *grammar = xmlDocGetRootElement(schema);
	struct walk w = { p, grammar, NULL };

	if (!p)
		return NULL;
	if (!rng(grammar, "grammar"))
		p->failed = 1;
	else
		find_elements(&w, grammar);
	if (p->failed || settle(p, grammar)) {
		pvabi_xml_patterns_free(p);
		return NULL;
	}
	return p;
}

void pvabi_xml_patterns_free(struct pvabi_xml_patterns *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++) {
		xmlFree(p->v[i].elem);
		xmlFree(p->v[i].attr);
		xmlFree(p->v[i].pattern);
		if (p->v[i].re)
			xmlRegFreeRegexp(p->v[i].re);
	}
	free(p->v);
	free(p);
}

/* The rules of one element name, found by the name's pointer: the
 * parser interns names, so one comparison per element is enough. */
struct lookup {
	const xmlChar *name[16];
	size_t from[16], to[16];
	unsigned int next;
};

static void rules_of(const struct pvabi_xml_patterns *p, struct lookup *lk,
		     const xmlChar *name, size_t *from, size_t *to)
{
	unsigned int k;

	for (k = 0; k < 16; k++)
		if (lk->name[k] == name) {
			*from = lk->from[k];
			*to = lk->to[k];
			return;
		}
	for (*from = 0; *from < p->n && !xmlStrEqual(p->v[*from].elem, name); (*from)++)
		;
	for (*to = *from; *to < p->n && xmlStrEqual(p->v[*to].elem, name); (*to)++)
		;
	k = lk->next++ % 16;
	lk->name[k] = name;
	lk->from[k] = *from;
	lk->to[k] = *to;
}

static int check_value(const struct rule *r, xmlNode *e, xmlAttr *a,
		       const char *name, struct pvabi_diags *d)
{
	xmlChar *v = NULL;
	const xmlChar *text;
	char msg[512];
	int ok;

	if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
		text = a->children->content;
	else
		text = v = xmlNodeGetContent((xmlNode *)a);
	ok = text && (r->fast ? r->fast(text) : xmlRegexpExec(r->re, text) == 1);
	if (!ok && pvabi_schema_attr_wrong(e, (const char *)a->name, msg, sizeof(msg)))
		pvabi_diag_add(d, "SCHEMA_INVALID", name, pvabi_xml_line(e), "%s", msg);
	else if (!ok)
		pvabi_diag_add(d, "SCHEMA_INVALID", name, pvabi_xml_line(e),
			       "<%s %s=\"%s\">: the value does not match %s",
			       (const char *)e->name, (const char *)a->name,
			       text ? (const char *)text : "", (const char *)r->pattern);
	xmlFree(v);
	return !ok;
}

static int check_tree(const struct pvabi_xml_patterns *p, struct lookup *lk,
		      xmlNode *n, const char *name, struct pvabi_diags *d)
{
	size_t from, to, i;
	xmlNode *c;
	xmlAttr *a;
	int bad = 0;

	for (c = n; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		rules_of(p, lk, c->name, &from, &to);
		for (a = c->properties; a && from < to; a = a->next) {
			for (i = from; i < to && !xmlStrEqual(p->v[i].attr, a->name); i++)
				;
			if (i < to && p->v[i].re && !a->ns)
				bad += check_value(&p->v[i], c, a, name, d);
		}
		bad += check_tree(p, lk, c->children, name, d);
	}
	return bad;
}

int pvabi_xml_patterns_check(const struct pvabi_xml_patterns *p, xmlDocPtr doc,
			     const char *name, struct pvabi_diags *d)
{
	struct lookup lk;

	memset(&lk, 0, sizeof(lk));
	return p ? check_tree(p, &lk, xmlDocGetRootElement(doc), name, d) : 0;
}
