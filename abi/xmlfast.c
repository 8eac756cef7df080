/* The one-pass check of xmlfast.h. Each test below is a sufficient
 * condition for the schema's verdict, never the verdict itself: where the
 * schema would look closer (spaces around a value, a sign, leading
 * zeros, a namespace, text between elements), the answer is "not
 * vouched for" and the validator decides. */
#include "abi/xmlfast_internal.h"

#include <string.h>

static int digits(const char *v, unsigned long *n)
{
	size_t i;

	*n = 0;
	if (v[0] < '1' || v[0] > '9')
		return v[0] == '0' && !v[1];
	for (i = 0; v[i]; i++) {
		if (v[i] < '0' || v[i] > '9' || i >= 18)
			return 0;
		*n = *n * 10 + (unsigned long)(v[i] - '0');
	}
	return 1;
}

static int one_of(const struct fx_type *t, const char *v, size_t len)
{
	size_t i;

	for (i = 0; i < t->nvalues; i++)
		if (!strncmp(t->values[i], v, len) && !t->values[i][len])
			return 1;
	return 0;
}

/* Items separated by one space, none empty: what any reading of the list
 * splits the same way. */
static int list_ok(const struct fx_type *t, const char *v)
{
	size_t len;

	do {
		len = strcspn(v, " ");
		if (!len || strpbrk(v, "\t\n\r") ||
		    (t->kind == FX_LIST_VALUES && !one_of(t, v, len)))
			return 0;
		v += len;
	} while (*v++ == ' ');
	return 1;
}

/* Characters, not bytes, as the length facet counts; spaces are not
 * counted, so a reading that collapses them agrees. */
static int long_enough(const char *v, unsigned long min)
{
	unsigned long n = 0;

	for (; *v; v++)
		n += ((unsigned char)*v & 0xc0) != 0x80 && !strchr(" \t\n\r", *v);
	return n >= min;
}

static int value_ok(const struct fx_type *t, const char *v)
{
	unsigned long n;

	switch (t->kind) {
	case FX_ANY:
		return 1;
	case FX_POSINT:
		return digits(v, &n) && v[0] != '0';
	case FX_UINT_MAX:
		return digits(v, &n) && n <= t->bound;
	case FX_BOOL:
		return !strcmp(v, "true") || !strcmp(v, "false") || !strcmp(v, "1") ||
		       !strcmp(v, "0");
	case FX_MINLEN:
		return long_enough(v, t->bound);
	case FX_VALUES:
		return one_of(t, v, strlen(v));
	case FX_LIST_VALUES:
	case FX_LIST_TOKENS:
		return list_ok(t, v);
	}
	return 0;
}

/* The value of an attribute as the parser left it: one text node, or
 * none for "". Anything else (entity references) is not vouched for. */
static const char *attr_text(const xmlAttr *a)
{
	if (!a->children)
		return "";
	if (a->children->type != XML_TEXT_NODE || a->children->next || !a->children->content)
		return NULL;
	return (const char *)a->children->content;
}

static int attrs_ok(const struct fx_elem *e, const xmlNode *n)
{
	unsigned char seen[FX_MAX_ATTRS] = { 0 };
	const xmlAttr *a;
	const char *v;
	size_t i;

	for (a = n->properties; a; a = a->next) {
		for (i = 0; i < e->nattrs && strcmp(e->attrs[i].name, (const char *)a->name); i++)
			;
		if (i == e->nattrs || a->ns || !(v = attr_text(a)) ||
		    !value_ok(&e->attrs[i].type, v))
			return 0;
		seen[i] = 1;
	}
	for (i = 0; i < e->nattrs; i++)
		if (e->attrs[i].required && !seen[i])
			return 0;
	return 1;
}

static int blank(const xmlChar *s)
{
	return !s || !s[strspn((const char *)s, " \t\n\r")];
}

static int elem_ok(const struct fx_elem *e, const xmlNode *n);

/* The part a child named name belongs to, from k on; nparts if none. */
static size_t part_of(const struct fx_elem *e, size_t k, const char *name,
		      const struct fx_elem **def)
{
	size_t j;

	for (; k < e->nparts; k++)
		for (j = 0; j < e->parts[k].n; j++)
			if (!strcmp(e->parts[k].names[j], name)) {
				*def = e->parts[k].def[j];
				return k;
			}
	return e->nparts;
}

/* Children in their parts' order, each part filled min to max times. */
static int elems_ok(const struct fx_elem *e, const xmlNode *c)
{
	const struct fx_elem *def = NULL;
	size_t k = 0, j, count = 0;

	for (; c; c = c->next) {
		if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE ||
		    (c->type == XML_TEXT_NODE && blank(c->content)))
			continue;
		if (c->type != XML_ELEMENT_NODE || c->ns)
			return 0;
		j = part_of(e, k, (const char *)c->name, &def);
		if (j == e->nparts || (j == k && count && !e->parts[k].many))
			return 0;
		for (; k < j; k++, count = 0)
			if (count < (size_t)e->parts[k].min)
				return 0;
		count++;
		if (!elem_ok(def, c))
			return 0;
	}
	for (; k < e->nparts; k++, count = 0)
		if (count < (size_t)e->parts[k].min)
			return 0;
	return 1;
}

static int content_ok(const struct fx_elem *e, const xmlNode *n)
{
	const xmlNode *c = n->children;

	switch (e->content) {
	case FX_EMPTY:
	case FX_ELEMS:
		return elems_ok(e, c);
	case FX_TEXT:
		for (; c; c = c->next)
			if (c->type != XML_TEXT_NODE && c->type != XML_COMMENT_NODE &&
			    c->type != XML_PI_NODE)
				return 0;
		return 1;
	case FX_DATA:
		return c && c->type == XML_TEXT_NODE && !c->next && c->content &&
		       value_ok(&e->data, (const char *)c->content);
	}
	return 0;
}

static int elem_ok(const struct fx_elem *e, const xmlNode *n)
{
	return e && attrs_ok(e, n) && content_ok(e, n);
}

int pvabi_xml_fast_valid(const struct pvabi_xml_fast *f, xmlDocPtr doc)
{
	const xmlNode *root = xmlDocGetRootElement(doc);

	return f && root && !root->ns && !strcmp((const char *)root->name, f->root->name) &&
	       elem_ok(f->root, root);
}
